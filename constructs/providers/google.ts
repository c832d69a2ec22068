// The only module that imports the Google provider bindings. Deep imports only: the package root loads
// all ~1,500 resource bindings (seconds and hundreds of MB) for the dozen this library uses.
export { GoogleProvider } from '@cdktf/provider-google/lib/provider';
export { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
export { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
export { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
export { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
export { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
export { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
export { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
export { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
export type { ContainerNodePoolNodeConfigTaint } from '@cdktf/provider-google/lib/container-node-pool';
export { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
export { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
export { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
export { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
