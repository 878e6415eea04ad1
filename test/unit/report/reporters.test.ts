import { expect } from 'chai';
import { PlainReporter } from '../../../src/report/plain.ts';
import { JsonReporter } from '../../../src/report/json.ts';
import { EventBus } from '../../../src/report/bus.ts';
import type { RunEvent } from '../../../src/report/events.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';
import { emptyStats } from '../../../src/run/stats.ts';

const loc = { file: 'p.yml', line: 1, col: 1 };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, streams: { write: (t: string) => void out.push(t), writeErr: (t: string) => void err.push(t) } };
}

const events: RunEvent[] = [
  { type: 'play_start', name: 'web', hosts: ['h1', 'h2'] },
  { type: 'task_start', name: 'write', role: 'app', handler: false, loc },
  {
    type: 'host_result',
    host: 'h1',
    task: 'write',
    status: 'changed',
    result: { changed: true, diff: [{ before: 'a\n', after: 'b\n', before_header: '/f' }] },
    durationMs: 3,
    diff: true,
  },
  { type: 'host_result', host: 'h2', task: 'write', status: 'failed', result: { changed: false, failed: true, msg: 'boom' }, durationMs: 4, ignored: true },
  { type: 'task_start', name: 'loop', handler: false, loc },
  { type: 'host_result', host: 'h1', task: 'loop', status: 'changed', result: { changed: true }, durationMs: 1, item: 'x' },
  { type: 'host_result', host: 'h1', task: 'loop', status: 'changed', result: { changed: true, results: [] }, durationMs: 1, loop: true },
  { type: 'task_start', name: 'restart', handler: true, loc },
  { type: 'host_result', host: 'h1', task: 'restart', status: 'skipped', result: { changed: false, skipped: true }, durationMs: 0 },
  { type: 'warning', message: 'careful' },
  { type: 'recap', stats: { h1: { ...emptyStats(), ok: 2, changed: 2 }, h2: { ...emptyStats(), ok: 1, ignored: 1 } } },
  { type: 'playbook_end', exitCode: 0, durationMs: 10 },
];

describe('PlainReporter', () => {
  it('prints Ansible-like lines', () => {
    const c = capture();
    const r = new PlainReporter({ verbosity: 0, color: false, streams: c.streams });
    events.forEach((e) => r.handle(e));
    const text = c.out.join('');
    expect(text).to.contain('PLAY [web] ***');
    expect(text).to.contain('TASK [app : write] ***');
    expect(text).to.contain('--- before: /f\n+++ after: /f');
    expect(text).to.contain('changed: [h1]\n');
    expect(text).to.contain('fatal: [h2]: FAILED! => {"changed": false, "msg": "boom"}\n...ignoring\n');
    expect(text).to.contain('changed: [h1] => (item=x)\n');
    expect(text).to.contain('RUNNING HANDLER [restart] ***');
    expect(text).to.contain('skipping: [h1]\n');
    expect(text).to.match(/PLAY RECAP \*+\nh1 +: ok=2 +changed=2 /);
    expect(c.err.join('')).to.equal('[WARNING]: careful\n');
  });
});

describe('JsonReporter', () => {
  it('writes exactly one JSON document with plays, tasks, hosts and stats', async () => {
    const c = capture();
    const r = new JsonReporter(c.streams);
    events.forEach((e) => r.handle(e));
    await r.close();
    expect(c.out).to.have.length(1);
    const doc = JSON.parse(c.out[0]!);
    expect(doc.plays[0].name).to.equal('web');
    expect(doc.plays[0].tasks[0].hosts.h1).to.include({ status: 'changed', changed: true, duration_ms: 3 });
    expect(doc.plays[0].tasks[0].hosts.h1.diff[0].before_header).to.equal('/f');
    expect(doc.plays[0].tasks[0].hosts.h2).to.include({ status: 'failed', msg: 'boom', ignored: true });
    expect(doc.plays[0].tasks[1].hosts.h1.items).to.deep.equal([{ item: 'x', status: 'changed', changed: true }]);
    expect(doc.stats.h2.ignored).to.equal(1);
    expect(doc.exit_code).to.equal(0);
    expect(c.err.join('')).to.contain('careful');
  });
});

describe('EventBus', () => {
  it('masks registered secrets before any reporter sees an event', async () => {
    const secrets = new SecretRegistry();
    secrets.add('s3cr3t-cookie');
    const c = capture();
    const bus = new EventBus(secrets, [new PlainReporter({ verbosity: 1, color: false, streams: c.streams })]);
    bus.handle({ type: 'host_result', host: 'h1', task: 't', status: 'ok', result: { changed: false, msg: 'cookie is s3cr3t-cookie' }, durationMs: 1 });
    expect(c.out.join('')).to.contain('cookie is ********').and.not.contain('s3cr3t');
  });
});

describe('debug-like results', () => {
  const debugEvent: RunEvent = {
    type: 'host_result',
    host: 'h1',
    task: 'say',
    status: 'ok',
    result: { changed: false, msg: 'hi', _ansible_verbose_always: true },
    durationMs: 0,
  };

  it('are printed without -v as Ansible does, internal keys hidden', () => {
    const c = capture();
    new PlainReporter({ verbosity: 0, color: false, streams: c.streams }).handle(debugEvent);
    expect(c.out.join('')).to.equal('ok: [h1] => {\n    "msg": "hi"\n}\n');
  });

  it('never show _ansible_ keys with -v or in --json', async () => {
    const c = capture();
    new PlainReporter({ verbosity: 1, color: false, streams: c.streams }).handle(debugEvent);
    expect(c.out.join('')).to.equal('ok: [h1] => {"changed": false, "msg": "hi"}\n');
    const j = capture();
    const json = new JsonReporter(j.streams);
    json.handle({ type: 'play_start', name: 'p', hosts: ['h1'] });
    json.handle({ type: 'task_start', name: 'say', handler: false, loc });
    json.handle(debugEvent);
    await json.close();
    expect(j.out.join('')).to.contain('"msg": "hi"').and.not.contain('_ansible_');
  });
});

describe("mapping diffs (a module's own, as file returns them)", () => {
  const result = { changed: true, diff: { before: { path: '/d', state: 'absent' }, after: { path: '/d', state: 'directory' } } };
  const event = (diff: boolean): RunEvent => ({
    type: 'host_result',
    host: 'h1',
    task: 'dir',
    status: 'changed',
    result,
    durationMs: 1,
    ...(diff ? { diff } : {}),
  });

  it('are shown as sorted JSON only when the task ran in diff mode, as Ansible does', () => {
    const shown = capture();
    new PlainReporter({ verbosity: 0, color: false, streams: shown.streams }).handle(event(true));
    expect(shown.out.join('')).to.contain(
      '--- before\n+++ after\n@@ -1,4 +1,4 @@\n {\n     "path": "/d",\n-    "state": "absent"\n+    "state": "directory"\n }\n',
    );
    const hidden = capture();
    new PlainReporter({ verbosity: 0, color: false, streams: hidden.streams }).handle(event(false));
    expect(hidden.out.join('')).to.equal('changed: [h1]\n');
  });
});
