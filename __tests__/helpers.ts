import { App, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

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

/** The only resource of `type` whose construct path ends with `pathSuffix`. */
export function resourceAt(synth: Synth, type: string, pathSuffix: string): Record<string, unknown> {
  const matches = Object.values(resourcesOf(synth, type)).filter((resource) =>
    String((resource['//'] as { metadata: { path: string } }).metadata.path).endsWith(pathSuffix),
  );
  if (matches.length !== 1) throw new Error(`expected one ${type} at */${pathSuffix}, found ${matches.length}`);
  return matches[0];
}

/** A construct scope for tests that do not need a stack of their own. */
export function scopeIn(app: App = Testing.app()): Construct {
  return new TerraformStack(app, 'test');
}
