// What one failover proof run is asked to do; run.ts carries it out, report.ts reports it.
import type { AmqpTarget } from './amqp-target.ts';
import type { FaultKind } from './nodes.ts';
import type { ClientMode } from './schedule.ts';

export interface VerifyPlan {
  target: AmqpTarget;
  nodes: string[]; // inventory names of the RabbitMQ nodes, in order
  fault: FaultKind;
  node: string; // leader | follower | clients | first | each | a host name
  declareOn?: string; // declare the queue through this node (its leader starts there); default HAProxy
  publishers: number;
  consumers: number;
  clients: ClientMode;
  consume: 'during' | 'after';
  rate: number; // messages per second, all publishers together
  messages?: number; // stop starting new ids after this many
  leadMs: number; // publishing before the first fault
  holdMs: number; // how long a fault lasts
  settleMs: number; // publishing after the last fault healed and settled
  confirmTimeoutMs: number;
  prefetch: number;
  drainTimeoutMs: number; // the drain ends when nothing new arrived for this long (then the sweep reads what is left)
  finishTimeoutMs: number; // after the schedule, how long publishers republish ids still unconfirmed (then: unconfirmed, not lost)
  syncTimeoutMs: number;
  wholeTimeoutMs: number; // how long a healed node may take to rejoin before the run says so
  log: (line: string) => void;
  /** Aborted: the schedule ends now (no further fault, no more lead or settle), then drain and report. */
  finish?: AbortSignal;
}
