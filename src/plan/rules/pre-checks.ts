// Pre-checks a TAC engineer insists on before any step (brief 4.1.5, 4.5), as data.
import type { Cond } from './conditions.js';
import type { RuleId } from './rule-catalogue.js';

export interface PreCheck {
  key: string;
  title: string;
  action: string;
  commands: string[];
  gui: string[];
  /** 'publisher' | 'each-node' | 'tftp' | 'admin' */
  runsOn: 'publisher' | 'each-node' | 'tftp' | 'admin';
  expect: string[];
  warnings: string[];
  when: Cond[];
  why: RuleId[];
  /** About the phones, their ITL/CTL or their registration: left out of a plan that touches no phone (IM&P units). */
  phones?: true;
}

export const PRE_CHECKS: PreCheck[] = [
  {
    key: 'phones-registered', phones: true, runsOn: 'admin', why: ['4.1.5-pre-checks'], when: [],
    title: 'Every phone registered; record the baseline',
    action: 'Record the number of registered devices per node (the baseline every later step is compared with) and make sure every phone is registered.',
    commands: [], gui: ['RTMT > Voice/Video > Device > Device Search > Phone (status Registered / Unregistered)', 'Cisco Unified CM Administration > Device > Phone > Find (Status column)'],
    expect: ['No unexpected unregistered phone; the registered count per node is written down.'],
    warnings: ['A phone that is offline during the change keeps its old ITL and may have to have its ITL erased by hand when it comes back (the menu per model family is in "If something goes wrong").'],
  },
  {
    key: 'cm-groups', phones: true, runsOn: 'admin', why: ['4.1.5-pre-checks'], when: [],
    title: 'At least two servers in every CallManager Group',
    action: 'Phones must fail over while a node restarts: every CallManager Group used by a Device Pool needs two or more servers.',
    commands: [], gui: ['Cisco Unified CM Administration > System > Cisco Unified CM Group'],
    expect: ['Every group lists at least two servers.'], warnings: [],
  },
  {
    key: 'dbreplication', runsOn: 'publisher', why: ['4.1.5-pre-checks'], when: [],
    title: 'Database replication healthy',
    action: 'Check replication on the publisher.',
    commands: ['utils dbreplication runtimestate'], gui: [],
    expect: ['Every node shows replication state 2 (Setup Completed) and no errors.'], warnings: [],
  },
  {
    key: 'ntp', runsOn: 'each-node', why: ['4.1.5-pre-checks'], when: [],
    title: 'NTP in sync on every node',
    action: 'Certificates are time-sensitive: every node must be synchronised.',
    commands: ['utils ntp status'], gui: [], expect: ['"synchronised" on every node.'], warnings: [],
  },
  {
    key: 'tvs-reachable', phones: true, runsOn: 'each-node', why: ['4.1.5-pre-checks', '4.3-standard'], when: [],
    title: 'TVS running and reachable (TCP 2445)',
    action: 'Phones validate the new ITL through TVS: Cisco Trust Verification Service must run on every CUCM node and TCP 2445 must be open from the phones.',
    commands: ['utils service list'], gui: [], expect: ['Cisco Trust Verification Service [STARTED] on every CUCM node.'], warnings: [],
  },
  {
    key: 'no-jobs', runsOn: 'publisher', why: ['4.1.5-pre-checks'], when: [],
    title: 'No upgrade, backup or restore running',
    action: 'Make sure no upgrade, DRS backup or restore is running or scheduled during the window.',
    commands: ['utils disaster_recovery status backup'], gui: ['Disaster Recovery System > Backup > Current Status', 'Disaster Recovery System > Backup > Schedules'],
    expect: ['No job running; scheduled backups do not fall in the window.'], warnings: [],
  },
  {
    key: 'drs-backup', runsOn: 'publisher', why: ['4.5-backup', '4.4-bugs'], when: [],
    title: 'Take a DRS backup before the change',
    action: 'Run a manual DRS backup of the whole cluster now.',
    commands: [], gui: ['Disaster Recovery System > Backup > Manual Backup'],
    expect: ['The backup completes with SUCCESS for every component.'],
    warnings: ['The renewal TechNote cites CSCtn50405 (its title suggests a DRF backup may not contain the certificates): check the bug notes for your release and do not rely on the backup alone.',
      'Never restore a backup taken before the change once the change is done: every phone would distrust the restored certificates.'],
  },
  {
    key: 'itlrecovery-export', phones: true, runsOn: 'publisher', why: ['4.1.5-pre-checks', '4.5-recovery'], when: [{ version: { from: '10.0' } }],
    title: 'Export ITLRecovery.p12',
    action: 'Keep a copy of the ITLRecovery key off the cluster: it is what `utils itl reset remotekey` needs if phones lose trust.',
    commands: ['file get tftp ITLRecovery.p12'], gui: [], expect: ['ITLRecovery.p12 stored on your SFTP server.'], warnings: [],
  },
  {
    key: 'itl-ctl-baseline', phones: true, runsOn: 'tftp', why: ['4.1.5-pre-checks', '4.1.6-verify'], when: [],
    title: 'Record the ITL (and CTL) checksums and signers',
    action: 'On every TFTP node record the output of `show itl` (and `show ctl` in mixed mode): signer, checksums and the serial numbers of the certificates in them.',
    commands: ['show itl', 'show ctl'], gui: [], expect: ['Both verify successfully; the values are written down.'], warnings: [],
  },
  {
    key: 'etoken-ready', phones: true, runsOn: 'admin', why: ['4.1.4-ctl-update'], when: [{ securityMode: 'mixed' }, { ctlSigner: 'etoken' }, { version: { to: '12.5' } }],
    title: 'Have an original eToken, its password and the CTL Client ready',
    action: 'The CTL can only be updated with one of the eTokens that signed the current CTL: have it, its password and a Windows PC with the CTL Client of this CUCM version at hand.',
    commands: ['show ctl'], gui: [],
    expect: ['The serial number of your eToken appears in `show ctl` as a SAST record.'],
    warnings: ['Without an original eToken the CTL cannot be updated after a CallManager/CAPF change: do not start.'],
  },
  {
    key: 'itl-status-report', phones: true, runsOn: 'admin', why: ['4.1.5-pre-checks'], when: [{ version: { from: '14' } }],
    title: 'ITL File Status report shows no mismatch (14+)',
    action: 'Check the ITL file status of the phones before you start.',
    commands: [], gui: ['Cisco Unified CM Administration > Device > Phone (Find and List Phones) > ITL File Status report'],
    expect: ['No phone with an ITL mismatch.'], warnings: [],
  },
  {
    key: 'own-cert-list', runsOn: 'each-node', why: ['4.1.5-pre-checks', '4.1.1-one-anchor'], when: [],
    title: 'List every certificate and its expiry',
    action: 'Certificates installed together expire together: list them on every node, confirm the exact expiry of the ones in this plan, and plan the others that expire soon as separate steps (never together with this one).',
    commands: ['show cert list own'], gui: ['Cisco Unified OS Administration > Security > Certificate Management'],
    expect: ['The expiry dates are known; nothing else expires before the next window without its own plan.'], warnings: [],
  },
];
