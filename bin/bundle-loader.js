// Runs a CommonJS bundle (dist/bundle/<name>.cjs) with V8's code cache, so a start compiles
// next to nothing: the bytecode of every function the previous run compiled is read back.
// Node >= 22.1 has this built in (module.enableCompileCache); on Node 20 the same is done by hand
// with vm.Script's cachedData, the API that built-in feature and v8-compile-cache rest on.
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { createRequire } = Module;
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/** Beside the bundle; the build empties the folder, so a cache never outlives its bundle. */
const cacheDir = (file) => join(dirname(file), '.code-cache');

function runBundle(file) {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(cacheDir(file));
    require(file);
    return;
  }
  runWithCachedData(file);
}

function runWithCachedData(file) {
  // V8 rejects data from another V8 version or other flags; the name keeps versions apart.
  const cacheFile = join(cacheDir(file), `${file.split('/').pop()}.${process.versions.v8}.${process.arch}`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet: this run writes it
  }
  // latin1: the build keeps the bundle ASCII (scripts/build.mjs), and decoding it as UTF-8 costs
  // twice as long (~9 ms of every start for 2.4 MB).
  const script = new vm.Script(Module.wrap(readFileSync(file, 'latin1')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  // Written when the run ends, so it holds the functions compiled lazily during the run too.
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => writeCache(cacheFile, script));
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
}

function writeCache(cacheFile, script) {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temporary = `${cacheFile}.${process.pid}`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile); // whole or not at all when runs end together
  } catch {
    // a read-only install: every run compiles, as without a cache
  }
}

module.exports = { runBundle };
