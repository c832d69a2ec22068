import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { formatKubernetesBytes } from '../core/quantity';
import { DeploymentV1SpecTemplateSpecVolume, PersistentVolumeClaimV1 } from '../providers/kubernetes';
import { VolumeSpec, WorkloadSpec } from '../workload';

/** Pod volume of the `/tmp` scratch space every container gets. */
export const TMP_VOLUME = 'tmp';
/** Pod volume of the workload's secret files. */
export const SECRET_VOLUME = 'secret-files';

/** Metadata of an object of the workload. */
export interface ObjectMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/**
 * The pod volume of one spec volume: an emptyDir for scratch space, else a
 * ReadWriteOnce claim, created here or an existing one. A created claim
 * depends only on the spec's size and storage class, so scaling and image
 * updates never replace it.
 */
export function podVolume(
  scope: Construct,
  spec: WorkloadSpec,
  volume: VolumeSpec,
  metadata: (name: string) => ObjectMetadata,
  provider?: TerraformProvider,
): DeploymentV1SpecTemplateSpecVolume {
  const persistent = volume.persistent;
  if (!persistent) return { name: volume.name, emptyDir: {} };
  const claimName =
    persistent.existing ??
    new PersistentVolumeClaimV1(scope, `claim-${volume.name}`, {
      provider,
      metadata: metadata(`${spec.name}-${volume.name}`),
      // Claims of a WaitForFirstConsumer class bind only once the pod exists: never wait here.
      waitUntilBound: false,
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: persistent.storageClass,
        resources: { requests: { storage: formatKubernetesBytes(persistent.sizeBytes) } },
      },
    }).metadata.name;
  return { name: volume.name, persistentVolumeClaim: { claimName } };
}
