import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { CdktfApp, synthEnvironment } from './cdktf-app';
import { nodeOptionsWithProbe, readProbe } from './probe';
import { readSynthOutput, SynthOutput } from './synth-output';
import { Variant, VariantId } from './variants';

/** One timed run. */
export interface Sample {
  /** Wall time from spawn to exit, in ms. */
  readonly wallMs: number;
  /** User + system CPU time of its Node.js processes, in ms. */
  readonly cpuMs: number;
  /** Peak RSS of its largest Node.js process, in KiB. */
  readonly maxRssKb: number;
  /** What it synthesized (variants that synthesize). */
  readonly output?: SynthOutput;
}

/** Where and how the runs happen. */
export interface RunContext {
  /** Project directory (cwd of every run). */
  readonly root: string;
  readonly app: CdktfApp;
  /** Environment the runs start from. */
  readonly baseEnv: Record<string, string | undefined>;
  /** Scratch directory of this bench (output directories, probe readings). */
  readonly workDir: string;
  /** The installed probe (see probe.ts). */
  readonly probe: string;
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs `variant` once, in a fresh output directory that is removed afterwards. */
export function runOnce(variant: Variant, context: RunContext): Sample {
  const outdir = fs.mkdtempSync(path.join(context.workDir, `${variant.id}-`));
  const probeFile = path.join(context.workDir, 'probe.jsonl');
  try {
    const env = synthEnvironment(context.baseEnv, context.app, outdir);
    env.NODE_OPTIONS = nodeOptionsWithProbe(env.NODE_OPTIONS!, context.probe);
    env.BENCH_PROBE_FILE = probeFile;
    Object.assign(env, variant.env);

    const start = performance.now();
    const result = spawnSync(variant.command, { shell: true, cwd: context.root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = performance.now() - start;

    const reading = readProbe(probeFile);
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(`${variant.label}: \`${variant.command}\` exited with ${result.status ?? result.signal}\n${tail(result.stderr)}`);
    }
    if (!reading) throw new Error(`${variant.label}: no Node.js process of \`${variant.command}\` reported its resource usage`);
    return {
      wallMs,
      cpuMs: reading.cpuMs,
      maxRssKb: reading.maxRssKb,
      output: variant.synthesizes ? readSynthOutput(outdir) : undefined,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(probeFile, { force: true });
  }
}

/**
 * Runs each distinct command once to warm caches (file system, tsx's
 * transform cache), then every variant `repetitions` times, round after
 * round. Each round starts one variant later than the previous one, so every
 * variant takes every position and slow phases of the machine hit all of
 * them alike.
 */
export function measureInterleaved(
  variants: readonly Variant[],
  context: RunContext,
  repetitions: number,
  progress: (message: string) => void,
): Map<VariantId, Sample[]> {
  const warmUp = [...new Map(variants.map((variant) => [variant.command, variant])).values()];
  for (const variant of warmUp) {
    progress(`warm-up: ${variant.label}`);
    runOnce(variant, context);
  }
  const samples = new Map<VariantId, Sample[]>(variants.map((variant) => [variant.id, []]));
  for (let round = 0; round < repetitions; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      progress(`round ${round + 1}/${repetitions}: ${variant.label}`);
      samples.get(variant.id)!.push(runOnce(variant, context));
    }
  }
  return samples;
}
