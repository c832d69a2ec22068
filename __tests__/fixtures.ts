import { TerraformStack } from 'cdktf';
import { ClusterImage, DaskCluster, DaskClusterProps, DockerPlatform } from '../constructs';
import { resourcesOf, Synth, synthStack } from './helpers';

/** A `DaskCluster` on Docker with a referenced image, plus any overrides. */
export function dockerCluster(stack: TerraformStack, overrides: Partial<DaskClusterProps> = {}, id = 'dask'): DaskCluster {
  const platform = new DockerPlatform(stack, `${id}-platform`);
  const image = new ClusterImage(stack, `${id}-image`, { reference: 'dask-cdktf/dask:test' });
  return new DaskCluster(stack, id, { platform, image, ...overrides });
}

/** Synthesizes {@link dockerCluster}. */
export function synthDockerCluster(overrides: Partial<DaskClusterProps> = {}): Synth {
  return synthStack((stack) => dockerCluster(stack, overrides));
}

/** The workload containers (not the secret seeds) by component label. */
export function containersByComponent(synth: Synth): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const container of Object.values(resourcesOf(synth, 'docker_container'))) {
    if (container.start === false) continue;
    const labels = container.labels as { label: string; value: string }[];
    const component = labels.find((l) => l.label === 'io.dask-cdktf.component')!.value;
    result[component] = container;
  }
  return result;
}
