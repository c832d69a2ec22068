import { Testing, TerraformStack } from 'cdktf';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ClusterImage, DaskCluster, IMAGE_USER, ValidationError } from '../constructs';
import { KubernetesPlatform } from '../constructs/kubernetes-platform';
import { resourcesOf, synthStack } from './helpers';
import { byComponent, kubernetesCluster, podSpec, synthKubernetesCluster, workloadSpec } from './kubernetes/fixtures';

const COMPONENTS = ['scheduler', 'worker', 'jupyter'];
const NAMESPACE_REF = expect.stringMatching(/^\$\{kubernetes_namespace_v1\.platform_namespace_\w+\.metadata\[0\]\.name\}$/);

describe('KubernetesPlatform', () => {
  const synth = synthKubernetesCluster();
  const json = JSON.stringify(synth);
  const deployment = (component: string) => byComponent(synth, 'kubernetes_deployment_v1', component);
  const container = (component: string) => podSpec(deployment(component)).container[0];

  it('creates the namespace labelled for the restricted Pod Security Standard', () => {
    expect(json).toHaveResourceWithProperties(NamespaceV1, {
      metadata: {
        name: 'dask',
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'app.kubernetes.io/part-of': 'dask-cdktf',
          'app.kubernetes.io/managed-by': 'cdktf',
        },
      },
    });
  });

  it('puts every object into the namespace by reference, so it is created first and deleted last', () => {
    const types = Object.keys(synth.resource).filter((type) => type.startsWith('kubernetes_') && type !== 'kubernetes_namespace_v1');
    expect(types.length).toBeGreaterThanOrEqual(7);
    for (const type of types) {
      for (const resource of Object.values(resourcesOf(synth, type))) {
        expect((resource.metadata as { namespace: string }).namespace).toEqual(NAMESPACE_REF);
      }
    }
  });

  it('uses an existing namespace by name when createNamespace is false', () => {
    const existing = synthKubernetesCluster({}, { namespace: 'team-a', createNamespace: false });
    expect(resourcesOf(existing, 'kubernetes_namespace_v1')).toEqual({});
    for (const resource of Object.values(resourcesOf(existing, 'kubernetes_deployment_v1'))) {
      expect((resource.metadata as { namespace: string }).namespace).toBe('team-a');
    }
  });

  it('gives every workload its own service account without an API token', () => {
    for (const component of COMPONENTS) {
      expect(byComponent(synth, 'kubernetes_service_account_v1', component)).toMatchObject({ automount_service_account_token: false });
      const pod = podSpec(deployment(component));
      expect(pod.service_account_name).toMatch(/^\$\{kubernetes_service_account_v1\.dask_[\w-]+\.metadata\[0\]\.name\}$/);
      expect(pod.automount_service_account_token).toBe(false);
      // Service links would inject DASK_SCHEDULER_PORT=tcp://... into Dask's configuration.
      expect(pod.enable_service_links).toBe(false);
    }
    expect(json).toHaveResourceWithProperties(ServiceAccountV1, { metadata: expect.objectContaining({ name: 'dask-scheduler' }) });
  });

  it('labels deployments with the recommended labels and selects pods by name and instance', () => {
    const labels = {
      'app.kubernetes.io/name': 'dask-worker-default',
      'app.kubernetes.io/instance': 'dask',
      'app.kubernetes.io/component': 'worker',
      'app.kubernetes.io/part-of': 'dask-cdktf',
      'app.kubernetes.io/managed-by': 'cdktf',
    };
    const worker = deployment('worker') as {
      metadata: { labels: object };
      spec: { selector: object; template: { metadata: { labels: object } } };
    };
    expect(worker.metadata.labels).toEqual(labels);
    expect(worker.spec.template.metadata.labels).toEqual(labels);
    expect(worker.spec.selector).toEqual({
      match_labels: { 'app.kubernetes.io/name': 'dask-worker-default', 'app.kubernetes.io/instance': 'dask' },
    });
  });

  it('takes replicas from the spec', () => {
    const scaled = synthKubernetesCluster({ workerPools: [{ name: 'default', replicas: 7 }] });
    expect(byComponent(scaled, 'kubernetes_deployment_v1', 'worker')).toMatchObject({ spec: { replicas: '7' } });
    expect(byComponent(scaled, 'kubernetes_deployment_v1', 'scheduler')).toMatchObject({ spec: { replicas: '1' } });
  });

  it.each(COMPONENTS)('runs the %s pod under the restricted Pod Security Standard', (component) => {
    const pod = podSpec(deployment(component));
    expect(pod.security_context).toEqual({
      run_as_non_root: true,
      run_as_user: String(IMAGE_USER.uid),
      run_as_group: String(IMAGE_USER.gid),
      fs_group: String(IMAGE_USER.gid),
      fs_group_change_policy: 'OnRootMismatch',
      seccomp_profile: { type: 'RuntimeDefault' },
    });
    expect(IMAGE_USER.uid).toBeGreaterThanOrEqual(10000);
    expect(pod.container).toHaveLength(1);
    expect(pod.container[0].security_context).toEqual({
      run_as_non_root: true,
      run_as_user: String(IMAGE_USER.uid),
      run_as_group: String(IMAGE_USER.gid),
      allow_privilege_escalation: false,
      privileged: false,
      read_only_root_filesystem: true,
      capabilities: { drop: ['ALL'] },
      seccomp_profile: { type: 'RuntimeDefault' },
    });
    for (const forbidden of ['host_network', 'host_pid', 'host_ipc']) expect(pod[forbidden]).toBeUndefined();
  });

  it('mounts emptyDir scratch at /tmp and at every scratch volume of the spec', () => {
    const worker = podSpec(deployment('worker'));
    const mounts = Object.fromEntries(worker.container[0].volume_mount.map((mount) => [mount.mount_path, mount.name]));
    expect(mounts).toMatchObject({ '/tmp': 'tmp', '/home/dask': 'home', '/scratch': 'scratch' });
    for (const name of ['tmp', 'home', 'scratch']) {
      expect(worker.volume.find((volume) => volume.name === name)).toEqual({ name, empty_dir: {} });
    }
    const scheduler = podSpec(deployment('scheduler'));
    expect(scheduler.container[0].volume_mount.map((mount) => mount.mount_path)).toEqual(expect.arrayContaining(['/tmp', '/home/dask']));
  });

  it('keeps the image entrypoint and passes the command as args', () => {
    expect(container('scheduler').command).toBeUndefined();
    expect(container('scheduler').args.slice(0, 2)).toEqual(['dask', 'scheduler']);
    expect(container('scheduler').image).toBe('registry.example.com/dask:test');
    expect(container('scheduler').image_pull_policy).toBe('Always');
  });

  it('sets requests equal to limits for cpu and memory, from the spec', () => {
    const sized = synthKubernetesCluster({
      scheduler: { cpu: 0.5, memory: '1536Mi' },
      workerPools: [{ name: 'default', cpu: 2, memory: '4Gi', memoryLimit: '3Gi' }],
    });
    const resources = (component: string) => podSpec(byComponent(sized, 'kubernetes_deployment_v1', component)).container[0].resources;
    expect(resources('worker')).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } });
    expect(resources('scheduler')).toEqual({ requests: { cpu: '500m', memory: '1536Mi' }, limits: { cpu: '500m', memory: '1536Mi' } });
    // Dask's own limit stays below the container's.
    const args = podSpec(byComponent(sized, 'kubernetes_deployment_v1', 'worker')).container[0].args;
    expect(args[args.indexOf('--memory-limit') + 1]).toBe('3GiB');
  });

  it('limits GPU pools to their nvidia.com/gpu count and places them with the GPU placement', () => {
    const gpu = synthKubernetesCluster(
      { workerPools: [{ name: 'cpu' }, { name: 'gpu', gpus: 2 }] },
      {
        workerPlacement: { nodeSelector: { pool: 'workers' } },
        gpuWorkerPlacement: {
          nodeSelector: { pool: 'gpu-workers' },
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        },
      },
    );
    const pools = Object.values(resourcesOf(gpu, 'kubernetes_deployment_v1'));
    const pool = (name: string) => podSpec(pools.find((d) => (d.metadata as { name: string }).name === `dask-worker-${name}`)!);
    expect(pool('gpu').container[0].resources).toEqual({
      requests: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': '2' },
      limits: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': '2' },
    });
    expect(pool('gpu').node_selector).toEqual({ pool: 'gpu-workers' });
    expect(pool('gpu').toleration).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pool('cpu').container[0].resources.limits).not.toHaveProperty(['nvidia.com/gpu']);
    expect(pool('cpu').node_selector).toEqual({ pool: 'workers' });
    expect(pool('cpu').toleration).toBeUndefined();
    // The scheduler and Jupyter stay off the worker nodes.
    expect(podSpec(byComponent(gpu, 'kubernetes_deployment_v1', 'scheduler')).node_selector).toBeUndefined();
  });

  it("merges a pool's own placement with the platform's", () => {
    const placed = synthKubernetesCluster(
      {
        workerPools: [
          {
            name: 'default',
            nodeSelector: { 'cloud.google.com/machine-family': 'n2', pool: 'workers' },
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'dask', effect: 'NoSchedule' }],
          },
        ],
      },
      {
        workerPlacement: {
          nodeSelector: { pool: 'workers' },
          tolerations: [
            { key: 'dedicated', operator: 'Equal', value: 'dask', effect: 'NoSchedule' },
            { key: 'spot', operator: 'Exists' },
          ],
        },
      },
    );
    const pod = podSpec(byComponent(placed, 'kubernetes_deployment_v1', 'worker'));
    expect(pod.node_selector).toEqual({ 'cloud.google.com/machine-family': 'n2', pool: 'workers' });
    expect(pod.toleration).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'dask', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists' },
    ]);
  });

  it.each(COMPONENTS)('probes the %s health endpoint with startup, readiness and liveness probes and generous timeouts', (component) => {
    const main = container(component);
    const health = { scheduler: ['/health', '8787'], worker: ['/health', '8790'], jupyter: ['/api', '8888'] }[component]!;
    for (const probe of [main.startup_probe, main.readiness_probe, main.liveness_probe]) {
      expect(probe.http_get).toMatchObject({ path: health[0], port: health[1] });
      expect(probe.timeout_seconds).toBeGreaterThanOrEqual(5);
    }
    // A scheduler busy with a large graph is restarted only after minutes without an answer.
    expect(main.liveness_probe.period_seconds * main.liveness_probe.failure_threshold).toBeGreaterThanOrEqual(120);
    expect(main.readiness_probe.failure_threshold).toBeGreaterThanOrEqual(3);
    const startupSeconds = component === 'jupyter' ? 120 : 60;
    expect(main.startup_probe.period_seconds * main.startup_probe.failure_threshold).toBeGreaterThanOrEqual(startupSeconds);
  });

  it('gives every pod the termination grace period of its spec', () => {
    expect(podSpec(deployment('worker')).termination_grace_period_seconds).toBe(60);
    expect(podSpec(deployment('scheduler')).termination_grace_period_seconds).toBe(30);
  });

  it('waits for every rollout with explicit timeouts and a matching progress deadline', () => {
    const slow = synthKubernetesCluster({}, { rolloutTimeoutSeconds: 900 });
    for (const resource of Object.values(resourcesOf(slow, 'kubernetes_deployment_v1'))) {
      expect(resource).toMatchObject({
        wait_for_rollout: true,
        timeouts: { create: '900s', update: '900s', delete: '900s' },
        spec: { progress_deadline_seconds: 900 },
      });
    }
    expect(json).toHaveResourceWithProperties(DeploymentV1, { timeouts: { create: '600s', update: '600s', delete: '600s' } });
  });

  it('exposes the scheduler and Jupyter as ClusterIP services named after the workload, and not the workers', () => {
    expect(json).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: 'dask-scheduler' }),
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': 'dask-scheduler', 'app.kubernetes.io/instance': 'dask' },
        port: [
          { name: 'comm', port: 8786, target_port: 'comm', protocol: 'TCP' },
          { name: 'dashboard', port: 8787, target_port: 'dashboard', protocol: 'TCP' },
        ],
      },
    });
    expect(json).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: 'dask-jupyter' }),
      spec: expect.objectContaining({ type: 'ClusterIP', port: [{ name: 'http', port: 8888, target_port: 'http', protocol: 'TCP' }] }),
    });
    const services = Object.values(resourcesOf(synth, 'kubernetes_service_v1'));
    expect(services).toHaveLength(2);
    expect(services.every((service) => (service.spec as { type: string }).type === 'ClusterIP')).toBe(true);
  });

  it('mounts secret files read-only from a Secret, readable by the container group only', () => {
    expect(json).toHaveResourceWithProperties(SecretV1, {
      metadata: expect.objectContaining({ name: 'dask-jupyter-files' }),
      type: 'Opaque',
      data: expect.objectContaining({
        'jupyter-token': expect.stringContaining('random_password.'),
        'tls.key': expect.stringContaining('tls_private_key.'),
      }),
    });
    for (const component of COMPONENTS) {
      const pod = podSpec(deployment(component));
      expect(pod.container[0].volume_mount).toContainEqual({ name: 'secret-files', mount_path: '/etc/dask/tls', read_only: true });
      const volume = pod.volume.find((v) => v.name === 'secret-files')!;
      expect(volume.secret!.secret_name).toMatch(/^\$\{kubernetes_secret_v1\./);
      expect(parseInt(volume.secret!.default_mode, 8) & 0o037).toBe(0); // no write for the group, nothing for others
      expect(pod.security_context.fs_group).toBe(String(IMAGE_USER.gid));
      // Secrets never reach the environment.
      expect(JSON.stringify(pod.container[0].env)).not.toMatch(/tls_private_key|random_password/);
    }
  });

  it('rolls the pods when the secret content changes', () => {
    const checksum = (content: string) => {
      const out = synthStack((stack) => {
        new KubernetesPlatform(stack, 'platform').addWorkload(
          stack,
          workloadSpec({ secretFiles: { mountPath: '/etc/app', files: { token: content } } }),
        );
      });
      const template = (
        Object.values(resourcesOf(out, 'kubernetes_deployment_v1'))[0].spec as {
          template: { metadata: { annotations: Record<string, string> } };
        }
      ).template;
      return template.metadata.annotations['checksum/secret-files'];
    };
    expect(checksum('first')).toMatch(/^\$\{sha256\(jsonencode\(/);
    expect(checksum('first')).toContain('first');
    expect(checksum('second')).not.toEqual(checksum('first'));
    // The real cluster hashes the certificate and token references themselves.
    const jupyter = deployment('jupyter') as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    expect(jupyter.spec.template.metadata.annotations['checksum/secret-files']).toMatch(/sha256\(jsonencode\(.*random_password\./);
  });

  it('claims the notebook volume without waiting for binding, and recreates the Jupyter pod instead of rolling it', () => {
    const stored = synthKubernetesCluster({ notebook: { storageSize: '20Gi', storageClass: 'premium-rwo' } });
    expect(JSON.stringify(stored)).toHaveResourceWithProperties(PersistentVolumeClaimV1, {
      metadata: expect.objectContaining({ name: 'dask-jupyter-notebooks' }),
      wait_until_bound: false,
      spec: { access_modes: ['ReadWriteOnce'], storage_class_name: 'premium-rwo', resources: { requests: { storage: '20Gi' } } },
    });
    const jupyter = byComponent(stored, 'kubernetes_deployment_v1', 'jupyter');
    expect(jupyter).toMatchObject({ spec: { strategy: { type: 'Recreate' } } });
    const volume = podSpec(jupyter).volume.find((v) => v.name === 'notebooks')!;
    expect(volume.persistent_volume_claim!.claim_name).toMatch(/^\$\{kubernetes_persistent_volume_claim_v1\./);
    expect(podSpec(jupyter).container[0].volume_mount).toContainEqual({ name: 'notebooks', mount_path: '/home/dask' });
    // Workers roll; the single scheduler is replaced, never doubled.
    expect(deployment('worker')).toMatchObject({ spec: { strategy: { type: 'RollingUpdate' } } });
    expect(deployment('scheduler')).toMatchObject({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('uses an existing claim instead of creating one', () => {
    const existing = synthKubernetesCluster({ notebook: { existingVolume: 'team-notebooks' } });
    expect(resourcesOf(existing, 'kubernetes_persistent_volume_claim_v1')).toEqual({});
    const volume = podSpec(byComponent(existing, 'kubernetes_deployment_v1', 'jupyter')).volume.find((v) => v.name === 'notebooks');
    expect(volume).toEqual({ name: 'notebooks', persistent_volume_claim: { claim_name: 'team-notebooks' } });
  });

  it('protects worker pools with a disruption budget that drains one worker at a time', () => {
    expect(json).toHaveResourceWithProperties(PodDisruptionBudgetV1, {
      metadata: expect.objectContaining({ name: 'dask-worker-default' }),
      spec: {
        max_unavailable: '1',
        selector: { match_labels: { 'app.kubernetes.io/name': 'dask-worker-default', 'app.kubernetes.io/instance': 'dask' } },
      },
    });
    expect(Object.keys(resourcesOf(synth, 'kubernetes_pod_disruption_budget_v1'))).toHaveLength(1);
  });

  it('denies all ingress to the pods of the instance by default', () => {
    expect(json).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: 'dask-deny-ingress' }),
      spec: {
        pod_selector: { match_labels: { 'app.kubernetes.io/instance': 'dask', 'app.kubernetes.io/part-of': 'dask-cdktf' } },
        policy_types: ['Ingress'],
      },
    });
  });

  it('opens the scheduler comm port to workers and Jupyter, and the dashboard to Jupyter only', () => {
    const peer = (component: string) => ({
      pod_selector: {
        match_labels: {
          'app.kubernetes.io/instance': 'dask',
          'app.kubernetes.io/part-of': 'dask-cdktf',
          'app.kubernetes.io/component': component,
        },
      },
    });
    expect(json).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: 'dask-scheduler' }),
      spec: {
        pod_selector: { match_labels: { 'app.kubernetes.io/name': 'dask-scheduler', 'app.kubernetes.io/instance': 'dask' } },
        policy_types: ['Ingress'],
        ingress: [
          { ports: [{ port: '8786', protocol: 'TCP' }], from: [peer('worker'), peer('jupyter')] },
          { ports: [{ port: '8787', protocol: 'TCP' }], from: [peer('jupyter')] },
        ],
      },
    });
    expect(json).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: 'dask-worker-default' }),
      spec: expect.objectContaining({
        ingress: [
          {
            ports: [
              { port: '8788', protocol: 'TCP' },
              { port: '8789', protocol: 'TCP' },
            ],
            from: [peer('scheduler'), peer('worker'), peer('jupyter')],
          },
        ],
      }),
    });
  });

  it('never writes an ingress rule without peers (that would allow everyone), and restricts no egress', () => {
    const policies = Object.values(resourcesOf(synth, 'kubernetes_network_policy_v1'));
    expect(policies).toHaveLength(3); // deny-ingress, scheduler, workers: Jupyter is reached only through port-forward
    for (const policy of policies) {
      const spec = policy.spec as { ingress?: { from?: unknown[] }[]; policy_types: string[]; egress?: unknown };
      expect(spec.policy_types).toEqual(['Ingress']);
      expect(spec.egress).toBeUndefined();
      for (const rule of spec.ingress ?? []) expect(rule.from?.length).toBeGreaterThan(0);
    }
  });

  it('names workloads by their service and gives certificates every in-cluster DNS name', () => {
    const platform = new KubernetesPlatform(new TerraformStack(Testing.app(), 'test'), 'platform', { namespace: 'analytics' });
    expect(platform.kind).toBe('kubernetes');
    expect(platform.hostName('dask-scheduler')).toBe('dask-scheduler');
    expect(platform.dnsNames('dask-scheduler')).toEqual([
      'dask-scheduler',
      'dask-scheduler.analytics',
      'dask-scheduler.analytics.svc',
      'dask-scheduler.analytics.svc.cluster.local',
    ]);
    const cluster = kubernetesCluster(new TerraformStack(Testing.app(), 'other'));
    expect(cluster.schedulerAddress).toBe('tls://dask-scheduler:8786');
  });

  it('puts the extra labels on every object', () => {
    const labelled = synthKubernetesCluster({}, { labels: { team: 'analytics', 'example.com/cost-center': 'c42' } });
    for (const [type, resources] of Object.entries(labelled.resource)) {
      if (!type.startsWith('kubernetes_')) continue;
      for (const resource of Object.values(resources)) {
        expect((resource.metadata as { labels: object }).labels).toMatchObject({ team: 'analytics', 'example.com/cost-center': 'c42' });
      }
    }
  });

  it('binds every object to the given provider', () => {
    const bound = synthStack((stack) => {
      const provider = new KubernetesProvider(stack, 'target', { alias: 'target', configPath: '~/.kube/config' });
      kubernetesCluster(stack, {}, { provider });
    });
    for (const [type, resources] of Object.entries(bound.resource)) {
      if (!type.startsWith('kubernetes_')) continue;
      for (const resource of Object.values(resources)) expect(resource.provider).toBe('kubernetes.target');
    }
  });

  it('keeps two clusters in one namespace apart', () => {
    const two = synthStack((stack) => {
      const platform = new KubernetesPlatform(stack, 'platform');
      clusterOn(stack, platform, 'alpha');
      clusterOn(stack, platform, 'beta');
    });
    const denies = Object.values(resourcesOf(two, 'kubernetes_network_policy_v1'))
      .map((policy) => policy.spec as { pod_selector: { match_labels: Record<string, string> }; ingress?: unknown[] })
      .filter((spec) => spec.ingress === undefined)
      .map((spec) => spec.pod_selector.match_labels['app.kubernetes.io/instance']);
    expect(denies.sort()).toEqual(['alpha', 'beta']);
    const names = Object.values(resourcesOf(two, 'kubernetes_deployment_v1')).map((d) => (d.metadata as { name: string }).name);
    expect(names.sort()).toEqual([
      'alpha-jupyter',
      'alpha-scheduler',
      'alpha-worker-default',
      'beta-jupyter',
      'beta-scheduler',
      'beta-worker-default',
    ]);
  });
});

