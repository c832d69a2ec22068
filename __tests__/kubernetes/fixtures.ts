import { TerraformStack } from 'cdktf';
import { ClusterImage, DaskCluster, DaskClusterProps, WorkloadSpec } from '../../constructs';
import { KubernetesPlatform, KubernetesPlatformProps } from '../../constructs/kubernetes-platform';
import { resourcesOf, Synth, synthStack } from '../helpers';

/** A `DaskCluster` on a `KubernetesPlatform` with a referenced image, plus any overrides. */
export function kubernetesCluster(
  stack: TerraformStack,
  overrides: Partial<DaskClusterProps> = {},
  platformProps: KubernetesPlatformProps = {},
): DaskCluster {
  const platform = new KubernetesPlatform(stack, 'platform', platformProps);
  const image = new ClusterImage(stack, 'image', { reference: 'registry.example.com/dask:test' });
  return new DaskCluster(stack, 'dask', { platform, image, ...overrides });
}

/** Synthesizes {@link kubernetesCluster}. */
export function synthKubernetesCluster(overrides: Partial<DaskClusterProps> = {}, platformProps: KubernetesPlatformProps = {}): Synth {
  return synthStack((stack) => kubernetesCluster(stack, overrides, platformProps));
}

/** A minimal workload, for platform tests that do not need Dask. */
export function workloadSpec(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    name: 'app-server',
    component: 'server',
    instance: 'app',
    image: 'registry.example.com/app:1',
    command: ['serve'],
    env: {},
    ports: [{ name: 'http', port: 8080 }],
    health: { path: '/health', port: 8080, startupSeconds: 60 },
    resources: { cpu: 1, memoryBytes: 2 ** 30, gpus: 0 },
    replicas: 1,
    addressable: true,
    volumes: [],
    ingress: [],
    terminationGracePeriodSeconds: 30,
    ...overrides,
  };
}

/** One resource of `type` by the `app.kubernetes.io/component` label of its metadata (or its name). */
export function byComponent(synth: Synth, type: string, component: string): Record<string, unknown> {
  const matches = Object.values(resourcesOf(synth, type)).filter(
    (resource) => (resource.metadata as { labels?: Record<string, string> }).labels?.['app.kubernetes.io/component'] === component,
  );
  if (matches.length !== 1) throw new Error(`expected one ${type} of component ${component}, found ${matches.length}`);
  return matches[0];
}

/** A Deployment's pod template spec. */
export function podSpec(deployment: Record<string, unknown>): PodSpec {
  return (deployment.spec as { template: { spec: PodSpec } }).template.spec;
}

/** The parts of a synthesized pod spec the tests read. */
export interface PodSpec {
  container: Container[];
  volume: {
    name: string;
    empty_dir?: object;
    secret?: { secret_name: string; default_mode: string };
    persistent_volume_claim?: { claim_name: string };
  }[];
  security_context: Record<string, unknown>;
  node_selector?: Record<string, string>;
  toleration?: Record<string, string>[];
  [key: string]: unknown;
}

/** The parts of a synthesized container the tests read. */
export interface Container {
  name: string;
  image: string;
  args: string[];
  env?: { name: string; value: string }[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  security_context: Record<string, unknown>;
  startup_probe: Probe;
  readiness_probe: Probe;
  liveness_probe: Probe;
  volume_mount: { name: string; mount_path: string; read_only?: boolean }[];
  [key: string]: unknown;
}

/** A synthesized probe. */
export interface Probe {
  http_get: { path: string; port: string };
  timeout_seconds: number;
  period_seconds: number;
  failure_threshold: number;
}
