import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { ClusterImage, IMAGE_VERSION } from '../constructs';
import { buildContextHash } from '../constructs/core/build-context';
import { resourcesOf, synthStack } from './helpers';

const stack = () => new TerraformStack(Testing.app(), 'test');

describe('ClusterImage', () => {
  it('builds images/dask and triggers a rebuild on a new context hash', () => {
    let image!: ClusterImage;
    const synth = synthStack((s) => {
      image = new ClusterImage(s, 'image', { buildArgs: { BASE_IMAGE: 'base:local' }, platform: 'linux/amd64' });
    });
    const [built] = Object.values(resourcesOf(synth, 'docker_image'));
    expect(built).toMatchObject({
      name: `dask-cdktf/dask:${IMAGE_VERSION}`,
      build: {
        context: expect.stringMatching(/^assets\//),
        build_args: { IMAGE_VERSION, BASE_IMAGE: 'base:local' },
      },
      triggers: { context: buildContextHash(path.resolve(__dirname, '..', 'images', 'dask')) },
    });
    expect(image.imageName).toBe(`dask-cdktf/dask:${IMAGE_VERSION}`);
    expect(image.imageRef).toMatch(/^\$\{TfToken\[/);
  });

  it('wraps an existing reference without building', () => {
    const image = new ClusterImage(stack(), 'image', { reference: 'europe-docker.pkg.dev/p/r/dask@sha256:' + 'a'.repeat(64) });
    expect(image.image).toBeUndefined();
    expect(image.imageRef).toBe(image.imageName);
  });

  it.each([
    [{ reference: 'Not A Reference' }, 'ClusterImage.reference: invalid value "Not A Reference"'],
    [{ reference: 'dask:1', tag: 'x' }, 'ClusterImage.tag: invalid value "x": cannot be combined with `reference`'],
    [{ tag: 'has space' }, 'ClusterImage.tag: invalid value "has space"'],
    [{ repository: 'Upper/Case' }, 'ClusterImage.repository: invalid value "Upper/Case"'],
    [{ platform: 'amd64' }, 'ClusterImage.platform: invalid value "amd64": expected an OS/architecture such as "linux/amd64"'],
    [
      { reference: 'dask:1', platform: 'linux/amd64' },
      'ClusterImage.platform: invalid value "linux/amd64": cannot be combined with `reference`',
    ],
    [{ buildContext: mkdtempSync(path.join(tmpdir(), 'no-dockerfile-')) }, 'expected a directory that contains a Dockerfile'],
  ])('refuses %j', (props, message) => {
    expect(() => new ClusterImage(stack(), 'image', props)).toThrow(message);
  });
});
