// Typed errors that carry ansible-playbook's exit codes, so the CLI maps any failure to a code.
import type { SourceLocation } from './location.ts';
import { formatLocation } from './location.ts';

export const ExitCode = {
  ok: 0,
  error: 1,
  hostFailed: 2,
  hostUnreachable: 4, // ansible-playbook and ansible both exit 4 (measured, ansible-core 2.14); the same as a parse error
  badInput: 4,
  badOptions: 5,
  interrupted: 99,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class WarrenError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.error,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad playbook, role, inventory or vars file: names file:line:col. Raised before any host is touched. */
export class InputError extends WarrenError {
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message, ExitCode.badInput);
  }
}

/** Bad command-line options. */
export class OptionsError extends WarrenError {
  constructor(message: string) {
    super(message, ExitCode.badOptions);
  }
}

/** A template or expression referenced something undefined or was malformed at run time. */
export class TemplateError extends WarrenError {
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message, ExitCode.error);
  }
}

/** The host could not be reached or its connection dropped. */
export class UnreachableError extends WarrenError {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(`${host}: ${message}`, ExitCode.hostUnreachable);
  }
}

/** Host key unknown or changed: never silently accepted. */
export class HostKeyError extends UnreachableError {}
