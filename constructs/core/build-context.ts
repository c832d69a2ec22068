import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import ignore from '@balena/dockerignore';

/**
 * Hash of what `docker build` sends of `dir`: the Dockerfile (always sent) and
 * every file its `.dockerignore` admits, each with its relative path, its
 * executable bit and its content. A file the build never sees (the image's
 * README, `requirements.in`, an editor's backup) leaves the hash unchanged, so
 * changing it does not rebuild the image and replace every container.
 */
export function buildContextHash(dir: string): string {
  const dockerignore = path.join(dir, '.dockerignore');
  const rules = existsSync(dockerignore) ? readFileSync(dockerignore, 'utf8').split(/\r?\n/) : [];
  const admitted = ignore().add(rules).createFilter();
  const files = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file === 'Dockerfile' || admitted(file))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const full = path.join(dir, file);
    const stat = statSync(full);
    if (!stat.isFile()) continue;
    const content = createHash('sha256').update(readFileSync(full)).digest('hex');
    hash.update(`${file}\0${stat.mode & 0o111 ? 'x' : '-'}\0${content}\n`);
  }
  return hash.digest('hex');
}
