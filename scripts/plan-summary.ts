/**
 * `npm run --silent plan-summary -- <plan.json> [--title <text>] [--note <text>]`: prints a
 * Markdown summary of `terraform show -json <planfile>` for a pull request.
 * The logic lives in scripts/plan-summary/ (summarize.ts is the pure part).
 */
import { run } from './plan-summary/cli';

process.exitCode = run(process.argv.slice(2));
