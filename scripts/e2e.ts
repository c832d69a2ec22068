/**
 * `npm run test:e2e`: deploys the `local` stack with the real CLI against the
 * Docker engine and checks, in order: deploy and health, a computation from
 * JupyterLab, access from the host, worker and scheduler crashes, scaling,
 * persistence across an image change and with a user's volume, and destroy.
 * The cluster has its own name (`dask-e2e`), ports and state, so a user's own
 * `local` cluster is never touched. Prints `ok - <step>` / `not ok - <step>: ...`
 * per step and `e2e: N passed, M failed` last (or `e2e: skipped (...)` when a
 * provider cannot be installed); exits non-zero on any failure.
 *
 * Env: E2E_JUPYTER_PORT (18888), E2E_DASHBOARD_PORT (18787), E2E_BASE_IMAGE
 * (unset: dask-cdktf/base:local made by scripts/make-base-image.sh; `pinned`: the
 * Dockerfile's pinned base; else that image).
 */
import * as path from 'node:path';
import { E2eContext } from './e2e/context';
import { containersOf, logsOf, nameOf } from './e2e/docker';
import { acquireLock, LOCK_FILE } from './e2e/lock';
import { checkPreconditions } from './e2e/preconditions';
import { killAll } from './e2e/proc';
import { note, Runner } from './e2e/runner';
import { loadConfig } from './e2e/settings';
import { computeStep, deployStep, hostStep } from './e2e/steps-cluster';
import { schedulerCrashStep, workerCrashStep } from './e2e/steps-faults';
import { imageChangeStep, scaleStep, userVolumeStep } from './e2e/steps-redeploy';
import { cleanup, destroyStep } from './e2e/teardown';

/** Hard bound of a whole run; each command has its own, smaller one. */
const BUDGET_MINUTES = 45;

const STEP = {
  preconditions: '0 preconditions',
  deploy: '1 deploy',
  compute: '2 compute from JupyterLab',
  host: '3 host access',
  workerCrash: '4a worker crash',
  schedulerCrash: '4b scheduler crash',
  scale: '5 scale',
  imageChange: '6a persistence across an image change',
  userVolume: '6b user notebook volume',
  destroy: '7 destroy',
} as const;

async function main(): Promise<number> {
  const lock = acquireLock();
  if ('heldBy' in lock) {
    console.log(`not ok - ${STEP.preconditions}: another e2e run (pid ${lock.heldBy}) is using this machine (lock ${LOCK_FILE})`);
    console.log('e2e: 0 passed, 1 failed');
    return 1;
  }
  process.on('exit', lock.release);
  const config = loadConfig(path.resolve(__dirname, '..'));
  const ctx = new E2eContext(config, { workers: 2, imageTag: 'e2e-1' });
  const runner = new Runner((containers) => dumpLogs(ctx, containers));

  // Ctrl-C reaches npm, tsx and this process at once, and npm then sends SIGTERM: signals
  // within a few seconds of the first are the same interruption; a later one quits at once.
  let stoppedAt = 0;
  const stop = (reason: string) => {
    if (runner.interrupted) {
      if (Date.now() - stoppedAt > 5000) process.exit(130);
      return;
    }
    stoppedAt = Date.now();
    console.log(`# ${reason}: stopping, then cleaning up (interrupt again to quit at once)`);
    runner.interrupt(reason);
    killAll();
  };
  process.on('SIGINT', () => stop('interrupted'));
  process.on('SIGTERM', () => stop('terminated'));
  setTimeout(() => stop(`time budget of ${BUDGET_MINUTES} minutes exceeded`), BUDGET_MINUTES * 60_000).unref();

  let skipped: string | undefined;
  try {
    const pre = await runner.step(STEP.preconditions, async () => {
      const outcome = await checkPreconditions(ctx);
      skipped = outcome.skip;
      return outcome.skip ? { skipped: outcome.skip } : undefined;
    });
    if (pre !== 'ok') return finish(runner, skipped);

    const needsDeploy = { needs: [STEP.deploy] };
    await runner.step(STEP.deploy, () => deployStep(ctx));
    await runner.step(STEP.compute, () => computeStep(ctx), needsDeploy);
    await runner.step(STEP.host, () => hostStep(ctx), needsDeploy);
    await runner.step(STEP.workerCrash, () => workerCrashStep(ctx), needsDeploy);
    await runner.step(STEP.schedulerCrash, () => schedulerCrashStep(ctx), needsDeploy);
    await runner.step(STEP.scale, () => scaleStep(ctx), needsDeploy);
    await runner.step(STEP.imageChange, () => imageChangeStep(ctx), needsDeploy);
    await runner.step(STEP.userVolume, () => userVolumeStep(ctx), needsDeploy);
    // Destroy runs after any deploy attempt, even a failed one.
    await runner.step(STEP.destroy, () => destroyStep(ctx), { needs: ctx.deployAttempted ? [] : [STEP.deploy] });
  } finally {
    await cleanup(ctx).catch((error: Error) => note(`cleanup failed: ${error.message}`));
  }
  const timings = ctx.timings;
  if (timings.deploy !== undefined) {
    note(
      `timings: deploy ${timings.deploy.toFixed(1)} s, first task ${timings.firstTask?.toFixed(1)} s after the deploy started` +
        (timings.scale !== undefined ? `, scale-up deploy ${timings.scale.toFixed(1)} s` : '') +
        (timings.imageChange !== undefined ? `, image-change deploy ${timings.imageChange.toFixed(1)} s` : ''),
    );
  }
  return finish(runner, skipped);
}

function finish(runner: Runner, skipped: string | undefined): number {
  if (skipped) {
    console.log(skipped);
    return 0;
  }
  const code = runner.summary();
  return runner.interrupted ? 130 : code;
}

/** Logs of the named containers, or of every container of the stack that ran. */
async function dumpLogs(ctx: E2eContext, containers: readonly string[] | undefined): Promise<void> {
  const names =
    containers ?? (await containersOf(ctx.config.name)).filter((container) => !ctx.names.seeds.includes(nameOf(container))).map(nameOf);
  if (names.length > 0) console.log(await logsOf(names));
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.log(`not ok - e2e: ${error.stack ?? error.message}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
