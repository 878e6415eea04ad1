// `--version` text in ansible-playbook's shape. The version is read from package.json, found by
// walking up from this file, so one code path serves src/cli, dist/src/cli and dist/bundle.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'warren';

type ReadText = (path: string) => string | undefined;

const readIfPresent: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The version in the nearest package.json named `warren` at or above `startDir`. */
export function findPackageVersion(startDir: string, read: ReadText = readIfPresent): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const text = read(join(dir, 'package.json'));
    const pkg = text === undefined ? undefined : (JSON.parse(text) as { name?: string; version?: string });
    if (pkg?.name === PACKAGE_NAME && pkg.version) return pkg.version;
    if (dirname(dir) === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${startDir}`);
  }
}

/** `run-playbook [warren 0.1.0]` and the Node version, as ansible-playbook prints its core and Python. */
export function versionText(program: string, version: string, nodeVersion: string = process.version): string {
  return `${program} [${PACKAGE_NAME} ${version}]\n  node version = ${nodeVersion}`;
}

export function warrenVersionText(program: string): string {
  return versionText(program, findPackageVersion(dirname(fileURLToPath(import.meta.url))));
}