describe('KubernetesPlatform bad input', () => {
  const cluster =
    (overrides: Parameters<typeof synthKubernetesCluster>[0], platformProps: Parameters<typeof synthKubernetesCluster>[1] = {}) =>
    () =>
      synthKubernetesCluster(overrides, platformProps);

  it('rejects a pool whose Dask memory limit exceeds its container memory', () => {
    expect(cluster({ workerPools: [{ name: 'default', memory: '2Gi', memoryLimit: '3Gi' }] })).toThrow(ValidationError);
    expect(cluster({ workerPools: [{ name: 'default', memory: '2Gi', memoryLimit: '3Gi' }] })).toThrow(
      /memoryLimit.*"3Gi".*must not exceed/,
    );
  });

  it.each(['Dask', 'dask_ns', 'dask.ns', '-dask', 'x'.repeat(64), ''])('rejects the namespace %j', (namespace) => {
    expect(cluster({}, { namespace })).toThrow(/KubernetesPlatform\.namespace: invalid value/);
  });

  it('refuses to create a namespace every cluster already has', () => {
    expect(cluster({}, { namespace: 'default' })).toThrow(/KubernetesPlatform\.namespace.*createNamespace: false/);
    expect(cluster({}, { namespace: 'default', createNamespace: false })).not.toThrow();
  });

  it('rejects a pool placed on GPU nodes without a GPU count', () => {
    const gpuToleration = [{ key: 'nvidia.com/gpu', operator: 'Exists' as const, effect: 'NoSchedule' as const }];
    expect(cluster({ workerPools: [{ name: 'gpu', tolerations: gpuToleration }] })).toThrow(
      /dask-worker-gpu\.resources\.gpus: invalid value 0: .*GPU nodes/,
    );
    expect(cluster({ workerPools: [{ name: 'gpu', nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' } }] })).toThrow(
      /resources\.gpus: invalid value 0/,
    );
    expect(cluster({}, { workerPlacement: { tolerations: gpuToleration } })).toThrow(/resources\.gpus: invalid value 0/);
    expect(cluster({ workerPools: [{ name: 'gpu', gpus: 1, tolerations: gpuToleration }] })).not.toThrow();
  });

  it('rejects a pool node selector that conflicts with the platform placement', () => {
    const conflicting = cluster(
      { workerPools: [{ name: 'default', nodeSelector: { pool: 'highmem' } }] },
      { workerPlacement: { nodeSelector: { pool: 'workers' } } },
    );
    expect(conflicting).toThrow(ValidationError);
    expect(conflicting).toThrow(/dask-worker-default\.placement\.nodeSelector\.pool: invalid value "highmem": conflicts .* pool=workers/);
    expect(
      cluster(
        { workerPools: [{ name: 'default', nodeSelector: { pool: 'workers' } }] },
        { workerPlacement: { nodeSelector: { pool: 'workers' } } },
      ),
    ).not.toThrow();
  });

  it('rejects malformed tolerations', () => {
    expect(cluster({ workerPools: [{ name: 'default', tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }] }] })).toThrow(
      /tolerations\[0\]\.value/,
    );
  });

  it('rejects labels it owns or that Kubernetes refuses', () => {
    expect(cluster({}, { labels: { 'app.kubernetes.io/name': 'x' } })).toThrow(
      /KubernetesPlatform\.labels\.app\.kubernetes\.io\/name.*cannot be overridden/,
    );
    expect(cluster({}, { labels: { team: 'has space' } })).toThrow(/KubernetesPlatform\.labels\.team: invalid value "has space"/);
    expect(cluster({}, { labels: { 'bad key!': 'x' } })).toThrow(/label key/);
  });

  it('rejects rollout timeouts too short to pull an image', () => {
    expect(cluster({}, { rolloutTimeoutSeconds: 10 })).toThrow(/rolloutTimeoutSeconds: invalid value 10/);
  });

  it('rejects two workloads with one name, and volumes that collide with its own', () => {
    const build = (spec: ReturnType<typeof workloadSpec>) => () =>
      synthStack((stack) => new KubernetesPlatform(stack, 'platform').addWorkload(stack, spec));
    expect(build(workloadSpec({ volumes: [{ name: 'tmp', mountPath: '/data' }] }))).toThrow(/volumes\[\]\.name: invalid value "tmp"/);
    expect(build(workloadSpec({ volumes: [{ name: 'data', mountPath: '/tmp' }] }))).toThrow(
      /volumes\[\]\.mountPath: invalid value "\/tmp"/,
    );
    expect(build(workloadSpec({ name: '1app' }))).toThrow(/Service name must start with a letter/);
    expect(build(workloadSpec({ secretFiles: { mountPath: '/etc/app', files: { 'a/b': 'x' } } }))).toThrow(
      /secretFiles: invalid value "a\/b"/,
    );
    expect(() =>
      synthStack((stack) => {
        const platform = new KubernetesPlatform(stack, 'platform');
        clusterOn(stack, platform, 'one', 'dask');
        clusterOn(stack, platform, 'two', 'dask');
      }),
    ).toThrow(/name: invalid value "dask-scheduler": already used by/);
  });
});

/** A cluster named `name` on an existing platform. */
function clusterOn(stack: TerraformStack, platform: KubernetesPlatform, id: string, name = id): DaskCluster {
  return new DaskCluster(stack, id, {
    name,
    platform,
    image: new ClusterImage(stack, `${id}-image`, { reference: 'registry.example.com/dask:1' }),
  });
}
