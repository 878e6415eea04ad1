// Figures, not a test: `lab up` for 4 hosts with a cached base image, one idle host's memory, 50 bare hosts.
// Run as root: npx tsx bench/lab.ts
import { labStatus } from '../src/lab/faults.ts';
import { labDown, labUp } from '../src/lab/lab.ts';
import { plainProgress } from '../src/lab/progress.ts';
import { defaultLabPaths } from '../src/lab/state.ts';

const paths = defaultLabPaths;
const quiet = plainProgress(() => undefined);

async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const start = Date.now();
  const result = await action();
  return [result, (Date.now() - start) / 1000];
}

async function up(name: string, hosts: string[], subnet: string): Promise<number> {
  const [, seconds] = await timed(() =>
    labUp({ name, hosts, subnet, inventoryPath: `/var/lib/warren/labs/${name}/inventory/hosts.yml`, bootTimeoutMs: 180000, paths, progress: quiet }),
  );
  return seconds;
}

async function main(): Promise<void> {
  // Warm-up builds the base image if it is missing, so the timed run measures a cached image.
  await up('wbench', ['warm1'], '10.86.5.0/24');
  await labDown({ name: 'wbench', paths, progress: quiet });

  const fourUp = await up('wbench', ['rmq1', 'rmq2', 'rmq3', 'lb1'], '10.86.5.0/24');
  console.log(`lab up, 4 hosts, cached image: ${fourUp.toFixed(1)} s`);
  await new Promise((resolve) => setTimeout(resolve, 15000));
  const status = await labStatus({ name: 'wbench', paths });
  for (const host of status.hosts)
    console.log(`idle memory ${host.host}: ${((host.memoryBytes ?? 0) / 1048576).toFixed(1)} MiB (PSS of its processes, 15 s after boot)`);
  const [, fourDown] = await timed(() => labDown({ name: 'wbench', paths, progress: quiet }));
  console.log(`lab down, 4 hosts: ${fourDown.toFixed(1)} s`);

  const fifty = Array.from({ length: 50 }, (_, index) => `node${index + 1}`);
  const fiftyUp = await up('wbench50', fifty, '10.86.6.0/24');
  const fiftyStatus = await labStatus({ name: 'wbench50', paths });
  const running = fiftyStatus.hosts.filter((host) => host.running).length;
  const total = fiftyStatus.hosts.reduce((sum, host) => sum + (host.memoryBytes ?? 0), 0);
  console.log(`lab up, 50 bare hosts: ${fiftyUp.toFixed(1)} s, ${running} running and answering SSH, ${(total / 1048576).toFixed(0)} MiB total`);
  const [, fiftyDown] = await timed(() => labDown({ name: 'wbench50', paths, progress: quiet }));
  console.log(`lab down, 50 hosts: ${fiftyDown.toFixed(1)} s`);
}

await main();
