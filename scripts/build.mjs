// npm run build: type-check and compile to dist/ (tsc), then bundle each CLI with esbuild into
// dist/bundle/<name>.cjs with the ajv validators precompiled, stamp the build, and run each CLI
// once so its V8 code cache is written (bin/bundle-loader.js). bin/ runs the bundle only while
// the stamp is newer than every file under src/ (see bin/entry.js).
//
//   node scripts/build.mjs                      tsc + bundle + stamp (npm run build)
//   node scripts/build.mjs --bundle-only --out DIR
//                                               bundle only, into DIR (no tsc, no stamp); DIR must
//                                               sit inside the project so `ssh2` resolves from it
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: { out: { type: 'string' }, 'bundle-only': { type: 'boolean', default: false }, metafile: { type: 'boolean', default: false } },
});
const outDir = resolve(flags.out ?? join(root, 'dist', 'bundle'));
const stamp = join(root, 'dist', '.build-stamp');

/** CLI entry points: dist/bundle/<name>.cjs from src/cli/<name>.ts. */
const ENTRIES = ['run-playbook', 'warren'];

// ssh2 is bundled (so the code cache covers it: loading its ~20 files from node_modules cost more
// CPU than the rest of a converged 1-host run's start-up), but its optional native pieces load
// from node_modules at run time: cpu-features as a package, and its crypto binding sshcrypto.node,
// which ssh2 requires by a path relative to its own file (see nativeSsh2CryptoPlugin).
const EXTERNAL = ['cpu-features'];

// One CommonJS file per CLI, not ES modules: only a script can carry a V8 code cache on Node 20
// (vm.Script cachedData; ES modules have none before Node 22's module.enableCompileCache). The
// sources' dynamic import()s stay lazy: esbuild evaluates those modules on first import.
// import.meta.url (src/cli/version.ts) becomes the bundle file's URL, as in an ES module bundle.
const BANNER = "const __warrenImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

// Built-in modules a start that never uses them should not load: node:crypto alone is ~15 internal
// modules, child_process brings net and dgram. After the build, each `require("node:X")` of
// these (a named import: esbuild reads its members at the call, `(0, m.spawn)(...)`) becomes
// `__lazyR("node:X")`, the same length so the source map stays exact: a proxy that requires the
// module on first use. Default and namespace imports (`__toESM(require(...))`) stay eager.
const LAZY_BUILTINS = ['node:crypto', 'node:child_process', 'node:readline', 'crypto', 'child_process', 'readline'];
const LAZY_REQUIRE =
  'const __lazyR = (id) => { let m; const load = () => (m ??= require(id)); return new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load(), ' +
  'ownKeys: () => Reflect.ownKeys(load()), getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(load(), k); return d && { ...d, configurable: true }; } }); };';

/**
 * A bundle as bin/bundle-loader.js wants it: ASCII, since it is read as latin1 (twice as fast as
 * UTF-8; esbuild escapes strings, only raw template text, String.raw, passes unescaped), and the
 * named-import requires of LAZY_BUILTINS made lazy (same length: the source map holds).
 */
function finishBundle(file) {
  const bytes = readFileSync(file);
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) {
    const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
    throw new Error(`${file}:${line}: a non-ASCII character in the bundle (write it as a \\u escape in the source)`);
  }
  let text = bytes.toString('latin1');
  for (const id of LAZY_BUILTINS) {
    text = text.replace(new RegExp(`(?<!__toESM\\()require\\("${id}"\\)`, 'g'), `__lazyR("${id}")`);
  }
  writeFileSync(file, text, 'latin1');
}

/** The generated ajv standalone module, from the same schemas the sources compile at run time. */
async function precompiledValidators() {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  try {
    const load = (path) => import(pathToFileURL(join(root, path)).href);
    const { standaloneValidatorsModule } = await load('src/load/standalone-validators.ts');
    const { keywordSchemas } = await load('src/load/validator-schemas.ts');
    const { findModule, moduleNames } = await load('src/modules/registry.ts');
    const moduleArgs = Object.fromEntries(moduleNames().map((name) => [name, findModule(name).argsSchema]));
    return standaloneValidatorsModule({ keyword: keywordSchemas, moduleArgs });
  } finally {
    await unregister();
  }
}

/** esbuild plugin: src/load/validator-factory.ts (run-time ajv) -> the precompiled module. */
function precompiledValidatorsPlugin(contents) {
  const factory = join(root, 'src', 'load', 'validator-factory.ts');
  return {
    name: 'precompiled-validators',
    setup(b) {
      b.onLoad({ filter: /validator-factory\.ts$/ }, (args) => (args.path === factory ? { contents, loader: 'js', resolveDir: root } : undefined));
    },
  };
}

