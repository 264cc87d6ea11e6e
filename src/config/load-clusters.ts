// Validates the cluster inventory (CLUSTERS_FILE YAML, or one cluster from the API) into ClusterState, every problem with its path.
import { parseDocument, isMap } from 'yaml';
import {
  UNKNOWN_PEERS, unknownCluster, type ClusterNode, type ClusterState, type NodeRole, type Peers, type Signing, type Tri,
} from '../domain/cluster.js';
import {
  CLUSTER_ID_PATTERN, CTL_SIGNERS, ITL_SIGNERS, LSC_KINDS, NODE_ROLES, PEER_NAMES, PHONE_INTERACTIONS,
  SECURITY_MODES, SIGNING_UNITS, SIGNINGS, SSO_CERTIFICATES,
} from './cluster-schema.js';
import { didYouMean } from './did-you-mean.js';
import { checkMailbox } from './email-address.js';
import { isHostOrIp } from './network-address.js';

export type ParseClustersResult = { ok: true; clusters: ClusterState[] } | { ok: false; problems: string[] };
export type ValidateClusterResult = { ok: true; cluster: ClusterState } | { ok: false; problems: string[] };

export interface ValidateClusterOptions {
  /** The id from the URL (PUT /api/v1/clusters/:id): fills a missing body id, and a different body id is a problem. */
  id?: string;
  /** The other clusters in force: a node name or address already used by one of them is a problem. */
  others?: readonly ClusterState[];
}

