// A command's stdout or stderr kept in memory up to a cap: 200 MB of output must not take the
// controller's memory (Ansible keeps it all). What is cut is said at the end of the text.
export const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export function cutNote(dropped: number, cap: number): string {
  return `\n[warren: output cut after ${cap / 1024 / 1024} MiB; ${dropped} more bytes were dropped]\n`;
}

export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly cap = MAX_OUTPUT_BYTES) {}

  push(chunk: Buffer): void {
    const room = this.cap - this.kept;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return;
    }
    // a copy: a slice would keep the whole chunk alive
    if (room > 0) this.chunks.push(Buffer.from(chunk.subarray(0, room)));
    this.kept += Math.max(room, 0);
    this.dropped += chunk.length - Math.max(room, 0);
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped ? text + cutNote(this.dropped, this.cap) : text;
  }
}
