import { ValidationError } from '../core/errors';
import { PlacementSpec, TolerationSpec } from '../workload';

/** The extended resource the NVIDIA device plugin advertises (and the taint key GKE puts on GPU nodes). */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** Node labels that only GPU nodes carry (GKE, NVIDIA GPU feature discovery). */
const GPU_NODE_LABELS = ['cloud.google.com/gke-accelerator', 'nvidia.com/gpu.present', 'nvidia.com/gpu.product'];

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * Merges a workload's own placement with the placement the platform adds
 * (e.g. the worker node pool of a GKE cluster). Node selectors are merged
 * key by key, and the same key with two different values is an error: the
 * pods could never be scheduled. Tolerations are concatenated without duplicates.
 */
export function mergePlacement(field: string, own: PlacementSpec | undefined, added: PlacementSpec | undefined): PlacementSpec {
  const nodeSelector: Record<string, string> = { ...own?.nodeSelector };
  for (const [key, value] of Object.entries(added?.nodeSelector ?? {})) {
    if (key in nodeSelector && nodeSelector[key] !== value) {
      throw new ValidationError(
        `${field}.nodeSelector.${key}`,
        nodeSelector[key],
        `conflicts with the platform's placement, which requires ${key}=${value}; the pods could never be scheduled`,
      );
    }
    nodeSelector[key] = value;
  }
  const tolerations: TolerationSpec[] = [];
  const seen = new Set<string>();
  for (const [index, toleration] of [...(own?.tolerations ?? []), ...(added?.tolerations ?? [])].entries()) {
    checkToleration(`${field}.tolerations[${index}]`, toleration);
    const key = JSON.stringify([toleration.key, toleration.operator, toleration.value ?? '', toleration.effect ?? '']);
    if (seen.has(key)) continue;
    seen.add(key);
    tolerations.push(toleration);
  }
  return { nodeSelector, tolerations };
}

/** Whether the placement asks for GPU nodes (tolerates the GPU taint or selects a GPU node label). */
export function targetsGpuNodes(placement: PlacementSpec): boolean {
  return (
    (placement.tolerations ?? []).some((toleration) => toleration.key === GPU_RESOURCE) ||
    Object.keys(placement.nodeSelector ?? {}).some((key) => GPU_NODE_LABELS.includes(key))
  );
}

/** The tolerations in the provider's shape, in a stable order. */
export function tolerationsOf(placement: PlacementSpec) {
  return (placement.tolerations ?? []).map((toleration) => ({
    key: toleration.key,
    operator: toleration.operator,
    value: toleration.value,
    effect: toleration.effect,
  }));
}

function checkToleration(field: string, toleration: TolerationSpec): void {
  if (typeof toleration.key !== 'string' || toleration.key === '') {
    throw new ValidationError(`${field}.key`, toleration.key, 'expected the taint key, e.g. "nvidia.com/gpu"');
  }
  if (toleration.operator !== 'Equal' && toleration.operator !== 'Exists') {
    throw new ValidationError(`${field}.operator`, toleration.operator, 'expected "Equal" or "Exists"');
  }
  if (toleration.operator === 'Exists' && toleration.value !== undefined) {
    throw new ValidationError(`${field}.value`, toleration.value, 'must be absent with operator "Exists"');
  }
  if (toleration.effect !== undefined && !EFFECTS.includes(toleration.effect)) {
    throw new ValidationError(`${field}.effect`, toleration.effect, `expected one of ${EFFECTS.join(', ')}`);
  }
}
