// How core/yaml-file.ts reads files. A run that only loads (--syntax-check, the listings) reads
// them synchronously: fs/promises waits on the thread pool four times per file, ~25 ms of a
// --syntax-check spent idle. Every other run reads asynchronously (the default): the SSH
// handshakes begun while the playbook loads (run/early-connect.ts) go on during the reads, and a
// read that waits (a FIFO) holds no connection up.
let sync = false;

export function readFilesSynchronously(on: boolean): void {
  sync = on;
}

export function readsSynchronously(): boolean {
  return sync;
}
