import { EnvConfig } from './env-config';

/** How a stack gets the cluster image: built by a Docker engine, or an existing reference. */
export interface ImageSettings {
  /** Run this existing image instead of building one. */
  readonly image?: string;
  /** Tag of the built image. */
  readonly imageTag?: string;
  /** Base image for the build (the Dockerfile's pinned default when absent). */
  readonly baseImage?: string;
  /** Docker engine that builds (and pushes) the image. */
  readonly dockerHost?: string;
}

/** Reads `DASK_CDKTF_IMAGE`, `_IMAGE_TAG`, `_BASE_IMAGE` and `_DOCKER_HOST`. */
export function imageSettings(config: EnvConfig): ImageSettings {
  return {
    image: config.string('IMAGE'),
    imageTag: config.string('IMAGE_TAG'),
    baseImage: config.string('BASE_IMAGE'),
    dockerHost: config.string('DOCKER_HOST'),
  };
}
