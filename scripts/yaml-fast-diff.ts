// Differential check of the fast YAML path (src/core/yaml-fast.ts) against `yaml`: every file
// given (or found under the folders given) is read both ways; node kinds, offsets, scalar styles
// and values must agree. Prints counts, why files went to `yaml`, and the first differences.
// test/unit/core/yaml-fast.test.ts runs it on the project's own YAML.
//   npx tsx scripts/yaml-fast-diff.ts DIR|FILE...
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { globSync } from 'glob';
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter } from 'yaml';
import type { Node } from 'yaml';
import { parseYamlText, type YamlFile } from '../src/core/yaml-file.ts';
import { parseFast } from '../src/core/yaml-fast.ts';

const opts = { secrets: { add() {} } };

export interface YamlDiff {
  files: number;
  fast: number;
  fallback: number;
  invalid: number;
  diffs: string[];
  /** why files went to `yaml`, with how many */
  reasons: Map<string, number>;
}

function compare(diffs: string[], file: string, a: unknown, b: unknown, path: string): void {
  const where = `${file} ${path}`;
  if (a === null || b === null) {
    if (a !== b) diffs.push(`${where}: null vs node`);
    return;
  }
  const na = a as Node & { range?: number[]; type?: string; source?: string };
  const nb = b as Node & { range?: number[]; type?: string; source?: string };
  if (na.range?.[0] !== nb.range?.[0]) diffs.push(`${where}: offset ${na.range?.[0]} (fast) vs ${nb.range?.[0]} (yaml)`);
  if (na.anchor !== nb.anchor) diffs.push(`${where}: anchor ${na.anchor} vs ${nb.anchor}`);
  if (isAlias(na) || isAlias(nb)) {
    if (!isAlias(na) || !isAlias(nb) || na.source !== nb.source) diffs.push(`${where}: alias differs`);
    return;
  }
  if (isScalar(na) !== isScalar(nb) || isMap(na) !== isMap(nb) || isSeq(na) !== isSeq(nb)) return void diffs.push(`${where}: kind differs`);
  if (isScalar(na) && isScalar(nb)) {
    if (na.type !== nb.type) diffs.push(`${where}: type ${na.type} vs ${nb.type}`);
    if (String(na.value) !== String(nb.value) || typeof na.value !== typeof nb.value)
      diffs.push(`${where}: value ${JSON.stringify(na.value)} vs ${JSON.stringify(nb.value)}`);
    if (na.type === 'PLAIN' && String(na.source) !== String(nb.source))
      diffs.push(`${where}: source ${JSON.stringify(na.source)} vs ${JSON.stringify(nb.source)}`);
    return;
  }
  const ia = (na as unknown as { items: unknown[] }).items;
  const ib = (nb as unknown as { items: unknown[] }).items;
  if (ia.length !== ib.length) return void diffs.push(`${where}: ${ia.length} vs ${ib.length} items`);
  ia.forEach((x, i) => {
    if (isPair(x) && isPair(ib[i])) {
      compare(diffs, file, x.key, (ib[i] as { key: unknown }).key, `${path}/${String((x.key as { value?: unknown })?.value)}#key`);
      compare(diffs, file, x.value, (ib[i] as { value: unknown }).value, `${path}/${String((x.key as { value?: unknown })?.value)}`);
    } else compare(diffs, file, x, ib[i], `${path}/${i}`);
  });
}

/** The file read by one parser: `yaml` when WARREN_YAML_PARSER=yaml, else the fast path where it can. */
function read(text: string, file: string, parser: string): YamlFile | undefined {
  process.env.WARREN_YAML_PARSER = parser;
  try {
    return parseYamlText(text, file, opts);
  } catch {
    return undefined;
  }
}

/** Every file (or YAML file under a folder) in `paths`, read both ways. */
export function diffYaml(paths: string[]): YamlDiff {
  const files = paths.flatMap((p) => (statSync(p).isDirectory() ? globSync(`${p}/**/*.{yml,yaml}`, { nodir: true }) : [p]));
  const r: YamlDiff = { files: files.length, fast: 0, fallback: 0, invalid: 0, diffs: [], reasons: new Map() };
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const ref = read(text, file, 'yaml');
    const got = read(text, file, 'fast');
    if (!ref) {
      r.invalid++;
      if (got) r.diffs.push(`${file}: an error to yaml, read by the fast path`);
      continue;
    }
    if (got?.reader !== 'js-yaml') {
      r.fallback++;
      parseFast(text.replace(/^\uFEFF/, ''), new Document(undefined, { version: '1.1' }), new LineCounter(), 10_000, (why) =>
        r.reasons.set(why, (r.reasons.get(why) ?? 0) + 1),
      );
      continue;
    }
    r.fast++;
    compare(r.diffs, file, got.doc.contents, ref.doc.contents, '');
  }
  return r;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = diffYaml(process.argv.slice(2));
  process.stdout.write(`${r.files} files: ${r.fast} fast, ${r.fallback} read by yaml, ${r.invalid} invalid to yaml; ${r.diffs.length} differences\n`);
  for (const [why, n] of [...r.reasons].sort((a, b) => b[1] - a[1]).slice(0, 15)) process.stdout.write(`  read by yaml: ${n} x ${why}\n`);
  for (const d of r.diffs.slice(0, 40)) process.stdout.write(`  ${d}\n`);
}
