// Consumes with manual acks and a prefetch limit (through HAProxy or pinned to one node),
// recording every id it sees.
// An ack is sent only after the id is recorded, so a delivery lost with a dropped connection
// is redelivered rather than silently counted.
import type { ChannelModel, ConsumeMessage } from 'amqplib';
import type { Ledger } from './ledger.ts';
import { type AmqpTarget, backoffMs, connectTo, type Endpoint, queueOptions, sleep } from './amqp-target.ts';
import { closeConnection, STEP_DEADLINE_MS, withDeadline } from './deadline.ts';

export interface ConsumerOptions {
  name: string; // sub1, ...
  endpoint: Endpoint;
  runId: string;
  prefetch: number;
  connected: (connectionName: string) => void;
  log: (line: string) => void;
}

export class AckingConsumer {
  private connection?: ChannelModel;
  private stopped = false;
  private loop?: Promise<void>;
  private generation = 0;
  private connectionName = '';
  disconnects = 0;

  constructor(
    private readonly target: AmqpTarget,
    private readonly ledger: Ledger,
    private readonly options: ConsumerOptions,
  ) {}

  get name(): string {
    return this.options.name;
  }
  get currentConnection(): string {
    return this.connection ? this.connectionName : '';
  }

  start(): void {
    this.loop = this.keepConsuming();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await closeConnection(this.connection);
    await this.loop;
  }

  private async keepConsuming(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        const closed = await this.consumeOnce();
        attempt = 0;
        await closed;
        if (!this.stopped) {
          this.disconnects++;
          this.ledger.reconnected(this.options.name);
          this.connection = undefined;
          this.options.log(`${this.options.name}: connection to ${this.options.endpoint.via} lost, reconnecting`);
        }
      } catch {
        await sleep(backoffMs(attempt++));
      }
    }
  }

  /** Opens a connection and starts consuming; resolves to a promise of its close. */
  private async consumeOnce(): Promise<Promise<void>> {
    const name = `warren-verify ${this.options.runId} ${this.options.name} #${++this.generation}`;
    const connection = await connectTo(this.options.endpoint, name, this.options.name);
    const closed = new Promise<void>((resolve) => connection.once('close', () => resolve()));
    connection.on('error', () => undefined);
    // stop() must be able to end an attempt that is still setting up
    this.connection = connection;
    try {
      await withDeadline(this.setUp(connection), STEP_DEADLINE_MS, `${this.options.name} set-up`);
      this.connectionName = name;
      this.options.connected(name);
    } catch (err) {
      await closeConnection(connection);
      throw err;
    }
    return closed;
  }

  private async setUp(connection: ChannelModel): Promise<void> {
    const channel = await connection.createChannel();
    channel.on('error', (err: Error) => this.options.log(`${this.options.name}: channel error: ${err.message}`));
    // A channel closed under a live connection would keep its prefetched, unacknowledged
    // deliveries out of the queue for the rest of the run: end the connection, so they are
    // requeued and this consumer reconnects.
    channel.on('close', () => {
      if (!this.stopped) void closeConnection(connection);
    });
    await channel.assertQueue(this.target.queue, queueOptions(this.target.queueType));
    await channel.prefetch(this.options.prefetch);
    await channel.consume(
      this.target.queue,
      (msg: ConsumeMessage | null) => {
        if (!msg) return void closeConnection(connection); // consumer cancelled by the broker
        this.ledger.delivered(String(msg.properties.messageId), this.options.name);
        channel.ack(msg);
      },
      { noAck: false },
    );
  }
}
