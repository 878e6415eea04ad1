import type { VerifyReport } from './run.ts';

/** The human summary printed at the end of `warren verify`. */
export function formatReport(r: VerifyReport): string {
  const lines = [
    `queue ${r.queue} (${r.queueType}), ${r.messagesRequested} messages, ${(r.durationMs / 1000).toFixed(1)} s`,
    `attempted=${r.attempted} confirmed=${r.confirmed} nacked=${r.nacked} republished=${r.republished} returned=${r.returned} unconfirmed_timeouts=${r.timedOut}`,
    `consumed=${r.consumed} deliveries=${r.deliveries} duplicates=${r.duplicates} lost=${r.lost} unexpected=${r.unexpected}`,
    `reconnects: publisher=${r.publisherReconnects} consumer=${r.consumerReconnects}`,
  ];
  for (const f of r.faults) {
    lines.push(
      `fault ${f.fault} ${f.node} at ${f.injectedAtSec.toFixed(1)} s, restored ${f.restoredAtSec.toFixed(1)} s, cluster whole ${f.wholeAtSec.toFixed(1)} s; ` +
        `producer recovered in ${(f.producerRecoveryMs / 1000).toFixed(1)} s, consumer in ${(f.consumerRecoveryMs / 1000).toFixed(1)} s`,
    );
  }
  if (r.lost > 0) lines.push(`LOST (confirmed, never consumed), first ids: ${r.lostSample.join(', ')}`);
  if (r.unexpected > 0) lines.push(`UNEXPECTED (consumed, never published), first ids: ${r.unexpectedSample.join(', ')}`);
  lines.push(r.passed ? 'PASSED: every confirmed message was consumed' : 'FAILED: see lost/unexpected above');
  return lines.join('\n');
}
