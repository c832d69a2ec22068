import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StackJson } from './cli';
import { stripAnsi } from './proc';

/** A provider the stack requires, e.g. `kreuzwerker/docker` `3.6.2`. */
export interface RequiredProvider {
  /** `namespace/name`, lower case, without the registry host. */
  readonly source: string;
  readonly version: string;
}

/** A required provider `terraform init` could not install, with terraform's reason. */
export interface MissingProvider extends RequiredProvider {
  readonly reason: string;
}

const DEFAULT_REGISTRY = 'registry.terraform.io';

/** The `required_providers` of a synthesized stack. */
export function requiredProviders(stack: StackJson): RequiredProvider[] {
  return Object.entries(stack.terraform?.required_providers ?? {}).map(([local, spec]) => ({
    source: normalizeSource(spec.source ?? `hashicorp/${local}`),
    version: spec.version ?? 'any version',
  }));
}

/**
 * The required providers a failed `terraform init` names in its errors
 * ("Could not retrieve the list of available versions for provider
 * kreuzwerker/docker: ...", "Failed to install provider ..."), each with the
 * sentence terraform gave. Empty when the failure is about something else.
 */
export function missingProviders(initOutput: string, required: readonly RequiredProvider[]): MissingProvider[] {
  const blocks = stripAnsi(initOutput)
    .replace(/[│╷╵]/g, ' ')
    .split(/^\s*Error: /m)
    .slice(1)
    .map((block) =>
      block
        .replace(/\s+/g, ' ')
        .replace(/ To see which .*$/, '')
        .trim(),
    );
  const missing: MissingProvider[] = [];
  for (const provider of required) {
    const name = new RegExp(`(^|[\\s/])${provider.source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
    const block = blocks.find((text) => name.test(text));
    if (!block) continue;
    // "... for provider kreuzwerker/docker: <reason>" -> the reason, else the whole block.
    const after = block.slice(block.search(name)).replace(name, '').replace(/^:\s*/, '');
    missing.push({ ...provider, reason: after.trim() || block });
  }
  return missing;
}

/**
 * Where terraform looks for a provider when no `provider_installation` is
 * configured: the implicit local mirror directories (for Linux and macOS, see
 * https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories),
 * then the registry. Each directory with the package path of `provider`.
 */
export function implicitMirrorDirs(provider: RequiredProvider, env: NodeJS.ProcessEnv = process.env): string[] {
  const home = os.homedir();
  const dataHome = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter((dir) => dir !== '');
  const roots = [
    path.join(home, '.terraform.d', 'plugins'),
    path.join(dataHome, 'terraform', 'plugins'),
    ...dataDirs.map((dir) => path.join(dir, 'terraform', 'plugins')),
  ];
  if (process.platform === 'darwin') roots.push(path.join(home, 'Library', 'Application Support', 'io.terraform', 'plugins'));
  return roots.map((root) => path.join(root, DEFAULT_REGISTRY, provider.source, provider.version, platform()));
}

/** Lines that say what is missing and where terraform looked. */
export function describeMissing(missing: readonly MissingProvider[], env: NodeJS.ProcessEnv = process.env): string[] {
  const lines: string[] = [];
  const config = env.TF_CLI_CONFIG_FILE || path.join(os.homedir(), '.terraformrc');
  for (const provider of missing) {
    lines.push(`provider ${provider.source} ${provider.version} is not installable: ${provider.reason}`);
    lines.push(`  terraform looked in the registry ${DEFAULT_REGISTRY} and in the implicit local mirror directories:`);
    for (const dir of implicitMirrorDirs(provider, env)) {
      lines.push(`    ${dir}/ (${existsSync(dir) ? 'present' : 'absent'})`);
    }
  }
  if (existsSync(config)) lines.push(`  (the CLI configuration ${config} may also set provider_installation)`);
  lines.push(
    `to run the suite offline, put terraform-provider-<name>_v<version> into one of these directories (${platform()}),` +
      ' or make the registry reachable',
  );
  return lines;
}

/** The summary line of a run that cannot install its providers. */
export function skipLine(missing: readonly RequiredProvider[]): string {
  const list = missing.map((provider) => `${provider.source} ${provider.version}`).join(', ');
  return `e2e: skipped (provider${missing.length > 1 ? 's' : ''} ${list} not installable)`;
}

function normalizeSource(source: string): string {
  const lower = source.toLowerCase();
  return lower.startsWith(`${DEFAULT_REGISTRY}/`) ? lower.slice(DEFAULT_REGISTRY.length + 1) : lower;
}

/** Terraform's name of this platform, e.g. `linux_amd64`. */
function platform(): string {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch as string] ?? process.arch;
  return `${process.platform}_${arch}`;
}
