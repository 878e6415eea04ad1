// Probe scripts print several command outputs in one run, each after an `@@@ name` header line
// (`echo '@@@ name'`), so one round trip reads many things. This splits that output again.
export const SECTION_MARK = '@@@ ';

/** Section name -> its trimmed text; lines before the first header are dropped. */
export function splitSections(output: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith(SECTION_MARK)) {
      if (name) sections.set(name, lines.join('\n').trim());
      name = line.slice(SECTION_MARK.length).trim();
      lines = [];
    } else lines.push(line);
  }
  if (name) sections.set(name, lines.join('\n').trim());
  return sections;
}
