import { bytes, mebibytes, ratio, seconds, table } from './format';
import { TestRuns } from './npm-test';
import { median } from './stats';
import { VariantSummary } from './summary';
import { TargetResult } from './targets';
import { Variant, VariantId } from './variants';

/** Everything the report shows. */
export interface BenchReport {
  readonly node: string;
  readonly cpus: number;
  readonly loadAtStart: number;
  readonly loadAtEnd: number;
  readonly repetitions: number;
  readonly appCommand: string;
  /** Where the app command came from. */
  readonly appSource: 'cdktf.json' | '--app';
  readonly variants: readonly Variant[];
  readonly summaries: ReadonlyMap<VariantId, VariantSummary>;
  readonly tests?: TestRuns;
  readonly targets: readonly TargetResult[];
  readonly elapsedMs: number;
  /** `DASK_CDKTF_*` variables of the caller's environment the runs did not get. */
  readonly droppedVariables: readonly string[];
}

/** The report `npm run bench` prints. */
export function formatReport(report: BenchReport): string {
  const get = (id: VariantId) => report.summaries.get(id)!;
  const stacks = get('synth').output!.stacks.map((stack) => stack.name);
  const lines: string[] = [
    'dask-cdktf synth bench',
    `node ${report.node} · ${report.cpus} CPUs · load average ${report.loadAtStart.toFixed(1)} at start, ${report.loadAtEnd.toFixed(1)} at end · ` +
      `${report.repetitions} repetitions after a warm-up, interleaved · medians · ${seconds(report.elapsedMs)} in all`,
    `app (${report.appSource}): ${report.appCommand}  →  stacks: ${stacks.join(', ')}`,
    `bench app: ${report.variants.find((variant) => variant.id === 'pools1')!.command}`,
    'peak RSS: process.resourceUsage().maxRSS of each Node.js process at exit (a NODE_OPTIONS=--require probe), largest process; CPU: user + system of all',
  ];
  if (report.droppedVariables.length > 0) lines.push(`ignored from your environment: ${report.droppedVariables.join(', ')}`);
  lines.push('');

  const rows: string[][] = [['', 'wall', 'min–max', 'CPU', 'peak RSS', 'output (cdk.tf.json)']];
  for (const variant of report.variants) {
    const summary = get(variant.id);
    const output = summary.output;
    rows.push([
      variant.label,
      seconds(summary.wallMs),
      `${(summary.minWallMs / 1000).toFixed(2)}–${seconds(summary.maxWallMs)}`,
      seconds(summary.cpuMs),
      mebibytes(summary.maxRssKb),
      output ? `${bytes(output.totalBytes)} in ${output.stacks.length} stack${output.stacks.length === 1 ? '' : 's'}` : '',
    ]);
  }
  if (report.tests) {
    const walls = report.tests.wallMs;
    rows.push([
      `npm test (${walls.length} run${walls.length === 1 ? '' : 's'})`,
      seconds(median(walls)),
      `${(Math.min(...walls) / 1000).toFixed(2)}–${seconds(Math.max(...walls))}`,
      '',
      '',
      report.tests.summary,
    ]);
  }
  lines.push(table(rows), '');

  const synth = get('synth');
  const bare = get('bare');
  lines.push(
    `all stacks / bare require('cdktf'): wall ${ratio(synth.wallMs / bare.wallMs)} · CPU ${ratio(synth.cpuMs / bare.cpuMs)} · peak RSS ${ratio(synth.maxRssKb / bare.maxRssKb)}`,
  );
  const local = synth.output!.stacks.find((stack) => stack.name === 'local');
  const local2000 = get('workers2000').output!.stacks.find((stack) => stack.name === 'local');
  if (local && local2000) lines.push(`local stack cdk.tf.json: ${bytes(local.bytes)} (defaults), ${bytes(local2000.bytes)} (WORKERS=2000)`);
  for (const variant of report.variants) {
    const unstable = get(variant.id).unstableStacks;
    if (unstable.length > 0) {
      lines.push(
        `WARNING: "${variant.label}" wrote different ${unstable.join(', ')} output in different runs (not deterministic, or the sources changed meanwhile)`,
      );
    }
  }
  if (report.loadAtStart > report.cpus || report.loadAtEnd > report.cpus) {
    lines.push(
      `NOTE: the machine is busy (load average above ${report.cpus}): wall times include waiting for a CPU and their ratios drift; the CPU ratios do not depend on the load.`,
    );
  }
  lines.push('');

  for (const target of report.targets) {
    lines.push(`target: ${target.what}: ${target.measured} ... ${target.status}`);
    if (target.note) lines.push(`        ${target.note}`);
  }
  return lines.join('\n');
}
