import { defaultThreads, schedulerCommand, tlsEnv, workerCommand } from '../../constructs/core/dask';

describe('Dask arguments', () => {
  it('runs the scheduler with the modern CLI on the fixed ports', () => {
    expect(schedulerCommand({ tls: true })).toEqual([
      'dask',
      'scheduler',
      '--protocol',
      'tls',
      '--port',
      '8786',
      '--dashboard-address',
      ':8787',
    ]);
    expect(schedulerCommand({ tls: false, idleTimeout: '1h' })).toEqual(
      expect.arrayContaining(['--protocol', 'tcp', '--idle-timeout', '1h']),
    );
  });

  it('derives worker arguments from the resources', () => {
    const command = workerCommand({
      schedulerAddress: 'tls://s:8786',
      tls: true,
      nthreads: 4,
      memoryLimitBytes: 8 * 2 ** 30,
      resources: { MEMORY: 8e9, GPU: 1 },
    });
    expect(command.slice(0, 3)).toEqual(['dask', 'worker', 'tls://s:8786']);
    const flag = (name: string) => command[command.indexOf(name) + 1];
    expect(flag('--nthreads')).toBe('4');
    expect(flag('--memory-limit')).toBe('8GiB');
    expect(flag('--worker-port')).toBe('8788');
    expect(flag('--nanny-port')).toBe('8789');
    expect(flag('--dashboard-address')).toBe(':8790');
    expect(flag('--local-directory')).toBe('/scratch');
    expect(flag('--resources')).toBe('GPU=1 MEMORY=8000000000');
  });

  it('omits --resources when there are none', () => {
    const command = workerCommand({ schedulerAddress: 'tcp://s:8786', tls: false, nthreads: 1, memoryLimitBytes: 2 ** 30, resources: {} });
    expect(command).not.toContain('--resources');
  });

  it('uses one thread per whole core', () => {
    expect(defaultThreads(0.5)).toBe(1);
    expect(defaultThreads(2.5)).toBe(2);
    expect(defaultThreads(8)).toBe(8);
  });

  it('turns on required encryption with the role certificate', () => {
    expect(tlsEnv('worker', true)).toEqual({
      DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION: 'True',
      DASK_DISTRIBUTED__COMM__TLS__CA_FILE: '/etc/dask/tls/ca.crt',
      DASK_DISTRIBUTED__COMM__TLS__WORKER__CERT: '/etc/dask/tls/tls.crt',
      DASK_DISTRIBUTED__COMM__TLS__WORKER__KEY: '/etc/dask/tls/tls.key',
    });
    expect(tlsEnv('client', false)).toEqual({ DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION: 'False' });
  });
});
