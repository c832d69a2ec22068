/**
 * Resource types whose replacement or destruction loses data, breaks trust or
 * takes the whole cluster down. The plan summary prints a caution block for
 * every replace or destroy of one of them, with the reason given here.
 *
 * This is the only list of them: add a type here when a construct starts
 * creating a new kind of stateful resource.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  docker_volume: 'its contents are deleted; the notebook volume holds the files of JupyterLab users',
  kubernetes_persistent_volume_claim_v1: 'the notebook disk, with the files of JupyterLab users, is usually deleted with its claim',
  tls_private_key: 'certificates made with the old key stop matching; clients need new credentials',
  tls_self_signed_cert: 'the cluster CA: every certificate is reissued and clients that trust the old CA are refused',
  tls_locally_signed_cert: 'a role certificate: clients holding the old one are refused until they get the new one',
  random_password: 'the Jupyter token: open sessions and saved links stop working',
  google_container_cluster: 'the GKE cluster: every workload, disk and address on it is recreated',
  google_container_node_pool: 'a GKE node pool: its nodes are drained and running computations are lost',
  google_artifact_registry_repository: 'the image repository: the images pushed to it are deleted and pods cannot pull them',
  google_compute_network: 'the VPC network: the cluster on it is recreated',
  google_compute_subnetwork: 'the subnetwork: the cluster nodes and pod ranges on it are recreated',
};

/** The reason a resource type is stateful, or undefined when it is not. */
export function statefulReason(type: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(STATEFUL_TYPES, type) ? STATEFUL_TYPES[type] : undefined;
}
