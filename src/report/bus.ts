// Masks every event with the run's secrets, then fans it out to the reporters.
import type { SecretRegistry } from '../vault/secret-registry.ts';
import type { Reporter, RunEvent } from './events.ts';

export class EventBus implements Reporter {
  constructor(
    private readonly secrets: SecretRegistry,
    private readonly reporters: Reporter[],
  ) {}

  handle(event: RunEvent): void {
    const masked = this.secrets.maskValue(event);
    for (const r of this.reporters) r.handle(masked);
  }

  async close(): Promise<void> {
    for (const r of this.reporters) await r.close?.();
  }
}
