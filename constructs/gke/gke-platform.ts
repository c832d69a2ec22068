import { Construct } from 'constructs';
import { ValidationError } from '../core/errors';
import { KubernetesPlatform, KubernetesPlatformProps } from '../kubernetes-platform';
import { IWorkload, WorkloadSpec } from '../workload';

/** Props of {@link GkeKubernetesPlatform}. */
export interface GkeKubernetesPlatformProps extends KubernetesPlatformProps {
  /** Name of the GKE cluster, for error messages. */
  readonly clusterName: string;
  /** Most GPUs one node of the cluster's GPU pools offers (0: the cluster has no GPU pool). */
  readonly maxGpusPerNode: number;
}

/**
 * The {@link KubernetesPlatform} a `GkeCluster` hands out: the same
 * rendering, plus a check at synth that every GPU worker pool has GPU nodes
 * that can hold one of its workers (a pod that requests more GPUs than any
 * node has stays Pending forever, and `deploy` would only time out).
 */
export class GkeKubernetesPlatform extends KubernetesPlatform {
  private readonly clusterName: string;
  private readonly maxGpusPerNode: number;

  constructor(scope: Construct, id: string, props: GkeKubernetesPlatformProps) {
    const { clusterName, maxGpusPerNode, ...platformProps } = props;
    super(scope, id, platformProps);
    this.clusterName = clusterName;
    this.maxGpusPerNode = maxGpusPerNode;
  }

  public addWorkload(scope: Construct, spec: WorkloadSpec): IWorkload {
    const gpus = spec.resources.gpus;
    if (gpus > 0 && this.maxGpusPerNode === 0) {
      throw new ValidationError(
        `${spec.name}.gpus`,
        gpus,
        `the GKE cluster ${this.clusterName} has no GPU node pool, so these workers could never be scheduled: add one to GkeCluster.gpuPools (in the gke environment: DASK_CDKTF_GKE_GPU_TYPE)`,
      );
    }
    if (gpus > this.maxGpusPerNode) {
      throw new ValidationError(
        `${spec.name}.gpus`,
        gpus,
        `the GPU nodes of the GKE cluster ${this.clusterName} have at most ${this.maxGpusPerNode} GPU(s) each, so these workers could never be scheduled`,
      );
    }
    return super.addWorkload(scope, spec);
  }
}
