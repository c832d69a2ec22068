import { ValidationError } from '../../constructs';
import { checkLabels } from '../../constructs/kubernetes/labels';
import { mergePlacement, targetsGpuNodes } from '../../constructs/kubernetes/placement';

describe('mergePlacement', () => {
  it('merges node selectors key by key and keeps an absent side empty', () => {
    expect(mergePlacement('p', { nodeSelector: { a: '1' } }, { nodeSelector: { b: '2' } })).toEqual({
      nodeSelector: { a: '1', b: '2' },
      tolerations: [],
    });
    expect(mergePlacement('p', undefined, undefined)).toEqual({ nodeSelector: {}, tolerations: [] });
  });

  it('accepts the same key with the same value, and refuses two values for one key', () => {
    expect(mergePlacement('p', { nodeSelector: { pool: 'w' } }, { nodeSelector: { pool: 'w' } }).nodeSelector).toEqual({ pool: 'w' });
    expect(() => mergePlacement('pool', { nodeSelector: { pool: 'a' } }, { nodeSelector: { pool: 'b' } })).toThrow(ValidationError);
    expect(() => mergePlacement('pool', { nodeSelector: { pool: 'a' } }, { nodeSelector: { pool: 'b' } })).toThrow(
      /^pool\.nodeSelector\.pool: invalid value "a": conflicts with the platform's placement, which requires pool=b/,
    );
  });

  it('concatenates tolerations without duplicates, own first', () => {
    const spot = { key: 'spot', operator: 'Exists' as const };
    const gpu = { key: 'nvidia.com/gpu', operator: 'Exists' as const, effect: 'NoSchedule' as const };
    expect(mergePlacement('p', { tolerations: [spot] }, { tolerations: [gpu, spot] }).tolerations).toEqual([spot, gpu]);
  });

  it('validates tolerations', () => {
    expect(() => mergePlacement('p', { tolerations: [{ key: '', operator: 'Exists' }] }, undefined)).toThrow(/p\.tolerations\[0\]\.key/);
    expect(() => mergePlacement('p', { tolerations: [{ key: 'a', operator: 'In' as never }] }, undefined)).toThrow(/operator/);
    expect(() => mergePlacement('p', undefined, { tolerations: [{ key: 'a', operator: 'Equal', effect: 'Never' as never }] })).toThrow(
      /effect/,
    );
  });
});

describe('targetsGpuNodes', () => {
  it('recognizes the GPU taint and GPU node labels', () => {
    expect(targetsGpuNodes({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] })).toBe(true);
    expect(targetsGpuNodes({ nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' } })).toBe(true);
    expect(targetsGpuNodes({ nodeSelector: { 'nvidia.com/gpu.present': 'true' } })).toBe(true);
    expect(targetsGpuNodes({ nodeSelector: { pool: 'workers' }, tolerations: [{ key: 'spot', operator: 'Exists' }] })).toBe(false);
    expect(targetsGpuNodes({})).toBe(false);
  });
});

describe('checkLabels', () => {
  it('accepts plain and prefixed keys and empty values', () => {
    const labels = { team: 'a', 'example.com/cost-center': 'c-42', empty: '' };
    expect(checkLabels('labels', labels)).toBe(labels);
  });

  it.each([
    [{ 'app.kubernetes.io/instance': 'x' }, /cannot be overridden/],
    [{ 'pod-security.kubernetes.io/enforce': 'privileged' }, /cannot be overridden/],
    [{ 'Example.com/x': 'y' }, /label key/],
    [{ ['k'.repeat(64)]: 'y' }, /label key/],
    [{ team: '-a' }, /label value/],
    [{ team: 'v'.repeat(64) }, /label value/],
  ])('rejects %j', (labels, message) => {
    expect(() => checkLabels('labels', labels)).toThrow(message);
  });
});
