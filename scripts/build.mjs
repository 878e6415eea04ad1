// npm run build: compile to dist/ and stamp it; bin/ uses dist/ only while the stamp is newer than src/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
const started = new Date();
try {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
} catch {
  // tsc still emits on type errors; the stamp is withheld so bin/ keeps using the sources.
  process.exit(1);
}
mkdirSync('dist', { recursive: true });
writeFileSync('dist/.build-stamp', `${started.toISOString()}\n`);
