// One stage per trust-store entry that is not a copy of an own certificate (brief 4.4): classify, then act.
import type { StepCondition } from '../types.js';
import type { StageDraft } from '../types.js';
import { TRUST_CLASSES, type TrustClass } from '../rules/trust-classes.js';
import { fill } from '../rules/steps/fill.js';
import { CERT_PAGE } from '../rules/steps/shared.js';
import { stepText } from '../rules/steps/step-text.js';
import {
  AFTER_STORE_CHANGE,
  CLASSIFIED_BECAUSE,
  EXPIRED_ENTRY,
  IDENTIFY,
  IDENTIFY_WARNING,
  OLD_CAPF_LSC_CHECK,
  ONLY_IF_CONFIRMED,
  PRELOADED_WAIT,
  RENEW,
  RENEWED_GATE,
  STILL_LISTED,
  TRUST_STAGE_TITLE,
  UNREPORTED_NAME,
  UPLOAD_RENEWED,
} from '../rules/steps/trust-entries.js';
import type { PlanBuilder } from './builder.js';
import { cliName, ctlUpdateSteps, deletionSteps, gateStep, restartSteps, type RestartItem } from './common-steps.js';
import type { TrustWork } from './work-items.js';

export function buildTrustStage(b: PlanBuilder, work: TrustWork, index: number, expired: boolean): StageDraft {
  const store = work.store;
  const cert = work.certificate ?? UNREPORTED_NAME;
  const cls: TrustClass = work.classification?.cls ?? 'external-partner';
  const confident = work.classification?.confident ?? false;
  const key = `trust-${store.store}-${cert}`;
  b.stage = index;
  const stage: StageDraft = {
    index,
    title: fill(TRUST_STAGE_TITLE, { store: store.store, entry: cert }),
    unit: store.store,
    anchor: null,
    nodes: work.reportedBy,
  };
  const holders = work.reportedBy;
  const allNodes = [...b.topo.cucm, ...b.topo.imp];
  const restarts: RestartItem[] = store.restarts.map((r) => ({ ...r, why: '4.4-delete' }));
  const name = cliName(work.certificate);
  const classTitle = TRUST_CLASSES.find((c) => c.cls === cls)?.title ?? cls;
  const vars = {
    store: store.store, entry: cert, classTitle, name: name.text,
    certPage: CERT_PAGE.cucm, trust: store.store, trustUnit: store.store.replace(/-trust$/i, ''),
  };
  // Always identify the entry first (a pre-check); when the class is only a guess, the steps that follow depend on it.
  b.stage = null;
  b.add('pre-checks', {
    key: `${key}-identify`,
    ...stepText(IDENTIFY, {
      ...vars,
      classification: work.classification
        ? fill(CLASSIFIED_BECAUSE, { classTitle, reason: work.classification.reason })
        : classTitle,
    }),
    nodes: holders.length ? holders : [b.topo.publisher],
    warnings: [
      ...(!b.topo.known && work.certificate
        ? [fill(IDENTIFY_WARNING.maybeOwnCopy, { host: work.certificate.replace(/\.(der|pem|crt|cer)$/i, '') })]
        : []),
      ...(confident ? [] : [IDENTIFY_WARNING.guessed]),
    ],
  });
  b.stage = index;
  const condition: StepCondition | undefined = confident
    ? undefined
    : { items: ['trustClass'], text: fill(ONLY_IF_CONFIRMED, vars) };
  const within = <T,>(fn: () => T): T => (condition ? b.within([], fn, condition) : fn());
  within(() => {
    if (cls === 'external-partner' || cls === 'ca-chain') {
      const renew = cls === 'ca-chain' ? RENEW.caChain : RENEW.partner;
      b.add('partners', { key: `${key}-renew`, ...stepText(renew, vars), nodes: ['the partner system / CA'] });
      b.add('change', {
        key: `${key}-upload`, ...stepText(UPLOAD_RENEWED, vars),
        nodes: [b.topo.publisher], why: [...renew.why!],
        warnings: expired ? [EXPIRED_ENTRY] : [],
        effects: {
          change: {
            unit: store.store,
            store: 'trust',
            method: 'trust-upload',
            nodes: allNodes,
            signing: 'unknown',
            ctlRelevant: store.ctlRelevant,
          },
        },
      });
      if (store.ctlRelevant) ctlUpdateSteps(b, key, ['4.4-classify']);
      restartSteps(b, key, restarts, []);
      const gate = stepText(RENEWED_GATE, vars);
      gateStep(b, `${key}-upload`, gate.title, {
        commands: gate.commands,
        nodes: allNodes,
        why: gate.why,
        expect: gate.expect,
      });
      if (store.after) {
        b.add('partners', {
          key: `${key}-after`,
          ...stepText(AFTER_STORE_CHANGE, vars),
          action: store.after,
          nodes: [b.topo.publisher],
        });
      }
      deletionSteps(
        b,
        `${key}-old`,
        [{ display: store.store, deletionResetsPhones: store.deletionResetsPhones, restarts }],
        work.certificate,
        holders,
        [...renew.why!],
      ).forEach((s) => {
        s.condition = s.condition
          ? { ...s.condition, text: `${STILL_LISTED} ${s.condition.text}` }
          : { items: [], text: STILL_LISTED };
      });
      return;
    }
    if (cls === 'expired-preloaded') {
      if (!expired) {
        b.add('clean-up', { key: `${key}-wait`, ...stepText(PRELOADED_WAIT, vars), nodes: [b.topo.publisher] });
        return;
      }
      deletionSteps(
        b,
        key,
        [{ display: store.store, deletionResetsPhones: store.deletionResetsPhones, restarts }],
        work.certificate,
        holders,
        ['4.4-preloaded'],
      );
      return;
    }
    if (cls === 'old-capf') {
      b.add('verify', {
        key: `${key}-lsc-check`, ...stepText(OLD_CAPF_LSC_CHECK, vars),
        nodes: [b.topo.publisher], effects: { gate: true },
      });
      // An old CAPF sits in CAPF-trust and CallManager-trust: both deletions share one stop and start of the services.
      const stores = [{ display: store.store, deletionResetsPhones: true, restarts }];
      if (store.store === 'CAPF-trust') {
        stores.push({
          display: 'CallManager-trust',
          deletionResetsPhones: true,
          restarts: [
            { service: 'callManager', on: 'all-cucm', why: '4.4-delete' },
            { service: 'tftp', on: 'tftp', why: '4.4-delete' },
          ],
        });
      }
      deletionSteps(b, key, stores, work.certificate, holders, ['4.4-old-capf']);
    }
  });
  return stage;
}
