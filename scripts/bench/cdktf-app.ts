import * as fs from 'fs';
import * as path from 'path';

type Env = Record<string, string | undefined>;

/** What `cdktf synth` runs, from `cdktf.json`. */
export interface CdktfApp {
  /** The `app` command, run through a shell in the project directory. */
  readonly command: string;
  /** The `context` of cdktf.json. */
  readonly context: Record<string, unknown>;
}

/** Reads `cdktf.json` of the project at `root`. */
export function readCdktfApp(root: string): CdktfApp {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')) as { app?: string; context?: Record<string, unknown> };
  if (!config.app) throw new Error('cdktf.json has no "app" command');
  return { command: config.app, context: config.context ?? {} };
}

/** The same command with its entry point `main.ts` swapped for `entry`, or undefined when it names no `main.ts`. */
export function withEntryPoint(command: string, entry: string): string | undefined {
  const pattern = /(^|\s)(\.\/)?main\.ts(?=\s|$)/;
  return pattern.test(command) ? command.replace(pattern, `$1${entry}`) : undefined;
}

/**
 * The environment `cdktf synth` gives the app (cdktf-cli 0.21,
 * `@cdktf/cli-core/src/lib/synth-stack.js`): the caller's environment
 * without `TF_VAR_*`, `NODE_OPTIONS` defaulting to a 4 GiB heap, the output
 * directory, the context and the synth flags.
 */
export function synthEnvironment(base: Env, app: CdktfApp, outdir: string): Env {
  const env: Env = Object.fromEntries(Object.entries(base).filter(([key]) => !key.startsWith('TF_VAR_')));
  return {
    ...env,
    NODE_OPTIONS: env.NODE_OPTIONS || '--max-old-space-size=4096',
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
    CDKTF_CONTEXT_JSON: JSON.stringify({ ...app.context, cdktfRelativeModules: [] }),
    SYNTH_HCL_OUTPUT: 'false',
  };
}
