import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterImage, DaskCluster, IMAGE_VERSION } from '../constructs';
import { ValidationError } from '../constructs/core/errors';
import { KubernetesPlatform, KubernetesPlatformProps } from '../constructs/kubernetes-platform';
import { KubernetesProvider } from '../constructs/providers/kubernetes';
import { RandomProvider } from '../constructs/providers/random';
import { TlsProvider } from '../constructs/providers/tls';
import { ClusterSettings } from './cluster-settings';
import { EnvConfig, PREFIX } from './env-config';
import { addKubernetesOutputs } from './kubernetes-outputs';

/** Where kubectl and the provider find the cluster when nothing is set. */
export const DEFAULT_KUBECONFIG = '~/.kube/config';

/** Settings of the `k8s` environment. */
export interface K8sStackProps {
  /** Cluster settings shared with the other environments. */
  readonly cluster: ClusterSettings;
  /** Path of the kubeconfig file; `~` is expanded by the provider, so the synthesized JSON has no home directory in it. */
  readonly kubeconfig: string;
  /** Context of the kubeconfig (its current context when absent). */
  readonly kubeContext?: string;
  /** Namespace of all workloads. */
  readonly namespace: string;
  /** Create the namespace (false: use an existing one, labelled by its owner). */
  readonly createNamespace: boolean;
  /** Storage class of the notebook claim (the cluster's default when absent). */
  readonly storageClass?: string;
  /** Image reference every role runs (a registry the cluster can pull from). */
  readonly image: string;
  /** When kubelets pull the image (the platform's default, `Always`, when absent). */
  readonly imagePullPolicy?: KubernetesPlatformProps['imagePullPolicy'];
  /** Seconds `deploy` waits for each rollout. */
  readonly rolloutTimeoutSeconds: number;
  /** Local port of the Jupyter port-forward. */
  readonly jupyterPort: number;
  /** Local port of the dashboard port-forward. */
  readonly dashboardPort: number;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

/** Reads the `k8s` settings from `DASK_CDKTF_*` variables. */
export function k8sStackProps(config: EnvConfig, cluster: ClusterSettings): K8sStackProps {
  const pullPolicy = config.string('IMAGE_PULL_POLICY');
  if (pullPolicy !== undefined && !(PULL_POLICIES as readonly string[]).includes(pullPolicy)) {
    throw new ValidationError(`${PREFIX}IMAGE_PULL_POLICY`, pullPolicy, `expected one of ${PULL_POLICIES.join(', ')}`);
  }
  return {
    cluster,
    kubeconfig: config.string('KUBECONFIG', DEFAULT_KUBECONFIG),
    kubeContext: config.string('KUBE_CONTEXT'),
    namespace: config.name('NAMESPACE', 'dask', 63),
    createNamespace: config.boolean('CREATE_NAMESPACE', true),
    storageClass: config.string('STORAGE_CLASS'),
    image: config.string('IMAGE', `dask-cdktf/dask:${IMAGE_VERSION}`),
    imagePullPolicy: pullPolicy as K8sStackProps['imagePullPolicy'],
    rolloutTimeoutSeconds: config.integer('ROLLOUT_TIMEOUT', 600, 60),
    jupyterPort: config.port('JUPYTER_PORT', 8888)!,
    dashboardPort: config.port('DASHBOARD_PORT', 8787)!,
  };
}

/**
 * The `k8s` environment: the same cluster as `local` on any Kubernetes
 * cluster reached through a kubeconfig, from an image pushed to a registry
 * the cluster can pull from. Nothing is exposed outside the cluster: the
 * outputs print the `kubectl port-forward` commands that reach JupyterLab
 * and the dashboard. State stays in `terraform.k8s.tfstate` at the project root.
 */
export class K8sStack extends TerraformStack {
  public readonly cluster: DaskCluster;
  public readonly platform: KubernetesPlatform;

  constructor(scope: Construct, id: string, props: K8sStackProps) {
    super(scope, id);
    // Relative to cdktf.out/stacks/<id>, where Terraform runs: the project root.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    new KubernetesProvider(this, 'kubernetes', { configPath: props.kubeconfig, configContext: props.kubeContext });
    new TlsProvider(this, 'tls');
    new RandomProvider(this, 'random');

    const image = new ClusterImage(this, 'image', { reference: props.image });
    this.platform = new KubernetesPlatform(this, 'platform', {
      namespace: props.namespace,
      createNamespace: props.createNamespace,
      imagePullPolicy: props.imagePullPolicy,
      rolloutTimeoutSeconds: props.rolloutTimeoutSeconds,
    });
    this.cluster = new DaskCluster(this, 'dask', {
      ...props.cluster,
      platform: this.platform,
      image,
      notebook: { ...props.cluster.notebook, storageClass: props.storageClass ?? props.cluster.notebook?.storageClass },
    });

    const kubectl = [
      'kubectl',
      ...(props.kubeconfig !== DEFAULT_KUBECONFIG ? ['--kubeconfig', props.kubeconfig] : []),
      ...(props.kubeContext ? ['--context', props.kubeContext] : []),
    ].join(' ');
    addKubernetesOutputs(this, {
      cluster: this.cluster,
      namespace: props.namespace,
      kubectl,
      jupyterPort: props.jupyterPort,
      dashboardPort: props.dashboardPort,
    });
    new TerraformOutput(this, 'image_name', { value: image.imageName, description: 'Image every role runs' });
  }
}
