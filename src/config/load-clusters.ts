// Reads the cluster inventory (CLUSTERS_FILE YAML, or one cluster from the API) into ClusterState, every problem with
// its path. The shape is domain/cluster-schema.ts; here are only what a schema cannot say: YAML's own errors, the
// leniencies (numbers as text, unit names in any case), and the checks across fields and clusters.
import { readFileSync } from 'node:fs';
import { isMap, parseDocument } from 'yaml';
import { Value } from 'typebox/value';
import {
  ClusterBodySchema, ClusterSchema, INVENTORY_FORMATS, InventoryFileSchema, type ClusterState,
} from '../domain/cluster-schema.js';
import { checkMailbox } from './email-address.js';
import { isHostOrIp } from './network-address.js';
import { registerFormat, schemaProblems, shown } from './schema-problems.js';

export type ParseClustersResult = { ok: true; clusters: ClusterState[] } | { ok: false; problems: string[] };
export type ValidateClusterResult = { ok: true; cluster: ClusterState } | { ok: false; problems: string[] };
/** A PUT body after the schema stage, for completeCluster(). */
export type CheckClusterBodyResult =
  { ok: true; body: Readonly<Record<string, unknown>> } | { ok: false; problems: string[]; body: unknown };

export interface CompleteClusterOptions {
  /** The id from the URL (PUT /api/v1/clusters/:id): fills a missing body id, and a different body id is a problem. */
  id?: string;
  /** The other clusters in force: a node name or address already used by one of them is a problem. */
  others?: readonly ClusterState[];
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

registerFormat(INVENTORY_FORMATS.hostOrIp, (text) => (isHostOrIp(text) ? null : 'is not an IP address or host name'));
registerFormat(INVENTORY_FORMATS.timeZone, (text) => (isTimeZone(text) ? null : 'is not a known time zone'));
registerFormat(INVENTORY_FORMATS.mailbox, (text) => {
  const check = checkMailbox(text);
  return check.ok ? null : check.reason;
});

type Entry = Record<string, unknown>;
const isEntry = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
const at = (path: string, message: string) => (path === '' ? message : `${path}: ${message}`);

/** Surrounding blanks of any text are dropped, at any depth (a quoted YAML value keeps them). */
function trimmed(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimmed);
  if (isEntry(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, trimmed(item)]));
  return value;
}

/**
 * What the admin meant before the schema looks: YAML reads `version: 15` and `id: 7` as numbers, and CUCM spells units
 * CallManager-ECDSA while the inventory stores them lower-case. A missing name is the id.
 */
function lenient(raw: unknown, path: string, problems: string[]): unknown {
  if (!isEntry(raw)) return raw;
  const entry = trimmed(raw) as Entry;
  if (typeof entry.id === 'number' && Number.isSafeInteger(entry.id)) entry.id = String(entry.id);
  if (typeof entry.version === 'number' && Number.isFinite(entry.version)) entry.version = String(entry.version);
  if (entry.name === undefined && typeof entry.id === 'string') entry.name = entry.id;
  if (isEntry(entry.signing)) {
    const units = new Map<string, unknown>();
    for (const [unit, signing] of Object.entries(entry.signing)) {
      const lower = unit.toLowerCase();
      if (units.has(lower)) problems.push(at(join(join(path, 'signing'), unit), `unit ${lower} is given twice`));
      else units.set(lower, signing);
    }
    entry.signing = Object.fromEntries(units);
  }
  return entry;
}

interface NodeView {
  name: string | null;
  addresses: string[];
  roles: unknown[];
}

/** The nodes of an entry as far as they can be read, for the checks across fields (which run even on a broken
 * entry). */
function nodesOf(entry: unknown): NodeView[] {
  const nodes = isEntry(entry) && Array.isArray(entry.nodes) ? entry.nodes : [];
  return nodes.map((node) => {
    const record = isEntry(node) ? node : {};
    return {
      name: typeof record.name === 'string' && record.name !== '' ? record.name : null,
      addresses: Array.isArray(record.addresses)
        ? record.addresses.filter((a): a is string => typeof a === 'string')
        : [],
      roles: Array.isArray(record.roles) ? record.roles : [],
    };
  });
}

/** Within one cluster: unique names and addresses, at most one CUCM publisher, no node both publisher and
 * subscriber. */
