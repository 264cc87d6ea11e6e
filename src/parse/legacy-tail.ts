// The legacy (7.x/8.x) CiscoLog body: free text ending in `App ID:x Cluster ID:y Node ID:z` instead of %[..] blocks.

export interface LegacyTail {
  /** Free text before ` App ID:` (the whole body when there is no tail). */
  description: string;
  appId: string | null;
  clusterId: string | null;
  nodeId: string | null;
}

function after(text: string, label: string, end: number): { start: number; value: string } | null {
  const at = text.lastIndexOf(label, end);
  if (at < 0) return null;
  return { start: at, value: text.slice(at + label.length, end) };
}

/** Splits a legacy body (the text after the tag) into description and its App/Cluster/Node ID tail, read from the end. */
export function parseLegacyTail(body: string): LegacyTail {
  let end = body.length;
  const node = after(body, ' Node ID:', end);
  let nodeId: string | null = null;
  if (node) {
    // Node names have no spaces; whatever follows the first token is not part of the tag (relays append junk).
    nodeId = node.value.trim().split(/\s/, 1)[0] ?? '';
    end = node.start;
  }
  const cluster = after(body, ' Cluster ID:', end);
  let clusterId: string | null = null;
  if (cluster) {
    clusterId = cluster.value.trim();
    end = cluster.start;
  }
  const app = after(body, ' App ID:', end);
  let appId: string | null = null;
  if (app) {
    appId = app.value.trim();
    end = app.start;
  }
  return { description: body.slice(0, end).trim(), appId, clusterId, nodeId };
}
