// The flags of `warren verify` and `warren verify matrix`, shared by the registrar (verify.ts) and the actions.
export interface VerifyFlags {
  inventory: string[];
  messages?: string;
  rate: string;
  fault: string;
  node: string;
  queueType: string;
  publishers?: string;
  consumers?: string;
  clients: string;
  consume: string;
  declareOn?: string;
  lead: string;
  hold: string;
  settle: string;
  tls?: boolean;
  ca?: string;
  report?: string;
  json?: boolean;
  vaultPasswordFile?: string;
}

export interface MatrixFlags extends VerifyFlags {
  runs: string;
  partitionHold: string;
  netTicktime: string;
  playbook: string;
  deployTags?: string;
  syncTimeout: string;
  rejoinTimeout: string;
}

export const FAULTS = ['stop', 'kill', 'partition', 'partition-nodes', 'partition-partial', 'none'];
export const QUEUE_TYPES = ['quorum', 'mirrored'];
