import { Sample } from './run';
import { median } from './stats';
import { SynthOutput } from './synth-output';

/** Medians of one variant's samples. */
export interface VariantSummary {
  readonly samples: readonly Sample[];
  readonly wallMs: number;
  readonly minWallMs: number;
  readonly maxWallMs: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
  /** Output of the first sample (synthesizing variants). */
  readonly output?: SynthOutput;
  /** Stacks whose cdk.tf.json was not byte-identical in every sample. */
  readonly unstableStacks: string[];
}

/** Summarizes the samples of one variant. */
export function summarize(samples: readonly Sample[]): VariantSummary {
  if (samples.length === 0) throw new Error('no samples');
  const walls = samples.map((sample) => sample.wallMs);
  const output = samples[0].output;
  return {
    samples,
    wallMs: median(walls),
    minWallMs: Math.min(...walls),
    maxWallMs: Math.max(...walls),
    cpuMs: median(samples.map((sample) => sample.cpuMs)),
    maxRssKb: median(samples.map((sample) => sample.maxRssKb)),
    output,
    unstableStacks: unstableStacks(samples),
  };
}

function unstableStacks(samples: readonly Sample[]): string[] {
  const digests = new Map<string, Set<string>>();
  for (const stack of samples.flatMap((sample) => sample.output?.stacks ?? [])) {
    digests.set(stack.name, (digests.get(stack.name) ?? new Set()).add(stack.sha256));
  }
  return [...digests].filter(([, set]) => set.size > 1).map(([name]) => name);
}
