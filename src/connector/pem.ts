import { X509Certificate, createPrivateKey } from 'node:crypto';

export type PemKind = 'certificate' | 'private key';

const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,\s*ENCRYPTED/;
const ENCRYPTED_KEY_MESSAGE = 'is an encrypted private key; give the key without a passphrase';

/**
 * Checks PEM text before any connection is tried, so that a pasted certificate with a
 * missing line is reported as a bad field rather than as a TLS failure of the server.
 * Returns a message for the field, or undefined when the material parses. The message
 * never quotes the material.
 */
export function checkPem(pem: string, kind: PemKind): string | undefined {
  if (!pem.includes('-----BEGIN ')) {
    return `must be PEM text starting with -----BEGIN ${kind.toUpperCase()}-----`;
  }

  // OpenSSL 3 reports a missing passphrase as an interrupted operation, so the markers
  // of PKCS#8 and of the traditional (Proc-Type) encrypted formats are looked for first.
  if (kind === 'private key' && ENCRYPTED_KEY.test(pem)) return ENCRYPTED_KEY_MESSAGE;

  try {
    if (kind === 'certificate') {
      for (const block of splitCertificates(pem)) new X509Certificate(block);
    } else {
      createPrivateKey({ key: pem, format: 'pem' });
    }
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (kind === 'private key' && code === 'ERR_MISSING_PASSPHRASE') return ENCRYPTED_KEY_MESSAGE;
    return `is not a valid PEM ${kind}`;
  }
}

/**
 * Checks that a client certificate and key belong together, so a key pasted from another
 * pair is a bad field rather than a refused handshake. Both must already parse.
 */
export function checkKeyPair(certificatePem: string, keyPem: string): string | undefined {
  try {
    const certificate = new X509Certificate(splitCertificates(certificatePem)[0] ?? '');
    const key = createPrivateKey({ key: keyPem, format: 'pem' });
    return certificate.checkPrivateKey(key) ? undefined : 'does not belong to extra.ssl_cert';
  } catch {
    return 'does not belong to extra.ssl_cert';
  }
}

/** A CA bundle holds several certificates; each must parse on its own. */
function splitCertificates(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  return blocks ?? [pem];
}
