import { DaskClusterProps } from '../constructs';
import { synthDockerCluster } from './fixtures';

const pool = (options: object) => ({ workerPools: [{ name: 'default', ...options }] }) as Partial<DaskClusterProps>;

describe('bad input fails at construction with the prop and the value named', () => {
  it.each([
    ['negative replicas', pool({ replicas: -1 }), 'DaskWorkerPool(workers-default).replicas: invalid value -1: expected an integer >= 0'],
    ['fractional replicas', pool({ replicas: 2.5 }), 'DaskWorkerPool(workers-default).replicas: invalid value 2.5'],
    [
      'zero cpu',
      pool({ cpu: 0 }),
      'DaskWorkerPool(workers-default).cpu: invalid value 0: expected a number of CPU cores greater than zero',
    ],
    ['negative scheduler cpu', { scheduler: { cpu: -2 } }, 'DaskScheduler.cpu: invalid value -2'],
    [
      'malformed memory',
      pool({ memory: '4 gigs' }),
      'DaskWorkerPool(workers-default).memory: invalid value "4 gigs": expected a memory quantity',
    ],
    [
      'memory limit above the container memory',
      pool({ memory: '2Gi', memoryLimit: '3Gi' }),
      'DaskWorkerPool(workers-default).memoryLimit: invalid value "3Gi": must not exceed the container memory (2Gi)',
    ],
    [
      'zero threads',
      pool({ threadsPerWorker: 0 }),
      'DaskWorkerPool(workers-default).threadsPerWorker: invalid value 0: expected an integer >= 1',
    ],
    [
      'duplicate pool names',
      { workerPools: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] },
      'DaskCluster.workerPools[].name: invalid value "a": worker pool names must be unique',
    ],
    ['no pools', { workerPools: [] }, 'DaskCluster.workerPools: invalid value []: expected at least one worker pool'],
    ['host port 0', { notebook: { hostPort: 0 } }, 'JupyterNotebook.hostPort: invalid value 0: expected an integer between 1 and 65535'],
    ['host port 70000', { scheduler: { dashboardHostPort: 70000 } }, 'DaskScheduler.dashboardHostPort: invalid value 70000'],
    [
      'two services on one host port',
      { scheduler: { dashboardHostPort: 8888 }, notebook: { hostPort: 8888 } },
      'dask-jupyter.hostPort: invalid value 8888: host port already published by dask-scheduler:8787',
    ],
    ['an upper-case cluster name', { name: 'MyDask' }, 'DaskCluster.name: invalid value "MyDask": expected a DNS-1123 label'],
    [
      'an underscore in a pool name',
      { workerPools: [{ name: 'high_mem' }] },
      'DaskWorkerPool(workers-high_mem).pool: invalid value "high_mem"',
    ],
    ['a pool name too long for Kubernetes', { workerPools: [{ name: 'p'.repeat(21) }] }, 'at most 20 characters'],
    ['a malformed idle timeout', { scheduler: { idleTimeout: 'soon' } }, 'DaskScheduler.idleTimeout: invalid value "soon"'],
    ['a negative GPU count', pool({ gpus: -1 }), 'DaskWorkerPool(workers-default).gpus: invalid value -1'],
    [
      'a GPU resource without GPUs',
      pool({ resources: { GPU: 1 } }),
      'DaskWorkerPool(workers-default).gpus: invalid value 0: the pool advertises the Dask resource GPU=1',
    ],
    ['an invalid resource name', pool({ resources: { 'GPU-1': 1 } }), 'DaskWorkerPool(workers-default).resources: invalid value "GPU-1"'],
    ['an env var the cluster sets itself', pool({ env: { DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION: 'False' } }), 'cannot be overridden'],
    ['a malformed notebook storage size', { notebook: { storageSize: 'big' } }, 'JupyterNotebook.storageSize: invalid value "big"'],
  ])('%s', (_, overrides, message) => {
    expect(() => synthDockerCluster(overrides)).toThrow(message);
  });
});
