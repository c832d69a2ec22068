import { bytes, mebibytes, percent, ratio, seconds, signedPercent } from './format';
import { TestRuns } from './npm-test';
import { Sample } from './run';
import { interquartileRange, median, relativeDifference } from './stats';
import { VariantSummary } from './summary';
import { VariantId } from './variants';

/** The targets of issue 7 on a 2-core machine. */
export const LIMITS = {
  /** All stacks synthesize in at most this many times the time of the bare `require('cdktf')` process. */
  synthTimeRatio: 5,
  /** ... and at most this many times its peak RSS. */
  synthMemoryRatio: 4,
  /** Output size of every stack independent of the worker count, within this fraction. */
  workerSizeTolerance: 0.01,
  /** Smallest tolerance of the synth-time comparison (below it, medians count as equal). */
  workerTimeFloor: 0.01,
  /** 20 worker pools in at most this many times the time of 1. */
  poolsTimeRatio: 1.5,
  /** `npm test` under this many ms. */
  testMs: 60_000,
} as const;

/** A target and whether it holds. */
export interface TargetResult {
  readonly what: string;
  /** The numbers behind the verdict. */
  readonly measured: string;
  readonly status: 'holds' | 'MISSED' | 'skipped';
  /** How the verdict was reached, when it needs saying. */
  readonly note?: string;
}

const verdict = (holds: boolean): TargetResult['status'] => (holds ? 'holds' : 'MISSED');

/**
 * The noise between two identical runs, as a fraction of their median: the
 * larger of the difference of their medians and twice the interquartile
 * range of their pooled samples. For 2 × 5 samples twice the IQR is about
 * 3.4 standard deviations of the difference of two 5-sample medians: noise
 * alone seldom exceeds it, a cost that grows with the worker count (2000
 * containers instead of 2) exceeds it by far.
 */
export function identicalRunNoise(a: readonly number[], b: readonly number[]): number {
  const pooled = [...a, ...b];
  const medianDiff = relativeDifference(median(a), median(b), median(pooled));
  return Math.max(medianDiff, (2 * interquartileRange(pooled)) / median(pooled));
}

/** WORKERS=2000 against WORKERS=2 on one metric, with the noise of the identical runs `synth` and `w2` as tolerance. */
function timeComparison(
  synth: VariantSummary,
  w2: VariantSummary,
  w2000: VariantSummary,
  metric: (sample: Sample) => number,
): { change: number; tolerance: number; holds: boolean } {
  const base = median(w2.samples.map(metric));
  const change = (median(w2000.samples.map(metric)) - base) / base;
  const tolerance = Math.max(LIMITS.workerTimeFloor, identicalRunNoise(synth.samples.map(metric), w2.samples.map(metric)));
  return { change, tolerance, holds: Math.abs(change) <= tolerance };
}

