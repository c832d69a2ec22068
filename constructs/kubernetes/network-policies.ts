import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { NetworkPolicyV1, NetworkPolicyV1SpecIngress } from '../providers/kubernetes';
import { IngressRule, WorkloadSpec } from '../workload';
import { componentLabels, instanceLabels, selectorLabels } from './labels';

/** Where and how the policies are created. */
export interface PolicyContext {
  /** Namespace (a token when the namespace is created in the same stack). */
  readonly namespace: string;
  /** Labels of the policy object itself. */
  readonly labels: Record<string, string>;
  /** Provider of the resources. */
  readonly provider?: TerraformProvider;
}

/**
 * Denies all ingress to the pods of one cluster instance. Other policies
 * then open single ports to single components; Kubernetes unions the
 * policies that select a pod. Egress is not restricted (DNS, the other
 * pods, package indexes and object stores stay reachable).
 */
export function denyIngressPolicy(scope: Construct, id: string, name: string, instance: string, ctx: PolicyContext): NetworkPolicyV1 {
  return new NetworkPolicyV1(scope, id, {
    provider: ctx.provider,
    metadata: { name, namespace: ctx.namespace, labels: ctx.labels },
    spec: {
      podSelector: { matchLabels: instanceLabels(instance) },
      policyTypes: ['Ingress'],
    },
  });
}

/**
 * The ingress rules of one workload: each rule opens its TCP ports to the
 * pods of the named components of the same instance. A rule without
 * components opens nothing (an empty `from` would mean "from everywhere"),
 * so no policy is created when no rule names a component.
 */
export function workloadIngressPolicy(scope: Construct, id: string, spec: WorkloadSpec, ctx: PolicyContext): NetworkPolicyV1 | undefined {
  const ingress = spec.ingress.filter((rule) => rule.fromComponents.length > 0).map((rule) => ingressOf(spec.instance, rule));
  if (ingress.length === 0) return undefined;
  return new NetworkPolicyV1(scope, id, {
    provider: ctx.provider,
    metadata: { name: spec.name, namespace: ctx.namespace, labels: ctx.labels },
    spec: {
      podSelector: { matchLabels: selectorLabels(spec) },
      policyTypes: ['Ingress'],
      ingress,
    },
  });
}

function ingressOf(instance: string, rule: IngressRule): NetworkPolicyV1SpecIngress {
  return {
    ports: rule.ports.map((port) => ({ port: String(port), protocol: 'TCP' })),
    from: rule.fromComponents.map((component) => ({ podSelector: { matchLabels: componentLabels(instance, component) } })),
  };
}
