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

/**
 * The last position of each label. Stops as soon as the last `NodeID=` is found when `stopAtNodeId` (the sniff's
 * first choice): the other fields are then only those after it.
 */
export function findNodeLabels(buf: Uint8Array, stopAtNodeId = true): NodeLabels {
  const found: NodeLabels = { nodeId: -1, nodeSpaceId: -1, nodeIdLower: -1, legacy: -1 };
  for (let i = buf.length - 1; i >= 6; i--) {
    const c = buf[i];
    if (c !== EQUALS && c !== COLON) continue;
    const last = buf[i - 1];
    if ((last !== D && last !== d) || buf[i - 2] !== I) continue;
    const value = i + 1;
    if (c === EQUALS) {
      if (last === D && nodeBefore(buf, i - 2)) {
        if (found.nodeId < 0) found.nodeId = value;
        if (stopAtNodeId) return found;
      } else if (last === D && buf[i - 3] === SPACE && nodeBefore(buf, i - 3)) {
        if (found.nodeSpaceId < 0) found.nodeSpaceId = value;
      } else if (last === d && nodeBefore(buf, i - 2)) {
        if (found.nodeIdLower < 0) found.nodeIdLower = value;
      }
    } else if (last === D && buf[i - 3] === SPACE && nodeBefore(buf, i - 3) && i >= 8 && buf[i - 8] === SPACE) {
      if (found.legacy < 0) found.legacy = value;
    }
  }
  return found;
}
