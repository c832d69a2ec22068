import { rmSync } from 'node:fs';
import { E2eContext, orFail } from './context';
import { containersOf, docker, forceRemove, inspect, nameOf, networkExists, volumeExists, volumesLabelled } from './docker';
import { check, note } from './runner';
import { E2E_LABEL, INSTANCE_LABEL } from './settings';

/**
 * Step 7: `npx cdktf destroy local` leaves no container, network or volume of
 * the stack, and an empty state; the notebook volume the user brought
 * (`DASK_CDKTF_NOTEBOOK_VOLUME`) is kept with its files, and listed. The suite
 * then removes that volume itself.
 */
export async function destroyStep(ctx: E2eContext): Promise<void> {
  const { config, names } = ctx;
  orFail('npx cdktf destroy local', await ctx.cli.destroy(ctx.settings));
  ctx.destroyed = true;

  const state = await ctx.cli.stateList();
  check(state.length === 0, `the state still holds ${state.join(', ')}`);
  const labelled = await containersOf(config.name);
  const named = await inspect([...ctx.runningContainers, ...names.seeds]);
  const containers = [...new Set([...labelled, ...named].map(nameOf))];
  check(containers.length === 0, `containers left: ${containers.join(', ')}`);
  check(!(await networkExists(names.network)), `network ${names.network} left`);
  const volumes = new Set(await volumesLabelled(`${INSTANCE_LABEL}=${config.name}`));
  for (const volume of names.volumes) if (await volumeExists(volume)) volumes.add(volume);
  check(volumes.size === 0, `volumes left: ${[...volumes].join(', ')}`);

  const kept = ctx.settings.notebookVolume;
  if (kept) {
    check(await volumeExists(kept), `the user's notebook volume ${kept} was deleted by destroy`);
    const content = await docker([
      'run', '--rm', '--network', 'none', '--read-only', '--cap-drop', 'ALL', '--user', '10001:10001',
      '--entrypoint', 'cat', '-v', `${kept}:/data:ro`, `dask-cdktf/dask:${ctx.settings.imageTag}`, '/data/e2e-kept.txt',
    ]); // prettier-ignore
    check(content === kept, `${kept} survived destroy but lost its file (read ${JSON.stringify(content)})`);
    note(`kept by destroy (DASK_CDKTF_NOTEBOOK_VOLUME): volume ${kept}, with its files; the suite removes it now`);
    await docker(['volume', 'rm', kept]);
  }
  const images = (await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', 'dask-cdktf/dask'])).split('\n');
  const built = images.filter((image) => /:e2e-\d+$/.test(image)).sort();
  note(`kept in the image cache (keepLocally, so the next run builds from cache): ${built.join(', ') || 'none'}`);
}

/**
 * Always runs last: when the stack may still exist (a failed step, an
 * interrupt), `cdktf destroy` it, then force-remove by label and name
 * whatever remains, including the suite's own notebook volume; then delete
 * the run's directory (its state holds keys), unless something could not be removed.
 */
export async function cleanup(ctx: E2eContext): Promise<void> {
  const { config } = ctx;
  if (ctx.deployAttempted && !ctx.destroyed) {
    note('cleanup: destroying the stack');
    let result = await ctx.cli.destroy(ctx.settings);
    if (result.code !== 0) result = await ctx.cli.destroy(ctx.settings, { skipSynth: true });
    note(`cleanup: cdktf destroy ${result.code === 0 ? 'succeeded' : `failed (exit ${result.code}); see ${config.logFile}`}`);
  }
  const removed = await forceRemove(config.name, ctx.names.network).catch((error: Error) => [`(failed: ${error.message})`]);
  if (removed.length > 0) note(`cleanup: force-removed ${removed.join(', ')}`);
  const remaining = [
    ...(await containersOf(config.name).catch(() => [])).map((container) => `container ${nameOf(container)}`),
    ...(await volumesLabelled(`${INSTANCE_LABEL}=${config.name}`).catch(() => [])),
    ...(await volumesLabelled(`${E2E_LABEL}=${config.name}`).catch(() => [])),
    ...((await networkExists(ctx.names.network).catch(() => false)) ? [`network ${ctx.names.network}`] : []),
  ];
  if (remaining.length > 0) {
    note(`cleanup: could not remove ${remaining.join(', ')}; state kept in ${config.work}`);
    return;
  }
  rmSync(config.work, { recursive: true, force: true });
}
