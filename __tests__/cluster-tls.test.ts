import { Testing, TerraformStack } from 'cdktf';
import { ClusterTls } from '../constructs';
import { synthDockerCluster } from './fixtures';
import { resourcesOf, synthStack } from './helpers';

describe('ClusterTls', () => {
  it('signs role certificates with a generated ECDSA CA', () => {
    const synth = synthStack((stack) => new ClusterTls(stack, 'tls').issue('scheduler', 'scheduler', ['dask-scheduler', 'localhost']));
    const keys = Object.values(resourcesOf(synth, 'tls_private_key'));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatchObject({ algorithm: 'ECDSA', ecdsa_curve: 'P256' });
    const ca = Object.values(resourcesOf(synth, 'tls_self_signed_cert'))[0];
    expect(ca).toMatchObject({ is_ca_certificate: true, set_subject_key_id: true, allowed_uses: expect.arrayContaining(['cert_signing']) });
    const cert = Object.values(resourcesOf(synth, 'tls_locally_signed_cert'))[0];
    expect(cert.ca_cert_pem).toMatch(/^\$\{tls_self_signed_cert\..*\.cert_pem\}$/);
    expect(cert.ca_private_key_pem).toMatch(/^\$\{tls_private_key\..*\.private_key_pem\}$/);
    const request = Object.values(resourcesOf(synth, 'tls_cert_request'))[0];
    expect(request).toMatchObject({
      dns_names: ['dask-scheduler', 'localhost'],
      subject: [expect.objectContaining({ common_name: 'dask-scheduler', organizational_unit: 'scheduler' })],
    });
  });

  it('renews role certificates a month before they expire, and the CA a year before', () => {
    const synth = synthStack((stack) => new ClusterTls(stack, 'tls').issue('worker', 'worker', ['w']));
    expect(Object.values(resourcesOf(synth, 'tls_locally_signed_cert'))[0]).toMatchObject({
      validity_period_hours: 8760,
      early_renewal_hours: 720,
    });
    expect(Object.values(resourcesOf(synth, 'tls_self_signed_cert'))[0]).toMatchObject({
      validity_period_hours: 43800,
      early_renewal_hours: 8760,
    });
  });

  it('signs with a CA the user brings, generating none', () => {
    const synth = synthDockerCluster({ certificateAuthority: { certPem: 'CA-CERT-PEM', keyPem: 'CA-KEY-PEM' } });
    expect(Object.keys(resourcesOf(synth, 'tls_self_signed_cert'))).toHaveLength(0);
    for (const cert of Object.values(resourcesOf(synth, 'tls_locally_signed_cert'))) {
      expect(cert).toMatchObject({ ca_cert_pem: 'CA-CERT-PEM', ca_private_key_pem: 'CA-KEY-PEM' });
    }
    const seeds = Object.values(resourcesOf(synth, 'docker_container')).filter((c) => c.start === false);
    for (const seed of seeds) {
      expect(seed.upload).toEqual(
        expect.arrayContaining([expect.objectContaining({ file: '/etc/dask/tls/ca.crt', content: 'CA-CERT-PEM' })]),
      );
    }
  });

  it.each([
    [{ validityHours: 1 }, 'ClusterTls.validityHours: invalid value 1: expected an integer >= 24'],
    [{ earlyRenewalHours: -1 }, 'ClusterTls.earlyRenewalHours: invalid value -1'],
    [
      { validityHours: 100, earlyRenewalHours: 100 },
      'ClusterTls.earlyRenewalHours: invalid value 100: expected less than validityHours (100)',
    ],
  ])('refuses %j', (props, message) => {
    expect(() => new ClusterTls(new TerraformStack(Testing.app(), 'test'), 'tls', props)).toThrow(message);
  });

  it('refuses a CA together with tls: false', () => {
    expect(() => synthDockerCluster({ tls: false, certificateAuthority: { certPem: 'x', keyPem: 'y' } })).toThrow(
      'DaskCluster.certificateAuthority: invalid value "<given>": cannot be combined with `tls: false`',
    );
  });
});
