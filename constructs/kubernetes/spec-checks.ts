import { ValidationError } from '../core/errors';
import { checkInteger, checkName } from '../core/validation';
import { WorkloadSpec } from '../workload';
import { SECRET_VOLUME, TMP_VOLUME } from './volumes';

/** Secret keys become file names. */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Checks what Kubernetes would refuse only at apply time: names (a Service
 * name starts with a letter), counts, volume names and mount paths that
 * collide with the platform's own, and secret file names.
 */
export function checkWorkloadSpec(spec: WorkloadSpec): void {
  const field = (prop: string) => `${spec.name}.${prop}`;
  checkName('name', spec.name);
  if (spec.addressable && !/^[a-z]/.test(spec.name)) {
    throw new ValidationError('name', spec.name, 'a Service name must start with a letter');
  }
  checkName(field('component'), spec.component);
  checkName(field('instance'), spec.instance);
  checkInteger(field('replicas'), spec.replicas, 0);
  checkInteger(field('resources.gpus'), spec.resources.gpus, 0);
  checkInteger(field('terminationGracePeriodSeconds'), spec.terminationGracePeriodSeconds, 0);
  const names = new Set([TMP_VOLUME, SECRET_VOLUME]);
  const paths = new Set(['/tmp', ...(spec.secretFiles ? [spec.secretFiles.mountPath] : [])]);
  for (const volume of spec.volumes) {
    checkName(field('volumes[].name'), volume.name);
    if (names.has(volume.name)) {
      throw new ValidationError(
        field('volumes[].name'),
        volume.name,
        `volume names must be unique and not "${TMP_VOLUME}" or "${SECRET_VOLUME}"`,
      );
    }
    if (paths.has(volume.mountPath)) throw new ValidationError(field('volumes[].mountPath'), volume.mountPath, 'is already mounted');
    names.add(volume.name);
    paths.add(volume.mountPath);
    if (volume.persistent?.existing !== undefined) checkName(field(`volumes.${volume.name}.existing`), volume.persistent.existing, 253);
  }
  for (const file of Object.keys(spec.secretFiles?.files ?? {})) {
    if (!SECRET_KEY.test(file)) {
      throw new ValidationError(field('secretFiles'), file, 'expected file names of letters, digits, "-", "_" and "."');
    }
  }
}
