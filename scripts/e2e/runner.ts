import { CommandError, indentTail } from './proc';

/**
 * A failed check. `containers` names the containers whose logs explain it
 * (the runner prints their last lines); none means every container of the stack.
 */
export class StepError extends Error {
  constructor(
    message: string,
    public readonly containers?: readonly string[],
  ) {
    super(message);
    this.name = 'StepError';
  }
}

/** Throws a {@link StepError} unless `condition` holds. */
export function check(condition: boolean, message: string, containers?: readonly string[]): asserts condition {
  if (!condition) throw new StepError(message, containers);
}

/**
 * Status of a step: passed, failed, never started (a step it needs failed, or
 * the run was interrupted), or skipped because the machine cannot run it.
 */
export type StepStatus = 'ok' | 'not ok' | 'not run' | 'skipped';

/** What a step body returns when the machine cannot run the suite (never counted as passed). */
export interface Skip {
  /** The summary line to print instead of the counts. */
  readonly skipped: string;
}

interface StepRecord {
  readonly name: string;
  readonly status: StepStatus;
}

/** Options of {@link Runner.step}. */
export interface StepOptions {
  /**
   * Names of steps that must have passed; otherwise this step is reported as
   * not run (and counted as neither passed nor failed).
   * @default no prerequisite
   */
  readonly needs?: readonly string[];
}

/** Prints logs of containers after a failure. */
export type LogDumper = (containers: readonly string[] | undefined) => Promise<void>;

/**
 * Runs steps in order and prints one line per step: `ok - <step> (<seconds>s)`,
 * `not ok - <step>: <reason>` followed by the logs of the relevant containers,
 * or `not run - <step>: ...`. Details are printed as `# ` comment lines.
 */
export class Runner {
  private readonly records: StepRecord[] = [];
  private readonly started = Date.now();
  private interruption?: string;

  constructor(private readonly dumpLogs: LogDumper) {}

  /**
   * Runs `body` as the step `name`; resolves to its status. Never throws. A
   * body that returns a {@link Skip} prints nothing and is recorded as skipped.
   */
  public async step(name: string, body: () => Promise<void | Skip>, options: StepOptions = {}): Promise<StepStatus> {
    const missing = (options.needs ?? []).filter((need) => this.status(need) !== 'ok');
    if (this.interruption !== undefined || missing.length > 0) {
      this.records.push({ name, status: 'not run' });
      console.log(`not run - ${name}: ${this.interruption ?? `needs ${missing.join(', ')}`}`);
      return 'not run';
    }
    const started = Date.now();
    try {
      const outcome = await body();
      if (outcome) {
        this.records.push({ name, status: 'skipped' });
        return 'skipped';
      }
      this.records.push({ name, status: 'ok' });
      console.log(`ok - ${name} (${seconds(started)}s)`);
      return 'ok';
    } catch (error) {
      this.records.push({ name, status: 'not ok' });
      const detail = error instanceof Error ? error.message : String(error);
      const message = this.interruption !== undefined ? `${this.interruption} (${detail.split('\n')[0]})` : detail;
      const [first, ...rest] = message.split('\n');
      console.log(`not ok - ${name}: ${first} (${seconds(started)}s)`);
      if (rest.length > 0) console.log(rest.map((line) => (line.startsWith('#') ? line : `#   ${line}`)).join('\n'));
      if (
        this.interruption === undefined &&
        !(error instanceof StepError) &&
        !(error instanceof CommandError) &&
        error instanceof Error &&
        error.stack
      ) {
        console.log(indentTail(error.stack, 8));
      }
      if (this.interruption === undefined) {
        await this.dumpLogs(error instanceof StepError ? error.containers : undefined).catch(() => undefined);
      }
      return 'not ok';
    }
  }

  /** Starts no further step (the one running fails as its commands are ended). */
  public interrupt(reason: string): void {
    this.interruption ??= reason;
  }

  public get interrupted(): boolean {
    return this.interruption !== undefined;
  }

  /** Status of a step run so far (undefined when it has not been run). */
  public status(name: string): StepStatus | undefined {
    return this.records.find((record) => record.name === name)?.status;
  }

  /** Prints the total time and the summary line; returns the exit code. */
  public summary(): number {
    const count = (status: StepStatus) => this.records.filter((record) => record.status === status).length;
    const notRun = count('not run');
    note(`total ${formatDuration((Date.now() - this.started) / 1000)}`);
    console.log(`e2e: ${count('ok')} passed, ${count('not ok')} failed${notRun > 0 ? `, ${notRun} not run` : ''}`);
    return count('not ok') + notRun > 0 ? 1 : 0;
  }
}

/** Prints a detail line (`# text`). */
export function note(text: string): void {
  for (const line of text.split('\n')) console.log(`# ${line}`);
}

/** Seconds since `since` (a `Date.now()`), one decimal. */
export function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

/** `754` → `12m34s`. */
export function formatDuration(totalSeconds: number): string {
  const whole = Math.round(totalSeconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole - minutes * 60;
  return minutes > 0 ? `${minutes}m${String(rest).padStart(2, '0')}s` : `${rest}s`;
}
