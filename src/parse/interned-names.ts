// Node names read from raw bytes on the per-datagram path, as the same string each time: turning bytes into a string
// is a call into C++ per message, and a fresh string must be hashed again by every map it is looked up in. A name is
// found by a hash of its bytes and checked byte for byte, so a hash collision only costs a new string. Bounded: any
// sender can invent names, so the table starts afresh when full.
const MAX_NAMES = 4_096;
const names = new Map<number, string>();

/** The latin1 text of bytes[from..to) (a short name), the same string object as the last time. */
export function internedName(bytes: Buffer, from: number, to: number): string {
  // FNV-1a, kept within a small integer: a map key V8 stores without boxing.
  let hash = 0x011c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i]!, 16_777_619) & 0x3fffffff;
  const known = names.get(hash);
  if (known !== undefined && known.length === to - from) {
    let same = true;
    for (let i = from; i < to && same; i++) same = known.charCodeAt(i - from) === bytes[i];
    if (same) return known;
  }
  const name = bytes.toString('latin1', from, to);
  if (names.size >= MAX_NAMES) names.clear();
  names.set(hash, name);
  return name;
}
