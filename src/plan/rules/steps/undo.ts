// The undo lines of a step (review M9), by what the step changed. {unit} the own unit, {store} a trust store,
// {storeUnit} that store as `set cert delete` takes it, {redo} REDO of the step, {sso} SSO_IF, {url} the recovery URL.

/** What is repeated after falling back: an anchor step's CTL update and resets, or another step's restarts. */
export const REDO = {
  anchor: ' and redo this step\'s CTL update, restarts and resets',
  other: ' and redo this step\'s restarts and partner updates',
} as const;

export const UNDO = {
  /** The CSR made a new key: the old certificate cannot be uploaded over it again. */
  caSigned:
    '{unit} (CA-signed): no way back to the old key: have the CA re-issue, or `set cert regen {unit}` (self-signed){redo}.',
  /** A multi-server certificate must never be regenerated per node (brief 4.1.2): its fallback is a multi-server
   * one. */
  multiSan:
    '{unit} (multi-server SAN): old key gone: a CA re-issue, or (14+) Generate Self-signed (Multi-server(SAN)) on the publisher{redo}.',
  regenAnchor: '{unit} (self-signed): the old key is gone. If the gate fails, stop and see "If something goes wrong".',
  regenOther:
    '{unit} (self-signed): the old key is gone. If the gate fails, regenerate again{redo} before the next step.',
  trustUpload: '{store}: `set cert delete {storeUnit} <file name>` removes what this step added.',
  trustDelete:
    '{store}: download the entry first (Cisco Unified OS Administration > Security > Certificate Management > the entry > Download .PEM File) to upload it again.',
  /** The SSO recovery URL (SAML SSO Deployment Guide): administrators log in there when the IdP refuses them. */
  sso: 'SSO{sso}: if the IdP refuses administrators, {url} (`utils sso recovery-url enable` first).',
} as const;

export const SSO_IF = { unknown: ' (if enabled)', enabled: '' } as const;
