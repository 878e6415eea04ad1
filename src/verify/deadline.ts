// amqplib waits forever for a broker that accepted the connection but never answers (a node
// resuming after a partition can do that); every client step here gets a deadline instead.
import type { ChannelModel } from 'amqplib';

/** How long one connect, set-up or close step may take before it counts as failed. */
export const STEP_DEADLINE_MS = 15_000;

/** Rejects after `ms`; a value that arrives later goes to `late` (e.g. to close it). */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string, late?: (value: T) => void): Promise<T> {
  let expired = false;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      expired = true;
      reject(new Error(`${what}: no answer within ${ms / 1000} s`));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (expired) late?.(value);
        else resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        if (!expired) reject(err);
      },
    );
  });
}

/** Closes politely, or drops the socket when the broker does not answer the close. */
export async function closeConnection(connection: ChannelModel | undefined, ms = 5000): Promise<void> {
  if (!connection) return;
  await withDeadline(connection.close(), ms, 'close').catch(() => dropSocket(connection));
}

/** amqplib's ChannelModel keeps its socket at .connection.stream. */
export function dropSocket(connection: ChannelModel): void {
  (connection as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
