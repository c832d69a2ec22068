import { Annotations, App, Fn, GcsBackend, Op, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterImage, DaskCluster, IClusterImage, NamedWorkerPoolOptions } from '../constructs';
import { ValidationError } from '../constructs/core/errors';
import { GkeCluster, GkeClusterProps, GpuNodePoolOptions, ReleaseChannel } from '../constructs/gke-cluster';
import {
  checkAcceleratorType,
  checkAuthorizedNetworks,
  checkMachineType,
  checkProjectId,
  checkRegion,
  checkTimeOfDay,
  regionOfZone,
} from '../constructs/gke/validation';
import { KubernetesPlatform } from '../constructs/kubernetes-platform';
import { RegistryImage } from '../constructs/registry-image';
import { DockerProvider } from '../constructs/providers/docker';
import { DataGoogleClientConfig, GoogleProvider } from '../constructs/providers/google';
import { RandomProvider } from '../constructs/providers/random';
import { TlsProvider } from '../constructs/providers/tls';
import { ClusterSettings } from './cluster-settings';
import { EnvConfig, PREFIX } from './env-config';
import { ImageSettings, imageSettings } from './image-settings';
import { addKubernetesOutputs } from './kubernetes-outputs';

/** Stack ids of the environment, in deploy order (destroy in reverse). */
export const GKE_STACKS = { cluster: 'gke-cluster', workloads: 'gke' } as const;

/**
 * Stand-ins for required settings that are not set, so that `cdktf synth`
 * (CI, a first look) works without a Google Cloud account. None can deploy:
 * the stacks then carry a check that fails `terraform plan`, and the bucket
 * name is not a valid GCS name (upper case), so `terraform init` fails too.
 */
export const PLACEHOLDERS = {
  project: 'set-dask-cdktf-gcp-project',
  region: 'us-central1',
  authorizedNetwork: '192.0.2.0/24', // TEST-NET-1 (RFC 5737): routed nowhere
  bucket: 'set-DASK_CDKTF_GCS_BUCKET',
} as const;

/** Settings of the `gke` environment, read from `DASK_CDKTF_*` variables. */
export interface GkeSettings extends ImageSettings {
  /** Settings shared with the other environments. */
  readonly cluster: ClusterSettings;
  /** The GKE cluster. */
  readonly gke: GkeClusterProps;
  /** Required variables that are not set (placeholders stand in for them). */
  readonly missing: string[];
  /** GCS bucket of the Terraform state. */
  readonly stateBucket: string;
  /** Object prefix of the state; each stack adds its id. */
  readonly statePrefix: string;
  /** Namespace of the workloads. */
  readonly namespace: string;
  /** Seconds `deploy` waits for each rollout (a Spot node may have to start first). */
  readonly rolloutTimeoutSeconds: number;
  /** Local port of the Jupyter port-forward. */
  readonly jupyterPort: number;
  /** Local port of the dashboard port-forward. */
  readonly dashboardPort: number;
  /** A Dask worker pool on the GPU nodes, when GPU workers are asked for. */
  readonly gpuWorkerPool?: NamedWorkerPoolOptions;
}

