import { ValidationError } from '../../constructs/core/errors';
import {
  checkCpu,
  formatDaskBytes,
  formatKubernetesBytes,
  formatKubernetesCpu,
  parseMemory,
  toMebibytes,
} from '../../constructs/core/quantity';

describe('parseMemory', () => {
  it.each([
    ['4Gi', 4 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2G', 2e9],
    ['100k', 1e5],
    ['1073741824', 2 ** 30],
  ])('reads %s', (text, bytes) => {
    expect(parseMemory('memory', text)).toBe(bytes);
  });

  it.each(['4 gigs', '4GB', '', '-1Gi', 'Gi', '0', '0Mi', '4gi'])('refuses %j naming the field and the value', (text) => {
    expect(() => parseMemory('DaskWorkerPool.memory', text)).toThrow(ValidationError);
    expect(() => parseMemory('DaskWorkerPool.memory', text)).toThrow(`DaskWorkerPool.memory: invalid value ${JSON.stringify(text)}`);
  });
});

describe('checkCpu', () => {
  it('accepts whole and fractional cores', () => {
    expect(checkCpu('cpu', 2)).toBe(2);
    expect(checkCpu('cpu', 0.25)).toBe(0.25);
  });

  it.each([0, -1, Number.NaN, Infinity, 0.0001])('refuses %p', (value) => {
    expect(() => checkCpu('DaskScheduler.cpu', value)).toThrow(/^DaskScheduler\.cpu: invalid value/);
  });
});

describe('formatting', () => {
  it('formats bytes for Dask', () => {
    expect(formatDaskBytes(4 * 2 ** 30)).toBe('4GiB');
    expect(formatDaskBytes(1536 * 2 ** 20)).toBe('1536MiB');
    expect(formatDaskBytes(1000)).toBe('1000');
  });

  it('formats quantities for Kubernetes', () => {
    expect(formatKubernetesBytes(4 * 2 ** 30)).toBe('4Gi');
    expect(formatKubernetesBytes(2e9)).toBe('1953125Ki');
    expect(formatKubernetesCpu(2)).toBe('2');
    expect(formatKubernetesCpu(0.5)).toBe('500m');
  });

  it('rounds Docker memory up to whole MiB', () => {
    expect(toMebibytes(2 ** 30)).toBe(1024);
    expect(toMebibytes(2e9)).toBe(1908);
  });
});
