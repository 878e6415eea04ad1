#!/usr/bin/env node
// Runs the TypeScript sources through tsx; a compiled dist/ is used when present (faster start).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = `${root}dist/src/cli/warren.js`;
if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(`${root}src/cli/warren.ts`).href);
}
