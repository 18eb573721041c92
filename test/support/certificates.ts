import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import forge from 'node-forge';

/** A certificate and its private key, both as PEM text. */
export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface LeafOptions {
  commonName: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  /** `server` for a TLS server, `client` for a client certificate. */
  usage: 'server' | 'client';
}

/** A certificate authority made for one test run, able to sign leaf certificates. */
export interface TestCertificateAuthority extends PemPair {
  issue(options: LeafOptions): PemPair;
}

const VALID_DAYS = 2;

/**
 * Creates a self-signed CA. Keys come from node:crypto (forge's own RSA key generation
 * is pure JavaScript and slow on a shared machine); forge builds and signs the X.509.
 */
export function createCertificateAuthority(commonName: string): TestCertificateAuthority {
  const caKeys = rsaKeyPair();
  const subject = [{ name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Sourcegate tests' }];
  const caCert = newCertificate(caKeys.publicKey, subject, subject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    certPem: forge.pki.certificateToPem(caCert),
    keyPem: forge.pki.privateKeyToPem(caKeys.privateKey),
    issue(options) {
      const leafKeys = rsaKeyPair();
      const leaf = newCertificate(leafKeys.publicKey,
        [{ name: 'commonName', value: options.commonName }], caCert.subject.attributes);
      leaf.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: options.usage === 'server',
          clientAuth: options.usage === 'client' },
        { name: 'subjectAltName', altNames: [
          ...(options.dnsNames ?? []).map((value) => ({ type: 2, value })),
          ...(options.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
        ] },
      ]);
      leaf.sign(caKeys.privateKey, forge.md.sha256.create());
      return {
        certPem: forge.pki.certificateToPem(leaf),
        keyPem: forge.pki.privateKeyToPem(leafKeys.privateKey),
      };
    },
  };
}

/**
 * Writes files a PostgreSQL server started by startEmbeddedPostgres can read. As root,
 * that server runs as the `postgres` user, and PostgreSQL refuses a key file that others
 * may read, so every file goes to that user with mode 0600 in a folder it may enter.
 * Returns the folder.
 */
export async function writeServerFiles(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'sourcegate-tls-'));
  await chmod(folder, 0o755);
  const owner = userInfo().uid === 0 ? postgresUser() : undefined;

  for (const [name, text] of Object.entries(files)) {
    const path = join(folder, name);
    await writeFile(path, text, { mode: 0o600 });
    if (owner) await chown(path, owner.uid, owner.gid);
  }
  return folder;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

function rsaKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
  };
}

function newCertificate(publicKey: forge.pki.PublicKey, subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[]): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  // A positive serial: the high bit clear, as RFC 5280 4.1.2.2 asks.
  certificate.serialNumber = `01${randomBytes(15).toString('hex')}`;
  certificate.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  certificate.validity.notAfter = new Date(Date.now() + VALID_DAYS * 24 * 60 * 60 * 1000);
  certificate.setSubject(subject);
  certificate.setIssuer(issuer);
  return certificate;
}
