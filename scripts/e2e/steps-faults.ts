import { E2eContext } from './context';
import { crashMainProcess, inspect, inspectOne, isHealthy, nameOf, waitFor, waitHealthy } from './docker';
import { CLUSTER_READY, runPython, SLOW_COMPUTATION } from './python';
import { check, note, StepError } from './runner';

/**
 * Step 4a: a worker's main process is killed (SIGKILL, as by the OOM killer)
 * while it computes: the computation still returns the right result (the
 * scheduler recomputes what the worker held), and the restart policy brings
 * the container back healthy and into the cluster.
 */
export async function workerCrashStep(ctx: E2eContext): Promise<void> {
  const { names } = ctx;
  const victim = names.worker(0);
  const before = await inspectOne(victim);
  check(isHealthy(before), `${victim} is not healthy before the test`, [victim]);

  let crash: Promise<string | Error> | undefined;
  let crashedAt = 0;
  const result = await runPython(names.jupyter, SLOW_COMPUTATION, {
    params: { workers: ctx.settings.workers, tasks: 300 },
    timeoutSeconds: 360,
    logsOf: [names.scheduler, ...ctx.runningContainers.filter((name) => name !== names.scheduler && name !== names.jupyter)],
    onLine: (line) => {
      if (line.trim() !== 'STARTED' || crash) return;
      crashedAt = Date.now();
      crash = crashMainProcess(victim).catch((error: Error) => error);
    },
  });
  check(crash !== undefined, 'the computation never reported that every worker was busy');
  const killed = await crash;
  if (killed instanceof Error) throw new StepError(`could not kill ${victim}'s main process: ${killed.message}`, [victim]);
  note(
    `killed ${victim} (${killed}) while it computed: result ${result.result} is right; the scheduler lost ${result.processing_tasks_lost} of its tasks and recomputed them`,
  );

  const [after] = await waitFor(
    [victim],
    (container) => container !== undefined && container.RestartCount > before!.RestartCount && isHealthy(container),
    'restarted by the restart policy and healthy',
    180,
  );
  const healthyAfter = (Date.now() - crashedAt) / 1000;
  const ready = await runPython(names.jupyter, CLUSTER_READY, { params: { workers: ctx.settings.workers }, timeoutSeconds: 240 });
  note(
    `restart policy ${after.HostConfig.RestartPolicy.Name}: ${victim} restarted (restart count ${before!.RestartCount} -> ${after.RestartCount}), ` +
      `healthy ${healthyAfter.toFixed(0)} s after the kill; ${(ready.workers as string[]).length} workers, a new computation is right`,
  );
}

/**
 * Step 4b: the scheduler's main process is killed: the restart policy brings
 * it back, the workers reconnect within 60 s (they leave with the old
 * scheduler and come back through their own restart policy), and a new
 * computation succeeds.
 */
export async function schedulerCrashStep(ctx: E2eContext): Promise<void> {
  const { names } = ctx;
  const before = new Map((await inspect(ctx.runningContainers)).map((container) => [nameOf(container), container.RestartCount]));
  const crashedAt = Date.now();
  const killed = await crashMainProcess(names.scheduler);
  const restarted = (container: Parameters<typeof isHealthy>[0]) =>
    container !== undefined && container.RestartCount > (before.get(names.scheduler) ?? 0) && isHealthy(container);
  await waitFor([names.scheduler], restarted, 'restarted by the restart policy and healthy', 180);
  const schedulerBack = (Date.now() - crashedAt) / 1000;

  // wait_for_workers(timeout=60) from the moment the scheduler is back.
  const ready = await runPython(names.jupyter, CLUSTER_READY, { params: { workers: ctx.settings.workers }, timeoutSeconds: 240 });
  const workersBack = (Date.now() - crashedAt) / 1000;
  const after = await waitHealthy(ctx.runningContainers, 180);
  const restarts = after
    .filter((container) => nameOf(container) !== names.scheduler && nameOf(container) !== names.jupyter)
    .map((container) => `${nameOf(container)} ${before.get(nameOf(container))} -> ${container.RestartCount}`);
  note(`killed ${names.scheduler} (${killed}); it was back and healthy after ${schedulerBack.toFixed(0)} s`);
  note(
    `all ${(ready.workers as string[]).length} workers connected ${Number(ready.workers_seconds).toFixed(0)} s after it was healthy again ` +
      `(${workersBack.toFixed(0)} s after the kill; they left with the old scheduler and their restart policy brought them back: ` +
      `restart counts ${restarts.join(', ')}); a new computation is right`,
  );
}
