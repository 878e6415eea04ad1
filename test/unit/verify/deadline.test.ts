import { expect } from 'chai';
import { withDeadline } from '../../../src/verify/deadline.ts';
import { sleep, sleepUnless } from '../../../src/verify/amqp-target.ts';

describe('withDeadline (verify client steps)', () => {
  it('passes a value or an error that arrives in time', async () => {
    expect(await withDeadline(Promise.resolve(7), 100, 'step')).to.equal(7);
    const err = await withDeadline(Promise.reject(new Error('refused')), 100, 'step').catch((e: Error) => e);
    expect((err as Error).message).to.equal('refused');
  });

  it('fails a step that never answers, and hands a late value to the cleanup', async () => {
    let resolveLate: (v: string) => void = () => undefined;
    const never = new Promise<string>((resolve) => (resolveLate = resolve));
    const late: string[] = [];
    const err = await withDeadline(never, 30, 'consumer set-up', (v) => late.push(v)).catch((e: Error) => e);
    expect((err as Error).message).to.equal('consumer set-up: no answer within 0.03 s');
    resolveLate('connection');
    await new Promise((r) => setTimeout(r, 5));
    expect(late).to.deep.equal(['connection']);
  });
});

describe('verify: sleepUnless (the schedule that Ctrl-C ends early)', () => {
  it('ends when the signal aborts, long before its time', async () => {
    const finish = new AbortController();
    let done = false;
    const sleeping = sleepUnless(60_000, finish.signal).then(() => (done = true));
    await sleep(20);
    expect(done).to.equal(false);
    finish.abort();
    await sleeping;
    expect(done).to.equal(true);
  });

  it('returns at once when the signal has already aborted', async () => {
    const finish = new AbortController();
    finish.abort();
    let done = false;
    const sleeping = sleepUnless(60_000, finish.signal).then(() => (done = true));
    await sleep(0);
    await sleeping;
    expect(done).to.equal(true);
  });
});
