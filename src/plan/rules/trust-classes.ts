// Trust-entry classes (brief 4.4): how an entry is recognised, matched in this order; the first match wins.

export type TrustClass = 'own-node-copy' | 'old-capf' | 'expired-preloaded' | 'ca-chain' | 'external-partner';

export interface TrustClassRule {
  cls: TrustClass;
  title: string;
  /** How the entry is recognised, for the reader. */
  recognisedBy: string;
  /**
   * Name patterns. The own-node-copy class is matched against the cluster's node names in code
   * (`<node>.der`, `<node>.pem`, `<node>-EC.pem`, `ITLRECOVERY_<node>.pem`), not by pattern.
   */
  patterns: RegExp[];
  /** Confident classification, or a best guess the plan must ask the engineer to confirm. */
  confident: boolean;
}

/** Certificates Cisco preloads in trust stores (names as `show cert list trust` prints them, without extension). */
export const CISCO_PRELOADED: RegExp[] = [
  /^Cisco_?Root_?CA/i, /^CiscoRootCA/i, /^Cisco_?Manufacturing_?CA/i, /^ACT2_SUDI_CA/i, /^High_?Assurance_?SUDI/i,
  /^CAP-RTP-00\d/i, /^Cisco_?Basic_?Assurance/i, /^Cisco_?ECC_?Root/i, /^Cisco_?Licensing_?Root/i, /^Cisco_?RXC/i,
  /^VeriSign/i, /^QuoVadis/i, /^IdenTrust/i, /^DigiCert_?Global/i,
];

export const TRUST_CLASSES: TrustClassRule[] = [
  {
    cls: 'own-node-copy', title: 'copy of one of this cluster\'s own node certificates', confident: true,
    recognisedBy: 'the name matches a node of the cluster (e.g. CUCM01.der or CUCM01.pem)', patterns: [],
  },
  {
    cls: 'old-capf', title: 'a CAPF certificate (old CAPF after a CAPF change, or the current one)', confident: false,
    recognisedBy: 'the name starts with CAPF-', patterns: [/^CAPF-/i],
  },
  {
    cls: 'expired-preloaded',
    title: 'a Cisco-preloaded certificate',
    confident: true,
    recognisedBy: 'the name is one Cisco preloads (Cisco Root CA, Manufacturing CA, ACT2 SUDI CA, CAP-RTP, ...)',
    patterns: CISCO_PRELOADED,
  },
  {
    cls: 'ca-chain', title: 'a CA root or intermediate certificate', confident: false,
    recognisedBy: 'the name looks like a CA (Root, CA, Intermediate, Issuing, Authority)',
    patterns: [/root/i, /(^|[^a-z])ca([^a-z]|$)/i, /intermediate/i, /issuing/i, /authority/i, /[a-z]CA\d*(\.|$)/],
  },
  {
    cls: 'external-partner',
    title: "an external partner's certificate (Expressway, CUBE/SBC, Unity Connection, another cluster, ...)",
    confident: false,
    recognisedBy: 'anything else',
    patterns: [/.*/],
  },
];

export interface TrustClassification {
  cls: TrustClass;
  confident: boolean;
  /** Node the entry is a copy of (own-node-copy). */
  node?: string;
  /** ECDSA copy (<node>-EC.pem) or ITLRecovery copy (ITLRECOVERY_<node>). */
  variant?: 'ec' | 'itlrecovery';
  reason: string;
}

function baseName(name: string): string {
  return name.trim().replace(/\.(der|pem|crt|cer)$/i, '');
}

export function classifyTrustEntry(
  certificate: string | null,
  nodeNames: readonly string[],
): TrustClassification | null {
  if (!certificate) return null;
  const base = baseName(certificate);
  for (const node of nodeNames) {
    const n = node.toLowerCase();
    const b = base.toLowerCase();
    if (b === n) {
      return { cls: 'own-node-copy', confident: true, node, reason: `${certificate} is named after node ${node}` };
    }
    if (b === `${n}-ec`) {
      return {
        cls: 'own-node-copy',
        confident: true,
        node,
        variant: 'ec',
        reason: `${certificate} is the ECDSA certificate of node ${node}`,
      };
    }
    if (b === `itlrecovery_${n}`) {
      return {
        cls: 'own-node-copy',
        confident: true,
        node,
        variant: 'itlrecovery',
        reason: `${certificate} is the ITLRecovery certificate of node ${node}`,
      };
    }
  }
  for (const rule of TRUST_CLASSES) {
    if (rule.cls === 'own-node-copy') continue;
    if (rule.patterns.some((p) => p.test(base))) {
      return { cls: rule.cls, confident: rule.confident, reason: `${certificate}: ${rule.recognisedBy}` };
    }
  }
  return null;
}
