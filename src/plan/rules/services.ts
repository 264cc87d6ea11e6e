// Service names for `utils service stop|start|restart` (brief 4.7): the only names a plan may restart.

export const SERVICES = {
  tomcat: 'Cisco Tomcat',
  ssospTomcat: 'Cisco SSOSP Tomcat',
  udsTomcat: 'Cisco UDS Tomcat',
  axlTomcat: 'Cisco AXL Tomcat',
  haproxy: 'Cisco HAProxy',
  callManager: 'Cisco CallManager',
  ctiManager: 'Cisco CTIManager',
  tftp: 'Cisco Tftp',
  tvs: 'Cisco Trust Verification Service',
  capf: 'Cisco Certificate Authority Proxy Function',
  drfMaster: 'Cisco DRF Master',
  drfLocal: 'Cisco DRF Local',
  ccn: 'Cisco Certificate Change Notification',
  interclusterSync: 'Cisco Intercluster Sync Agent',
  sipProxy: 'Cisco SIP Proxy',
  xcpRouter: 'Cisco XCP Router',
  platformAdminWeb: 'Platform Administrative Web Service',
} as const;

export type ServiceKey = keyof typeof SERVICES;

/** Tomcat instances split out of Cisco Tomcat in 14.0(1) (release notes 14.0(1), "New and Changed Features"). */
export const TOMCAT_SERVICES_FROM_14: ReadonlySet<string> = new Set([
  SERVICES.ssospTomcat,
  SERVICES.udsTomcat,
  SERVICES.axlTomcat,
]);

export const SERVICE_NAMES: readonly string[] = Object.values(SERVICES);

export function isKnownService(name: string): boolean {
  return SERVICE_NAMES.includes(name);
}

/** Services that also run on IM&P nodes; every other service runs on CUCM nodes only and is never restarted on IM&P. */
export const IMP_SERVICES: ReadonlySet<ServiceKey> = new Set<ServiceKey>([
  'tomcat', 'drfMaster', 'drfLocal', 'ccn', 'interclusterSync', 'sipProxy', 'xcpRouter', 'platformAdminWeb',
]);
