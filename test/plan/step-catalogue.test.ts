// The step catalogue (src/plan/rules/steps/): fill() never lets a missing value through, entries are not changed by the
// plans that use them, every placeholder is one the builders give, and no plan over a sample of the rules matrix keeps
// a `{name}` unfilled.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { buildPlan, renderPlanMarkdown, renderPlanText, type Plan } from '../../src/plan/index.js';
import { cellCluster, cellTargets, ruleCells, wholeClusterShapes } from '../../src/plan/matrix.js';
import { fill, fillAll, placeholders } from '../../src/plan/rules/steps/fill.js';
import { CSR } from '../../src/plan/rules/steps/change.js';
import { stepText } from '../../src/plan/rules/steps/step-text.js';
import { NOW } from './fixtures.js';

const UNFILLED = /\{[A-Za-z][A-Za-z0-9]*\}/;

describe('fill', () => {
  test('replaces every placeholder, the same name as often as it occurs', () => {
    assert.equal(
      fill('Stop Cisco Tftp on {node}; {node} first.', { node: 'cucm01' }),
      'Stop Cisco Tftp on cucm01; cucm01 first.',
    );
  });
  test('throws on a placeholder it was not given, naming it', () => {
    assert.throws(() => fill('Regenerate {unit} on {node}', { unit: 'tomcat' }), /no value for \{node\}/);
    assert.throws(() => fill('{unit}'), /no value for \{unit\}/);
  });
  test('an empty value is a value (a variant that says nothing)', () => {
    assert.equal(fill('Else phones reset{reason}.', { reason: '' }), 'Else phones reset.');
  });
  test('fills in one pass: a value that looks like a placeholder stays as it is', () => {
    assert.equal(fill('Delete {entry}', { entry: '{node}.pem' }), 'Delete {node}.pem');
  });
  test('names given but not used are allowed; text without braces is returned as is', () => {
    assert.equal(fill('show cert list own', { unit: 'CAPF' }), 'show cert list own');
  });
  test('leaves what is not a placeholder alone (a brace with a space, an empty pair)', () => {
    assert.equal(fill('{ x } and {}', {}), '{ x } and {}');
  });
  test('placeholders lists each name once, in order', () => {
    assert.deepEqual(placeholders('{unit} on {node}, {unit} again'), ['unit', 'node']);
  });
});

describe('stepText', () => {
  test('fills every text of an entry and returns arrays the builder may append to without changing the entry', () => {
    const filled = stepText(CSR, { unit: 'tomcat', nodes: 'cucm01, cucm02', certPage: 'Page' });
    assert.equal(filled.title, 'A CSR for tomcat on cucm01, cucm02, signed by your CA');
    assert.deepEqual(filled.commands, ['set csr gen tomcat']);
    assert.deepEqual(filled.warnings, [
      'Never `set cert regen tomcat` a CA-signed certificate: it becomes self-signed.',
    ]);
    filled.warnings.push('extra');
    filled.why.push('extra');
    assert.equal(CSR.warnings!.length, 1);
    assert.deepEqual(CSR.why, ['4.1.2-signing', '4.1.2-no-regen-ca']);
    assert.notEqual(fillAll(CSR.expect), CSR.expect);
  });
  test('an entry missing a name its builder must give throws, whichever field holds it', () => {
    assert.throws(() => stepText(CSR, { unit: 'tomcat', nodes: 'cucm01' }), /\{certPage\}/);
  });
});

const STEPS = new URL('../../src/plan/rules/steps/', import.meta.url);
const BUILD = new URL('../../src/plan/build/', import.meta.url);
/** The builders whose texts moved to the catalogue. */
const BUILDERS = ['unit-stage.ts', 'common-steps.ts', 'global-steps.ts', 'trust-stage.ts', 'fn70613.ts', 'undo.ts'];

