// Filling a catalogue text's `{name}` placeholders. A placeholder the builder did not give throws: a missing value can
// never reach a plan as a literal `{name}` (or an empty string) without a test failing.
export type Vars = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Replace each `{name}` with vars[name], in one pass (a value that itself contains `{x}` is not filled again).
 * Names given but not used are allowed: a builder passes one set of names (e.g. a unit's) to several texts.
 */
export function fill(template: string, vars: Vars = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(vars, name)) throw new Error(`fill: no value for {${name}} in "${template}"`);
    return vars[name]!;
  });
}

/** fill for each text of a list; always a new array (steps' lists are appended to after they are added). */
export function fillAll(templates: readonly string[] | undefined, vars: Vars = {}): string[] {
  return (templates ?? []).map((t) => fill(t, vars));
}
