// Debian packages the bench needs on the machine running it (the peers' tools), via apt-get.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** apt-get install -y; runs apt-get update once first when the install fails (stale lists). */
export async function aptInstall(packages: string[], log: (line: string) => void): Promise<void> {
  log(`apt-get install -y ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const options = { env, maxBuffer: 64 << 20 };
  try {
    await run('apt-get', ['install', '-y', ...packages], options);
  } catch {
    await run('apt-get', ['update'], options);
    await run('apt-get', ['install', '-y', ...packages], options);
  }
}

/** Whether dpkg has the package installed. */
export async function debianPackageInstalled(name: string): Promise<boolean> {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f', '${Status}', name]);
    return stdout.includes('install ok installed');
  } catch {
    return false;
  }
}
