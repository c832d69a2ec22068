import { homedir } from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { IMAGE_USER, IMAGE_VERSION, ValidationError } from '../../constructs';
import { clusterSettings } from '../../stacks/cluster-settings';
import { EnvConfig } from '../../stacks/env-config';
import { K8sStack, k8sStackProps } from '../../stacks/k8s-stack';
import { resourcesOf, Synth, synthOf } from '../helpers';
import { jsonDiff } from '../json-diff';
import { Container, podSpec } from '../kubernetes/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');

function k8sStack(env: Record<string, string> = {}): K8sStack {
  const config = new EnvConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [`DASK_CDKTF_${k}`, v])));
  return new K8sStack(Testing.app(), 'k8s', k8sStackProps(config, clusterSettings(config)));
}

function synthK8s(env: Record<string, string> = {}): Synth {
  return synthOf(k8sStack(env));
}

/** Every container of every Deployment, with the Deployment's logical id. */
function allContainers(synth: Synth): [string, Container][] {
  return Object.entries(resourcesOf(synth, 'kubernetes_deployment_v1')).flatMap(([id, deployment]) =>
    podSpec(deployment).container.map((container): [string, Container] => [`${id}/${container.name}`, container]),
  );
}

describe('the k8s stack', () => {
  const synth = synthK8s();
  const json = JSON.stringify(synth);

  it('configures the kubernetes provider from ~/.kube/config and its current context, unexpanded', () => {
    expect(json).toHaveProviderWithProperties(KubernetesProvider, { config_path: '~/.kube/config' });
    expect((synth.provider as { kubernetes: Record<string, unknown>[] }).kubernetes[0]).not.toHaveProperty('config_context');
    const custom = synthK8s({ KUBECONFIG: '~/.kube/lab.yaml', KUBE_CONTEXT: 'lab' });
    expect((custom.provider as { kubernetes: Record<string, unknown>[] }).kubernetes[0]).toMatchObject({
      config_path: '~/.kube/lab.yaml',
      config_context: 'lab',
    });
  });

  it('keeps its state in terraform.k8s.tfstate at the project root', () => {
    expect((synth.terraform as { backend: unknown }).backend).toEqual({ local: { path: '../../../terraform.k8s.tfstate' } });
  });

  it('runs the versioned image by reference, or the one given', () => {
    const images = (s: Synth) => [...new Set(allContainers(s).map(([, container]) => container.image))];
    expect(images(synth)).toEqual([`dask-cdktf/dask:${IMAGE_VERSION}`]);
    expect(images(synthK8s({ IMAGE: 'europe-docker.pkg.dev/p/r/dask@sha256:' + 'a'.repeat(64) }))).toEqual([
      'europe-docker.pkg.dev/p/r/dask@sha256:' + 'a'.repeat(64),
    ]);
    expect(resourcesOf(synth, 'docker_image')).toEqual({});
  });

  it('deploys into DASK_CDKTF_NAMESPACE with the notebook claim in DASK_CDKTF_STORAGE_CLASS', () => {
    const custom = synthK8s({ NAMESPACE: 'analytics', STORAGE_CLASS: 'standard-rwo', NOTEBOOK_STORAGE: '50Gi' });
    expect(Object.values(resourcesOf(custom, 'kubernetes_namespace_v1'))[0]).toMatchObject({ metadata: { name: 'analytics' } });
    expect(JSON.stringify(custom)).toHaveResourceWithProperties(PersistentVolumeClaimV1, {
      spec: expect.objectContaining({ storage_class_name: 'standard-rwo', resources: { requests: { storage: '50Gi' } } }),
    });
    expect(resourcesOf(synthK8s({ CREATE_NAMESPACE: 'false' }), 'kubernetes_namespace_v1')).toEqual({});
  });

  it('has the same defaults as local: a scheduler, 2 workers and JupyterLab', () => {
    const deployments = Object.values(resourcesOf(synth, 'kubernetes_deployment_v1'));
    const replicas = Object.fromEntries(
      deployments.map((d) => [(d.metadata as { name: string }).name, (d.spec as { replicas: string }).replicas]),
    );
    expect(replicas).toEqual({ 'dask-scheduler': '1', 'dask-worker-default': '2', 'dask-jupyter': '1' });
  });

  it('walks every container of every deployment: restricted security, requests = limits, three probes', () => {
    const containers = allContainers(synth);
    expect(containers).toHaveLength(3);
    for (const [id, container] of containers) {
      const context = `${id}: `;
      expect([context, container.security_context]).toEqual([
        context,
        expect.objectContaining({
          run_as_non_root: true,
          allow_privilege_escalation: false,
          read_only_root_filesystem: true,
          capabilities: { drop: ['ALL'] },
          seccomp_profile: { type: 'RuntimeDefault' },
        }),
      ]);
      expect(Number(container.security_context.run_as_user)).toBeGreaterThanOrEqual(10000);
      expect(Number(container.security_context.run_as_user)).toBe(IMAGE_USER.uid);
      expect([context, container.resources.requests]).toEqual([context, container.resources.limits]);
      expect(Object.keys(container.resources.limits)).toEqual(expect.arrayContaining(['cpu', 'memory']));
      for (const probe of [container.startup_probe, container.readiness_probe, container.liveness_probe]) {
        expect([context, probe?.http_get?.path]).toEqual([context, expect.stringMatching(/^\//)]);
        expect(probe.timeout_seconds).toBeGreaterThanOrEqual(5);
      }
      expect(container.volume_mount).toContainEqual({ name: 'tmp', mount_path: '/tmp' });
    }
    for (const deployment of Object.values(resourcesOf(synth, 'kubernetes_deployment_v1'))) {
      const pod = podSpec(deployment);
      expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' } });
      expect(pod.automount_service_account_token).toBe(false);
      expect(pod.service_account_name).toBeDefined();
    }
  });

  it('prints the exact port-forward commands, with the context when one is set', () => {
    const outputs = synth.output!;
    expect(outputs.namespace.value).toBe('dask');
    expect(outputs.scheduler_address.value).toBe('tls://dask-scheduler:8786');
    expect(outputs.jupyter_port_forward.value).toBe('kubectl --namespace dask port-forward service/dask-jupyter 8888:8888');
    expect(outputs.dashboard_port_forward.value).toBe('kubectl --namespace dask port-forward service/dask-scheduler 8787:8787');
    const custom = synthK8s({
      KUBE_CONTEXT: 'gke_p_europe-west1_dask',
      NAMESPACE: 'analytics',
      JUPYTER_PORT: '18888',
      NAME: 'lab',
    }).output!;
    expect(custom.jupyter_port_forward.value).toBe(
      'kubectl --context gke_p_europe-west1_dask --namespace analytics port-forward service/lab-jupyter 18888:8888',
    );
    expect(custom.dashboard_port_forward.value).toBe(
      'kubectl --context gke_p_europe-west1_dask --namespace analytics port-forward service/lab-scheduler 8787:8787',
    );
    const kubeconfig = synthK8s({ KUBECONFIG: '~/.kube/lab.yaml' }).output!;
    expect(kubeconfig.jupyter_port_forward.value).toBe(
      'kubectl --kubeconfig ~/.kube/lab.yaml --namespace dask port-forward service/dask-jupyter 8888:8888',
    );
  });

  it('exposes the Jupyter token only as a sensitive output', () => {
    const outputs = synth.output!;
    expect(outputs.jupyter_token).toEqual(
      expect.objectContaining({ sensitive: true, value: expect.stringMatching(/^\$\{random_password\.[\w-]+\.result\}$/) }),
    );
    for (const [name, output] of Object.entries(outputs)) {
      if (name !== 'jupyter_token') expect(JSON.stringify(output.value)).not.toContain('random_password');
    }
  });

  it('synthesizes deterministically, without paths of this machine', () => {
    const first = Testing.synth(k8sStack());
    expect(Testing.synth(k8sStack())).toBe(first);
    for (const hostPath of [ROOT, `${homedir()}/`]) expect(first).not.toContain(hostPath);
  });

  it('changes only the replicas value when the pool grows from 2 to 3 workers', () => {
    const diff = jsonDiff(synthK8s({ WORKERS: '2' }), synthK8s({ WORKERS: '3' }));
    expect(diff).toEqual([
      {
        path: expect.stringMatching(/^resource\.kubernetes_deployment_v1\.dask_workers-default_deployment_\w+\.spec\.replicas$/),
        kind: 'changed',
      },
    ]);
  });

  it('synthesizes 2 and 2000 workers to the same resources', () => {
    const base = synthK8s({ WORKERS: '2' });
    const large = synthK8s({ WORKERS: '2000' });
    expect(jsonDiff(base, large)).toHaveLength(1);
    expect(JSON.stringify(large).length - JSON.stringify(base).length).toBe('2000'.length - '2'.length);
  });

  it('changes only the image references when the image changes', () => {
    const diff = jsonDiff(synthK8s({ IMAGE: 'registry.example.com/dask:1' }), synthK8s({ IMAGE: 'registry.example.com/dask:2' }));
    expect(diff.every((d) => d.kind === 'changed')).toBe(true);
    expect(diff.map((d) => d.path.replace(/_[0-9A-F]{8}\./, '.')).sort()).toEqual([
      'output.image_name.value',
      'resource.kubernetes_deployment_v1.dask_notebook_deployment.spec.template.spec.container',
      'resource.kubernetes_deployment_v1.dask_scheduler_deployment.spec.template.spec.container',
      'resource.kubernetes_deployment_v1.dask_workers-default_deployment.spec.template.spec.container',
    ]);
  });

  it('rejects malformed settings, naming the variable', () => {
    expect(() => synthK8s({ NAMESPACE: 'Bad_NS' })).toThrow(ValidationError);
    expect(() => synthK8s({ NAMESPACE: 'Bad_NS' })).toThrow(/DASK_CDKTF_NAMESPACE: invalid value "Bad_NS"/);
    expect(() => synthK8s({ IMAGE_PULL_POLICY: 'Sometimes' })).toThrow(/DASK_CDKTF_IMAGE_PULL_POLICY: invalid value "Sometimes"/);
    expect(() => synthK8s({ ROLLOUT_TIMEOUT: '5' })).toThrow(/DASK_CDKTF_ROLLOUT_TIMEOUT/);
    expect(allContainers(synthK8s({ IMAGE_PULL_POLICY: 'IfNotPresent' }))[0][1].image_pull_policy).toBe('IfNotPresent');
  });
});
