/**
 * The error thrown for every invalid prop or setting. Its message names the
 * offending field and the bad value, and says what would be accepted.
 */
export class ValidationError extends Error {
  constructor(
    /** Dotted path of the prop or setting, e.g. `DaskWorkerPool.replicas`. */
    public readonly field: string,
    /** The value that was rejected. */
    public readonly value: unknown,
    /** What would have been accepted. */
    expected: string,
  ) {
    super(`${field}: invalid value ${describe(value)}: ${expected}`);
    this.name = 'ValidationError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
