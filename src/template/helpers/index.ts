// Registers every helper on a private Handlebars instance. Each helper is wrapped so a failure
// inside it becomes a HelperError that knows where in the template the call was.
import type Handlebars from 'handlebars';
import { HelperError, positionOf } from '../helper-error.ts';
import type { HelperTable } from './helper-kit.ts';
import { logicHelpers } from './logic-helpers.ts';
import { serializeHelpers } from './serialize-helpers.ts';
import { textHelpers } from './text-helpers.ts';
import { valueHelpers } from './value-helpers.ts';

export const allHelpers: HelperTable = { ...valueHelpers, ...logicHelpers, ...textHelpers, ...serializeHelpers };

/** Helpers whose first argument may be undefined (not looked up strictly). */
export const LENIENT_FIRST_ARG = new Set(['default', 'mandatory', 'is_defined']);

export function registerHelpers(hb: typeof Handlebars): void {
  for (const [name, helper] of Object.entries(allHelpers)) {
    hb.registerHelper(name, function wrapped(this: unknown, ...args: unknown[]) {
      try {
        return helper.apply(this, args);
      } catch (error) {
        if (error instanceof HelperError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new HelperError(`${name}: ${message}`, positionOf(args[args.length - 1]));
      }
    });
  }
}
