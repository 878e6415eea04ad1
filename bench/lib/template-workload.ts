// The template language on its own, in-process (no lab): render a 1,000-line template file and
// evaluate 10,000 `when` expressions, with whichever engine `root` holds. Run on an older
// checkout (--engine-root) it gives the "before" figures.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface TemplateBenchResult {
  engineRoot: string;
  /** ms for one render of the 1,000-line Jinja (.j2) file, median of `runs` (after one warm-up) */
  jinjaFileMs?: number;
  /** ms for one render of the same file written as Handlebars (.hbs) */
  handlebarsFileMs: number;
  /** ms for 10,000 `when` evaluations (100 distinct expressions x 100 hosts' vars) */
  when10kMs: number;
  runs: number;
}

const HOSTS = Array.from({ length: 100 }, (_v, i) => ({
  inventory_hostname: `rmq-${i}`,
  port: 5672 + i,
  enabled: i % 2 === 0,
  role: i % 3 === 0 ? 'seed' : 'member',
  tags: ['a', 'b', `t${i}`],
  result: { rc: i % 5, stdout: `node rmq-${i} running`, changed: i % 4 === 0, failed: false },
}));

const CONDITIONS = Array.from(
  { length: 100 },
  (_v, i) =>
    [
      `port > ${5672 + i}`,
      `enabled and role == 'seed'`,
      `'t${i}' in tags`,
      `result.rc != 0 and 'running' in result.stdout`,
      `result.stdout is search('rmq-${i}')`,
      `inventory_hostname != 'rmq-${i}' or not enabled`,
      '(tags | length) >= 3 and port is defined',
      'nope is not defined',
      'result.changed | bool',
      `role in ['seed', 'member'] and port % 2 == ${i % 2}`,
    ][i % 10],
);

function templateText(kind: 'j2' | 'hbs'): string {
  const lines: string[] = [];
  for (let block = 0; block < 100; block++) {
    if (kind === 'j2') {
      lines.push(
        `# block ${block} for {{ cluster.name }}`,
        '{% for node in nodes %}',
        'server {{ node.name }} {{ node.host }}:{{ node.port }}{% if node.backup %} backup{% endif %}',
        '{% endfor %}',
        'maxconn {{ limits.maxconn }}',
        `timeout {{ limits.timeout | default('30s') }}`,
        '{% if cluster.tls %}',
        'ssl on',
        '{% endif %}',
        'user {{ user | upper }}',
      );
    } else {
      lines.push(
        `# block ${block} for {{ cluster.name }}`,
        '{{#each nodes}}',
        'server {{ this.name }} {{ this.host }}:{{ this.port }}{{#if this.backup}} backup{{/if}}',
        '{{/each}}',
        'maxconn {{ limits.maxconn }}',
        `timeout {{default limits.timeout "30s"}}`,
        '{{#if cluster.tls}}',
        'ssl on',
        '{{/if}}',
        'user {{upper user}}',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const TEMPLATE_VARS = {
  cluster: { name: 'warren', tls: true },
  nodes: [
    { name: 'rmq-1', host: '10.86.0.11', port: 5672, backup: false },
    { name: 'rmq-2', host: '10.86.0.12', port: 5672, backup: true },
  ],
  limits: { maxconn: 4000 },
  user: 'rabbitmq',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.floor(sorted.length / 2)].toFixed(2));
}

function time(fn: () => void, runs: number): number {
  fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(out);
}

export async function templateWorkload(engineRoot: string, runs = 7): Promise<TemplateBenchResult> {
  const engineModule = await import(pathToFileURL(join(engineRoot, 'src/template/engine.ts')).href);
  const expressionModule = await import(pathToFileURL(join(engineRoot, 'src/template/expression.ts')).href);
  const engine = engineModule.createTemplateEngine();
  const isTrue = expressionModule.isTrue as (expr: string, vars: Record<string, unknown>) => boolean;
  const dir = mkdtempSync(join(tmpdir(), 'warren-bench-tpl-'));
  try {
    const hbs = join(dir, 'big.cfg.hbs');
    const j2 = join(dir, 'big.cfg.j2');
    writeFileSync(hbs, templateText('hbs'));
    writeFileSync(j2, templateText('j2'));
    const handlebarsFileMs = time(() => engine.renderFile(hbs, TEMPLATE_VARS), runs);
    // The engine before Jinja rendered every file as Handlebars: a .j2 file fails there.
    let jinjaFileMs: number | undefined;
    try {
      engine.renderFile(j2, TEMPLATE_VARS);
      jinjaFileMs = time(() => engine.renderFile(j2, TEMPLATE_VARS), runs);
    } catch {
      jinjaFileMs = undefined;
    }
    const when10kMs = time(() => {
      for (const vars of HOSTS) for (const condition of CONDITIONS) isTrue(condition, vars);
    }, runs);
    return { engineRoot, jinjaFileMs, handlebarsFileMs, when10kMs, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
