import { expect } from 'chai';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemplateEngine } from '../../../src/template/engine.ts';
import { TemplateError } from '../../../src/core/errors.ts';
import { magicVars } from '../../../src/vars/magic.ts';

const where = { file: 'roles/rabbitmq/tasks/main.yml', line: 12, col: 7 };

function vars(): Record<string, unknown> {
  return {
    port: 5672,
    enabled: true,
    nodes: ['rmq-1', 'rmq-2'],
    cluster: { name: 'warren', policy: { mode: 'quorum' } },
    groups: { rabbitmq: ['rmq-1', 'rmq-2', 'rmq-3'], haproxy: ['lb-1'] },
    hostvars: { 'rmq-1': { ansible_host: '10.86.0.11' }, 'rmq-2': { ansible_host: '10.86.0.12' }, 'rmq-3': { ansible_host: '10.86.0.13' } },
  };
}

function errorOf(action: () => unknown): TemplateError {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('template engine: renderString', () => {
  const engine = createTemplateEngine();

  it('returns a string without {{ unchanged', () => {
    expect(engine.renderString('plain text', {})).to.equal('plain text');
  });

  it('returns native values for a string that is exactly one {{ expr }}', () => {
    const v = vars();
    expect(engine.renderString('{{ port }}', v)).to.equal(5672);
    expect(engine.renderString('{{enabled}}', v)).to.equal(true);
    expect(engine.renderString('{{ nodes }}', v)).to.deep.equal(['rmq-1', 'rmq-2']);
    expect(engine.renderString('{{ cluster.policy }}', v)).to.deep.equal({ mode: 'quorum' });
    expect(engine.renderString('{{ nodes[1] }}', v)).to.equal('rmq-2');
    expect(engine.renderString('{{ groups.rabbitmq }}', v)).to.have.length(3);
    expect(engine.renderString('{{ missing | default(15672) }}', {})).to.equal(15672);
    expect(engine.renderString('{{ nodes | length }}', v)).to.equal(2);
    expect(engine.renderString("{{ '42' | int }}", {})).to.equal(42);
  });

  it('reads a variable called log inside text', () => {
    expect(engine.renderString('echo x >> {{ log }}', { log: '/tmp/a.log' }, where)).to.equal('echo x >> /tmp/a.log');
  });

  it('renders text around expressions as a string, values as Python prints them', () => {
    expect(engine.renderString('port={{ port }} name={{ cluster.name }}', vars())).to.equal('port=5672 name=warren');
    expect(engine.renderString('{{port}}{{enabled}}', vars())).to.equal('5672True');
    expect(engine.renderString('n={{ nodes }} none={{ none }}', vars())).to.equal("n=['rmq-1', 'rmq-2'] none=None");
  });

  it('reads text that looks like a list or dict back as one, as Ansible does', () => {
    expect(engine.renderString('[{{ port }}, 1]', vars())).to.deep.equal([5672, 1]);
    expect(engine.renderString("{ 'a': {{ enabled }} }", vars())).to.deep.equal({ a: true });
    expect(engine.renderString('[not a list', vars())).to.equal('[not a list');
  });

  it('names an undefined variable with the value location', () => {
    const error = errorOf(() => engine.renderString('{{ rabbitmq_cookie }}', {}, where));
    expect(error.message).to.equal("roles/rabbitmq/tasks/main.yml:12:7: 'rabbitmq_cookie' is undefined in: {{ rabbitmq_cookie }}");
    expect(error.exitCode).to.equal(1);
  });

  it('names the missing segment of a dotted path, in text too', () => {
    expect(errorOf(() => engine.renderString('{{ cluster.nope.x }}', vars(), where)).message).to.contain("'cluster.nope' is undefined");
    expect(errorOf(() => engine.renderString('x {{ cluster.nope.x }}', vars(), where)).message).to.contain("'cluster.nope' is undefined");
    expect(errorOf(() => engine.renderString('x {{ nope.x }}', vars(), where)).message).to.contain("'nope' is undefined");
  });

  it('lets default and is defined accept undefined values, even nested', () => {
    expect(engine.renderString("{{ timeout | default('30s') }}", {})).to.equal('30s');
    expect(engine.renderString("t={{ cluster.x.y | default('none') }}", vars())).to.equal('t=none');
    expect(engine.renderString('{% if nope is defined %}yes{% else %}no{% endif %}', {})).to.equal('no');
    expect(engine.renderString('{% if port is defined %}yes{% else %}no{% endif %}', vars())).to.equal('yes');
  });

  it('treats {% if x %} on an undefined x as an error', () => {
    expect(errorOf(() => engine.renderString('{% if nope %}a{% endif %}', {}, where)).message).to.contain("'nope' is undefined");
  });

  it('iterates over groups and reads other hosts through hostvars', () => {
    const text = "{% for h in groups.rabbitmq %}{{ h }}={{ hostvars[h].ansible_host }}{{ ',' if not loop.last else '' }}{% endfor %}";
    expect(engine.renderString(text, vars())).to.equal('rmq-1=10.86.0.11,rmq-2=10.86.0.12,rmq-3=10.86.0.13');
  });

  it('reads lazy hostvars built by magicVars', () => {
    const read: string[] = [];
    const magic = magicVars({
      inventoryHostname: 'rmq-1',
      groups: { all: ['rmq-1', 'rmq-2'] },
      groupNames: [],
      playHosts: ['rmq-1'],
      check: false,
      diff: false,
      playbookDir: '/p',
      allHosts: ['rmq-1', 'rmq-2'],
      hostvars: (host) => {
        read.push(host);
        return { ansible_host: `ip-${host}` };
      },
    });
    expect(engine.renderString("{{ hostvars['rmq-2'].ansible_host }}", magic)).to.equal('ip-rmq-2');
    expect(engine.renderString("{{ hostvars['rmq-2']['ansible_host'] }}", magic)).to.equal('ip-rmq-2');
    expect(read).to.include('rmq-2').and.not.include('rmq-1');
  });

  it('reports syntax errors', () => {
    expect(errorOf(() => engine.renderString('{{ port', vars(), where)).message).to.contain('template syntax error');
  });

  it('gives the same result from the cache', () => {
    const text = 'listen {{ port }} on {{ cluster.name }}';
    expect(engine.renderString(text, vars())).to.equal(engine.renderString(text, vars()));
    expect(engine.renderString(text, { ...vars(), port: 1 })).to.equal('listen 1 on warren');
  });
});

describe('template engine: renderValue', () => {
  const engine = createTemplateEngine();

  it('renders nested lists and dicts, keys included, keeping native values', () => {
    const value = { name: 'q-{{ cluster.name }}', ports: ['{{ port }}', 15672], '{{ cluster.name }}_opts': { nodes: '{{ nodes }}' } };
    expect(engine.renderValue(value, vars())).to.deep.equal({
      name: 'q-warren',
      ports: [5672, 15672],
      warren_opts: { nodes: ['rmq-1', 'rmq-2'] },
    });
  });

  it('leaves non-string scalars alone', () => {
    expect(engine.renderValue({ a: 1, b: null, c: false }, {})).to.deep.equal({ a: 1, b: null, c: false });
  });
});

describe('template engine: renderFile', () => {
  const engine = createTemplateEngine();
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-tpl-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('renders a multi-line file', () => {
    const path = file('ok.cfg.hbs', 'backend rabbitmq\n{{#each groups.rabbitmq}}  server {{this}} {{hostvar this "ansible_host"}}:{{../port}}\n{{/each}}');
    expect(engine.renderFile(path, vars())).to.equal(
      'backend rabbitmq\n  server rmq-1 10.86.0.11:5672\n  server rmq-2 10.86.0.12:5672\n  server rmq-3 10.86.0.13:5672\n',
    );
  });

  it('names the file and line of an undefined variable', () => {
    const path = file('haproxy.cfg.hbs', 'global\n  maxconn 4000\ndefaults\n  timeout client {{ haproxy_timeout }}\n');
    expect(errorOf(() => engine.renderFile(path, vars())).message).to.equal(`${path}:4:21: 'haproxy_timeout' is not defined`);
  });

  it('names the line of an undefined dotted path and of a failing helper', () => {
    const dotted = file('dotted.hbs', 'a\nb\n{{ cluster.missing.x }}\n');
    expect(errorOf(() => engine.renderFile(dotted, vars())).message).to.match(/dotted\.hbs:3:\d+: 'cluster\.missing' is not defined$/);
    const helper = file('helper.hbs', 'a\n\n{{hostvar "ghost" "ansible_host"}}');
    expect(errorOf(() => engine.renderFile(helper, vars())).message).to.match(/helper\.hbs:3:\d+: host 'ghost' is not in the inventory$/);
  });

  it('names the line of a syntax error', () => {
    const path = file('broken.hbs', 'one\ntwo\n{{#each nodes}}\n{{/if}}\n');
    expect(errorOf(() => engine.renderFile(path, vars())).message).to.match(/broken\.hbs:[34]:\d+: /);
  });

  it('names a missing template file', () => {
    expect(errorOf(() => engine.renderFile(join(dir, 'none.hbs'), {})).message).to.contain('none.hbs:1:1: cannot read template');
  });
});
