// Publishes ids RUN-0..RUN-(N-1) on a confirm channel through HAProxy. An id counts as confirmed
// only on a broker ack that was not preceded by a basic.return; nacks, returns, timeouts and
// dropped connections all lead to a republish of the same id (duplicates are allowed, loss is not).
import amqp from 'amqplib';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Ledger } from './ledger.ts';
import { type AmqpTarget, backoffMs, queueOptions, sleep } from './amqp-target.ts';
import { closeConnection, STEP_DEADLINE_MS, withDeadline } from './deadline.ts';

export interface PublisherOptions {
  runId: string; // prefixes every id, so ids never repeat across runs
  total: number;
  rate: number; // messages per second
  confirmTimeoutMs: number;
  maxInFlight: number;
  log: (line: string) => void;
}

export class ConfirmingPublisher {
  private connection?: ChannelModel;
  private channel?: ConfirmChannel;
  private nextSeq = 0;
  private sent = 0; // publish calls so far, for pacing
  private readonly retry: string[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly returnedIds = new Set<string>();
  private stopped = false;
  disconnects = 0;

  constructor(private readonly target: AmqpTarget, private readonly ledger: Ledger, private readonly options: PublisherOptions) {}

  get done(): boolean {
    return this.nextSeq >= this.options.total && this.retry.length === 0 && this.pending.size === 0;
  }

  /** Runs until every id is confirmed (or stop() is called). */
  async run(): Promise<void> {
    const started = Date.now();
    let attempt = 0;
    while (!this.stopped && !this.done) {
      if (!this.channel) {
        try {
          await this.open();
          attempt = 0;
        } catch (err) {
          await sleep(backoffMs(attempt++));
          continue;
        }
      }
      const allowance = Math.floor(((Date.now() - started) / 1000) * this.options.rate) - this.sent;
      let budget = Math.max(0, Math.min(allowance, this.options.maxInFlight - this.pending.size));
      while (budget > 0 && this.channel) {
        const id = this.retry.shift() ?? (this.nextSeq < this.options.total ? `${this.options.runId}-${this.nextSeq++}` : undefined);
        if (!id) break;
        if (this.ledger.isConfirmed(id)) continue;
        this.sent++;
        this.publish(id);
        budget--;
      }
      await sleep(5);
    }
    await this.close();
  }

  stop(): void {
    this.stopped = true;
  }

  private async open(): Promise<void> {
    const connection = await withDeadline(amqp.connect(this.target.url, { timeout: 3000 }), STEP_DEADLINE_MS, 'publisher connect', (late) => void closeConnection(late));
    connection.on('error', () => undefined); // 'close' follows and does the work
    connection.on('close', () => this.lost(connection));
    try {
      this.channel = await withDeadline(this.setUp(connection), STEP_DEADLINE_MS, 'publisher set-up');
      this.connection = connection;
    } catch (err) {
      await closeConnection(connection);
      throw err;
    }
  }

  private async setUp(connection: ChannelModel): Promise<ConfirmChannel> {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    channel.on('return', (msg: ConsumeMessage) => {
      this.ledger.returned();
      this.returnedIds.add(String(msg.properties.messageId));
    });
    await channel.assertQueue(this.target.queue, queueOptions(this.target.queueType));
    return channel;
  }

  private publish(id: string): void {
    const channel = this.channel!;
    this.ledger.published(id);
    const timer = setTimeout(() => this.unknownOutcome(id), this.options.confirmTimeoutMs);
    this.pending.set(id, timer);
    const body = Buffer.from(JSON.stringify({ id, at: Date.now() }));
    try {
      channel.publish('', this.target.queue, body, { persistent: true, mandatory: true, messageId: id }, (err) => {
        if (this.pending.get(id) !== timer) {
          // A late answer for an attempt already given up on: an ack still means the broker has it.
          if (!err && !this.returnedIds.delete(id)) this.ledger.confirmed(id);
          return;
        }
        clearTimeout(timer);
        this.pending.delete(id);
        if (err) {
          this.ledger.nacked();
          this.retry.push(id);
        } else if (this.returnedIds.delete(id)) {
          this.retry.push(id); // routed nowhere: the ack does not mean it is stored
        } else {
          this.ledger.confirmed(id);
        }
      });
    } catch {
      this.unknownOutcome(id);
    }
  }

  private unknownOutcome(id: string): void {
    const timer = this.pending.get(id);
    if (!timer) return;
    clearTimeout(timer);
    this.pending.delete(id);
    this.ledger.timedOut();
    if (!this.ledger.isConfirmed(id)) this.retry.push(id);
  }

  private lost(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.disconnects++;
    this.options.log(`publisher: connection lost, ${this.pending.size} unconfirmed will be republished`);
    this.connection = undefined;
    this.channel = undefined;
    for (const id of [...this.pending.keys()]) this.unknownOutcome(id);
  }

  private async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.channel = undefined;
    await closeConnection(connection);
  }
}
