import { IMAGE_USER } from '../core/dask';
import { formatKubernetesBytes, formatKubernetesCpu } from '../core/quantity';
import {
  DeploymentV1SpecTemplateSpecContainerLivenessProbe,
  DeploymentV1SpecTemplateSpecContainerSecurityContext,
  DeploymentV1SpecTemplateSpecSecurityContext,
} from '../providers/kubernetes';
import { HealthCheckSpec, ResourceSpec } from '../workload';
import { GPU_RESOURCE } from './placement';

/**
 * Pod security context of the "restricted" Pod Security Standard: the
 * image's non-root user and group, volumes owned by its group (so secret
 * files with mode 0440 and claims are readable and writable by it), and the
 * runtime's default seccomp profile.
 */
export function podSecurityContext(): DeploymentV1SpecTemplateSpecSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: String(IMAGE_USER.uid),
    runAsGroup: String(IMAGE_USER.gid),
    fsGroup: String(IMAGE_USER.gid),
    // Only chown a claim when its root is not already owned by fsGroup: large notebook volumes mount fast.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container security context of the "restricted" Pod Security Standard, with a read-only root filesystem. */
export function containerSecurityContext(): DeploymentV1SpecTemplateSpecContainerSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: String(IMAGE_USER.uid),
    runAsGroup: String(IMAGE_USER.gid),
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Requests equal to limits for CPU and memory (Guaranteed QoS), plus the GPUs when there are any. */
export function containerResources(resources: ResourceSpec) {
  const amounts: Record<string, string> = {
    cpu: formatKubernetesCpu(resources.cpu),
    memory: formatKubernetesBytes(resources.memoryBytes),
    ...(resources.gpus > 0 ? { [GPU_RESOURCE]: String(resources.gpus) } : {}),
  };
  return { requests: { ...amounts }, limits: { ...amounts } };
}

/** Seconds between startup probes. */
const STARTUP_PERIOD = 10;

/**
 * Startup, readiness and liveness probes on the workload's HTTP health
 * endpoint. Timeouts are generous (a scheduler busy with a large graph
 * answers `/health` late, and the dask-kubernetes operator learned that 1 s
 * kills healthy schedulers): the startup probe allows the workload's whole
 * startup time, readiness drops a pod from its Service after 30 s without
 * an answer, and liveness restarts it only after 2 minutes.
 */
export function probes(health: HealthCheckSpec): {
  startupProbe: DeploymentV1SpecTemplateSpecContainerLivenessProbe;
  readinessProbe: DeploymentV1SpecTemplateSpecContainerLivenessProbe;
  livenessProbe: DeploymentV1SpecTemplateSpecContainerLivenessProbe;
} {
  const httpGet = { path: health.path, port: String(health.port), scheme: 'HTTP' };
  return {
    startupProbe: {
      httpGet,
      periodSeconds: STARTUP_PERIOD,
      timeoutSeconds: 5,
      failureThreshold: Math.max(3, Math.ceil(health.startupSeconds / STARTUP_PERIOD)),
      successThreshold: 1,
    },
    readinessProbe: { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 },
    livenessProbe: { httpGet, periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 6, successThreshold: 1 },
  };
}
