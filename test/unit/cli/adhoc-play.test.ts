// Ad-hoc's one-task play and output lines, without a host.
import { expect } from 'chai';
import { buildAdhocPlaybook, parseAdhocArgs } from '../../../src/cli/adhoc-play.ts';
import { adhocResultText, pythonJson } from '../../../src/report/adhoc.ts';
import { moduleNames } from '../../../src/modules/registry.ts';
import type { RunEvent } from '../../../src/report/events.ts';

type HostResult = Extract<RunEvent, { type: 'host_result' }>;
const event = (status: HostResult['status'], result: Record<string, unknown>): HostResult => ({
  type: 'host_result',
  host: 'web1',
  task: 'command',
  status,
  result: { changed: false, ...result },
  durationMs: 5,
});

describe('ad-hoc play', () => {
  it('is one play "Ansible Ad-Hoc" without fact gathering, holding the module task', () => {
    const pb = buildAdhocPlaybook({ pattern: 'web:!db', module: 'ansible.builtin.shell', args: 'uptime' });
    expect(pb.plays).to.have.length(1);
    expect(pb.plays[0]).to.include({ name: 'Ansible Ad-Hoc', hosts: 'web:!db', gather_facts: false });
    expect(pb.plays[0]!.tasks[0]).to.deep.include({ kind: 'task', module: 'shell', args: { cmd: 'uptime' } });
  });

  it('-a: key=value with templates holding spaces, free-form text, or a JSON mapping', () => {
    expect(parseAdhocArgs('file', 'path=/srv/{{ inventory_hostname }}/x state=touch')).to.deep.equal({
      path: '/srv/{{ inventory_hostname }}/x',
      state: 'touch',
    });
    expect(parseAdhocArgs('command', 'echo {{ a }} b chdir=/tmp')).to.deep.equal({ cmd: 'echo {{ a }} b', chdir: '/tmp' });
    expect(parseAdhocArgs('copy', '{"content": "x y", "dest": "/tmp/f", "mode": "0644"}')).to.deep.equal({ content: 'x y', dest: '/tmp/f', mode: '0644' });
    expect(parseAdhocArgs('rabbitmq_vhost', 'name=/app state=present')).to.deep.equal({ name: '/app', state: 'present' });
  });

  it('every registered module can be named with -m (those without required arguments need no -a)', () => {
    for (const name of moduleNames()) {
      try {
        parseAdhocArgs(name, '');
      } catch (err) {
        expect((err as Error).message, name).to.match(/missing required argument|No argument passed|one of/);
      }
    }
  });

  it('refuses an unknown module with a suggestion, and bad arguments', () => {
    expect(() => parseAdhocArgs('servce', 'name=x')).to.throw("couldn't resolve module/action 'servce' (did you mean 'service'");
    expect(() => parseAdhocArgs('file', 'path=/x bogus=1')).to.throw("unknown argument 'bogus'");
    expect(() => parseAdhocArgs('shell', '')).to.throw('No argument passed to shell module');
  });
});

describe('ad-hoc output (minimal and oneline callbacks)', () => {
  const text = { textModule: true, oneLine: false, verbosity: 0 };
  const json = { textModule: false, oneLine: false, verbosity: 0 };

  it('command results as text: `host | CHANGED | rc=0 >>` then stdout, stderr and msg', () => {
    expect(adhocResultText(event('changed', { changed: true, rc: 0, stdout: 'up 3 days', stderr: '' }), text).text).to.equal(
      'web1 | CHANGED | rc=0 >>\nup 3 days',
    );
    expect(adhocResultText(event('failed', { rc: 2, stdout: '', stderr: 'ls: nope\n', msg: 'non-zero return code' }), text).text).to.equal(
      'web1 | FAILED | rc=2 >>\nls: nope\nnon-zero return code',
    );
    expect(adhocResultText(event('changed', { changed: true, rc: 0, stdout: 'a\nb', stderr: 'w' }), { ...text, oneLine: true }).text).to.equal(
      'web1 | CHANGED | rc=0 | (stdout) a\\nb (stderr) w',
    );
  });

  it('other results as sorted JSON with 4 spaces (one line with -o), no diff and no internal keys', () => {
    const r = event('ok', { ping: 'pong', diff: [{ before: 'a', after: 'b' }], _ansible_no_log: false });
    expect(adhocResultText(r, json).text).to.equal('web1 | SUCCESS => {\n    "changed": false,\n    "ping": "pong"\n}');
    expect(adhocResultText(r, { ...json, oneLine: true }).text).to.equal('web1 | SUCCESS => {"changed": false,"ping": "pong"}');
    expect(adhocResultText(event('failed', { failed: true, msg: 'boom' }), json).text).to.equal(
      'web1 | FAILED! => {\n    "changed": false,\n    "failed": true,\n    "msg": "boom"\n}',
    );
    expect(adhocResultText(event('unreachable', { unreachable: true, msg: 'no route' }), { ...json, oneLine: true }).text).to.equal(
      'web1 | UNREACHABLE!: no route',
    );
    expect(adhocResultText(event('skipped', { skipped: true }), json).text).to.equal('web1 | SKIPPED');
  });

  it('debug shows only its message', () => {
    expect(adhocResultText(event('ok', { msg: 'hi', _ansible_verbose_always: true }), { ...json, debugModule: true }).text).to.equal(
      'web1 | SUCCESS => {\n    "msg": "hi"\n}',
    );
  });

  it('pythonJson matches json.dumps(sort_keys=True)', () => {
    expect(pythonJson({ b: [1, { z: null, a: true }], a: 'x' })).to.equal('{"a": "x", "b": [1, {"a": true, "z": null}]}');
    expect(pythonJson({ a: [], b: {} }, 4)).to.equal('{\n    "a": [],\n    "b": {}\n}');
  });
});
