import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import * as os from 'node:os';

/** Options of {@link run}. */
export interface RunOptions {
  /**
   * Kill the command (and everything it started) after this many seconds.
   * Every command of the suite has a bound: nothing waits forever.
   */
  readonly timeoutSeconds: number;
  /**
   * Working directory.
   * @default the current directory
   */
  readonly cwd?: string;
  /**
   * Environment.
   * @default this process's environment
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Written to standard input, which is then closed.
   * @default no input (standard input is closed at once)
   */
  readonly input?: string;
  /**
   * Append the command line and its output to this file.
   * @default not logged
   */
  readonly logFile?: string;
  /**
   * Called with each line of standard output as it arrives.
   * @default none
   */
  readonly onLine?: (line: string) => void;
}

/** What a finished command did. */
export interface RunResult {
  /** Exit code; 128 + the signal number when a signal ended the command (as a shell reports it). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when {@link RunOptions.timeoutSeconds} ran out and the command was killed. */
  readonly timedOut: boolean;
  readonly seconds: number;
}

/** A command that failed: the message names it, its exit status and the end of its output. */
export class CommandError extends Error {
  constructor(
    public readonly command: string,
    public readonly result: RunResult,
  ) {
    const status = result.timedOut ? `timed out after ${result.seconds.toFixed(0)} s` : `exited with ${result.code}`;
    super(`\`${command}\` ${status}${indentTail(result.stderr || result.stdout, 15)}`);
    this.name = 'CommandError';
  }
}

/** Process groups of the commands still running, so an interrupt can end them. */
const running = new Set<number>();

/**
 * Runs a command without a shell, in its own process group (so a timeout
 * ends its children too, e.g. the terraform that cdktf starts), and resolves
 * when it exits, whatever its exit code.
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const display = formatCommand(command, args);
  if (options.logFile) appendFileSync(options.logFile, `\n$ ${display}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    let stdout = '';
    let stderr = '';
    let partial = '';
    let timedOut = false;
    const log = (text: string) => {
      if (options.logFile) appendFileSync(options.logFile, text);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      log(chunk);
      if (!options.onLine) return;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) options.onLine(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      log(chunk);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid, 'SIGTERM');
      setTimeout(() => killGroup(pid, 'SIGKILL'), 10_000).unref();
    }, options.timeoutSeconds * 1000);
    const finish = (code: number) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      if (options.onLine && partial) options.onLine(partial);
      resolve({ code, stdout, stderr, timedOut, seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (error) => {
      stderr += `${error.message}\n`;
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)));
    child.stdin.on('error', () => undefined); // the command may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Like {@link run}, but throws a {@link CommandError} unless the command exits with 0. */
export async function runOk(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0 || result.timedOut) throw new CommandError(formatCommand(command, args), result);
  return result;
}

/** Ends every command still running (on an interrupt). */
export function killAll(): void {
  for (const pid of running) killGroup(pid, 'SIGTERM');
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** A command line as a user would type it (for messages). */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The last `lines` non-empty lines of `text`, indented on lines of their own (or nothing). */
export function indentTail(text: string, lines: number): string {
  const tail = stripAnsi(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-lines);
  return tail.length === 0 ? '' : '\n' + tail.map((line) => `#     ${line}`).join('\n');
}

/** Removes terminal colour and cursor sequences (the cdktf CLI prints them even to a pipe). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
