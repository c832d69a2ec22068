import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterImage, DaskCluster, DockerPlatform } from '../constructs';
import { DockerProvider } from '../constructs/providers/docker';
import { RandomProvider } from '../constructs/providers/random';
import { TlsProvider } from '../constructs/providers/tls';
import { ClusterSettings } from './cluster-settings';
import { EnvConfig } from './env-config';
import { ImageSettings, imageSettings } from './image-settings';

/** Settings of the `local` environment. */
export interface LocalStackProps extends ImageSettings {
  /** Cluster settings shared with the other environments. */
  readonly cluster: ClusterSettings;
  /** Host port of JupyterLab on 127.0.0.1. */
  readonly jupyterPort: number;
  /** Host port of the dashboard on 127.0.0.1. */
  readonly dashboardPort: number;
  /** Host port of the scheduler on 127.0.0.1 (opt-in). */
  readonly schedulerPort?: number;
}

/** Reads the `local` settings from `DASK_CDKTF_*` variables. */
export function localStackProps(config: EnvConfig, cluster: ClusterSettings): LocalStackProps {
  return {
    cluster,
    jupyterPort: config.port('JUPYTER_PORT', 8888)!,
    dashboardPort: config.port('DASHBOARD_PORT', 8787)!,
    schedulerPort: config.port('SCHEDULER_PORT'),
    ...imageSettings(config),
  };
}

/**
 * The `local` environment: the cluster image built by the local Docker
 * engine, then scheduler, workers and JupyterLab as containers on a private
 * network, with JupyterLab and the dashboard published on 127.0.0.1 only.
 * State stays in `terraform.local.tfstate` at the project root.
 */
export class LocalStack extends TerraformStack {
  public readonly cluster: DaskCluster;

  constructor(scope: Construct, id: string, props: LocalStackProps) {
    super(scope, id);
    // Relative to cdktf.out/stacks/<id>, where Terraform runs: the project root.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    new DockerProvider(this, 'docker', { host: props.dockerHost });
    new TlsProvider(this, 'tls');
    new RandomProvider(this, 'random');

    const image = props.image
      ? new ClusterImage(this, 'image', { reference: props.image })
      : new ClusterImage(this, 'image', {
          tag: props.imageTag,
          buildArgs: props.baseImage ? { BASE_IMAGE: props.baseImage } : undefined,
        });
    const clusterName = props.cluster.name ?? 'dask';
    const platform = new DockerPlatform(this, 'platform', { networkName: clusterName });
    this.cluster = new DaskCluster(this, 'dask', {
      ...props.cluster,
      platform,
      image,
      scheduler: { ...props.cluster.scheduler, dashboardHostPort: props.dashboardPort, commHostPort: props.schedulerPort },
      notebook: { ...props.cluster.notebook, hostPort: props.jupyterPort },
    });

    const notebook = this.cluster.notebook!;
    new TerraformOutput(this, 'jupyter_url', {
      value: notebook.url,
      sensitive: true,
      description: 'JupyterLab with its token: npx cdktf output local --outputs-file ... or terraform output -raw jupyter_url',
    });
    new TerraformOutput(this, 'dashboard_url', { value: this.cluster.dashboardUrl, description: 'Dask dashboard on 127.0.0.1' });
    new TerraformOutput(this, 'scheduler_address', {
      value: this.cluster.schedulerAddress,
      description: 'Scheduler address inside the Docker network (Client() in JupyterLab uses it)',
    });
    new TerraformOutput(this, 'image_name', { value: image.imageName, description: 'Image every role runs' });
  }
}
