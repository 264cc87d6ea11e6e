// Which accepted events are repeats of one another: the same certificate's same alarm from the same source, differing
// only in alarm time (and the raw line that carries it). A repeat arriving while an earlier one of its kind is still
// being persisted is folded into the next event of that kind instead of becoming an event (and a job) of its own.
import type { CertificateEvent } from '../domain/certificate-event.js';

/**
 * Equal for events the ticket decision treats alike apart from their alarm time. A window expiry's bounds come from
 * the alarm time and are intersected sighting by sighting, so windows fold only when their bounds are equal too;
 * a dated expiry (exact or inferred) is taken from the latest sighting, so its bounds do not matter.
 */
export function repeatKey(event: CertificateEvent, sourceAddress: string): string {
  const { alarmAt: _alarmAt, raw: _raw, expiry, ...rest } = event;
  const { earliest, latest, ...dated } = expiry;
  return JSON.stringify([sourceAddress, rest, expiry.precision === 'window' ? expiry : dated]);
}
