import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { ValidationError } from '../../constructs/core/errors';
import { ContainerCluster } from '../../constructs/providers/google';
import { clusterSettings } from '../../stacks/cluster-settings';
import { EnvConfig } from '../../stacks/env-config';
import { addGkeStacks, GKE_STACKS, PLACEHOLDERS } from '../../stacks/gke';
import { resourcesOf, Synth } from '../helpers';

type Env = Record<string, string>;

const COMPLETE: Env = {
  DASK_CDKTF_GCP_PROJECT: 'my-project-123',
  DASK_CDKTF_GCP_REGION: 'europe-west4',
  DASK_CDKTF_AUTHORIZED_CIDR: '203.0.113.7/32, 198.51.100.0/24',
  DASK_CDKTF_GCS_BUCKET: 'my-terraform-state',
};

function build(env: Env): App {
  const app = Testing.app();
  const config = new EnvConfig(env);
  addGkeStacks(app, config, clusterSettings(config));
  return app;
}

/** A full synth, as `cdktf synth` does it (cross-stack references are resolved only there). */
function synthAll(env: Env): { cluster: Synth; workloads: Synth; app: App } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'gke-stacks-'));
  try {
    const app = new App({ outdir });
    const config = new EnvConfig(env);
    addGkeStacks(app, config, clusterSettings(config));
    app.synth();
    const read = (id: string) => JSON.parse(readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as Synth;
    return { cluster: read(GKE_STACKS.cluster), workloads: read(GKE_STACKS.workloads), app };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function warnings(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === '@cdktf/warn')
    .map((entry) => String(entry.data));
}

const podSpecs = (synth: Synth) =>
  Object.entries(resourcesOf(synth, 'kubernetes_deployment_v1')).map(([id, deployment]) => ({
    id,
    spec: ((deployment.spec as Record<string, unknown>).template as { spec: Record<string, unknown> }).spec,
  }));

describe('gke environment', () => {
  describe('with every setting', () => {
    const { cluster, workloads, app } = synthAll(COMPLETE);

    it('writes a cluster stack and a workloads stack', () => {
      expect(JSON.stringify(cluster)).toHaveResourceWithProperties(ContainerCluster, {
        name: 'dask',
        location: 'europe-west4',
        project: 'my-project-123',
      });
      expect(Object.keys(resourcesOf(workloads, 'kubernetes_deployment_v1')).length).toBe(3);
      expect(resourcesOf(cluster, 'kubernetes_deployment_v1')).toEqual({});
    });

    it('keeps each stack state in its own object of the GCS bucket', () => {
      expect((cluster.terraform as Record<string, unknown>).backend).toEqual({
        gcs: { bucket: 'my-terraform-state', prefix: 'dask-cdktf/gke-cluster' },
      });
      expect((workloads.terraform as Record<string, unknown>).backend).toEqual({
        gcs: { bucket: 'my-terraform-state', prefix: 'dask-cdktf/gke' },
      });
    });

    it('neither warns nor blocks the plan', () => {
      expect(warnings(app)).toEqual([]);
      expect(resourcesOf(cluster, 'terraform_data')).toEqual({});
      expect(resourcesOf(workloads, 'terraform_data')).toEqual({});
    });

    it('authorizes the given networks', () => {
      const gke = Object.values(resourcesOf(cluster, 'google_container_cluster'))[0];
      expect(
        (gke.master_authorized_networks_config as { cidr_blocks: { cidr_block: string }[] }).cidr_blocks.map((b) => b.cidr_block),
      ).toEqual(['203.0.113.7/32', '198.51.100.0/24']);
    });

    it('configures the kubernetes provider from the cluster stack outputs', () => {
      const remote = (workloads.data as Record<string, Record<string, Record<string, unknown>>>).terraform_remote_state;
      expect(Object.values(remote)).toEqual([
        expect.objectContaining({ backend: 'gcs', config: { bucket: 'my-terraform-state', prefix: 'dask-cdktf/gke-cluster' } }),
      ]);
      const [provider] = (workloads.provider as Record<string, Record<string, string>[]>).kubernetes;
      expect(provider.host).toMatch(/^https:\/\/\$\{data\.terraform_remote_state\.[^}]+\.outputs\.[^}]+endpoint\}$/);
      expect(provider.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\.[^)]+cluster_ca_certificate\)\}$/);
      expect(provider.token).toMatch(/^\$\{data\.google_client_config\.[^}]+\.access_token\}$/);
      const outputs = cluster.output ?? {};
      expect(Object.values(outputs).filter((output) => String(output.value).includes('.endpoint}'))).toEqual([
        expect.objectContaining({ sensitive: true }),
      ]);
    });

    it('places the worker pods on the Spot pool with its toleration and node selector', () => {
      const pool = Object.values(resourcesOf(cluster, 'google_container_node_pool')).find((p) => p.name === 'workers')!;
      const nodeConfig = pool.node_config as {
        spot: boolean;
        labels: Record<string, string>;
        taint: { key: string; value: string; effect: string }[];
      };
      expect(nodeConfig.spot).toBe(true);
      const workers = podSpecs(workloads).filter(({ id }) => id.startsWith('dask_workers-'));
      expect(workers).toHaveLength(1);
      for (const { spec } of workers) {
        expect(spec.node_selector).toEqual(nodeConfig.labels);
        expect(spec.toleration).toEqual(
          nodeConfig.taint.map((taint) => ({
            key: taint.key,
            operator: 'Equal',
            value: taint.value,
            effect: taint.effect === 'NO_SCHEDULE' ? 'NoSchedule' : taint.effect,
          })),
        );
      }
      for (const { id, spec } of podSpecs(workloads).filter(({ id }) => !id.startsWith('dask_workers-'))) {
        expect([id, spec.toleration, spec.node_selector]).toEqual([id, undefined, undefined]);
      }
    });

    it('builds the image, pushes it to the cluster repository and runs it by digest', () => {
      const image = Object.values(resourcesOf(workloads, 'docker_image'))[0];
      expect(image.name).toBe('europe-west4-docker.pkg.dev/my-project-123/dask-images/dask:2026.8.0-1');
      expect(image.build).toMatchObject({ platform: 'linux/amd64' });
      const push = Object.values(resourcesOf(workloads, 'docker_registry_image'))[0];
      expect(push).toMatchObject({
        name: image.name,
        keep_remotely: true,
        auth_config: { address: 'europe-west4-docker.pkg.dev', username: 'oauth2accesstoken' },
      });
      const digest = /^europe-west4-docker\.pkg\.dev\/my-project-123\/dask-images\/dask@\$\{docker_registry_image\.[^}]+\.sha256_digest\}$/;
      for (const { spec } of podSpecs(workloads)) expect((spec.container as { image: string }[])[0].image).toMatch(digest);
      expect(workloads.output?.image_reference.value).toMatch(digest);
    });

    it('prints the cluster name, the get-credentials command and port-forward commands', () => {
      expect(cluster.output?.cluster_name.value).toBe('dask');
      expect(cluster.output?.get_credentials_command.value).toBe(
        'gcloud container clusters get-credentials dask --location europe-west4 --project my-project-123',
      );
      const kubectl = 'kubectl --context gke_my-project-123_europe-west4_dask --namespace dask port-forward';
      expect(workloads.output?.jupyter_port_forward.value).toBe(`${kubectl} service/dask-jupyter 8888:8888`);
      expect(workloads.output?.dashboard_port_forward.value).toBe(`${kubectl} service/dask-scheduler 8787:8787`);
      expect(workloads.output?.jupyter_token.sensitive).toBe(true);
    });

    it('runs a given image by reference, without building or pushing', () => {
      const { workloads: referenced } = synthAll({
        ...COMPLETE,
        DASK_CDKTF_IMAGE: 'europe-west4-docker.pkg.dev/p/r/dask@sha256:' + 'a'.repeat(64),
      });
      expect(resourcesOf(referenced, 'docker_image')).toEqual({});
      expect(resourcesOf(referenced, 'docker_registry_image')).toEqual({});
      expect((referenced.provider as Record<string, unknown>).docker).toBeUndefined();
    });

    it('adds a GPU pool and GPU workers on it when asked', () => {
      const { cluster: gpuCluster, workloads: gpuWorkloads } = synthAll({
        ...COMPLETE,
        DASK_CDKTF_GCP_ZONE: 'europe-west4-a',
        DASK_CDKTF_GKE_GPU_TYPE: 'nvidia-l4',
        DASK_CDKTF_GKE_GPU_WORKERS: '2',
      });
      const gpuPool = Object.values(resourcesOf(gpuCluster, 'google_container_node_pool')).find((p) => p.name === 'gpu-default')!;
      expect(gpuPool).toMatchObject({ location: 'europe-west4-a', node_config: { guest_accelerator: [{ type: 'nvidia-l4', count: 1 }] } });
      const gpuWorkers = podSpecs(gpuWorkloads).find(({ id }) => id.startsWith('dask_workers-gpu_'))!;
      expect(gpuWorkers.spec.node_selector).toEqual({ 'dask-cdktf/pool': 'gpu-workers' });
      expect((gpuWorkers.spec.container as { resources: { limits: Record<string, string> } }[])[0].resources.limits['nvidia.com/gpu']).toBe(
        '1',
      );
    });
  });

  describe('without settings (CI)', () => {
    const { cluster, workloads, app } = synthAll({});

    it('still synthesizes both stacks, on placeholders', () => {
      expect((cluster.provider as Record<string, { project: string }[]>).google[0].project).toBe(PLACEHOLDERS.project);
      expect((cluster.terraform as { backend: { gcs: { bucket: string } } }).backend.gcs.bucket).toBe(PLACEHOLDERS.bucket);
      expect(Object.keys(resourcesOf(workloads, 'kubernetes_deployment_v1')).length).toBe(3);
    });

    it('warns about each missing variable', () => {
      const all = warnings(app).join('\n');
      for (const name of ['DASK_CDKTF_GCP_PROJECT', 'DASK_CDKTF_GCP_REGION', 'DASK_CDKTF_AUTHORIZED_CIDR', 'DASK_CDKTF_GCS_BUCKET']) {
        expect(all).toContain(`${name}`);
      }
    });

    it('fails the plan of both stacks before anything is created', () => {
      for (const synth of [cluster, workloads]) {
        const [check] = Object.values(resourcesOf(synth, 'terraform_data'));
        expect((check.lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition).toEqual([
          { condition: '${(length(local.missing_settings) < 1)}', error_message: expect.stringContaining('Set DASK_CDKTF_GCP_PROJECT') },
        ]);
        expect((synth.locals as Record<string, string[]>).missing_settings).toHaveLength(4);
      }
    });

    it('uses a state bucket name that cannot exist', () => {
      expect(PLACEHOLDERS.bucket).toMatch(/[A-Z]/);
    });
  });

  describe('bad input fails synth', () => {
    it.each([
      ['DASK_CDKTF_AUTHORIZED_CIDR', '0.0.0.0/0', /DASK_CDKTF_AUTHORIZED_CIDR\[0\]: invalid value "0.0.0.0\/0"/],
      ['DASK_CDKTF_AUTHORIZED_CIDR', '203.0.113.7/32,0.0.0.0/0', /DASK_CDKTF_AUTHORIZED_CIDR\[1\]/],
      ['DASK_CDKTF_AUTHORIZED_CIDR', 'my-laptop', /DASK_CDKTF_AUTHORIZED_CIDR\[0\]/],
      ['DASK_CDKTF_GCP_REGION', 'europe-west', /DASK_CDKTF_GCP_REGION: invalid value "europe-west"/],
      ['DASK_CDKTF_GCP_REGION', 'europe-west4-a', /is a zone/],
      [
        'DASK_CDKTF_GCP_ZONE',
        'us-central1-a',
        /DASK_CDKTF_GCP_ZONE: invalid value "us-central1-a": is not in DASK_CDKTF_GCP_REGION=europe-west4/,
      ],
      ['DASK_CDKTF_GCP_ZONE', 'europe-west4', /DASK_CDKTF_GCP_ZONE/],
      ['DASK_CDKTF_GCP_PROJECT', 'My Project', /DASK_CDKTF_GCP_PROJECT/],
      ['DASK_CDKTF_GCS_BUCKET', 'gs://bucket', /DASK_CDKTF_GCS_BUCKET/],
      ['DASK_CDKTF_GKE_WORKER_MAX_NODES', 'ten', /DASK_CDKTF_GKE_WORKER_MAX_NODES/],
      ['DASK_CDKTF_GKE_GPU_TYPE', 'amd-mi300', /DASK_CDKTF_GKE_GPU_TYPE/],
      ['DASK_CDKTF_GKE_RELEASE_CHANNEL', 'nightly', /DASK_CDKTF_GKE_RELEASE_CHANNEL/],
    ])('%s=%j', (name, value, message) => {
      expect(() => build({ ...COMPLETE, [name]: value })).toThrow(message);
    });

    it('refuses a pool maximum below its minimum', () => {
      expect(() => build({ ...COMPLETE, DASK_CDKTF_GKE_WORKER_MIN_NODES: '4', DASK_CDKTF_GKE_WORKER_MAX_NODES: '2' })).toThrow(
        'GkeCluster.workerPool.maxNodes: invalid value 2: must be at least minNodes (4)',
      );
    });

    it('refuses GPU workers without a GPU node pool', () => {
      expect(() => build({ ...COMPLETE, DASK_CDKTF_GKE_GPU_WORKERS: '1' })).toThrow(ValidationError);
      expect(() => build({ ...COMPLETE, DASK_CDKTF_GKE_GPU_WORKERS: '1' })).toThrow(/has no GPU node pool/);
    });
  });

  it('synthesizes deterministically', () => {
    const first = synthAll(COMPLETE);
    const second = synthAll(COMPLETE);
    expect(JSON.stringify(second.cluster)).toBe(JSON.stringify(first.cluster));
    expect(JSON.stringify(second.workloads)).toBe(JSON.stringify(first.workloads));
  });
});
