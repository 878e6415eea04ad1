// A value that contains itself (a variable set to hostvars[inventory_hostname]) overflows the
// stack while it is rendered or copied: name that, instead of Node's words.
export function renderErrorText(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return 'recursive loop detected: a value refers to itself (for example a variable set to hostvars[inventory_hostname])';
  }
  return error instanceof Error ? error.message : String(error);
}