const CLUSTER_KEYS = Object.keys(unknownCluster('x', 'x')).concat('maintenanceWindow');
const NODE_KEYS = ['name', 'addresses', 'roles', 'timeZone'];
const ID_RE = new RegExp(CLUSTER_ID_PATTERN);
const NODE_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;
// A CUCM version starts with its major number: 8.6, 10.5(2), 11.5(1)SU3, 12.5.1.16900-48, 14SU2, 15.
const VERSION_RE = /^\d{1,2}(?:[.(\s]|su|$)[0-9A-Za-z.()\s-]*$/i;
const MAX_TEXT = 500;

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);
const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Collects problems under a path; every check reports and carries on, so one run lists everything. */
class Checker {
  readonly problems: string[] = [];
  add(path: string, message: string): void {
    this.problems.push(path === '' ? message : `${path}: ${message}`);
  }

  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(path, `must be a mapping, found ${describe(value)}`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (allowed.includes(key)) continue;
      const guess = didYouMean(key, allowed);
      this.add(join(path, key), `unknown field${guess ? ` (did you mean ${guess}?)` : ''}`);
    }
    return record;
  }

  oneOf<T extends string>(value: unknown, path: string, values: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    this.add(path, `${shown(value)} must be one of ${values.join(', ')}`);
    return fallback;
  }

  tri(value: unknown, path: string): Tri {
    if (value === undefined || value === 'unknown') return 'unknown';
    if (typeof value === 'boolean') return value;
    this.add(path, `${shown(value)} must be true, false or unknown`);
    return 'unknown';
  }

  text(value: unknown, path: string, fallback: string): string {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(path, `must be non-empty text, found ${describe(value)}`);
      return fallback;
    }
    if (value.length > MAX_TEXT) this.add(path, `is longer than ${MAX_TEXT} characters`);
    return value.trim();
  }

  list(value: unknown, path: string): unknown[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.add(path, `must be a list, found ${describe(value)}`);
    return [];
  }
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${shown(value)}`;
}

/** IANA zone names only (Europe/Berlin, UTC); Intl alone would also take offsets like +01:00. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkNode(raw: unknown, path: string, c: Checker): ClusterNode | undefined {
  const record = c.object(raw, path, NODE_KEYS);
  if (!record) return undefined;
  let name = '';
  if (record.name === undefined) c.add(join(path, 'name'), 'is required');
  else if (typeof record.name !== 'string' || !NODE_NAME_RE.test(record.name)) {
    c.add(join(path, 'name'), `${shown(record.name)} is not a host name`);
  } else name = record.name;

  const addresses: string[] = [];
  c.list(record.addresses, join(path, 'addresses')).forEach((address, i) => {
    if (typeof address === 'string' && isHostOrIp(address.trim())) addresses.push(address.trim());
    else c.add(`${join(path, 'addresses')}[${i}]`, `${shown(address)} is not an IP address or host name`);
  });

  const roles: NodeRole[] = [];
  c.list(record.roles, join(path, 'roles')).forEach((role, i) => {
    const rolePath = `${join(path, 'roles')}[${i}]`;
    if (typeof role !== 'string' || !(NODE_ROLES as readonly string[]).includes(role)) {
      c.add(rolePath, `${shown(role)} must be one of ${NODE_ROLES.join(', ')}`);
    } else if (roles.includes(role as NodeRole)) c.add(rolePath, `${shown(role)} is listed twice`);
    else roles.push(role as NodeRole);
  });
  if (roles.includes('publisher') && roles.includes('subscriber')) c.add(join(path, 'roles'), 'a node cannot be both publisher and subscriber');

  const node: ClusterNode = { name, addresses, roles };
  if (record.timeZone !== undefined) {
    if (typeof record.timeZone === 'string' && isTimeZone(record.timeZone)) node.timeZone = record.timeZone;
    else c.add(join(path, 'timeZone'), `${shown(record.timeZone)} is not a known time zone`);
  }
  return node;
}

function checkSigning(raw: unknown, path: string, c: Checker): Record<string, Signing> {
  const signing: Record<string, Signing> = {};
  if (raw === undefined) return signing;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    c.add(path, `must be a mapping of unit: signing, found ${describe(raw)}`);
    return signing;
  }
  // Units are matched case-insensitively everywhere (CUCM spells them CallManager-ECDSA); stored lower-case.
  for (const [unit, value] of Object.entries(raw as Record<string, unknown>)) {
    const unitPath = join(path, unit);
    const lower = unit.toLowerCase();
    if (!(SIGNING_UNITS as readonly string[]).includes(lower)) {
      c.add(unitPath, `unknown unit (expected one of ${SIGNING_UNITS.join(', ')})`);
      continue;
    }
    if (lower in signing) c.add(unitPath, `unit ${lower} is given twice`);
    signing[lower] = c.oneOf(value, unitPath, SIGNINGS, 'unknown');
  }
  return Object.fromEntries(Object.entries(signing).sort(([a], [b]) => a.localeCompare(b)));
}

function checkPeers(raw: unknown, path: string, c: Checker): Peers {
  const peers: Peers = { ...UNKNOWN_PEERS };
  if (raw === undefined) return peers;
  const record = c.object(raw, path, PEER_NAMES);
  if (!record) return peers;
  for (const name of PEER_NAMES) peers[name] = c.tri(record[name], join(path, name));
  return peers;
}

function checkVersion(raw: unknown, path: string, c: Checker): string {
  if (raw === undefined || raw === 'unknown') return 'unknown';
  // YAML reads `version: 15` or `version: 12.5` as a number; the text is what the admin meant.
  const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  if (typeof text === 'string' && VERSION_RE.test(text.trim()) && text.length <= 40) return text.trim();
  c.add(path, `${shown(raw)} is not a CUCM version (e.g. 11.5(1)SU3, 12.5(1)SU6, 14SU2, 15) or unknown`);
  return 'unknown';
}

/** Checks one cluster object; `path` prefixes every problem (`clusters[1]` in a file, empty for the API). */
function checkCluster(raw: unknown, path: string, c: Checker, urlId?: string): ClusterState | undefined {
  const record = c.object(raw, path, CLUSTER_KEYS);
  if (!record) return undefined;

  let id = '';
  const rawId = typeof record.id === 'number' && Number.isSafeInteger(record.id) ? String(record.id) : record.id;
  if (rawId === undefined && urlId !== undefined) id = urlId;
  else if (rawId === undefined) c.add(join(path, 'id'), 'is required');
  else if (typeof rawId !== 'string' || !ID_RE.test(rawId)) {
    c.add(join(path, 'id'), `${shown(rawId)} must be 1-64 letters, digits, '.', '_' or '-' (no ':')`);
  } else if (urlId !== undefined && rawId !== urlId) c.add(join(path, 'id'), `${shown(rawId)} does not match the id in the URL (${shown(urlId)})`);
  else id = rawId;

  const cluster = unknownCluster(id, c.text(record.name, join(path, 'name'), id));
  cluster.version = checkVersion(record.version, join(path, 'version'), c);
  cluster.securityMode = c.oneOf(record.securityMode, join(path, 'securityMode'), SECURITY_MODES, 'unknown');
  cluster.ctlSigner = c.oneOf(record.ctlSigner, join(path, 'ctlSigner'), CTL_SIGNERS, 'unknown');
  cluster.itlSigner = c.oneOf(record.itlSigner, join(path, 'itlSigner'), ITL_SIGNERS, 'unknown');
  cluster.rollbackToPre8 = c.tri(record.rollbackToPre8, join(path, 'rollbackToPre8'));
  cluster.phoneInteraction = c.oneOf(record.phoneInteraction, join(path, 'phoneInteraction'), PHONE_INTERACTIONS, 'unknown');
  cluster.callManagerGroupsRedundant = c.tri(record.callManagerGroupsRedundant, join(path, 'callManagerGroupsRedundant'));

  const nodesPath = join(path, 'nodes');
  const nodes: ClusterNode[] = [];
  c.list(record.nodes, nodesPath).forEach((node, i) => {
    const checked = checkNode(node, `${nodesPath}[${i}]`, c);
    if (checked) nodes.push(checked);
  });
  cluster.nodes = nodes;
  checkNodesTogether(nodes, nodesPath, c);

  cluster.tftpServers = checkTftpServers(record.tftpServers, join(path, 'tftpServers'), nodes, c);
  cluster.signing = checkSigning(record.signing, join(path, 'signing'), c);
  cluster.tomcatReusedAsCallManager = c.tri(record.tomcatReusedAsCallManager, join(path, 'tomcatReusedAsCallManager'));
  cluster.lsc = c.oneOf(record.lsc, join(path, 'lsc'), LSC_KINDS, 'unknown');
  if (record.sso !== undefined) {
    const sso = c.object(record.sso, join(path, 'sso'), ['enabled', 'certificate']);
    if (sso) {
      cluster.sso = {
        enabled: c.tri(sso.enabled, join(path, 'sso.enabled')),
        certificate: c.oneOf(sso.certificate, join(path, 'sso.certificate'), SSO_CERTIFICATES, 'unknown'),
      };
    }
  }
  cluster.sipOAuth = c.tri(record.sipOAuth, join(path, 'sipOAuth'));
  cluster.peers = checkPeers(record.peers, join(path, 'peers'), c);

  const recipientsPath = join(path, 'recipients');
  c.list(record.recipients, recipientsPath).forEach((recipient, i) => {
    const check = typeof recipient === 'string' ? checkMailbox(recipient) : { ok: false as const, reason: 'is not an e-mail address' };
    if (check.ok) cluster.recipients.push((recipient as string).trim());
    else c.add(`${recipientsPath}[${i}]`, `${shown(recipient)} ${check.reason}`);
  });
  if (record.maintenanceWindow !== undefined) {
    cluster.maintenanceWindow = c.text(record.maintenanceWindow, join(path, 'maintenanceWindow'), '');
  }
  return cluster;
}

/** Within one cluster: unique names and addresses, at most one CUCM publisher. */
function checkNodesTogether(nodes: ClusterNode[], path: string, c: Checker): void {
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (node.name === '') return;
    const key = node.name.toLowerCase();
    const first = names.get(key);
    if (first !== undefined) c.add(`${path}[${i}].name`, `${shown(node.name)} is already used by ${path}[${first}]`);
    else names.set(key, i);
    for (const address of node.addresses) {
      const seen = addresses.get(address.toLowerCase());
      if (seen !== undefined && seen !== i) c.add(`${path}[${i}].addresses`, `${shown(address)} is already used by ${path}[${seen}]`);
      else addresses.set(address.toLowerCase(), i);
    }
  });
  // IM&P has its own publisher; a CUCM cluster has exactly one.
  const publishers = nodes.filter((node) => node.roles.includes('publisher') && !node.roles.includes('imp'));
  if (publishers.length > 1) c.add(path, `more than one CUCM publisher (${publishers.map((n) => n.name).join(', ')})`);
}

function checkTftpServers(raw: unknown, path: string, nodes: ClusterNode[], c: Checker): string[] | 'unknown' {
  if (raw === undefined || raw === 'unknown') return 'unknown';
  if (!Array.isArray(raw)) {
    c.add(path, `must be a list of node names or unknown, found ${describe(raw)}`);
    return 'unknown';
  }
  const servers: string[] = [];
  raw.forEach((entry, i) => {
    const entryPath = `${path}[${i}]`;
    if (typeof entry !== 'string' || entry.trim() === '') {
      c.add(entryPath, `${shown(entry)} must be a node name`);
      return;
    }
    // Phones get TFTP servers by address (DHCP option 150); accept either and store the node name.
    const wanted = entry.trim().toLowerCase();
    const node = nodes.find((n) => n.name.toLowerCase() === wanted || n.addresses.some((a) => a.toLowerCase() === wanted));
    const name = node ? node.name : entry.trim();
    if (nodes.length > 0 && !node) c.add(entryPath, `${shown(entry)} is not one of this cluster's nodes`);
    else if (servers.includes(name)) c.add(entryPath, `${shown(entry)} is listed twice`);
    else servers.push(name);
  });
  return servers;
}

