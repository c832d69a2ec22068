import { KubernetesPlatformProps } from '../kubernetes-platform';
import { GkeNetworkRanges } from './network';
import { GpuNodePoolOptions, NodePoolOptions } from './node-pool';

/** GKE release channels. */
export type ReleaseChannel = 'RAPID' | 'REGULAR' | 'STABLE' | 'EXTENDED';

/** Props of {@link GkeCluster}. */
export interface GkeClusterProps {
  /** Google Cloud project id. */
  readonly project: string;
  /** Region of the network, the image repository and (without `zone`) the regional cluster, e.g. `europe-west1`. */
  readonly region: string;
  /**
   * Create a zonal cluster in this zone of `region` (one control plane, cheaper, no free-tier fee for the first one).
   * @default a regional cluster with nodes in three zones of `region`
   */
  readonly zone?: string;
  /**
   * Zones of the nodes of every pool (all in `region`).
   * @default `zone` for a zonal cluster, three zones chosen by GKE for a regional one
   */
  readonly nodeZones?: string[];
  /**
   * Cluster name (at most 24 characters: it prefixes the network, node account and repository names).
   * @default derived from the construct id
   */
  readonly name?: string;
  /**
   * IPv4 networks allowed to reach the Kubernetes API server (where `kubectl` and `cdktf deploy` run),
   * e.g. `["203.0.113.7/32"]`. `0.0.0.0/0` and other blocks shorter than /8 are refused.
   */
  readonly authorizedNetworks: string[];
  /**
   * Release channel: GKE upgrades the control plane and (with auto-upgrade) the nodes along it.
   * @default "REGULAR"
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * Refuse `destroy` of the cluster. To tear down: deploy once with `false`, then destroy.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Start (UTC, `HH:MM`) of the daily four-hour window in which GKE may upgrade and repair.
   * @default "03:00"
   */
  readonly maintenanceStartTime?: string;
  /**
   * Google Cloud labels on the cluster, its nodes and its repository (for cost reports).
   * @default `managed-by: dask-cdktf` and `dask-cdktf-cluster: <name>` only
   */
  readonly labels?: Record<string, string>;
  /**
   * Address ranges of nodes, pods and services.
   * @default nodes 10.10.0.0/20, pods 10.20.0.0/14, services 10.24.0.0/20
   */
  readonly networkRanges?: GkeNetworkRanges;
  /**
   * Fraction of flows sampled into VPC flow logs.
   * @default 0.5
   */
  readonly flowLogSampling?: number;
  /**
   * The on-demand pool of the scheduler, Jupyter and the cluster's own services.
   * @default e2-standard-4, 1 to 3 nodes, not Spot
   */
  readonly systemPool?: NodePoolOptions;
  /**
   * The Dask worker pool: tainted, so only workers run there.
   * @default e2-standard-4 Spot VMs, 0 to 10 nodes
   */
  readonly workerPool?: NodePoolOptions;
  /**
   * GPU pools for Dask worker pools with `gpus` > 0 (tainted like the worker pool).
   * @default none: GPU worker pools are refused at synth
   */
  readonly gpuPools?: GpuNodePoolOptions[];
  /**
   * Binary Authorization with the project's policy (the Binary Authorization API must be enabled).
   * @default true
   */
  readonly binaryAuthorization?: boolean;
  /**
   * Route pod-to-pod traffic inside a node through the VPC (flow logs, firewall) at the cost of latency
   * and flow-log volume for Dask's worker-to-worker transfers.
   * @default false
   */
  readonly intranodeVisibility?: boolean;
  /**
   * Google Group for Kubernetes RBAC (`gke-security-groups@<your domain>`, Google Workspace only).
   * @default none
   */
  readonly rbacSecurityGroup?: string;
  /**
   * Cloud KMS key (`projects/.../cryptoKeys/...`) that encrypts the image repository.
   * @default Google-managed encryption
   */
  readonly imageRepositoryKmsKey?: string;
}

/** Options of {@link GkeCluster.addPlatform}. */
export interface GkePlatformOptions extends Omit<KubernetesPlatformProps, 'provider' | 'workerPlacement' | 'gpuWorkerPlacement'> {
  /**
   * OAuth access token the kubernetes provider authenticates with.
   * @default the caller's token from a `google_client_config` data source created next to the platform (needs a google provider in that stack)
   */
  readonly accessToken?: string;
}
