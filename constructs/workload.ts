import { Construct } from 'constructs';

/**
 * Platform-neutral description of one workload (a scheduler, a worker pool,
 * a notebook server). The Dask constructs produce it; a platform turns it
 * into Docker or Kubernetes resources. Plain data: no provider types.
 */
export interface WorkloadSpec {
  /** DNS-1123 name, unique per platform; the container, deployment and service names derive from it. */
  readonly name: string;
  /** Role inside the cluster: `scheduler`, `worker` or `jupyter`; used for labels and network rules. */
  readonly component: string;
  /** Name of the cluster this workload belongs to (`app.kubernetes.io/instance`). */
  readonly instance: string;
  /** Image reference every replica runs. */
  readonly image: string;
  /** Command and arguments (the image entrypoint stays in place). */
  readonly command: string[];
  /** Environment variables (never secrets: those go in {@link secretFiles}). */
  readonly env: Record<string, string>;
  /** Ports the process listens on. */
  readonly ports: PortSpec[];
  /** HTTP health endpoint served inside the container. */
  readonly health: HealthCheckSpec;
  /** CPU and memory of one replica: used as request and limit. */
  readonly resources: ResourceSpec;
  /** Number of identical replicas. */
  readonly replicas: number;
  /** Whether other workloads reach this one by a stable name (a Service on Kubernetes). */
  readonly addressable: boolean;
  /** Writable mounts; the root filesystem is always read-only and `/tmp` is always scratch. */
  readonly volumes: VolumeSpec[];
  /** Secret files mounted read-only into one directory, readable by the container user only. */
  readonly secretFiles?: SecretFilesSpec;
  /** Who may connect to which ports; everything else is denied where the platform can enforce it. */
  readonly ingress: IngressRule[];
  /** Node placement on Kubernetes (ignored on Docker). */
  readonly placement?: PlacementSpec;
  /** Seconds a replica gets to finish after the stop signal (workers hand off their data). */
  readonly terminationGracePeriodSeconds: number;
}

/** A port the workload listens on. */
export interface PortSpec {
  /** Short name (`comm`, `dashboard`, `http`), at most 15 characters. */
  readonly name: string;
  /** Port inside the container. */
  readonly port: number;
  /** Host port to publish on 127.0.0.1 on Docker; not published when absent. */
  readonly hostPort?: number;
}

/** An HTTP GET health check. */
export interface HealthCheckSpec {
  /** Path, e.g. `/health`. */
  readonly path: string;
  /** Port inside the container. */
  readonly port: number;
  /** Seconds the process may take to start before failures count. */
  readonly startupSeconds: number;
}

/** Resources of one replica. */
export interface ResourceSpec {
  /** CPU cores (fractions allowed). */
  readonly cpu: number;
  /** Memory in bytes. */
  readonly memoryBytes: number;
  /** NVIDIA GPUs per replica (0 for none). */
  readonly gpus: number;
}

/** A writable mount. */
export interface VolumeSpec {
  /** Short name, unique within the workload. */
  readonly name: string;
  /** Mount path inside the container. */
  readonly mountPath: string;
  /** Persistent storage that outlives replicas, scaling and image changes; scratch space when absent. */
  readonly persistent?: PersistentVolumeSpec;
}

/** Persistent storage for a volume. */
export interface PersistentVolumeSpec {
  /** Requested size in bytes (Kubernetes claims). */
  readonly sizeBytes: number;
  /** Storage class on Kubernetes; the cluster default when absent. */
  readonly storageClass?: string;
  /** Name of an existing volume or claim to use instead of creating one: it is never deleted by this stack. */
  readonly existing?: string;
}

/** Secret files mounted read-only into one directory. */
export interface SecretFilesSpec {
  /** Directory inside the container. */
  readonly mountPath: string;
  /** File name to content (PEM text, tokens). */
  readonly files: Record<string, string>;
}

/** Allows connections to some ports from some components of the same cluster. */
export interface IngressRule {
  /** Destination ports. */
  readonly ports: number[];
  /** Components of the same instance allowed to connect (e.g. `worker`, `jupyter`). */
  readonly fromComponents: string[];
}

/** Node placement on Kubernetes. */
export interface PlacementSpec {
  /** Node labels the pods require. */
  readonly nodeSelector?: Record<string, string>;
  /** Taints the pods tolerate. */
  readonly tolerations?: TolerationSpec[];
}

/** A Kubernetes toleration. */
export interface TolerationSpec {
  /** Taint key. */
  readonly key: string;
  /** `Equal` or `Exists`. */
  readonly operator: 'Equal' | 'Exists';
  /** Taint value (with `Equal`). */
  readonly value?: string;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`; all effects when absent. */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** What a platform returns for a workload it rendered. */
export interface IWorkload {
  /** Name other workloads use to reach it (container name or service name). */
  readonly host: string;
}

/** Renders workloads on one target (a Docker engine, a Kubernetes namespace). */
export interface IPlatform {
  /** `docker` or `kubernetes`. */
  readonly kind: string;
  /** The host name under which the workload `name` is reached by the others. */
  hostName(name: string): string;
  /** All DNS names a certificate for workload `name` should carry. */
  dnsNames(name: string): string[];
  /** Creates the resources of `spec` inside `scope`. */
  addWorkload(scope: Construct, spec: WorkloadSpec): IWorkload;
}
