import { appendFileSync, chmodSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildContextHash } from '../../constructs/core/build-context';

/** A build context whose .dockerignore admits only app.py and lib/ (without __pycache__). */
function context(withDockerignore = true): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'build-context-'));
  mkdirSync(path.join(dir, 'lib', '__pycache__'), { recursive: true });
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM base\nCOPY . /app\n');
  if (withDockerignore) writeFileSync(path.join(dir, '.dockerignore'), '*\n!app.py\n!lib\n!lib/**\n**/__pycache__\n');
  writeFileSync(path.join(dir, 'README.md'), '# the image\n');
  writeFileSync(path.join(dir, 'app.py'), 'print("app")\n');
  writeFileSync(path.join(dir, 'lib', 'util.py'), 'X = 1\n');
  writeFileSync(path.join(dir, 'lib', '__pycache__', 'util.cpython-313.pyc'), 'bytecode');
  return dir;
}

describe('buildContextHash', () => {
  it('is a sha256 that two identical contexts share', () => {
    expect(buildContextHash(context())).toMatch(/^[0-9a-f]{64}$/);
    expect(buildContextHash(context())).toBe(buildContextHash(context()));
  });

  it.each([
    ['README.md', 'a file the .dockerignore excludes'],
    ['lib/__pycache__/util.cpython-313.pyc', 'a file excluded inside an admitted directory'],
  ])('ignores a change to %s (%s)', (file) => {
    const dir = context();
    const before = buildContextHash(dir);
    appendFileSync(path.join(dir, file), 'changed\n');
    writeFileSync(path.join(dir, 'NOTES.txt'), 'a new excluded file\n');
    expect(buildContextHash(dir)).toBe(before);
  });

  it.each(['Dockerfile', 'app.py', 'lib/util.py'])('changes with the content of %s', (file) => {
    const dir = context();
    const before = buildContextHash(dir);
    appendFileSync(path.join(dir, file), '# changed\n');
    expect(buildContextHash(dir)).not.toBe(before);
  });

  it('changes with a new admitted file and with an executable bit', () => {
    const dir = context();
    const before = buildContextHash(dir);
    writeFileSync(path.join(dir, 'lib', 'more.py'), 'Y = 2\n');
    const withMore = buildContextHash(dir);
    expect(withMore).not.toBe(before);
    chmodSync(path.join(dir, 'app.py'), 0o755);
    expect(buildContextHash(dir)).not.toBe(withMore);
  });

  it('counts every file when there is no .dockerignore', () => {
    const dir = context(false);
    const before = buildContextHash(dir);
    appendFileSync(path.join(dir, 'README.md'), 'changed\n');
    expect(buildContextHash(dir)).not.toBe(before);
  });

  it("leaves out the image's README and requirements.in but not what the Dockerfile copies", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'images-dask-'));
    cpSync(path.resolve(__dirname, '..', '..', 'images', 'dask'), dir, { recursive: true });
    const before = buildContextHash(dir);
    appendFileSync(path.join(dir, 'README.md'), '\nA documentation change.\n');
    appendFileSync(path.join(dir, 'requirements.in'), '\n# a comment\n');
    expect(buildContextHash(dir)).toBe(before);
    appendFileSync(path.join(dir, 'python', 'dask_cdktf_ssl_error_queue.py'), '\n# changed\n');
    expect(buildContextHash(dir)).not.toBe(before);
  });
});