// ssh2 is needed only once an SSH connection opens; evaluating it costs ~25 ms (its crypto setup),
// so the bundle gets a default export that requires (the bundled) ssh2 on first use. Named imports from ssh2
// would fail the build ("No matching export"), never silently.
const LAZY_SSH2 = "let loaded; export default new Proxy({}, { get: (_target, key) => (loaded ??= require('ssh2'))[key] });";

// Handlebars renders only `.hbs` files, and its 110 kB initialise in ~5 ms: the same kind of
// default export, loading the bundled library on first use. source-map is the one dependency of
// its compiler, optional (it has its own fallback) and never used here: left out.
const LAZY_HANDLEBARS = "let loaded; export default new Proxy({}, { get: (_target, key) => (loaded ??= require('handlebars'))[key] });";

function lazyHandlebarsPlugin() {
  return {
    name: 'lazy-handlebars',
    setup(b) {
      b.onResolve({ filter: /^handlebars$/ }, (args) => (args.kind === 'import-statement' ? { path: 'handlebars', namespace: 'lazy-handlebars' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy-handlebars' }, () => ({ contents: LAZY_HANDLEBARS, loader: 'js', resolveDir: root }));
      b.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'no-source-map' }));
      b.onLoad({ filter: /.*/, namespace: 'no-source-map' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}

// ssh2's lib/protocol/crypto.js: `require('./crypto/build/Release/sshcrypto.node')` in a try, with
// a pure-JS fallback. Bundled, that relative path would point next to the bundle and the fallback
// would hide it; so it becomes a require of the binding inside the installed ssh2 package.
// (createRequire: esbuild would try to bundle a literal require.resolve('ssh2').)
const NATIVE_SSH2_CRYPTO =
  "const { dirname, join } = require('node:path'); const ssh2 = require('node:module').createRequire(__filename).resolve('ssh2'); module.exports = require(join(dirname(ssh2), 'protocol', 'crypto', 'build', 'Release', 'sshcrypto.node'));";

function nativeSsh2CryptoPlugin() {
  return {
    name: 'native-ssh2-crypto',
    setup(b) {
      b.onResolve({ filter: /sshcrypto\.node$/ }, () => ({ path: 'sshcrypto.node', namespace: 'native-ssh2-crypto' }));
      b.onLoad({ filter: /.*/, namespace: 'native-ssh2-crypto' }, () => ({ contents: NATIVE_SSH2_CRYPTO, loader: 'js' }));
    },
  };
}

function lazySsh2Plugin() {
  return {
    name: 'lazy-ssh2',
    setup(b) {
      b.onResolve({ filter: /^ssh2$/ }, (args) => (args.kind === 'import-statement' ? { path: 'ssh2', namespace: 'lazy-ssh2' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy-ssh2' }, () => ({ contents: LAZY_SSH2, loader: 'js', resolveDir: root }));
    },
  };
}

async function bundle() {
  const started = performance.now();
  const validators = await precompiledValidators();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(ENTRIES.map((name) => [name, join(root, 'src', 'cli', `${name}.ts`)])),
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: `${BANNER}\n${LAZY_REQUIRE}` },
    define: { 'import.meta.url': '__warrenImportMetaUrl' },
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: flags.metafile,
    logLevel: 'warning',
    plugins: [precompiledValidatorsPlugin(validators), lazySsh2Plugin(), nativeSsh2CryptoPlugin(), lazyHandlebarsPlugin()],
    // Smaller files parse faster (~2 ms); identifiers stay, so stack traces keep their names.
    minifyWhitespace: true,
    minifySyntax: true,
  });
  if (result.metafile) writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));
  for (const name of ENTRIES) finishBundle(join(outDir, `${name}.cjs`));
  console.log(`bundled ${ENTRIES.join(', ')} into ${outDir} in ${Math.round(performance.now() - started)} ms`);
}

const started = new Date();
if (!flags['bundle-only']) {
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit', cwd: root });
  } catch {
    // tsc still emits on type errors; the stamp is withheld so bin/ keeps using the sources.
    process.exit(1);
  }
}
await bundle();
if (!flags['bundle-only']) {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${started.toISOString()}\n`);
  // Dated at the start: a source saved while the build ran is newer, so bin/ will not trust it.
  utimesSync(stamp, started, started);
  warmCodeCache();
}

/**
 * One loading run per CLI through bin/: it writes the V8 code cache with the functions a playbook
 * load compiles, so the first real run already starts from it. A failure here only costs speed.
 */
function warmCodeCache() {
  const fixture = ['--syntax-check', 'test/fixtures/playbooks/basic/site.yml', '-i', 'test/fixtures/playbooks/inventory.yml'];
  for (const args of [
    ['bin/run-playbook.js', ...fixture],
    ['bin/warren.js', 'run', ...fixture],
  ]) {
    try {
      execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    } catch {
      console.log(`note: warming the code cache with ${args.join(' ')} failed; the first run writes it instead`);
    }
  }
}
