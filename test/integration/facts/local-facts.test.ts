// The facts script on this machine (a Debian 12 host, like the lab's) through the local
// connection: the same facts as the tool-based reference script, from few processes.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnection } from '../../../src/connection/local.ts';
import { connectionShell, gatherFacts } from '../../../src/facts/gather.ts';
import { parseFacts } from '../../../src/facts/parse.ts';
import { FACTS_SCRIPT } from '../../../src/facts/script.ts';
import type { Vars } from '../../../src/core/vars.ts';
import { withoutVolatile } from '../../unit/facts/without-volatile.ts';

const referenceScript = readFileSync(new URL('./fixtures/tools-facts.sh', import.meta.url), 'utf8');
/** Every program the current or the reference script may start. */
const TOOLS = ['hostname', 'timeout', 'uname', 'cat', 'nproc', 'grep', 'ip', 'ls', 'id', 'getent', 'cut', 'date'];

async function bothFacts(conn: LocalConnection): Promise<{ current: Vars; reference: Vars }> {
  const reference = parseFacts((await conn.exec(referenceScript)).stdout);
  const current = await gatherFacts(connectionShell(conn));
  return { current, reference };
}

describe('facts on the local connection', function () {
  this.timeout(20000);
  const conn = new LocalConnection('localhost');

  it('equal the tool-based reference script (clock and free memory aside)', async () => {
    let { current, reference } = await bothFacts(conn);
    // other labs on this machine add and remove interfaces; one retry absorbs a change mid-pair
    if (JSON.stringify(withoutVolatile(current)) !== JSON.stringify(withoutVolatile(reference))) ({ current, reference } = await bothFacts(conn));
    expect(withoutVolatile(current)).to.deep.equal(withoutVolatile(reference));
    expect(Object.keys(current)).to.deep.equal(Object.keys(reference));
    expect(current.processor_count).to.equal(Number(execFileSync('nproc', { encoding: 'utf8' })));
  });

  it('still equal with the fallbacks forced (OMP_NUM_THREADS for nproc, linux32 personality for uname)', async () => {
    const run = async (script: string) => parseFacts((await conn.exec(`export OMP_NUM_THREADS=1; exec setarch linux32 /bin/sh -c ${quote(script)}`)).stdout);
    const [reference, current] = [await run(referenceScript), await run(FACTS_SCRIPT)];
    expect(current).to.include({ processor_count: 1, machine: 'i686' });
    expect(withoutVolatile(current)).to.deep.equal(withoutVolatile(reference));
  });

  it('start only ip, date, nproc and the name lookups (every tool on PATH logs its start)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-facts-'));
    try {
      const log = join(dir, 'started.log');
      writeFileSync(log, '');
      for (const tool of TOOLS) {
        const real = execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
        writeFileSync(join(dir, tool), `#!/bin/sh\necho ${tool} >> ${log}\nexec ${real} "$@"\n`);
        chmodSync(join(dir, tool), 0o755);
      }
      const result = await conn.exec(`PATH=${dir}\n${FACTS_SCRIPT}`);
      expect(parseFacts(result.stdout)).to.have.property('fqdn');
      expect(readFileSync(log, 'utf8').split('\n').filter(Boolean).sort()).to.deep.equal(['date', 'getent', 'hostname', 'ip', 'nproc', 'timeout']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
