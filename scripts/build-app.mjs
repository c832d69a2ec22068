/**
 * Transpile-only build of the cdktf app that `cdktf synth` runs (the `app` of
 * cdktf.json): main.ts, constructs/ and stacks/ to dist/ with @swc/core, the
 * transpiler jest runs the tests with. No type-check (`npm run typecheck`
 * does that) and no source maps: with Node's source-map support on, as tsx
 * turns it on, the megabytes of inline source maps of every provider binding
 * are decoded, which costs more than the synth itself (see `npm run bench`).
 */
import { transformFileSync } from '@swc/core';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['main.ts'];
for (const dir of ['constructs', 'stacks']) {
  for (const file of readdirSync(join(root, dir), { recursive: true })) {
    if (file.endsWith('.ts')) sources.push(join(dir, file));
  }
}
for (const source of sources) {
  const { code } = transformFileSync(join(root, source), {
    swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const target = join(root, 'dist', source.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, code);
}
