// isNodeName's rule (node-name.ts) as a loop over character codes, for the per-datagram sniff where a regular
// expression costs more than the check itself. test/parse/node-name-chars.test.ts holds the two to the same answers.
const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Letters, digits, '.', '-', '_'; 1 to 255 characters; starts with a letter or digit, ends with one or '_'. */
export function isNodeNameChars(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > 255 || !isAlnum(value.charCodeAt(0))) return false;
  for (let i = 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if (!(isAlnum(c) || c === 0x5f || ((c === 0x2e || c === 0x2d) && i < n - 1))) return false;
  }
  return true;
}
