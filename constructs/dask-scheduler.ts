import { Construct } from 'constructs';
import { checkCpu, parseMemory } from './core/quantity';
import { checkName, checkOptionalPort, nameFromId } from './core/validation';
import { checkDuration, checkEnv } from './core/props';
import { HOME_DIR, PORTS, protocol, RoleCertificate, schedulerCommand, SECRETS_DIR, tlsEnv, tlsFiles } from './core/dask';
import { IPlatform } from './workload';

/** What workers and notebooks need to know about a scheduler. */
export interface IDaskScheduler {
  /** Address clients and workers connect to, e.g. `tls://dask-scheduler:8786`. */
  readonly address: string;
  /** Host name of the scheduler on its platform. */
  readonly host: string;
  /** Cluster the scheduler belongs to. */
  readonly instance: string;
  /** Whether the scheduler requires mutual TLS. */
  readonly tls: boolean;
}

/** Props of {@link DaskScheduler}. */
export interface DaskSchedulerProps {
  /** Where the scheduler runs. */
  readonly platform: IPlatform;
  /** Image reference (from a `ClusterImage`). */
  readonly image: string;
  /**
   * Workload name (container, deployment and service name).
   * @default `<instance>-scheduler`
   */
  readonly name?: string;
  /**
   * Cluster this scheduler belongs to.
   * @default derived from the construct id
   */
  readonly instance?: string;
  /**
   * CPU cores for the scheduler container.
   * @default 1
   */
  readonly cpu?: number;
  /**
   * Memory for the scheduler container, e.g. `"2Gi"`.
   * @default "2Gi"
   */
  readonly memory?: string;
  /**
   * Shut the scheduler down after this long without work (`--idle-timeout`), e.g. `"1h"`.
   * @default never
   */
  readonly idleTimeout?: string;
  /**
   * Certificate for mutual TLS; the scheduler then listens on `tls://` and requires encryption.
   * @default none: plain TCP (only for debugging; `DaskCluster` always passes one unless `tls: false`)
   */
  readonly certificate?: RoleCertificate;
  /**
   * Publish the dashboard (8787) on this port of 127.0.0.1 (Docker only).
   * @default not published
   */
  readonly dashboardHostPort?: number;
  /**
   * Publish the comm port (8786) on this port of 127.0.0.1 (Docker only), for clients on the host.
   * @default not published
   */
  readonly commHostPort?: number;
  /**
   * Extra environment variables (Dask configuration such as `DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING`).
   * @default none
   */
  readonly env?: Record<string, string>;
}

/**
 * The Dask scheduler: `dask scheduler` on port 8786 with its dashboard on
 * 8787, health-checked through `GET /health`. Only workers and notebooks of
 * the same cluster may reach the comm port, and only notebooks the dashboard.
 */
export class DaskScheduler extends Construct implements IDaskScheduler {
  public readonly address: string;
  public readonly host: string;
  public readonly instance: string;
  public readonly tls: boolean;
  /** Dashboard URL: on 127.0.0.1 when published, else the in-cluster URL. */
  public readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: DaskSchedulerProps) {
    super(scope, id);
    this.instance = checkName('DaskScheduler.instance', props.instance ?? nameFromId(id));
    const name = checkName('DaskScheduler.name', props.name ?? `${this.instance}-scheduler`);
    const cpu = checkCpu('DaskScheduler.cpu', props.cpu ?? 1);
    const memoryBytes = parseMemory('DaskScheduler.memory', props.memory ?? '2Gi');
    const idleTimeout = props.idleTimeout === undefined ? undefined : checkDuration('DaskScheduler.idleTimeout', props.idleTimeout);
    const dashboardHostPort = checkOptionalPort('DaskScheduler.dashboardHostPort', props.dashboardHostPort);
    const commHostPort = checkOptionalPort('DaskScheduler.commHostPort', props.commHostPort);
    const certificate = props.certificate;
    this.tls = certificate !== undefined;
    const env = checkEnv('DaskScheduler.env', props.env ?? {}, Object.keys(tlsEnv('scheduler', true)));

    const workload = props.platform.addWorkload(this, {
      name,
      component: 'scheduler',
      instance: this.instance,
      image: props.image,
      command: schedulerCommand({ tls: this.tls, idleTimeout }),
      env: { ...env, ...tlsEnv('scheduler', this.tls) },
      ports: [
        { name: 'comm', port: PORTS.schedulerComm, hostPort: commHostPort },
        { name: 'dashboard', port: PORTS.schedulerDashboard, hostPort: dashboardHostPort },
      ],
      health: { path: '/health', port: PORTS.schedulerDashboard, startupSeconds: 60 },
      resources: { cpu, memoryBytes, gpus: 0 },
      replicas: 1,
      addressable: true,
      volumes: [{ name: 'home', mountPath: HOME_DIR }],
      secretFiles: certificate ? { mountPath: SECRETS_DIR, files: tlsFiles(certificate) } : undefined,
      ingress: [
        { ports: [PORTS.schedulerComm], fromComponents: ['worker', 'jupyter'] },
        { ports: [PORTS.schedulerDashboard], fromComponents: ['jupyter'] },
      ],
      terminationGracePeriodSeconds: 30,
    });
    this.host = workload.host;
    this.address = `${protocol(this.tls)}://${this.host}:${PORTS.schedulerComm}`;
    this.dashboardUrl =
      dashboardHostPort !== undefined
        ? `http://127.0.0.1:${dashboardHostPort}/status`
        : `http://${this.host}:${PORTS.schedulerDashboard}/status`;
  }
}
