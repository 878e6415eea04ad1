import { expect } from 'chai';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD_ENV, PASSWORD_FILE_ENV, resolveVaultPassword } from '../../../src/vault/password.ts';

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('vault password sources', () => {
  let dir: string;
  const saved = { pw: process.env[PASSWORD_ENV], file: process.env[PASSWORD_FILE_ENV] };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warren-pw-'));
  });
  afterEach(() => {
    for (const [name, value] of [
      [PASSWORD_ENV, saved.pw],
      [PASSWORD_FILE_ENV, saved.file],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a password file and trims it', async () => {
    const file = join(dir, 'pass');
    await writeFile(file, '  s3cret value \n', { mode: 0o600 });
    expect(await resolveVaultPassword({ passwordFile: file })).to.equal('s3cret value');
  });

  it('runs an executable password file and uses its stdout', async () => {
    const script = join(dir, 'pass.sh');
    await writeFile(script, '#!/bin/sh\necho "from script" >&2\nprintf "scripted-pw\\n"\n');
    await chmod(script, 0o700);
    expect(await resolveVaultPassword({ passwordFile: script })).to.equal('scripted-pw');
  });

  it('reports a failing password script and a missing or empty file', async () => {
    const script = join(dir, 'fail.sh');
    await writeFile(script, '#!/bin/sh\nexit 3\n');
    await chmod(script, 0o700);
    expect(await rejection(resolveVaultPassword({ passwordFile: script }))).to.match(/vault password script .* failed/);
    expect(await rejection(resolveVaultPassword({ passwordFile: join(dir, 'nope') }))).to.match(/vault password file not found/);
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n');
    expect(await rejection(resolveVaultPassword({ passwordFile: empty }))).to.match(/empty password/);
  });

  it('uses WARREN_VAULT_PASSWORD, then WARREN_VAULT_PASSWORD_FILE; a flag wins', async () => {
    delete process.env[PASSWORD_ENV];
    delete process.env[PASSWORD_FILE_ENV];
    expect(await resolveVaultPassword({})).to.equal(undefined);
    const file = join(dir, 'envfile');
    await writeFile(file, 'from-env-file');
    process.env[PASSWORD_FILE_ENV] = file;
    expect(await resolveVaultPassword({})).to.equal('from-env-file');
    process.env[PASSWORD_ENV] = 'from-env';
    expect(await resolveVaultPassword({})).to.equal('from-env');
    const flagFile = join(dir, 'flag');
    await writeFile(flagFile, 'from-flag');
    expect(await resolveVaultPassword({ passwordFile: flagFile })).to.equal('from-flag');
  });
});
