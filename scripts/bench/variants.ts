import { withEntryPoint } from './cdktf-app';

/** The processes the bench times. */
export type VariantId = 'bare' | 'synth' | 'workers2' | 'workers2000' | 'pools1' | 'pools20';

/** One process to time, started like `cdktf synth` starts the app. */
export interface Variant {
  readonly id: VariantId;
  /** Row label of the report. */
  readonly label: string;
  /** Shell command, run in the project directory. */
  readonly command: string;
  /** Environment on top of the synth environment. */
  readonly env: Record<string, string>;
  /** Whether it writes a cdktf output directory (manifest.json and stacks). */
  readonly synthesizes: boolean;
}

/** The bench app with N worker pools (scripts/bench/pools-app.ts). */
export const POOLS_APP = 'scripts/bench/pools-app.ts';

/** The baseline: a Node.js process that only loads cdktf. */
export const BARE_COMMAND = `node -e "require('cdktf')"`;

/** The pools app, run by the same runner as the project's app when its command names `main.ts`. */
export function poolsCommand(appCommand: string): string {
  return withEntryPoint(appCommand, POOLS_APP) ?? `node --import tsx ${POOLS_APP}`;
}

/**
 * All variants. `synth` (the defaults) and `workers2` are the same run when
 * the default worker count is 2: their difference is the noise between two
 * identical runs (the report checks that their outputs are identical).
 */
export function benchVariants(appCommand: string): Variant[] {
  const pools = poolsCommand(appCommand);
  return [
    { id: 'bare', label: "bare require('cdktf')", command: BARE_COMMAND, env: {}, synthesizes: false },
    { id: 'synth', label: 'all stacks (defaults)', command: appCommand, env: {}, synthesizes: true },
    { id: 'workers2', label: 'all stacks, WORKERS=2', command: appCommand, env: { DASK_CDKTF_WORKERS: '2' }, synthesizes: true },
    { id: 'workers2000', label: 'all stacks, WORKERS=2000', command: appCommand, env: { DASK_CDKTF_WORKERS: '2000' }, synthesizes: true },
    { id: 'pools1', label: 'bench app, 1 worker pool', command: pools, env: { BENCH_POOLS: '1' }, synthesizes: true },
    { id: 'pools20', label: 'bench app, 20 worker pools', command: pools, env: { BENCH_POOLS: '20' }, synthesizes: true },
  ];
}
