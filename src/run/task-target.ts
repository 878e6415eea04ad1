// The one port a module gets (modules/module.ts Target): built once per task, with the task's
// become and environment merged into every command, upload and download.
import type { BecomeOptions, Connection } from '../connection/connection.ts';
import { noteUploadTemp } from '../connection/upload-temps.ts';
import type { RunOptions, Target } from '../modules/module.ts';

export function taskTarget(conn: Connection, become: BecomeOptions | undefined, environment: Record<string, string> | undefined): Target {
  const as = become ? { become } : {};
  return {
    get host() {
      return conn.host;
    },
    run(script: string, options: RunOptions = {}) {
      const env = environment || options.env ? { ...environment, ...options.env } : undefined;
      return conn.exec(script, { ...options, ...(env ? { env } : {}), ...as });
    },
    put: (content, remotePath, options = {}) => conn.put(content, remotePath, { ...options, ...as }),
    get: (remotePath) => conn.get(remotePath, as),
    async noteTemp(remotePath) {
      await conn.connect();
      return conn.endpoint ? noteUploadTemp(conn.endpoint, remotePath, become) : () => undefined;
    },
  };
}
