import { Testing, TerraformStack } from 'cdktf';

/** Synthesized Terraform JSON of a stack. */
export interface Synth {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
  [key: string]: unknown;
}

/** Builds a stack with `build` and returns its synthesized JSON, parsed. */
export function synthStack(build: (stack: TerraformStack) => void): Synth {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synth;
}

/** Synthesizes a stack that already lives in `app`. */
export function synthOf(stack: TerraformStack): Synth {
  return JSON.parse(Testing.synth(stack)) as Synth;
}

/** The resources of one type, by logical id (empty when none). */
export function resourcesOf(synth: Synth, type: string): Record<string, Record<string, unknown>> {
  return synth.resource?.[type] ?? {};
}

/** The only resource of `type` whose logical id is `<idPrefix>_<hash>` (the construct path without the hash). */
export function resourceAt(synth: Synth, type: string, idPrefix: string): Record<string, unknown> {
  const matches = Object.entries(resourcesOf(synth, type)).filter(([id]) => new RegExp(`^${idPrefix}_[0-9A-F]{8}$`).test(id));
  if (matches.length !== 1) throw new Error(`expected one ${type} with id ${idPrefix}_*, found ${matches.length}`);
  return matches[0][1];
}
