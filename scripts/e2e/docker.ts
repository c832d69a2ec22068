import { indentTail, run, runOk } from './proc';
import { baseEnv, E2E_LABEL, INSTANCE_LABEL } from './settings';

/** The part of `docker inspect` the suite reads. */
export interface ContainerInfo {
  readonly Id: string;
  /** With a leading slash, e.g. `/dask-e2e-scheduler`. */
  readonly Name: string;
  /** The image id the container runs. */
  readonly Image: string;
  readonly RestartCount: number;
  readonly State: {
    readonly Status: string;
    readonly Running: boolean;
    readonly ExitCode: number;
    readonly StartedAt: string;
    readonly Health?: { readonly Status: string; readonly Log?: ReadonlyArray<{ readonly Output: string }> };
  };
  readonly Config: { readonly Labels: Record<string, string> | null };
  readonly HostConfig: {
    readonly PortBindings: Record<string, ReadonlyArray<{ HostIp: string; HostPort: string }> | null> | null;
    readonly RestartPolicy: { readonly Name: string };
  };
  readonly NetworkSettings: { readonly Ports: Record<string, ReadonlyArray<{ HostIp: string; HostPort: string }> | null> | null };
  readonly Mounts: ReadonlyArray<{ readonly Type: string; readonly Name?: string; readonly Destination: string }>;
}

/** Docker's zero time: `State.StartedAt` of a container that never started. */
const NEVER = '0001-01-01T00:00:00Z';

const options = (timeoutSeconds = 60) => ({ env: baseEnv(), timeoutSeconds });

/** `docker ...`, throwing on failure. */
export async function docker(args: readonly string[], timeoutSeconds = 60, input?: string): Promise<string> {
  return (await runOk('docker', args, { ...options(timeoutSeconds), input })).stdout;
}

/** Whether a Docker engine answers. */
export async function engineAnswers(): Promise<boolean> {
  return (await run('docker', ['info', '--format', '{{.ServerVersion}}'], options(30))).code === 0;
}

/** `docker inspect` of the named or identified containers that exist (others are left out). */
export async function inspect(containers: readonly string[]): Promise<ContainerInfo[]> {
  if (containers.length === 0) return [];
  const result = await run('docker', ['container', 'inspect', ...containers], options());
  // Exit 1 when some do not exist; the rest are still printed.
  return result.stdout.trim() ? (JSON.parse(result.stdout) as ContainerInfo[]) : [];
}

/** `docker inspect` of one container, or undefined when it does not exist. */
export async function inspectOne(container: string): Promise<ContainerInfo | undefined> {
  return (await inspect([container]))[0];
}

/** Every container (running or not) carrying the instance label of `cluster`. */
export async function containersOf(cluster: string): Promise<ContainerInfo[]> {
  const ids = (await docker(['ps', '-aq', '--no-trunc', '--filter', `label=${INSTANCE_LABEL}=${cluster}`])).split('\n').filter(Boolean);
  return inspect(ids);
}

/** Names of the volumes that carry `label` (`key=value`). */
export async function volumesLabelled(label: string): Promise<string[]> {
  return (await docker(['volume', 'ls', '-q', '--filter', `label=${label}`])).split('\n').filter(Boolean);
}

export async function volumeExists(name: string): Promise<boolean> {
  return (await run('docker', ['volume', 'inspect', name], options())).code === 0;
}

export async function networkExists(name: string): Promise<boolean> {
  return (await run('docker', ['network', 'inspect', name], options())).code === 0;
}

