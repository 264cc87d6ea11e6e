// A trust-store entry that is not a copy of an own certificate (brief 4.4): identify it, then renew and upload it, wait
// for a preloaded one to expire, or check an old CAPF is unused before it is deleted (deletions.ts).
// {store} the trust store, {storeUnit} it as the CLI takes it, {entry} the entry's name (or UNREPORTED_NAME), {name}
// the name safe for the CLI, {classTitle} the class (rules/trust-classes.ts).
import { CA_CHAIN } from './change.js';
import { COUNTS_BACK, LSC_COLUMNS_GUI } from './shared.js';
import type { StepText } from './step-text.js';

export const UNREPORTED_NAME = '(name not reported)';

export const TRUST_STAGE_TITLE = '{store}: {entry}';

/** `{classification}`: the class's title, with CLASSIFIED_BECAUSE when the classifier gave a reason. */
export const IDENTIFY: StepText = {
  title: 'Identify {entry} in {store}',
  action:
    "Nothing is regenerated in a trust store. Look at the entry's Subject, Issuer and validity to confirm what it is. The engine classified it as {classification}.",
  commands: ['show cert trust {store}/{name}', 'show cert list trust'],
  why: ['4.4-classify'],
  expect: [
    "You know whether {entry} is an external partner's certificate, a CA certificate, an unused/preloaded one or an old CAPF.",
  ],
};

export const CLASSIFIED_BECAUSE = '{classTitle} ({reason})';

export const IDENTIFY_WARNING = {
  /** The nodes are unknown: `{host}` is the entry's name without its extension. */
  maybeOwnCopy:
    "The cluster's nodes are not in the inventory: if {host} is a node of this cluster (check `show network cluster`), this entry is a copy of that node's own certificate: renew the matching unit on that node instead (a planned renewal of e.g. tomcat for that node) and skip the steps below.",
  guessed:
    "This classification is a guess from the name: if the entry turns out to be something else (an external partner's certificate, a CA certificate, an unused or Cisco-preloaded certificate, a copy of one of this cluster's node certificates), plan it as that class instead.",
} as const;

/** The steps after the identification when the class is only a guess. */
export const ONLY_IF_CONFIRMED = 'Only if the check confirms {entry} is {classTitle}.';

/** Renewed by whoever issued it: the CA (a chain) or the partner that owns it. */
export const RENEW: { caChain: StepText; partner: StepText } = {
  caChain: {
    title: 'Get the new CA certificate chain for {entry}',
    action:
      'Get the new root/intermediate certificates from the CA and make sure every certificate it signs (on this cluster and on partners) is re-issued from the new chain first.',
    why: ['4.4-ca-chain'],
    expect: ['You hold the renewed certificate file.'],
  },
  partner: {
    title: 'Have {entry} renewed by its owner',
    action: 'on the partner system that owns it; get the renewed certificate (or its CA)',
    why: ['4.4-partner'],
    expect: ['You hold the renewed certificate file.'],
  },
};

/** The same command and page as a CA chain's upload ({certPage}, {trust} the store, {trustUnit}); `why` by class. */
export const UPLOAD_RENEWED: StepText = {
  title: 'Upload the renewed certificate to {trust}',
  action:
    'One with the same CN replaces the old entry (unless the old one starts later); what remains is deleted after the gate.',
  commands: CA_CHAIN.commands,
  gui: CA_CHAIN.gui,
  expect: ['`show cert list trust` lists the renewed certificate on every node.'],
};

export const EXPIRED_ENTRY =
  'The entry has already expired: connections that depend on it fail until the renewed certificate is in place.';

export const RENEWED_GATE: StepText = {
  title: 'Verify the renewed {entry} is trusted',
  commands: ['show cert list trust'],
  why: ['4.4-partner'],
  expect: [
    'The renewed certificate is listed on every node.',
    'Connections to the partner work (trunk up, integration green).',
    COUNTS_BACK,
  ],
};

/** The action is the store's own (rules/trust-stores.ts `after`). */
export const AFTER_STORE_CHANGE: StepText = { title: 'After changing {store}', why: ['4.4-classify'] };

/** On each deletion step after an upload. */
export const STILL_LISTED =
  'Only if the old entry is still listed after the upload (one with the same CN is replaced by it).';

export const PRELOADED_WAIT: StepText = {
  title: '{entry} is Cisco-preloaded: delete it once it has expired',
  action:
    'A Cisco-preloaded certificate that is not used can be left alone until it expires, then deleted. Low impact. Expired trust certificates are not carried over by upgrades from 12.5(1)SU6 / 14SU2.',
  why: ['4.4-preloaded'],
};

export const OLD_CAPF_LSC_CHECK: StepText = {
  title: 'Check no phone still uses an LSC from this CAPF',
  action:
    'If {entry} is the current CAPF of this cluster, do not delete it: plan a CAPF renewal on the publisher instead. If it is the old CAPF of an earlier CAPF change, delete it only after every LSC it issued has been re-issued.',
  commands: ['show cert own CAPF/CAPF.pem'],
  gui: [LSC_COLUMNS_GUI],
  why: ['4.4-old-capf'],
  expect: ['{entry} is not the publisher\'s current CAPF and no phone holds an LSC it issued.'],
};
