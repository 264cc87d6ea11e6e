// Text that ends up in Markdown (the plan for a change request, the runbook attachment): one line, every character
// that Markdown or raw HTML would read as markup escaped, so a hostile name from the wire stays text.

/** Escape Markdown/HTML-significant characters (links, emphasis, raw HTML, tables, headings) in one-line text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#+|~&]/g, (c) => `\\${c}`);
}
