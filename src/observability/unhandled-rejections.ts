// A rejection nothing handled is a bug; it must not take the listeners down with it mid-flow: logged, counted, and
// the service stays up. Returns the function that removes the guard (at shutdown).
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

export function guardUnhandledRejections(metrics: Metrics, logger: Logger): () => void {
  const onRejection = (reason: unknown) => {
    metrics.unhandledRejections.inc();
    logger.error(
      { event: 'UnhandledRejection', err: reason instanceof Error ? reason.stack : String(reason) },
      'unhandled promise rejection (bug): logged and counted, service stays up',
    );
  };
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}
