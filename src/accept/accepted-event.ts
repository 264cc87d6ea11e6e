// An accepted certificate event: the parsed event plus where and when it arrived, with the id that makes it unique.
import type { CertificateEvent } from '../domain/certificate-event.js';
import type { Transport } from '../ingest/message-meta.js';
import type { Sightings } from '../tickets/sightings.js';

export interface AcceptedEvent {
  /** Unique per accepted message; the event job id and the ticket's duplicate guard are built from it. */
  id: string;
  event: CertificateEvent;
  sourceAddress: string;
  transport: Transport;
  receivedAt: string;
  /** Present when repeats were folded into this event: `event` is the last of them (absent: one sighting). */
  sightings?: Sightings;
}
