import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCES = ['main.ts', 'cdktf.json', 'package.json', 'tsconfig.json', 'constructs', 'stacks', 'images'];

/** Copies the sources into a fresh directory (a second checkout) and synthesizes every stack there. */
function synthInCopy(): Record<string, string> {
  const checkout = mkdtempSync(path.join(tmpdir(), 'dask-cdktf-checkout-'));
  for (const entry of SOURCES) cpSync(path.join(ROOT, entry), path.join(checkout, entry), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'));
  const outdir = path.join(checkout, 'cdktf.out');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], {
    cwd: checkout,
    env: { ...process.env, CDKTF_OUTDIR: outdir, HOME: checkout },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`synth failed in ${checkout}: ${result.stderr}`);
  const stacks = path.join(outdir, 'stacks');
  return Object.fromEntries(readdirSync(stacks).map((stack) => [stack, readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8')]));
}

describe('synthesis is deterministic', () => {
  const first = synthInCopy();
  const second = synthInCopy();

  it('synthesizes every stack', () => {
    expect(Object.keys(first).sort()).toEqual(expect.arrayContaining(['local']));
  });

  it.each(Object.keys(first))('gives byte-identical %s output from two checkouts', (stack) => {
    expect(second[stack]).toBe(first[stack]);
  });

  it.each(Object.keys(first))('writes no absolute path, home directory or timestamp into %s', (stack) => {
    // Container paths such as /home/dask are fine; paths of the machine that synthesized are not.
    for (const hostPath of [ROOT, `${tmpdir()}/`, `${process.env.HOME ?? '/root'}/`]) expect(first[stack]).not.toContain(hostPath);
    expect(first[stack]).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});
