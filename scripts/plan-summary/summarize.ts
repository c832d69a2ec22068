import { ResourceChange, TerraformPlan } from './plan-format';
import { statefulReason } from './stateful-types';

/** What a planned change does to a resource instance. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'destroy' | 'forget' | 'read' | 'no-op' | 'unknown';

/** The kinds counted in the table, in column order. */
const COUNTED = ['create', 'update', 'replace', 'destroy'] as const;
type CountedKind = (typeof COUNTED)[number];

/** Options of {@link summarizePlan}. */
export interface SummaryOptions {
  /**
   * Text of the heading, before the totals.
   * @default "Terraform plan"
   */
  readonly title?: string;
  /**
   * A remark shown under the heading, e.g. that the plan starts from an empty state.
   * @default no remark
   */
  readonly note?: string;
  /**
   * Most changed resources listed by address in the collapsed list.
   * @default 50
   */
  readonly maxListed?: number;
}

/** Classifies the `change.actions` of a resource change. */
export function classify(actions: readonly string[]): ChangeKind {
  const key = actions.join(',');
  switch (key) {
    case 'create':
    case 'update':
    case 'forget':
    case 'read':
    case 'no-op':
      return key;
    case 'delete':
      return 'destroy';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    default:
      return 'unknown';
  }
}

/** Readable forms of the `action_reason` values a reviewer cares about. */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'tainted',
  replace_by_request: 'replacement requested with -replace',
  replace_by_triggers: 'replace_triggered_by',
  delete_because_no_resource_config: 'removed from the configuration',
  delete_because_no_module: 'its module was removed',
  delete_because_count_index: 'beyond the new count',
  delete_because_each_key: 'key removed from for_each',
  delete_because_no_move_target: 'moved to an address that does not exist',
};

interface Classified {
  readonly change: ResourceChange;
  readonly kind: ChangeKind;
}

/**
 * Renders a Terraform JSON plan as a short Markdown summary for a pull
 * request: a heading with totals, a caution block listing every replace or
 * destroy of a stateful resource (see `stateful-types.ts`), a table of counts
 * per resource type, the changed outputs, and the changed addresses in a
 * collapsed list. A plan that changes nothing gives `No changes.`.
 */
export function summarizePlan(plan: TerraformPlan, options: SummaryOptions = {}): string {
  const title = options.title ?? 'Terraform plan';
  const maxListed = options.maxListed ?? 50;
  const managed: Classified[] = (plan.resource_changes ?? [])
    .filter((change) => change.mode === 'managed')
    .map((change) => ({ change, kind: classify(change.change.actions) }));

  const totals = countKinds(managed);
  const imports = managed.filter(({ change }) => change.change.importing !== undefined).length;
  const moves = managed.filter(({ change }) => isMove(change)).length;
  const outputs = Object.entries(plan.output_changes ?? {})
    .map(([name, output]) => ({ name, kind: classify(output.actions) }))
    .filter(({ kind }) => kind !== 'no-op');
  const changed = managed.filter(({ change, kind }) => isChange(kind) || change.change.importing !== undefined || isMove(change));

  const note = options.note === undefined ? [] : [`> [!NOTE]\n> ${options.note.replace(/\n/g, ' ')}`];
  if (changed.length === 0 && outputs.length === 0) return [`### ${title}: No changes.`, ...note].join('\n\n') + '\n';

  const extras = [
    imports > 0 ? `${imports} to import` : '',
    moves > 0 ? `${moves} moved` : '',
    totals.forget > 0 ? `${totals.forget} to forget` : '',
    totals.unknown > 0 ? `${totals.unknown} with unrecognised actions` : '',
  ].filter((part) => part !== '');
  const headline = COUNTED.map((kind) => `${totals[kind]} to ${kind}`).join(', ');
  const sections = [`### ${title}: ${[headline, ...extras].join(', ')}`, ...note];

  const caution = cautionBlock(managed);
  if (caution) sections.push(caution);
  const unknown = managed.filter(({ kind }) => kind === 'unknown');
  if (unknown.length > 0) {
    const list = unknown.map(({ change }) => `${code(change.address)} (${change.change.actions.join(', ')})`).join(', ');
    sections.push(`> [!WARNING]\n> Actions this summary does not know; read the full plan: ${list}`);
  }
  const table = typeTable(managed);
  if (table) sections.push(table);
  if (outputs.length > 0) {
    const list = outputs.map(({ name, kind }) => `${code(name)} (${kind === 'destroy' ? 'remove' : kind})`).join(', ');
    sections.push(`**Outputs:** ${list}`);
  }
  if (changed.length > 0) sections.push(changeList(changed, maxListed));
  return sections.join('\n\n') + '\n';
}

