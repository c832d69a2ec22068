import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePlan } from '../plan-summary/plan-format';
import { baseEnv, E2eConfig, StackSettings, stackEnv } from './settings';
import { run, runOk, RunResult } from './proc';

/**
 * Drives the real CLI the way a user does (`npx cdktf deploy local ...`), with
 * `--output` in the run's temporary directory: the `local` backend path
 * (`../../../terraform.local.tfstate`, relative to the stack directory) then
 * resolves next to it, so the suite has its own state and never reads or
 * writes the project's `terraform.local.tfstate`.
 */
export class StackCli {
  constructor(private readonly config: E2eConfig) {}

  /** `npx cdktf synth --output <work>/cdktf.out`. */
  public async synth(settings: StackSettings): Promise<RunResult> {
    return this.cdktf(['synth'], settings, 300);
  }

  /**
   * `npx cdktf deploy local --auto-approve --skip-provider-lock`.
   * `skipSynth` deploys exactly what the last {@link synth} wrote (the plan checked before).
   */
  public async deploy(settings: StackSettings, options: { skipSynth?: boolean } = {}): Promise<RunResult> {
    const args = ['deploy', 'local', '--auto-approve', '--skip-provider-lock'];
    return this.cdktf(options.skipSynth ? [...args, '--skip-synth'] : args, settings, 900);
  }

  /** `npx cdktf destroy local --auto-approve`. */
  public async destroy(settings: StackSettings, options: { skipSynth?: boolean } = {}): Promise<RunResult> {
    const args = ['destroy', 'local', '--auto-approve', '--skip-provider-lock'];
    return this.cdktf(options.skipSynth ? [...args, '--skip-synth'] : args, settings, 600);
  }

  /** `terraform init -backend=false` in the synthesized stack: are the providers installable? (never throws) */
  public async initWithoutBackend(): Promise<RunResult> {
    return run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], this.terraformOptions(300));
  }

  /** `terraform plan` of the synthesized stack against the run's state, as JSON (`terraform show -json`). */
  public async plan(): Promise<PlanJson> {
    const planFile = path.join(this.config.work, 'e2e.tfplan');
    await runOk('terraform', ['plan', '-input=false', '-no-color', '-lock-timeout=60s', `-out=${planFile}`], this.terraformOptions(300));
    const shown = await runOk('terraform', ['show', '-json', planFile], { ...this.terraformOptions(120), logFile: undefined });
    const json = JSON.parse(shown.stdout) as PlanJson;
    parsePlan(json); // throws unless it is a Terraform JSON plan
    return json;
  }

  /** `terraform output -json`: the stack outputs, sensitive ones included. */
  public async outputs(): Promise<Record<string, string>> {
    const result = await runOk('terraform', ['output', '-json', '-no-color'], { ...this.terraformOptions(120), logFile: undefined });
    const parsed = JSON.parse(result.stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(parsed).map(([key, output]) => [key, String(output.value)]));
  }

  /** `terraform state list`: addresses still in the run's state. */
  public async stateList(): Promise<string[]> {
    const result = await runOk('terraform', ['state', 'list', '-no-color'], this.terraformOptions(120));
    return result.stdout.split('\n').filter((line) => line.trim() !== '');
  }

  /** The synthesized `cdk.tf.json` of the stack. */
  public stackJson(): StackJson {
    return JSON.parse(readFileSync(path.join(this.config.stackDir, 'cdk.tf.json'), 'utf8')) as StackJson;
  }

  /**
   * Where the synthesized `local` backend writes its state, resolved from the
   * stack directory. The suite refuses to deploy unless it is its own file.
   */
  public statePath(): string | undefined {
    const local = this.stackJson().terraform?.backend?.local;
    if (!local) return undefined;
    return path.resolve(this.config.stackDir, local.path ?? 'terraform.tfstate');
  }

  private cdktf(args: string[], settings: StackSettings, timeoutSeconds: number): Promise<RunResult> {
    return run('npx', ['--no-install', 'cdktf', ...args, '--output', this.config.outdir, '--no-color'], {
      cwd: this.config.root,
      env: { ...stackEnv(this.config, settings), CI: '1' },
      timeoutSeconds,
      logFile: this.config.logFile,
    });
  }

  private terraformOptions(timeoutSeconds: number) {
    return { cwd: this.config.stackDir, env: baseEnv(), timeoutSeconds, logFile: this.config.logFile };
  }
}

/** The parts of `cdk.tf.json` the suite reads. */
export interface StackJson {
  readonly terraform?: {
    readonly backend?: { readonly local?: { readonly path?: string } };
    readonly required_providers?: Record<string, { readonly source?: string; readonly version?: string }>;
  };
}

/** The parts of `terraform show -json <plan>` the suite reads (validated by plan-summary's `parsePlan`). */
export interface PlanJson {
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly mode: string;
    readonly type: string;
    readonly action_reason?: string;
    readonly change: {
      readonly actions: string[];
      readonly before?: Record<string, unknown> | null;
      readonly after?: Record<string, unknown> | null;
    };
  }>;
}