/** Reads the `gke` settings. A malformed value throws; a missing required one is recorded in `missing`. */
export function gkeSettings(config: EnvConfig, cluster: ClusterSettings): GkeSettings {
  const env = (name: string) => PREFIX + name;
  const missing: string[] = [];
  const required = (name: string, label = env(name)): string | undefined => {
    const value = config.raw(name);
    if (value === undefined) missing.push(label);
    return value;
  };

  const project = required('GCP_PROJECT');
  const zone = config.raw('GCP_ZONE');
  const zoneRegion = zone === undefined ? undefined : regionOfZone(env('GCP_ZONE'), zone);
  const regionValue =
    zone === undefined ? required('GCP_REGION', `${env('GCP_REGION')} (or ${env('GCP_ZONE')})`) : config.raw('GCP_REGION');
  const region = regionValue === undefined ? (zoneRegion ?? PLACEHOLDERS.region) : checkRegion(env('GCP_REGION'), regionValue);
  if (zoneRegion !== undefined && zoneRegion !== region) {
    throw new ValidationError(env('GCP_ZONE'), zone, `is not in ${env('GCP_REGION')}=${region}`);
  }
  const cidrs = required('AUTHORIZED_CIDR');
  const bucket = required('GCS_BUCKET');
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(bucket)) {
    throw new ValidationError(
      env('GCS_BUCKET'),
      bucket,
      'expected a Cloud Storage bucket name (lower-case letters, digits, "-", "_" and ".")',
    );
  }
  const statePrefix = config.string('GCS_PREFIX', 'dask-cdktf');
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(statePrefix)) {
    throw new ValidationError(
      env('GCS_PREFIX'),
      statePrefix,
      'expected an object prefix such as "dask-cdktf" or "teams/data/dask" (no leading or trailing "/")',
    );
  }
  const list = (name: string) =>
    config
      .raw(name)
      ?.split(/[\s,]+/)
      .filter(Boolean);
  const authorizedNetworks = cidrs === undefined ? [PLACEHOLDERS.authorizedNetwork] : list('AUTHORIZED_CIDR')!;
  checkAuthorizedNetworks(env('AUTHORIZED_CIDR'), authorizedNetworks);
  const channel = config.string('GKE_RELEASE_CHANNEL', 'REGULAR').toUpperCase();
  if (!['RAPID', 'REGULAR', 'STABLE', 'EXTENDED'].includes(channel)) {
    throw new ValidationError(env('GKE_RELEASE_CHANNEL'), channel, 'expected RAPID, REGULAR, STABLE or EXTENDED');
  }
  const machine = (name: string) => (config.raw(name) === undefined ? undefined : checkMachineType(env(name), config.raw(name)!));
  const optionalInteger = (name: string) => (config.raw(name) === undefined ? undefined : config.integer(name, 0));

  const gpuType = config.raw('GKE_GPU_TYPE');
  const gpuCount = config.integer('GKE_GPU_COUNT', 1, 1);
  const gpuPools: GpuNodePoolOptions[] =
    gpuType === undefined
      ? []
      : [
          {
            name: 'default',
            acceleratorType: checkAcceleratorType(env('GKE_GPU_TYPE'), gpuType),
            acceleratorCount: gpuCount,
            machineType: machine('GKE_GPU_MACHINE_TYPE'),
            minNodes: optionalInteger('GKE_GPU_MIN_NODES'),
            maxNodes: optionalInteger('GKE_GPU_MAX_NODES'),
            spot: config.boolean('GKE_GPU_SPOT', true),
            zones: list('GKE_GPU_ZONES'),
          },
        ];
  const gpuWorkers = config.integer('GKE_GPU_WORKERS', 0);

  return {
    cluster,
    missing,
    stateBucket: bucket ?? PLACEHOLDERS.bucket,
    statePrefix,
    gke: {
      name: cluster.name,
      project: project === undefined ? PLACEHOLDERS.project : checkProjectId(env('GCP_PROJECT'), project),
      region,
      zone,
      nodeZones: list('GKE_NODE_ZONES'),
      authorizedNetworks,
      releaseChannel: channel as ReleaseChannel,
      deletionProtection: config.boolean('GKE_DELETION_PROTECTION', true),
      maintenanceStartTime: checkTimeOfDay(env('GKE_MAINTENANCE_START'), config.string('GKE_MAINTENANCE_START', '03:00')),
      systemPool: {
        machineType: machine('GKE_SYSTEM_MACHINE_TYPE'),
        minNodes: optionalInteger('GKE_SYSTEM_MIN_NODES'),
        maxNodes: optionalInteger('GKE_SYSTEM_MAX_NODES'),
      },
      workerPool: {
        machineType: machine('GKE_WORKER_MACHINE_TYPE'),
        minNodes: optionalInteger('GKE_WORKER_MIN_NODES'),
        maxNodes: optionalInteger('GKE_WORKER_MAX_NODES'),
        spot: config.boolean('GKE_WORKER_SPOT', true),
      },
      gpuPools,
    },
    namespace: config.name('NAMESPACE', 'dask', 63),
    rolloutTimeoutSeconds: config.integer('ROLLOUT_TIMEOUT', 900, 60),
    jupyterPort: config.port('JUPYTER_PORT', 8888)!,
    dashboardPort: config.port('DASHBOARD_PORT', 8787)!,
    ...imageSettings(config),
    gpuWorkerPool:
      gpuWorkers === 0
        ? undefined
        : {
            name: 'gpu',
            replicas: gpuWorkers,
            gpus: gpuCount,
            cpu: config.cpu('GKE_GPU_WORKER_CPU', 3),
            memory: config.memory('GKE_GPU_WORKER_MEMORY', '10Gi'),
          },
  };
}

/**
 * Common parts of both stacks: state in GCS (one object per stack), the
 * google provider, and, when required settings are missing, a warning per
 * setting and a check that fails `terraform plan` before anything is created.
 */
function prepare(stack: TerraformStack, settings: GkeSettings): void {
  new GcsBackend(stack, { bucket: settings.stateBucket, prefix: `${settings.statePrefix}/${stack.node.id}` });
  new GoogleProvider(stack, 'google', { project: settings.gke.project, region: settings.gke.region });
  if (settings.missing.length === 0) return;
  for (const name of settings.missing) {
    Annotations.of(stack).addWarning(
      `${name} is not set: the ${stack.node.id} stack synthesizes with a placeholder and cannot be deployed until it is set (see README, "GKE").`,
    );
  }
  const missing = new TerraformLocal(stack, 'missing_settings', settings.missing);
  new TerraformResource(stack, 'settings-check', {
    terraformResourceType: 'terraform_data',
    lifecycle: {
      precondition: [
        {
          condition: Op.lt(Fn.lengthOf(missing.asList), 1),
          errorMessage: `Set ${settings.missing.join(', ')} before deploying the gke stacks (see README, "GKE"); placeholders stand in for them.`,
        },
      ],
    },
  });
}

