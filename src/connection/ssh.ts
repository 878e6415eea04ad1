// SSH transport (ssh2): one connection per host, opened once and reused for every exec and upload;
// exec channels capped below OpenSSH's MaxSessions; one lazily opened SFTP session.
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { UnreachableError, WarrenError } from '../core/errors.ts';
import { newSudoTokens, shellScript, sudoCommandLine, sudoNeeded } from './become.ts';
import { ChannelLimiter } from './channel-limiter.ts';
import type { BecomeOptions, Connection, ExecOptions, ExecResult, PutOptions } from './connection.ts';
import { shellQuote } from './connection.ts';
import { knownHostName, knownKeyTypes, loadKnownHosts, verifyHostKey } from './known-hosts.ts';
import { killSudoGroupsScript, promptsByBecome, type SudoRuns, sshSignalName } from './remote-interrupt.ts';
import { runChannel } from './ssh-channel.ts';
import { openShellChannel } from './ssh-shell.ts';
import { ShellPool } from './shell-pool.ts';
import { ShellSession } from './shell-session.ts';
import type { SshSettings } from './ssh-config.ts';

export { sshSettingsFromVars, type SshSettings } from './ssh-config.ts';

/** persistent shells per host: tasks on one host run one at a time, so more are rarely opened */
const SHELLS_PER_HOST = 4;
/** channel slots shells may never take, so commands with stdin always get one */
const CHANNELS_KEPT_FOR_COMMANDS = 2;
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
const ALGORITHMS_FOR_KEY_TYPE: Record<string, string[]> = { 'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] };

export function parseMode(mode: string | number | undefined): number | undefined {
  if (mode === undefined) return undefined;
  const value = typeof mode === 'number' ? mode : Number.parseInt(mode, 8);
  if (!Number.isInteger(value) || value < 0 || value > 0o7777) throw new WarrenError(`invalid file mode '${String(mode)}'`);
  return value;
}

export class SshConnection implements Connection {
  private client?: Client;
  /** the client while its handshake runs */
  private handshake?: Client;
  private opening?: Promise<void>;
  private sftpSession?: Promise<SFTPWrapper>;
  private lost?: UnreachableError;
  /** SFTP calls in flight: ssh2 may never call them back once the connection is gone */
  private readonly pending = new Set<(err: UnreachableError) => void>();
  private closing = false;
  private readonly streams = new Set<ClientChannel>();
  private readonly limiter: ChannelLimiter;
  /** persistent shells by the user they run as ('' = the login user) */
  private readonly shells = new Map<string, ShellPool>();
  /** shells alive or opening, over all pools: they hold channel slots for good, so some stay free */
  private shellCount = 0;
  /** sudo prompts of the commands and shells running through sudo now (for Ctrl-C) */
  private readonly sudoRuns: SudoRuns = new Map();
  /** process groups an earlier Ctrl-C signalled, by become user: the next one kills them even if sudo is gone */
  private readonly signalledGroups = new Map<string, Set<number>>();

  constructor(
    readonly host: string,
    readonly settings: SshSettings,
  ) {
    this.limiter = new ChannelLimiter(settings.maxChannels);
  }

  get endpoint(): string {
    return `ssh:${this.settings.user}@${this.settings.address}:${this.settings.port}`;
  }

  get dropped(): boolean {
    return this.lost !== undefined;
  }

  connect(): Promise<void> {
    this.opening ??= this.open();
    return this.opening;
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    await this.connect();
    let script = shellScript(command, options);
    // coreutils timeout runs the command in its own process group and kills all of it, so no
    // orphan keeps the channel (and a MaxSessions slot) open after a timeout.
    if (options.timeoutMs) script = `timeout -s KILL ${(options.timeoutMs / 1000).toFixed(3)} /bin/sh -c ${shellQuote(script)}`;
    const become = sudoNeeded(this.settings.user, options.become) ? options.become : undefined;
    // Commands without stdin go through a persistent shell (as the become user) when one is free.
    if (options.stdin === undefined && this.settings.persistentShell) {
      const result = await this.shellPool(become).run(script, { timeoutMs: options.timeoutMs });
      if (result) return result;
    }
    const tokens = become ? newSudoTokens() : undefined;
    // exec: the command leads sshd's session group itself, not a login shell that a SIGTERM would end
    const commandLine = `exec ${become && tokens ? sudoCommandLine(script, become, tokens) : `/bin/sh -c ${shellQuote(script)}`}`;
    return this.limiter.run(async () => {
      const client = this.liveClient();
      if (become && tokens) this.sudoRuns.set(tokens.prompt, become);
      try {
        return await runChannel(client, {
          host: this.host,
          commandLine,
          stdin: options.stdin,
          timeoutMs: options.timeoutMs,
          sudo: become && tokens ? { tokens, password: become.password ?? this.settings.becomePassword } : undefined,
          lostReason: () => this.lost,
          track: (stream, open) => (open ? this.streams.add(stream) : this.streams.delete(stream)),
        });
      } catch (err) {
        if (err instanceof UnreachableError && !this.closing) this.loseWith(err);
        throw err;
      } finally {
        if (tokens) this.sudoRuns.delete(tokens.prompt);
      }
    });
  }

  /** Ctrl-C: signals every remote command's process group (remote-interrupt.ts). */
  async interrupt(signal: NodeJS.Signals): Promise<void> {
    if (!this.client || this.closing || this.lost) return;
    for (const { become, prompts } of promptsByBecome(this.sudoRuns)) {
      const key = become.user || 'root';
      const known = this.signalledGroups.get(key) ?? new Set<number>();
      try {
        // stdin keeps it off the persistent shells, which the signal below may end
        const r = await this.exec(killSudoGroupsScript(prompts, signal, [...known]), { become, stdin: '', timeoutMs: 10_000 });
        for (const g of r.stdout.split(/\s+/).filter(Boolean)) known.add(Number(g));
        this.signalledGroups.set(key, known);
      } catch {
        // the host went away meanwhile: nothing left to stop there
      }
    }
    for (const stream of this.streams) stream.signal(sshSignalName(signal));
  }

  async put(content: Buffer | string, remotePath: string, options: PutOptions = {}): Promise<void> {
    const data = typeof content === 'string' ? Buffer.from(content) : content;
    const mode = parseMode(options.mode);
    if (sudoNeeded(this.settings.user, options.become)) {
      // One round trip through sudo instead of SFTP-to-temp + sudo mv: the file is created by the
      // become user, so owner and group are right without a chown.
      const chmod = mode !== undefined ? ` && chmod ${mode.toString(8)} ${shellQuote(remotePath)}` : '';
      const r = await this.exec(`umask ${mode !== undefined ? '077' : '022'} && cat > ${shellQuote(remotePath)}${chmod}`, {
        stdin: data,
        become: options.become,
      });
      if (r.code !== 0) throw new WarrenError(`${this.host}: cannot write ${remotePath}: ${r.stderr.trim() || `exit code ${r.code}`}`);
      return;
    }
    await this.connect();
    const sftp = await this.untilLost(this.sftp());
    await this.untilLost(
      new Promise<void>((resolve, reject) =>
        sftp.writeFile(remotePath, data, mode !== undefined ? { mode } : {}, (err) => (err ? reject(this.sftpError('write', remotePath, err)) : resolve())),
      ),
    );
    // writeFile's mode applies only when the file is created
    if (mode !== undefined) {
      await this.untilLost(
        new Promise<void>((resolve, reject) => sftp.chmod(remotePath, mode, (err) => (err ? reject(this.sftpError('chmod', remotePath, err)) : resolve()))),
      );
    }
  }

  async get(remotePath: string, options: { become?: BecomeOptions } = {}): Promise<Buffer> {
    if (sudoNeeded(this.settings.user, options.become)) {
      const r = await this.exec(`base64 < ${shellQuote(remotePath)}`, { become: options.become });
      if (r.code !== 0) throw new WarrenError(`${this.host}: cannot read ${remotePath}: ${r.stderr.trim() || `exit code ${r.code}`}`);
      return Buffer.from(r.stdout.replace(/\s+/g, ''), 'base64');
    }
    await this.connect();
    const sftp = await this.untilLost(this.sftp());
    return this.untilLost(
      new Promise((resolve, reject) => sftp.readFile(remotePath, (err, data) => (err ? reject(this.sftpError('read', remotePath, err)) : resolve(data)))),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    this.abortPending(new UnreachableError(this.host, 'connection is closed'));
    for (const pool of this.shells.values()) pool.close();
    // closed mid-handshake (a run ending before an early connect finished): cut it, wait for nothing
    this.handshake?.destroy();
    const client = this.client;
    if (!client) return;
    for (const stream of this.streams) stream.close();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        client.destroy();
        resolve();
      }, 2000);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      client.end();
    });
    this.client = undefined;
  }

  /** One pool per become user and password: a session never serves a task with another password. */
  private shellPool(become: BecomeOptions | undefined): ShellPool {
    const password = become ? (become.password ?? this.settings.becomePassword) : undefined;
    const key = become ? `${become.user || 'root'}\0${password ?? ''}` : '';
    let pool = this.shells.get(key);
    if (!pool) {
      const mayOpen = () => this.shellCount < this.settings.maxChannels - CHANNELS_KEPT_FOR_COMMANDS;
      pool = new ShellPool(() => this.openShell(become ? { ...become, password } : undefined), SHELLS_PER_HOST, mayOpen);
      this.shells.set(key, pool);
    }
    return pool;
  }

  /** A shell holds one channel slot for as long as it lives. */
  private async openShell(become: BecomeOptions | undefined): Promise<ShellSession> {
    this.shellCount++;
    const acquired = await this.limiter.acquire();
    const release = () => {
      this.shellCount--;
      acquired();
    };
    let stream: ClientChannel;
    const tokens = become ? newSudoTokens() : undefined;
    if (become && tokens) this.sudoRuns.set(tokens.prompt, become);
    try {
      stream = await openShellChannel(this.liveClient(), { host: this.host, become, tokens, lostReason: () => this.lost });
    } catch (err) {
      release();
      if (tokens) this.sudoRuns.delete(tokens.prompt);
      if (err instanceof UnreachableError && !this.closing) this.loseWith(err);
      throw err;
    }
    this.streams.add(stream);
    // The session shell outlives a Ctrl-C's SIGTERM (its commands get the default action): sshd
    // can then still signal its group, and sudo, waiting on it, still shows its prompt.
    stream.write('trap : TERM\n');
    return new ShellSession(
      {
        write: (data) => void stream.write(data),
        onStdout: (listener) => stream.on('data', listener),
        onStderr: (listener) => stream.stderr.on('data', listener),
        onClose: (listener) =>
          stream.on('close', () => {
            this.streams.delete(stream);
            if (tokens) this.sudoRuns.delete(tokens.prompt);
            release();
            listener();
          }),
        close: () => stream.close(),
      },
      () =>
        this.lost ??
        (this.closing
          ? new UnreachableError(this.host, 'connection is closed')
          : new WarrenError(`${this.host}: the remote shell ended while a command was running`)),
    );
  }

  private loseWith(err: UnreachableError): void {
    if (this.lost) return;
    this.lost = err;
    this.abortPending(err);
  }

  private abortPending(err: UnreachableError): void {
    for (const abort of this.pending) abort(err);
    this.pending.clear();
  }

  /** work, or the connection's loss if that comes first: a dropped upload never hangs the run. */
  private untilLost<T>(work: Promise<T>): Promise<T> {
    if (this.lost) return Promise.reject(this.lost);
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      work.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  private liveClient(): Client {
    if (this.lost) throw this.lost;
    if (this.closing || !this.client) throw new UnreachableError(this.host, 'connection is closed');
    return this.client;
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= new Promise<SFTPWrapper>((resolve, reject) => {
      this.liveClient().sftp((err, sftp) => {
        if (err) {
          this.sftpSession = undefined;
          reject(this.lost ?? new WarrenError(`${this.host}: cannot start SFTP: ${err.message}`));
        } else resolve(sftp);
      });
    });
    return this.sftpSession;
  }

  private sftpError(action: string, path: string, err: Error): Error {
    if (this.lost) return this.lost;
    return new WarrenError(`${this.host}: cannot ${action} ${path} over SFTP: ${err.message}`);
  }

  private async authMethods(): Promise<{ methods: AnyAuthMethod[]; tried: string[] }> {
    const { user, agentSocket, password, privateKeyFiles } = this.settings;
    const methods: AnyAuthMethod[] = [];
    const tried: string[] = [];
    if (agentSocket) {
      methods.push({ type: 'agent', username: user, agent: agentSocket });
      tried.push('ssh-agent');
    }
    for (const file of privateKeyFiles) {
      let key: Buffer;
      try {
        key = await readFile(file);
      } catch (err) {
        throw new UnreachableError(this.host, `cannot read private key file ${file}: ${(err as Error).message}`);
      }
      const parsed = ssh2.utils.parseKey(key);
      if (parsed instanceof Error) {
        tried.push(`key ${file} (unusable: ${parsed.message}; load it into ssh-agent instead)`);
        continue;
      }
      methods.push({ type: 'publickey', username: user, key });
      tried.push(`key ${file}`);
    }
    if (password !== undefined) {
      methods.push({ type: 'password', username: user, password });
      tried.push('password');
    }
    if (methods.length === 0) {
      throw new UnreachableError(
        this.host,
        `no way to authenticate as '${user}': no ssh-agent, no key file (~/.ssh/id_ed25519, id_rsa, id_ecdsa or ansible_ssh_private_key_file), no ansible_password`,
      );
    }
    return { methods, tried };
  }

  private async open(): Promise<void> {
    const s = this.settings;
    const where = `${s.address}:${s.port}`;
    const entries = await loadKnownHosts(s.knownHostsFiles);
    const preferred = knownKeyTypes(entries, knownHostName(s.address, s.port)).flatMap((t) => ALGORITHMS_FOR_KEY_TYPE[t] ?? [t]);
    const serverHostKey = [...new Set([...preferred.filter((a) => HOST_KEY_ALGORITHMS.includes(a)), ...HOST_KEY_ALGORITHMS])];
    const { methods, tried } = await this.authMethods();
    if (this.closing) throw new UnreachableError(this.host, 'connection is closed');
    const check = { host: this.host, address: s.address, port: s.port, files: s.knownHostsFiles, policy: s.hostKeyPolicy };
    const client = new ssh2.Client();
    this.handshake = client;
    let hostKeyError: Error | undefined;
    let ready = false;
    await new Promise<void>((resolve, reject) => {
      client.on('ready', () => {
        ready = true;
        resolve();
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (!ready) return reject(hostKeyError ?? new UnreachableError(this.host, describeConnectError(err, where, s, tried)));
        if (!this.closing) this.loseWith(new UnreachableError(this.host, `connection to ${where} lost: ${err.message}`));
      });
      client.on('close', () => {
        if (!ready) return reject(hostKeyError ?? new UnreachableError(this.host, `connection to ${where} closed during the handshake`));
        if (!this.closing) this.loseWith(new UnreachableError(this.host, `connection to ${where} closed by the remote side`));
        this.abortPending(this.lost ?? new UnreachableError(this.host, 'connection is closed'));
      });
      client.connect({
        host: s.address,
        port: s.port,
        username: s.user,
        authHandler: methods,
        readyTimeout: s.connectTimeoutMs,
        keepaliveInterval: s.keepaliveIntervalMs,
        keepaliveCountMax: s.keepaliveCountMax,
        algorithms: { serverHostKey: serverHostKey as never },
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          verifyHostKey(check, key, entries).then(
            () => verify(true),
            (err: Error) => {
              hostKeyError = err;
              verify(false);
            },
          );
        },
      });
      // Before the handshake, not only after: Nagle held each second small packet until the
      // server's delayed ACK (40 ms), e.g. SERVICE_REQUEST right after NEWKEYS.
      client.setNoDelay(true);
    }).finally(() => {
      this.handshake = undefined;
    });
    if (this.closing) {
      client.destroy();
      throw new UnreachableError(this.host, 'connection is closed');
    }
    this.client = client;
  }
}

function describeConnectError(err: Error & { level?: string; code?: string }, where: string, s: SshSettings, tried: string[]): string {
  if (err.level === 'client-authentication') return `authentication failed for user '${s.user}' at ${where} (tried: ${tried.join(', ')})`;
  if (err.code === 'ECONNREFUSED') return `connection refused by ${where}`;
  if (err.level === 'client-timeout' || /timed out/i.test(err.message)) return `timed out after ${s.connectTimeoutMs / 1000} s connecting to ${where}`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `cannot resolve host name '${s.address}'`;
  return `cannot connect to ${where}: ${err.message}`;
}
