import { Construct } from 'constructs';
import { checkInteger } from './core/validation';
import { Password } from './providers/random';

/** Props of {@link SecretToken}. */
export interface SecretTokenProps {
  /**
   * Number of characters (letters and digits only, so the token is URL-safe).
   * @default 48
   */
  readonly length?: number;
}

/**
 * A random token (e.g. Jupyter's), generated once by the `random` provider
 * and kept in state: scaling and image updates never change it. Its value is
 * sensitive and only ever reaches sensitive outputs and secret files.
 */
export class SecretToken extends Construct {
  /** The token (a sensitive value). */
  public readonly value: string;

  constructor(scope: Construct, id: string, props: SecretTokenProps = {}) {
    super(scope, id);
    const length = checkInteger('SecretToken.length', props.length ?? 48, 32, 256);
    this.value = new Password(this, 'password', { length, special: false }).result;
  }
}