function checkNodesTogether(nodes: NodeView[], path: string, problems: string[]): void {
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (node.roles.includes('publisher') && node.roles.includes('subscriber')) {
      problems.push(at(`${path}[${i}].roles`, 'a node cannot be both publisher and subscriber'));
    }
    if (node.name === null) return;
    const first = names.get(node.name.toLowerCase());
    if (first !== undefined) {
      problems.push(at(`${path}[${i}].name`, `${shown(node.name)} is already used by ${path}[${first}]`));
    }
    else names.set(node.name.toLowerCase(), i);
    for (const address of node.addresses) {
      const seen = addresses.get(address.toLowerCase());
      if (seen !== undefined && seen !== i) {
        problems.push(at(`${path}[${i}].addresses`, `${shown(address)} is already used by ${path}[${seen}]`));
      }
      else addresses.set(address.toLowerCase(), i);
    }
  });
  // IM&P has its own publisher; a CUCM cluster has exactly one.
  const publishers = nodes.filter((node) => node.roles.includes('publisher') && !node.roles.includes('imp'));
  if (publishers.length > 1) {
    problems.push(at(path, `more than one CUCM publisher (${publishers.map((n) => n.name).join(', ')})`));
  }
}

/**
 * TFTP servers are nodes of the cluster, each once. Phones get them by address (DHCP option 150): either is accepted
 * and the node name is returned, in order. Without nodes any name is taken as given.
 */
function tftpServerNames(entry: unknown, nodes: NodeView[], path: string, problems: string[]): string[] | 'unknown' {
  const listed = isEntry(entry) ? entry.tftpServers : undefined;
  if (!Array.isArray(listed)) return 'unknown';
  const servers: string[] = [];
  listed.forEach((server, i) => {
    if (typeof server !== 'string' || server === '') return; // the schema reports it
    const wanted = server.toLowerCase();
    const node = nodes.find(
      (n) => n.name?.toLowerCase() === wanted || n.addresses.some((a) => a.toLowerCase() === wanted),
    );
    const name = node?.name ?? server;
    if (nodes.length > 0 && !node) {
      problems.push(at(`${path}[${i}]`, `${shown(server)} is not one of this cluster's nodes`));
    }
    else if (servers.includes(name)) problems.push(at(`${path}[${i}]`, `${shown(server)} is listed twice`));
    else servers.push(name);
  });
  return servers;
}

/** Across clusters: ids unique, and no node name or address in two clusters (events map to clusters by them). */
function checkAcrossClusters(
  entries: { entry: unknown; path: string }[],
  others: readonly ClusterState[],
  problems: string[],
): void {
  const ids = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const other of others) {
    for (const node of other.nodes) {
      owners.set(`name:${node.name.toLowerCase()}`, `cluster ${shown(other.id)}`);
      for (const address of node.addresses) owners.set(`addr:${address.toLowerCase()}`, `cluster ${shown(other.id)}`);
    }
  }
  for (const { entry, path } of entries) {
    const id = isEntry(entry) && typeof entry.id === 'string' ? entry.id : '';
    if (id !== '') {
      const first = ids.get(id);
      if (first !== undefined) problems.push(at(join(path, 'id'), `${shown(id)} is already used by ${first}`));
      else ids.set(id, path);
    }
    const mine = new Map<string, string>();
    nodesOf(entry).forEach((node, i) => {
      const nodePath = `${join(path, 'nodes')}[${i}]`;
      const owner = `${nodePath} (cluster ${shown(id)})`;
      if (node.name !== null) {
        const nameKey = `name:${node.name.toLowerCase()}`;
        const nameOwner = owners.get(nameKey);
        if (nameOwner !== undefined) {
          problems.push(at(`${nodePath}.name`, `node ${shown(node.name)} is already in ${nameOwner}`));
        }
        mine.set(nameKey, owner);
      }
      for (const address of node.addresses) {
        const key = `addr:${address.toLowerCase()}`;
        const addressOwner = owners.get(key);
        if (addressOwner !== undefined) {
          problems.push(at(`${nodePath}.addresses`, `${shown(address)} is already used by ${addressOwner}`));
        }
        mine.set(key, owner);
      }
    });
    for (const [key, owner] of mine) if (!owners.has(key)) owners.set(key, owner);
  }
}

interface SchemaView {
  properties?: Record<string, SchemaView>;
  items?: SchemaView;
}

/** Keys in the schema's order, a record's keys sorted: equal clusters serialise equally (cluster hashes depend on
 * it). */
function inSchemaOrder(schema: object, value: unknown): unknown {
  const { properties, items } = schema as SchemaView;
  if (Array.isArray(value)) return value.map((item) => inSchemaOrder(items ?? {}, item));
  if (!isEntry(value)) return value;
  if (!properties) return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
  return Object.fromEntries(
    Object.keys(properties)
      .filter((key) => Object.hasOwn(value, key))
      .map((key) => [key, inSchemaOrder(properties[key] ?? {}, value[key])]),
  );
}

/** A schema-valid entry with its defaults filled, TFTP servers as node names, keys in order. */
function completed(entry: Entry, tftpServers: string[] | 'unknown'): ClusterState {
  const filled = Value.Default(ClusterSchema, structuredClone(entry)) as Entry;
  return inSchemaOrder(ClusterSchema, { ...filled, tftpServers }) as ClusterState;
}

