import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** One synthesized stack. */
export interface StackOutput {
  readonly name: string;
  /** Size of its cdk.tf.json in bytes. */
  readonly bytes: number;
  /** sha256 of its cdk.tf.json. */
  readonly sha256: string;
}

/** What one synth wrote to its output directory. */
export interface SynthOutput {
  /** The stacks of manifest.json, sorted by name. */
  readonly stacks: StackOutput[];
  /** Sum of the cdk.tf.json sizes. */
  readonly totalBytes: number;
  /** One digest over all stacks: equal digests mean byte-identical output. */
  readonly digest: string;
}

interface Manifest {
  readonly stacks: Record<string, { readonly name: string; readonly synthesizedStackPath: string }>;
}

/** Reads manifest.json and every stack's cdk.tf.json in `outdir`. */
export function readSynthOutput(outdir: string): SynthOutput {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`the app wrote no ${manifestFile}: did it call app.synth()?`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const stacks = Object.values(manifest.stacks)
    .map((stack) => {
      const content = fs.readFileSync(path.join(outdir, stack.synthesizedStackPath));
      return { name: stack.name, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  if (stacks.length === 0) throw new Error(`the app synthesized no stacks into ${outdir}`);
  const digest = createHash('sha256');
  for (const stack of stacks) digest.update(`${stack.name}:${stack.sha256}\n`);
  return { stacks, totalBytes: stacks.reduce((sum, stack) => sum + stack.bytes, 0), digest: digest.digest('hex') };
}
