// The only module that imports the TLS provider bindings (deep imports).
export { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
export { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
export { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
export { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
export { TlsProvider } from '@cdktf/provider-tls/lib/provider';
