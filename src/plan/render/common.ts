// Shared rendering helpers: one-line sanitising of any value, code-span splitting, and the plan's summary lines.
import type { Plan } from '../types.js';

/** Collapse every control character and line separator so a value can never start a new line or block. */
export function oneLine(value: string | null | undefined): string {
  return String(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

/** Split prose into plain and `code` segments (backtick pairs), each one line. */
export function segments(text: string): { code: boolean; text: string }[] {
  const parts = oneLine(text).split('`');
  // An odd number of backticks: treat the last one literally by merging it back.
  if (parts.length % 2 === 0) {
    const last = parts.pop() ?? '';
    parts[parts.length - 1] += '`' + last;
  }
  return parts.map((t, i) => ({ code: i % 2 === 1, text: t })).filter((s) => s.text.length > 0);
}

export interface SummaryLine {
  label: string;
  value: string;
}

export function summaryLines(plan: Plan): SummaryLine[] {
  const c = plan.context;
  const mode = c.securityMode === 'mixed' ? `mixed mode, CTL ${c.ctlSigner === 'unknown' ? 'signer unknown' : c.ctlSigner}` : c.securityMode === 'non-secure' ? 'non-secure' : 'security mode unknown';
  const route = plan.route.used === plan.route.requested ? plan.route.used : `${plan.route.used} (requested ${plan.route.requested}, refused)`;
  return [
    { label: 'Cluster', value: `${plan.cluster.name || plan.cluster.id} (${plan.cluster.id})` },
    { label: 'Version', value: `${c.version} (${c.versionBand === 'unknown' ? 'unknown: check `show version active`' : `band ${c.versionBand}`})` },
    { label: 'Security', value: mode },
    { label: 'TFTP servers', value: c.tftpServers === 'unknown' ? 'unknown' : c.tftpServers.join(', ') },
    { label: 'Urgency', value: plan.urgency },
    { label: 'Deadline', value: plan.deadline.text },
    { label: 'ITL route', value: route },
    { label: 'Generated', value: plan.generatedAt },
  ];
}

function expiryPart(t: Plan['targets'][number]): string {
  if (t.expiresWindow && t.expiresAtPrecision === 'window') return `expires between ${t.expiresWindow.earliest} and ${t.expiresWindow.latest} (window)`;
  if (!t.expiresAt) return 'expiry unknown';
  return `expires ${t.expiresAt}${t.expiresAtPrecision && t.expiresAtPrecision !== 'exact' ? ` (${t.expiresAtPrecision})` : ''}`;
}

export function targetLine(t: Plan['targets'][number]): string {
  const parts = [t.unit, t.certificate ? `(${t.certificate})` : '', t.nodes.length ? `on ${t.nodes.join(', ')}` : 'on every node in scope',
    expiryPart(t), t.ticketId ? `ticket ${t.ticketId}` : ''];
  return oneLine(parts.filter(Boolean).join(' '));
}
