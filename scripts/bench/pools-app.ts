/**
 * The cdktf app `npm run bench` times for "1 vs 20 worker pools": one stack
 * with a DaskCluster of `BENCH_POOLS` worker pools on Docker, running a
 * referenced image (nothing to build). The stacks of main.ts read a single
 * pool from the environment, hence this app.
 */
import { App, TerraformStack } from 'cdktf';
import { ClusterImage, DaskCluster, DockerPlatform, NamedWorkerPoolOptions } from '../../constructs';
import { DockerProvider } from '../../constructs/providers/docker';
import { RandomProvider } from '../../constructs/providers/random';
import { TlsProvider } from '../../constructs/providers/tls';

const pools = Number(process.env.BENCH_POOLS ?? '1');
if (!Number.isInteger(pools) || pools < 1) throw new Error(`BENCH_POOLS must be an integer >= 1, got ${process.env.BENCH_POOLS}`);

const app = new App();
const stack = new TerraformStack(app, 'pools');
new DockerProvider(stack, 'docker', {});
new TlsProvider(stack, 'tls');
new RandomProvider(stack, 'random');
const workerPools: NamedWorkerPoolOptions[] = Array.from({ length: pools }, (_, i) => ({ name: `pool-${i + 1}`, replicas: 2 }));
new DaskCluster(stack, 'dask', {
  platform: new DockerPlatform(stack, 'platform'),
  image: new ClusterImage(stack, 'image', { reference: 'dask-cdktf/dask:bench' }),
  workerPools,
});
app.synth();
