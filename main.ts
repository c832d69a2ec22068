import { App } from 'cdktf';
import { clusterSettings } from './stacks/cluster-settings';
import { EnvConfig } from './stacks/env-config';
import { LocalStack, localStackProps } from './stacks/local-stack';

const config = new EnvConfig();
const app = new App();
new LocalStack(app, 'local', localStackProps(config, clusterSettings(config)));
app.synth();
