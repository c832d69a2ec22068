import { Construct } from 'constructs';
import { ProjectIamMember, ServiceAccount } from '../providers/google';

/** Props of {@link NodeServiceAccount}. */
export interface NodeServiceAccountProps {
  /** Project of the account and its role bindings. */
  readonly project: string;
  /** Account id (6-30 characters), e.g. `dask-nodes`. */
  readonly accountId: string;
  /** Cluster the nodes belong to, for the description. */
  readonly clusterName: string;
}

/**
 * Project roles of the node service account: what nodes need to run, log
 * and report metrics, and nothing else (in particular not the Editor role of
 * the Compute Engine default service account). Image pulls are granted per
 * repository by the cluster.
 */
export const NODE_PROJECT_ROLES = [
  'roles/container.defaultNodeServiceAccount',
  'roles/monitoring.metricWriter',
  'roles/logging.logWriter',
] as const;

/**
 * The least-privilege identity of the cluster's nodes, used instead of the
 * Compute Engine default service account. Workloads never act as it: the
 * GKE metadata server (Workload Identity) hides it from pods.
 */
export class NodeServiceAccount extends Construct {
  /** The service account. */
  public readonly account: ServiceAccount;
  /** The project role bindings; node pools depend on them. */
  public readonly roleBindings: ProjectIamMember[];

  constructor(scope: Construct, id: string, props: NodeServiceAccountProps) {
    super(scope, id);
    this.account = new ServiceAccount(this, 'account', {
      project: props.project,
      accountId: props.accountId,
      displayName: `GKE nodes of ${props.clusterName}`,
      description: `Least-privilege node identity of the GKE cluster ${props.clusterName} (dask-cdktf)`,
    });
    this.roleBindings = NODE_PROJECT_ROLES.map(
      (role) =>
        new ProjectIamMember(this, role.replace(/^roles\//, '').replace(/\./g, '-'), {
          project: props.project,
          role,
          member: this.account.member,
        }),
    );
  }

  /** The account's e-mail address, as node pools take it. */
  public get email(): string {
    return this.account.email;
  }

  /** `serviceAccount:<email>`, as IAM bindings take it. */
  public get member(): string {
    return this.account.member;
  }
}
