import { expect } from 'chai';
import { withDeadline } from '../../../src/verify/deadline.ts';

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
