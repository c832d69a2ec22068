import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from './core/errors';
import { checkName, checkUnique, nameFromId } from './core/validation';
import { GkeClusterProps, GkePlatformOptions, ReleaseChannel } from './gke/gke-cluster-props';
import { GkeKubernetesPlatform } from './gke/gke-platform';
import { ImageRepository } from './gke/image-repository';
import { GkeNetwork, SECONDARY_RANGES } from './gke/network';
import { GkeNodePool } from './gke/node-pool';
import { NodeServiceAccount } from './gke/node-service-account';
import { checkAuthorizedNetworks, checkGcpLabels, checkProjectId, checkRegion, checkTimeOfDay, regionOfZone } from './gke/validation';
import { KubernetesPlatform } from './kubernetes-platform';
import { ContainerCluster, DataGoogleClientConfig } from './providers/google';
import { KubernetesProvider } from './providers/kubernetes';
import { PlacementSpec } from './workload';

export type { GkeClusterProps, GkePlatformOptions, ReleaseChannel } from './gke/gke-cluster-props';
export type { GkeNetworkRanges } from './gke/network';
export type { GpuNodePoolOptions, NodePoolOptions } from './gke/node-pool';

const RELEASE_CHANNELS: ReleaseChannel[] = ['RAPID', 'REGULAR', 'STABLE', 'EXTENDED'];
const GOOGLE_GROUP = /^gke-security-groups@[a-z0-9.-]+\.[a-z]{2,}$/;

/**
 * A private, hardened GKE Standard cluster for Dask, with the defaults of
 * terraform-google-modules' safer-cluster: its own VPC (flow logs, Private
 * Google Access, Cloud NAT for egress), private nodes, the API server
 * reachable only from `authorizedNetworks`, Workload Identity, Shielded
 * nodes, Dataplane V2 (which enforces the NetworkPolicies the workloads
 * bring), a release channel and maintenance window, Binary Authorization, no
 * client certificate and no legacy ABAC, deletion protection, and
 * separately managed node pools running as a least-privilege service
 * account: an on-demand `system` pool for the scheduler and Jupyter, a Spot
 * `workers` pool that scales from zero and only takes Dask workers, and
 * optional GPU pools. An Artifact Registry repository holds the cluster
 * image; the nodes may only read it.
 *
 * Workloads go on it through {@link addPlatform}, typically from a second
 * stack, so that the kubernetes provider is configured from a cluster that
 * exists at plan time.
 */
export class GkeCluster extends Construct {
  /** Cluster name. */
  public readonly name: string;
  /** Project id. */
  public readonly project: string;
  /** Region of the cluster's network and repository. */
  public readonly region: string;
  /** Location of the cluster: the zone of a zonal cluster, else the region. */
  public readonly location: string;
  /** The network, subnetwork, router and NAT. */
  public readonly network: GkeNetwork;
  /** The nodes' service account. */
  public readonly nodeServiceAccount: NodeServiceAccount;
  /** The cluster. */
  public readonly cluster: ContainerCluster;
  /** The on-demand pool of the scheduler and Jupyter. */
  public readonly systemPool: GkeNodePool;
  /** The tainted (by default Spot) pool of the Dask workers. */
  public readonly workerPool: GkeNodePool;
  /** GPU pools by name. */
  public readonly gpuPools: Record<string, GkeNodePool>;
  /** The image repository (readable by the nodes only). */
  public readonly imageRepository: ImageRepository;
  /** Docker address of the repository, e.g. `europe-west1-docker.pkg.dev/my-project/dask-images`. */
  public readonly imageRepositoryUrl: string;
  /** Placement that sends CPU workers to the worker pool (its node selector and toleration). */
  public readonly workerPlacement: PlacementSpec;
  /** Placement that sends GPU workers to the GPU pools, when there are any. */
  public readonly gpuWorkerPlacement?: PlacementSpec;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    this.name = checkName('GkeCluster.name', props.name ?? nameFromId(id), 24);
    if (!/^[a-z]/.test(this.name)) throw new ValidationError('GkeCluster.name', this.name, 'must start with a letter');
    this.project = checkProjectId('GkeCluster.project', props.project);
    this.region = checkRegion('GkeCluster.region', props.region);
    if (props.zone !== undefined && regionOfZone('GkeCluster.zone', props.zone) !== this.region) {
      throw new ValidationError('GkeCluster.zone', props.zone, `expected a zone of the region ${this.region}, e.g. "${this.region}-b"`);
    }
    for (const zone of props.nodeZones ?? []) {
      if (regionOfZone('GkeCluster.nodeZones', zone) !== this.region) {
        throw new ValidationError('GkeCluster.nodeZones', zone, `expected a zone of the region ${this.region}`);
      }
    }
    this.location = props.zone ?? this.region;
    const authorized = checkAuthorizedNetworks('GkeCluster.authorizedNetworks', props.authorizedNetworks);
    const channel = props.releaseChannel ?? 'REGULAR';
    if (!RELEASE_CHANNELS.includes(channel))
      throw new ValidationError('GkeCluster.releaseChannel', channel, `expected one of ${RELEASE_CHANNELS.join(', ')}`);
    const maintenanceStart = checkTimeOfDay('GkeCluster.maintenanceStartTime', props.maintenanceStartTime ?? '03:00');
    if (props.rbacSecurityGroup !== undefined && !GOOGLE_GROUP.test(props.rbacSecurityGroup)) {
      throw new ValidationError('GkeCluster.rbacSecurityGroup', props.rbacSecurityGroup, 'expected "gke-security-groups@<your domain>"');
    }
    const gpuOptions = props.gpuPools ?? [];
    checkUnique(
      'GkeCluster.gpuPools[].name',
      gpuOptions.map((pool) => pool.name),
      'GPU pool names',
    );
    const labels = checkGcpLabels('GkeCluster.labels', { ...props.labels, 'managed-by': 'dask-cdktf', 'dask-cdktf-cluster': this.name });

