import { TerraformStack, Testing } from 'cdktf';
import { ClusterImage, DaskCluster } from '../constructs';
import { ValidationError } from '../constructs/core/errors';
import { GkeCluster, GkeClusterProps } from '../constructs/gke-cluster';
import {
  ArtifactRegistryRepository,
  ArtifactRegistryRepositoryIamMember,
  ComputeFirewall,
  ComputeNetwork,
  ComputeRouter,
  ComputeRouterNat,
  ComputeSubnetwork,
  ContainerCluster,
  ContainerNodePool,
  DataGoogleClientConfig,
  ProjectIamMember,
  ServiceAccount,
} from '../constructs/providers/google';
import { KubernetesProvider } from '../constructs/providers/kubernetes';
import { resourceAt, resourcesOf, Synth, synthStack } from './helpers';

const BASE: GkeClusterProps = { project: 'my-project-123', region: 'europe-west4', authorizedNetworks: ['203.0.113.7/32'] };

function synthGke(props: Partial<GkeClusterProps> = {}): { json: string; synth: Synth } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new GkeCluster(stack, 'dask', { ...BASE, ...props });
  const json = Testing.synth(stack);
  return { json, synth: JSON.parse(json) as Synth };
}

const pool = (synth: Synth, name: string) => resourceAt(synth, 'google_container_node_pool', `dask_${name}`);
const ref = (type: string, idPrefix: string, attribute: string) =>
  expect.stringMatching(new RegExp(`^\\$\\{${type}\\.${idPrefix}_[0-9A-F]{8}\\.${attribute.replace(/[[\]]/g, '\\$&')}\\}$`));
const NODE_ACCOUNT = ref('google_service_account', 'dask_node-service-account', 'email');
const NODE_MEMBER = ref('google_service_account', 'dask_node-service-account', 'member');

