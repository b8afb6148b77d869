/**
 * One client machine's ephemeral ports: a port is busy while its connection
 * is open and for TIME_WAIT after the client closes it. Release times are
 * monotone (now + TIME_WAIT), so a FIFO of them suffices.
 */
export class PortPool {
  private inUse = 0;
  private expiries = new Float64Array(1024);
  private head = 0;
  private count = 0;

  constructor(
    private readonly size: number,
    private readonly timeWaitUs: number,
  ) {}

  /** Takes a port; false when every port is open or in TIME_WAIT. */
  take(now: number): boolean {
    while (this.count > 0 && (this.expiries[this.head] as number) <= now) {
      this.head = this.head + 1 === this.expiries.length ? 0 : this.head + 1;
      this.count--;
      this.inUse--;
    }
    if (this.inUse >= this.size) return false;
    this.inUse++;
    return true;
  }

  /** The connection on a port closed: the port waits out TIME_WAIT. */
  release(now: number): void {
    if (this.count === this.expiries.length) {
      const b = new Float64Array(this.expiries.length * 2);
      for (let i = 0; i < this.count; i++)
        b[i] = this.expiries[(this.head + i) % this.expiries.length] as number;
      this.expiries = b;
      this.head = 0;
    }
    let tail = this.head + this.count;
    if (tail >= this.expiries.length) tail -= this.expiries.length;
    this.expiries[tail] = now + this.timeWaitUs;
    this.count++;
  }

  get busy(): number {
    return this.inUse;
  }
}
