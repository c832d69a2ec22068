import { App } from 'cdktf';
import { ValidationError } from './constructs';
import { clusterSettings } from './stacks/cluster-settings';
import { EnvConfig } from './stacks/env-config';
import { addGkeStacks } from './stacks/gke';
import { K8sStack, k8sStackProps } from './stacks/k8s-stack';
import { LocalStack, localStackProps } from './stacks/local-stack';

function main(): void {
  const config = new EnvConfig();
  const settings = clusterSettings(config);
  const app = new App({ stackTraces: false });
  new LocalStack(app, 'local', localStackProps(config, settings));
  new K8sStack(app, 'k8s', k8sStackProps(config, settings));
  addGkeStacks(app, config, settings);
  app.synth();
}

try {
  main();
} catch (error) {
  if (!(error instanceof ValidationError)) throw error;
  // A configuration mistake: one line the user can act on, nothing written.
  console.error(`dask-cdktf: ${error.message}`);
  process.exit(1);
}
