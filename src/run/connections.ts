// One connection per host: opened on first use (or early, while the playbook loads: early-connect.ts),
// reused across plays, closed at the end.
import type { Connection, ExecOptions, ExecResult, PutOptions } from '../connection/connection.ts';
import { createConnection } from '../connection/index.ts';
import { removeLeftUploadTemps } from '../connection/upload-temps.ts';
import type { Vars } from '../core/vars.ts';
import type { RunOptions } from './options.ts';
import { UnreachableError, WarrenError } from '../core/errors.ts';
import { isLocalhostName } from '../inventory/localhost.ts';

/** The vars a connection is made with: the play's remote_user fills in a missing ansible_user. */
export function connectionVars(hostVars: Vars, remoteUser: string | undefined): Vars {
  if (remoteUser === undefined || hostVars.ansible_user !== undefined || hostVars.ansible_ssh_user !== undefined) return hostVars;
  return { ...hostVars, ansible_user: remoteUser };
}

async function closeQuietly(pending: Array<Promise<Connection>>): Promise<void> {
  await Promise.all(
    pending.map(async (p) => {
      try {
        await (await p).close();
      } catch {
        // a connection that never opened or already dropped has nothing to close
      }
    }),
  );
}

/** What decides where and how a connection lands (createConnection reads nothing else from the vars). */
function transportFingerprint(vars: Vars): string {
  try {
    const keys = Object.keys(vars).filter((k) => k.startsWith('ansible_') || k.startsWith('warren_'));
    return JSON.stringify(keys.sort().map((k) => [k, vars[k]]));
  } catch {
    return `\0unique:${Math.random()}`;
  }
}