    this.network = new GkeNetwork(this, 'network', {
      ...props.networkRanges,
      project: this.project,
      region: this.region,
      namePrefix: this.name,
      flowLogSampling: props.flowLogSampling,
    });
    this.nodeServiceAccount = new NodeServiceAccount(this, 'node-service-account', {
      project: this.project,
      accountId: `${this.name}-nodes`,
      clusterName: this.name,
    });

    this.cluster = new ContainerCluster(this, 'cluster', {
      project: this.project,
      name: this.name,
      location: this.location,
      nodeLocations: props.nodeZones?.length ? [...props.nodeZones] : undefined,
      description: 'Dask cluster (dask-cdktf)',
      resourceLabels: labels,
      deletionProtection: props.deletionProtection ?? true,
      network: this.network.network.selfLink,
      subnetwork: this.network.subnetwork.selfLink,
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: {
        clusterSecondaryRangeName: SECONDARY_RANGES.pods,
        servicesSecondaryRangeName: SECONDARY_RANGES.services,
        stackType: 'IPV4',
      },
      // Dataplane V2 (eBPF) enforces NetworkPolicies itself: Calico's network_policy stays off.
      datapathProvider: 'ADVANCED_DATAPATH',
      networkPolicy: { enabled: false },
      addonsConfig: {
        networkPolicyConfig: { disabled: true },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
        httpLoadBalancing: { disabled: false },
        horizontalPodAutoscaling: { disabled: false },
      },
      // Private nodes; the control plane keeps its public endpoint so that deploys from outside the VPC
      // work, and only the authorized networks (not even other Google Cloud customers) can reach it.
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: authorized.map((cidr, index) => ({ cidrBlock: cidr.block, displayName: `authorized-${index + 1}` })),
      },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableLegacyAbac: false,
      enableShieldedNodes: true,
      enableIntranodeVisibility: props.intranodeVisibility ?? false,
      workloadIdentityConfig: { workloadPool: `${this.project}.svc.id.goog` },
      releaseChannel: { channel },
      maintenancePolicy: { dailyMaintenanceWindow: { startTime: maintenanceStart } },
      loggingService: 'logging.googleapis.com/kubernetes',
      monitoringService: 'monitoring.googleapis.com/kubernetes',
      binaryAuthorization: { evaluationMode: (props.binaryAuthorization ?? true) ? 'PROJECT_SINGLETON_POLICY_ENFORCE' : 'DISABLED' },
      authenticatorGroupsConfig: props.rbacSecurityGroup ? { securityGroup: props.rbacSecurityGroup } : undefined,
      nodePoolDefaults: { nodeConfigDefaults: { insecureKubeletReadonlyPortEnabled: 'FALSE' } },
      // GKE cannot create a cluster without nodes: a minimal default pool, hardened like the others and
      // running as the node account, exists for the minutes until it is removed.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: {
        diskSizeGb: 30,
        diskType: 'pd-standard',
        imageType: 'COS_CONTAINERD',
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        metadata: { 'disable-legacy-endpoints': 'true' },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      lifecycle: { ignoreChanges: ['node_config', 'node_pool', 'initial_node_count'] },
      timeouts: { create: '45m', update: '45m', delete: '45m' },
      dependsOn: this.nodeServiceAccount.roleBindings,
    });

    const poolProps = {
      project: this.project,
      location: this.location,
      region: this.region,
      cluster: this.cluster.name,
      serviceAccount: this.nodeServiceAccount.email,
      resourceLabels: labels,
      dependsOn: this.nodeServiceAccount.roleBindings,
    };
    this.systemPool = new GkeNodePool(this, 'system-pool', { ...poolProps, ...props.systemPool, name: 'system', role: 'system' });
    this.workerPool = new GkeNodePool(this, 'worker-pool', { ...poolProps, ...props.workerPool, name: 'workers', role: 'workers' });
    this.gpuPools = {};
    for (const options of gpuOptions) {
      const { name, acceleratorType, acceleratorCount, driverVersion, ...sizing } = options;
      checkName('GkeCluster.gpuPools[].name', name, 20);
      this.gpuPools[name] = new GkeNodePool(this, `gpu-pool-${name}`, {
        ...poolProps,
        ...sizing,
        name: `gpu-${name}`,
        role: 'gpu-workers',
        gpu: { acceleratorType, acceleratorCount, driverVersion },
      });
    }
    this.workerPlacement = this.workerPool.placement;
    this.gpuWorkerPlacement = gpuOptions.length > 0 ? GkeNodePool.placementFor('gpu-workers') : undefined;

    this.imageRepository = new ImageRepository(this, 'image-repository', {
      project: this.project,
      region: this.region,
      repositoryId: `${this.name}-images`,
      clusterName: this.name,
      labels,
      readers: [this.nodeServiceAccount.member],
      kmsKeyName: props.imageRepositoryKmsKey,
    });
    this.imageRepositoryUrl = this.imageRepository.url;
  }

  /** The API server's address (an IP; sensitive in cross-stack outputs). */
  public get endpoint(): string {
    return this.cluster.endpoint;
  }

  /** The cluster CA certificate, base64-encoded PEM. */
  public get caCertificate(): string {
    return this.cluster.masterAuth.clusterCaCertificate;
  }

  /** The command that writes a kubeconfig entry for this cluster. */
  public get getCredentialsCommand(): string {
    return `gcloud container clusters get-credentials ${this.name} --location ${this.location} --project ${this.project}`;
  }

  /**
   * A {@link KubernetesPlatform} bound to this cluster, created in `scope`
   * (usually a second stack: the kubernetes provider is then configured from
   * a cluster that exists at plan time). Next to it: a kubernetes provider
   * with the cluster's endpoint, its CA certificate and an OAuth access
   * token, and (without `accessToken`) the `google_client_config` data source
   * that supplies the token. CPU worker pools get {@link workerPlacement},
   * GPU worker pools {@link gpuWorkerPlacement}; GPU worker pools without a
   * GPU pool that fits them are refused.
   */
  public addPlatform(scope: Construct, id: string, options: GkePlatformOptions = {}): KubernetesPlatform {
    const { accessToken, ...platformProps } = options;
    const token = accessToken ?? new DataGoogleClientConfig(scope, `${id}-google-client`).accessToken;
    const provider = new KubernetesProvider(scope, `${id}-kubernetes`, {
      host: `https://${this.endpoint}`,
      clusterCaCertificate: Fn.base64decode(this.caCertificate),
      token,
    });
    return new GkeKubernetesPlatform(scope, id, {
      ...platformProps,
      provider,
      workerPlacement: this.workerPlacement,
      gpuWorkerPlacement: this.gpuWorkerPlacement,
      clusterName: this.name,
      maxGpusPerNode: Math.max(0, ...Object.values(this.gpuPools).map((pool) => pool.acceleratorsPerNode)),
    });
  }
}
