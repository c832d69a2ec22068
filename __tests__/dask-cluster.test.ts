import { AnnotationMetadataEntryType, Testing, TerraformStack } from 'cdktf';
import { Password } from '@cdktf/provider-random/lib/password';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { containersByComponent, dockerCluster, synthDockerCluster } from './fixtures';
import { resourcesOf, synthStack } from './helpers';

const envOf = (container: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries((container.env as string[]).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

describe('DaskCluster', () => {
  const synth = synthDockerCluster();
  const json = JSON.stringify(synth);
  const { scheduler, worker, jupyter } = containersByComponent(synth);

  it('runs dask scheduler on 8786 with the dashboard on 8787, checked through /health', () => {
    expect(scheduler.command).toEqual(['dask', 'scheduler', '--protocol', 'tls', '--port', '8786', '--dashboard-address', ':8787']);
    expect(scheduler.name).toBe('dask-scheduler');
    expect((scheduler.healthcheck as { test: string[] }).test).toContain('http://127.0.0.1:8787/health');
  });

  it('connects every worker to the scheduler address over TLS', () => {
    expect((worker.command as string[]).slice(0, 3)).toEqual(['dask', 'worker', 'tls://dask-scheduler:8786']);
    expect((worker.healthcheck as { test: string[] }).test).toContain('http://127.0.0.1:8790/health');
  });

  it('derives threads and memory limit from the worker resources', () => {
    const command = worker.command as string[];
    expect(command[command.indexOf('--nthreads') + 1]).toBe('1');
    expect(command[command.indexOf('--memory-limit') + 1]).toBe('2GiB');
    expect(worker.memory).toBe(2048);
  });

  it('runs JupyterLab on 8888 with Client() pre-configured', () => {
    expect(jupyter.command).toEqual(['jupyter', 'lab']);
    expect(envOf(jupyter)).toMatchObject({
      DASK_SCHEDULER_ADDRESS: 'tls://dask-scheduler:8786',
      DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT: '/etc/dask/tls/tls.crt',
      DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY: '/etc/dask/tls/tls.key',
      JUPYTER_TOKEN_FILE: '/etc/dask/tls/jupyter-token',
      DASK_CDKTF_PROXY_HOSTS: 'dask-scheduler',
    });
    expect((jupyter.healthcheck as { test: string[] }).test).toContain('http://127.0.0.1:8888/api');
  });

  it('runs every role from the same image reference', () => {
    expect(new Set([scheduler.image, worker.image, jupyter.image])).toEqual(new Set(['dask-cdktf/dask:test']));
  });

  it.each([
    ['scheduler', 'SCHEDULER'],
    ['worker', 'WORKER'],
    ['jupyter', 'CLIENT'],
  ])('requires encryption and mutual TLS on the %s', (component, role) => {
    const env = envOf(containersByComponent(synth)[component]);
    expect(env.DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION).toBe('True');
    expect(env.DASK_DISTRIBUTED__COMM__TLS__CA_FILE).toBe('/etc/dask/tls/ca.crt');
    expect(env[`DASK_DISTRIBUTED__COMM__TLS__${role}__CERT`]).toBe('/etc/dask/tls/tls.crt');
    expect(env[`DASK_DISTRIBUTED__COMM__TLS__${role}__KEY`]).toBe('/etc/dask/tls/tls.key');
  });

  it('never puts key material or the token in an environment variable', () => {
    for (const container of [scheduler, worker, jupyter]) {
      for (const line of container.env as string[]) {
        expect(line).not.toMatch(/PRIVATE KEY|tls_private_key|random_password/);
      }
    }
  });

  it('makes a CA and one certificate per role, each valid for how the role is reached', () => {
    expect(json).toHaveResourceWithProperties(SelfSignedCert, { is_ca_certificate: true, early_renewal_hours: 8760 });
    const requests = Object.values(resourcesOf(synth, 'tls_cert_request')).map((r) => r.dns_names);
    expect(requests).toEqual(
      expect.arrayContaining([
        ['dask-scheduler', 'localhost'],
        ['dask-worker-default', 'localhost'],
        ['dask-jupyter', 'localhost'],
      ]),
    );
    expect(json).toHaveResourceWithProperties(LocallySignedCert, {
      validity_period_hours: 8760,
      early_renewal_hours: 720,
      allowed_uses: expect.arrayContaining(['server_auth', 'client_auth']),
    });
    expect(Object.keys(resourcesOf(synth, 'tls_private_key'))).toHaveLength(4);
  });

  it('generates the Jupyter token with random_password and seeds it as a file', () => {
    expect(json).toHaveResourceWithProperties(Password, { length: 48, special: false });
    const seed = Object.values(resourcesOf(synth, 'docker_container')).find((c) => c.name === 'dask-jupyter-secrets-seed')!;
    expect(seed.upload).toEqual(
      expect.arrayContaining([
        { file: '/etc/dask/tls/jupyter-token', content: expect.stringMatching(/^\$\{random_password\..*\.result\}$/), permissions: '0440' },
      ]),
    );
  });

  it('synthesizes two clusters in one stack without collisions', () => {
    const two = synthStack((stack) => {
      dockerCluster(stack, {}, 'alpha');
      dockerCluster(stack, {}, 'beta');
    });
    const names = Object.values(resourcesOf(two, 'docker_container')).map((c) => c.name as string);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['alpha-scheduler', 'beta-scheduler', 'alpha-jupyter', 'beta-jupyter']));
  });

  it('supports several worker pools with their own sizes and resources', () => {
    const pools = containersByComponentAll(
      synthDockerCluster({
        workerPools: [
          { name: 'default', replicas: 2 },
          { name: 'highmem', replicas: 1, cpu: 2, memory: '8Gi', resources: { MEMORY: 8e9 } },
        ],
      }),
    );
    const highmem = pools.find((c) => String(c.name).startsWith('dask-worker-highmem'))!;
    expect(highmem).toMatchObject({ count: 1, memory: 8192, cpu_period: 100000, cpu_quota: 200000 });
    expect(highmem.command).toEqual(
      expect.arrayContaining(['--nthreads', '2', '--memory-limit', '8GiB', '--resources', 'MEMORY=8000000000']),
    );
  });

  it('advertises GPU resources and requests GPUs for GPU pools', () => {
    const gpu = containersByComponentAll(synthDockerCluster({ workerPools: [{ name: 'gpu', gpus: 1 }] })).find(
      (c) => c.count !== undefined,
    )!;
    expect(gpu.gpus).toBe('1');
    expect(gpu.command).toEqual(expect.arrayContaining(['--resources', 'GPU=1']));
  });

  it('warns at synth and drops TLS when turned off explicitly', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const cluster = dockerCluster(stack, { tls: false });
    const plain = JSON.parse(Testing.synth(stack));
    expect(Object.keys(resourcesOf(plain, 'tls_private_key'))).toHaveLength(0);
    expect(cluster.schedulerAddress).toBe('tcp://dask-scheduler:8786');
    const warnings = cluster.node.metadata
      .filter((entry) => entry.type === AnnotationMetadataEntryType.WARN)
      .map((entry) => String(entry.data));
    expect(warnings).toEqual([expect.stringContaining('TLS is off')]);
  });

  it('exposes the scheduler address and the dashboard URL', () => {
    const app = Testing.app();
    const cluster = dockerCluster(new TerraformStack(app, 'test'), { scheduler: { dashboardHostPort: 8787 } });
    expect(cluster.schedulerAddress).toBe('tls://dask-scheduler:8786');
    expect(cluster.dashboardUrl).toBe('http://127.0.0.1:8787/status');
  });
});

function containersByComponentAll(synth: ReturnType<typeof synthDockerCluster>) {
  return Object.values(resourcesOf(synth, 'docker_container')).filter((c) => c.start !== false);
}
