import { E2eContext } from './context';
import { docker, inspect, nameOf } from './docker';
import { run } from './proc';
import { COMPUTE, FIRST_TASK, runPython } from './python';
import { check, note } from './runner';
import { baseEnv } from './settings';

/**
 * Step 1: `npx cdktf deploy local` of a small cluster returns with every
 * container healthy; measures the deploy and the time until a first task
 * (submitted from JupyterLab) completes.
 */
export async function deployStep(ctx: E2eContext): Promise<void> {
  const started = Date.now();
  const deploySeconds = await ctx.deploy(ctx.settings);
  const first = await runPython(ctx.names.jupyter, FIRST_TASK, { timeoutSeconds: 240 });
  const firstTask = (Date.now() - started) / 1000;
  ctx.timings.deploy = deploySeconds;
  ctx.timings.firstTask = firstTask;

  const outputs = await ctx.cli.outputs();
  const missing = ['jupyter_url', 'dashboard_url', 'scheduler_address', 'image_name'].filter((key) => !(key in outputs));
  check(missing.length === 0, `stack outputs missing: ${missing.join(', ')}`);
  check(
    outputs.scheduler_address === first.address,
    `output scheduler_address ${outputs.scheduler_address}, but Client() connected to ${first.address}`,
  );
  check(outputs.image_name === `dask-cdktf/dask:${ctx.settings.imageTag}`, `output image_name ${outputs.image_name}`);
  note(`deploy ${deploySeconds.toFixed(1)} s (npx cdktf deploy: synth, init, image build, apply until every container is healthy)`);
  note(`first task completed ${firstTask.toFixed(1)} s after the deploy started (${ctx.runningContainers.length} containers healthy)`);
}

/**
 * Step 2: the user path, from inside the Jupyter container: `Client()` with no
 * arguments connects over TLS, versions agree, 10,000 tasks and dask.array
 * reductions give the right results.
 */
export async function computeStep(ctx: E2eContext): Promise<void> {
  const result = await runPython(ctx.names.jupyter, COMPUTE, { params: { workers: ctx.settings.workers }, timeoutSeconds: 600 });
  note(
    `Client() -> ${result.address}; ${(result.workers as string[]).length} workers on tls://; ` +
      `get_versions(check=True) ok (dask ${result.dask}, python ${result.python}); 10,000 tasks in ${result.tasks_seconds} s; dask.array reductions match numpy`,
  );
}

/**
 * Step 3: from the host, JupyterLab on 127.0.0.1 answers 200 with the token
 * of the stack output and 403 without; the dashboard answers /health; every
 * published port of the stack is bound to 127.0.0.1 only (docker inspect,
 * docker port, ss).
 */
export async function hostStep(ctx: E2eContext): Promise<void> {
  const { config, names } = ctx;
  const outputs = await ctx.cli.outputs();
  const url = new URL(outputs.jupyter_url);
  check(
    url.hostname === '127.0.0.1' && url.port === String(config.jupyterPort),
    `jupyter_url is on ${url.host}, expected 127.0.0.1:${config.jupyterPort}`,
  );
  const token = url.searchParams.get('token') ?? '';
  check(token.length >= 32, `jupyter_url carries a token of ${token.length} characters`);
  const api = `http://127.0.0.1:${config.jupyterPort}/api/status`;
  const withToken = await httpStatus(api, { Authorization: `token ${token}` });
  const without = await httpStatus(api);
  const wrong = await httpStatus(api, { Authorization: `token ${'x'.repeat(token.length)}` });
  check(withToken === 200, `GET ${api} with the token: ${withToken}, expected 200`, [names.jupyter]);
  check(without === 403, `GET ${api} without a token: ${without}, expected 403`, [names.jupyter]);
  check(wrong === 403, `GET ${api} with a wrong token: ${wrong}, expected 403`, [names.jupyter]);

  check(outputs.dashboard_url === `http://127.0.0.1:${config.dashboardPort}/status`, `dashboard_url ${outputs.dashboard_url}`);
  const health = `http://127.0.0.1:${config.dashboardPort}/health`;
  const dashboard = await httpStatus(health);
  check(dashboard === 200, `GET ${health}: ${dashboard}, expected 200`, [names.scheduler]);

  // Published ports: exactly JupyterLab and the dashboard, each on 127.0.0.1 only.
  const published = new Map<string, string>();
  for (const container of await inspect(ctx.runningContainers)) {
    const bindings = { ...(container.HostConfig.PortBindings ?? {}), ...(container.NetworkSettings.Ports ?? {}) };
    for (const [port, hosts] of Object.entries(bindings)) {
      for (const host of hosts ?? []) {
        check(host.HostIp === '127.0.0.1', `${nameOf(container)} publishes ${port} on ${host.HostIp || 'all addresses'}:${host.HostPort}`);
        published.set(`${nameOf(container).replace(/^\//, '')} ${port}`, host.HostPort);
      }
    }
  }
  const expected = new Map([
    [`${names.jupyter} 8888/tcp`, String(config.jupyterPort)],
    [`${names.scheduler} 8787/tcp`, String(config.dashboardPort)],
  ]);
  const describe = (ports: Map<string, string>) =>
    [...ports]
      .map(([key, port]) => `${key} -> 127.0.0.1:${port}`)
      .sort()
      .join(', ');
  const same = published.size === expected.size && [...expected].every(([key, port]) => published.get(key)?.trim() === port);
  check(same, `published ports: ${describe(published)}; expected ${describe(expected)}`);
  for (const name of [names.jupyter, names.scheduler]) {
    const lines = (await docker(['port', name])).split('\n').filter(Boolean);
    const open = lines.filter((line) => !/-> 127\.0\.0\.1:\d+$/.test(line));
    check(open.length === 0, `docker port ${name}: ${open.join('; ')}`);
  }
  note(`published, 127.0.0.1 only: ${describe(published)}`);
  note(await listeners([config.jupyterPort, config.dashboardPort]));
}

/** Checks with `ss -ltn` that the host ports listen on 127.0.0.1 only; returns what it found. */
async function listeners(ports: readonly number[]): Promise<string> {
  const ss = await run('ss', ['-ltnH'], { env: baseEnv(), timeoutSeconds: 30 });
  if (ss.code !== 0) return `ss not available (${ss.stderr.trim() || `exit ${ss.code}`}): listening sockets not checked`;
  const found: string[] = [];
  for (const line of ss.stdout.split('\n')) {
    const local = line.trim().split(/\s+/)[3];
    const match = local ? /^(.*):(\d+)$/.exec(local) : null;
    if (!match || !ports.includes(Number(match[2]))) continue;
    check(match[1] === '127.0.0.1', `ss -ltn: port ${match[2]} listens on ${match[1]}`);
    found.push(local);
  }
  return found.length > 0
    ? `ss -ltn: ${found.join(', ')} (nothing on other addresses)`
    : 'ss -ltn: no listening socket on these ports (the engine publishes them through iptables only: no userland proxy)';
}

/** HTTP status of a GET on a loopback URL (10 s bound, no redirects followed). */
async function httpStatus(url: string, headers: Record<string, string> = {}): Promise<number | string> {
  try {
    const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return (error as Error).message;
  }
}
