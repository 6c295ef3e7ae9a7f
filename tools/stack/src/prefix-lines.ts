/**
 * Prefixes every complete line of a stream's chunks, keeping a partial last
 * line for the next chunk: a chunk of many log lines becomes one write. (A
 * readline interface and a write per line cost `npm start` about as much CPU
 * as a service in a flash sale.)
 */
export class LinePrefixer {
  private partial = '';

  constructor(private readonly prefix: string) {}

  /** The prefixed complete lines of `chunk` (with what came before it), or '' when it ends mid-line. */
  push(chunk: string): string {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.map((line) => `${this.prefix}${line}\n`).join('');
  }

  /** The last line when the stream ended without a newline. */
  end(): string {
    const rest = this.partial;
    this.partial = '';
    return rest === '' ? '' : `${this.prefix}${rest}\n`;
  }
}
