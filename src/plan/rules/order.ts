// The order across units when several certificates of a cluster are due (brief 4.2, last paragraph).
// Cisco documents disagree on TVS (Security Guide 12.5: before CallManager; TAC: last); both keep them apart.
// Override with PlanOptions.unitOrder (lower-case unit names; '*-trust' stands for every trust store entry).

export const DEFAULT_UNIT_ORDER: readonly string[] = [
  'tomcat',
  'tomcat-ecdsa',
  'ipsec',
  // IM&P units touch no phone trust: with tomcat and ipsec, before the trust anchors.
  'cup',
  'cup-ecdsa',
  'cup-xmpp',
  'cup-xmpp-ecdsa',
  'cup-xmpp-s2s',
  'cup-xmpp-s2s-ecdsa',
  'capf',
  'callmanager',
  'callmanager-ecdsa',
  'itlrecovery',
  'tvs',
  '*-trust',
];

/** Position of a unit in an order list; unknown units go last. */
export function orderIndex(order: readonly string[], unitKey: string, isTrust: boolean): number {
  const key = unitKey.toLowerCase();
  let i = order.indexOf(key);
  if (i < 0 && isTrust) i = order.indexOf('*-trust');
  return i < 0 ? order.length : i;
}
