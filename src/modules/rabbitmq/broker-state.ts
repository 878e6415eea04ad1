// The broker's whole state (users, permissions, vhosts, policies, cluster status) read in ONE
// Erlang VM per host per run: every rabbitmq module's probe starts here, and the run's probe cache
// (modules/module.ts ProbeCache) keeps the answer until a task may have changed something.
// Passwords are checked on the controller against the user's salted hash (RabbitMQ's own scheme),
// so no password goes to the host to be checked; the hashes stay in this module's memory.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ModuleContext } from '../module.ts';
import { BROKER_STATE_EXPRESSION, BROKER_STATE_MARK } from './broker-eval.ts';
import { CURL_COMMAND, curlConfig, type ManagementLogin, managementStateDocument, splitResponses } from './broker-http.ts';
import { ctl, runProbe } from './cli.ts';
import { passwordAsRead, type Permission } from './user-eval.ts';

export interface BrokerUser {
  tags: string[];
  permissions: Permission[];
  /** the salted hash, decoded; never leaves this module */
  hash: Buffer;
  algorithm: string;
}

/**
 * One part is undefined when the node could not list it: the module then asks the CLI itself.
 * vhosts, policies and cluster have the shapes of list_vhosts, list_policies (plus vhost) and
 * cluster_status JSON, so each module reads them with its own parser.
 */
export interface BrokerState {
  /** rabbitmqctl is not on the host */
  missing: boolean;
  /** the installed version, from the package's library directory ('' unknown) */
  version: string;
  users?: Map<string, BrokerUser>;
  vhosts?: unknown[];
  policies?: Array<{ vhost: string }>;
  cluster?: Record<string, unknown>;
}

// The package's library directory is named after the version (rabbitmq_server-3.10.8).
export const VERSION_COMMAND = "ls -d /usr/lib/rabbitmq/lib/rabbitmq_server-* 2>/dev/null | sed -n 's/.*rabbitmq_server-//p' | sort -V | tail -n 1";

const HASHES: Record<string, string> = {
  rabbit_password_hashing_sha256: 'sha256',
  rabbit_password_hashing_sha512: 'sha512',
  rabbit_password_hashing_md5: 'md5',
};

/**
 * Whether `password` is the user's: hash = salt (4 bytes) + H(salt + password), as
 * rabbit_password builds it. undefined for a hashing module it does not know (ask the node).
 */
export function passwordMatchesHash(user: Pick<BrokerUser, 'hash' | 'algorithm'>, password: string): boolean | undefined {
  const algorithm = HASHES[user.algorithm];
  if (!algorithm) return undefined;
  if (user.hash.length <= 4) return false; // a cleared password: no login works
  const salt = user.hash.subarray(0, 4);
  const expected = user.hash.subarray(4);
  const actual = createHash(algorithm).update(salt).update(passwordAsRead(password), 'utf8').digest();
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

type Part<T> = T | { error: unknown };

interface UserJson {
  user: string;
  tags: string[];
  password_hash: string;
  hashing_algorithm: string;
  permissions: Permission[];
}

export interface BrokerStateJson {
  running?: boolean;
  users?: Part<UserJson[]>;
  vhosts?: Part<unknown[]>;
  policies?: Part<Array<{ vhost: string }>>;
  cluster?: Part<Record<string, unknown>>;
}

function part<T>(value: Part<T> | undefined): T | undefined {
  return value === undefined || (typeof value === 'object' && value !== null && 'error' in value) ? undefined : (value as T);
}

function brokerUser(u: UserJson): BrokerUser {
  return {
    tags: u.tags.map(String).sort(),
    // sorted: the eval and the HTTP API list them in their own orders
    permissions: u.permissions
      .map((p) => ({ vhost: String(p.vhost), configure: String(p.configure), write: String(p.write), read: String(p.read) }))
      .sort((a, b) => (a.vhost < b.vhost ? -1 : a.vhost > b.vhost ? 1 : 0)),
    hash: Buffer.from(String(u.password_hash ?? ''), 'base64'),
    algorithm: String(u.hashing_algorithm),
  };
}

/** The expression's JSON line -> the parts it could read; undefined when there is no usable line. */
export function parseBrokerState(output: string, version: string): BrokerState | undefined {
  const line = output.split('\n').find((l) => l.startsWith(`${BROKER_STATE_MARK} `));
  if (!line) return undefined;
  try {
    return brokerStateFromDocument(JSON.parse(line.slice(BROKER_STATE_MARK.length + 1)) as BrokerStateJson, version);
  } catch {
    return undefined;
  }
}

/** The eval's document (or the HTTP API's answers in its shape) -> the parts it holds. */
export function brokerStateFromDocument(doc: BrokerStateJson, version: string): BrokerState | undefined {
  if (doc.running !== true) return undefined;
  const users = part(doc.users);
  const vhosts = part(doc.vhosts);
  const policies = part(doc.policies);
  const cluster = part(doc.cluster);
  return {
    missing: false,
    version,
    ...(users ? { users: new Map(users.map((u) => [String(u.user), brokerUser(u)])) } : {}),
    ...(vhosts ? { vhosts } : {}),
    ...(policies ? { policies } : {}),
    ...(cluster ? { cluster } : {}),
  };
}

/** Through the management API: undefined when it cannot answer (no curl, plugin off, login refused). */
async function readBrokerStateOverHttp(ctx: ModuleContext, login: ManagementLogin): Promise<BrokerState | undefined> {
  const probe = await runProbe(
    ctx,
    [
      { key: 'http', command: CURL_COMMAND, readsStdin: true },
      { key: 'version', command: VERSION_COMMAND },
    ],
    curlConfig(login),
  );
  const version = probe.sections.version?.output.trim() ?? '';
  if (probe.missing) return { missing: true, version };
  const http = probe.sections.http;
  const answers = http?.rc === 0 ? splitResponses(`\n${http.output}\n`) : undefined;
  return answers && brokerStateFromDocument(managementStateDocument(answers) as BrokerStateJson, version);
}

async function readBrokerState(ctx: ModuleContext, login?: ManagementLogin): Promise<BrokerState> {
  const viaHttp = login && (await readBrokerStateOverHttp(ctx, login));
  if (viaHttp) return viaHttp;
  const probe = await runProbe(
    ctx,
    [
      { key: 'state', command: ctl('eval'), readsStdin: true },
      { key: 'version', command: VERSION_COMMAND },
    ],
    BROKER_STATE_EXPRESSION,
  );
  const version = probe.sections.version?.output.trim() ?? '';
  if (probe.missing) return { missing: true, version };
  const state = probe.sections.state;
  return (state?.rc === 0 ? parseBrokerState(state.output, version) : undefined) ?? { missing: false, version };
}

/**
 * The host's broker state, read once per run (until something may have changed it): through the
 * management API when a login is given and it answers, else with one `rabbitmqctl eval`.
 */
export function brokerState(ctx: ModuleContext, login?: ManagementLogin): Promise<BrokerState> {
  const read = () => readBrokerState(ctx, login);
  return ctx.probeCache ? ctx.probeCache.remember('rabbitmq-broker-state', read) : read();
}
