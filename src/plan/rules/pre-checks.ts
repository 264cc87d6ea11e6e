// Pre-checks a TAC engineer insists on before any step (brief 4.1.5, 4.5), as data.
import type { Cond } from './conditions.js';
import type { RuleId } from './rule-catalogue.js';

export interface PreCheck {
  key: string;
  title: string;
  action: string;
  commands: string[];
  gui: string[];
  runsOn: 'publisher' | 'each-node' | 'each-cucm' | 'tftp' | 'admin';
  expect: string[];
  warnings: string[];
  when: Cond[];
  why: RuleId[];
  /** About the phones, their ITL/CTL or their registration: left out of a plan that touches no phone (IM&P units). */
  phones?: true;
  /** About what the phones trust (ITL, CTL, TVS): left out of a plan that changes neither (a partner's trust entry). */
  phoneTrust?: true;
}

// Each title is the outcome to confirm, so a pre-check reads as one checklist line plus where to look; the reason
// is the rule in the appendix. (Terse on purpose: the whole plan of one unit fits on about three printed pages.)
export const PRE_CHECKS: PreCheck[] = [
  {
    key: 'phones-registered', phones: true, runsOn: 'admin', why: ['4.1.5-pre-checks'], when: [],
    title: 'Phones registered, count per node noted (baseline)',
    action: '', commands: [], gui: ['RTMT > Voice/Video > Device Search > Phone'],
    expect: [],
    warnings: ['A phone offline during the change keeps its old ITL (it may need erasing by hand).'],
  },
  {
    key: 'cm-groups', phones: true, runsOn: 'admin', why: ['4.1.5-pre-checks'], when: [],
    title: 'Every CallManager Group in use has 2+ servers',
    action: '',
    commands: [],
    gui: ['Cisco Unified CM Administration > System > Cisco Unified CM Group'],
    expect: [],
    warnings: [],
  },
  {
    key: 'dbreplication', runsOn: 'publisher', why: ['4.1.5-pre-checks'], when: [],
    title: 'DB replication state 2 on every node',
    action: '', commands: ['utils dbreplication runtimestate'], gui: [], expect: [], warnings: [],
  },
  {
    key: 'ntp', runsOn: 'each-node', why: ['4.1.5-pre-checks'], when: [],
    title: 'NTP synchronised on every node',
    action: '', commands: ['utils ntp status'], gui: [], expect: [], warnings: [],
  },
  {
    key: 'tvs-reachable', phones: true, runsOn: 'each-cucm', why: ['4.1.5-pre-checks', '4.3-standard'], when: [],
    title: 'TVS [STARTED] on every CUCM node; TCP 2445 open from the phones',
    action: '', commands: ['utils service list'], gui: [], expect: [], warnings: [],
  },
  {
    key: 'no-jobs', runsOn: 'publisher', why: ['4.1.5-pre-checks'], when: [],
    title: 'No upgrade, backup or restore in the window',
    action: '', commands: [], gui: ['Disaster Recovery System > Backup > Schedules'], expect: [], warnings: [],
  },
  {
    key: 'drs-backup', runsOn: 'publisher', why: ['4.5-backup', '4.4-bugs'], when: [],
    title: 'Fresh DRS backup, SUCCESS for every component',
    action: '', commands: [], gui: ['Disaster Recovery System > Backup > Manual Backup'], expect: [],
    warnings: ['Never restore it after the change: phones would distrust it (and CSCtn50405).'],
  },
  {
    key: 'itlrecovery-export',
    phones: true,
    phoneTrust: true,
    runsOn: 'publisher',
    why: ['4.1.5-pre-checks', '4.5-recovery'],
    when: [{ version: { from: '10.0' } }],
    title: 'ITLRecovery.p12 copied off the cluster',
    action: '', commands: ['file get tftp ITLRecovery.p12'], gui: [], expect: [], warnings: [],
  },
  {
    key: 'itl-ctl-baseline',
    phones: true,
    phoneTrust: true,
    runsOn: 'tftp',
    why: ['4.1.5-pre-checks', '4.1.6-verify'],
    when: [],
    title: 'ITL, CTL of each TFTP node noted (signer, checksum, serials; verified)',
    action: '', commands: ['show itl', 'show ctl'], gui: [], expect: [], warnings: [],
  },
  {
    key: 'etoken-ready',
    phones: true,
    runsOn: 'admin',
    why: ['4.1.4-ctl-update'],
    when: [{ securityMode: 'mixed' }, { ctlSigner: 'etoken' }, { version: { to: '12.5' } }],
    title: 'An original eToken (a SAST record in `show ctl`), its password and the CTL Client PC at hand',
    action: 'The CTL Client needs Cisco CTL Provider [STARTED] on every CUCM node (`utils service list`).',
    commands: ['show ctl', 'utils service list'],
    gui: [],
    expect: [],
    warnings: ['Without one the CTL cannot be updated after a CallManager or CAPF change: do not start.'],
  },
  {
    key: 'itl-status-report',
    phones: true,
    phoneTrust: true,
    runsOn: 'admin',
    why: ['4.1.5-pre-checks'],
    when: [{ version: { from: '14' } }],
    title: 'ITL File Status report: no mismatch (14+)',
    action: '',
    commands: [],
    gui: ['Cisco Unified CM Administration > Device > Phone > ITL File Status report'],
    expect: [],
    warnings: [],
  },
  {
    key: 'own-cert-list', runsOn: 'each-node', why: ['4.1.5-pre-checks', '4.1.1-one-anchor'], when: [],
    title: 'Every certificate\'s expiry known, on every node',
    action: '', commands: ['show cert list own'], gui: [], expect: [], warnings: [],
  },
];