/** Evaluates every target on the summaries (and the test runs, unless skipped). */
export function evaluateTargets(summaries: ReadonlyMap<VariantId, VariantSummary>, tests: TestRuns | undefined): TargetResult[] {
  const get = (id: VariantId) => summaries.get(id)!;
  const bare = get('bare');
  const synth = get('synth');
  const w2 = get('workers2');
  const w2000 = get('workers2000');
  const pools1 = get('pools1');
  const pools20 = get('pools20');
  const results: TargetResult[] = [];

  const timeRatio = synth.wallMs / bare.wallMs;
  results.push({
    what: `all stacks synthesize in ≤ ${LIMITS.synthTimeRatio}× the time of bare require('cdktf')`,
    measured: `${ratio(timeRatio)} (${seconds(synth.wallMs)} / ${seconds(bare.wallMs)}; CPU ${ratio(synth.cpuMs / bare.cpuMs)})`,
    status: verdict(timeRatio <= LIMITS.synthTimeRatio),
  });

  const memoryRatio = synth.maxRssKb / bare.maxRssKb;
  results.push({
    what: `all stacks synthesize in ≤ ${LIMITS.synthMemoryRatio}× the peak RSS of bare require('cdktf')`,
    measured: `${ratio(memoryRatio)} (${mebibytes(synth.maxRssKb)} / ${mebibytes(bare.maxRssKb)})`,
    status: verdict(memoryRatio <= LIMITS.synthMemoryRatio),
  });

  const stacks2 = w2.output!.stacks;
  const stacks2000 = new Map(w2000.output!.stacks.map((stack) => [stack.name, stack]));
  const changes = stacks2.map((stack) => {
    const other = stacks2000.get(stack.name);
    return { name: stack.name, from: stack.bytes, to: other?.bytes, change: other ? (other.bytes - stack.bytes) / stack.bytes : Infinity };
  });
  const sameStacks = stacks2.length === stacks2000.size && changes.every((change) => change.to !== undefined);
  const worst = changes.reduce((a, b) => (Math.abs(b.change) > Math.abs(a.change) ? b : a));
  const local = changes.find((change) => change.name === 'local');
  results.push({
    what: `output size independent of the worker count (WORKERS=2 vs 2000, ±${percent(LIMITS.workerSizeTolerance)} per stack)`,
    measured: [
      local ? `local ${bytes(local.from)} → ${bytes(local.to ?? 0)} (${signedPercent(local.change)})` : 'no local stack',
      sameStacks ? `largest change ${signedPercent(worst.change)} (${worst.name})` : 'the stacks differ',
    ].join('; '),
    status: verdict(sameStacks && Math.abs(worst.change) <= LIMITS.workerSizeTolerance),
  });

  const twins = synth.output?.digest === w2.output?.digest;
  const wall = timeComparison(synth, w2, w2000, (sample) => sample.wallMs);
  const cpu = timeComparison(synth, w2, w2000, (sample) => sample.cpuMs);
  results.push({
    what: 'synth time independent of the worker count (WORKERS=2 vs 2000, medians within the noise of identical runs)',
    measured:
      `wall ${seconds(w2.wallMs)} → ${seconds(w2000.wallMs)} (${signedPercent(wall.change)}, noise ±${percent(wall.tolerance)}), ` +
      `CPU ${seconds(w2.cpuMs)} → ${seconds(w2000.cpuMs)} (${signedPercent(cpu.change)}, noise ±${percent(cpu.tolerance)})`,
    status: verdict(wall.holds && cpu.holds),
    note:
      `holds when both changes are within the noise = max(${percent(LIMITS.workerTimeFloor)}, difference of the medians of two identical runs, ` +
      `2 × IQR of their pooled samples), for wall and for CPU time; the identical runs are "defaults" and "WORKERS=2"` +
      (twins ? ' (byte-identical output)' : ' — WARNING: their outputs differ, so the default is not 2 workers'),
  });

  const poolsRatio = pools20.wallMs / pools1.wallMs;
  results.push({
    what: `20 worker pools synthesize in ≤ ${LIMITS.poolsTimeRatio}× the time of 1`,
    measured: `${ratio(poolsRatio)} (${seconds(pools20.wallMs)} / ${seconds(pools1.wallMs)}; CPU ${ratio(pools20.cpuMs / pools1.cpuMs)})`,
    status: verdict(poolsRatio <= LIMITS.poolsTimeRatio),
  });

  if (tests) {
    const testMs = median(tests.wallMs);
    results.push({
      what: `npm test under ${LIMITS.testMs / 1000} s`,
      measured: `${seconds(testMs)} (median of ${tests.wallMs.length}; ${tests.passed ? tests.summary : `FAILED: ${tests.summary}`})`,
      status: verdict(testMs < LIMITS.testMs && tests.passed),
    });
  } else {
    results.push({ what: `npm test under ${LIMITS.testMs / 1000} s`, measured: 'not run (--test-runs 0)', status: 'skipped' });
  }
  return results;
}
