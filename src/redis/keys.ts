// The only module that knows Redis key names. Everything certwatch stores (besides BullMQ's own queue keys, which
// BullMQ builds under the prefix below) is named here.

export const KEY_PREFIX = 'certwatch';
/** Prefix handed to BullMQ; queues live under `certwatch:bull:<queue>:*`. */
export const BULL_PREFIX = `${KEY_PREFIX}:bull`;

export const redisKeys = {
  /** JSON of one ticket. */
  ticket: (id: string) => `${KEY_PREFIX}:ticket:${id}`,
  /** JSON of where a re-homed ticket went ({to, at, reason}; src/tickets/rehome.ts), kept for a bounded time: its old
   * id answers 308 in the API, and a late write for the old id lands on the new one. */
  ticketMoved: (id: string) => `${KEY_PREFIX}:ticket-moved:${id}`,
  /** Sorted set of every ticket id, scored by best known expiry (ms); unknown expiry scores +inf. */
  ticketsByExpiry: () => `${KEY_PREFIX}:tickets:by-expiry`,
  /** Sorted set of the ids of one cluster's tickets (resolved ones too), scored like ticketsByExpiry: a mail job and a
   * bulk action read their cluster's tickets only (src/tickets/ticket-store.ts keeps it with every write). */
  clusterTickets: (clusterId: string) => `${KEY_PREFIX}:tickets:cluster:${clusterId}`,
  /** Hash: ticket id -> JSON of the ticket's row in GET /api/v1/expiries (src/tickets/expiry-row.ts), written with the
   * ticket: a page of the listing reads its rows, never the documents. */
  ticketExpiryRows: () => `${KEY_PREFIX}:tickets:expiry-rows`,
  /** Set of the cluster ids that hold at least one ticket (re-homing reads the unassigned ones among them). */
  ticketClusters: () => `${KEY_PREFIX}:tickets:clusters`,
  /** Sorted set of the ids of not-resolved tickets, scored like ticketsByExpiry: GET /api/v1/expiries reads it in
   * order. */
  openTicketsByExpiry: () => `${KEY_PREFIX}:tickets:open:by-expiry`,
  /** Sorted set of the ids of not-resolved tickets, scored by when the tick has to look at them next (ms; 0 after a
   * write: the tick decides, then sets the score from the policy, src/tickets/next-tick.ts). */
  openTicketsByTick: () => `${KEY_PREFIX}:tickets:open:by-tick`,
  /** Hash: ticket id -> JSON row of certwatch_certificate_not_after_timestamp_seconds (src/tickets/not-after-row.ts),
   * for open alarm tickets of inventory clusters whose expiry is exact or inferred only: the scrape reads this, not the
   * tickets (src/tickets/ticket-store.ts keeps it with every write). */
  ticketNotAfterRows: () => `${KEY_PREFIX}:tickets:not-after-rows`,
  /** Version of the ticket indexes above that the stored tickets were indexed with (src/tickets/ticket-indexes.ts). */
  ticketIndexVersion: () => `${KEY_PREFIX}:tickets:index-version`,
  /** The policy (reminder ladder, quiet rule) the tick scores of openTicketsByTick were computed with. */
  tickPolicy: () => `${KEY_PREFIX}:tickets:tick-policy`,
  /** JSON of a cluster stored through the API, with the hash of the file entry it was based on. */
  clusterOverride: (id: string) => `${KEY_PREFIX}:cluster:${id}`,
  /** Pub/sub channel: a process stored a cluster (PUT, unassigned); every process refreshes its directory at once. */
  clustersChanged: () => `${KEY_PREFIX}:clusters-changed`,
  /** Set of cluster ids stored through the API (and of unassigned clusters seen). */
  clusterOverrideIds: () => `${KEY_PREFIX}:clusters`,
  /** JSON of a cluster's snooze (src/tickets/cluster-snoozes.ts); expires with the snooze. */
  clusterSnooze: (clusterId: string) => `${KEY_PREFIX}:cluster-snooze:${clusterId}`,
  /** Hash of what discovery learned about one cluster (src/discovery/store.ts): one field per fact, the latest of its
   * source kind about its item (a unit's certificate on a node, a state item), each JSON with the time it was
   * learned. */
  discovery: (clusterId: string) => `${KEY_PREFIX}:discovery:${clusterId}`,
  /** Set of the cluster ids that hold discovered facts (the metrics read every one of them). */
  discoveryClusters: () => `${KEY_PREFIX}:discovery:clusters`,
  /** Hash: cluster id -> JSON of its last discovery run (src/discovery/run-log.ts): when, each probe's outcome. */
  discoveryRuns: () => `${KEY_PREFIX}:discovery-runs`,
  /** A cluster's discovery in progress (SET NX PX): one run per cluster across processes (src/discovery/run-log.ts). */
  discoveryLock: (clusterId: string) => `${KEY_PREFIX}:discovery-lock:${clusterId}`,
  /** Hash: node name (lower-case) or `addr/<ip>` -> epoch ms of the latest message of any kind from it. */
  nodeTraffic: () => `${KEY_PREFIX}:node-traffic`,
  /** Hash: `<cluster>/<node>` -> JSON of that node's node-silence ticket (src/tickets/node-silence-store.ts). */
  nodeSilences: () => `${KEY_PREFIX}:node-silences`,
  /** Sorted set (score: last heard, ms) of the node-traffic fields that no cluster lists: evicted oldest first. */
  nodeTrafficOthers: () => `${KEY_PREFIX}:node-traffic:others`,
  /** JSON of one composed mail (its members and Message-ID; or a node-silence mail, src/worker/node-silence-mail.ts),
   * written before sending so a retry sends the same mail. */
  mailRecord: (jobId: string) => `${KEY_PREFIX}:mail:${jobId}`,
  /** JSON of one sent mail's group (src/notify/mail-groups.ts): its members and runbook, for the group's ack and a
   * ticket's runbook in the API; kept as long as re-homed ids redirect. */
  mailGroup: (groupId: string) => `${KEY_PREFIX}:mail-group:${groupId}`,
  /** The mail job whose composed mail holds this ticket revision: one revision, one mail, whatever retries happen. */
  mailClaim: (ticketId: string, revision: number) => `${KEY_PREFIX}:mail-claim:${ticketId}:r${revision}`,
  /** This installation's random id, generated once (src/redis/install-id.ts): every host and role of it shares it. */
  installId: () => `${KEY_PREFIX}:install-id`,
  /** Short lock so only one worker mails a cluster's pending tickets at a time. */
  mailLock: (clusterId: string) => `${KEY_PREFIX}:lock:mail:${clusterId}`,
} as const;
