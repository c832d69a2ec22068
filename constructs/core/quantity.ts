import { ValidationError } from './errors';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?$/;

/**
 * Parses a memory quantity in the Kubernetes notation (`"4Gi"`, `"512Mi"`,
 * `"2G"`, `"1073741824"`) into bytes. Throws a {@link ValidationError} naming
 * `field` for anything else, including zero.
 */
export function parseMemory(field: string, value: string): number {
  const match = typeof value === 'string' ? MEMORY.exec(value.trim()) : null;
  if (!match) {
    throw new ValidationError(field, value, 'expected a memory quantity such as "4Gi", "512Mi" or "2G"');
  }
  const unit = match[2];
  const bytes = Math.round(Number(match[1]) * (unit ? (BINARY[unit] ?? DECIMAL[unit]) : 1));
  if (bytes <= 0) throw new ValidationError(field, value, 'expected a memory quantity greater than zero');
  return bytes;
}

/** Validates a CPU amount in cores (fractions allowed, e.g. `0.5`). */
export function checkCpu(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(field, value, 'expected a number of CPU cores greater than zero, e.g. 1 or 0.5');
  }
  if (Math.round(value * 1000) !== value * 1000) {
    throw new ValidationError(field, value, 'expected at most three decimals (millicores)');
  }
  return value;
}

/** Formats bytes the way Dask reads them: `"4GiB"`, `"512MiB"`, or plain bytes. */
export function formatDaskBytes(bytes: number): string {
  for (const [suffix, size] of [
    ['GiB', BINARY.Gi],
    ['MiB', BINARY.Mi],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

/** Formats bytes as a Kubernetes quantity: `"4Gi"`, `"512Mi"`, or plain bytes. */
export function formatKubernetesBytes(bytes: number): string {
  for (const suffix of ['Ti', 'Gi', 'Mi', 'Ki'] as const) {
    if (bytes % BINARY[suffix] === 0) return `${bytes / BINARY[suffix]}${suffix}`;
  }
  return String(bytes);
}

/** Formats cores as a Kubernetes CPU quantity: `"2"` or `"500m"`. */
export function formatKubernetesCpu(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/** Memory in whole MiB, as the Docker provider's `memory` attribute takes it (rounded up). */
export function toMebibytes(bytes: number): number {
  return Math.ceil(bytes / BINARY.Mi);
}
