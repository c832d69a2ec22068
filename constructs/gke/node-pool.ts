import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from '../core/errors';
import { checkInteger, checkName } from '../core/validation';
import { ContainerNodePool, ContainerNodePoolNodeConfigTaint } from '../providers/google';
import { PlacementSpec } from '../workload';
import { checkAcceleratorType, checkMachineType, checkPoolSize, regionOfZone } from './validation';

/** Node label that tells the pools of a cluster apart (`system`, `workers`, `gpu-workers`). */
export const POOL_ROLE_LABEL = 'dask-cdktf/pool';
/** Taint that keeps everything but Dask workers off the worker pools. */
export const WORKER_TAINT = { key: 'dask-cdktf/workers', value: 'true' } as const;
/** The taint GKE puts on every GPU node (pods that request GPUs tolerate it automatically). */
export const GPU_TAINT_KEY = 'nvidia.com/gpu';

/** Sizing of a node pool. */
export interface NodePoolOptions {
  /**
   * Compute Engine machine type of the nodes.
   * @default "e2-standard-4" (4 vCPU, 16 GB)
   */
  readonly machineType?: string;
  /**
   * Fewest nodes the autoscaler keeps (in the whole pool, not per zone).
   * @default 1 for the system pool, 0 for worker and GPU pools
   */
  readonly minNodes?: number;
  /**
   * Most nodes the autoscaler creates (in the whole pool).
   * @default 3 for the system pool, 10 for the worker pool, 2 for GPU pools
   */
  readonly maxNodes?: number;
  /**
   * Spot VMs: 60-91% cheaper, but Compute Engine may reclaim them at any time with 30 seconds' notice.
   * @default false for the system pool, true for worker and GPU pools
   */
  readonly spot?: boolean;
  /**
   * Boot disk size in GB (images, and Dask's spill directory on workers).
   * @default 50 for the system pool, 100 otherwise
   */
  readonly diskSizeGb?: number;
  /**
   * Boot disk type: `pd-balanced`, `pd-ssd` or `pd-standard`.
   * @default "pd-balanced"
   */
  readonly diskType?: string;
  /**
   * Zones of the nodes (all in the cluster's region), e.g. where a GPU type is available.
   * @default the cluster's zones
   */
  readonly zones?: string[];
}

/** A pool of GPU nodes for GPU worker pools. */
export interface GpuNodePoolOptions extends NodePoolOptions {
  /** Pool name suffix (the GKE pool is `gpu-<name>`), a DNS label of at most 20 characters. */
  readonly name: string;
  /** Accelerator type, e.g. `nvidia-l4` (with a `g2-*` machine type) or `nvidia-tesla-t4` (with `n1-*`). */
  readonly acceleratorType: string;
  /**
   * Accelerators per node.
   * @default 1
   */
  readonly acceleratorCount?: number;
  /**
   * NVIDIA driver GKE installs: `DEFAULT` or `LATEST`.
   * @default "DEFAULT"
   */
  readonly driverVersion?: 'DEFAULT' | 'LATEST';
}

/** What a pool is for: it decides labels, taints and defaults. */
export type NodePoolRole = 'system' | 'workers' | 'gpu-workers';

/** Props of {@link GkeNodePool}. */
export interface GkeNodePoolProps extends NodePoolOptions {
  /** GKE name of the pool. */
  readonly name: string;
  /** What the pool is for. */
  readonly role: NodePoolRole;
  /** The cluster (name or id) and its location. */
  readonly cluster: string;
  /** Project of the cluster. */
  readonly project: string;
  /** Location (region or zone) of the cluster. */
  readonly location: string;
  /** Region of the cluster, to check `zones`. */
  readonly region: string;
  /** E-mail of the node service account. */
  readonly serviceAccount: string;
  /** Google Cloud labels of the node VMs. */
  readonly resourceLabels: Record<string, string>;
  /** Accelerators of a GPU pool. */
  readonly gpu?: Pick<GpuNodePoolOptions, 'acceleratorType' | 'acceleratorCount' | 'driverVersion'>;
  /** Resources the pool must wait for (e.g. the node account's role bindings). */
  readonly dependsOn?: ITerraformDependable[];
}

const DISK_TYPES = ['pd-balanced', 'pd-ssd', 'pd-standard'];
const DEFAULTS: Record<NodePoolRole, { min: number; max: number; spot: boolean; disk: number; machine: string }> = {
  system: { min: 1, max: 3, spot: false, disk: 50, machine: 'e2-standard-4' },
  workers: { min: 0, max: 10, spot: true, disk: 100, machine: 'e2-standard-4' },
  'gpu-workers': { min: 0, max: 2, spot: true, disk: 100, machine: 'g2-standard-4' },
};

/**
 * One autoscaled GKE node pool with the hardened node settings of
 * terraform-google-modules' safer-cluster: Container-Optimized OS with
 * containerd, Shielded VM secure boot and integrity monitoring, the GKE
 * metadata server (pods never see the node's credentials), auto-repair and
 * auto-upgrade, legacy metadata endpoints off, and the dedicated node
 * service account. Worker and GPU pools are tainted so that only Dask
 * workers, which get the matching toleration and node selector, land there.
 */