/** Container name without the leading slash. */
export function nameOf(container: ContainerInfo): string {
  return container.Name.replace(/^\//, '');
}

/** `running, healthy` / `exited (137)` / `created, never started`. */
export function describeState(container: ContainerInfo): string {
  const state = container.State;
  if (state.Status === 'created' && state.StartedAt === NEVER) return 'created, never started';
  if (!state.Running) return `${state.Status} (exit ${state.ExitCode})`;
  return `${state.Status}, ${state.Health?.Status ?? 'no health check'}`;
}

export function isHealthy(container: ContainerInfo | undefined): boolean {
  return container !== undefined && container.State.Running && container.State.Health?.Status === 'healthy';
}

export function neverStarted(container: ContainerInfo): boolean {
  return container.State.Status === 'created' && container.State.StartedAt === NEVER;
}

/**
 * Polls until `done` holds for every named container, or throws after
 * `timeoutSeconds` with the state of those that did not get there.
 */
export async function waitFor(
  containers: readonly string[],
  done: (container: ContainerInfo | undefined) => boolean,
  what: string,
  timeoutSeconds: number,
): Promise<ContainerInfo[]> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const infos = await inspect(containers);
    const byName = new Map(infos.map((info) => [nameOf(info), info]));
    const pending = containers.filter((name) => !done(byName.get(name)));
    if (pending.length === 0) return infos;
    if (Date.now() > deadline) {
      const states = pending.map((name) => {
        const info = byName.get(name);
        return `${name}: ${info ? describeState(info) : 'missing'}`;
      });
      throw new Error(`not ${what} within ${timeoutSeconds} s: ${states.join('; ')}`);
    }
    await sleep(2000);
  }
}

/** Waits until every named container runs and its health check passes. */
export function waitHealthy(containers: readonly string[], timeoutSeconds: number): Promise<ContainerInfo[]> {
  return waitFor(containers, isHealthy, 'healthy', timeoutSeconds);
}

/**
 * Kills the container's main process with SIGKILL from inside, the way the
 * kernel's OOM killer or a crash ends it: the child of PID 1 (tini, which
 * then exits with 137). Unlike `docker kill`, which Docker records as an
 * explicit stop (so `unless-stopped` does not restart the container), this
 * exercises the restart policy. Returns the killed command line.
 */
export async function crashMainProcess(container: string): Promise<string> {
  const script = `
import os, signal
me = os.getpid()
main = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        with open(f"/proc/{pid}/cmdline") as f:
            cmd = f.read().replace("\\0", " ").strip()
    except (OSError, ValueError, IndexError):
        continue
    if ppid == 1 and int(pid) != me:
        main.append((int(pid), cmd))
assert len(main) == 1, f"expected one child of PID 1, found {main}"
os.kill(main[0][0], signal.SIGKILL)
print(main[0][0], main[0][1])
`;
  return (await docker(['exec', '-i', container, 'python3', '-'], 60, script)).trim();
}

/** The last lines of the logs of each named container, as comment lines. */
export async function logsOf(containers: readonly string[], lines = 30): Promise<string> {
  const parts: string[] = [];
  for (const name of containers) {
    const result = await run('docker', ['logs', '--tail', String(lines), name], options());
    parts.push(`# ---- docker logs --tail ${lines} ${name}${indentTail(result.stdout + result.stderr, lines) || '\n#     (no output)'}`);
  }
  return parts.join('\n');
}

/**
 * Force-removes what a cluster left behind: containers and volumes with its
 * instance label, volumes the suite labelled as its own, and the network of
 * that name (only if dask-cdktf made it). Returns what it removed.
 */
export async function forceRemove(cluster: string, network: string): Promise<string[]> {
  const removed: string[] = [];
  const containers = await containersOf(cluster);
  if (containers.length > 0) {
    await run('docker', ['rm', '-f', '-v', ...containers.map((c) => c.Id)], options(120));
    removed.push(...containers.map((c) => `container ${nameOf(c)}`));
  }
  const volumes = [...(await volumesLabelled(`${INSTANCE_LABEL}=${cluster}`)), ...(await volumesLabelled(`${E2E_LABEL}=${cluster}`))];
  for (const volume of volumes) {
    if ((await run('docker', ['volume', 'rm', '-f', volume], options())).code === 0) removed.push(`volume ${volume}`);
  }
  const labels = await run('docker', ['network', 'inspect', '--format', '{{json .Labels}}', network], options());
  if (labels.code === 0 && /"io\.dask-cdktf\.managed-by":"dask-cdktf"/.test(labels.stdout)) {
    if ((await run('docker', ['network', 'rm', network], options())).code === 0) removed.push(`network ${network}`);
  }
  return removed;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
