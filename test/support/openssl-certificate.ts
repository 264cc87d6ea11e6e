// Certificates made by the `openssl` command at test time, for the simulated CUCM's TLS listeners (issue 12: "TLS
// listeners on loopback with certificates made by openssl"). `openssl req`/`x509` of OpenSSL 3.0 take only a day
// count; `openssl ca` takes exact -startdate/-enddate, so every certificate, self-signed too, is issued by `ca`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslCertificate {
  /** PEM certificate and PKCS#8 PEM key, as tls.createServer takes them. */
  cert: string;
  key: string;
  keyType: 'RSA' | 'EC';
  serialHex: string;
  notAfter: Date;
}

export interface OpensslCertificateOptions {
  /** The subject as `/CN=x/O=y`. */
  subject: string;
  keyType: 'RSA' | 'EC';
  notBefore: Date;
  notAfter: Date;
  /** Hex serial. */
  serialHex: string;
  /** Signed by this CA; self-signed when absent. */
  issuer?: OpensslCertificate;
  isCa?: boolean;
  /** A PEM key of `keyType` to certify instead of a new one (RSA generation is the slow part of a certificate). */
  key?: string;
}

/** True when an `openssl` binary answers (the simulated CUCM's tests are skipped without one). */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const CONFIG = `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = ./index.txt
new_certs_dir = ./issued
serial = ./serial
default_md = sha256
policy = any_name
unique_subject = no
[ any_name ]
commonName = supplied
organizationalUnitName = optional
organizationName = optional
localityName = optional
stateOrProvinceName = optional
countryName = optional
[ ca_extensions ]
basicConstraints = critical,CA:true
keyUsage = keyCertSign,cRLSign
[ leaf_extensions ]
basicConstraints = CA:false
keyUsage = digitalSignature,keyEncipherment,keyAgreement
extendedKeyUsage = serverAuth,clientAuth
`;

/** `openssl ca` wants its dates as YYYYMMDDHHMMSSZ. */
const caDate = (at: Date) => `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

export function opensslCertificate(options: OpensslCertificateOptions): OpensslCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'certwatch-openssl-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    mkdirSync(join(dir, 'issued'));
    writeFileSync(join(dir, 'openssl.cnf'), CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), `${options.serialHex.length % 2 ? '0' : ''}${options.serialHex}\n`);
    if (options.key !== undefined) writeFileSync(join(dir, 'key.pem'), options.key);
    else if (options.keyType === 'RSA')
      run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'key.pem');
    else run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'key.pem');
    run('req', '-new', '-key', 'key.pem', '-subj', options.subject, '-out', 'request.csr');
    const signer = options.issuer
      ? (writeFileSync(join(dir, 'issuer.pem'), options.issuer.cert),
        writeFileSync(join(dir, 'issuer.key'), options.issuer.key),
        ['-cert', 'issuer.pem', '-keyfile', 'issuer.key'])
      : ['-selfsign', '-keyfile', 'key.pem'];
    run(
      'ca', '-batch', '-config', 'openssl.cnf', ...signer, '-in', 'request.csr', '-out', 'cert.pem', '-notext',
      '-startdate', caDate(options.notBefore), '-enddate', caDate(options.notAfter),
      '-extensions', options.isCa ? 'ca_extensions' : 'leaf_extensions',
    );
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      keyType: options.keyType,
      serialHex: options.serialHex.toLowerCase().replace(/^0+/, ''),
      notAfter: options.notAfter,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
