// The only module that imports the Docker provider bindings (deep imports: the package root is slow to load).
export { Container } from '@cdktf/provider-docker/lib/container';
export { Image } from '@cdktf/provider-docker/lib/image';
export { Network } from '@cdktf/provider-docker/lib/network';
export { Volume } from '@cdktf/provider-docker/lib/volume';
export { RegistryImage } from '@cdktf/provider-docker/lib/registry-image';
export { DockerProvider } from '@cdktf/provider-docker/lib/provider';