export class GkeNodePool extends Construct {
  /** The node pool. */
  public readonly pool: ContainerNodePool;
  /** Most accelerators one node offers (0 for CPU pools). */
  public readonly acceleratorsPerNode: number;

  constructor(scope: Construct, id: string, props: GkeNodePoolProps) {
    super(scope, id);
    const prefix = {
      system: 'GkeCluster.systemPool',
      workers: 'GkeCluster.workerPool',
      'gpu-workers': `GkeCluster.gpuPools(${props.name})`,
    }[props.role];
    const field = (prop: string) => `${prefix}.${prop}`;
    const defaults = DEFAULTS[props.role];
    checkName(field('name'), props.name, 40);
    const machineType = checkMachineType(field('machineType'), props.machineType ?? defaults.machine);
    const size = checkPoolSize(prefix, props.minNodes ?? defaults.min, props.maxNodes ?? defaults.max, props.role === 'system' ? 1 : 0);
    const diskSizeGb = checkInteger(field('diskSizeGb'), props.diskSizeGb ?? defaults.disk, 20, 65536);
    const diskType = props.diskType ?? 'pd-balanced';
    if (!DISK_TYPES.includes(diskType)) throw new ValidationError(field('diskType'), diskType, `expected one of ${DISK_TYPES.join(', ')}`);
    for (const zone of props.zones ?? []) {
      if (regionOfZone(field('zones'), zone) !== props.region) {
        throw new ValidationError(field('zones'), zone, `expected a zone of the cluster's region ${props.region}`);
      }
    }
    if ((props.role === 'gpu-workers') !== (props.gpu !== undefined)) {
      throw new ValidationError(field('gpu'), props.gpu, 'GPU accelerators belong to GPU pools only');
    }
    const gpu = props.gpu;
    if (gpu) checkAcceleratorType(field('acceleratorType'), gpu.acceleratorType);
    this.acceleratorsPerNode = gpu ? checkInteger(field('acceleratorCount'), gpu.acceleratorCount ?? 1, 1, 16) : 0;
    if (gpu?.driverVersion !== undefined && !['DEFAULT', 'LATEST'].includes(gpu.driverVersion)) {
      throw new ValidationError(field('driverVersion'), gpu.driverVersion, 'expected "DEFAULT" or "LATEST"');
    }
    const taint: ContainerNodePoolNodeConfigTaint[] =
      props.role === 'system' ? [] : [{ key: WORKER_TAINT.key, value: WORKER_TAINT.value, effect: 'NO_SCHEDULE' }];

    this.pool = new ContainerNodePool(this, 'pool', {
      project: props.project,
      location: props.location,
      cluster: props.cluster,
      name: props.name,
      nodeLocations: props.zones?.length ? [...props.zones] : undefined,
      // Per zone, at creation only: the autoscaler owns the size afterwards.
      initialNodeCount: props.role === 'system' ? 1 : 0,
      autoscaling: {
        totalMinNodeCount: size.min,
        totalMaxNodeCount: size.max,
        // ANY lets Spot pools take capacity from whichever zone has it, which lowers preemptions.
        locationPolicy: (props.spot ?? defaults.spot) ? 'ANY' : 'BALANCED',
      },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType,
        diskSizeGb,
        diskType,
        imageType: 'COS_CONTAINERD',
        spot: props.spot ?? defaults.spot,
        serviceAccount: props.serviceAccount,
        // Access is governed by the account's IAM roles; the scope only stops narrowing it.
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        labels: { [POOL_ROLE_LABEL]: props.role },
        resourceLabels: props.resourceLabels,
        metadata: { 'disable-legacy-endpoints': 'true' },
        taint: taint.length ? taint : undefined,
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        guestAccelerator: gpu
          ? [
              {
                type: gpu.acceleratorType,
                count: this.acceleratorsPerNode,
                gpuDriverInstallationConfig: { gpuDriverVersion: gpu.driverVersion ?? 'DEFAULT' },
              },
            ]
          : undefined,
      },
      dependsOn: props.dependsOn,
      lifecycle: { ignoreChanges: ['initial_node_count'] },
      timeouts: { create: '30m', update: '30m', delete: '30m' },
    });
  }

  /** The placement that sends pods to this pool: its role label and the tolerations of its taints. */
  public get placement(): PlacementSpec {
    return GkeNodePool.placementFor(this.acceleratorsPerNode > 0 ? 'gpu-workers' : 'workers');
  }

  /** The placement of pods that belong on pools of `role` (none for the untainted system pool). */
  public static placementFor(role: NodePoolRole): PlacementSpec {
    if (role === 'system') return {};
    return {
      nodeSelector: { [POOL_ROLE_LABEL]: role },
      tolerations: [
        { key: WORKER_TAINT.key, operator: 'Equal', value: WORKER_TAINT.value, effect: 'NoSchedule' },
        ...(role === 'gpu-workers' ? [{ key: GPU_TAINT_KEY, operator: 'Exists' as const, effect: 'NoSchedule' as const }] : []),
      ],
    };
  }
}