/**
 * `gke-cluster`: the Google infrastructure (network, private GKE cluster,
 * node pools, node service account, image repository). Deploy it first.
 */
export class GkeClusterStack extends TerraformStack {
  /** The cluster. */
  public readonly gke: GkeCluster;

  constructor(scope: Construct, id: string, settings: GkeSettings) {
    super(scope, id);
    prepare(this, settings);
    this.gke = new GkeCluster(this, 'gke', settings.gke);
    new TerraformOutput(this, 'cluster_name', { value: this.gke.name, description: 'GKE cluster name' });
    new TerraformOutput(this, 'cluster_location', { value: this.gke.location, description: 'Zone or region of the cluster' });
    new TerraformOutput(this, 'get_credentials_command', {
      value: this.gke.getCredentialsCommand,
      description: 'Writes the kubeconfig entry kubectl needs (run once, from an authorized network)',
    });
    new TerraformOutput(this, 'image_repository', {
      value: this.gke.imageRepositoryUrl,
      description: 'Artifact Registry repository of the cluster image',
    });
    new TerraformOutput(this, 'node_service_account', {
      value: this.gke.nodeServiceAccount.email,
      description: 'Service account of the nodes',
    });
  }
}

/** Props of {@link GkeStack}. */
export interface GkeStackProps extends GkeSettings {
  /** The cluster, from the `gke-cluster` stack. */
  readonly gkeCluster: GkeCluster;
}

/**
 * `gke`: the Dask cluster on the GKE cluster of the `gke-cluster` stack
 * (read through cross-stack references, so the kubernetes provider is
 * configured from a cluster that exists at plan time): the image built and
 * pushed to Artifact Registry and run by digest, then the same
 * KubernetesPlatform workloads as the `k8s` environment, with the workers
 * placed on the Spot (and GPU) pools.
 */
export class GkeStack extends TerraformStack {
  /** The Dask cluster. */
  public readonly cluster: DaskCluster;
  /** The platform the workloads run on. */
  public readonly platform: KubernetesPlatform;
  /** The image every role runs. */
  public readonly image: IClusterImage;

  constructor(scope: Construct, id: string, props: GkeStackProps) {
    super(scope, id);
    prepare(this, props);
    new TlsProvider(this, 'tls');
    new RandomProvider(this, 'random');
    const gke = props.gkeCluster;
    const accessToken = new DataGoogleClientConfig(this, 'google-client').accessToken;

    if (props.image !== undefined) {
      this.image = new ClusterImage(this, 'image', { reference: props.image });
    } else {
      new DockerProvider(this, 'docker', { host: props.dockerHost });
      const build = new ClusterImage(this, 'image', {
        repository: `${gke.imageRepositoryUrl}/dask`,
        tag: props.imageTag,
        buildArgs: props.baseImage ? { BASE_IMAGE: props.baseImage } : undefined,
        // GKE nodes are amd64, whatever machine builds the image.
        platform: 'linux/amd64',
      });
      this.image = new RegistryImage(this, 'registry-image', { source: build, accessToken });
    }
    this.platform = gke.addPlatform(this, 'platform', {
      namespace: props.namespace,
      rolloutTimeoutSeconds: props.rolloutTimeoutSeconds,
      accessToken,
    });
    const pools = props.cluster.workerPools ?? [{ name: 'default' }];
    this.cluster = new DaskCluster(this, 'dask', {
      ...props.cluster,
      platform: this.platform,
      image: this.image,
      workerPools: props.gpuWorkerPool ? [...pools, props.gpuWorkerPool] : pools,
    });

    addKubernetesOutputs(this, {
      cluster: this.cluster,
      namespace: props.namespace,
      kubectl: `kubectl --context gke_${gke.project}_${gke.location}_${gke.name}`,
      jupyterPort: props.jupyterPort,
      dashboardPort: props.dashboardPort,
      before: `After get_credentials_command of ${GKE_STACKS.cluster}`,
    });
    new TerraformOutput(this, 'image_reference', {
      value: this.image.imageRef,
      description: 'Image every role runs (by digest when built here)',
    });
  }
}

/**
 * Adds the `gke` environment: `gke-cluster` (Google infrastructure), then
 * `gke` (the Dask cluster on it). Deploy with
 * `npx cdktf deploy gke-cluster gke`; destroy `gke` before `gke-cluster`.
 */
export function addGkeStacks(app: App, config: EnvConfig, cluster: ClusterSettings): void {
  const settings = gkeSettings(config, cluster);
  const infrastructure = new GkeClusterStack(app, GKE_STACKS.cluster, settings);
  new GkeStack(app, GKE_STACKS.workloads, { ...settings, gkeCluster: infrastructure.gke });
}