const poolKey = (host: string, remoteUser: string | undefined) => (remoteUser === undefined ? host : `${host}\0${remoteUser}`);

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>();
  /** connections opened early and not yet used, with the vars they were opened with */
  private readonly early = new Map<string, string>();
  /** connections still in their handshake: closeAll aborts them */
  private readonly connecting = new Set<Connection>();
  /** back-off waits between [ssh_connection] retries: closeAll ends them */
  private readonly waits = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly options: RunOptions,
    /** the host's own vars (inventory, facts, play vars) used to pick and configure the transport */
    private readonly hostVarsOf: (host: string) => Vars,
  ) {}

  /**
   * The host's connection, connecting on first call; connection failures become UnreachableError.
   * `remoteUser` is the play's remote_user: it applies when the host's vars set no ansible_user
   * (Ansible: variables > play keywords > -u).
   */
  get(host: string, remoteUser?: string): Promise<Connection> {
    const key = poolKey(host, remoteUser);
    let pending = this.open.get(key);
    const earlyVars = this.early.get(key);
    if (pending && earlyVars !== undefined) {
      // First use of an early connection: today's connect (with its retries and its error) runs
      // after all when the early one failed or dropped (the host may have been started or
      // restarted by an earlier play), or when add_host/refresh_inventory changed its vars.
      this.early.delete(key);
      const vars = connectionVars(this.hostVarsOf(host), remoteUser);
      const early = pending;
      const fresh = () => this.connect(host, vars);
      if (transportFingerprint(vars) !== earlyVars) {
        void closeQuietly([early]);
        pending = fresh();
      } else {
        pending = early.then((conn) => (conn.dropped ? closeQuietly([early]).then(fresh) : conn), fresh);
      }
      this.open.set(key, pending);
    }
    if (!pending) {
      pending = this.connect(host, connectionVars(this.hostVarsOf(host), remoteUser));
      this.open.set(key, pending);
    }
    return pending;
  }

  /**
   * Opens the connection get(host, remoteUser) will return, ahead of its first use; settles when
   * the connect does. One attempt, and a failure stays silent: the first get() connects again.
   * Local hosts and hosts already connected (or connecting) are left alone.
   */
  async preconnect(host: string, remoteUser?: string): Promise<void> {
    const key = poolKey(host, remoteUser);
    if (this.closed || this.open.has(key)) return;
    let vars: Vars;
    try {
      vars = connectionVars(this.hostVarsOf(host), remoteUser);
    } catch {
      return; // the first real use reports it
    }
    if (String(vars.ansible_connection ?? this.options.connection ?? 'ssh') !== 'ssh') return;
    const pending = this.connectOnce(host, vars);
    pending.catch(() => undefined);
    this.open.set(key, pending);
    this.early.set(key, transportFingerprint(vars));
    await pending.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Where delegate_to points: the controller itself for localhost, else that inventory host. */
  delegate(target: string, remoteUser?: string): Promise<Connection> {
    if (isLocalhostName(target)) {
      const key = `\0local:${target}`;
      let pending = this.open.get(key);
      if (!pending) {
        pending = this.connect(target, { ansible_connection: 'local' });
        this.open.set(key, pending);
      }
      return pending;
    }
    return this.get(target, remoteUser);
  }

  /** meta: reset_connection: closes the host's connections; the next use opens a new one. */
  async reset(host: string): Promise<void> {
    const keys = [...this.open.keys()].filter((k) => k === host || k.startsWith(`${host}\0`));
    const pending = keys.map((k) => this.open.get(k)!);
    for (const k of keys) this.open.delete(k);
    await closeQuietly(pending);
  }

  /** A Connection that opens the real one only when a module first uses it. */
  lazy(host: string, resolve: () => Promise<Connection> = () => this.get(host)): Connection {
    let real: Connection | undefined;
    return {
      host,
      get endpoint() {
        return real?.endpoint;
      },
      connect: async () => void (real = await resolve()),
      exec: async (command: string, options?: ExecOptions): Promise<ExecResult> => (await resolve()).exec(command, options),
      put: async (content: Buffer | string, path: string, options?: PutOptions) => (await resolve()).put(content, path, options),
      get: async (path: string, options?: { become?: PutOptions['become'] }) => (await resolve()).get(path, options),
      close: async () => undefined,
    };
  }

  /** Ctrl-C: every running command, local or remote, gets `signal` with its process group. */
  async interruptAll(signal: NodeJS.Signals): Promise<void> {
    await Promise.all(
      [...this.open.values()].map((pending) =>
        pending.then(
          (conn) => conn.interrupt?.(signal),
          () => undefined,
        ),
      ),
    );
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    // a handshake still running (an early connect no play used) is cut, not waited for
    for (const conn of this.connecting) void conn.close().catch(() => undefined);
    for (const wake of this.waits) wake();
    const pending = [...this.open.values()];
    this.open.clear();
    this.early.clear();
    await closeQuietly(pending);
  }

  /** [ssh_connection] retries: a host that refused or timed out gets that many more attempts. */
  private async connect(host: string, vars: Vars): Promise<Connection> {
    const retries = this.options.sshRetries ?? 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.connectOnce(host, vars);
      } catch (err) {
        if (!(err instanceof UnreachableError) || attempt >= retries || this.closed) throw err;
        // Ansible's back-off: 1 s, 3 s, 7 s ... at most 30 s between attempts.
        await this.backOff(Math.min(2 ** (attempt + 1) - 1, 30) * 1000);
        if (this.closed) throw err;
      }
    }
  }

  private backOff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waits.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waits.add(wake);
    });
  }

  private async connectOnce(host: string, vars: Vars): Promise<Connection> {
    let conn: Connection;
    try {
      conn = createConnection(host, vars, this.options);
    } catch (err) {
      if (err instanceof WarrenError) throw err;
      throw new UnreachableError(host, (err as Error).message);
    }
    if (this.closed) throw new UnreachableError(host, 'connection is closed');
    this.connecting.add(conn);
    try {
      await conn.connect();
    } catch (err) {
      if (err instanceof UnreachableError) throw err;
      throw new UnreachableError(host, (err as Error).message);
    } finally {
      this.connecting.delete(conn);
    }
    await removeLeftUploadTemps(conn);
    return conn;
  }
}
