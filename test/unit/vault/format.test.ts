import { expect } from 'chai';
import { createVaultEncryptor, decryptText, encryptText, HEADER_LINE, parseEnvelope } from '../../../src/vault/format.ts';
import { createVaultDecryptor } from '../../../src/vault/keyring.ts';
import { isVaulted } from '../../../src/vault/decryptor.ts';
import { WarrenError } from '../../../src/core/errors.ts';

const PASSWORD = 'correct horse battery staple';
const AUTH = 'vault: wrong password or the file was modified (authentication failed)';

/** Re-wraps a changed payload the way the writer does, so only the intended byte differs. */
function withPayload(vaultText: string, change: (payload: Buffer) => Buffer): string {
  const [header, ...body] = vaultText.trim().split('\n');
  const payload = change(Buffer.from(body.join(''), 'base64')).toString('base64');
  return `${header}\n${payload.match(/.{1,80}/g)!.join('\n')}\n`;
}

function flipAt(offset: (p: Buffer) => number): (p: Buffer) => Buffer {
  return (p) => {
    const copy = Buffer.from(p);
    const at = offset(copy);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };
}

function errorOf(fn: () => unknown): WarrenError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(WarrenError);
    return err as WarrenError;
  }
  throw new Error('expected an error');
}

describe('vault format', () => {
  const plain = 'rabbitmq_erlang_cookie: "ABCDEFGHIJKLMNOPQRST"\nquote: "it\'s \\"x\\""\nunicode: ünï😀\n'.repeat(5);
  let vaulted: string;
  // Payload layout: saltLen(1) salt(16) N(4) r(2) p(2) iv(12) ctLen(4) ciphertext tag(16)
  const CT_OFFSET = 1 + 16 + 4 + 2 + 2 + 12 + 4;

  before(() => {
    vaulted = encryptText(plain, PASSWORD);
  });

  it('writes the versioned header and 80-column base64 lines', () => {
    const lines = vaulted.trimEnd().split('\n');
    expect(lines[0]).to.equal('$WARREN_VAULT;1.0;AES256-GCM;scrypt');
    expect(lines[0]).to.equal(HEADER_LINE);
    expect(isVaulted(vaulted)).to.equal(true);
    for (const line of lines.slice(1)) expect(line).to.match(/^[A-Za-z0-9+/=]{1,80}$/);
    expect(lines.length).to.be.greaterThan(3);
    expect(vaulted).not.to.include('ABCDEFGHIJKLMNOPQRST');
  });

  it('round-trips text, including unicode and an empty string', () => {
    expect(decryptText(vaulted, PASSWORD)).to.equal(plain);
    expect(decryptText(encryptText('', PASSWORD), PASSWORD)).to.equal('');
  });

  it('gives different output for the same text (fresh salt and IV)', () => {
    expect(encryptText('same', PASSWORD)).not.to.equal(encryptText('same', PASSWORD));
  });

  it('accepts indented text and CRLF line ends (as pasted into YAML)', () => {
    const indented = vaulted
      .trimEnd()
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\r\n');
    expect(decryptText(indented, PASSWORD)).to.equal(plain);
    const folded = vaulted.trimEnd().split('\n').join(' '); // `!vault >` or a plain multi-line scalar
    expect(decryptText(folded, PASSWORD)).to.equal(plain);
  });

  it('rejects a wrong password with a clear error', () => {
    expect(errorOf(() => decryptText(vaulted, 'wrong password')).message).to.equal(AUTH);
  });

  it('rejects truncated files', () => {
    const lines = vaulted.trimEnd().split('\n');
    expect(errorOf(() => decryptText(lines.slice(0, -1).join('\n'), PASSWORD)).message).to.equal('vault: file is truncated');
    expect(errorOf(() => decryptText(lines[0]!, PASSWORD)).message).to.equal('vault: file is truncated');
    const cutMidLine = vaulted.trimEnd().slice(0, -3);
    expect(errorOf(() => decryptText(cutMidLine, PASSWORD)).message).to.equal('vault: file is truncated');
  });

  it('rejects a flipped byte in the salt, the ciphertext, the tag and the IV', () => {
    const flips = {
      salt: flipAt(() => 5),
      iv: flipAt(() => 1 + 16 + 8 + 3),
      ciphertext: flipAt(() => CT_OFFSET + 7),
      tag: flipAt((p) => p.length - 2),
    };
    for (const [what, flip] of Object.entries(flips)) {
      const message = errorOf(() => decryptText(withPayload(vaulted, flip), PASSWORD)).message;
      expect(message, what).to.equal(AUTH);
    }
  });

  it('rejects tampered scrypt parameters and extra bytes', () => {
    const pTampered = withPayload(
      vaulted,
      flipAt(() => 1 + 16 + 4 + 2 + 1),
    ); // p: 1 -> 0
    expect(errorOf(() => decryptText(pTampered, PASSWORD)).message).to.include('authentication failed');
    const appended = withPayload(vaulted, (p) => Buffer.concat([p, Buffer.from([0, 0, 0, 0])]));
    expect(errorOf(() => decryptText(appended, PASSWORD)).message).to.include(AUTH);
  });

  it('rejects a changed header: version, cipher, or bytes in it', () => {
    expect(errorOf(() => decryptText(vaulted.replace(';1.0;', ';9.9;'), PASSWORD)).message).to.equal('vault: unsupported version 9.9');
    expect(errorOf(() => decryptText(vaulted.replace('AES256-GCM', 'AES128-CBC'), PASSWORD)).message).to.equal('vault: unsupported cipher AES128-CBC');
    expect(errorOf(() => decryptText(vaulted.replace('scrypt', 'scrypT'), PASSWORD)).message).to.include('unsupported key derivation');
    expect(errorOf(() => decryptText(vaulted.replace('$WARREN_VAULT', '$ANSIBLE_VAULT'), PASSWORD)).message).to.include('not a warren vault');
  });

  it('rejects a body that is not base64', () => {
    const lines = vaulted.trimEnd().split('\n');
    lines[1] = `${lines[1]!.slice(0, 10)}!${lines[1]!.slice(11)}`;
    expect(errorOf(() => decryptText(lines.join('\n'), PASSWORD)).message).to.include(AUTH);
  });

  it('reuses one salt per encryptor, so a run derives one key for many values', () => {
    const decryptor = createVaultDecryptor(PASSWORD);
    expect(decryptor.decrypt(vaulted)).to.be.a('string');
    const encryptor = createVaultEncryptor(PASSWORD);
    const many = Array.from({ length: 20 }, (_, i) => encryptor.encrypt(`value ${i}`));
    const salts = new Set(many.map((v) => parseEnvelope(v).salt.toString('base64')));
    expect(salts.size).to.equal(1);
    expect(many.map((v) => decryptor.decrypt(v))).to.deep.equal(Array.from({ length: 20 }, (_, i) => `value ${i}`));
  });

  it('refuses an empty password', () => {
    expect(errorOf(() => encryptText('x', '')).message).to.include('empty');
  });
});
