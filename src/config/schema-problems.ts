// Turns TypeBox's validation errors into the problems an admin reads: every one, each with its path in the document
// (`clusters[0].nodes[1].timeZone`), the offending value and what was expected, "did you mean" for a mistyped key.
import type { TSchema } from 'typebox';
import { Format } from 'typebox/format';
import type { TLocalizedValidationError } from 'typebox/error';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';
import { didYouMean } from './did-you-mean.js';

/** The keywords of a schema this module reads, TypeBox's own and the inventory's (`problem`, `keyName`). */
interface SchemaView {
  type?: string;
  enum?: readonly unknown[];
  anyOf?: SchemaView[];
  properties?: Record<string, SchemaView>;
  minLength?: number;
  maxLength?: number;
  problem?: string;
  keyName?: string;
  knownKeys?: readonly string[];
}

/** A document with more problems than this is more likely the wrong file than one to fix line by line. */
export const MAX_PROBLEMS = 200;

const formatProblems = new Map<string, (text: string) => string | null>();

/** Registers a string `format`: `problemOf` returns null for a valid text, else what is wrong with it. */
export function registerFormat(name: string, problemOf: (text: string) => string | null): void {
  formatProblems.set(name, problemOf);
  Format.Set(name, (text) => problemOf(text) === null);
}

export const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** The value as a message names it: scalars as written, containers by their kind. */
function subject(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return shown(value);
}

/** What was found, for "must be X, found Y". */
export function found(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return subject(value);
  return `${typeof value} ${shown(value)}`;
}

const isContainer = (value: unknown) => typeof value === 'object' && value !== null;
const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
};

const decode = (fragment: string) => fragment.replace(/~1/g, '/').replace(/~0/g, '~');
const segmentsOf = (pointer: string) =>
  pointer === '' || pointer === '#' ? [] : pointer.replace(/^#/, '').split('/').slice(1).map(decode);

function descend(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (!isContainer(current) || !Object.hasOwn(current as object, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** `clusters[0].signing.tomcat` from ['clusters', '0', 'signing', 'tomcat']. */
function pathText(root: unknown, segments: readonly string[]): string {
  let text = '';
  segments.forEach((segment, i) => {
    const parent = descend(root, segments.slice(0, i));
    text += Array.isArray(parent) ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  });
  return text;
}

const at = (path: string, message: string) => (path === '' ? message : `${path}: ${message}`);
const child = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** The message for one error at a value, from the schema's `problem` when it has one. */
function messageFor(error: TLocalizedValidationError, schema: SchemaView, value: unknown): string {
  const problem = schema.problem;
  const scalar = !isContainer(value);
  switch (error.keyword) {
    case 'type': {
      if (problem !== undefined && scalar) return `${subject(value)} ${problem}`;
      return `must be ${TYPE_WORDS[schema.type ?? ''] ?? schema.type}, found ${found(value)}`;
    }
    case 'enum': {
      const values = (schema.enum ?? []).join(', ');
      return scalar ? `${subject(value)} must be one of ${values}` : `must be one of ${values}, found ${found(value)}`;
    }
    case 'anyOf':
      return scalar
        ? `${subject(value)} ${problem ?? 'is not an accepted value'}`
        : `${problem ?? 'is not an accepted value'}, found ${found(value)}`;
    case 'format': {
      const format = (error.params as { format?: string }).format ?? '';
      const reason =
        (typeof value === 'string' ? formatProblems.get(format)?.(value) : null) ??
        problem ??
        `is not a valid ${format}`;
      return `${subject(value)} ${reason}`;
    }
    case 'minLength':
      if (schema.minLength === 1) {
        return problem !== undefined ? `${subject(value)} ${problem}` : `must be non-empty text, found ${found(value)}`;
      }
      return `is shorter than ${schema.minLength} characters`;
    case 'maxLength':
      return `is longer than ${schema.maxLength} characters`;
    default:
      return problem !== undefined ? `${subject(value)} ${problem}` : error.message;
  }
}

/**
 * Drops what a failed union's branches said, except where the value is a list or mapping and exactly one branch
 * takes that kind (`tftpServers: [cucm01, 5]`): then that branch's errors are the useful ones, not the union's.
 */
function withoutBranchNoise(
  errors: TLocalizedValidationError[],
  schemaAt: (path: string) => SchemaView,
  valueAt: (path: string) => unknown,
): TLocalizedValidationError[] {
  const silenced: string[] = [];
  const replaced = new Set<TLocalizedValidationError>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf') continue;
    const branches = schemaAt(error.schemaPath).anyOf ?? [];
    const value = valueAt(error.instancePath);
    const kind = Array.isArray(value) ? 'array' : isContainer(value) ? 'object' : null;
    const fitting =
      kind === null ? [] : branches.map((branch, i) => [branch, i] as const).filter(([branch]) => branch.type === kind);
    const keep = fitting.length === 1 ? fitting[0]?.[1] : undefined;
    branches.forEach((_, i) => {
      if (i !== keep) silenced.push(`${error.schemaPath}/anyOf/${i}`);
    });
    if (keep !== undefined) replaced.add(error);
  }
  const isSilenced = (path: string) => silenced.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return errors.filter((error) => !replaced.has(error) && !isSilenced(error.schemaPath));
}

/**
 * Every way `value` fails `schema`, as `path: message` lines (just the message at the root), in the schema's order.
 * Empty when the value is valid.
 */
export function schemaProblems(schema: TSchema, value: unknown): string[] {
  // TypeBox stops after 8 errors by default; the admin should see every problem of the document at once.
  const limit = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_PROBLEMS });
  let errors: TLocalizedValidationError[];
  try {
    errors = Value.Errors(schema, value);
  } finally {
    Settings.Set({ maxErrors: limit });
  }
  const schemaAt = (path: string) => descend(schema, segmentsOf(path)) as SchemaView;
  const valueAt = (path: string) => descend(value, segmentsOf(path));

  const problems: string[] = [];
  for (const error of withoutBranchNoise(errors, schemaAt, valueAt)) {
    const segments = segmentsOf(error.instancePath);
    const path = pathText(value, segments);
    const own = schemaAt(error.schemaPath);
    if (error.keyword === 'boolean') continue; // `additionalProperties: false` per key; reported with the mapping below
    if (error.keyword === 'required') {
      for (const key of (error.params as { requiredProperties: string[] }).requiredProperties) {
        problems.push(at(child(path, key), 'is required'));
      }
    } else if (error.keyword === 'additionalProperties') {
      const known = own.knownKeys ?? Object.keys(own.properties ?? {});
      for (const key of (error.params as { additionalProperties: string[] }).additionalProperties) {
        const guess = didYouMean(key, known);
        // A short list of what is allowed helps more than nothing; the 19 items of a cluster would not.
        const hint = guess
          ? ` (did you mean ${guess}?)`
          : known.length <= 10
            ? ` (expected one of ${known.join(', ')})`
            : '';
        problems.push(at(child(path, key), `unknown ${own.keyName ?? 'field'}${hint}`));
      }
    } else if (error.keyword === 'uniqueItems') {
      const list = valueAt(error.instancePath) as unknown[];
      for (const index of (error.params as { duplicateItems: number[] }).duplicateItems) {
        problems.push(at(`${path}[${index}]`, `${subject(list[index])} is listed twice`));
      }
    } else {
      problems.push(at(path, messageFor(error, own, valueAt(error.instancePath))));
    }
  }
  if (errors.length >= MAX_PROBLEMS) problems.push(`(stopped after ${MAX_PROBLEMS} problems)`);
  return problems;
}
