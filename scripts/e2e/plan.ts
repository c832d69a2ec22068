import { ChangeKind, classify } from '../plan-summary/summarize';
import { PlanJson } from './cli';

type ResourceChange = NonNullable<PlanJson['resource_changes']>[number];

/** Addresses of the managed resources a plan changes, by kind (no-ops and reads left out). */
export interface PlanChanges {
  readonly create: string[];
  readonly update: string[];
  readonly replace: string[];
  readonly destroy: string[];
  /** Anything else that is not a no-op (forget, unknown actions). */
  readonly other: string[];
}

const COUNTED = ['create', 'update', 'replace', 'destroy'] as const;
type CountedKind = (typeof COUNTED)[number];

function isCounted(kind: string): kind is CountedKind {
  return (COUNTED as readonly string[]).includes(kind);
}

/** Groups the changes of a plan by what they do to each resource. */
export function planChanges(plan: PlanJson): PlanChanges {
  const changes: PlanChanges = { create: [], update: [], replace: [], destroy: [], other: [] };
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== 'managed') continue;
    const kind: ChangeKind = classify(change.change.actions);
    if (kind === 'no-op' || kind === 'read') continue;
    if (isCounted(kind)) changes[kind].push(change.address);
    else changes.other.push(`${change.address} (${kind})`);
  }
  return changes;
}

/** `1 to create, 0 to update, 8 to replace, 0 to destroy` and the addresses of each. */
export function describeChanges(changes: PlanChanges): string {
  const head = COUNTED.map((kind) => `${changes[kind].length} to ${kind}`).join(', ');
  const lists = [...COUNTED, 'other' as const]
    .filter((kind) => changes[kind].length > 0)
    .map((kind) => `  ${kind}: ${changes[kind].join(', ')}`);
  return [head, ...lists].join('\n');
}

/** The planned change of the resource of `type` whose `name` attribute is `name` (before or after the change). */
export function changeOfNamed(plan: PlanJson, type: string, name: string): ResourceChange | undefined {
  return (plan.resource_changes ?? []).find(
    (change) => change.type === type && (change.change.before?.name === name || change.change.after?.name === name),
  );
}

/** What a planned change does, or `absent` when the resource is not in the plan at all. */
export function kindOf(change: ResourceChange | undefined): ChangeKind | 'absent' {
  return change === undefined ? 'absent' : classify(change.change.actions);
}
