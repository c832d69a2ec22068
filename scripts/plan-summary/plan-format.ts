import { z } from 'zod';

/**
 * The part of Terraform's JSON plan format (`terraform show -json <planfile>`,
 * https://developer.hashicorp.com/terraform/internals/json-format) that the
 * summary reads. Unknown properties are ignored, as the format asks of
 * consumers, so newer minor versions of the format still parse.
 */

const pathStep = z.union([z.string(), z.number()]);

const change = z.object({
  /** e.g. ["create"], ["update"], ["delete", "create"], ["delete"], ["no-op"], ["read"], ["forget"]. */
  actions: z.array(z.string()).min(1),
  /** Present when the change imports an existing object (Terraform 1.5+). */
  importing: z.record(z.string(), z.unknown()).optional(),
  /** Attribute paths that force a replacement. */
  replace_paths: z.array(z.array(pathStep)).optional(),
});

const resourceChange = z.object({
  address: z.string(),
  /** "managed" or "data". */
  mode: z.string(),
  type: z.string(),
  name: z.string(),
  /** Set when a `moved` block renamed the resource. */
  previous_address: z.string().optional(),
  /** Key of a deposed object (left by a failed create-before-destroy). */
  deposed: z.string().optional(),
  /** Why Terraform chose this action, e.g. "replace_because_cannot_update". */
  action_reason: z.string().optional(),
  change,
});

const outputChange = z.object({ actions: z.array(z.string()).min(1) });

/** Major versions of the format this reader understands (the docs ask to reject others). */
const FORMAT_VERSION = /^[01]\.\d+$/;

const plan = z.object({
  format_version: z.string().regex(FORMAT_VERSION, 'unsupported format_version: expected 1.x'),
  terraform_version: z.string().optional(),
  /** Present in every plan (and absent from the JSON of a state). */
  planned_values: z.record(z.string(), z.unknown()),
  /** Omitted by Terraform when the configuration has no resources at all. */
  resource_changes: z.array(resourceChange).optional(),
  output_changes: z.record(z.string(), outputChange).optional(),
});

/** A parsed Terraform JSON plan. */
export type TerraformPlan = z.infer<typeof plan>;
/** One entry of `resource_changes`. */
export type ResourceChange = z.infer<typeof resourceChange>;

/** Thrown by {@link parsePlan} for input that is not a Terraform JSON plan. */
export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFormatError';
  }
}

/**
 * Checks that `json` is a Terraform JSON plan and returns it typed.
 * @throws PlanFormatError naming the first offending properties.
 */
export function parsePlan(json: unknown): TerraformPlan {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new PlanFormatError('not a Terraform JSON plan: expected a JSON object (the output of `terraform show -json <planfile>`)');
  }
  if ('values' in json && !('planned_values' in json)) {
    throw new PlanFormatError(
      'this is the JSON of a Terraform state, not of a plan: run `terraform show -json <planfile>` on a saved plan',
    );
  }
  const result = plan.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = result.error.issues.length > problems.length ? ` (and ${result.error.issues.length - problems.length} more)` : '';
  throw new PlanFormatError(`not a Terraform JSON plan: ${problems.join('; ')}${more}`);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? String(step) : `.${String(step)}`)).join('');
}
