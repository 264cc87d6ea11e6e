// A TLS handshake that reads the peer's certificate and nothing else: no verification (see http-get.ts; a date is
// read, nothing is trusted), no application data, close. The certificate's exact not-after becomes a
// DiscoveredCertificate of the unit the service presents (tls-units.ts).
import { connect, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { commonName, readCertificate } from '../certificate-fields.js';
import type { DiscoveredFacts } from '../facts-schema.js';
import { certificateFileOf, nodeFromSubjectCn } from '../units.js';
import { failed, failureOf, type ProbeOutcome } from './outcome.js';
import type { ProbeTarget } from './tftp-probe.js';
import { unitOfService, type TlsOffer, type TlsService } from './tls-units.js';

// TLS 1.3 suites carry no key type: the signature algorithms choose the certificate there; for TLS 1.2 the cipher
// suites' authentication does. An offer limited to one key type gets that certificate or no handshake.
const TLS13_SUITES = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';
const OFFERS: Readonly<Record<Exclude<TlsOffer, 'any'>, { sigalgs: string; ciphers: string }>> = {
  rsa: {
    sigalgs:
      'rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:rsa_pkcs1_sha256:rsa_pkcs1_sha384:rsa_pkcs1_sha512',
    ciphers: `${TLS13_SUITES}:aRSA`,
  },
  ecdsa: {
    sigalgs: 'ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384:ecdsa_secp521r1_sha512',
    ciphers: `${TLS13_SUITES}:aECDSA`,
  },
};

/** OpenSSL's alerts of a service that wants a client certificate we do not have. */
const CLIENT_CERTIFICATE_WANTED = /CERTIFICATE_REQUIRED|certificate required|BAD_CERTIFICATE|bad certificate/i;

function peerCertificate(socket: TLSSocket): Buffer | null {
  try {
    const raw = socket.getPeerCertificate(false)?.raw;
    return raw && raw.length > 0 ? raw : null;
  } catch {
    return null;
  }
}

function factsOf(der: Buffer, target: ProbeTarget, service: TlsService, offer: TlsOffer): ProbeOutcome {
  const read = readCertificate(der);
  if (!read.ok) return failed(read.reason, `${target.host}:${target.port}: ${read.detail}`);
  const unit = unitOfService(service, read.fields.keyType);
  const source = { kind: 'tls-probe' as const, detail: `${target.host}:${target.port} (${service}, ${offer} offer)` };
  const facts: DiscoveredFacts = {
    certificates: [{
      node: nodeFromSubjectCn(unit, commonName(read.fields.subject)) ?? target.host,
      unit, function: unit, certificate: certificateFileOf(unit), ...read.fields, source,
    }],
    // How the unit is signed, as `show cert list own` would say: a certificate that names itself as issuer is
    // self-signed. The plan needs it to choose between regenerating and a CSR.
    state: [
      {
        kind: 'signing',
        value: {
          unit: unit.toLowerCase(),
          signing: read.fields.subject === read.fields.issuer ? 'self-signed' : 'ca-signed',
        },
        source,
        note: 'issuer = subject: self-signed; else signed by a CA (a multi-server SAN certificate also reads as CA-signed)',
      },
    ],
    unread: [],
  };
  return { ok: true, facts, detail: `${unit} ${read.fields.serial} until ${read.fields.notAfter}` };
}

export function probeTls(target: ProbeTarget, service: TlsService, offer: TlsOffer): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const socket = connect({
      host: target.host,
      port: target.port,
      // SNI only with a name (an address is not allowed there); the service may choose its certificate by it.
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      rejectUnauthorized: false,
      ...(offer === 'any' ? {} : OFFERS[offer]),
    });
    const timer = setTimeout(
      () => finish(failed('timeout', `no handshake with ${target.host}:${target.port} within ${target.timeoutMs} ms`)),
      target.timeoutMs,
    );
    socket.once('secureConnect', () => {
      // In TLS 1.3 the handshake completes on our side before the service checks a client certificate: ours is none,
      // and the service's own certificate has already arrived.
      const der = peerCertificate(socket);
      finish(
        der === null
          ? failed('no-certificate', `${target.host}:${target.port} sent no certificate`)
          : factsOf(der, target, service, offer),
      );
    });
    socket.once('error', (error) => {
      // TLS 1.2 sends the service's certificate before its request for ours: it may still be on the socket.
      const der = peerCertificate(socket);
      if (der !== null) {
        finish(factsOf(der, target, service, offer));
        return;
      }
      const failure = failureOf(error);
      if (failure.reason === 'handshake-failed' && CLIENT_CERTIFICATE_WANTED.test(failure.detail)) {
        finish(
          failed(
            'not-readable-by-probe',
            `${target.host}:${target.port} asks for a client certificate: ${failure.detail}`,
          ),
        );
        return;
      }
      finish(failed(failure.reason, `${target.host}:${target.port}: ${failure.detail}`));
    });
    socket.once('close', () => finish(failed('reset', `${target.host}:${target.port} closed before the handshake`)));
  });
}
