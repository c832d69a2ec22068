import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parsePlan, PlanFormatError } from './plan-format';
import { summarizePlan } from './summarize';

/** Exit code for bad usage, an unreadable file or input that is not a plan. */
export const EXIT_BAD_INPUT = 2;

const USAGE =
  'usage: npm run --silent plan-summary -- <plan.json | -> [--title <text>] [--note <text>]\n' +
  '  plan.json: the output of `terraform show -json <planfile>` (- reads standard input)';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  /** Reads a file as UTF-8; `-` means standard input. */
  readonly readFile: (path: string) => string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The process's own files and streams. */
export const processIo: CliIo = {
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * `plan-summary <plan.json> [--title <text>] [--note <text>]`: prints the Markdown summary of
 * a Terraform JSON plan. Returns the exit code: 0, or {@link EXIT_BAD_INPUT}
 * with a message on standard error.
 */
export function run(args: readonly string[], io: CliIo = processIo): number {
  let file: string;
  let title: string | undefined;
  let note: string | undefined;
  try {
    const parsed = parseArgs({ args: [...args], allowPositionals: true, options: { title: { type: 'string' }, note: { type: 'string' } } });
    if (parsed.positionals.length !== 1) throw new Error(`expected one plan file, got ${parsed.positionals.length}`);
    file = parsed.positionals[0];
    title = parsed.values.title;
    note = parsed.values.note;
  } catch (error) {
    io.stderr(`plan-summary: ${(error as Error).message}\n${USAGE}\n`);
    return EXIT_BAD_INPUT;
  }

  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    io.stderr(`plan-summary: ${file}: cannot read: ${(error as Error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.stderr(`plan-summary: ${file}: not JSON (${(error as Error).message}); pass the output of \`terraform show -json <planfile>\`\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    io.stdout(summarizePlan(parsePlan(json), { title, note }));
  } catch (error) {
    if (!(error instanceof PlanFormatError)) throw error;
    io.stderr(`plan-summary: ${file}: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  return 0;
}