/** Across clusters: ids unique, and no node name or address in two clusters (events map to clusters by them). */
function checkAcrossClusters(
  entries: { cluster: ClusterState; path: string }[],
  c: Checker,
  others: readonly ClusterState[] = [],
): void {
  const ids = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const other of others) {
    for (const node of other.nodes) {
      owners.set(`name:${node.name.toLowerCase()}`, `cluster ${shown(other.id)}`);
      for (const address of node.addresses) owners.set(`addr:${address.toLowerCase()}`, `cluster ${shown(other.id)}`);
    }
  }
  for (const { cluster, path } of entries) {
    if (cluster.id !== '') {
      const first = ids.get(cluster.id);
      if (first !== undefined) c.add(join(path, 'id'), `${shown(cluster.id)} is already used by ${first}`);
      else ids.set(cluster.id, path);
    }
    const mine = new Map<string, string>();
    cluster.nodes.forEach((node, i) => {
      const nodePath = `${join(path, 'nodes')}[${i}]`;
      const nameKey = `name:${node.name.toLowerCase()}`;
      const nameOwner = owners.get(nameKey);
      if (node.name !== '' && nameOwner !== undefined) c.add(`${nodePath}.name`, `node ${shown(node.name)} is already in ${nameOwner}`);
      if (node.name !== '') mine.set(nameKey, `${nodePath} (cluster ${shown(cluster.id)})`);
      for (const address of node.addresses) {
        const key = `addr:${address.toLowerCase()}`;
        const owner = owners.get(key);
        if (owner !== undefined) c.add(`${nodePath}.addresses`, `${shown(address)} is already used by ${owner}`);
        mine.set(key, `${nodePath} (cluster ${shown(cluster.id)})`);
      }
    });
    for (const [key, owner] of mine) if (!owners.has(key)) owners.set(key, owner);
  }
}

