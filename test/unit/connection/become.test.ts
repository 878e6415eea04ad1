import { expect } from 'chai';
import { SudoExchange, shellScript, sudoCommandLine, sudoNeeded } from '../../../src/connection/become.ts';

const tokens = { prompt: '[p-1]', marker: 'M-1' };

describe('become (sudo) command and exchange', () => {
  it('skips sudo when the login user is the become user', () => {
    expect(sudoNeeded('root', { user: 'root' })).to.equal(false);
    expect(sudoNeeded('deploy', { user: 'root' })).to.equal(true);
    expect(sudoNeeded('deploy', undefined)).to.equal(false);
  });

  it('builds sh -c scripts with cwd and exported env, rejecting bad names', () => {
    expect(shellScript('ls', { cwd: '/a b', env: { X: "it's" } })).to.equal(`cd '/a b' || exit 1\nexport X='it'\\''s'\nls`);
    expect(() => shellScript('ls', { env: { 'A-B': '1' } })).to.throw(/not valid/);
  });

  it('wraps the command in sudo -H -S -p with a unique prompt and a start marker', () => {
    expect(sudoCommandLine('id -un', { user: 'rabbitmq' }, tokens)).to.equal(`sudo -H -S -p '[p-1]' -u rabbitmq -- /bin/sh -c 'echo M-1\nid -un'`);
  });

  it('sends the password on the prompt, then passes output after the marker', () => {
    const ex = new SudoExchange(tokens, true);
    expect(ex.onStderr(Buffer.from('[p-')).event).to.equal(undefined);
    expect(ex.onStderr(Buffer.from('1]')).event).to.deep.equal({ kind: 'send-password' });
    const first = ex.onStdout(Buffer.from('M-1\nroot\n'));
    expect(first.event).to.deep.equal({ kind: 'started' });
    expect(first.keep.toString()).to.equal('root\n');
    expect(ex.onStdout(Buffer.from('more')).keep.toString()).to.equal('more');
  });

  it('fails on a second prompt (wrong password) or a prompt without password', () => {
    const wrong = new SudoExchange(tokens, true);
    wrong.onStderr(Buffer.from('[p-1]'));
    expect(wrong.onStderr(Buffer.from('Sorry, try again.\n[p-1]')).event).to.deep.equal({ kind: 'fail', message: 'incorrect become password' });
    const none = new SudoExchange(tokens, false);
    expect(none.onStderr(Buffer.from('[p-1]')).event?.kind).to.equal('fail');
  });
});
