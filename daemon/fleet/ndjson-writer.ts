// NDJSON lines into a stream through two reused buffers (`agentwatch export`: a million lines, 1 GB).
// Each line is encoded straight into a buffer, and a full buffer goes out in one write. Joining a page of
// lines into one string first made a string too big for V8's young generation: every page landed in the
// large-object space (collected only by full GCs) and was copied again to be encoded (bench/export.ts).
// A buffer is filled again only once its write completed (the write's callback), so a slow reader holds
// the writer back and memory stays at two buffers.

export class NdjsonWriter {
  private readonly buffers: [Buffer, Buffer];
  private readonly inFlight: [Promise<void> | undefined, Promise<void> | undefined] = [undefined, undefined];
  private current = 0;
  private used = 0;

  constructor(private readonly sink: NodeJS.WritableStream, private readonly size = 256 * 1024) {
    this.buffers = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)];
  }

  /** Adds one line (without its newline). A promise when the caller must wait before the next line. */
  line(s: string): Promise<void> | undefined {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: the exact length is counted only near a full buffer.
    if (this.used + s.length * 3 + 1 > this.size) {
      const bytes = Buffer.byteLength(s) + 1;
      if (bytes > this.size) return this.flush().then(() => this.write(Buffer.from(`${s}\n`)));
      if (this.used + bytes > this.size) return this.flush().then(() => { this.encode(s); });
    }
    this.encode(s);
    return undefined;
  }

  /** Writes what is buffered and resolves once every write completed. */
  async end(): Promise<void> {
    await this.flush();
    await Promise.all(this.inFlight);
  }

  private encode(s: string): void {
    const buf = this.buffers[this.current]!;
    this.used += buf.write(s, this.used);
    buf[this.used++] = 10;
  }

  /** Sends the current buffer and switches to the other one, once its own write has completed. */
  private async flush(): Promise<void> {
    if (this.used > 0) {
      const sent = this.write(this.buffers[this.current]!.subarray(0, this.used));
      sent.catch(() => {}); // reported where it is awaited: before this buffer is reused, or at end()
      this.inFlight[this.current] = sent;
      this.current ^= 1;
      this.used = 0;
    }
    await this.inFlight[this.current];
  }

  private write(chunk: Buffer): Promise<void> {
    return new Promise((resolve, reject) => { this.sink.write(chunk, (err) => (err ? reject(err) : resolve())); });
  }
}
