/** One difference between two JSON values, at a dotted path. */
export interface Difference {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
}

/** Lists where two parsed JSON documents differ (object key order is ignored). */
export function jsonDiff(before: unknown, after: unknown, path = ''): Difference[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const at = path ? `${path}.${key}` : key;
      if (!(key in before)) return [{ path: at, kind: 'added' as const }];
      if (!(key in after)) return [{ path: at, kind: 'removed' as const }];
      return jsonDiff(before[key], after[key], at);
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, kind: 'changed' }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
