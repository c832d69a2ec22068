import { checkInteger, checkName, checkPort, checkUnique, nameFromId } from '../../constructs/core/validation';
import { checkDuration, checkEnv } from '../../constructs/core/props';

describe('checkName', () => {
  it.each(['dask', 'dask-2', 'a'])('accepts %s', (name) => expect(checkName('name', name)).toBe(name));

  it.each(['Dask', 'dask_cluster', '-dask', 'dask-', '', 'a'.repeat(64), 'dask.io'])('refuses %j', (name) => {
    expect(() => checkName('DaskCluster.name', name)).toThrow(
      `DaskCluster.name: invalid value ${JSON.stringify(name)}: expected a DNS-1123 label`,
    );
  });

  it('honours a shorter maximum', () => {
    expect(() => checkName('pool', 'a'.repeat(21), 20)).toThrow('at most 20 characters');
  });
});

describe('numbers', () => {
  it('checks integers within a range', () => {
    expect(checkInteger('replicas', 0, 0)).toBe(0);
    expect(() => checkInteger('replicas', -1, 0)).toThrow('replicas: invalid value -1: expected an integer >= 0');
    expect(() => checkInteger('replicas', 1.5, 0)).toThrow('replicas: invalid value 1.5');
    expect(() => checkInteger('gpus', 17, 0, 16)).toThrow('expected an integer between 0 and 16');
  });

  it('checks ports', () => {
    expect(checkPort('port', 65535)).toBe(65535);
    expect(() => checkPort('JupyterNotebook.hostPort', 0)).toThrow('JupyterNotebook.hostPort: invalid value 0');
    expect(() => checkPort('JupyterNotebook.hostPort', 70000)).toThrow('between 1 and 65535');
  });
});

describe('other checks', () => {
  it('finds duplicates', () => {
    expect(() => checkUnique('pools', ['a', 'b', 'a'], 'pool names')).toThrow('pools: invalid value "a": pool names must be unique');
    expect(() => checkUnique('pools', ['a', 'b'], 'pool names')).not.toThrow();
  });

  it('derives names from construct ids', () => {
    expect(nameFromId('My_Cluster')).toBe('my-cluster');
  });

  it('checks environment variables', () => {
    expect(checkEnv('env', { OMP_NUM_THREADS: '1' }, [])).toEqual({ OMP_NUM_THREADS: '1' });
    expect(() => checkEnv('env', { 'BAD-NAME': 'x' }, [])).toThrow('env.BAD-NAME');
    expect(() => checkEnv('env', { DASK_SCHEDULER_ADDRESS: 'x' }, ['DASK_SCHEDULER_ADDRESS'])).toThrow('cannot be overridden');
  });

  it('checks durations', () => {
    expect(checkDuration('idleTimeout', '1h')).toBe('1h');
    expect(() => checkDuration('idleTimeout', 'an hour')).toThrow('idleTimeout: invalid value "an hour"');
  });
});
