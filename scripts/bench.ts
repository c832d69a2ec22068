/**
 * `npm run bench [-- --reps 5] [--test-runs 1] [--app "<command>"] [--check]`:
 * times synth of all stacks of main.ts (run exactly as `cdktf synth` runs
 * the `app` of cdktf.json) against a bare `require('cdktf')` process, with
 * 2 vs 2000 workers and 1 vs 20 worker pools, plus `npm test`, and reports
 * whether each target of issue 7 holds. The bench is a report: it exits 0
 * whatever the figures, unless `--check` is given and a target is missed
 * (exit 1). Exit 2: the bench itself could not run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { parseArgs } from 'util';
import { readCdktfApp } from './bench/cdktf-app';
import { timeNpmTest } from './bench/npm-test';
import { installProbe } from './bench/probe';
import { formatReport } from './bench/report';
import { measureInterleaved } from './bench/run';
import { summarize, VariantSummary } from './bench/summary';
import { evaluateTargets } from './bench/targets';
import { benchVariants, VariantId } from './bench/variants';

const USAGE = `usage: npm run bench -- [--reps N] [--test-runs N] [--app "<command>"] [--check]
  --reps N        repetitions of each variant after a warm-up (default 5, at least 3: the noise estimate needs them)
  --test-runs N   runs of npm test (default 1; 0 skips it)
  --app CMD       time this app command instead of the "app" of cdktf.json (to compare runners)
  --check         exit 1 when a target is missed`;

function positiveInteger(name: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new Error(`--${name} expects an integer >= ${min}, got "${value}"`);
  return Number(value);
}

let lastPhase = '';

/** Progress on stderr: every step on a terminal, each phase ("round 2/5") on its own line otherwise. */
function progress(message: string): void {
  if (process.stderr.isTTY) {
    process.stderr.write(`\r\x1b[K${message}`);
    return;
  }
  const phase = message.split(':')[0];
  if (phase !== '' && phase !== lastPhase) process.stderr.write(`${phase}\n`);
  lastPhase = phase;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '5' },
      'test-runs': { type: 'string', default: '1' },
      app: { type: 'string' },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const repetitions = positiveInteger('reps', values.reps!, 3);
  const testRuns = positiveInteger('test-runs', values['test-runs']!, 0);

  const root = path.resolve(__dirname, '..');
  const configured = readCdktfApp(root);
  const app = values.app ? { ...configured, command: values.app } : configured;
  // The runs get the defaults of every setting: a DASK_CDKTF_* variable of the caller would skew the comparison.
  const droppedVariables = Object.keys(process.env).filter((key) => key.startsWith('DASK_CDKTF_'));
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('DASK_CDKTF_')));

  const started = performance.now();
  const loadAtStart = os.loadavg()[0];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dask-cdktf-bench-'));
  try {
    const context = { root, app, baseEnv, workDir, probe: installProbe(workDir) };
    const variants = benchVariants(app.command);
    const samples = measureInterleaved(variants, context, repetitions, progress);
    const tests = testRuns > 0 ? timeNpmTest(root, testRuns, baseEnv, progress) : undefined;
    progress('');

    const summaries = new Map<VariantId, VariantSummary>([...samples].map(([id, runs]) => [id, summarize(runs)]));
    const targets = evaluateTargets(summaries, tests);
    console.log(
      formatReport({
        node: process.version,
        cpus: os.cpus().length,
        loadAtStart,
        loadAtEnd: os.loadavg()[0],
        repetitions,
        appCommand: app.command,
        appSource: values.app ? '--app' : 'cdktf.json',
        variants,
        summaries,
        tests,
        targets,
        elapsedMs: performance.now() - started,
        droppedVariables,
      }),
    );
    return values.check && targets.some((target) => target.status === 'MISSED') ? 1 : 0;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (error) {
  progress('');
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
