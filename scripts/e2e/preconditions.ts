import { createServer } from 'node:net';
import * as path from 'node:path';
import { E2eContext, orFail } from './context';
import { engineAnswers, forceRemove } from './docker';
import { describeMissing, missingProviders, requiredProviders, skipLine } from './providers';
import { indentTail, run, runOk } from './proc';
import { check, note, StepError } from './runner';
import { baseEnv, LOCAL_BASE_IMAGE } from './settings';

/** Outcome of the preconditions: run the steps, or skip them with this summary line. */
export type Preconditions = { readonly skip?: string };

/**
 * Step 0: a Docker engine (started with scripts/ensure-docker.sh when none
 * answers), terraform on PATH, the stack synthesizes into the run's own
 * directory with its state file there, every provider installable (else the
 * run is skipped, saying which and where terraform looked), the host ports
 * free, no leftovers of an earlier run, and the base image.
 */
export async function checkPreconditions(ctx: E2eContext): Promise<Preconditions> {
  const { config } = ctx;
  if (!(await engineAnswers())) {
    note('no Docker engine answers: running scripts/ensure-docker.sh');
    orFail(
      'bash scripts/ensure-docker.sh',
      await run('bash', ['scripts/ensure-docker.sh'], { cwd: config.root, env: baseEnv(), timeoutSeconds: 600 }),
    );
    check(await engineAnswers(), 'no Docker engine answers, even after scripts/ensure-docker.sh');
  }
  const version = await run('terraform', ['version', '-json'], { env: baseEnv(), timeoutSeconds: 60 });
  check(version.code === 0, `terraform is not on PATH (or does not run): ${version.stderr.trim()}`);
  const terraformVersion = (JSON.parse(version.stdout) as { terraform_version: string }).terraform_version;

  await ctx.synth(ctx.settings);
  const state = ctx.cli.statePath();
  check(
    state === config.stateFile,
    `the local backend of the synthesized stack writes ${state ?? 'no local state'}, not ${config.stateFile}: ` +
      'refusing to deploy (the suite must never use the project state)',
  );

  const init = await ctx.cli.initWithoutBackend();
  if (init.code !== 0) {
    const missing = missingProviders(init.stdout + init.stderr, requiredProviders(ctx.cli.stackJson()));
    if (missing.length > 0) {
      describeMissing(missing).forEach((line) => note(line));
      return { skip: skipLine(missing) };
    }
    orFail('terraform init -backend=false', init);
  }

  const leftovers = await forceRemove(config.name, ctx.names.network);
  if (leftovers.length > 0) note(`removed leftovers of an earlier run: ${leftovers.join(', ')}`);
  for (const port of [config.jupyterPort, config.dashboardPort]) {
    const error = await tryListen(port);
    check(!error, `port ${port} of 127.0.0.1 is not free (${error}); set E2E_JUPYTER_PORT / E2E_DASHBOARD_PORT`);
  }

  if (config.makeBaseImage) {
    const made = await run('bash', [path.join('scripts', 'make-base-image.sh')], {
      cwd: config.root,
      env: { ...baseEnv(), BASE_IMAGE: LOCAL_BASE_IMAGE },
      timeoutSeconds: 1800,
      logFile: config.logFile,
    });
    if (made.code !== 0) throw new StepError(`scripts/make-base-image.sh failed (exit ${made.code})${indentTail(made.stderr, 15)}`, []);
  }
  const engine = (
    await runOk('docker', ['version', '--format', '{{.Server.Version}}'], { env: baseEnv(), timeoutSeconds: 60 })
  ).stdout.trim();
  note(`docker engine ${engine}, terraform ${terraformVersion}, base image ${config.baseImage ?? "the Dockerfile's pinned default"}`);
  note(`state and cdktf output of this run: ${config.work}; full log: ${config.logFile}`);
  return {};
}

/** Undefined when a TCP listener can bind 127.0.0.1:`port`, else the error. */
function tryListen(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
