// The one answer of both discovery routes (POST .../evidence, POST .../discover) and what the CLI prints: what a
// reading learned, what the cluster's kept facts fill of the inventory, where they contradict it, the warnings about a
// source itself (a file whose signature does not hold), and the tickets.
import type { TakenIn } from '../../discovery/take-in.js';
import type { EvidenceAnswer } from './discovery-schema.js';

export function answerOf(clusterId: string, taken: TakenIn): EvidenceAnswer {
  return {
    cluster: clusterId, learnedAt: taken.learnedAt, ...taken.learned,
    filled: taken.discovered.filled, conflicts: taken.discovered.conflicts, warnings: taken.discovered.warnings,
    notKept: taken.notKept, tickets: taken.tickets,
  };
}
