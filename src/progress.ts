/**
 * Progress on stderr: a redrawn bar on a TTY, plain lines otherwise (CI logs).
 */
export class Progress {
  private done = 0;
  private lastLine = -1;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  tick(): void {
    this.done++;
    if (this.tty) {
      const width = 30;
      const filled = Math.round((width * this.done) / Math.max(1, this.total));
      const bar = `${"█".repeat(filled)}${"·".repeat(width - filled)}`;
      this.stream.write(`\r${this.label} ${bar} ${this.done}/${this.total}`);
      if (this.done === this.total) this.stream.write("\n");
      return;
    }
    // Plain lines at every tenth, so a CI log shows progress without flooding.
    const tenth = Math.floor((10 * this.done) / Math.max(1, this.total));
    if (tenth !== this.lastLine || this.done === this.total) {
      this.lastLine = tenth;
      this.stream.write(`${this.label}: ${this.done}/${this.total} points\n`);
    }
  }
}

export function info(message: string): void {
  process.stderr.write(`${message}\n`);
}
