/**
 * The Section 3 workload (paper §3.1.1): C persistent connections opened
 * before the run; each sends a request every C/R seconds so the total rate
 * is R, one call at a time as httperf does (a request that falls due while
 * the previous reply is outstanding goes out when that reply arrives).
 *
 * A reply later than the client timeout is an error: httperf closes the
 * connection, and the client opens a new one to keep C connections.
 *
 * I idle ("dead") connections may be held open beside them, as Libenzi's
 * deadcon did in his poll and /dev/poll comparison (docs/design.md, Facts):
 * they never send. With R above what the server can serve, each connection
 * sends its next request as soon as its reply arrives — httperf's
 * back-to-back `--num-calls` load.
 */
import { Packet } from "../model/packets.js";
import { Ev, type Simulation, type Workload } from "../model/simulation.js";

export class PersistentWorkload implements Workload {
  /** The server closes only after the client's FIN (a timeout), and the client ignores its FIN. */
  readonly ignoresServerFin = true;
  private sim!: Simulation;
  private readonly slots: number;
  private readonly periodUs: number;
  private readonly timeoutUs: number;
  private socketOf: Int32Array;
  private generation: Int32Array;
  /** Time the outstanding request was sent, or −1 when none is outstanding. */
  private sentAt: Float64Array;
  /** A request fell due while another was outstanding. */
  private due: Uint8Array;
  /** Connecting: waiting for SYN-ACK. */
  private connecting: Uint8Array;

  constructor(
    connections: number,
    rate: number,
    timeoutS: number,
    private readonly idle = 0,
  ) {
    this.slots = connections;
    this.periodUs = (connections / rate) * 1e6;
    this.timeoutUs = timeoutS * 1e6;
    this.socketOf = new Int32Array(connections);
    this.generation = new Int32Array(connections);
    this.sentAt = new Float64Array(connections).fill(-1);
    this.due = new Uint8Array(connections);
    this.connecting = new Uint8Array(connections);
  }

  start(sim: Simulation): void {
    this.sim = sim;
    for (let i = 0; i < this.idle; i++) sim.openEstablished(-1);
    for (let slot = 0; slot < this.slots; slot++) {
      this.socketOf[slot] = sim.openEstablished(slot);
      // Random phase within one period so requests spread evenly.
      sim.schedule(sim.rng.next() * this.periodUs, Ev.ClientTimer, slot, 0);
    }
  }

  onTimer(slot: number, _generation: number): void {
    const sim = this.sim;
    sim.schedule(sim.now + this.periodUs, Ev.ClientTimer, slot, 0);
    if (this.sentAt[slot] !== -1 || this.connecting[slot]) {
      this.due[slot] = 1;
      return;
    }
    this.send(slot);
  }

  private send(slot: number): void {
    const sim = this.sim;
    this.due[slot] = 0;
    this.sentAt[slot] = sim.now;
    const gen = ++this.generation[slot]!;
    sim.clientSend(this.socketOf[slot] as number, Packet.Request, sim.costs.requestBytes);
    sim.schedule(sim.now + this.timeoutUs, Ev.ClientTimeout, slot, gen);
  }

  onTimeout(slot: number, generation: number): void {
    if (generation !== this.generation[slot]) return;
    const sim = this.sim;
    sim.recordError();
    // httperf closes the connection on a timeout: FIN to the server.
    const old = this.socketOf[slot] as number;
    if (!this.connecting[slot]) sim.clientSend(old, Packet.Fin);
    sim.sockets.peerClosed[old] = 1;
    this.sentAt[slot] = -1;
    this.reconnect(slot);
  }

  private reconnect(slot: number): void {
    const sim = this.sim;
    this.connecting[slot] = 1;
    this.due[slot] = 1;
    this.socketOf[slot] = sim.clientConnect(slot);
    const gen = ++this.generation[slot]!;
    sim.schedule(sim.now + this.timeoutUs, Ev.ClientTimeout, slot, gen);
  }

  onClientRx(socket: number, packet: Packet): void {
    const sim = this.sim;
    const slot = sim.sockets.slot[socket] as number;
    if (this.socketOf[slot] !== socket || sim.sockets.peerClosed[socket]) return;
    if (packet === Packet.SynAck) {
      if (!this.connecting[slot]) return;
      this.connecting[slot] = 0;
      this.generation[slot]!++;
      sim.clientSend(socket, Packet.HandshakeAck);
      if (this.due[slot]) this.send(slot);
      return;
    }
    if (packet !== Packet.Reply || this.sentAt[slot] === -1) return;
    sim.recordReply(this.sentAt[slot] as number);
    this.sentAt[slot] = -1;
    this.generation[slot]!++;
    if (this.due[slot]) this.send(slot);
  }
}
