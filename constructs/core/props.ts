import { ValidationError } from './errors';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DURATION = /^\d+(\.\d+)?(ms|s|m|h|d)?$/;

/**
 * Checks user-given environment variables: valid names, string values, and
 * none of the names this library sets itself (`reserved`).
 */
export function checkEnv(field: string, env: Record<string, string>, reserved: readonly string[]): Record<string, string> {
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name))
      throw new ValidationError(`${field}.${name}`, name, 'expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*)');
    if (typeof value !== 'string') throw new ValidationError(`${field}.${name}`, value, 'expected a string value');
    if (reserved.includes(name))
      throw new ValidationError(`${field}.${name}`, value, 'this variable is set by dask-cdktf and cannot be overridden');
  }
  return env;
}

/** Checks a Dask duration such as `"30m"`, `"1h"` or `"3600s"`. */
export function checkDuration(field: string, value: string): string {
  if (typeof value !== 'string' || !DURATION.test(value)) {
    throw new ValidationError(field, value, 'expected a duration such as "30m", "1h" or "3600s"');
  }
  return value;
}
