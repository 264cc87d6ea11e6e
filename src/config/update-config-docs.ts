// CLI: rewrites the generated tables in the given markdown files (default docs/configuration.md).
// Run: node --import tsx src/config/update-config-docs.ts [FILE...]
import { readFileSync, writeFileSync } from 'node:fs';
import { regenerateSections } from './config-docs.js';

const files = process.argv.slice(2);
for (const file of files.length > 0 ? files : ['docs/configuration.md']) {
  const before = readFileSync(file, 'utf8');
  const { text, sections } = regenerateSections(before);
  if (text !== before) writeFileSync(file, text);
  console.log(
    `${file}: ${sections.length > 0 ? sections.join(', ') : 'no generated sections'}${text === before ? ' (unchanged)' : ' (updated)'}`,
  );
}