/** Every string a catalogue module exports, with where it is (module and path). */
async function catalogueStrings(): Promise<{ where: string; text: string }[]> {
  const dir = STEPS;
  const out: { where: string; text: string }[] = [];
  const walk = (value: unknown, where: string): void => {
    if (typeof value === 'string') out.push({ where, text: value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`);
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) walk(value, `${file} ${name}`);
  }
  return out;
}

/** The names the builders give (documented in each catalogue file's header or beside the entry). */
const GIVEN = new Set([
  'unit',
  'file',
  'node',
  'nodes',
  'certPage',
  'trust',
  'trustUnit',
  'sanPublisher',
  'sanMembers',
  'validity',
  'notes',
  'note',
  'services',
  'service',
  'reason',
  'store',
  'stores',
  'storeUnit',
  'entry',
  'pageEntry',
  'name',
  'classification',
  'classTitle',
  'host',
  'label',
  'signer',
  'certificate',
  'reporters',
  'pass',
  'ctl',
  'redo',
  'sso',
  'url',
]);

describe('the catalogue', () => {
  test('every placeholder is a name the builders give (a misspelt one would only throw once a plan reaches it)', async () => {
    const strings = await catalogueStrings();
    assert.ok(strings.length > 150, `catalogue read: ${strings.length} texts`);
    const unknown = strings.flatMap(({ where, text }) =>
      placeholders(text)
        .filter((n) => !GIVEN.has(n))
        .map((n) => `${where}: {${n}}`),
    );
    assert.deepEqual(unknown, []);
  });
  test('no sentence is written twice in the catalogue or the builders (a shared text is one entry)', () => {
    const files = [
      ...readdirSync(STEPS).filter((f) => f.endsWith('.ts')).map((f) => new URL(f, STEPS)),
      ...BUILDERS.map((f) => new URL(f, BUILD)),
    ];
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const file of files) {
      // Quoted and backquoted literals of sentence length; shorter ones are commands and fragments.
      for (const m of readFileSync(file, 'utf8').matchAll(/'((?:[^'\\\n]|\\.){40,})'|`((?:[^`\\]|\\.){40,})`/g)) {
        const text = m[1] ?? m[2]!;
        const where = file.pathname.split('/').slice(-2).join('/');
        const first = seen.get(text);
        if (first) twice.push(`${first} and ${where}: ${text}`);
        else seen.set(text, where);
      }
    }
    assert.ok(seen.size > 100, `${seen.size} sentences read`);
    assert.deepEqual(twice, []);
  });
});

describe('plans over a sample of the rules matrix', () => {
  const plans = function* (): Generator<{ label: string; plan: Plan }> {
    let k = 0;
    for (const cell of ruleCells()) {
      if (k++ % 37 !== 0) continue;
      const cluster = cellCluster(cell);
      const targets = cellTargets(cell);
      yield { label: `cell ${k}`, plan: buildPlan({ cluster, targets, now: NOW }) };
      // The other routes, the fallback to self-signed and an expired certificate reach the texts a standard plan does
      // not.
      const expired = targets.map((t) => ({
        ...t,
        expiresAt: new Date(NOW.getTime() - 86_400_000).toISOString(),
        expiresAtPrecision: 'exact' as const,
        urgency: 'expired' as const,
      }));
      yield {
        label: `cell ${k} ordered-tftp`,
        plan: buildPlan({
          cluster,
          targets: expired,
          now: NOW,
          options: { route: 'ordered-tftp', fallbackToSelfSigned: true },
        }),
      };
      yield {
        label: `cell ${k} rollback`,
        plan: buildPlan({ cluster, targets, now: NOW, options: { route: 'rollback' } }),
      };
    }
    let s = 0;
    for (const { cell, targets } of wholeClusterShapes()) {
      if (s++ % 5 === 0) {
        yield { label: `whole cluster ${s}`, plan: buildPlan({ cluster: cellCluster(cell), targets, now: NOW }) };
      }
    }
  };
  test('no plan (JSON, text or Markdown) keeps a {placeholder} unfilled', () => {
    let n = 0;
    const texts = new Set<string>();
    for (const { label, plan } of plans()) {
      n++;
      for (const out of [JSON.stringify(plan), renderPlanText(plan), renderPlanMarkdown(plan)]) {
        const m = UNFILLED.exec(out);
        assert.equal(
          m,
          null,
          `${label}: ${m?.[0]} in …${out.slice(Math.max(0, (m?.index ?? 0) - 80), (m?.index ?? 0) + 40)}…`,
        );
      }
      for (const step of plan.phases.flatMap((p) => p.steps)) texts.add(step.title);
    }
    assert.ok(n > 1000, `${n} plans`);
    // The sample reaches the recipes whose texts carry the most names.
    for (const title of [
      'Stop Cisco Tftp on',
      'One multi-server (SAN) CSR for',
      'Set "Prepare Cluster for Rollback to pre 8.0" to True',
      'Identify ',
    ]) {
      assert.ok(
        [...texts].some((t) => t.startsWith(title)),
        `no plan has a step "${title}…"`,
      );
    }
  });
});
