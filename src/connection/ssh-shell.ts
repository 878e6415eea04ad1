// Opens the channel a persistent shell runs on: `/bin/sh -s` as the login user, or through sudo
// as the become user, feeding sudo its password once and waiting for the shell to start.
import type { Client, ClientChannel } from 'ssh2';
import type { UnreachableError } from '../core/errors.ts';
import { BecomeError, newSudoTokens, SudoExchange, sudoCommandLine, type SudoEvent, type SudoTokens } from './become.ts';
import type { BecomeOptions } from './connection.ts';
import { openExecChannel } from './ssh-channel.ts';

export interface ShellChannelRequest {
  host: string;
  /** set when the shell must run as another user than the login user */
  become?: BecomeOptions;
  /** sudo's prompt and marker, when the caller wants to know them (Ctrl-C finds sudo by its prompt) */
  tokens?: SudoTokens;
  lostReason(): UnreachableError | undefined;
}

export async function openShellChannel(client: Client, req: ShellChannelRequest): Promise<ClientChannel> {
  const { host, become, lostReason } = req;
  if (!become) return openExecChannel(client, { host, commandLine: 'exec /bin/sh -s', lostReason });
  const tokens = req.tokens ?? newSudoTokens();
  const stream = await openExecChannel(client, { host, commandLine: `exec ${sudoCommandLine('exec /bin/sh -s', become, tokens)}`, lostReason });
  const exchange = new SudoExchange(tokens, become.password !== undefined);
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      stream.off('data', onStdout);
      stream.stderr.off('data', onStderr);
      stream.off('close', onClose);
    };
    const react = (event: SudoEvent | undefined) => {
      if (!event) return;
      if (event.kind === 'send-password') return void stream.write(`${become.password}\n`);
      stop();
      if (event.kind === 'started') return resolve();
      stream.close();
      reject(new BecomeError(host, event.message));
    };
    const onStdout = (chunk: Buffer) => react(exchange.onStdout(chunk).event);
    const onStderr = (chunk: Buffer) => react(exchange.onStderr(chunk).event);
    const onClose = () => {
      stop();
      reject(lostReason() ?? new BecomeError(host, exchange.heldStderr() || 'sudo ended before the shell started'));
    };
    stream.on('data', onStdout);
    stream.stderr.on('data', onStderr);
    stream.on('close', onClose);
  });
  return stream;
}
