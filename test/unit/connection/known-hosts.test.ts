import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { checkHostKey, fingerprintOf, hostFieldMatches, keyTypeOf, knownHostName, parseKnownHosts } from '../../../src/connection/known-hosts.ts';

// A real ed25519 public key blob and a second, different one.
const KEY_A = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const KEY_B = 'AAAAC3NzaC1lZDI1NTE5AAAAIBeWk1wd0o3U8Tm3aVxzmBn6z6Hq4P3kqMz6P3h2mC1d';
const blob = (b64: string) => Buffer.from(b64, 'base64');

describe('known_hosts', () => {
  it('names hosts as OpenSSH does', () => {
    expect(knownHostName('10.86.0.11', 22)).to.equal('10.86.0.11');
    expect(knownHostName('127.0.0.2', 2222)).to.equal('[127.0.0.2]:2222');
  });

  it('reads key type and the SHA256 fingerprint without padding', () => {
    expect(keyTypeOf(blob(KEY_A))).to.equal('ssh-ed25519');
    expect(fingerprintOf(blob(KEY_A))).to.match(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('matches comma lists, wildcards, negation and hashed names', () => {
    expect(hostFieldMatches('a.example,[127.0.0.2]:2222', '[127.0.0.2]:2222')).to.equal(true);
    expect(hostFieldMatches('10.86.0.*', '10.86.0.12')).to.equal(true);
    expect(hostFieldMatches('10.86.0.*,!10.86.0.12', '10.86.0.12')).to.equal(false);
    const salt = Buffer.from('0123456789abcdefghij');
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('rmq1').digest('base64')}`;
    expect(hostFieldMatches(hashed, 'rmq1')).to.equal(true);
    expect(hostFieldMatches(hashed, 'rmq2')).to.equal(false);
  });

  it('classifies known, changed (with file:line), unknown and revoked keys', () => {
    const entries = parseKnownHosts(
      `# c\n\n@cert-authority * ssh-ed25519 ${KEY_B}\nrmq1 ssh-ed25519 ${KEY_A}\nrmq2 ssh-ed25519 ${KEY_B}\n@bogus x y z\n`,
      '/kh',
    );
    expect(checkHostKey(entries, 'rmq1', blob(KEY_A)).status).to.equal('known');
    const changed = checkHostKey(entries, 'rmq2', blob(KEY_A));
    expect(changed).to.deep.include({ status: 'changed' });
    expect(changed.status === 'changed' && `${changed.entry.file}:${changed.entry.line}`).to.equal('/kh:5');
    expect(checkHostKey(entries, 'rmq3', blob(KEY_A)).status).to.equal('unknown');
    const revoked = parseKnownHosts(`@revoked * ssh-ed25519 ${KEY_A}\nrmq1 ssh-ed25519 ${KEY_A}\n`, '/kh');
    expect(checkHostKey(revoked, 'rmq1', blob(KEY_A)).status).to.equal('revoked');
  });

  it('treats a host known only by another key type as unknown, not changed', () => {
    const entries = parseKnownHosts('rmq1 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ\n', '/kh');
    expect(checkHostKey(entries, 'rmq1', blob(KEY_A)).status).to.equal('unknown');
  });
});
