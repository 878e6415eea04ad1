// Publishes ids RUN-CLIENT-0, -1, ... on a confirm channel at a steady rate until told to stop.
// An id counts as confirmed only on a broker ack that was not preceded by a basic.return; nacks,
// returns, timeouts and dropped connections all lead to a republish of the same id (duplicates
// are allowed, loss is not). After stop() it only finishes the ids already attempted.
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Ledger } from './ledger.ts';
import { type AmqpTarget, backoffMs, connectTo, type Endpoint, queueOptions, sleep } from './amqp-target.ts';
import { closeConnection, STEP_DEADLINE_MS, withDeadline } from './deadline.ts';

export interface PublisherOptions {
  name: string; // the client's name in the ledger and the chart (pub1, ...)
  endpoint: Endpoint;
  runId: string; // prefixes every id, so ids never repeat across runs
  rate: number; // messages per second, this publisher
  confirmTimeoutMs: number;
  maxInFlight: number;
  /** Called with every new connection's name, to learn where it landed. */
  connected: (connectionName: string) => void;
  /** False once no more new ids may be started (a --messages cap shared by all publishers). */
  mayStartNew: () => boolean;
  log: (line: string) => void;
}

export class ConfirmingPublisher {
  private connection?: ChannelModel;
  private connectionName = '';
  private generation = 0;
  private channel?: ConfirmChannel;
  private nextSeq = 0;
  private sent = 0; // publish calls so far, for pacing
  private readonly retry: string[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly returnedIds = new Set<string>();
  private starting = true; // new ids may start
  private finishBy = Number.POSITIVE_INFINITY;
  disconnects = 0;

  constructor(
    private readonly target: AmqpTarget,
    private readonly ledger: Ledger,
    private readonly options: PublisherOptions,
  ) {}

  get name(): string {
    return this.options.name;
  }
  /** The name of the connection in use now ('' while reconnecting). */
  get currentConnection(): string {
    return this.channel ? this.connectionName : '';
  }
  private get finished(): boolean {
    return !this.starting && this.retry.length === 0 && this.pending.size === 0;
  }

  /** Runs until stop() and, after it, until every attempted id is confirmed or the finish deadline passes. */
  async run(): Promise<void> {
    const started = Date.now();
    let attempt = 0;
    while (!this.finished && Date.now() < this.finishBy) {
      if (!this.channel) {
        try {
          await this.open();
          attempt = 0;
        } catch {
          await sleep(backoffMs(attempt++));
          continue;
        }
      }
      const allowance = Math.floor(((Date.now() - started) / 1000) * this.options.rate) - this.sent;
      let budget = Math.max(0, Math.min(this.starting ? allowance : this.options.maxInFlight, this.options.maxInFlight - this.pending.size));
      while (budget > 0 && this.channel) {
        const id = this.retry.shift() ?? this.newId();
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

  /** No new ids from now on; unconfirmed ones are republished for at most `finishMs`. */
  stop(finishMs: number): void {
    this.starting = false;
    this.finishBy = Date.now() + finishMs;
  }

  private newId(): string | undefined {
    if (!this.starting || !this.options.mayStartNew()) return undefined;
    return `${this.options.runId}-${this.options.name}-${this.nextSeq++}`;
  }

  private async open(): Promise<void> {
    const name = `warren-verify ${this.options.runId} ${this.options.name} #${++this.generation}`;
    const connection = await connectTo(this.options.endpoint, name, this.options.name);
    connection.on('error', () => undefined); // 'close' follows and does the work
    connection.on('close', () => this.lost(connection));
    try {
      this.channel = await withDeadline(this.setUp(connection), STEP_DEADLINE_MS, `${this.options.name} set-up`);
      this.connection = connection;
      this.connectionName = name;
      this.options.connected(name);
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
    const connectionName = this.connectionName;
    const client = this.options.name;
    this.ledger.published(id);
    const timer = setTimeout(() => this.unknownOutcome(id), this.options.confirmTimeoutMs);
    this.pending.set(id, timer);
    const body = Buffer.from(JSON.stringify({ id, at: Date.now() }));
    try {
      channel.publish('', this.target.queue, body, { persistent: true, mandatory: true, messageId: id }, (err) => {
        if (this.pending.get(id) !== timer) {
          // A late answer for an attempt already given up on: an ack still means the broker has it.
          if (!err && !this.returnedIds.delete(id)) this.ledger.confirmed(id, client, connectionName);
          return;
        }
        clearTimeout(timer);
        this.pending.delete(id);
        if (err) {
          this.ledger.nacked(client);
          this.retry.push(id);
        } else if (this.returnedIds.delete(id)) {
          this.retry.push(id); // routed nowhere: the ack does not mean it is stored
        } else {
          this.ledger.confirmed(id, client, connectionName);
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
    this.ledger.timedOut(this.options.name);
    if (!this.ledger.isConfirmed(id)) this.retry.push(id);
  }

  private lost(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.disconnects++;
    this.ledger.reconnected(this.options.name);
    this.options.log(`${this.options.name}: connection to ${this.options.endpoint.via} lost, ${this.pending.size} unconfirmed will be republished`);
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
