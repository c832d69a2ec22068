import { Fn, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from './core/errors';
import { checkInteger, checkName } from './core/validation';
import { checkLabels, platformLabels, selectorLabels, workloadLabels } from './kubernetes/labels';
import { denyIngressPolicy, workloadIngressPolicy } from './kubernetes/network-policies';
import { mergePlacement, targetsGpuNodes, tolerationsOf } from './kubernetes/placement';
import { containerResources, containerSecurityContext, podSecurityContext, probes } from './kubernetes/pod-security';
import { checkWorkloadSpec } from './kubernetes/spec-checks';
import { podVolume, SECRET_VOLUME, TMP_VOLUME } from './kubernetes/volumes';
import { DeploymentV1, NamespaceV1, PodDisruptionBudgetV1, SecretV1, ServiceAccountV1, ServiceV1 } from './providers/kubernetes';
import { IPlatform, IWorkload, PlacementSpec, WorkloadSpec } from './workload';

/** Props of {@link KubernetesPlatform}. */
export interface KubernetesPlatformProps {
  /**
   * Namespace for all workloads (a DNS-1123 label).
   * @default "dask"
   */
  readonly namespace?: string;
  /**
   * Create the namespace (labelled for the restricted Pod Security Standard); false uses an existing one.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The kubernetes provider to use (e.g. one bound to a cluster created in the same app).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Placement added to every CPU worker pool (merged with the pool's own; conflicting keys are an error).
   * @default none
   */
  readonly workerPlacement?: PlacementSpec;
  /**
   * Placement added to every GPU worker pool (gpus > 0), instead of `workerPlacement`.
   * @default none
   */
  readonly gpuWorkerPlacement?: PlacementSpec;
  /**
   * Seconds `deploy` waits for each rollout (also the Deployment's progress deadline) before it fails.
   * @default 600
   */
  readonly rolloutTimeoutSeconds?: number;
  /**
   * Extra labels on every object (not the `app.kubernetes.io/*` ones, which this platform sets).
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * When kubelets pull the image. `Always` checks the registry on every pod
   * start (a re-pushed tag or revoked pull credentials are noticed); use
   * `IfNotPresent` for images loaded into the nodes (kind, minikube).
   * @default "Always"
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * DNS domain of the cluster, for the fully qualified names in certificates.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
}

/** Namespaces every cluster already has: never created by this platform. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const DOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Renders workloads on any Kubernetes cluster with the typed `_v1`
 * resources: a namespace enforcing the restricted Pod Security Standard, and
 * per workload a service account without API token, a Deployment whose pods
 * run as the image's non-root user (no privilege escalation, all
 * capabilities dropped, read-only root filesystem with emptyDir scratch,
 * RuntimeDefault seccomp, requests = limits, startup/readiness/liveness
 * probes), a ClusterIP Service when other workloads reach it, its secret
 * files in a Secret mounted read-only, claims for persistent volumes, a
 * PodDisruptionBudget for replicated workloads, and NetworkPolicies that
 * deny all ingress except the ports each workload opens to named components
 * of the same instance. `deploy` waits for every rollout and fails after
 * `rolloutTimeoutSeconds`.
 */
export class KubernetesPlatform extends Construct implements IPlatform {
  public readonly kind = 'kubernetes';
  /** Name of the namespace the workloads run in. */
  public readonly namespace: string;
  /** The namespace resource, when this platform creates it. */
  public readonly namespaceResource?: NamespaceV1;
  private readonly namespaceRef: string;
  private readonly props: KubernetesPlatformProps;
  private readonly rolloutTimeoutSeconds: number;
  private readonly labels: Record<string, string>;
  private readonly clusterDomain: string;
  private readonly names = new Map<string, string>();
  private readonly instances = new Set<string>();

  constructor(scope: Construct, id: string, props: KubernetesPlatformProps = {}) {
    super(scope, id);
    this.props = props;
    this.namespace = checkName('KubernetesPlatform.namespace', props.namespace ?? 'dask');
    const createNamespace = props.createNamespace ?? true;
    if (createNamespace && SYSTEM_NAMESPACES.includes(this.namespace)) {
      throw new ValidationError(
        'KubernetesPlatform.namespace',
        this.namespace,
        'this namespace exists in every cluster: set createNamespace: false to use it',
      );
    }
    this.rolloutTimeoutSeconds = checkInteger('KubernetesPlatform.rolloutTimeoutSeconds', props.rolloutTimeoutSeconds ?? 600, 60, 86400);
    this.labels = checkLabels('KubernetesPlatform.labels', props.labels ?? {});
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    if (!DOMAIN.test(this.clusterDomain)) {
      throw new ValidationError('KubernetesPlatform.clusterDomain', this.clusterDomain, 'expected a DNS domain such as "cluster.local"');
    }
    if (props.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(props.imagePullPolicy)) {
      throw new ValidationError(
        'KubernetesPlatform.imagePullPolicy',
        props.imagePullPolicy,
        'expected "Always", "IfNotPresent" or "Never"',
      );
    }
    if (createNamespace) {
      this.namespaceResource = new NamespaceV1(this, 'namespace', {
        provider: props.provider,
        metadata: {
          name: this.namespace,
          labels: {
            ...platformLabels(this.labels),
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      });
    }
    // A reference, so that every object depends on the namespace it lives in.
    this.namespaceRef = this.namespaceResource?.metadata.name ?? this.namespace;
  }

  public hostName(name: string): string {
    return name;
  }

  public dnsNames(name: string): string[] {
    const ns = this.namespace;
    return [name, `${name}.${ns}`, `${name}.${ns}.svc`, `${name}.${ns}.svc.${this.clusterDomain}`];
  }

  public addWorkload(scope: Construct, spec: WorkloadSpec): IWorkload {
    this.check(scope, spec);
    const provider = this.props.provider;
    const namespace = this.namespaceRef;
    const labels = workloadLabels(spec, this.labels);
    const metadata = (name: string) => ({ name, namespace, labels });
    const placement = this.placementOf(spec);

    const serviceAccount = new ServiceAccountV1(scope, 'service-account', {
      provider,
      metadata: metadata(spec.name),
      automountServiceAccountToken: false,
    });
    const secret = spec.secretFiles
      ? new SecretV1(scope, 'secret', { provider, metadata: metadata(`${spec.name}-files`), type: 'Opaque', data: spec.secretFiles.files })
      : undefined;
    const volumes = spec.volumes.map((volume) => podVolume(scope, spec, volume, metadata, provider));
    const readWriteOnce = spec.volumes.some((volume) => volume.persistent);

    new DeploymentV1(scope, 'deployment', {
      provider,
      metadata: metadata(spec.name),
      waitForRollout: true,
      timeouts: {
        create: `${this.rolloutTimeoutSeconds}s`,
        update: `${this.rolloutTimeoutSeconds}s`,
        delete: `${this.rolloutTimeoutSeconds}s`,
      },
      spec: {
        replicas: String(spec.replicas),
        selector: { matchLabels: selectorLabels(spec) },
        // A ReadWriteOnce claim cannot be mounted by the old and the new pod at once, and
        // two replicas of a single addressable workload would split its clients.
        strategy: readWriteOnce || (spec.addressable && spec.replicas === 1) ? { type: 'Recreate' } : { type: 'RollingUpdate' },
        progressDeadlineSeconds: this.rolloutTimeoutSeconds,
        revisionHistoryLimit: 3,
        template: {
          metadata: {
            labels,
            // New secret content (certificates, token) rolls the pods, which read the files only at start.
            annotations: spec.secretFiles ? { 'checksum/secret-files': Fn.sha256(Fn.jsonencode(spec.secretFiles.files)) } : undefined,
          },
          spec: {
            serviceAccountName: serviceAccount.metadata.name,
            automountServiceAccountToken: false,
            // Service links would put *_SERVICE_HOST/*_PORT variables (e.g. DASK_SCHEDULER_PORT) into the environment.
            enableServiceLinks: false,
            securityContext: podSecurityContext(),
            terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
            nodeSelector: Object.keys(placement.nodeSelector ?? {}).length > 0 ? placement.nodeSelector : undefined,
            toleration: placement.tolerations?.length ? tolerationsOf(placement) : undefined,
            container: [
              {
                name: spec.component,
                image: spec.image,
                imagePullPolicy: this.props.imagePullPolicy ?? 'Always',
                // The image's entrypoint (tini, then the configuration checks) stays in place.
                args: spec.command,
                env: Object.keys(spec.env)
                  .sort()
                  .map((name) => ({ name, value: spec.env[name] })),
                port: spec.ports.map((port) => ({ name: port.name, containerPort: port.port, protocol: 'TCP' })),
                resources: containerResources(spec.resources),
                securityContext: containerSecurityContext(),
                ...probes(spec.health),
                volumeMount: [
                  { name: TMP_VOLUME, mountPath: '/tmp' },
                  ...spec.volumes.map((volume) => ({ name: volume.name, mountPath: volume.mountPath })),
                  ...(spec.secretFiles ? [{ name: SECRET_VOLUME, mountPath: spec.secretFiles.mountPath, readOnly: true }] : []),
                ],
              },
            ],
            volume: [
              { name: TMP_VOLUME, emptyDir: {} },
              ...volumes,
              // 0440 and the fsGroup: readable by the container's group only, never writable.
              ...(secret ? [{ name: SECRET_VOLUME, secret: { secretName: secret.metadata.name, defaultMode: '0440' } }] : []),
            ],
          },
        },
      },
    });

    if (spec.addressable) {
      new ServiceV1(scope, 'service', {
        provider,
        metadata: metadata(spec.name),
        spec: {
          type: 'ClusterIP',
          selector: selectorLabels(spec),
          port: spec.ports.map((port) => ({ name: port.name, port: port.port, targetPort: port.name, protocol: 'TCP' })),
        },
      });
    } else {
      // Node drains evict one replica at a time, each with its grace period to hand off its data.
      new PodDisruptionBudgetV1(scope, 'disruption-budget', {
        provider,
        metadata: metadata(spec.name),
        spec: { maxUnavailable: '1', selector: { matchLabels: selectorLabels(spec) } },
      });
    }

    const policyContext = { namespace, labels: platformLabels(this.labels), provider };
    if (!this.instances.has(spec.instance)) {
      this.instances.add(spec.instance);
      denyIngressPolicy(this, `deny-ingress-${spec.instance}`, `${spec.instance}-deny-ingress`, spec.instance, policyContext);
    }
    workloadIngressPolicy(scope, 'network-policy', spec, { ...policyContext, labels });
    return { host: this.hostName(spec.name) };
  }

  private check(scope: Construct, spec: WorkloadSpec): void {
    checkWorkloadSpec(spec);
    const owner = this.names.get(spec.name);
    if (owner) {
      throw new ValidationError('name', spec.name, `already used by ${owner} on this platform; give each cluster a distinct name`);
    }
    this.names.set(spec.name, scope.node.path);
  }

  /** The workload's own placement plus the platform's worker placement; GPU nodes only for pods that request GPUs. */
  private placementOf(spec: WorkloadSpec): PlacementSpec {
    const gpus = spec.resources.gpus;
    const added = spec.component !== 'worker' ? undefined : gpus > 0 ? this.props.gpuWorkerPlacement : this.props.workerPlacement;
    const placement = mergePlacement(`${spec.name}.placement`, spec.placement, added);
    if (gpus === 0 && targetsGpuNodes(placement)) {
      throw new ValidationError(
        `${spec.name}.resources.gpus`,
        gpus,
        'the workload is placed on GPU nodes but requests no GPU, so its containers would see none: set gpus > 0 (or remove the GPU node selector/toleration)',
      );
    }
    return placement;
  }
}
