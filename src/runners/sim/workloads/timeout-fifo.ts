/**
 * Client timeouts without a heap event each. Every timeout has the same
 * length, so deadlines come in the order they are armed: a FIFO holds them,
 * and only its head has an event in the simulation's queue. Entries whose
 * generation no longer matches (the reply came) are dropped when they reach
 * the head, without ever being scheduled — most of them, since replies come
 * in milliseconds and timeouts in seconds.
 */
export class TimeoutFifo {
  private ids = new Int32Array(1024);
  private gens = new Int32Array(1024);
  private deadlines = new Float64Array(1024);
  private head = 0;
  private count = 0;
  /** Deadline of the head entry that has an event scheduled, or −1. */
  scheduledFor = -1;

  push(id: number, generation: number, deadline: number): void {
    if (this.count === this.ids.length) this.grow();
    let tail = this.head + this.count;
    if (tail >= this.ids.length) tail -= this.ids.length;
    this.ids[tail] = id;
    this.gens[tail] = generation;
    this.deadlines[tail] = deadline;
    this.count++;
  }

  /**
   * Drops stale entries at the head (`isLive(id, gen)` false); returns the
   * head's deadline, or −1 when the FIFO is empty.
   */
  nextDeadline(isLive: (id: number, generation: number) => boolean): number {
    while (this.count > 0) {
      if (isLive(this.ids[this.head] as number, this.gens[this.head] as number)) {
        return this.deadlines[this.head] as number;
      }
      this.shift();
    }
    return -1;
  }

  /** Removes and returns the head's id if its deadline has passed, else −1. */
  takeExpired(now: number): number {
    if (this.count === 0 || (this.deadlines[this.head] as number) > now) return -1;
    const id = this.ids[this.head] as number;
    this.shift();
    return id;
  }

  /** Generation of the head entry (valid when not empty). */
  headGeneration(): number {
    return this.gens[this.head] as number;
  }

  private shift(): void {
    this.head = this.head + 1 === this.ids.length ? 0 : this.head + 1;
    this.count--;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    const ids = new Int32Array(n);
    const gens = new Int32Array(n);
    const deadlines = new Float64Array(n);
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) % this.ids.length;
      ids[i] = this.ids[j] as number;
      gens[i] = this.gens[j] as number;
      deadlines[i] = this.deadlines[j] as number;
    }
    this.ids = ids;
    this.gens = gens;
    this.deadlines = deadlines;
    this.head = 0;
  }
}
