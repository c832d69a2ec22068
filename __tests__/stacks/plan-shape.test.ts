import { Testing } from 'cdktf';
import { clusterSettings } from '../../stacks/cluster-settings';
import { EnvConfig } from '../../stacks/env-config';
import { LocalStack, localStackProps } from '../../stacks/local-stack';
import { synthOf, Synth } from '../helpers';
import { jsonDiff } from '../json-diff';

function local(env: Record<string, string> = {}, pools?: { name: string; replicas?: number }[]): Synth {
  const config = new EnvConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [`DASK_CDKTF_${k}`, v])));
  const settings = clusterSettings(config);
  const props = localStackProps(config, pools ? { ...settings, workerPools: pools } : settings);
  return synthOf(new LocalStack(Testing.app(), 'local', props));
}

/** Resource addresses (`type.logical_id`) touched by a list of differences. */
const touched = (paths: string[]) =>
  [...new Set(paths.filter((p) => p.startsWith('resource.')).map((p) => p.split('.').slice(1, 3).join('.')))].sort();

describe('plans show exactly the change', () => {
  const base = local();

  it('changing the worker count changes one value and renames nothing', () => {
    const diff = jsonDiff(base, local({ WORKERS: '3' }));
    expect(diff).toEqual([
      { path: expect.stringMatching(/^resource\.docker_container\.dask_workers-default_container_[0-9A-F]+\.count$/), kind: 'changed' },
    ]);
  });

  it('2 and 2000 workers synthesize to the same resources', () => {
    const large = local({ WORKERS: '2000' });
    expect(jsonDiff(base, large).map((d) => d.path)).toHaveLength(1);
    expect(JSON.stringify(large).length - JSON.stringify(base).length).toBe('2000'.length - '2'.length);
  });

  it('changing the image version changes the image, and not the volume, network, certificates or token', () => {
    const diff = jsonDiff(base, local({ IMAGE_TAG: '2026.9.0-1' }));
    expect(touched(diff.map((d) => d.path))).toEqual([expect.stringMatching(/^docker_image\./)]);
    expect(diff.map((d) => d.path)).toEqual(expect.arrayContaining(['output.image_name.value']));
    // The containers follow through `docker_image.<id>.image_id`, which changes at apply time.
    const containers = Object.values(base.resource.docker_container);
    expect(containers.every((c) => /^\$\{docker_image\.[^.]+\.image_id\}$/.test(String(c.image)))).toBe(true);
  });

  it('adding a second worker pool only adds', () => {
    const diff = jsonDiff(local({}, [{ name: 'default' }]), local({}, [{ name: 'default' }, { name: 'highmem' }]));
    expect(diff.length).toBeGreaterThan(0);
    expect(diff.filter((d) => d.kind !== 'added')).toEqual([]);
    expect(touched(diff.map((d) => d.path)).every((address) => address.includes('highmem'))).toBe(true);
  });

  it('logical ids do not depend on the order of pools', () => {
    const ab = local({}, [{ name: 'a' }, { name: 'b' }]);
    const ba = local({}, [{ name: 'b' }, { name: 'a' }]);
    expect(jsonDiff(ab, ba)).toEqual([]);
  });
});
