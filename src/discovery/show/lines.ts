// Line handling shared by the `show` parsers: pasted text arrives with CR/LF of any kind, tabs and trailing spaces.

/** Lines without their ends and trailing blanks. */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.trimEnd());
}

/** The value after `label:` on a line that starts with it (blanks before the label allowed); null otherwise. */
export function valueAfter(line: string, label: string): string | null {
  const trimmed = line.trimStart();
  if (!trimmed.toLowerCase().startsWith(label.toLowerCase())) return null;
  const rest = trimmed.slice(label.length);
  return rest.startsWith(':') ? rest.slice(1).trim() : null;
}
