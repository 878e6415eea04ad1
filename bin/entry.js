// Starts a CLI from the esbuild bundle (dist/bundle/<name>.cjs, made by `npm run build`, run with
// its V8 code cache by bundle-loader.js) while the build stamp is newer than every source file.
// Otherwise it runs the TypeScript sources through tsx, so a stale build never runs and a fresh
// clone needs no build.
// CommonJS (bin/package.json): an ES module entry costs Node's ESM loader, ~5 ms of every start.
const { existsSync, readFileSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

/** True when some file under dir was modified after `since` (ms); stops at the first one. */
function changedSince(dir, since) {
  // One recursive listing: about half the CPU of walking directory by directory.
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isDirectory() && statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs > since) return true;
  }
  return false;
}

function freshBuild(name) {
  const candidates = [join(root, 'dist', 'bundle', `${name}.cjs`), join(root, 'dist', 'src', 'cli', `${name}.js`)];
  const built = candidates.find((path) => existsSync(path));
  if (!built || !existsSync(stamp)) return undefined;
  return changedSince(join(root, 'src'), statSync(stamp).mtimeMs) ? undefined : built;
}

/** The flags that only print the version, per CLI (commander's .version() in src/cli/<name>.ts). */
const VERSION_FLAGS = { warren: ['-V', '--version'], 'run-playbook': ['--version'] };

/**
 * `--version` alone is answered before any module loads (the freshness check and the bundle cost
 * more than the answer): the text of src/cli/version.ts versionText, from the same package.json.
 */
function printedVersion(name) {
  const args = process.argv.slice(2);
  if (args.length !== 1 || !VERSION_FLAGS[name]?.includes(args[0])) return false;
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  process.stdout.write(`${name} [warren ${version}]\n  node version = ${process.version}\n`);
  return true;
}

async function start(name) {
  if (printedVersion(name)) return;
  const built = freshBuild(name);
  if (built?.endsWith('.cjs')) {
    require('./bundle-loader.js').runBundle(built); // not needed by --version
    return;
  }
  if (built) {
    await import(pathToFileURL(built).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', `${name}.ts`)).href);
}

module.exports = { start };
