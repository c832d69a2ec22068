import { ValidationError } from '../constructs/core/errors';
import { checkCpu, parseMemory } from '../constructs/core/quantity';
import { checkInteger, checkName, checkPort } from '../constructs/core/validation';

/** Prefix of every environment variable the stacks read. */
export const PREFIX = 'DASK_CDKTF_';

type Env = Record<string, string | undefined>;

/**
 * Typed readers for `DASK_CDKTF_*` environment variables. An unset or empty
 * variable gives the default; a malformed one throws a {@link ValidationError}
 * naming the variable and the value.
 */
export class EnvConfig {
  constructor(private readonly env: Env = process.env) {}

  /** The raw value, or undefined when unset or empty. */
  public raw(name: string): string | undefined {
    const value = this.env[PREFIX + name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  public string(name: string, fallback: string): string;
  public string(name: string): string | undefined;
  public string(name: string, fallback?: string): string | undefined {
    return this.raw(name) ?? fallback;
  }

  public integer(name: string, fallback: number, min = 0): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) throw new ValidationError(PREFIX + name, value, `expected an integer >= ${min}`);
    return checkInteger(PREFIX + name, Number(value), min);
  }

  public port(name: string, fallback?: number): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) throw new ValidationError(PREFIX + name, value, 'expected a port number between 1 and 65535');
    return checkPort(PREFIX + name, Number(value));
  }

  public cpu(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+(\.\d+)?$/.test(value)) throw new ValidationError(PREFIX + name, value, 'expected a number of CPU cores, e.g. 1 or 0.5');
    return checkCpu(PREFIX + name, Number(value));
  }

  /** A memory quantity, validated but returned as written (e.g. `"4Gi"`). */
  public memory(name: string, fallback: string): string;
  public memory(name: string): string | undefined;
  public memory(name: string, fallback?: string): string | undefined {
    const value = this.raw(name) ?? fallback;
    if (value !== undefined) parseMemory(PREFIX + name, value);
    return value;
  }

  public boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    if (/^(false|0|no|off)$/i.test(value)) return false;
    throw new ValidationError(PREFIX + name, value, 'expected true or false');
  }

  public name(name: string, fallback: string, maxLength = 30): string {
    return checkName(PREFIX + name, this.raw(name) ?? fallback, maxLength);
  }
}
