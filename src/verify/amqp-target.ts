import amqp from 'amqplib';
import { closeConnection, STEP_DEADLINE_MS, withDeadline } from './deadline.ts';
import type { Options } from 'amqplib';

export type QueueType = 'mirrored' | 'quorum';

/** Where the clients connect (HAProxy's frontend) and what they use. */
export interface AmqpTarget {
  url: string; // amqp://user:pass@host:port/vhost
  queue: string;
  queueType: QueueType;
}

/** Mirrored = a durable classic queue that the ha-all policy mirrors; quorum = Raft-replicated. */
export function queueOptions(type: QueueType): Options.AssertQueue {
  return type === 'quorum' ? { durable: true, arguments: { 'x-queue-type': 'quorum' } } : { durable: true };
}

/** Exponential backoff for reconnects: 100 ms doubling up to 2 s. */
export function backoffMs(attempt: number): number {
  return Math.min(2000, 100 * 2 ** Math.min(attempt, 5));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Deletes the queue so no message of an earlier run can be counted in this one. */
export async function resetQueue(target: AmqpTarget, attempts = 10): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const connection = await withDeadline(amqp.connect(target.url, { timeout: 3000 }), STEP_DEADLINE_MS, 'connect', (late) => void closeConnection(late));
      try {
        await withDeadline(
          connection.createChannel().then((channel) => channel.deleteQueue(target.queue)),
          STEP_DEADLINE_MS,
          `delete queue ${target.queue}`,
        );
      } finally {
        await closeConnection(connection);
      }
      return;
    } catch (err) {
      if (attempt + 1 >= attempts) throw err;
      await sleep(backoffMs(attempt));
    }
  }
}
