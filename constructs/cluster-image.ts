import { existsSync } from 'fs';
import * as path from 'path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { buildContextHash } from './core/build-context';
import { ValidationError } from './core/errors';
import { Image } from './providers/docker';

/** Version of the image this library ships (Dask version, then the image revision). */
export const IMAGE_VERSION = '2026.8.0-1';

/** An image every role of a cluster runs. */
export interface IClusterImage {
  /** What workloads run: an image id or a registry reference. */
  readonly imageRef: string;
  /** Human-readable name, e.g. `dask-cdktf/dask:2026.8.0-1`. */
  readonly imageName: string;
}

/** Props of {@link ClusterImage}. */
export interface ClusterImageProps {
  /**
   * Run an existing image instead of building one: a full reference such as
   * `registry.example.com/team/dask:2026.8.0-1` or `...@sha256:<digest>`.
   * It must follow the runtime contract of `images/dask/README.md`.
   * @default build `buildContext` with the Docker engine
   */
  readonly reference?: string;
  /**
   * Directory with the Dockerfile to build.
   * @default the `images/dask` directory of this package
   */
  readonly buildContext?: string;
  /**
   * Repository name of the built image.
   * @default "dask-cdktf/dask"
   */
  readonly repository?: string;
  /**
   * Tag of the built image; a new tag rebuilds the image and replaces the containers.
   * @default {@link IMAGE_VERSION}
   */
  readonly tag?: string;
  /**
   * Build arguments, e.g. `{ BASE_IMAGE: "python:3.12-slim" }`.
   * @default none: the Dockerfile's pinned defaults
   */
  readonly buildArgs?: Record<string, string>;
  /**
   * Platform to build for, e.g. `linux/amd64` when the nodes that run the
   * image differ from the machine that builds it.
   * @default the Docker engine's own platform
   */
  readonly platform?: string;
  /**
   * Keep the built image in the local image cache on destroy, so a later
   * deploy does not rebuild from scratch.
   * @default true
   */
  readonly keepLocally?: boolean;
}

const REFERENCE = /^[a-z0-9]+(?:[._\-/:@][a-zA-Z0-9_.-]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The one image every role runs: either built from `images/dask` by the
 * Docker engine (rebuilt whenever a file the build sees changes, since their
 * hash is a trigger), or an existing reference. Scheduler, workers and Jupyter all
 * take {@link imageRef} from here, so they cannot drift apart.
 */
export class ClusterImage extends Construct implements IClusterImage {
  /** What workloads run: the built image's id, or the given reference. */
  public readonly imageRef: string;
  /** Repository and tag (or the given reference), e.g. `dask-cdktf/dask:2026.8.0-1`. */
  public readonly imageName: string;
  /** The build resource, when this construct builds the image. */
  public readonly image?: Image;

  constructor(scope: Construct, id: string, props: ClusterImageProps = {}) {
    super(scope, id);
    if (props.reference !== undefined) {
      if (!REFERENCE.test(props.reference)) {
        throw new ValidationError('ClusterImage.reference', props.reference, 'expected an image reference such as "registry/repo:tag"');
      }
      for (const key of ['buildContext', 'repository', 'tag', 'buildArgs', 'platform'] as const) {
        if (props[key] !== undefined) {
          throw new ValidationError(`ClusterImage.${key}`, props[key], 'cannot be combined with `reference`');
        }
      }
      this.imageRef = props.reference;
      this.imageName = props.reference;
      return;
    }
    const repository = props.repository ?? 'dask-cdktf/dask';
    if (!/^[a-z0-9]+(?:[._\-/][a-z0-9]+)*$/.test(repository)) {
      throw new ValidationError('ClusterImage.repository', repository, 'expected lower-case letters, digits, ".", "_", "-" and "/"');
    }
    const tag = props.tag ?? IMAGE_VERSION;
    if (!TAG.test(tag)) {
      throw new ValidationError(
        'ClusterImage.tag',
        tag,
        'expected a Docker tag: letters, digits, "_", "." and "-", at most 128 characters',
      );
    }
    if (props.platform !== undefined && !/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/.test(props.platform)) {
      throw new ValidationError('ClusterImage.platform', props.platform, 'expected an OS/architecture such as "linux/amd64"');
    }
    const context = props.buildContext ?? defaultBuildContext();
    if (!existsSync(path.join(context, 'Dockerfile'))) {
      throw new ValidationError('ClusterImage.buildContext', context, 'expected a directory that contains a Dockerfile');
    }
    // The asset copies the directory into the cdktf output; its hash, the image's
    // rebuild trigger, covers only what the build sees (see buildContextHash).
    const asset = new TerraformAsset(this, 'context', { path: context, type: AssetType.DIRECTORY, assetHash: buildContextHash(context) });
    this.imageName = `${repository}:${tag}`;
    this.image = new Image(this, 'image', {
      name: this.imageName,
      keepLocally: props.keepLocally ?? true,
      triggers: { context: asset.assetHash },
      buildAttribute: {
        context: asset.path,
        // The Dockerfile writes its OCI version label from this argument.
        buildArgs: { IMAGE_VERSION: tag, ...props.buildArgs },
        platform: props.platform,
      },
    });
    this.imageRef = this.image.imageId;
  }
}

/** `images/dask` next to the sources, whether they run from TypeScript or from `dist/`. */
function defaultBuildContext(): string {
  const candidates = [path.resolve(__dirname, '..', 'images', 'dask'), path.resolve(__dirname, '..', '..', 'images', 'dask')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}
