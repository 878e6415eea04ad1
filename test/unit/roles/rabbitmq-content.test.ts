// The RabbitMQ content (roles/, playbooks/, inventories/) checked without hosts: every playbook
// loads and validates, templates render to the tutorial's settings, conditions parse and
// decide as intended, and every role default is documented.
import { expect } from 'chai';
import { readdirSync, readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globSync } from 'glob';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadPlaybook } from '../../../src/load/playbook.ts';
import type { ModuleCatalog } from '../../../src/load/options.ts';
import { findModule, suggestModules } from '../../../src/modules/registry.ts';
import { createTemplateEngine } from '../../../src/template/engine.ts';
import { isTrue } from '../../../src/template/expression.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';
import { writeInventory } from '../../../src/lab/inventory.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const roles = ['erlang', 'socat', 'rabbitmq', 'cookie-sync', 'cluster-join', 'mirror-policy', 'haproxy'];

const catalog: ModuleCatalog = { find: (n) => findModule(n), suggest: (n) => suggestModules(n) };

function defaultsOf(role: string): Record<string, unknown> {
  return parse(readFileSync(`${root}roles/${role}/defaults/main.yml`, 'utf8')) ?? {};
}

const labHosts = {
  rmq1: { ansible_host: '10.86.0.11' },
  rmq2: { ansible_host: '10.86.0.12' },
  rmq3: { ansible_host: '10.86.0.13' },
  lb1: { ansible_host: '10.86.0.14' },
};
const groups = { all: Object.keys(labHosts), rabbitmq: ['rmq1', 'rmq2', 'rmq3'], haproxy: ['lb1'] };

describe('rabbitmq content: playbooks', () => {
  for (const file of readdirSync(`${root}playbooks`).filter((f) => f.endsWith('.yml'))) {
    it(`${file} loads and every task validates`, async () => {
      const book = await loadPlaybook(`${root}playbooks/${file}`, { secrets: new SecretRegistry(), modules: catalog });
      expect(book.plays.length).to.be.greaterThan(0);
    });
  }

  it('site.yml runs the roles in the tutorial order, joining and restarting one node at a time', async () => {
    const book = await loadPlaybook(`${root}playbooks/site.yml`, { secrets: new SecretRegistry(), modules: catalog });
    expect(book.plays.map((p) => p.roles.map((r) => r.role?.name).join(','))).to.deep.equal([
      '',
      'erlang',
      'socat',
      'rabbitmq',
      'cookie-sync',
      'cluster-join',
      'cluster-join',
      '',
      '',
      '',
      'mirror-policy',
      'haproxy',
    ]);
    expect(book.plays[5].serial).to.deep.equal([1]);
    // an upgrade's pre-flight check first, on every node at once; any failure stops the run
    for (const i of [0, 7]) {
      expect(book.plays[i].name).to.match(/^Refuse an upgrade unless every node runs/);
      expect(book.plays[i].any_errors_fatal).to.equal(true);
    }
    // the rolling restart: one node per batch, and a failed gate stops the whole roll
    expect(book.plays[8].name).to.match(/one at a time, behind health gates/);
    expect(book.plays[8].serial).to.deep.equal([1]);
    expect(book.plays[8].any_errors_fatal).to.equal(true);
    expect(book.plays[11].hosts).to.equal('haproxy');
  });
});

