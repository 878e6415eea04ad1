// One connection per host: opened lazily on first use, reused across plays, closed at the end.
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

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>();

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
    const key = remoteUser === undefined ? host : `${host}\0${remoteUser}`;
    let pending = this.open.get(key);
    if (!pending) {
      pending = this.connect(host, connectionVars(this.hostVarsOf(host), remoteUser));
      this.open.set(key, pending);
    }
    return pending;
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
    const pending = [...this.open.values()];
    this.open.clear();
    await closeQuietly(pending);
  }

  /** [ssh_connection] retries: a host that refused or timed out gets that many more attempts. */
  private async connect(host: string, vars: Vars): Promise<Connection> {
    const retries = this.options.sshRetries ?? 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.connectOnce(host, vars);
      } catch (err) {
        if (!(err instanceof UnreachableError) || attempt >= retries) throw err;
        // Ansible's back-off: 1 s, 3 s, 7 s ... at most 30 s between attempts.
        await new Promise((r) => setTimeout(r, Math.min(2 ** (attempt + 1) - 1, 30) * 1000));
      }
    }
  }

  private async connectOnce(host: string, vars: Vars): Promise<Connection> {
    let conn: Connection;
    try {
      conn = createConnection(host, vars, this.options);
    } catch (err) {
      if (err instanceof WarrenError) throw err;
      throw new UnreachableError(host, (err as Error).message);
    }
    try {
      await conn.connect();
    } catch (err) {
      if (err instanceof UnreachableError) throw err;
      throw new UnreachableError(host, (err as Error).message);
    }
    await removeLeftUploadTemps(conn);
    return conn;
  }
}
