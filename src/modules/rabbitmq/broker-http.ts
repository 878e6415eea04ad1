// The broker's state from the management HTTP API on the node itself (curl to 127.0.0.1:15672):
// no Erlang VM starts, unlike `rabbitmqctl eval` (broker-eval.ts). The admin login comes from the
// task's login_* arguments (the playbooks set them in module_defaults). The password goes to curl
// on stdin as its config (`-K -`): it is in no argv, no environment and no output. The answers
// are reshaped into the eval's JSON document, so both paths feed the same parser.

/** The login_* arguments every module that reads the broker's state accepts. */
export interface LoginArgs {
  login_user?: string;
  login_password?: string;
  login_host?: string;
  login_port?: number | string;
}

export interface ManagementLogin {
  user: string;
  password: string;
  host: string;
  port: number;
}

export const loginArgsProperties = {
  login_user: { type: 'string', minLength: 1 },
  login_password: { type: 'string' },
  // a host name or IPv4 address: it is written into curl's config and URL unquoted
  login_host: { type: 'string', pattern: '^[A-Za-z0-9.-]+$' },
  login_port: {
    anyOf: [
      { type: 'integer', minimum: 1, maximum: 65535 },
      { type: 'string', pattern: '^[0-9]{1,5}$' },
    ],
  },
} as const;

/** The login to use, or undefined (no user or password given: the eval path is the only one). */
export function managementLogin(args: LoginArgs): ManagementLogin | undefined {
  if (!args.login_user || args.login_password === undefined) return undefined;
  return { user: args.login_user, password: args.login_password, host: args.login_host ?? '127.0.0.1', port: Number(args.login_port ?? 15672) };
}

export const HTTP_MARK = '@@warren-http';
export const CURL_COMMAND = 'curl -K -';
const ENDPOINTS = ['overview', 'users', 'permissions', 'vhosts', 'policies', 'nodes'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

/** A double-quoted curl config string (curl's own escapes). */
function configString(text: string): string {
  return `"${text.replace(/[\\"\t\n\r\v]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\v': '\\v' })[c] ?? c)}"`;
}

/** curl's config, read from stdin: the login, then one URL per endpoint, each followed by its status. */
export function curlConfig(login: ManagementLogin): string {
  const lines = [
    'silent',
    'show-error',
    'connect-timeout = 3',
    'max-time = 15',
    `user = ${configString(`${login.user}:${login.password}`)}`,
    `write-out = "\\n${HTTP_MARK} %{http_code}\\n"`,
    ...ENDPOINTS.map((e) => `url = "http://${login.host}:${login.port}/api/${e}"`),
  ];
  return `${lines.join('\n')}\n`;
}

/** curl's output -> each endpoint's body; undefined unless every one answered 200. */
export function splitResponses(output: string): Record<Endpoint, unknown> | undefined {
  const pattern = new RegExp(`\\n${HTTP_MARK} (\\d{3})\\n`, 'g');
  const bodies: unknown[] = [];
  let start = 0;
  for (const match of output.matchAll(pattern)) {
    if (match[1] !== '200') return undefined;
    try {
      bodies.push(JSON.parse(output.slice(start, match.index)));
    } catch {
      return undefined;
    }
    start = (match.index ?? 0) + match[0].length;
  }
  if (bodies.length !== ENDPOINTS.length) return undefined;
  return Object.fromEntries(ENDPOINTS.map((e, i) => [e, bodies[i]])) as Record<Endpoint, unknown>;
}

type Row = Record<string, unknown>;
const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);

function tagList(tags: unknown): string[] {
  if (Array.isArray(tags)) return tags.map(String);
  return String(tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

function appOf(node: Row, name: string): Row | undefined {
  return rows(node.applications).find((a) => a.name === name);
}

/**
 * The eval's cluster part from /api/overview and /api/nodes. Not in the API: another node's
 * Erlang version (only the answering node's is), and alarms other than memory and disk.
 */
function clusterPart(overview: Row, nodes: Row[]): Row {
  const names = (type: string) => nodes.filter((n) => n.type === type).map((n) => String(n.name));
  const running = nodes.filter((n) => n.running === true);
  const alarms = running
    .flatMap((n) => [
      ...(n.disk_free_alarm === true ? [{ type: 'resource_alarm', resource: 'disk', node: String(n.name) }] : []),
      ...(n.mem_alarm === true ? [{ type: 'resource_alarm', resource: 'memory', node: String(n.name) }] : []),
    ])
    .sort((a, b) => (a.resource === b.resource ? (a.node < b.node ? -1 : a.node > b.node ? 1 : 0) : a.resource < b.resource ? -1 : 1));
  const version = (n: Row): Row => {
    const rabbit = appOf(n, 'rabbit');
    if (!rabbit) return {};
    const local = n.name === overview.node;
    return {
      rabbitmq_name: String(rabbit.description),
      rabbitmq_version: String(rabbit.version),
      ...(local ? { erlang_version: String(overview.erlang_version) } : {}),
    };
  };
  return {
    cluster_name: String(overview.cluster_name ?? ''),
    disk_nodes: names('disc'),
    ram_nodes: names('ram'),
    running_nodes: running.map((n) => String(n.name)),
    partitions: Object.fromEntries(running.filter((n) => rows(n.partitions).length > 0).map((n) => [String(n.name), rows(n.partitions).map(String)])),
    alarms,
    versions: Object.fromEntries(running.map((n) => [String(n.name), version(n)])),
  };
}

/** The API's answers in the shape of the eval's JSON document (see broker-state.ts). */
export function managementStateDocument(answers: Record<Endpoint, unknown>): Record<string, unknown> {
  const permissions = rows(answers.permissions);
  return {
    running: true,
    users: rows(answers.users).map((u) => ({
      user: String(u.name),
      tags: tagList(u.tags),
      password_hash: String(u.password_hash ?? ''),
      hashing_algorithm: String(u.hashing_algorithm ?? ''),
      permissions: permissions.filter((p) => p.user === u.name),
    })),
    vhosts: rows(answers.vhosts).map((v) => ({ name: String(v.name), tracing: v.tracing === true })),
    policies: rows(answers.policies).map((p) => ({
      vhost: p.vhost,
      name: p.name,
      pattern: p.pattern,
      'apply-to': p['apply-to'],
      priority: p.priority,
      definition: p.definition,
    })),
    cluster: clusterPart((answers.overview ?? {}) as Row, rows(answers.nodes)),
  };
}