describe('GkeCluster', () => {
  const { json, synth } = synthGke();
  const cluster = resourceAt(synth, 'google_container_cluster', 'dask_cluster');

  describe('network', () => {
    it('is a custom-mode VPC', () => {
      expect(json).toHaveResourceWithProperties(ComputeNetwork, {
        name: 'dask-vpc',
        auto_create_subnetworks: false,
        routing_mode: 'REGIONAL',
      });
    });

    it('has a subnetwork with pod and service ranges, Private Google Access and flow logs', () => {
      expect(json).toHaveResourceWithProperties(ComputeSubnetwork, {
        name: 'dask-nodes',
        region: 'europe-west4',
        ip_cidr_range: '10.10.0.0/20',
        private_ip_google_access: true,
        secondary_ip_range: [
          { range_name: 'pods', ip_cidr_range: '10.20.0.0/14' },
          { range_name: 'services', ip_cidr_range: '10.24.0.0/20' },
        ],
        log_config: { aggregation_interval: 'INTERVAL_10_MIN', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
      });
    });

    it('gives private nodes egress through Cloud Router and Cloud NAT', () => {
      expect(json).toHaveResourceWithProperties(ComputeRouter, { name: 'dask-router', region: 'europe-west4' });
      expect(json).toHaveResource(ComputeRouterNat);
      expect(resourceAt(synth, 'google_compute_router_nat', 'dask_network_nat')).toMatchObject({
        name: 'dask-nat',
        router: ref('google_compute_router', 'dask_network_router', 'name'),
        nat_ip_allocate_option: 'AUTO_ONLY',
        source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS',
        subnetwork: [
          { name: ref('google_compute_subnetwork', 'dask_network_subnetwork', 'self_link'), source_ip_ranges_to_nat: ['ALL_IP_RANGES'] },
        ],
        log_config: { enable: true, filter: 'ERRORS_ONLY' },
      });
    });

    it('denies and logs ingress below the rules GKE adds', () => {
      expect(json).toHaveResourceWithProperties(ComputeFirewall, {
        direction: 'INGRESS',
        priority: 65534,
        deny: [{ protocol: 'all' }],
        log_config: { metadata: 'EXCLUDE_ALL_METADATA' },
      });
      expect(Object.values(resourcesOf(synth, 'google_compute_firewall')).every((rule) => rule.allow === undefined)).toBe(true);
    });

    it('refuses overlapping and malformed ranges', () => {
      expect(() => synthGke({ networkRanges: { pods: '10.10.0.0/16' } })).toThrow(/overlaps the nodes range/);
      expect(() => synthGke({ networkRanges: { services: '10.24.0.0/29' } })).toThrow(/GkeCluster.network.services/);
      expect(() => synthGke({ flowLogSampling: 0 })).toThrow(/GkeCluster.flowLogSampling/);
    });
  });

  describe('cluster', () => {
    it('is a regional, VPC-native cluster on the subnetwork', () => {
      expect(cluster).toMatchObject({
        name: 'dask',
        location: 'europe-west4',
        networking_mode: 'VPC_NATIVE',
        ip_allocation_policy: { cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services' },
      });
      expect(cluster.network).toContain('google_compute_network.');
      expect(cluster.subnetwork).toContain('google_compute_subnetwork.');
    });

    it('has private nodes, and its API server only for the authorized networks', () => {
      expect(cluster.private_cluster_config).toEqual({ enable_private_nodes: true, enable_private_endpoint: false });
      expect(cluster.master_authorized_networks_config).toEqual({
        gcp_public_cidrs_access_enabled: false,
        cidr_blocks: [{ cidr_block: '203.0.113.7/32', display_name: 'authorized-1' }],
      });
    });

    it('turns on Workload Identity, Shielded nodes, Dataplane V2 and Binary Authorization', () => {
      expect(cluster).toMatchObject({
        workload_identity_config: { workload_pool: 'my-project-123.svc.id.goog' },
        enable_shielded_nodes: true,
        datapath_provider: 'ADVANCED_DATAPATH',
        network_policy: { enabled: false },
        addons_config: { network_policy_config: { disabled: true }, gce_persistent_disk_csi_driver_config: { enabled: true } },
        binary_authorization: { evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
        node_pool_defaults: { node_config_defaults: { insecure_kubelet_readonly_port_enabled: 'FALSE' } },
      });
    });

    it('issues no client certificate and has legacy ABAC off', () => {
      expect(cluster.master_auth).toEqual({ client_certificate_config: { issue_client_certificate: false } });
      expect(cluster.enable_legacy_abac).toBe(false);
    });

    it('follows the REGULAR channel with a daily maintenance window', () => {
      expect(cluster.release_channel).toEqual({ channel: 'REGULAR' });
      expect(cluster.maintenance_policy).toEqual({ daily_maintenance_window: { start_time: '03:00' } });
      const custom = resourceAt(
        synthGke({ releaseChannel: 'STABLE', maintenanceStartTime: '22:30' }).synth,
        'google_container_cluster',
        'dask_cluster',
      );
      expect(custom).toMatchObject({
        release_channel: { channel: 'STABLE' },
        maintenance_policy: { daily_maintenance_window: { start_time: '22:30' } },
      });
    });

    it('sends logs and metrics to Cloud Logging and Monitoring', () => {
      expect(cluster.logging_service).toBe('logging.googleapis.com/kubernetes');
      expect(cluster.monitoring_service).toBe('monitoring.googleapis.com/kubernetes');
    });

    it('is protected from deletion unless opted out', () => {
      expect(cluster.deletion_protection).toBe(true);
      expect(
        resourceAt(synthGke({ deletionProtection: false }).synth, 'google_container_cluster', 'dask_cluster').deletion_protection,
      ).toBe(false);
    });

    it('carries resource labels', () => {
      expect(resourceAt(synthGke({ labels: { team: 'data' } }).synth, 'google_container_cluster', 'dask_cluster').resource_labels).toEqual({
        team: 'data',
        'managed-by': 'dask-cdktf',
        'dask-cdktf-cluster': 'dask',
      });
    });

    it('removes the default node pool, which runs hardened as the node account meanwhile', () => {
      expect(cluster).toMatchObject({
        remove_default_node_pool: true,
        initial_node_count: 1,
        node_config: {
          service_account: NODE_ACCOUNT,
          image_type: 'COS_CONTAINERD',
          workload_metadata_config: { mode: 'GKE_METADATA' },
          shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        },
        lifecycle: { ignore_changes: ['node_config', 'node_pool', 'initial_node_count'] },
      });
    });

    it('keeps intranode visibility off unless asked for', () => {
      expect(cluster.enable_intranode_visibility).toBe(false);
      expect(
        resourceAt(synthGke({ intranodeVisibility: true }).synth, 'google_container_cluster', 'dask_cluster').enable_intranode_visibility,
      ).toBe(true);
    });

    it('is zonal when given a zone', () => {
      const zonal = synthGke({ zone: 'europe-west4-b' }).synth;
      expect(resourceAt(zonal, 'google_container_cluster', 'dask_cluster').location).toBe('europe-west4-b');
      expect(pool(zonal, 'worker-pool').location).toBe('europe-west4-b');
    });
  });

  describe('node service account', () => {
    it('is a dedicated account with the node roles, never the Compute Engine default account', () => {
      expect(json).toHaveResourceWithProperties(ServiceAccount, { account_id: 'dask-nodes', project: 'my-project-123' });
      const roles = Object.values(resourcesOf(synth, 'google_project_iam_member')).map((binding) => binding.role);
      expect(roles.sort()).toEqual([
        'roles/container.defaultNodeServiceAccount',
        'roles/logging.logWriter',
        'roles/monitoring.metricWriter',
      ]);
      for (const binding of Object.values(resourcesOf(synth, 'google_project_iam_member'))) {
        expect(binding).toMatchObject({ project: 'my-project-123', member: NODE_MEMBER });
      }
      expect(json).toHaveResourceWithProperties(ProjectIamMember, { role: 'roles/container.defaultNodeServiceAccount' });
      expect(json).not.toContain('-compute@developer.gserviceaccount.com');
    });

    it('may read the image repository, and only that', () => {
      expect(json).toHaveResourceWithProperties(ArtifactRegistryRepository, {
        repository_id: 'dask-images',
        format: 'DOCKER',
        location: 'europe-west4',
      });
      expect(json).toHaveResourceWithProperties(ArtifactRegistryRepositoryIamMember, { role: 'roles/artifactregistry.reader' });
      expect(resourceAt(synth, 'google_artifact_registry_repository_iam_member', 'dask_image-repository_reader')).toMatchObject({
        member: NODE_MEMBER,
        repository: ref('google_artifact_registry_repository', 'dask_image-repository', 'name'),
      });
    });
  });

  describe('node pools', () => {
    const pools = Object.values(resourcesOf(synth, 'google_container_node_pool'));

    it('are each autoscaled, auto-repaired, auto-upgraded and hardened', () => {
      expect(pools).toHaveLength(2);
      for (const nodePool of pools) {
        expect(nodePool).toMatchObject({
          autoscaling: expect.objectContaining({ total_min_node_count: expect.any(Number), total_max_node_count: expect.any(Number) }),
          management: { auto_repair: true, auto_upgrade: true },
          node_config: {
            image_type: 'COS_CONTAINERD',
            service_account: NODE_ACCOUNT,
            workload_metadata_config: { mode: 'GKE_METADATA' },
            shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
            metadata: { 'disable-legacy-endpoints': 'true' },
          },
          lifecycle: { ignore_changes: ['initial_node_count'] },
        });
        expect(nodePool.depends_on).toHaveLength(3);
      }
    });

    it('has a small untainted on-demand system pool', () => {
      expect(pool(synth, 'system-pool')).toMatchObject({
        name: 'system',
        autoscaling: { total_min_node_count: 1, total_max_node_count: 3 },
        node_config: { spot: false, machine_type: 'e2-standard-4', labels: { 'dask-cdktf/pool': 'system' } },
      });
      expect((pool(synth, 'system-pool').node_config as Record<string, unknown>).taint).toBeUndefined();
    });

    it('has a Spot worker pool that scales from zero and is tainted for Dask workers', () => {
      expect(pool(synth, 'worker-pool')).toMatchObject({
        name: 'workers',
        initial_node_count: 0,
        autoscaling: { total_min_node_count: 0, total_max_node_count: 10, location_policy: 'ANY' },
        node_config: {
          spot: true,
          labels: { 'dask-cdktf/pool': 'workers' },
          taint: [{ key: 'dask-cdktf/workers', value: 'true', effect: 'NO_SCHEDULE' }],
        },
      });
    });

    it('sizes pools as given', () => {
      const sized = synthGke({
        workerPool: { machineType: 'n2-highmem-8', minNodes: 1, maxNodes: 50, spot: false, diskSizeGb: 200 },
      }).synth;
      expect(pool(sized, 'worker-pool')).toMatchObject({
        autoscaling: { total_min_node_count: 1, total_max_node_count: 50, location_policy: 'BALANCED' },
        node_config: { machine_type: 'n2-highmem-8', spot: false, disk_size_gb: 200 },
      });
    });

    it('adds GPU pools with accelerators and managed drivers', () => {
      const gpu = synthGke({ gpuPools: [{ name: 'l4', acceleratorType: 'nvidia-l4', acceleratorCount: 2, zones: ['europe-west4-a'] }] });
      expect(gpu.json).toHaveResourceWithProperties(ContainerNodePool, { name: 'gpu-l4' });
      expect(pool(gpu.synth, 'gpu-pool-l4_pool')).toMatchObject({
        name: 'gpu-l4',
        node_locations: ['europe-west4-a'],
        autoscaling: { total_min_node_count: 0, total_max_node_count: 2 },
        node_config: {
          machine_type: 'g2-standard-4',
          spot: true,
          labels: { 'dask-cdktf/pool': 'gpu-workers' },
          taint: [{ key: 'dask-cdktf/workers', value: 'true', effect: 'NO_SCHEDULE' }],
          guest_accelerator: [{ type: 'nvidia-l4', count: 2, gpu_driver_installation_config: { gpu_driver_version: 'DEFAULT' } }],
          shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        },
      });
    });
  });

  describe('bad input', () => {
    it.each([['0.0.0.0/0'], ['203.0.113.7/32', '0.0.0.0/0']])('refuses %j as authorized networks', (...blocks) => {
      expect(() => synthGke({ authorizedNetworks: blocks })).toThrow(
        /GkeCluster.authorizedNetworks\[\d\]: invalid value "0.0.0.0\/0": this opens the Kubernetes API server/,
      );
    });

    it.each(['203.0.113.300/32', '203.0.113.7', 'my-laptop', '203.0.113.7/24'])('refuses the invalid CIDR %j', (block) => {
      expect(() => synthGke({ authorizedNetworks: [block] })).toThrow(ValidationError);
    });

    it('requires an authorized network', () => {
      expect(() => synthGke({ authorizedNetworks: [] })).toThrow(/GkeCluster.authorizedNetworks/);
    });

    it('refuses a pool maximum below its minimum', () => {
      expect(() => synthGke({ workerPool: { minNodes: 5, maxNodes: 2 } })).toThrow(
        'GkeCluster.workerPool.maxNodes: invalid value 2: must be at least minNodes (5)',
      );
      expect(() => synthGke({ gpuPools: [{ name: 't4', acceleratorType: 'nvidia-tesla-t4', minNodes: 2, maxNodes: 1 }] })).toThrow(
        /GkeCluster.gpuPools\(gpu-t4\).maxNodes/,
      );
      expect(() => synthGke({ systemPool: { minNodes: 0 } })).toThrow(/GkeCluster.systemPool.minNodes/);
    });

    it.each(['europe-west', 'Europe-West4', 'europe-west4-b'])('refuses the region %j', (region) => {
      expect(() => synthGke({ region })).toThrow(/GkeCluster.region/);
    });

    it('refuses an invalid zone or one outside the region', () => {
      expect(() => synthGke({ zone: 'europe-west4' })).toThrow(/GkeCluster.zone/);
      expect(() => synthGke({ zone: 'us-central1-a' })).toThrow(
        'GkeCluster.zone: invalid value "us-central1-a": expected a zone of the region europe-west4',
      );
      expect(() => synthGke({ nodeZones: ['us-east1-b'] })).toThrow(/GkeCluster.nodeZones/);
      expect(() => synthGke({ gpuPools: [{ name: 'l4', acceleratorType: 'nvidia-l4', zones: ['us-east1-b'] }] })).toThrow(/zones/);
    });

    it('refuses other malformed settings', () => {
      expect(() => synthGke({ project: 'My Project' })).toThrow(/GkeCluster.project/);
      expect(() => synthGke({ name: 'a-very-long-cluster-name-x' })).toThrow(/GkeCluster.name/);
      expect(() => synthGke({ releaseChannel: 'NIGHTLY' as never })).toThrow(/GkeCluster.releaseChannel/);
      expect(() => synthGke({ workerPool: { machineType: 'big' } })).toThrow(/GkeCluster.workerPool.machineType/);
      expect(() => synthGke({ gpuPools: [{ name: 'x', acceleratorType: 'amd-mi300' }] })).toThrow(/acceleratorType/);
      expect(() =>
        synthGke({
          gpuPools: [
            { name: 'x', acceleratorType: 'nvidia-l4' },
            { name: 'x', acceleratorType: 'nvidia-l4' },
          ],
        }),
      ).toThrow(/GPU pool names/);
      expect(() => synthGke({ rbacSecurityGroup: 'admins@example.com' })).toThrow(/rbacSecurityGroup/);
    });
  });
});

describe('GkeCluster.addPlatform', () => {
  function withWorkers(gpuPools: GkeClusterProps['gpuPools'], workerGpus: number[]): Synth {
    return synthStack((stack) => {
      const gke = new GkeCluster(stack, 'gke', { ...BASE, gpuPools });
      const platform = gke.addPlatform(stack, 'platform', { namespace: 'analytics' });
      new DaskCluster(stack, 'dask', {
        platform,
        image: new ClusterImage(stack, 'image', { reference: 'registry.example.com/dask:1' }),
        workerPools: workerGpus.map((gpus, index) => ({ name: `pool${index}`, gpus, replicas: 1 })),
      });
    });
  }
  const podSpec = (synth: Synth, idPrefix: string) =>
    (
      (resourceAt(synth, 'kubernetes_deployment_v1', `${idPrefix}_deployment`).spec as Record<string, unknown>).template as {
        spec: Record<string, unknown>;
      }
    ).spec;

  it('binds a kubernetes provider to the cluster endpoint, CA and the caller token', () => {
    const synth = withWorkers([], [0]);
    const json = JSON.stringify(synth);
    expect(json).toHaveProvider(KubernetesProvider);
    expect(json).toHaveDataSource(DataGoogleClientConfig);
    const provider = (synth.provider as Record<string, Record<string, string>[]>).kubernetes;
    expect(provider).toEqual([
      {
        host: expect.stringMatching(/^https:\/\/\$\{google_container_cluster\.gke_cluster_[0-9A-F]{8}\.endpoint\}$/),
        cluster_ca_certificate: expect.stringMatching(
          /^\$\{base64decode\(google_container_cluster\.gke_cluster_[0-9A-F]{8}\.master_auth\[0\]\.cluster_ca_certificate\)\}$/,
        ),
        token: expect.stringMatching(/^\$\{data\.google_client_config\.platform-google-client(_[0-9A-F]{8})?\.access_token\}$/),
      },
    ]);
  });

  it('places CPU workers on the tainted worker pool, and nothing else', () => {
    const synth = withWorkers([], [0]);
    expect(podSpec(synth, 'dask_workers-pool0')).toMatchObject({
      node_selector: { 'dask-cdktf/pool': 'workers' },
      toleration: [{ key: 'dask-cdktf/workers', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    });
    for (const role of ['scheduler', 'notebook']) {
      expect(podSpec(synth, `dask_${role}`).toleration).toBeUndefined();
      expect(podSpec(synth, `dask_${role}`).node_selector).toBeUndefined();
    }
  });

  it('places GPU workers on the GPU pools', () => {
    const synth = withWorkers([{ name: 'l4', acceleratorType: 'nvidia-l4' }], [0, 1]);
    expect(podSpec(synth, 'dask_workers-pool1')).toMatchObject({
      node_selector: { 'dask-cdktf/pool': 'gpu-workers' },
      toleration: [
        { key: 'dask-cdktf/workers', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
    expect(podSpec(synth, 'dask_workers-pool0').node_selector).toEqual({ 'dask-cdktf/pool': 'workers' });
  });

  it('refuses a GPU worker pool when the cluster has no GPU node pool', () => {
    expect(() => withWorkers([], [1])).toThrow(/dask-worker-pool0.gpus: invalid value 1: the GKE cluster gke has no GPU node pool/);
  });

  it('refuses GPU workers that need more GPUs than a node has', () => {
    expect(() => withWorkers([{ name: 'l4', acceleratorType: 'nvidia-l4', acceleratorCount: 1 }], [2])).toThrow(/at most 1 GPU\(s\) each/);
  });

  it('exposes the get-credentials command and the repository address', () => {
    const gke = new GkeCluster(new TerraformStack(Testing.app(), 'test'), 'gke', { ...BASE, zone: 'europe-west4-a' });
    expect(gke.getCredentialsCommand).toBe(
      'gcloud container clusters get-credentials gke --location europe-west4-a --project my-project-123',
    );
    expect(gke.imageRepositoryUrl).toBe('europe-west4-docker.pkg.dev/my-project-123/gke-images');
  });

  it('has the cluster resource the matchers find', () => {
    expect(JSON.stringify(withWorkers([], [0]))).toHaveResource(ContainerCluster);
  });
});
