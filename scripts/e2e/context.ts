import { PlanJson, StackCli } from './cli';
import { containersOf, describeState, isHealthy, nameOf, neverStarted } from './docker';
import { planChanges, describeChanges, PlanChanges } from './plan';
import { indentTail, RunResult } from './proc';
import { check, note, StepError } from './runner';
import { describeSettings, E2eConfig, StackSettings, stackNames } from './settings';

/** What the steps share: the run's configuration and what has been deployed so far. */
export class E2eContext {
  public readonly cli: StackCli;
  public readonly names: ReturnType<typeof stackNames>;
  /** The settings of the last deploy (or of the first, before it runs). */
  public settings: StackSettings;
  /** A deploy ran, so something may need destroying. */
  public deployAttempted = false;
  /** The last destroy succeeded. */
  public destroyed = false;
  /** Measurements for the summary. */
  public readonly timings: Record<string, number> = {};

  constructor(
    public readonly config: E2eConfig,
    initial: StackSettings,
  ) {
    this.cli = new StackCli(config);
    this.names = stackNames(config.name);
    this.settings = initial;
  }

  /** Names of the containers that must run (and be healthy) with the current settings. */
  public get runningContainers(): string[] {
    const workers = Array.from({ length: this.settings.workers }, (_, index) => this.names.worker(index));
    return [this.names.scheduler, ...workers, this.names.jupyter];
  }

  /** Synthesizes `settings` into the run's output directory. */
  public async synth(settings: StackSettings): Promise<void> {
    orFail('npx cdktf synth', await this.cli.synth(settings));
  }

  /** Synthesizes `settings` and plans them against the deployed state; prints the plan's changes. */
  public async synthAndPlan(settings: StackSettings): Promise<{ plan: PlanJson; changes: PlanChanges }> {
    await this.synth(settings);
    const plan = await this.cli.plan();
    const changes = planChanges(plan);
    note(`plan for ${describeSettings(settings)}: ${describeChanges(changes)}`);
    return { plan, changes };
  }

  /**
   * `npx cdktf deploy local` of `settings` (exactly the last synth with
   * `skipSynth`); checks that every container is healthy when it returns.
   * Resolves to the seconds the CLI took.
   */
  public async deploy(settings: StackSettings, options: { skipSynth?: boolean } = {}): Promise<number> {
    this.deployAttempted = true;
    this.destroyed = false;
    this.settings = settings;
    const result = await this.cli.deploy(settings, options);
    orFail('npx cdktf deploy local', result);
    await this.checkContainers();
    return result.seconds;
  }

  /**
   * Every container of the stack, right now: the scheduler, each worker and
   * JupyterLab running and healthy, the secret seeds created but never
   * started, and nothing else with the cluster's label.
   */
  public async checkContainers(): Promise<void> {
    const containers = await containersOf(this.config.name);
    const byName = new Map(containers.map((container) => [nameOf(container), container]));
    const problems: string[] = [];
    for (const name of this.runningContainers) {
      const container = byName.get(name);
      if (!isHealthy(container)) problems.push(`${name}: ${container ? describeState(container) : 'missing'}`);
      if (container && container.HostConfig.RestartPolicy.Name !== 'unless-stopped') {
        problems.push(`${name}: restart policy ${container.HostConfig.RestartPolicy.Name}, expected unless-stopped`);
      }
    }
    for (const name of this.names.seeds) {
      const container = byName.get(name);
      if (!container || !neverStarted(container)) problems.push(`${name}: ${container ? describeState(container) : 'missing'}`);
    }
    const expected = new Set([...this.runningContainers, ...this.names.seeds]);
    for (const name of byName.keys()) if (!expected.has(name)) problems.push(`${name}: not expected`);
    check(problems.length === 0, `containers not as expected: ${problems.join('; ')}`);
  }
}

/** Throws a {@link StepError} with the end of the output unless the command succeeded. */
export function orFail(what: string, result: RunResult): void {
  if (result.code === 0 && !result.timedOut) return;
  const status = result.timedOut ? `timed out after ${result.seconds.toFixed(0)} s` : `failed (exit ${result.code})`;
  throw new StepError(`${what} ${status}${indentTail(result.stdout + '\n' + result.stderr, 25)}`);
}
