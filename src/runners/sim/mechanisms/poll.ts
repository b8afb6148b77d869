/**
 * poll() as in Linux 2.4 fs/select.c sys_poll()/do_poll()/do_pollfd(): the
 * same scan as select() — f_op->poll on every descriptor, wait-queue entries
 * on those scanned before the first ready one (do_pollfd sets the poll table
 * to NULL once a descriptor is ready), a second pass without registering
 * after a wake-up — over a struct pollfd array instead of fd_set bitmaps: 8
 * bytes per descriptor copied in and revents written back, and the server
 * scans revents. One accept() per listen readiness, like the plain select()
 * server; the paper's servers did not use poll(), but Libenzi's /dev/poll
 * comparison did (docs/design.md, Facts).
 */
import type { CostProfile } from "../costs/profile.js";
import { SelectMechanism } from "./select.js";

export class PollMechanism extends SelectMechanism {
  override readonly id: string = "poll";
  protected override readonly arrayPerFdUs: number;

  constructor(costs: CostProfile) {
    super(costs, false);
    this.arrayPerFdUs = costs.pollfdPerFdUs;
  }
}
