import { randomUUID } from 'node:crypto';
import { E2eContext } from './context';
import { docker, inspectOne } from './docker';
import { changeOfNamed, kindOf } from './plan';
import { CLUSTER_READY, READ_FILE, runPython, WRITE_FILE } from './python';
import { check, note } from './runner';
import { E2E_LABEL } from './settings';

const HOME = '/home/dask';

/**
 * Step 5: one more worker. The plan creates exactly one resource (the new
 * worker container) and changes or destroys nothing; after the deploy the
 * new worker joins the cluster.
 */
export async function scaleStep(ctx: E2eContext): Promise<void> {
  const next = { ...ctx.settings, workers: ctx.settings.workers + 1 };
  const { changes } = await ctx.synthAndPlan(next);
  const changed = [...changes.update, ...changes.replace, ...changes.destroy, ...changes.other];
  check(changes.create.length === 1 && changed.length === 0, `expected exactly one create and nothing else, got the plan above`);
  check(
    /^docker_container\.\S*workers-default_container\S*\[\d+\]$/.test(changes.create[0]) &&
      changes.create[0].endsWith(`[${next.workers - 1}]`),
    `the one create is ${changes.create[0]}, expected worker container [${next.workers - 1}]`,
  );
  const seconds = await ctx.deploy(next, { skipSynth: true });
  const ready = await runPython(ctx.names.jupyter, CLUSTER_READY, { params: { workers: next.workers }, timeoutSeconds: 240 });
  ctx.timings.scale = seconds;
  note(
    `deploy ${seconds.toFixed(1)} s; ${ctx.names.worker(next.workers - 1)} joined: ${(ready.workers as string[]).length} workers in client.scheduler_info()`,
  );
}

/**
 * Step 6a: a file written to the notebook volume survives a redeploy with a
 * new image tag, which rebuilds the image and replaces every container but
 * not the volume.
 */
export async function imageChangeStep(ctx: E2eContext): Promise<void> {
  const { names } = ctx;
  const file = `${HOME}/e2e-persistence.txt`;
  const content = `written by the e2e suite before the image change ${randomUUID()}\n`;
  await runPython(names.jupyter, WRITE_FILE, { params: { path: file, content }, timeoutSeconds: 60 });
  const before = await inspectOne(names.jupyter);

  const next = { ...ctx.settings, imageTag: 'e2e-2' };
  const { plan } = await ctx.synthAndPlan(next);
  const volume = kindOf(changeOfNamed(plan, 'docker_volume', names.notebookVolume));
  check(volume === 'no-op', `the plan would ${volume} the notebook volume ${names.notebookVolume}`);
  const jupyter = kindOf(changeOfNamed(plan, 'docker_container', names.jupyter));
  check(jupyter === 'replace', `the plan would ${jupyter} the Jupyter container, expected replace (else nothing is proven)`);

  const seconds = await ctx.deploy(next, { skipSynth: true });
  const after = await inspectOne(names.jupyter);
  const image = (await docker(['image', 'inspect', '--format', '{{.Id}}', `dask-cdktf/dask:${next.imageTag}`])).trim();
  check(after !== undefined && after.Id !== before?.Id, `${names.jupyter} was not replaced`);
  check(after.Image === image, `${names.jupyter} runs ${after.Image}, not dask-cdktf/dask:${next.imageTag} (${image})`);
  const read = await runPython(names.jupyter, READ_FILE, { params: { path: file }, timeoutSeconds: 60 });
  check(read.content === content, `${file} after the redeploy: ${JSON.stringify(read.content)}, expected ${JSON.stringify(content)}`);
  ctx.timings.imageChange = seconds;
  note(
    `deploy ${seconds.toFixed(1)} s; every container replaced to run dask-cdktf/dask:${next.imageTag}; ${names.notebookVolume} kept (no-op in the plan) and ${file} survived`,
  );
}

/**
 * Step 6b: `DASK_CDKTF_NOTEBOOK_VOLUME` names a volume the suite creates
 * itself: JupyterLab mounts it as the home directory (step 7 checks that
 * destroy keeps it).
 */
export async function userVolumeStep(ctx: E2eContext): Promise<void> {
  const { config, names } = ctx;
  await docker(['volume', 'create', '--label', `${E2E_LABEL}=${config.name}`, config.keptVolume]);
  const next = { ...ctx.settings, notebookVolume: config.keptVolume };
  const { plan, changes } = await ctx.synthAndPlan(next);
  // Expected: the Jupyter container is replaced to mount the new volume, and the
  // stack's own notebook volume is destroyed (no longer in the configuration).
  const jupyter = changeOfNamed(plan, 'docker_container', names.jupyter);
  const ownVolume = changeOfNamed(plan, 'docker_volume', names.notebookVolume);
  check(kindOf(jupyter) === 'replace', `the plan would ${kindOf(jupyter)} the Jupyter container, expected replace`);
  check(kindOf(ownVolume) === 'destroy', `the plan would ${kindOf(ownVolume)} the stack's notebook volume, expected destroy`);
  const others = [...changes.create, ...changes.update, ...changes.replace, ...changes.destroy, ...changes.other].filter(
    (address) => address !== jupyter!.address && address !== ownVolume!.address,
  );
  check(others.length === 0, `the plan also changes ${others.join(', ')}`);

  const seconds = await ctx.deploy(next, { skipSynth: true });
  const mounted = (await inspectOne(names.jupyter))?.Mounts.find((mount) => mount.Destination === HOME);
  check(
    mounted?.Name === config.keptVolume,
    `${names.jupyter} mounts ${mounted?.Name ?? 'nothing'} at ${HOME}, expected ${config.keptVolume}`,
  );
  await runPython(names.jupyter, WRITE_FILE, { params: { path: `${HOME}/e2e-kept.txt`, content: config.keptVolume }, timeoutSeconds: 60 });
  note(`deploy ${seconds.toFixed(1)} s; ${names.jupyter} mounts ${config.keptVolume} at ${HOME}`);
}
