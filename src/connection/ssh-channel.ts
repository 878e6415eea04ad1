// One exec channel on an open ssh2 client: collects output, drives the sudo exchange, enforces the
// timeout, and tells a finished command from a channel that died with its connection.
import type { Client, ClientChannel } from 'ssh2';
import { UnreachableError } from '../core/errors.ts';
import { BecomeError, SudoExchange, type SudoEvent, type SudoTokens } from './become.ts';
import { timedOutResult, type ExecResult } from './connection.ts';
import { CappedOutput } from './output-cap.ts';

export interface ChannelRequest {
  host: string;
  commandLine: string;
  stdin?: string | Buffer;
  timeoutMs?: number;
  sudo?: { tokens: SudoTokens; password?: string };
  /** the connection's loss, if known, so the error names the cause */
  lostReason(): UnreachableError | undefined;
  track(stream: ClientChannel, open: boolean): void;
}

/** sshd frees a session slot a moment after the channel closes, so a refused open is retried. */
export function openExecChannel(client: Client, req: Pick<ChannelRequest, 'host' | 'commandLine' | 'lostReason'>, attempt = 1): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(req.commandLine, (err, stream) => {
      if (!err) return resolve(stream);
      const lost = req.lostReason();
      if (!lost && attempt < 20 && /open failed|prohibited/i.test(err.message)) {
        setTimeout(() => openExecChannel(client, req, attempt + 1).then(resolve, reject), 10 * attempt);
        return;
      }
      reject(lost ?? new UnreachableError(req.host, `cannot open an SSH channel: ${err.message}`));
    });
  });
}

export function runChannel(client: Client, req: ChannelRequest): Promise<ExecResult> {
  const started = Date.now();
  return openExecChannel(client, req).then(
    (stream) =>
      new Promise((resolve, reject) => {
        req.track(stream, true);
        const stdout = new CappedOutput();
        const stderr = new CappedOutput();
        let code: number | null | undefined;
        let signal: string | null = null;
        let timedOut = false;
        let failure: Error | undefined;
        const exchange = req.sudo ? new SudoExchange(req.sudo.tokens, req.sudo.password !== undefined) : undefined;

        const sendStdin = () => (req.stdin !== undefined ? stream.end(req.stdin) : stream.end());
        const react = (event: SudoEvent | undefined) => {
          if (!event) return;
          if (event.kind === 'send-password') stream.write(`${req.sudo!.password}\n`);
          else if (event.kind === 'started') {
            const held = exchange!.heldStderr();
            if (held) stderr.push(Buffer.from(`${held}\n`));
            sendStdin();
          } else {
            failure = new BecomeError(req.host, event.message);
            stream.close();
          }
        };
        if (!exchange) sendStdin();

        stream.on('data', (chunk: Buffer) => {
          if (!exchange) return void stdout.push(chunk);
          const { keep, event } = exchange.onStdout(chunk);
          stdout.push(keep);
          react(event);
        });
        stream.stderr.on('data', (chunk: Buffer) => {
          if (!exchange) return void stderr.push(chunk);
          const { keep, event } = exchange.onStderr(chunk);
          stderr.push(keep);
          react(event);
        });
        // ssh2 already prefixes the signal name ('SIGKILL').
        const recordExit = (exitCode: number | null | undefined, exitSignal?: string) => {
          if (code !== undefined || exitCode === undefined) return;
          code = exitCode;
          signal = exitSignal ? (exitSignal.startsWith('SIG') ? exitSignal : `SIG${exitSignal}`) : null;
        };
        stream.on('exit', recordExit);
        // The remote `timeout` (see ssh.ts) kills the whole command group; the backstop settles even
        // if the channel never closes.
        let settled = false;
        const backstop = req.timeoutMs
          ? setTimeout(() => {
              timedOut = true;
              stream.close();
              finish();
            }, req.timeoutMs + 5000)
          : undefined;

        const finish = () => {
          if (settled) return;
          settled = true;
          if (backstop) clearTimeout(backstop);
          req.track(stream, false);
          if (req.timeoutMs && Date.now() - started >= req.timeoutMs) timedOut = true;
          const out = stdout.text();
          const errText = stderr.text();
          if (failure) return reject(failure);
          if (timedOut) {
            return resolve(timedOutResult(out, errText, req.timeoutMs!, Date.now() - started));
          }
          if (code === undefined) {
            return reject(req.lostReason() ?? new UnreachableError(req.host, 'connection closed while a command was running'));
          }
          if (exchange && !exchange.started) {
            return reject(new BecomeError(req.host, exchange.heldStderr() || `sudo exited with code ${code}`));
          }
          resolve({ code, signal, stdout: out, stderr: errText, durationMs: Date.now() - started });
        };
        // A quick command's exit-status can arrive in the same socket read as the channel's
        // confirmation, before this listener exists; 'close' repeats it (ssh2 passes the exit
        // code, or null and the signal, to 'close' of exec channels).
        stream.on('close', (exitCode?: number | null, exitSignal?: string) => {
          recordExit(exitCode, exitSignal);
          finish();
        });
      }),
  );
}
