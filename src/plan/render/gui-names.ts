// The administration pages' long product names, shortened on paper: a GUI path then fits on one line. The plan's
// header lists the short names it uses; the JSON plan keeps the full names.

/** Longest first, so "Cisco Unified IM and Presence OS Administration" is not read as a shorter name. */
const GUI_ABBREVIATIONS: readonly (readonly [full: string, short: string])[] = [
  ['Cisco Unified CM IM and Presence Administration', 'IM&P Admin'],
  ['Cisco Unified IM and Presence OS Administration', 'IM&P OS Admin'],
  ['Cisco Unified CM Administration', 'CM Admin'],
  ['Cisco Unified OS Administration', 'OS Admin'],
];

export function abbreviateGui(text: string): string {
  let out = text;
  for (const [full, short] of GUI_ABBREVIATIONS) out = out.split(full).join(short);
  return out;
}

/** The short names a text uses, said in one line for the plan's header ("CM Admin, OS Admin = Cisco Unified CM, OS
 * Administration"). */
export function abbreviationsUsed(texts: readonly string[]): string | null {
  let rest = texts.join('\n');
  const used: (readonly [string, string])[] = [];
  for (const [full, short] of GUI_ABBREVIATIONS) {
    if (rest.includes(full)) used.push([full, short]);
    rest = rest.split(full).join('');
  }
  if (!used.length) return null;
  const middle = (full: string): string => full.replace(/^Cisco Unified /, '').replace(/ Administration$/, '');
  return `${used.map(([, short]) => short).join(', ')} = Cisco Unified ${used.map(([full]) => middle(full)).join(', ')} Administration`;
}
