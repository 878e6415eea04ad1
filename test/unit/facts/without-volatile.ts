import type { Vars } from '../../../src/core/vars.ts';

/** Facts minus what changes between two gatherings a few milliseconds apart (clock, free memory). */
export function withoutVolatile(facts: Vars): Vars {
  const copy = structuredClone(facts) as Vars & { memory_mb: { real: Vars } & Vars };
  delete copy.date_time;
  delete copy.uptime_seconds;
  delete copy.memfree_mb;
  delete copy.memory_mb.real.free;
  delete copy.memory_mb.nocache;
  return copy;
}
