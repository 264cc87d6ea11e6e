// The inventory reference table of docs/configuration.md, generated from the one cluster schema (and tested against
// that file): a field added to the schema appears in the docs, with its allowed values and default.
import { ClusterSchema, type InventoryKeywords } from '../domain/cluster-schema.js';

interface FieldSchema extends InventoryKeywords {
  default?: unknown;
  enum?: readonly string[];
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  required?: readonly string[];
}

/** One row of the table: the field as written in the YAML, what it takes, its default, how to read it on CUCM. */
export interface ClusterFieldDoc {
  field: string;
  values: string;
  default: string;
  howToRead: string;
}

const code = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

function row(field: string, schema: FieldSchema, required: boolean): ClusterFieldDoc {
  const listed = schema.enum ?? schema.items?.enum;
  const values = schema.valuesText ?? (listed ? code(listed) : 'text');
  const fallback = required ? '(required)' : '(none)';
  const defaultText =
    schema.defaultText ??
    (schema.default === undefined
      ? fallback
      : `\`${typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default)}\``);
  return { field, values, default: defaultText, howToRead: schema.howToRead ?? '' };
}

/**
 * A mapping is documented field by field (`sso.enabled`, `nodes[].name`), unless its keys are all alike (it names
 * them with `keyName`): then it is one row (`signing.<unit>`).
 */
function rows(schema: FieldSchema, prefix: string): ClusterFieldDoc[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, field]) => {
    if (field.keyName !== undefined) return [row(`${prefix}${key}.<${field.keyName}>`, field, false)];
    if (field.items?.properties) return rows(field.items, `${prefix}${key}[].`);
    if (field.properties) return rows(field, `${prefix}${key}.`);
    return [row(`${prefix}${key}`, field, (schema.required ?? []).includes(key))];
  });
}

export const CLUSTER_FIELD_DOCS: readonly ClusterFieldDoc[] = rows(ClusterSchema as FieldSchema, '');

/** The inventory reference table for docs/configuration.md. */
export function clusterFieldsMarkdown(): string {
  const cell = (value: string) => value.replace(/\|/g, '\\|');
  const lines = ['| Field | Values | Default | How to read it on CUCM |', '|---|---|---|---|'];
  for (const doc of CLUSTER_FIELD_DOCS) {
    lines.push(`| \`${doc.field}\` | ${cell(doc.values)} | ${cell(doc.default)} | ${cell(doc.howToRead)} |`);
  }
  return lines.join('\n') + '\n';
}