/**
 * Parses a CLUSTERS_FILE: `clusters: [...]`. Every problem is listed, each prefixed with the source name and the
 * path of the offending item, e.g. `lab.yaml: clusters[1].nodes[0].timeZone: "Mars/Base" is not a known time zone`.
 */
export function parseClusters(yamlText: string, sourceName: string): ParseClustersResult {
  const doc = parseDocument(yamlText, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((error) => `${sourceName}: ${error.message.split('\n')[0]}`) };
  }
  const c = new Checker();
  if (!isMap(doc.contents)) {
    return { ok: false, problems: [`${sourceName}: expected a mapping with a \`clusters\` list`] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [`${sourceName}: ${(error as Error).message}`] }; // e.g. an alias bomb
  }
  const root = c.object(data, '', ['clusters']);
  const entries: { cluster: ClusterState; path: string }[] = [];
  if (root) {
    if (root.clusters === undefined) c.add('clusters', 'is required (a list of clusters)');
    c.list(root.clusters ?? [], 'clusters').forEach((raw, i) => {
      const cluster = checkCluster(raw, `clusters[${i}]`, c);
      if (cluster) entries.push({ cluster, path: `clusters[${i}]` });
    });
    checkAcrossClusters(entries, c);
  }
  if (c.problems.length > 0) return { ok: false, problems: c.problems.map((p) => `${sourceName}: ${p}`) };
  return { ok: true, clusters: entries.map((entry) => entry.cluster) };
}

/** Validates one cluster from the API (PUT /api/v1/clusters/:id) by the same rules as the file; paths have no prefix. */
export function validateCluster(json: unknown, options: ValidateClusterOptions = {}): ValidateClusterResult {
  const c = new Checker();
  const cluster = checkCluster(json, '', c, options.id);
  if (cluster) {
    const others = (options.others ?? []).filter((other) => other.id !== cluster.id);
    checkAcrossClusters([{ cluster, path: '' }], c, others);
  }
  if (!cluster || c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, cluster };
}
