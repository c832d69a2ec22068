import { TerraformStack, Testing } from 'cdktf';
import { ClusterImage, DaskCluster, DockerPlatform } from '../../constructs';
import { ValidationError } from '../../constructs/core/errors';
import { RegistryImage } from '../../constructs/registry-image';
import { RegistryImage as DockerRegistryImage } from '../../constructs/providers/docker';
import { resourcesOf, Synth } from '../helpers';

const REPOSITORY = 'europe-west4-docker.pkg.dev/my-project-123/dask-images/dask';

function pushed(): { stack: TerraformStack; image: RegistryImage } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const source = new ClusterImage(stack, 'build', { repository: REPOSITORY, tag: '2026.8.0-1' });
  const image = new RegistryImage(stack, 'image', { source, accessToken: 'token-from-google-client-config' });
  return { stack, image };
}

describe('RegistryImage', () => {
  it('pushes the built image with the access token, again after every rebuild, and keeps old digests', () => {
    const { stack } = pushed();
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(DockerRegistryImage, {
      name: `${REPOSITORY}:2026.8.0-1`,
      keep_remotely: true,
      auth_config: { address: 'europe-west4-docker.pkg.dev', username: 'oauth2accesstoken', password: 'token-from-google-client-config' },
    });
    const push = Object.values(resourcesOf(JSON.parse(json) as Synth, 'docker_registry_image'))[0];
    expect(push.triggers).toEqual({ image_id: expect.stringMatching(/^\$\{docker_image\.build_image_[0-9A-F]{8}\.image_id\}$/) });
  });

  it('is run by digest: every role gets <repository>@<sha256 digest of the push>', () => {
    const { stack, image } = pushed();
    new DaskCluster(stack, 'dask', { platform: new DockerPlatform(stack, 'platform'), image, notebookEnabled: false });
    const synth = JSON.parse(Testing.synth(stack)) as Synth;
    const images = Object.values(resourcesOf(synth, 'docker_container')).map((container) => container.image);
    expect(images.length).toBeGreaterThan(0);
    for (const reference of images) {
      expect(reference).toMatch(
        /^europe-west4-docker\.pkg\.dev\/my-project-123\/dask-images\/dask@\$\{docker_registry_image\.image_push_[0-9A-F]{8}\.sha256_digest\}$/,
      );
    }
  });

  it('refuses an image that is not built here, or not named after a registry', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const referenced = new ClusterImage(stack, 'ref', { reference: `${REPOSITORY}:1` });
    expect(() => new RegistryImage(stack, 'a', { source: referenced, accessToken: 't' })).toThrow(/a `reference` is pulled, not pushed/);
    const local = new ClusterImage(stack, 'local', { repository: 'dask-cdktf/dask' });
    expect(() => new RegistryImage(stack, 'b', { source: local, accessToken: 't' })).toThrow(ValidationError);
  });
});
