import { X509Certificate, createPrivateKey } from 'node:crypto';

export type PemKind = 'certificate' | 'private key';

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

  try {
    if (kind === 'certificate') {
      for (const block of splitCertificates(pem)) new X509Certificate(block);
    } else {
      createPrivateKey({ key: pem, format: 'pem' });
    }
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (kind === 'private key' && code === 'ERR_MISSING_PASSPHRASE') {
      return 'is an encrypted private key; give the key without a passphrase';
    }
    return `is not a valid PEM ${kind}`;
  }
}

/** A CA bundle holds several certificates; each must parse on its own. */
function splitCertificates(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  return blocks ?? [pem];
}
