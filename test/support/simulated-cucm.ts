// A simulated CUCM cluster on loopback for the discovery probes (issue 12, "How to test it without a CUCM"). Each node
// has its own loopback address (127.0.0.x) and all nodes listen on the same ports, as a real cluster does: the TFTP
// HTTP service with ITL/CTL files written by tlv-builder.ts, HTTPS (UDS answers shaped like the UDS developer guide's
// examples, served with the tomcat certificate(s)), and TLS listeners for CallManager, CAPF, TVS and IM&P's XMPP. A
// listener given RSA and ECDSA pairs answers an ECDSA-only offer with the ECDSA one. CallManager, TVS and CAPF present
// the very certificates the ITL lists; tomcat and the IM&P units have certificates made by `openssl` at test time.
// Every accepted connection is counted per local address, so a test can prove which addresses were contacted.
import { X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { createServer as createTlsServer, type SecureContextOptions } from 'node:tls';
import { opensslCertificate, type OpensslCertificate } from './openssl-certificate.js';
import { ctlFile, itlFile, simulatedCluster, type SimulatedCluster } from './tlv-builder.js';
import type { TestCertificate } from './certificate-builder.js';
import { freePort } from './free-port.js';

export type SimulatedService = 'tftp' | 'https' | 'callmanager' | 'capf' | 'tvs' | 'xmpp-client' | 'xmpp-server';

export interface KeyPair {
  cert: string;
  key: string;
}

export interface SimulatedNode {
  name: string;
  address: string;
  role: 'cucm' | 'imp';
  /** Listed by UDS `servers` (CUCM nodes only, as on a real cluster). */
  inUds: boolean;
  /** TLS material per service (HTTPS is the tomcat pairs); a service without pairs does not listen on this node. */
  pairs: Partial<Record<Exclude<SimulatedService, 'tftp'>, KeyPair[]>>;
  /** Files the node's TFTP serves; a node without them runs no TFTP (refused). A null CTL answers 404. */
  files?: { itl: Buffer; ctl: Buffer | null };
  /** The node's own certificates that a probe can read (served over TLS, or carried by the ITL), as `show cert list
   * own` and `show cert own` print them on this node: the same set both ways, so pasted output can be compared. */
  own: OwnCertificate[];
}

export interface OwnCertificate {
  /** CUCM's unit name (`show cert own <unit>/<unit>.pem`). */
  unit: string;
  pem: string;
  signing: 'self-signed' | 'ca-signed';
}

/** What a correct discovery reads, for the tests to compare with. */
export interface Expected {
  version: string;
  securityMode: 'mixed' | 'non-secure' | 'stale-ctl';
  ctlSigner: 'tokenless' | 'etoken' | null;
  itlSigner: 'callmanager' | 'itlrecovery';
  /** Every certificate a full discovery must find: node (the CN's host; CAPF's address) and unit, exact not-after. */
  certificates: { node: string; unit: string; notAfter: string }[];
}

export interface Scenario {
  name: string;
  nodes: SimulatedNode[];
  /** The addresses to give the discovery block (the rest must be learned from UDS). */
  seeds: string[];
  expected: Expected;
  version: string;
}

export type DiscoveryPorts = {
  tftp: number;
  uds: number;
  tomcat: number;
  callManager: number[];
  capf: number;
  tvs: number;
  xmppClient: number;
  xmppServer: number;
};

export interface RunningCucm {
  ports: DiscoveryPorts;
  /** Accepted connections per local address (all services). */
  connections: Map<string, number>;
  close(): Promise<void>;
}

// --- Certificates --------------------------------------------------------------------------------------------------

const pemKey = (certificate: TestCertificate) =>
  certificate.key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pairOf = (certificate: TestCertificate): KeyPair => ({ cert: certificate.pem, key: pemKey(certificate) });
const opensslPair = (certificate: OpensslCertificate): KeyPair => ({ cert: certificate.cert, key: certificate.key });
const iso = (at: Date) => at.toISOString();
const DAY_MS = 86_400_000;

let issuingCa: OpensslCertificate | undefined;
function exampleIssuingCa(): OpensslCertificate {
  issuingCa ??= opensslCertificate({
    subject: '/CN=Example Issuing CA/O=Example', keyType: 'RSA', serialHex: '01', isCa: true,
    notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z'),
  });
  return issuingCa;
}

let serial = 0x1000;
/** One key per type for every unit's certificate (as certificate-builder's testKey): the probes read certificates, not
 * keys. */
const unitKeys = new Map<'RSA' | 'EC', string>();
function opensslUnit(
  cn: string,
  keyType: 'RSA' | 'EC',
  notAfter: Date,
  signing: 'self-signed' | 'ca-signed',
): OpensslCertificate {
  serial += 1;
  const key = unitKeys.get(keyType);
  const made = opensslCertificate({
    subject: `/CN=${cn}/OU=UC/O=Example`,
    keyType,
    notAfter,
    notBefore: new Date(notAfter.getTime() - 2 * 365 * DAY_MS),
    serialHex: serial.toString(16),
    ...(signing === 'ca-signed' ? { issuer: exampleIssuingCa() } : {}),
    ...(key === undefined ? {} : { key }),
  });
  unitKeys.set(keyType, made.key);
  return made;
}

// --- Scenarios -----------------------------------------------------------------------------------------------------

interface ScenarioSpec {
  name: string;
  version: string;
  cucm: { name: string; address: string }[];
  imp?: { name: string; address: string };
  cluster: SimulatedCluster;
  itlSigner: 'itlrecovery' | 'callmanager';
  ctl: Buffer | null;
  securityMode: Expected['securityMode'];
  ctlSigner: Expected['ctlSigner'];
  tomcat: { signing: 'self-signed' | 'ca-signed'; notAfter: Date; ecdsaNotAfter?: Date };
}

function build(spec: ScenarioSpec): Scenario {
  const certificates: Expected['certificates'] = [];
  const expect = (node: string, unit: string, notAfter: Date) =>
    certificates.push({ node, unit, notAfter: iso(notAfter) });
  const publisher = spec.cucm[0]?.name;
  const itl = itlFile(spec.cluster, spec.itlSigner);
  const nodes: SimulatedNode[] = spec.cucm.map(({ name, address }) => {
    const units = spec.cluster.certificates.get(name) ?? {};
    const tomcat = [opensslUnit(name, 'RSA', spec.tomcat.notAfter, spec.tomcat.signing)];
    expect(name, 'tomcat', spec.tomcat.notAfter);
    if (spec.tomcat.ecdsaNotAfter) {
      tomcat.push(opensslUnit(`${name}-EC`, 'EC', spec.tomcat.ecdsaNotAfter, 'self-signed'));
      expect(name, 'tomcat-ECDSA', spec.tomcat.ecdsaNotAfter);
    }
    const callManager = [units.CallManager, units['CallManager-ECDSA']].filter(
      (c): c is TestCertificate => c !== undefined,
    );
    const own: OwnCertificate[] = tomcat.map((c, i) => ({
      unit: i === 0 ? 'tomcat' : 'tomcat-ECDSA',
      pem: c.cert,
      signing: i === 0 ? spec.tomcat.signing : 'self-signed',
    }));
    for (const [unit, certificate] of Object.entries(units)) {
      // CAPF is served by the publisher only; the ITL carries the publisher's ITLRecovery only.
      if ((unit === 'CAPF' || unit === 'ITLRecovery') && name !== publisher) continue;
      // Read back from the certificate itself: the builder fixed its date.
      // CAPF's CN (`CAPF-<hex>`) names no node: the TLS probe knows it by the address it reached.
      expect(unit === 'CAPF' ? address : name, unit, new Date(new X509Certificate(certificate.der).validTo));
      own.push({ unit, pem: certificate.pem, signing: 'self-signed' });
    }
    return {
      name, address, role: 'cucm', inUds: true,
      pairs: {
        https: tomcat.map(opensslPair), callmanager: callManager.map(pairOf),
        tvs: units.TVS ? [pairOf(units.TVS)] : [],
        ...(name === publisher && units.CAPF ? { capf: [pairOf(units.CAPF)] } : {}),
      },
      files: { itl, ctl: spec.ctl }, own,
    };
  });
  if (spec.imp) {
    const { name, address } = spec.imp;
    const after = spec.tomcat.notAfter;
    const tomcat = opensslUnit(name, 'RSA', after, spec.tomcat.signing);
    const xmpp = opensslUnit(name, 'RSA', new Date(after.getTime() + 30 * DAY_MS), 'self-signed');
    const s2s = opensslUnit(name, 'RSA', new Date(after.getTime() + 60 * DAY_MS), 'ca-signed');
    certificates.push(
      { node: name, unit: 'tomcat', notAfter: iso(after) },
      { node: name, unit: 'cup-xmpp', notAfter: iso(xmpp.notAfter) },
      { node: name, unit: 'cup-xmpp-s2s', notAfter: iso(s2s.notAfter) },
    );
    nodes.push({
      name,
      address,
      role: 'imp',
      inUds: false,
      pairs: { https: [opensslPair(tomcat)], 'xmpp-client': [opensslPair(xmpp)], 'xmpp-server': [opensslPair(s2s)] },
      own: [
        { unit: 'tomcat', pem: tomcat.cert, signing: spec.tomcat.signing },
        { unit: 'cup-xmpp', pem: xmpp.cert, signing: 'self-signed' },
        { unit: 'cup-xmpp-s2s', pem: s2s.cert, signing: 'ca-signed' },
      ],
    });
  }
  return {
    name: spec.name, nodes, version: spec.version,
    // The publisher, and the IM&P node (UDS lists CUCM nodes only); the subscribers are learned from UDS.
    seeds: [spec.cucm[0]?.address ?? '127.0.0.1', ...(spec.imp ? [spec.imp.address] : [])],
    expected: {
      version: spec.version,
      securityMode: spec.securityMode,
      ctlSigner: spec.ctlSigner,
      itlSigner: spec.itlSigner,
      certificates,
    },
  };
}

/** Each scenario's nodes on a loopback subnet of their own (127.0.<subnet>.x): several clusters can run at once. */
const NODES = (subnet: number, ...names: string[]) =>
  names.map((name, i) => ({ name, address: `127.0.${subnet}.${i + 1}` }));

/** 12.5, mixed mode, tokenless CTL (signed by ITLRecovery), CA-signed tomcat, an IM&P node. */
export function tokenless125(): Scenario {
  const cluster = simulatedCluster({
    nodes: ['cucm-pub', 'cucm-sub1'],
    notAfter: { CallManager: new Date('2027-05-01T08:00:00Z'), TVS: new Date('2026-11-20T10:30:00Z') },
  });
  return build({
    name: 'tokenless 12.5 mixed',
    version: '12.5.1',
    cucm: NODES(0, 'cucm-pub', 'cucm-sub1'),
    imp: { name: 'imp-pub', address: '127.0.0.3' },
    cluster,
    itlSigner: 'itlrecovery',
    ctl: ctlFile(cluster, 'tokenless-itlrecovery'),
    securityMode: 'mixed',
    ctlSigner: 'tokenless',
    tomcat: { signing: 'ca-signed', notAfter: new Date('2026-12-24T12:00:00Z') },
  });
}

/**
 * The scenarios' dates as written, or (given `now`) moved by the same amount so that `now` stands where `asOf` stood:
 * the end-to-end tests run against the service's real clock and need the same certificates inside and beyond the
 * reminder ladder whatever the day.
 */
function datesAsOf(asOf: string, now: Date | undefined): (iso: string) => Date {
  // Whole seconds: an X.509 date has no milliseconds.
  const shift = now === undefined ? 0 : Math.floor((now.getTime() - Date.parse(asOf)) / 1000) * 1000;
  return (text) => new Date(Date.parse(text) + shift);
}

/**
 * 11.5, mixed mode, CTL signed by an eToken, ITL signed by the TFTP node's CallManager key, self-signed tomcat. As of
 * 2026-06-01 only CAPF (75 days) is inside the 90-day ladder.
 */
export function etoken115(now?: Date): Scenario {
  const at = datesAsOf('2026-06-01T00:00:00Z', now);
  const cluster = simulatedCluster({
    nodes: ['cucm115-pub', 'cucm115-sub1'],
    notBefore: at('2022-09-01T10:00:00Z'),
    notAfter: { CAPF: at('2026-08-15T00:00:00Z') },
  });
  return build({
    name: 'eToken 11.5 mixed', version: '11.5.1', cucm: NODES(11, 'cucm115-pub', 'cucm115-sub1'),
    cluster, itlSigner: 'callmanager', ctl: ctlFile(cluster, 'etoken'), securityMode: 'mixed', ctlSigner: 'etoken',
    tomcat: { signing: 'self-signed', notAfter: at('2027-02-02T02:02:02Z') },
  });
}

/**
 * 14, non-secure, still serving the CTL of an older generation of its certificates; ECDSA units present. As of
 * 2026-01-15 CallManager, CallManager-ECDSA, TVS and CAPF (all about 45 days) are inside the ladder, tomcat is not.
 */
export function nonSecure14StaleCtl(now?: Date): Scenario {
  const at = datesAsOf('2026-01-15T00:00:00Z', now);
  const cluster = simulatedCluster({
    nodes: ['cucm14-pub', 'cucm14-sub1'],
    ecdsa: true,
    generation: 2,
    notBefore: at('2021-03-01T10:00:00Z'),
  });
  const old = simulatedCluster({
    nodes: ['cucm14-pub', 'cucm14-sub1'],
    ecdsa: true,
    generation: 1,
    notBefore: at('2016-03-01T10:00:00Z'),
  });
  return build({
    name: 'non-secure 14 with a stale CTL',
    version: '14.0.1',
    cucm: NODES(14, 'cucm14-pub', 'cucm14-sub1'),
    cluster,
    itlSigner: 'itlrecovery',
    ctl: ctlFile(old, 'tokenless-itlrecovery'),
    securityMode: 'stale-ctl',
    ctlSigner: null,
    tomcat: { signing: 'self-signed', notAfter: at('2028-01-01T00:00:00Z'), ecdsaNotAfter: at('2028-06-30T23:59:59Z') },
  });
}

/**
 * 15, non-secure (no CTL: 404), RSA and ECDSA tomcat and CallManager on the same listeners. As of 2027-01-15 tomcat
 * (47 days) and tomcat-ECDSA (79 days) are inside the ladder; CallManager, CallManager-ECDSA, TVS and CAPF are not.
 */
export function ecdsa15(now?: Date): Scenario {
  const at = datesAsOf('2027-01-15T00:00:00Z', now);
  const cluster = simulatedCluster({
    nodes: ['cucm15-pub', 'cucm15-sub1', 'cucm15-sub2'],
    ecdsa: true,
    notBefore: at('2023-01-01T10:00:00Z'),
    notAfter: { 'CallManager-ECDSA': at('2029-09-09T09:09:09Z') },
  });
  return build({
    name: '15 with ECDSA', version: '15.0.1', cucm: NODES(15, 'cucm15-pub', 'cucm15-sub1', 'cucm15-sub2'),
    cluster, itlSigner: 'itlrecovery', ctl: null, securityMode: 'non-secure', ctlSigner: null,
    tomcat: { signing: 'ca-signed', notAfter: at('2027-03-03T03:03:03Z'), ecdsaNotAfter: at('2027-04-04T04:04:04Z') },
  });
}

/** TVS expires 12 days after `now`, CallManager 40 days after; mixed, tokenless. */
export function tvsSoon(now: Date): Scenario {
  const tvs = new Date(now.getTime() + 12 * DAY_MS);
  const callManager = new Date(now.getTime() + 40 * DAY_MS);
  const cluster = simulatedCluster({
    nodes: ['cucm-soon-pub', 'cucm-soon-sub1'],
    notBefore: new Date(now.getTime() - 1800 * DAY_MS),
    notAfter: { TVS: tvs, CallManager: callManager },
  });
  return build({
    name: 'TVS in 12 days, CallManager in 40',
    version: '12.5.1',
    cucm: NODES(0, 'cucm-soon-pub', 'cucm-soon-sub1'),
    cluster,
    itlSigner: 'itlrecovery',
    ctl: ctlFile(cluster, 'tokenless-itlrecovery'),
    securityMode: 'mixed',
    ctlSigner: 'tokenless',
    tomcat: { signing: 'self-signed', notAfter: new Date(now.getTime() + 400 * DAY_MS) },
  });
}

// --- Servers -------------------------------------------------------------------------------------------------------

/** UDS answers in the layout of the developer guide's examples (test/fixtures/discovery/uds/). */
export function udsVersionXml(version: string, host: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?> <versionInformation uri= "https://${host}/cucm-uds/version" version= "${version}" > <version> ${version} </version> </versionInformation>`;
}

export function udsServersXml(version: string, host: string, servers: readonly string[]): string {
  return `<servers version= "${version}" uri= "https:://${host}:8443/cucm-uds/servers" > ${servers.map((s) => `<server> ${s} </server>`).join(' ')} </servers>`;
}

function tftpServer(files: NonNullable<SimulatedNode['files']>): HttpServer {
  return createHttpServer((request, response) => {
    const body = request.url === '/ITLFile.tlv' ? files.itl : request.url === '/CTLFile.tlv' ? files.ctl : null;
    if (body === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
}

function tlsMaterial(pairs: readonly KeyPair[]): SecureContextOptions {
  return { cert: pairs.map((p) => p.cert), key: pairs.map((p) => p.key) };
}

function httpsServer(scenario: Scenario, node: SimulatedNode, pairs: readonly KeyPair[]): Server {
  const servers = scenario.nodes.filter((n) => n.inUds).map((n) => n.address);
  return createHttpsServer(tlsMaterial(pairs), (request, response) => {
    if (node.role === 'cucm' && request.url === '/cucm-uds/version') {
      response.end(udsVersionXml(scenario.version, node.address));
    }
    else if (node.role === 'cucm' && request.url === '/cucm-uds/servers')
      response.end(udsServersXml(scenario.version, node.address, servers));
    else response.writeHead(404).end();
  });
}

/** A TLS service that completes handshakes and sends nothing (the probe sends nothing either). */
function tlsServer(pairs: readonly KeyPair[]): Server {
  return createTlsServer(tlsMaterial(pairs), (socket) => socket.on('error', () => undefined));
}

function listen(server: Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, address, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const close = (server: Server) => new Promise<void>((resolve) => {
  server.close(() => resolve());
  (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
});

/**
 * Starts every node's services. Each service gets one port for all nodes: the first node binds port 0, the others
 * that port on their own address (a port another process holds there makes the service start over on a new one).
 */
export async function startSimulatedCucm(
  scenario: Scenario,
  extraNodes: readonly SimulatedNode[] = [],
): Promise<RunningCucm> {
  const connections = new Map<string, number>();
  const running: Server[] = [];
  const ports: Partial<Record<SimulatedService, number>> = {};
  const all = [...scenario.nodes, ...extraNodes];
  const services: SimulatedService[] = ['tftp', 'https', 'callmanager', 'capf', 'tvs', 'xmpp-client', 'xmpp-server'];
  for (const service of services) {
    const makers = all.flatMap((node): { node: SimulatedNode; make: () => Server }[] => {
      if (service === 'tftp') {
        return node.files ? [{ node, make: () => tftpServer(node.files as NonNullable<SimulatedNode['files']>) }] : [];
      }
      const pairs = node.pairs[service] ?? [];
      if (pairs.length === 0) return [];
      return [{ node, make: () => (service === 'https' ? httpsServer(scenario, node, pairs) : tlsServer(pairs)) }];
    });
    for (let attempt = 0; ; attempt += 1) {
      const started: Server[] = [];
      try {
        let port = 0;
        for (const { node, make } of makers) {
          const server = make();
          server.on('connection', (socket) => {
            connections.set(node.address, (connections.get(node.address) ?? 0) + 1);
            socket.on('error', () => undefined);
          });
          port = await listen(server, node.address, port);
          started.push(server);
        }
        // A service no node runs still needs a port where nothing listens (refused).
        ports[service] = port === 0 ? await freePort('tcp', '127.0.0.1') : port;
        running.push(...started);
        break;
      } catch (error) {
        await Promise.all(started.map(close));
        if (attempt >= 5) throw error;
      }
    }
  }
  const port = (service: SimulatedService) => ports[service] ?? 0;
  const result: DiscoveryPorts = {
    tftp: port('tftp'),
    uds: port('https'),
    tomcat: port('https'),
    callManager: [port('callmanager')],
    capf: port('capf'),
    tvs: port('tvs'),
    xmppClient: port('xmpp-client'),
    xmppServer: port('xmpp-server'),
  };
  return { ports: result, connections, close: async () => { await Promise.all(running.map(close)); } };
}
