import { Testing } from 'cdktf';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { DockerPlatform } from '../constructs';
import { goDuration } from '../constructs/docker-platform';
import { containersByComponent, dockerCluster, synthDockerCluster } from './fixtures';
import { resourcesOf, synthStack } from './helpers';

describe('DockerPlatform', () => {
  const synth = synthDockerCluster({
    scheduler: { dashboardHostPort: 8787 },
    notebook: { hostPort: 8888 },
  });
  const json = JSON.stringify(synth);
  const containers = containersByComponent(synth);
  const workloads = Object.values(containers);

  it('creates one user-defined network that every workload joins by name', () => {
    expect(json).toHaveResourceWithProperties(Network, { name: 'dask-platform', driver: 'bridge' });
    for (const container of workloads) {
      expect(container.network_mode).toBe('bridge');
      expect(container.networks_advanced).toEqual([expect.objectContaining({ name: expect.stringContaining('docker_network.') })]);
    }
    expect(containers.scheduler.networks_advanced).toEqual([expect.objectContaining({ aliases: ['dask-scheduler'] })]);
  });

  it.each(['scheduler', 'worker', 'jupyter'])('hardens the %s container', (component) => {
    const container = containers[component];
    expect(container).toMatchObject({
      user: '10001:10001',
      read_only: true,
      capabilities: { drop: ['ALL'] },
      security_opts: ['no-new-privileges:true'],
      restart: 'unless-stopped',
      must_run: true,
      wait: true,
      tmpfs: { '/tmp': expect.stringContaining('nosuid') },
    });
    expect(container.memory).toBeGreaterThan(0);
    expect(container.memory_swap).toBe(container.memory);
    expect(container).toMatchObject({ cpu_period: 100000, cpu_quota: expect.any(Number) });
    expect(container.cpu_quota).toBeGreaterThan(0);
    expect(container.privileged).toBeUndefined();
    expect((container.healthcheck as { test: string[] }).test).toEqual([
      'CMD',
      'dask-healthcheck',
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
    ]);
  });

  it('publishes only Jupyter and the dashboard, on 127.0.0.1', () => {
    const published = workloads.flatMap(
      (container) => (container.ports as { ip: string; internal: number; external: number }[] | undefined) ?? [],
    );
    expect(published).toEqual(
      expect.arrayContaining([
        { internal: 8787, external: 8787, ip: '127.0.0.1' },
        { internal: 8888, external: 8888, ip: '127.0.0.1' },
      ]),
    );
    expect(published).toHaveLength(2);
    expect(published.every((port) => port.ip === '127.0.0.1')).toBe(true);
  });

  it('publishes the scheduler comm port only on request, still on 127.0.0.1', () => {
    const opted = containersByComponent(synthDockerCluster({ scheduler: { commHostPort: 18786 } }));
    expect(opted.scheduler.ports).toEqual([{ internal: 8786, external: 18786, ip: '127.0.0.1' }]);
  });

  it('runs workers as one counted resource, so the worker count is a single value', () => {
    const worker = containers.worker;
    expect(worker.count).toBe(2);
    expect(worker.name).toBe('dask-worker-default-${count.index}');
    const large = containersByComponent(synthDockerCluster({ workerPools: [{ name: 'default', replicas: 2000 }] }));
    expect(large.worker.count).toBe(2000);
    expect(
      Object.keys(resourcesOf(synthDockerCluster({ workerPools: [{ name: 'default', replicas: 2000 }] }), 'docker_container')),
    ).toHaveLength(Object.keys(resourcesOf(synth, 'docker_container')).length);
  });

  it('keeps notebooks on a named volume and gives the others scratch volumes', () => {
    expect(json).toHaveResourceWithProperties(Volume, { name: 'dask-jupyter-notebooks' });
    expect(containers.jupyter.volumes).toEqual(
      expect.arrayContaining([{ volume_name: expect.stringContaining('docker_volume.'), container_path: '/home/dask' }]),
    );
    expect(containers.worker.volumes).toEqual(expect.arrayContaining([{ container_path: '/scratch' }, { container_path: '/home/dask' }]));
  });

  it('uses an existing notebook volume without creating or owning one', () => {
    const synthKept = synthDockerCluster({ notebook: { existingVolume: 'my-notebooks' } });
    const volumes = Object.values(resourcesOf(synthKept, 'docker_volume')).map((volume) => volume.name);
    expect(volumes).not.toContain('dask-jupyter-notebooks');
    expect(containersByComponent(synthKept).jupyter.volumes).toEqual(
      expect.arrayContaining([{ volume_name: 'my-notebooks', container_path: '/home/dask' }]),
    );
  });

  it('seeds secret files into a volume mounted read-only, readable through group 0 only', () => {
    const seeds = Object.values(resourcesOf(synth, 'docker_container')).filter((c) => c.start === false);
    expect(seeds).toHaveLength(3);
    for (const seed of seeds) {
      expect(seed).toMatchObject({ must_run: false, network_mode: 'none' });
      for (const upload of seed.upload as { file: string; permissions: string }[]) {
        expect(upload.file).toMatch(/^\/etc\/dask\/tls\//);
        expect(upload.permissions).toBe('0440');
      }
    }
    for (const container of workloads) {
      expect(container.group_add).toEqual(['0']);
      expect(container.volumes).toEqual(
        expect.arrayContaining([expect.objectContaining({ container_path: '/etc/dask/tls', read_only: true })]),
      );
      expect(container.labels).toEqual(
        expect.arrayContaining([{ label: 'io.dask-cdktf.secrets', value: expect.stringMatching(/^\$\{docker_container\..*\.id\}$/) }]),
      );
    }
  });

  it('refuses two workloads with the same name', () => {
    expect(() =>
      synthStack((stack) => {
        const platform = new DockerPlatform(stack, 'docker');
        dockerCluster(stack, { platform, name: 'same' }, 'one');
        dockerCluster(stack, { platform, name: 'same' }, 'two');
      }),
    ).toThrow('name: invalid value "same-scheduler": already used by test/one/scheduler');
  });

  it('refuses two services on one host port', () => {
    expect(() => synthDockerCluster({ scheduler: { dashboardHostPort: 9000 }, notebook: { hostPort: 9000 } })).toThrow(
      'dask-jupyter.hostPort: invalid value 9000: host port already published by dask-scheduler:8787',
    );
  });

  it('refuses an invalid network name', () => {
    expect(() => new DockerPlatform(Testing.app(), 'Bad_Name')).toThrow('DockerPlatform.networkName: invalid value "bad_name"');
  });

  it('uses container names as host names', () => {
    const platform = new DockerPlatform(Testing.app(), 'docker');
    expect(platform.hostName('dask-scheduler')).toBe('dask-scheduler');
    expect(platform.dnsNames('dask-scheduler')).toContain('dask-scheduler');
  });

  it('is what the matchers see as docker_container resources', () => {
    expect(json).toHaveResourceWithProperties(Container, { name: 'dask-scheduler' });
  });
});

describe('goDuration', () => {
  it.each([
    [5, '5s'],
    [60, '1m0s'],
    [120, '2m0s'],
    [90, '1m30s'],
    [3600, '1h0m0s'],
  ])('spells %i seconds as Docker reports them: %s', (seconds, text) => {
    expect(goDuration(seconds)).toBe(text);
  });
});
