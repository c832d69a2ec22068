import { ValidationError } from '../core/errors';
import { checkInteger } from '../core/validation';

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const ZONE = /^([a-z]+-[a-z]+[0-9]+)-[a-z]$/;
const MACHINE_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;
const ACCELERATOR = /^nvidia-[a-z0-9-]+$/;
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const GCP_LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const GCP_LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** The block as written, e.g. `203.0.113.0/24`. */
  readonly block: string;
  /** Network address as an unsigned 32-bit number. */
  readonly start: number;
  /** Prefix length (0-32). */
  readonly prefix: number;
}

/** Checks a Google Cloud project id (6-30 lower-case letters, digits and hyphens, starting with a letter). */
export function checkProjectId(field: string, value: string): string {
  if (typeof value !== 'string' || !PROJECT_ID.test(value)) {
    throw new ValidationError(
      field,
      value,
      'expected a Google Cloud project id such as "my-project-123" (6-30 lower-case letters, digits and "-")',
    );
  }
  return value;
}

/** Checks a Compute Engine region such as `europe-west1`. */
export function checkRegion(field: string, value: string): string {
  if (typeof value !== 'string' || !REGION.test(value)) {
    const hint = typeof value === 'string' && ZONE.test(value) ? ` ("${value}" is a zone; its region is "${ZONE.exec(value)![1]}")` : '';
    throw new ValidationError(field, value, `expected a region such as "europe-west1" or "us-central1"${hint}`);
  }
  return value;
}

/** Checks a Compute Engine zone such as `europe-west1-b` and returns its region. */
export function regionOfZone(field: string, value: string): string {
  const match = typeof value === 'string' ? ZONE.exec(value) : null;
  if (!match) throw new ValidationError(field, value, 'expected a zone such as "europe-west1-b" or "us-central1-a"');
  return match[1];
}

/** Checks a machine type such as `e2-standard-4`, `n2d-highmem-8` or `g2-standard-4`. */
export function checkMachineType(field: string, value: string): string {
  if (typeof value !== 'string' || !MACHINE_TYPE.test(value)) {
    throw new ValidationError(field, value, 'expected a Compute Engine machine type such as "e2-standard-4"');
  }
  return value;
}

/** Checks an NVIDIA accelerator type such as `nvidia-l4` or `nvidia-tesla-t4`. */
export function checkAcceleratorType(field: string, value: string): string {
  if (typeof value !== 'string' || !ACCELERATOR.test(value)) {
    throw new ValidationError(field, value, 'expected an NVIDIA accelerator type such as "nvidia-l4" or "nvidia-tesla-t4"');
  }
  return value;
}

/** Checks a daily time `HH:MM` (UTC). */
export function checkTimeOfDay(field: string, value: string): string {
  if (typeof value !== 'string' || !HH_MM.test(value))
    throw new ValidationError(field, value, 'expected a time of day "HH:MM" (UTC), e.g. "03:00"');
  return value;
}

/**
 * Parses an IPv4 CIDR block. The address must be the network address of the
 * block (no host bits set), so that what is written is what is allowed.
 */
export function parseCidr(field: string, value: string): Cidr {
  const match = typeof value === 'string' ? IPV4_CIDR.exec(value.trim()) : null;
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : -1;
  if (!match || octets.some((octet) => octet > 255) || prefix > 32) {
    throw new ValidationError(field, value, 'expected an IPv4 CIDR block such as "203.0.113.0/24" or "198.51.100.7/32"');
  }
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const start = address - (address % size);
  if (start !== address) {
    throw new ValidationError(field, value, `host bits are set: the block is ${formatAddress(start)}/${prefix}`);
  }
  return { block: value.trim(), start, prefix };
}

/**
 * Checks the networks allowed to reach the cluster's control plane: at least
 * one, each a valid IPv4 block, none that opens the API server to the whole
 * internet (`0.0.0.0/0`, or any block shorter than /8).
 */
export function checkAuthorizedNetworks(field: string, blocks: readonly string[]): Cidr[] {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new ValidationError(
      field,
      blocks,
      'expected at least one CIDR block allowed to reach the control plane, e.g. your public IP as "203.0.113.7/32"',
    );
  }
  return blocks.map((block, index) => {
    const cidr = parseCidr(`${field}[${index}]`, block);
    if (cidr.prefix < 8) {
      throw new ValidationError(
        `${field}[${index}]`,
        block,
        'this opens the Kubernetes API server to (a large part of) the internet; list the networks you deploy from, e.g. "203.0.113.7/32"',
      );
    }
    return cidr;
  });
}

/** Throws when two of the named blocks overlap (GKE refuses overlapping node, pod and service ranges). */
export function checkDisjoint(field: string, ranges: Record<string, Cidr>): void {
  const entries = Object.entries(ranges);
  for (const [i, [nameA, a]] of entries.entries()) {
    for (const [nameB, b] of entries.slice(i + 1)) {
      const endA = a.start + 2 ** (32 - a.prefix);
      const endB = b.start + 2 ** (32 - b.prefix);
      if (a.start < endB && b.start < endA) {
        throw new ValidationError(`${field}.${nameB}`, b.block, `overlaps the ${nameA} range ${a.block}`);
      }
    }
  }
}

/** Checks the size limits of an autoscaled node pool and returns them. */
export function checkPoolSize(field: string, min: number, max: number, lowest = 0): { min: number; max: number } {
  checkInteger(`${field}.minNodes`, min, lowest, 1000);
  checkInteger(`${field}.maxNodes`, max, Math.max(1, lowest), 1000);
  if (max < min) throw new ValidationError(`${field}.maxNodes`, max, `must be at least minNodes (${min})`);
  return { min, max };
}

/** Checks Google Cloud resource labels (lower-case keys and values). */
export function checkGcpLabels(field: string, labels: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(labels)) {
    if (!GCP_LABEL_KEY.test(key))
      throw new ValidationError(
        `${field}.${key}`,
        key,
        'expected a label key of lower-case letters, digits, "_" and "-", starting with a letter',
      );
    if (typeof value !== 'string' || !GCP_LABEL_VALUE.test(value)) {
      throw new ValidationError(`${field}.${key}`, value, 'expected a label value of at most 63 lower-case letters, digits, "_" and "-"');
    }
  }
  return labels;
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}
