// Ansible's unsafe values in the template engine: never rendered, unboxed when read, and what a
// template gives after reading one is unsafe in turn (ansible-core 2.14's AnsibleUnsafe rules).
import { expect } from 'chai';
import { isUnsafe, markUnsafe, UnsafeText } from '../../../src/core/unsafe.ts';
import { createTemplateEngine } from '../../../src/template/engine.ts';
import { TemplateScan, lazyVars } from '../../../src/run/lazy-vars.ts';
import { toPlain } from '../../../src/template/python-numbers.ts';

describe('unsafe values', () => {
  const engine = createTemplateEngine();

  it('an unsafe string or list is never rendered', () => {
    const text = new UnsafeText('{{ x }}');
    expect(engine.renderValue(text, { x: 1 })).to.equal(text);
    const list = markUnsafe(['{{ x }}']);
    expect(engine.renderValue(list, { x: 1 })).to.deep.equal(['{{ x }}']);
  });

  it('reading one unboxes it; the result of the template is unsafe', () => {
    const vars = { u: new UnsafeText('{{ x }}'), x: 1, r: markUnsafe({ stdout: '{{ x }}', lines: ['{{ x }}'] }) };
    const s = engine.renderString('{{ u }}', vars);
    expect(s).to.be.instanceOf(UnsafeText);
    expect(String(s)).to.equal('{{ x }}');
    expect(engine.renderString('{{ u | length }}', vars)).to.equal(7);
    expect(engine.renderString('{{ u }}x', vars)).to.deep.equal(new UnsafeText('{{ x }}x'));
    const lines = engine.renderString('{{ r.lines }}', vars);
    expect(lines).to.deep.equal(['{{ x }}']);
    expect(isUnsafe(lines)).to.equal(true);
    expect(engine.renderString('{{ x + 1 }}', vars)).to.equal(2); // read nothing unsafe
  });

  it('marking copies a list or dict, so the variable it came from stays safe', () => {
    const shared = ['{{ x }}'];
    const marked = markUnsafe(shared);
    expect(marked).to.not.equal(shared);
    expect(isUnsafe(shared)).to.equal(false);
    expect(isUnsafe(engine.renderString('{{ l }}', { l: shared, x: 1 }))).to.equal(false);
  });

  it('lazy variables render safe templates only; modules get plain strings', () => {
    const scan = new TemplateScan();
    const vars = lazyVars({ x: 1, safe: '{{ x }}', reg: markUnsafe({ out: '{{ x }}' }), u: new UnsafeText('{{ x }}') }, engine, scan);
    expect(vars.safe).to.equal(1);
    expect((vars.reg as { out: string }).out).to.equal('{{ x }}');
    expect(toPlain({ a: [new UnsafeText('t')] })).to.deep.equal({ a: ['t'] });
  });
});