describe('rabbitmq content: templates', () => {
  const engine = createTemplateEngine();
  const hostvars = labHosts;

  it('haproxy.cfg has the tutorial setup in 2.6 syntax', () => {
    const vars = { ...defaultsOf('haproxy'), haproxy_stats_password: 's3cret', groups, hostvars, inventory_hostname: 'lb1' };
    const cfg = engine.renderFile(`${root}roles/haproxy/templates/haproxy.cfg.hbs`, vars);
    expect(cfg).to.contain('    mode tcp\n    balance roundrobin\n    # Long idle timeouts');
    expect(cfg).to.contain('    timeout client 3h\n    timeout server 3h\n');
    const server = (name: string, address: string) => `    server ${name} ${address}:5672 check inter 5s rise 2 fall 2 on-marked-down shutdown-sessions\n`;
    expect(cfg).to.contain(server('rmq1', '10.86.0.11') + server('rmq2', '10.86.0.12') + server('rmq3', '10.86.0.13'));
    const kept = engine.renderFile(`${root}roles/haproxy/templates/haproxy.cfg.hbs`, { ...vars, haproxy_shutdown_sessions_on_down: false });
    expect(kept).to.contain('    server rmq1 10.86.0.11:5672 check inter 5s rise 2 fall 2\n');
    expect(cfg).to.contain('    stats auth admin:s3cret\n');
    expect(cfg).to.contain('    bind 0.0.0.0:8100\n    mode http\n');
    expect(cfg).to.contain('    stats uri /rabbitmq-stats\n    stats refresh 5s\n');
    expect(cfg).to.not.match(/contimeout|clitimeout|srvtimeout|nbproc/);
  });

  it('rabbitmq.conf keeps guest on loopback unless asked, and pauses the minority', () => {
    const vars = { ...defaultsOf('rabbitmq'), groups, hostvars, inventory_hostname: 'rmq1', inventory_hostname_short: 'rmq1' };
    const conf = engine.renderFile(`${root}roles/rabbitmq/templates/rabbitmq.conf.hbs`, vars);
    expect(conf).to.contain('listeners.tcp.default = 5672\n');
    expect(conf).to.contain('loopback_users.guest = true\n');
    expect(conf).to.contain('cluster_partition_handling = pause_minority\n');
    expect(conf).to.contain('management.tcp.port = 15672\n');
    const remote = engine.renderFile(`${root}roles/rabbitmq/templates/rabbitmq.conf.hbs`, {
      ...vars,
      rabbitmq_guest_remote: true,
      rabbitmq_conf_extra: ['vm_memory_high_watermark.relative = 0.6'],
    });
    expect(remote).to.contain('loopback_users.guest = false\n');
    expect(remote).to.contain('\nvm_memory_high_watermark.relative = 0.6\n');
  });

  it('rabbitmq-env.conf names the node after the short host name; advanced.config is a valid term list', () => {
    const vars = { ...defaultsOf('rabbitmq'), groups, hostvars, inventory_hostname: 'rmq2', inventory_hostname_short: 'rmq2' };
    expect(engine.renderFile(`${root}roles/rabbitmq/templates/rabbitmq-env.conf.hbs`, vars)).to.contain('\nNODENAME=rabbit@rmq2\n');
    expect(engine.renderFile(`${root}roles/rabbitmq/templates/rabbitmq-env.conf.hbs`, { ...vars, rabbitmq_hostname: 'tyrival87' })).to.contain(
      '\nNODENAME=rabbit@tyrival87\n',
    );
    expect(engine.renderFile(`${root}roles/rabbitmq/templates/advanced.config.hbs`, vars)).to.match(/\[\n\]\.\n$/);
    const two = engine.renderFile(`${root}roles/rabbitmq/templates/advanced.config.hbs`, {
      ...vars,
      rabbitmq_advanced_config: ['{rabbit, [{consumer_timeout, 3600000}]}', '{kernel, []}'],
    });
    expect(two).to.contain('[\n  {rabbit, [{consumer_timeout, 3600000}]},\n  {kernel, []}\n].\n');
  });

  it('rabbitmq.conf with TLS: AMQPS and HTTPS management from the pushed files; plain AMQP and HTTP can be turned off', () => {
    const vars = { ...defaultsOf('rabbitmq'), groups, hostvars, inventory_hostname: 'rmq1', inventory_hostname_short: 'rmq1' };
    const render = (extra: Record<string, unknown>) => engine.renderFile(`${root}roles/rabbitmq/templates/rabbitmq.conf.hbs`, { ...vars, ...extra });
    expect(render({})).not.to.match(/ssl/);
    const tls = render({ rabbitmq_tls_enabled: true });
    expect(tls).to.contain('listeners.tcp.default = 5672\nlisteners.ssl.default = 5671\n');
    expect(tls).to.contain(
      'ssl_options.cacertfile = /etc/rabbitmq/tls/ca.crt\nssl_options.certfile = /etc/rabbitmq/tls/node.crt\nssl_options.keyfile = /etc/rabbitmq/tls/node.key\nssl_options.verify = verify_peer\nssl_options.fail_if_no_peer_cert = false\nssl_options.versions.0 = tlsv1.3\nssl_options.versions.1 = tlsv1.2\n',
    );
    expect(tls).to.contain('management.tcp.port = 15672\nmanagement.ssl.port = 15671\nmanagement.ssl.cacertfile = /etc/rabbitmq/tls/ca.crt\n');
    const only = render({
      rabbitmq_tls_enabled: true,
      rabbitmq_plain_amqp_enabled: false,
      rabbitmq_management_plain_enabled: false,
      rabbitmq_amqp_bind_address: '10.86.0.11',
    });
    expect(only).to.contain('listeners.tcp = none\nlisteners.ssl.default = 10.86.0.11:5671\n');
    expect(only).not.to.contain('management.tcp');
  });

  it('haproxy.cfg with TLS forwards 5671 in TCP mode, each node checked by a TLS handshake against the CA; plain off drops 5672', () => {
    const vars = { ...defaultsOf('haproxy'), haproxy_stats_password: 's3cret', groups, hostvars, inventory_hostname: 'lb1' };
    const render = (extra: Record<string, unknown>) => engine.renderFile(`${root}roles/haproxy/templates/haproxy.cfg.hbs`, { ...vars, ...extra });
    const tls = render({ haproxy_amqps_enabled: true, haproxy_amqps_backend_port: 5671 });
    expect(tls).to.contain('listen rabbitmq_cluster\n    bind 0.0.0.0:5672\n');
    expect(tls).to.contain('listen rabbitmq_cluster_tls\n    bind 0.0.0.0:5671\n    mode tcp\n');
    expect(tls).to.contain(
      '    server rmq2 10.86.0.12:5671 check check-ssl verify required ca-file /etc/haproxy/rabbitmq-ca.crt verifyhost rmq2 inter 5s rise 2 fall 2 on-marked-down shutdown-sessions\n',
    );
    const only = render({ haproxy_amqps_enabled: true, haproxy_amqps_backend_port: 5671, haproxy_amqp_enabled: false });
    expect(only).not.to.contain(':5672');
    expect(render({ haproxy_amqps_enabled: false })).not.to.contain('5671');
  });

  it('inter-node TLS: the node and the CLI tools speak inet_tls with the same certificates, both sides verified', () => {
    const vars = { ...defaultsOf('rabbitmq'), groups, hostvars, inventory_hostname: 'rmq2', inventory_hostname_short: 'rmq2' };
    const env = engine.renderFile(`${root}roles/rabbitmq/templates/rabbitmq-env.conf.hbs`, { ...vars, rabbitmq_tls_inter_node: true });
    expect(env).to.contain('SERVER_ADDITIONAL_ERL_ARGS="-pa $ERL_SSL_PATH -proto_dist inet_tls -ssl_dist_optfile /etc/rabbitmq/inter_node_tls.config"\n');
    expect(env).to.contain('CTL_ERL_ARGS="-pa $ERL_SSL_PATH -proto_dist inet_tls -ssl_dist_optfile /etc/rabbitmq/inter_node_tls.config"\n');
    expect(engine.renderFile(`${root}roles/rabbitmq/templates/rabbitmq-env.conf.hbs`, vars)).not.to.contain('inet_tls');
    const dist = engine.renderFile(`${root}roles/rabbitmq/templates/inter_node_tls.config.hbs`, vars);
    expect(dist.match(/\{verify, verify_peer\}/g)).to.have.length(2);
    expect(dist).to.contain('{fail_if_no_peer_cert, true}');
    expect(dist).to.contain('{keyfile, "/etc/rabbitmq/tls/node.key"}');
  });

  it('the /etc/hosts line for a member uses its inventory address', () => {
    const vars = { groups, hostvars, item: 'rmq3' };
    expect(engine.renderString('{{ hostvars[item].ansible_host }} {{ item }}', vars)).to.equal('10.86.0.13 rmq3');
    expect(new RegExp(String(engine.renderString('^\\S+\\s+{{ item }}(\\s.*)?$', vars))).test('127.0.1.1 rmq3')).to.equal(true);
  });
});