/** Where a YAML syntax error is, as `line L, column C: what` (the parser's own message ends with a copy of it). */
function yamlProblem(error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): string {
  const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}: ${what}` : what;
}

/**
 * Parses a CLUSTERS_FILE: `clusters: [...]`. Every problem is listed, each prefixed with the source name and the
 * path of the offending item, e.g. `lab.yaml: clusters[1].nodes[0].timeZone: "Mars/Base" is not a known time zone`.
 */
export function parseClusters(yamlText: string, sourceName: string): ParseClustersResult {
  const fail = (problems: string[]): ParseClustersResult => ({
    ok: false,
    problems: problems.map((p) => `${sourceName}: ${p}`),
  });
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) return fail(doc.errors.map(yamlProblem));
  if (!isMap(doc.contents)) return fail(['expected a mapping with a `clusters` list']);
  let data: Entry;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Entry;
  } catch (error) {
    return fail([(error as Error).message]); // e.g. an alias bomb
  }

  const problems: string[] = [];
  const raw = Array.isArray(data.clusters) ? data.clusters : [];
  const entries = raw.map((entry, i) => ({
    entry: lenient(entry, `clusters[${i}]`, problems),
    path: `clusters[${i}]`,
  }));
  const file = Array.isArray(data.clusters) ? { ...data, clusters: entries.map((e) => e.entry) } : data;
  problems.push(...schemaProblems(InventoryFileSchema, file));
  const tftp = entries.map(({ entry, path }) => {
    const nodes = nodesOf(entry);
    checkNodesTogether(nodes, join(path, 'nodes'), problems);
    return tftpServerNames(entry, nodes, join(path, 'tftpServers'), problems);
  });
  checkAcrossClusters(entries, [], problems);
  if (problems.length > 0) return fail(problems);
  return { ok: true, clusters: entries.map(({ entry }, i) => completed(entry as Entry, tftp[i] ?? 'unknown')) };
}

/** Why a CLUSTERS_FILE cannot be read, with what to do about it. */
export function unreadableFileProblem(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return `${path}: no such file (check CLUSTERS_FILE or --clusters-file; leave it unset to start with every cluster unknown; samples/clusters/lab.yaml shows the format)`;
  }
  if (code === 'EISDIR') return `${path}: is a directory, not an inventory file`;
  return `${path}: cannot be read (${(error as Error).message})`;
}

/** Reads and parses a CLUSTERS_FILE; a missing or unreadable file is a problem like any other. */
export function readClustersFile(path: string): ParseClustersResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [unreadableFileProblem(path, error)] };
  }
  return parseClusters(text, path);
}

/**
 * The schema stage of PUT /api/v1/clusters/:id (the route's body validator): the shape, every problem with its path.
 * The body comes back with the leniencies applied, valid or not, for the checks across fields.
 */
export function checkClusterBody(json: unknown): CheckClusterBodyResult {
  const problems: string[] = [];
  const body = lenient(json, '', problems);
  problems.push(...schemaProblems(ClusterBodySchema, body));
  return problems.length > 0 || !isEntry(body) ? { ok: false, problems, body } : { ok: true, body };
}

/**
 * The rest of PUT /api/v1/clusters/:id after checkClusterBody: the id from the URL, then the checks across fields and
 * clusters, which run on a broken body too so that one answer lists every problem.
 */
export function completeCluster(
  shape: CheckClusterBodyResult,
  options: CompleteClusterOptions = {},
): ValidateClusterResult {
  const problems = shape.ok ? [] : [...shape.problems];
  if (!isEntry(shape.body)) return { ok: false, problems };
  const entry: Entry = { ...shape.body };
  if (entry.id === undefined && options.id !== undefined) {
    entry.id = options.id;
    entry.name ??= options.id;
  }
  if (entry.id === undefined) problems.push(at('id', 'is required'));
  else if (options.id !== undefined && entry.id !== options.id)
    problems.push(at('id', `${shown(entry.id)} does not match the id in the URL (${shown(options.id)})`));
  const nodes = nodesOf(entry);
  checkNodesTogether(nodes, 'nodes', problems);
  const tftpServers = tftpServerNames(entry, nodes, 'tftpServers', problems);
  checkAcrossClusters([{ entry, path: '' }], (options.others ?? []).filter((other) => other.id !== entry.id), problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, cluster: completed(entry, tftpServers) };
}

/** Both stages of PUT /api/v1/clusters/:id in one call, by the same rules as the file; paths have no prefix. */
export function validateCluster(json: unknown, options: CompleteClusterOptions = {}): ValidateClusterResult {
  return completeCluster(checkClusterBody(json), options);
}
