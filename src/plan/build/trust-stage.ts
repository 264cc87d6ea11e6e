// One stage per trust-store entry that is not a copy of an own certificate (brief 4.4): classify, then act.
import type { StepCondition } from '../types.js';
import type { StageDraft } from '../types.js';
import { TRUST_CLASSES, type TrustClass } from '../rules/trust-classes.js';
import type { PlanBuilder } from './builder.js';
import { cliName, ctlUpdateSteps, deletionSteps, gateStep, restartSteps, type RestartItem } from './common-steps.js';
import type { TrustWork } from './work-items.js';

const OS_CERT_GUI = 'Cisco Unified OS Administration > Security > Certificate Management';

export function buildTrustStage(b: PlanBuilder, work: TrustWork, index: number, expired: boolean): StageDraft {
  const store = work.store;
  const cert = work.certificate ?? '(name not reported)';
  const cls: TrustClass = work.classification?.cls ?? 'external-partner';
  const confident = work.classification?.confident ?? false;
  const key = `trust-${store.store}-${cert}`;
  b.stage = index;
  const stage: StageDraft = { index, title: `${store.store}: ${cert}`, unit: store.store, anchor: null, nodes: work.reportedBy };
  const holders = work.reportedBy;
  const allNodes = [...b.topo.cucm, ...b.topo.imp];
  const restarts: RestartItem[] = store.restarts.map((r) => ({ ...r, why: '4.4-delete' }));
  const name = cliName(work.certificate);
  const classTitle = TRUST_CLASSES.find((c) => c.cls === cls)?.title ?? cls;
  // Always identify the entry first (a pre-check); when the class is only a guess, the steps that follow depend on it.
  b.stage = null;
  b.add('pre-checks', {
    key: `${key}-identify`, title: `Identify ${cert} in ${store.store}`,
    action: `Nothing is regenerated in a trust store. Look at the entry's Subject, Issuer and validity to confirm what it is. The engine classified it as ${classTitle}${work.classification ? ` (${work.classification.reason})` : ''}.`,
    commands: [`show cert trust ${store.store}/${name.text}`, 'show cert list trust'],
    nodes: holders.length ? holders : [b.topo.publisher],
    warnings: [
      ...(!b.topo.known && work.certificate ? [`The cluster's nodes are not in the inventory: if ${work.certificate.replace(/\.(der|pem|crt|cer)$/i, '')} is a node of this cluster (check \`show network cluster\`), this entry is a copy of that node's own certificate: renew the matching unit on that node instead (a planned renewal of e.g. tomcat for that node) and skip the steps below.`] : []),
      ...(confident ? [] : ['This classification is a guess from the name: if the entry turns out to be something else (an external partner\'s certificate, a CA certificate, an unused or Cisco-preloaded certificate, a copy of one of this cluster\'s node certificates), plan it as that class instead.']),
    ],
    why: ['4.4-classify'],
    expect: [`You know whether ${cert} is an external partner's certificate, a CA certificate, an unused/preloaded one or an old CAPF.`],
  });
  b.stage = index;
  const condition: StepCondition | undefined = confident ? undefined : { items: ['trustClass'], text: `Only if the check confirms ${cert} is ${classTitle}.` };
  const within = <T>(fn: () => T): T => (condition ? b.within([], fn, condition) : fn());
  within(() => {
    if (cls === 'external-partner' || cls === 'ca-chain') {
      b.add('partners', {
        key: `${key}-renew`, title: cls === 'ca-chain' ? `Get the new CA certificate chain for ${cert}` : `Have ${cert} renewed by its owner`,
        action: cls === 'ca-chain'
          ? 'Get the new root/intermediate certificates from the CA and make sure every certificate it signs (on this cluster and on partners) is re-issued from the new chain first.'
          : 'on the partner system that owns it; get the renewed certificate (or its CA)',
        nodes: ['the partner system / CA'], why: [cls === 'ca-chain' ? '4.4-ca-chain' : '4.4-partner'],
        expect: ['You hold the renewed certificate file.'],
      });
      b.add('change', {
        key: `${key}-upload`, title: `Upload the renewed certificate to ${store.store}`,
        action: 'One with the same CN replaces the old entry (unless the old one starts later); what remains is deleted after the gate.',
        commands: [`set cert import trust ${store.store.replace(/-trust$/i, '')}`],
        gui: [`${OS_CERT_GUI} > Upload Certificate/Certificate chain (Certificate Purpose: ${store.store})`],
        nodes: [b.topo.publisher], why: [cls === 'ca-chain' ? '4.4-ca-chain' : '4.4-partner'],
        warnings: expired ? ['The entry has already expired: connections that depend on it fail until the renewed certificate is in place.'] : [],
        expect: ['`show cert list trust` lists the renewed certificate on every node.'],
        effects: { change: { unit: store.store, store: 'trust', method: 'trust-upload', nodes: allNodes, signing: 'unknown', ctlRelevant: store.ctlRelevant } },
      });
      if (store.ctlRelevant) ctlUpdateSteps(b, key, ['4.4-classify']);
      restartSteps(b, key, restarts, []);
      gateStep(b, `${key}-upload`, `Verify the renewed ${cert} is trusted`, {
        commands: ['show cert list trust'], nodes: allNodes, why: ['4.4-partner'],
        expect: ['The renewed certificate is listed on every node.', 'Connections to the partner work (trunk up, integration green).', 'Registered-device counts back to the baseline.'],
      });
      if (store.after) b.add('partners', { key: `${key}-after`, title: `After changing ${store.store}`, action: store.after, nodes: [b.topo.publisher], why: ['4.4-classify'] });
      deletionSteps(b, `${key}-old`, [{ display: store.store, deletionResetsPhones: store.deletionResetsPhones, restarts }], work.certificate, holders,
        [cls === 'ca-chain' ? '4.4-ca-chain' : '4.4-partner']).forEach((s) => {
        const still = 'Only if the old entry is still listed after the upload (one with the same CN is replaced by it).';
        s.condition = s.condition ? { ...s.condition, text: `${still} ${s.condition.text}` } : { items: [], text: still };
      });
      return;
    }
    if (cls === 'expired-preloaded') {
      if (!expired) {
        b.add('clean-up', {
          key: `${key}-wait`, title: `${cert} is Cisco-preloaded: delete it once it has expired`,
          action: 'A Cisco-preloaded certificate that is not used can be left alone until it expires, then deleted. Low impact. Expired trust certificates are not carried over by upgrades from 12.5(1)SU6 / 14SU2.',
          nodes: [b.topo.publisher], why: ['4.4-preloaded'],
        });
        return;
      }
      deletionSteps(b, key, [{ display: store.store, deletionResetsPhones: store.deletionResetsPhones, restarts }], work.certificate, holders, ['4.4-preloaded']);
      return;
    }
    if (cls === 'old-capf') {
      b.add('verify', {
        key: `${key}-lsc-check`, title: 'Check no phone still uses an LSC from this CAPF',
        action: `If ${cert} is the current CAPF of this cluster, do not delete it: plan a CAPF renewal on the publisher instead. If it is the old CAPF of an earlier CAPF change, delete it only after every LSC it issued has been re-issued.`,
        commands: ['show cert own CAPF/CAPF.pem'],
        gui: ['Cisco Unified CM Administration > Device > Phone > Find (LSC Issued By / LSC Expires columns)'],
        nodes: [b.topo.publisher], why: ['4.4-old-capf'], effects: { gate: true },
        expect: [`${cert} is not the publisher's current CAPF and no phone holds an LSC it issued.`],
      });
      // An old CAPF sits in CAPF-trust and CallManager-trust: both deletions share one stop and start of the services.
      const stores = [{ display: store.store, deletionResetsPhones: true, restarts }];
      if (store.store === 'CAPF-trust') stores.push({ display: 'CallManager-trust', deletionResetsPhones: true, restarts: [{ service: 'callManager', on: 'all-cucm', why: '4.4-delete' }, { service: 'tftp', on: 'tftp', why: '4.4-delete' }] });
      deletionSteps(b, key, stores, work.certificate, holders, ['4.4-old-capf']);
    }
  });
  return stage;
}
