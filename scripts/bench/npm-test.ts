import { spawnSync } from 'child_process';
import { performance } from 'perf_hooks';

/** Timed runs of the unit test suite. */
export interface TestRuns {
  /** Wall time of each `npm test`, in ms. */
  readonly wallMs: number[];
  /** Whether every run passed. */
  readonly passed: boolean;
  /** Jest's `Tests:` line of the last run, e.g. `302 passed, 302 total`. */
  readonly summary: string;
}

/** Runs `npm test` `runs` times in `root`, one after the other. */
export function timeNpmTest(
  root: string,
  runs: number,
  env: Record<string, string | undefined>,
  progress: (message: string) => void,
): TestRuns {
  const wallMs: number[] = [];
  let passed = true;
  let summary = '';
  for (let run = 1; run <= runs; run++) {
    progress(`npm test ${run}/${runs}`);
    const start = performance.now();
    const result = spawnSync('npm test', { shell: true, cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    wallMs.push(performance.now() - start);
    if (result.error) throw result.error;
    passed &&= result.status === 0;
    const output = `${result.stdout}\n${result.stderr}`;
    summary = /^Tests:\s+(.*)$/m.exec(output)?.[1]?.trim() ?? `exit code ${result.status}`;
  }
  return { wallMs, passed, summary };
}
