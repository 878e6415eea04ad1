import amqp from 'amqplib';
import type { Channel, ChannelModel, Options } from 'amqplib';
import { closeConnection, STEP_DEADLINE_MS, withDeadline } from './deadline.ts';

export type QueueType = 'mirrored' | 'quorum';

/** One place clients connect to: HAProxy's frontend, or one node directly (pinned). */
export interface Endpoint {
  via: string; // 'haproxy' or the node's inventory name
  url: string; // amqp(s)://user:pass@host:port/vhost
  ca?: Buffer; // the CA that signed the server's certificate (AMQPS)
}

/** What the clients use: the endpoints, the queue and its type. */
export interface AmqpTarget {
  haproxy: Endpoint;
  nodes: Record<string, Endpoint>;
  queue: string;
  queueType: QueueType;
  vhost: string;
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

/** Like sleep, but ends as soon as `signal` aborts. */
export function sleepUnless(ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Connects with a deadline; the name shows in `rabbitmqctl list_connections` so the broker can say where it landed. */
export function connectTo(endpoint: Endpoint, connectionName: string, what: string): Promise<ChannelModel> {
  const options = { timeout: 3000, clientProperties: { connection_name: connectionName }, ...(endpoint.ca ? { ca: [endpoint.ca] } : {}) };
  // A connection the broker closes with an error (541 while a node restarts) emits 'error', and
  // an unheard 'error' ends the process; every user learns of it from 'close' or a failed step
  // (set-up, clean-up and a late connection closed unused have no listener of their own).
  const connecting = amqp.connect(endpoint.url, options).then((connection) => connection.on('error', () => undefined));
  return withDeadline(connecting, STEP_DEADLINE_MS, `${what} connect (${endpoint.via})`, (late) => void closeConnection(late));
}

/** One short-lived connection and channel for `step`, retried with back-off; set-up and clean-up share it. */
async function onFreshChannel(
  endpoint: Endpoint,
  role: 'set-up' | 'clean-up',
  what: string,
  step: (channel: Channel) => Promise<void>,
  attempts: number,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const connection = await connectTo(endpoint, `warren-verify ${role}`, role);
      try {
        await withDeadline(connection.createChannel().then(step), STEP_DEADLINE_MS, what);
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

/** Deletes the queue and declares it afresh through `endpoint`, so its leader starts on that node. */
export function resetQueue(target: AmqpTarget, endpoint: Endpoint, attempts = 10): Promise<void> {
  return onFreshChannel(
    endpoint,
    'set-up',
    `reset queue ${target.queue}`,
    async (channel) => {
      await channel.deleteQueue(target.queue);
      await channel.assertQueue(target.queue, queueOptions(target.queueType));
    },
    attempts,
  );
}

/** Deletes the named queues (a missing one is no error); what a matrix created goes before it redeploys. */
export function deleteQueues(endpoint: Endpoint, queues: string[], attempts = 10): Promise<void> {
  return onFreshChannel(
    endpoint,
    'clean-up',
    `delete queues ${queues.join(', ')}`,
    async (channel) => {
      for (const queue of queues) await channel.deleteQueue(queue);
    },
    attempts,
  );
}
