import { Construct } from 'constructs';
import { ValidationError } from '../core/errors';
import { ComputeFirewall, ComputeNetwork, ComputeRouter, ComputeRouterNat, ComputeSubnetwork } from '../providers/google';
import { checkDisjoint, parseCidr } from './validation';

/** Address ranges of a {@link GkeNetwork}. */
export interface GkeNetworkRanges {
  /**
   * Primary range of the subnetwork: node addresses (and the control plane's internal endpoint).
   * @default "10.10.0.0/20" (4,092 nodes)
   */
  readonly nodes?: string;
  /**
   * Secondary range for pod addresses (each node takes a /24 for its at most 110 pods).
   * @default "10.20.0.0/14" (1,024 nodes)
   */
  readonly pods?: string;
  /**
   * Secondary range for Service cluster IPs.
   * @default "10.24.0.0/20"
   */
  readonly services?: string;
}

/** Props of {@link GkeNetwork}. */
export interface GkeNetworkProps extends GkeNetworkRanges {
  /** Project the network belongs to. */
  readonly project: string;
  /** Region of the subnetwork, router and NAT. */
  readonly region: string;
  /** Prefix of every resource name (the cluster name). */
  readonly namePrefix: string;
  /**
   * Fraction of flows sampled into VPC flow logs (0 < x <= 1).
   * @default 0.5
   */
  readonly flowLogSampling?: number;
}

/** Names of the subnetwork's secondary ranges. */
export const SECONDARY_RANGES = { pods: 'pods', services: 'services' } as const;

/**
 * The network under a private GKE cluster: a custom-mode VPC, one regional
 * subnetwork with secondary ranges for pods and services (VPC-native
 * cluster), Private Google Access (nodes without public addresses still reach
 * Google APIs and Artifact Registry) and VPC flow logs, an explicit logged
 * deny-all-ingress firewall rule, and a Cloud Router
 * with Cloud NAT so that private nodes have outbound internet access (pip
 * installs at run time, external data) while nothing inbound reaches them.
 */
export class GkeNetwork extends Construct {
  /** The VPC. */
  public readonly network: ComputeNetwork;
  /** The nodes' subnetwork. */
  public readonly subnetwork: ComputeSubnetwork;
  /** The router that carries the NAT. */
  public readonly router: ComputeRouter;
  /** Outbound NAT for the private nodes and their pods. */
  public readonly nat: ComputeRouterNat;
  /** The explicit, logged deny-all-ingress rule below GKE's own rules. */
  public readonly denyIngress: ComputeFirewall;

  constructor(scope: Construct, id: string, props: GkeNetworkProps) {
    super(scope, id);
    const field = (prop: string) => `GkeCluster.network.${prop}`;
    const ranges = {
      nodes: parseCidr(field('nodes'), props.nodes ?? '10.10.0.0/20'),
      pods: parseCidr(field('pods'), props.pods ?? '10.20.0.0/14'),
      services: parseCidr(field('services'), props.services ?? '10.24.0.0/20'),
    };
    checkDisjoint('GkeCluster.network', ranges);
    for (const [name, max] of [
      ['nodes', 29],
      ['pods', 21],
      ['services', 27],
    ] as const) {
      if (ranges[name].prefix > max) {
        throw new ValidationError(field(name), ranges[name].block, `expected a block of prefix length /${max} or larger`);
      }
    }
    const sampling = props.flowLogSampling ?? 0.5;
    if (typeof sampling !== 'number' || !(sampling > 0 && sampling <= 1)) {
      throw new ValidationError('GkeCluster.flowLogSampling', sampling, 'expected a fraction greater than 0 and at most 1');
    }

    this.network = new ComputeNetwork(this, 'vpc', {
      project: props.project,
      name: `${props.namePrefix}-vpc`,
      description: `Network of the GKE cluster ${props.namePrefix} (dask-cdktf)`,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
    });
    this.subnetwork = new ComputeSubnetwork(this, 'subnetwork', {
      project: props.project,
      region: props.region,
      name: `${props.namePrefix}-nodes`,
      network: this.network.id,
      ipCidrRange: ranges.nodes.block,
      stackType: 'IPV4_ONLY',
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: SECONDARY_RANGES.pods, ipCidrRange: ranges.pods.block },
        { rangeName: SECONDARY_RANGES.services, ipCidrRange: ranges.services.block },
      ],
      // Ten-minute aggregation keeps the log volume of chatty Dask workers affordable.
      logConfig: { aggregationInterval: 'INTERVAL_10_MIN', flowSampling: sampling, metadata: 'INCLUDE_ALL_METADATA' },
    });
    this.router = new ComputeRouter(this, 'router', {
      project: props.project,
      region: props.region,
      name: `${props.namePrefix}-router`,
      network: this.network.id,
    });
    this.nat = new ComputeRouterNat(this, 'nat', {
      project: props.project,
      region: props.region,
      name: `${props.namePrefix}-nat`,
      router: this.router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetwork: [{ name: this.subnetwork.selfLink, sourceIpRangesToNat: ['ALL_IP_RANGES'] }],
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
    // The VPC already denies unsolicited ingress implicitly; this rule says so explicitly and logs what it
    // drops. GKE adds the rules the cluster needs (control plane to nodes, pod to pod) at priority 1000.
    this.denyIngress = new ComputeFirewall(this, 'deny-ingress', {
      project: props.project,
      name: `${props.namePrefix}-deny-all-ingress`,
      description: 'Deny and log all ingress that no higher-priority (GKE) rule allows',
      network: this.network.id,
      direction: 'INGRESS',
      priority: 65534,
      sourceRanges: ['0.0.0.0/0'],
      deny: [{ protocol: 'all' }],
      logConfig: { metadata: 'EXCLUDE_ALL_METADATA' },
    });
  }
}
