import { TerraformCount, Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkInteger, checkName } from './core/validation';
import { ValidationError } from './core/errors';
import { toMebibytes } from './core/quantity';
import { Container, Network, Volume } from './providers/docker';
import { IPlatform, IWorkload, VolumeSpec, WorkloadSpec } from './workload';
import { IMAGE_USER } from './core/dask';

/** Props of {@link DockerPlatform}. */
export interface DockerPlatformProps {
  /**
   * Name of the user-defined bridge network all workloads join (they reach
   * each other by container name on it).
   * @default the construct id, e.g. `dask`
   */
  readonly networkName?: string;
  /**
   * Seconds `deploy` waits for each container to report healthy before it fails.
   * @default the workload's startup time plus 60 seconds
   */
  readonly healthTimeoutSeconds?: number;
  /**
   * Size of the `/tmp` tmpfs of every container (counts against its memory).
   * @default "512m"
   */
  readonly tmpfsSize?: string;
}

const HOST_IP = '127.0.0.1';
const CPU_PERIOD = 100_000;
const LABEL_PREFIX = 'io.dask-cdktf';

/**
 * Renders workloads as containers on one Docker engine: a user-defined
 * network, one container per addressable workload, `count` containers for
 * pools (so the synthesized JSON does not grow with the worker count), named
 * volumes for persistent data, and secret files seeded into a named volume
 * that the workload mounts read-only. Every container runs as the image's
 * non-root user with a read-only root filesystem, all capabilities dropped,
 * no-new-privileges, CPU and memory limits and a health check that `deploy`
 * waits for. Published ports bind to 127.0.0.1 only.
 */
export class DockerPlatform extends Construct implements IPlatform {
  public readonly kind = 'docker';
  /** The network workloads join. */
  public readonly network: Network;
  private readonly props: DockerPlatformProps;
  private readonly names = new Map<string, string>();
  private readonly hostPorts = new Map<number, string>();

  constructor(scope: Construct, id: string, props: DockerPlatformProps = {}) {
    super(scope, id);
    this.props = props;
    if (props.healthTimeoutSeconds !== undefined) {
      checkInteger('DockerPlatform.healthTimeoutSeconds', props.healthTimeoutSeconds, 1);
    }
    if (props.tmpfsSize !== undefined && !/^\d+[kmg]?$/.test(props.tmpfsSize)) {
      throw new ValidationError('DockerPlatform.tmpfsSize', props.tmpfsSize, 'expected a size such as "512m" or "1g"');
    }
    const networkName = checkName('DockerPlatform.networkName', props.networkName ?? id.toLowerCase());
    this.network = new Network(this, 'network', {
      name: networkName,
      driver: 'bridge',
      labels: [{ label: `${LABEL_PREFIX}.managed-by`, value: 'dask-cdktf' }],
    });
  }

  public hostName(name: string): string {
    return name;
  }

  public dnsNames(name: string): string[] {
    return [name, 'localhost'];
  }

