import { ValidationError } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks that `value` is a DNS-1123 label (lower-case letters, digits and `-`,
 * starting and ending with a letter or digit, at most `maxLength` characters).
 * Such names are valid for Docker containers and volumes and for every
 * Kubernetes object this library creates.
 */
export function checkName(field: string, value: string, maxLength = 63): string {
  if (typeof value !== 'string' || !DNS_LABEL.test(value) || value.length > maxLength) {
    throw new ValidationError(
      field,
      value,
      `expected a DNS-1123 label of at most ${maxLength} characters: lower-case letters, digits and "-", starting and ending with a letter or digit`,
    );
  }
  return value;
}

/** Checks an integer within `[min, max]`. */
export function checkInteger(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new ValidationError(field, value, `expected an integer ${range}`);
  }
  return value;
}

/** Checks a TCP port number (1-65535). */
export function checkPort(field: string, value: number): number {
  return checkInteger(field, value, 1, 65535);
}

/** Checks an optional TCP port; `undefined` passes through. */
export function checkOptionalPort(field: string, value: number | undefined): number | undefined {
  return value === undefined ? undefined : checkPort(field, value);
}

/** Checks that no two entries share a value; `label` names what the entries are. */
export function checkUnique(field: string, values: readonly string[], label: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new ValidationError(field, value, `${label} must be unique, and this one is used twice`);
    seen.add(value);
  }
}

/**
 * Turns a construct id into a default DNS-1123 name: lower-cased, other
 * characters replaced by `-`. The result is still checked by the caller.
 */
export function nameFromId(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
