// UDS without credentials (Cisco's UDS developer guide): GET https://<node>:8443/cucm-uds/version and
// /cucm-uds/servers, read with the pure UDS readers. The node's certificate is not verified: see http-get.ts.
import { concatFacts } from '../facts-schema.js';
import { MAX_UDS_BODY_CHARS, readUdsServers, readUdsVersion } from '../uds.js';
import { boundedGet } from './http-get.js';
import { failed, type ProbeOutcome } from './outcome.js';
import { urlHost, type ProbeTarget } from './tftp-probe.js';

const READERS = { version: readUdsVersion, servers: readUdsServers } as const;

const udsUrl = (target: ProbeTarget, resource: keyof typeof READERS) =>
  new URL(`https://${urlHost(target.host)}:${target.port}/cucm-uds/${resource}`);

async function one(
  target: ProbeTarget,
  resource: keyof typeof READERS,
  timeoutMs = target.timeoutMs,
): Promise<ProbeOutcome> {
  const url = udsUrl(target, resource);
  const got = await boundedGet(url, { timeoutMs, maxBytes: MAX_UDS_BODY_CHARS });
  if (!got.ok) return failed(got.reason, got.detail);
  if (got.status !== 200) return failed('http-status', `${url.href}: HTTP ${got.status}`);
  const facts = READERS[resource](got.body.toString('utf8'), { kind: 'uds', detail: url.href });
  const unreadable = facts.state.length === 0 ? facts.unread[0] : undefined;
  if (unreadable) return failed(unreadable.reason, `${url.href}: ${unreadable.detail}`);
  return { ok: true, facts, detail: url.pathname };
}

/**
 * Both resources, one after the other within the one limit (the second only when the first answered: a dead node
 * costs one timeout). A node whose version answers but whose servers list does not still gives its version.
 */
export async function probeUds(target: ProbeTarget): Promise<ProbeOutcome> {
  const started = Date.now();
  const version = await one(target, 'version');
  if (!version.ok) return version;
  const servers = await one(target, 'servers', Math.max(1, target.timeoutMs - (Date.now() - started)));
  if (!servers.ok) {
    const unread = {
      reason: servers.reason,
      source: { kind: 'uds' as const, detail: udsUrl(target, 'servers').href },
      detail: servers.detail,
    };
    return {
      ok: true,
      facts: { ...version.facts, unread: [...version.facts.unread, unread] },
      detail: `version only (servers: ${servers.reason})`,
    };
  }
  return { ok: true, facts: concatFacts([version.facts, servers.facts]), detail: 'version and servers' };
}