  public addWorkload(scope: Construct, spec: WorkloadSpec): IWorkload {
    this.claim(spec.name, scope.node.path);
    const pooled = !spec.addressable;
    if (!pooled && spec.replicas !== 1) {
      throw new ValidationError(`${spec.name}.replicas`, spec.replicas, 'an addressable workload runs exactly 1 replica on Docker');
    }
    for (const port of spec.ports) {
      if (port.hostPort === undefined) continue;
      if (pooled) {
        throw new ValidationError(`${spec.name}.hostPort`, port.hostPort, 'replicated workloads cannot publish host ports');
      }
      const owner = this.hostPorts.get(port.hostPort);
      if (owner) {
        throw new ValidationError(`${spec.name}.hostPort`, port.hostPort, `host port already published by ${owner}`);
      }
      this.hostPorts.set(port.hostPort, `${spec.name}:${port.port}`);
    }

    const count = pooled ? TerraformCount.of(spec.replicas) : undefined;
    const mounts = spec.volumes.map((volume) => this.volumeMount(scope, spec, volume));
    const secrets = spec.secretFiles ? this.secretVolume(scope, spec) : undefined;
    const startup = spec.health.startupSeconds;

    new Container(scope, 'container', {
      count,
      name: count ? `${spec.name}-${Token.asString(count.index)}` : spec.name,
      image: spec.image,
      command: spec.command,
      env: Object.entries(spec.env)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => `${key}=${value}`),
      user: `${IMAGE_USER.uid}:${IMAGE_USER.gid}`,
      // Secret files are root-owned with mode 0440: group 0 lets the container user (and only it) read them.
      groupAdd: secrets ? ['0'] : undefined,
      readOnly: true,
      tmpfs: { '/tmp': `rw,nosuid,nodev,size=${this.props.tmpfsSize ?? '512m'}` },
      capabilities: { drop: ['ALL'] },
      securityOpts: ['no-new-privileges:true'],
      memory: toMebibytes(spec.resources.memoryBytes),
      memorySwap: toMebibytes(spec.resources.memoryBytes),
      // CFS quota rather than `cpus`, which makes provider 3.6.2 panic (it reads the string as a float32).
      cpuPeriod: CPU_PERIOD,
      cpuQuota: Math.round(spec.resources.cpu * CPU_PERIOD),
      gpus: spec.resources.gpus > 0 ? String(spec.resources.gpus) : undefined,
      healthcheck: {
        test: ['CMD', 'dask-healthcheck', `http://127.0.0.1:${spec.health.port}${spec.health.path}`],
        interval: goDuration(10),
        timeout: goDuration(5),
        retries: 3,
        startPeriod: goDuration(startup),
      },
      wait: true,
      waitTimeout: this.props.healthTimeoutSeconds ?? startup + 60,
      restart: 'unless-stopped',
      mustRun: true,
      stopTimeout: spec.terminationGracePeriodSeconds,
      destroyGraceSeconds: spec.terminationGracePeriodSeconds,
      logDriver: 'json-file',
      logOpts: { 'max-size': '10m', 'max-file': '3' },
      networkMode: 'bridge',
      networksAdvanced: [{ name: this.network.name, aliases: pooled ? undefined : [spec.name] }],
      ports: spec.ports
        .filter((port) => port.hostPort !== undefined)
        .map((port) => ({ internal: port.port, external: port.hostPort, ip: HOST_IP })),
      volumes: [...mounts, ...(secrets ? [{ volumeName: secrets.volume.name, containerPath: secrets.path, readOnly: true }] : [])],
      labels: [
        { label: `${LABEL_PREFIX}.instance`, value: spec.instance },
        { label: `${LABEL_PREFIX}.component`, value: spec.component },
        // A new seed (new certificates or token) replaces the containers that read it.
        ...(secrets ? [{ label: `${LABEL_PREFIX}.secrets`, value: secrets.seed.id }] : []),
      ],
    });
    return { host: this.hostName(spec.name) };
  }

  private claim(name: string, path: string): void {
    const owner = this.names.get(name);
    if (owner) {
      throw new ValidationError('name', name, `already used by ${owner} on this platform; give each cluster a distinct name`);
    }
    this.names.set(name, path);
  }

  private volumeMount(scope: Construct, spec: WorkloadSpec, volume: VolumeSpec) {
    if (!volume.persistent) return { containerPath: volume.mountPath };
    const volumeName =
      volume.persistent.existing ??
      new Volume(scope, `volume-${volume.name}`, {
        name: `${spec.name}-${volume.name}`,
        labels: [{ label: `${LABEL_PREFIX}.instance`, value: spec.instance }],
      }).name;
    return { volumeName, containerPath: volume.mountPath };
  }

  /**
   * `docker cp` (the provider's `upload`) is refused on a read-only root
   * filesystem, so the files are uploaded into a named volume through a
   * container that is created but never started, and the workload mounts
   * that volume read-only.
   */
  private secretVolume(scope: Construct, spec: WorkloadSpec) {
    const secretFiles = spec.secretFiles!;
    const volume = new Volume(scope, 'secrets', {
      name: `${spec.name}-secrets`,
      labels: [{ label: `${LABEL_PREFIX}.instance`, value: spec.instance }],
    });
    const seed = new Container(scope, 'secrets-seed', {
      name: `${spec.name}-secrets-seed`,
      image: spec.image,
      start: false,
      mustRun: false,
      networkMode: 'none',
      command: ['true'],
      volumes: [{ volumeName: volume.name, containerPath: secretFiles.mountPath }],
      upload: Object.keys(secretFiles.files)
        .sort()
        .map((file) => ({
          file: `${secretFiles.mountPath}/${file}`,
          content: secretFiles.files[file],
          permissions: '0440',
        })),
      labels: [{ label: `${LABEL_PREFIX}.instance`, value: spec.instance }],
    });
    return { volume, seed, path: secretFiles.mountPath };
  }
}

/**
 * Seconds as Go prints a duration (`90` → `1m30s`): Docker reports health
 * check times that way, so any other spelling shows as a change in every plan.
 */
export function goDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${rest}s`;
  if (minutes > 0) return `${minutes}m${rest}s`;
  return `${rest}s`;
}
