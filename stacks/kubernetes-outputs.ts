import { TerraformOutput, TerraformStack } from 'cdktf';
import { DaskCluster, PORTS } from '../constructs';

/** What {@link addKubernetesOutputs} prints. */
export interface KubernetesOutputsProps {
  /** The cluster (with its notebook). */
  readonly cluster: DaskCluster;
  /** Namespace of the workloads. */
  readonly namespace: string;
  /** `kubectl` with the flags that pick the cluster (`--context`, `--kubeconfig`). */
  readonly kubectl: string;
  /** Local port for JupyterLab's port-forward. */
  readonly jupyterPort: number;
  /** Local port for the dashboard's port-forward. */
  readonly dashboardPort: number;
  /** What to do before the port-forward works, e.g. fetch credentials. */
  readonly before?: string;
}

/**
 * The outputs of a stack that runs the cluster on Kubernetes: namespace,
 * scheduler address, the exact port-forward commands for JupyterLab and the
 * dashboard, and the Jupyter token as a sensitive output.
 */
export function addKubernetesOutputs(stack: TerraformStack, props: KubernetesOutputsProps): void {
  const notebook = props.cluster.notebook!;
  const portForward = `${props.kubectl} --namespace ${props.namespace} port-forward`;
  const before = props.before ? `${props.before}: ` : '';
  new TerraformOutput(stack, 'namespace', { value: props.namespace, description: 'Namespace of the Dask cluster' });
  new TerraformOutput(stack, 'scheduler_address', {
    value: props.cluster.schedulerAddress,
    description: 'Scheduler address inside the cluster (Client() in JupyterLab uses it)',
  });
  new TerraformOutput(stack, 'jupyter_port_forward', {
    value: `${portForward} service/${notebook.name} ${props.jupyterPort}:${PORTS.jupyter}`,
    description: `${before}Run this, then open http://127.0.0.1:${props.jupyterPort}/lab and log in with the jupyter_token output`,
  });
  new TerraformOutput(stack, 'dashboard_port_forward', {
    value: `${portForward} service/${props.cluster.scheduler.host} ${props.dashboardPort}:${PORTS.schedulerDashboard}`,
    description: `Run this, then open http://127.0.0.1:${props.dashboardPort}/status`,
  });
  new TerraformOutput(stack, 'jupyter_token', {
    value: notebook.token,
    sensitive: true,
    description: `JupyterLab token: terraform output -raw jupyter_token (in cdktf.out/stacks/${stack.node.id})`,
  });
}
