import { expect } from 'chai';
import type { ModuleTask, Play } from '../../../src/load/model.ts';
import { checkNotifications, HandlerQueue } from '../../../src/run/handlers.ts';
import { InputError } from '../../../src/core/errors.ts';

const loc = { file: 'site.yml', line: 3, col: 5 };
const handler = (name: string, listen?: string[]): ModuleTask => ({ kind: 'task', module: 'debug', args: {}, name, listen, loc });

function drain(q: HandlerQueue): string[] {
  const out: string[] = [];
  for (let next = q.takeNext(); next; next = q.takeNext()) out.push(`${next.handler.name}:${next.hosts.sort().join(',')}`);
  return out;
}

describe('handler queue', () => {
  it('runs in definition order, not notification order, once per host', () => {
    const q = new HandlerQueue([handler('a'), handler('b'), handler('c')]);
    q.notify('c', 'h1');
    q.notify('a', 'h2');
    q.notify('c', 'h1');
    q.notify('c', 'h2');
    expect(drain(q)).to.deep.equal(['a:h2', 'c:h1,h2']);
    expect(q.hasPending).to.equal(false);
  });
  it('listen topics reach every listening handler', () => {
    const q = new HandlerQueue([handler('restart app', ['restart stack']), handler('other'), handler('restart proxy', ['restart stack'])]);
    q.notify('restart stack', 'h1');
    expect(drain(q)).to.deep.equal(['restart app:h1', 'restart proxy:h1']);
  });
  it('a flush empties the queue; later notifications run at the next flush', () => {
    const q = new HandlerQueue([handler('a'), handler('b')]);
    q.notify('b', 'h1');
    expect(drain(q)).to.deep.equal(['b:h1']);
    q.notify('a', 'h1');
    expect(drain(q)).to.deep.equal(['a:h1']);
  });
  it('a notify naming no handler is bad input with the task location', () => {
    const task: ModuleTask = { kind: 'task', module: 'copy', args: {}, name: 't', notify: ['missing'], loc };
    const play = { handlers: [handler('a')], pre_tasks: [], roles: [], tasks: [task], post_tasks: [] } as unknown as Play;
    expect(() => checkNotifications(play)).to.throw(InputError, /site\.yml:3:5: The requested handler 'missing' was not found/);
  });
});
