import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** Every TypeScript source of the project (tracked or not yet), outside node_modules. */
function sources(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\n').filter(Boolean);
}

describe('provider bindings', () => {
  const files = sources();

  it('finds the sources', () => {
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'constructs/index.ts', 'constructs/providers/docker.ts']));
  });

  it('are imported by resource module, never from the package root', () => {
    const offenders = files.filter((file) =>
      /(?:from\s+|require\(|import\()\s*['"]@cdktf\/provider-[a-z-]+['"]/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('are imported by the library only through constructs/providers/', () => {
    const offenders = files
      .filter((file) => file.startsWith('constructs/') && !file.startsWith('constructs/providers/'))
      .filter((file) => /['"]@cdktf\/provider-/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
