// Shared rendering helpers: one-line sanitising of any value and code-span splitting.

/** Collapse every control character and line separator so a value can never start a new line or block. */
export function oneLine(value: string | null | undefined): string {
  return String(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

/** Split prose into plain and `code` segments (backtick pairs), each one line. */
export function segments(text: string): { code: boolean; text: string }[] {
  const parts = oneLine(text).split('`');
  // An odd number of backticks: treat the last one literally by merging it back.
  if (parts.length % 2 === 0) {
    const last = parts.pop() ?? '';
    parts[parts.length - 1] += '`' + last;
  }
  return parts.map((t, i) => ({ code: i % 2 === 1, text: t })).filter((s) => s.text.length > 0);
}
