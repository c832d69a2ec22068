import { ValidationError } from '../core/errors';
import { WorkloadSpec } from '../workload';

/** Prefix of the recommended Kubernetes labels. */
const APP = 'app.kubernetes.io';

/** Label keys: `[prefix/]name`, the prefix a DNS subdomain, the name at most 63 characters. */
const LABEL_KEY = /^(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/)?([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
/** Label values: empty, or at most 63 characters of letters, digits, `-`, `_`, `.`, starting and ending alphanumeric. */
const LABEL_VALUE = /^(|[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/** Labels that select the pods of one workload (the Deployment selector: never change them). */
export function selectorLabels(spec: Pick<WorkloadSpec, 'name' | 'instance'>): Record<string, string> {
  return { [`${APP}/name`]: spec.name, [`${APP}/instance`]: spec.instance };
}

/** Labels that select every pod of one cluster instance. */
export function instanceLabels(instance: string): Record<string, string> {
  return { [`${APP}/instance`]: instance, [`${APP}/part-of`]: 'dask-cdktf' };
}

/** Labels that select the pods of one component (`worker`, `jupyter`, ...) of one instance. */
export function componentLabels(instance: string, component: string): Record<string, string> {
  return { ...instanceLabels(instance), [`${APP}/component`]: component };
}

/** The recommended labels of every object of a workload, plus the user's extra labels. */
export function workloadLabels(spec: WorkloadSpec, extra: Record<string, string>): Record<string, string> {
  return {
    ...extra,
    ...selectorLabels(spec),
    [`${APP}/component`]: spec.component,
    [`${APP}/part-of`]: 'dask-cdktf',
    [`${APP}/managed-by`]: 'cdktf',
  };
}

/** Labels of objects that belong to the platform rather than to one workload (namespace, default policies). */
export function platformLabels(extra: Record<string, string>): Record<string, string> {
  return { ...extra, [`${APP}/part-of`]: 'dask-cdktf', [`${APP}/managed-by`]: 'cdktf' };
}

/**
 * Checks the user's extra labels: valid keys and values, and none of the
 * `app.kubernetes.io/*` or `pod-security.kubernetes.io/*` keys this library sets.
 */
export function checkLabels(field: string, labels: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(labels)) {
    const name = LABEL_KEY.exec(key)?.[5];
    if (key.length > 317 || !name || name.length > 63) {
      throw new ValidationError(`${field}.${key}`, key, 'expected a label key such as "team" or "example.com/team"');
    }
    if (key.startsWith(`${APP}/`) || key.startsWith('pod-security.kubernetes.io/')) {
      throw new ValidationError(`${field}.${key}`, key, 'this label is set by dask-cdktf and cannot be overridden');
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      throw new ValidationError(`${field}.${key}`, value, 'expected a label value of at most 63 letters, digits, "-", "_" or "."');
    }
  }
  return labels;
}