type TaskNode = { name?: string; when?: string | string[]; until?: string; block?: TaskNode[]; always?: TaskNode[]; rescue?: TaskNode[]; [k: string]: unknown };

/** The conditions that decide a task, its enclosing blocks' included, read from the role itself. */
function conditionsOf(role: string, name: string): { when: string[]; until?: string } {
  const walk = (tasks: TaskNode[], inherited: string[]): { when: string[]; until?: string } | undefined => {
    for (const t of tasks) {
      const own = t.when === undefined ? [] : Array.isArray(t.when) ? t.when : [t.when];
      if (t.name === name) return { when: [...inherited, ...own], until: t.until };
      for (const key of ['block', 'rescue', 'always'] as const) {
        const found = t[key] ? walk(t[key]!, [...inherited, ...own]) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = walk(parse(readFileSync(`${root}roles/${role}/tasks/main.yml`, 'utf8')) as TaskNode[], []);
  if (!found) throw new Error(`no task '${name}' in roles/${role}`);
  return found;
}

describe('rabbitmq content: join decisions', () => {
  const base = { groups, inventory_hostname: 'rmq2', rabbitmq_seed_host: 'rmq1', ansible_check_mode: false, cluster_join_steps: ['join'] };
  const join = conditionsOf('cluster-join', "Reset the node (a joining node takes the cluster's data)");
  const forget = conditionsOf('cluster-join', "Forget this node's old incarnation on the seed (a rebuilt host)");
  const holds = (conditions: string[], vars: Record<string, unknown>) => conditions.every((c) => isTrue(c, vars));
  const view = (hosts: string[]) => ({ rabbitmq_cluster: { hosts } });

  it('a standalone node joins; a member, and the seed, do not', () => {
    expect(holds(join.when, { ...base, rabbitmq_own_view: view(['rmq2']) })).to.equal(true);
    expect(holds(join.when, { ...base, rabbitmq_own_view: view(['rmq1', 'rmq2']) })).to.equal(false);
    expect(holds(join.when, { ...base, inventory_hostname: 'rmq1', rabbitmq_own_view: view(['rmq1']) })).to.equal(false);
  });

  it('the seed forgets a rebuilt node it still lists, and only then', () => {
    const own = view(['rmq2']);
    expect(holds(forget.when, { ...base, rabbitmq_own_view: own, rabbitmq_seed_view: view(['rmq1', 'rmq2', 'rmq3']) })).to.equal(true);
    expect(holds(forget.when, { ...base, rabbitmq_own_view: own, rabbitmq_seed_view: view(['rmq1', 'rmq3']) })).to.equal(false);
  });

  it('join_cluster is retried until it succeeds, and a check-mode skip ends the retries', () => {
    const until = conditionsOf('cluster-join', 'Join the seed node (join_cluster, retried while the seed is busy)').until!;
    expect(isTrue(until, { rabbitmq_join_result: { changed: false, skipped: true } })).to.equal(true);
    expect(isTrue(until, { rabbitmq_join_result: { changed: true, failed: true, rc: 69 } })).to.equal(false);
    expect(isTrue(until, { rabbitmq_join_result: { changed: true, rc: 0 } })).to.equal(true);
  });

  it('verify waits for as many running members as the group has, also through a failed read', () => {
    const until = conditionsOf('cluster-join', 'Wait until this node sees every member running').until!;
    expect(isTrue(until, { groups, rabbitmq_cluster_view: { failed: true, msg: 'nodedown' } })).to.equal(false);
    expect(isTrue(until, { groups, rabbitmq_cluster_view: { rabbitmq_cluster: { running_hosts: ['rmq1', 'rmq2'] } } })).to.equal(false);
    expect(isTrue(until, { groups, rabbitmq_cluster_view: { rabbitmq_cluster: { running_hosts: ['rmq1', 'rmq2', 'rmq3'] } } })).to.equal(true);
    expect(isTrue("'join' in cluster_join_steps", base)).to.equal(true);
  });
});

describe('rabbitmq content: module arguments as Ansible takes them', () => {
  it('rabbitmq_plugin gets its names as one comma-separated string', () => {
    const engine = createTemplateEngine();
    const tasks = parse(readFileSync(`${root}roles/rabbitmq/tasks/main.yml`, 'utf8')) as TaskNode[];
    const names = tasks.filter((t) => t.rabbitmq_plugin).map((t) => (t.rabbitmq_plugin as { names: string }).names);
    expect(names.length).to.be.greaterThan(0);
    for (const n of names) expect(typeof n).to.equal('string');
    const other = names.find((n) => n.includes('rabbitmq_plugins'))!;
    expect(engine.renderValue(other, { rabbitmq_plugins: ['rabbitmq_shovel', 'rabbitmq_prometheus'] })).to.equal('rabbitmq_shovel,rabbitmq_prometheus');
  });
});

describe('rabbitmq content: documentation', () => {
  const doc = existsSync(`${root}docs/rabbitmq-content.md`) ? readFileSync(`${root}docs/rabbitmq-content.md`, 'utf8') : '';

  for (const role of roles) {
    it(`every default of roles/${role} is commented in defaults/main.yml and described in docs/rabbitmq-content.md`, () => {
      const text = readFileSync(`${root}roles/${role}/defaults/main.yml`, 'utf8');
      const keys = Object.keys(defaultsOf(role));
      expect(keys.length).to.be.greaterThan(0);
      const lines = text.split('\n');
      for (const key of keys) {
        const at = lines.findIndex((l) => l.startsWith(`${key}:`));
        // A variable is documented by the comment block right above it or above its group.
        let i = at - 1;
        while (i >= 0 && /^[a-z_]+:|^\s+-|^\s+[\w-]+:/.test(lines[i])) i--;
        expect(lines[i] ?? '', `${role}: ${key} has no comment`).to.match(/^#/);
        expect(doc, `${key} missing from docs/rabbitmq-content.md`).to.contain(`\`${key}\``);
      }
    });
  }

  it('every variable a role or playbook reads (defaults, vault, extra vars) is named in docs/rabbitmq-content.md', () => {
    const files = [
      ...roles.flatMap((role) =>
        ['tasks', 'handlers', 'templates'].flatMap((dir) =>
          existsSync(`${root}roles/${role}/${dir}`) ? readdirSync(`${root}roles/${role}/${dir}`).map((f) => `roles/${role}/${dir}/${f}`) : [],
        ),
      ),
      ...readdirSync(`${root}playbooks`).map((f) => `playbooks/${f}`),
    ];
    // comments, plugin names (`names: rabbitmq_management`) and YAML anchors are not variables
    const text = files
      .map((f) => readFileSync(`${root}${f}`, 'utf8'))
      .join('\n')
      .split('\n')
      .filter((l) => !/^\s*#/.test(l) && !/^\s*names:/.test(l))
      .join('\n')
      .replace(/[&*]\w+/g, ''); // YAML anchors and aliases
    // what the content sets itself (register, set_fact) is internal
    const own = new Set([...text.matchAll(/register:\s*(\w+)/g)].map((m) => m[1]!));
    for (const block of text.matchAll(/set_fact:\n((?:\s+\w+:.*\n)+)/g)) for (const m of block[1]!.matchAll(/^\s+(\w+):/gm)) own.add(m[1]!);
    const read = new Set([...text.matchAll(/\b((?:rabbitmq|haproxy|erlang|socat)_[a-z0-9_]+)\b/g)].map((m) => m[1]!).filter((n) => !own.has(n)));
    expect(read.size).to.be.greaterThan(100);
    expect([...read].filter((n) => !doc.includes(`\`${n}\``)).sort()).to.deep.equal([]);
  });

  it('every variable an inventory sets (group_vars, host and group vars, the lab inventory `warren lab up` writes) is named in docs/rabbitmq-content.md', async () => {
    /** Keys of `vars:` and of every host's entry, through `children:`, as an inventory file nests them. */
    const inventoryKeys = (group: Record<string, unknown> | null | undefined): string[] => {
      if (!group) return [];
      const vars = Object.keys((group.vars as Record<string, unknown>) ?? {});
      const hostVars = Object.values((group.hosts as Record<string, Record<string, unknown> | null>) ?? {}).flatMap((h) => Object.keys(h ?? {}));
      const children = Object.values((group.children as Record<string, Record<string, unknown>>) ?? {}).flatMap(inventoryKeys);
      return [...vars, ...hostVars, ...children];
    };
    const keys = new Set<string>();
    for (const file of globSync('inventories/*/group_vars/**/*.yml', { cwd: root }).filter((f) => !/vault\.yml$|tls\.yml$/.test(f))) {
      for (const key of Object.keys(parse(readFileSync(`${root}${file}`, 'utf8')) ?? {})) keys.add(key);
    }
    for (const file of globSync('inventories/example/hosts.yml', { cwd: root })) {
      for (const key of inventoryKeys((parse(readFileSync(`${root}${file}`, 'utf8')) as { all: Record<string, unknown> }).all)) keys.add(key);
    }
    // the lab's hosts.yml is generated (git-ignored): write one the way `warren lab up` does
    const dir = mkdtempSync(join(tmpdir(), 'warren-inventory-doc-'));
    const hosts = ['rmq1', 'lb1'].map((name, i) => ({ name, address: `10.86.0.${11 + i}`, hostPublicKey: 'ssh-ed25519 AAAA' }));
    await writeInventory({ inventoryPath: join(dir, 'hosts.yml'), knownHostsPath: join(dir, 'known_hosts'), keyFile: join(dir, 'id'), lab: 'warren', hosts });
    for (const key of inventoryKeys((parse(readFileSync(join(dir, 'hosts.yml'), 'utf8')) as { all: Record<string, unknown> }).all)) keys.add(key);
    expect([...keys]).to.include.members(['rabbitmq_queue_type', 'ansible_host', 'warren_known_hosts_file']);
    expect([...keys].filter((k) => !doc.includes(`\`${k}\``)).sort()).to.deep.equal([]);
  });

  it('every task that handles a secret has no_log', () => {
    for (const role of roles) {
      const dir = `${root}roles/${role}/tasks`;
      const text = readdirSync(dir)
        .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
        .join('\n');
      const tasks = text.split(/\n(?=\s*- name:)/);
      for (const task of tasks.filter((t) => /\{\{[^}]*rabbitmq_(erlang_cookie|admin_password|app_password|tls_keys|tls_ca_key)/.test(t))) {
        expect(task, task.slice(0, 80)).to.match(/no_log: true/);
      }
    }
  });
});