function isChange(kind: ChangeKind): boolean {
  return kind !== 'no-op' && kind !== 'read';
}

function isMove(change: ResourceChange): boolean {
  return change.previous_address !== undefined && change.previous_address !== change.address;
}

function countKinds(changes: readonly Classified[]): Record<ChangeKind, number> {
  const totals: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, destroy: 0, forget: 0, read: 0, 'no-op': 0, unknown: 0 };
  for (const { kind } of changes) totals[kind] += 1;
  return totals;
}

function cautionBlock(changes: readonly Classified[]): string | undefined {
  const byType = new Map<string, string[]>();
  for (const { change, kind } of changes) {
    if (statefulReason(change.type) === undefined || (kind !== 'replace' && kind !== 'destroy')) continue;
    const why = cause(change);
    const lines = byType.get(change.type) ?? [];
    lines.push(`>   - **${kind}** ${describe(change)}${why ? ` (${why})` : ''}`);
    byType.set(change.type, lines);
  }
  if (byType.size === 0) return undefined;
  return [
    '> [!CAUTION]',
    '> ⚠️ **This plan replaces or destroys stateful resources.** Make sure this is intended and that their data is backed up:',
    ...[...byType.entries()].flatMap(([type, lines]) => [`> - ${code(type)}: ${statefulReason(type)}.`, ...lines]),
  ].join('\n');
}

/** Why a resource is replaced or destroyed, from `replace_paths` or `action_reason`. */
function cause(change: ResourceChange): string | undefined {
  const paths = change.change.replace_paths;
  if (paths && paths.length > 0) return `forced by ${paths.map((path) => code(formatAttributePath(path))).join(', ')}`;
  return change.action_reason === undefined ? undefined : REASONS[change.action_reason];
}

function formatAttributePath(path: ReadonlyArray<string | number>): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

function typeTable(changes: readonly Classified[]): string | undefined {
  const byType = new Map<string, Record<CountedKind, number>>();
  for (const { change, kind } of changes) {
    if (!(COUNTED as readonly string[]).includes(kind)) continue;
    const row = byType.get(change.type) ?? { create: 0, update: 0, replace: 0, destroy: 0 };
    row[kind as CountedKind] += 1;
    byType.set(change.type, row);
  }
  if (byType.size === 0) return undefined;
  const rows = [...byType.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, row]) => `| ${code(type)} | ${COUNTED.map((kind) => row[kind]).join(' | ')} |`);
  return ['| Resource type | Create | Update | Replace | Destroy |', '| --- | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

function changeList(changes: readonly Classified[], maxListed: number): string {
  const shown = changes.slice(0, maxListed).map(({ change, kind }) => {
    const notes = [
      change.change.importing !== undefined ? 'import' : '',
      isMove(change) ? `moved from ${code(change.previous_address!)}` : '',
    ].filter((note) => note !== '');
    const action = kind === 'no-op' ? '' : `${kind} `;
    return `- ${action}${describe(change)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  });
  if (changes.length > maxListed) shown.push(`- … and ${changes.length - maxListed} more`);
  return [`<details><summary>Changed resources (${changes.length})</summary>`, '', ...shown, '', '</details>'].join('\n');
}

function describe(change: ResourceChange): string {
  return change.deposed === undefined ? code(change.address) : `${code(change.address)} (deposed object ${code(change.deposed)})`;
}

/** Inline code, safe for any text without backticks (Terraform addresses have none). */
function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}
