import { expect } from 'chai';
import { MASK, SecretRegistry } from '../../../src/vault/secret-registry.ts';

function registryWith(...secrets: string[]): SecretRegistry {
  const registry = new SecretRegistry();
  for (const s of secrets) registry.add(s);
  return registry;
}

describe('SecretRegistry', () => {
  const tricky = [`pa"ss\\word`, `it's $& $1 (a|b)*`, 'line1\nline2-secret-part', 'üñï😀cöde', '  padded-secret  '];

  it('masks tricky secrets in plain text, whatever characters they hold', () => {
    for (const secret of tricky) {
      const registry = registryWith(secret);
      const out = registry.mask(`before ${secret} after`);
      expect(out, secret).to.equal(`before ${MASK} after`);
    }
  });

  it('deep-masks values without a JSON round trip breaking on quotes and backslashes', () => {
    const registry = registryWith(...tricky);
    const event = { type: 'host_result', result: { msg: `x ${tricky[0]} y`, stdout_lines: [tricky[1], 'ok'], rc: 0, nested: { [tricky[3]!]: tricky[4] } } };
    const masked = registry.maskValue(event);
    const text = JSON.stringify(masked);
    for (const secret of tricky) expect(text, secret).not.to.include(secret.trim());
    expect(masked.result.rc).to.equal(0);
    expect(masked.result.stdout_lines[1]).to.equal('ok');
    expect(masked.result.msg).to.equal(`x ${MASK} y`);
    expect(event.result.msg).to.equal(`x ${tricky[0]} y`); // the original is left alone
  });

  it('masks the JSON-escaped, base64, percent-encoded and shell-quoted forms', () => {
    const secret = `pa"ss\\w'ord/+?`;
    const registry = registryWith(secret);
    const forms = [
      JSON.stringify({ password: secret }),
      JSON.stringify(JSON.stringify({ password: secret })),
      Buffer.from(secret).toString('base64'),
      `amqp://admin:${encodeURIComponent(secret)}@host/`,
      `echo '${secret.replace(/'/g, `'\\''`)}'`,
    ];
    for (const text of forms) {
      const out = registry.mask(text);
      expect(out, text).to.include(MASK);
      expect(registry.contains(out), text).to.equal(false);
    }
  });

  it('masks each line of a multi-line secret printed on its own', () => {
    const key = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----';
    const registry = registryWith(key);
    expect(registry.mask('stdout_lines: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC')).to.equal(`stdout_lines: ${MASK}`);
  });

  it('masks a secret containing another one whole', () => {
    const registry = registryWith('abcd', 'xxabcdxx');
    expect(registry.mask('1 xxabcdxx 2 abcd')).to.equal(`1 ${MASK} 2 ${MASK}`);
  });

  it('keeps Error messages masked and prototypes intact, and survives cycles', () => {
    const registry = registryWith('hunter22');
    const err = new Error('login failed with hunter22');
    const masked = registry.maskValue({ err });
    expect(masked.err).to.be.instanceOf(Error);
    expect(masked.err.message).to.equal(`login failed with ${MASK}`);
    const cyclic: Record<string, unknown> = { s: 'hunter22' };
    cyclic.self = cyclic;
    const out = registry.maskValue(cyclic);
    expect(out.s).to.equal(MASK);
    expect(out.self).to.equal(out);
  });

  it('ignores values too short to mask safely, and registers nested values', () => {
    const registry = new SecretRegistry();
    registry.add('abc');
    expect(registry.size).to.equal(0);
    registry.add({ a: ['longsecret1'], b: { c: 'longsecret2' } });
    expect(registry.mask('longsecret1 longsecret2 abc')).to.equal(`${MASK} ${MASK} abc`);
    expect(new SecretRegistry().maskValue({ a: 1 })).to.deep.equal({ a: 1 });
  });

  it('a diff of a file holding a secret: the rotated-away value is hidden, other changed lines stay readable', () => {
    const registry = new SecretRegistry();
    registry.add('new-password-1');
    const before = 'stats auth admin:old-password-0\n    timeout client 3h\nport 5672\n';
    const after = 'stats auth admin:new-password-1\n    timeout client 2h\nport 5672\n';
    const masked = registry.maskValue({ before, after });
    expect(masked.before).to.equal(`${MASK}\n    timeout client 3h\nport 5672\n`);
    expect(masked.after).to.equal(`stats auth admin:${MASK}\n    timeout client 2h\nport 5672\n`);
    // the secret on a line both sides share is masked on the old side too
    const kept = registry.maskValue({ before: 'auth new-password-1\ntimeout 3h\n', after: 'auth new-password-1\ntimeout 2h\n' });
    expect(kept.before).to.equal(`auth ${MASK}\ntimeout 3h\n`);
    // a secret that is the whole line (a cookie file): every changed old line is hidden
    const cookie = registry.maskValue({ before: 'old-cookie-value\n', after: 'new-password-1\n' });
    expect(cookie.before).to.equal(`${MASK}\n`);
  });
});
