// Keeps the generated tables of docs/configuration.md (and the README, if it carries the markers) in step with the
// schemas.
import { clusterFieldsMarkdown } from './inventory-docs.js';
import { configTableMarkdown } from './schema.js';

/** Marker name -> generator. A document holds `<!-- generated:NAME -->` ... `<!-- /generated:NAME -->`. */
export const GENERATED_SECTIONS: Readonly<Record<string, () => string>> = {
  'config-table': configTableMarkdown,
  'inventory-table': clusterFieldsMarkdown,
};

const SECTION_RE = /(<!-- generated:([a-z-]+) -->\n)([\s\S]*?)(<!-- \/generated:\2 -->)/g;

/** Returns the text with every marked section regenerated, and the names of the sections found. */
export function regenerateSections(text: string): { text: string; sections: string[] } {
  const sections: string[] = [];
  const out = text.replace(SECTION_RE, (whole, open: string, name: string, _body: string, close: string) => {
    const generate = GENERATED_SECTIONS[name];
    if (!generate) return whole;
    sections.push(name);
    return `${open}${generate()}${close}`;
  });
  return { text: out, sections };
}
