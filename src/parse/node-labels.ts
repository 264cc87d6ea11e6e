// Where the node labels of a message are, in one backwards pass over its raw bytes with no regular expression: CUCM
// puts NodeID near the end, so the pass usually stops after a few dozen bytes. Positions are those lastIndexOf gives.
export interface NodeLabels {
  /** Start of the value after the last `NodeID=`, `Node ID=`, `NodeId=` (-1: none). */
  nodeId: number;
  nodeSpaceId: number;
  nodeIdLower: number;
  /** Start of the value after the last ` Node ID:` (legacy tail). */
  legacy: number;
}

const N = 0x4e, o = 0x6f, d = 0x64, e = 0x65, I = 0x49, D = 0x44, SPACE = 0x20, EQUALS = 0x3d, COLON = 0x3a;

/** `Node` ending at `end` (exclusive)? */
function nodeBefore(buf: Uint8Array, end: number): boolean {
  return end >= 4 && buf[end - 4] === N && buf[end - 3] === o && buf[end - 2] === d && buf[end - 1] === e;
}

export type NodeLabel = keyof NodeLabels;

export function noNodeLabels(): NodeLabels {
  return { nodeId: -1, nodeSpaceId: -1, nodeIdLower: -1, legacy: -1 };
}

/** The label whose value starts right after buf[i] (an '=' or a ':' at i >= 6), or null. Shared by the backwards
 * pass below and the prefilter's forward pass, which notes labels on its way (prefilter.ts). */
export function labelEndingAt(buf: Uint8Array, i: number): NodeLabel | null {
  const c = buf[i];
  const last = buf[i - 1];
  if ((last !== D && last !== d) || buf[i - 2] !== I) return null;
  if (c === EQUALS) {
    if (last === D && nodeBefore(buf, i - 2)) return 'nodeId';
    if (last === D && buf[i - 3] === SPACE && nodeBefore(buf, i - 3)) return 'nodeSpaceId';
    if (last === d && nodeBefore(buf, i - 2)) return 'nodeIdLower';
  } else if (c === COLON && last === D && buf[i - 3] === SPACE && nodeBefore(buf, i - 3) && i >= 8 && buf[i - 8] === SPACE) {
    return 'legacy';
  }
  return null;
}

/**
 * The last position of each label. Stops as soon as the last `NodeID=` is found when `stopAtNodeId` (the sniff's
 * first choice): the other fields are then only those after it.
 */
export function findNodeLabels(buf: Uint8Array, stopAtNodeId = true): NodeLabels {
  const found = noNodeLabels();
  for (let i = buf.length - 1; i >= 6; i--) {
    const c = buf[i];
    if (c !== EQUALS && c !== COLON) continue;
    const label = labelEndingAt(buf, i);
    if (label === null) continue;
    if (found[label] < 0) found[label] = i + 1;
    if (label === 'nodeId' && stopAtNodeId) return found;
  }
  return found;
}
