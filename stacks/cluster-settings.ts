import { DaskClusterProps } from '../constructs';
import { EnvConfig } from './env-config';

/** The cluster settings every environment reads from `DASK_CDKTF_*` (see README). */
export type ClusterSettings = Pick<DaskClusterProps, 'name' | 'tls' | 'scheduler' | 'workerPools' | 'notebook'>;

/** Reads the settings shared by all environments. */
export function clusterSettings(config: EnvConfig): ClusterSettings {
  return {
    name: config.name('NAME', 'dask'),
    tls: config.boolean('TLS', true),
    scheduler: {
      cpu: config.cpu('SCHEDULER_CPU', 1),
      memory: config.memory('SCHEDULER_MEMORY', '2Gi'),
      idleTimeout: config.string('IDLE_TIMEOUT'),
    },
    workerPools: [
      {
        name: 'default',
        replicas: config.integer('WORKERS', 2),
        cpu: config.cpu('WORKER_CPU', 1),
        memory: config.memory('WORKER_MEMORY', '2Gi'),
        threadsPerWorker: config.raw('WORKER_THREADS') === undefined ? undefined : config.integer('WORKER_THREADS', 1, 1),
        memoryLimit: config.memory('WORKER_MEMORY_LIMIT'),
      },
    ],
    notebook: {
      cpu: config.cpu('JUPYTER_CPU', 1),
      memory: config.memory('JUPYTER_MEMORY', '2Gi'),
      storageSize: config.memory('NOTEBOOK_STORAGE', '10Gi'),
      existingVolume: config.string('NOTEBOOK_VOLUME'),
    },
  };
}
