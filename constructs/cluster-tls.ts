import { Construct } from 'constructs';
import { ValidationError } from './core/errors';
import { checkInteger } from './core/validation';
import { RoleCertificate, TlsRole } from './core/dask';
import { CertRequest, LocallySignedCert, PrivateKey, SelfSignedCert } from './providers/tls';

/** A certificate authority brought by the user instead of the generated one. */
export interface CertificateAuthority {
  /** CA certificate (PEM). */
  readonly certPem: string;
  /** CA private key (PEM); it stays in Terraform state. */
  readonly keyPem: string;
}

/** Props of {@link ClusterTls}. */
export interface ClusterTlsProps {
  /**
   * Sign with this CA instead of generating one.
   * @default a new ECDSA P-256 CA, valid 5 years, renewed in its last year
   */
  readonly ca?: CertificateAuthority;
  /**
   * Validity of the role certificates, in hours.
   * @default 8760 (one year)
   */
  readonly validityHours?: number;
  /**
   * A `deploy` within this many hours of a role certificate's expiry replaces it.
   * @default 720 (30 days)
   */
  readonly earlyRenewalHours?: number;
  /**
   * Organization written into every certificate subject.
   * @default "dask-cdktf"
   */
  readonly organization?: string;
}

const CA_VALIDITY_HOURS = 5 * 8760;
const CA_EARLY_RENEWAL_HOURS = 8760;

/**
 * The cluster's certificate authority and the per-role certificates for
 * Dask's mutual TLS. Keys are ECDSA P-256, made by the `tls` provider: they
 * live in Terraform state (protect it) and never in outputs or images.
 * Certificates are replaced by a routine `deploy` once they enter their
 * early-renewal window.
 */
export class ClusterTls extends Construct {
  /** CA certificate (PEM) every role trusts. */
  public readonly caPem: string;
  private readonly caKeyPem: string;
  private readonly validityHours: number;
  private readonly earlyRenewalHours: number;
  private readonly organization: string;

  constructor(scope: Construct, id: string, props: ClusterTlsProps = {}) {
    super(scope, id);
    this.validityHours = checkInteger('ClusterTls.validityHours', props.validityHours ?? 8760, 24);
    this.earlyRenewalHours = checkInteger('ClusterTls.earlyRenewalHours', props.earlyRenewalHours ?? 720, 0);
    if (this.earlyRenewalHours >= this.validityHours) {
      throw new ValidationError(
        'ClusterTls.earlyRenewalHours',
        this.earlyRenewalHours,
        `expected less than validityHours (${this.validityHours})`,
      );
    }
    this.organization = props.organization ?? 'dask-cdktf';
    if (props.ca) {
      this.caPem = props.ca.certPem;
      this.caKeyPem = props.ca.keyPem;
      return;
    }
    const key = new PrivateKey(this, 'ca-key', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
    const cert = new SelfSignedCert(this, 'ca', {
      privateKeyPem: key.privateKeyPem,
      isCaCertificate: true,
      setSubjectKeyId: true,
      subject: [{ commonName: `${this.organization} cluster CA`, organization: this.organization }],
      validityPeriodHours: CA_VALIDITY_HOURS,
      earlyRenewalHours: CA_EARLY_RENEWAL_HOURS,
      allowedUses: ['cert_signing', 'crl_signing', 'digital_signature'],
    });
    this.caPem = cert.certPem;
    this.caKeyPem = key.privateKeyPem;
  }

  /**
   * Issues a key and a certificate for one role (`id` must be unique within
   * this construct), valid for server and client authentication under `dnsNames`.
   */
  public issue(id: string, role: TlsRole, dnsNames: string[]): RoleCertificate {
    const scope = new Construct(this, id);
    const key = new PrivateKey(scope, 'key', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
    const request = new CertRequest(scope, 'request', {
      privateKeyPem: key.privateKeyPem,
      subject: [{ commonName: dnsNames[0] ?? id, organization: this.organization, organizationalUnit: role }],
      dnsNames,
    });
    const cert = new LocallySignedCert(scope, 'cert', {
      certRequestPem: request.certRequestPem,
      caCertPem: this.caPem,
      caPrivateKeyPem: this.caKeyPem,
      validityPeriodHours: this.validityHours,
      earlyRenewalHours: this.earlyRenewalHours,
      setSubjectKeyId: true,
      allowedUses: ['digital_signature', 'key_encipherment', 'server_auth', 'client_auth'],
    });
    return { caPem: this.caPem, certPem: cert.certPem, keyPem: key.privateKeyPem };
  }
}
