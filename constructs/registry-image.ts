import { Construct } from 'constructs';
import { ValidationError } from './core/errors';
import { ClusterImage, IClusterImage } from './cluster-image';
import { Image, RegistryImage as DockerRegistryImage } from './providers/docker';

/** Props of {@link RegistryImage}. */
export interface RegistryImageProps {
  /**
   * The built image to push. Its repository must start with the registry host, e.g.
   * `europe-west1-docker.pkg.dev/my-project/dask-images/dask` (`GkeCluster.imageRepositoryUrl` + `/dask`).
   */
  readonly source: ClusterImage;
  /**
   * Password for the registry; for Artifact Registry an OAuth access token
   * (`google_client_config.access_token`) with the user `oauth2accesstoken`.
   */
  readonly accessToken: string;
  /**
   * User name for the registry.
   * @default "oauth2accesstoken" (Artifact Registry with an access token)
   */
  readonly username?: string;
  /**
   * Keep pushed images in the registry on destroy and when a rebuild replaces them
   * (pods that still run the previous digest can be rescheduled).
   * @default true
   */
  readonly keepRemotely?: boolean;
}

/**
 * Pushes a built {@link ClusterImage} to its registry (`docker_registry_image`,
 * authenticated with the caller's credentials, re-pushed whenever the image is
 * rebuilt) and exposes the pull-by-digest reference `<repository>@sha256:<digest>`.
 * It takes the place of the ClusterImage wherever an image is expected: every
 * role then runs exactly the pushed bytes, whatever happens to the tag later.
 */
export class RegistryImage extends Construct implements IClusterImage {
  /** `<repository>@sha256:<digest>`: what workloads run. */
  public readonly imageRef: string;
  /** The pushed tag, e.g. `europe-west1-docker.pkg.dev/my-project/dask-images/dask:2026.8.0-1`. */
  public readonly imageName: string;
  /** The local build the push reads. */
  public readonly image?: Image;
  /** Registry host, e.g. `europe-west1-docker.pkg.dev`. */
  public readonly registry: string;
  /** The push. */
  public readonly push: DockerRegistryImage;

  constructor(scope: Construct, id: string, props: RegistryImageProps) {
    super(scope, id);
    const source = props.source;
    if (!source.image) {
      throw new ValidationError(
        'RegistryImage.source',
        source.imageName,
        'expected a ClusterImage that builds its image (a `reference` is pulled, not pushed)',
      );
    }
    const match = /^(([a-z0-9.-]+\.[a-z]{2,}|localhost)(:\d+)?)\/([a-z0-9._/-]+):([A-Za-z0-9_.-]+)$/.exec(source.imageName);
    if (!match) {
      throw new ValidationError(
        'RegistryImage.source',
        source.imageName,
        'expected a repository that starts with the registry host, e.g. "europe-west1-docker.pkg.dev/my-project/dask-images/dask"',
      );
    }
    this.registry = match[1];
    const repository = `${this.registry}/${match[4]}`;
    this.image = source.image;
    this.imageName = source.imageName;
    this.push = new DockerRegistryImage(this, 'push', {
      name: source.imageName,
      keepRemotely: props.keepRemotely ?? true,
      // A rebuild (new image id) pushes again, even under the same tag.
      triggers: { image_id: source.imageRef },
      authConfig: { address: this.registry, username: props.username ?? 'oauth2accesstoken', password: props.accessToken },
    });
    this.imageRef = `${repository}@${this.push.sha256Digest}`;
  }
}
