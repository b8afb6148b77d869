/**
 * The Section 4 workload (paper §4.1): I idle connections opened before the
 * run and held (they never send), plus httperf-style load — a new connection
 * per request at a fixed total rate R spread over the client machines
 * (httperf --rate: fixed inter-arrival time per machine; each machine starts
 * at a random phase). Each connection: connect, request, reply, and the
 * client closes (its FIN costs the server a third event per request).
 *
 * Limits a real client has: httperf's timeout (connect and reply each), and
 * ephemeral ports that stay in TIME_WAIT after the client closes first.
 */
import { Packet } from "../model/packets.js";
import { Ev, type Simulation, type Workload } from "../model/simulation.js";
import { PortPool } from "./port-pool.js";
import { TimeoutFifo } from "./timeout-fifo.js";

const TICK = 0;
const SEND_REQUEST = 1;

enum Phase {
  Connecting = 1,
  Connected = 2,
  AwaitingReply = 3,
  Done = 4,
}

export class IdleBurstWorkload implements Workload {
  /** The client has closed by the time the server's FIN arrives. */
  readonly ignoresServerFin = true;
  private sim!: Simulation;
  private readonly intervalUs: number;
  private readonly timeoutUs: number;
  private ports: PortPool[] = [];
  private readonly timeouts = new TimeoutFifo();
  /** Per socket id: client phase, timeout generation, request send time. */
  private phase = new Uint8Array(1024);
  private generation = new Int32Array(1024);
  private sentAt = new Float64Array(1024);

  constructor(
    private readonly idle: number,
    rate: number,
    timeoutS: number,
    private readonly machines: number,
    /** R4 (docs/model-rules.md): every machine's first connection at time 0, not at a random phase. */
    private readonly alignedPhases = false,
  ) {
    this.intervalUs = (machines / rate) * 1e6;
    this.timeoutUs = timeoutS * 1e6;
  }

  start(sim: Simulation): void {
    this.sim = sim;
    const c = sim.costs;
    for (let i = 0; i < this.idle; i++) sim.openEstablished(-1);
    for (let m = 0; m < this.machines; m++) {
      this.ports.push(new PortPool(c.clientPortsPerMachine, c.clientTimeWaitUs));
      // httperf --rate: a fixed interval per machine (gen/rate.c); the ten machines' start
      // times are not stated: a random phase each (default) or all at once (variant).
      const phase = sim.rng.next() * this.intervalUs;
      sim.schedule(this.alignedPhases ? 0 : phase, Ev.ClientTimer, m, TICK);
    }
  }

  onTimer(id: number, kind: number): void {
    const sim = this.sim;
    if (kind === SEND_REQUEST) {
      if (this.phase[id] !== Phase.Connected) return;
      this.phase[id] = Phase.AwaitingReply;
      this.sentAt[id] = sim.now;
      sim.clientSend(id, Packet.Request, sim.costs.requestBytes);
      this.armTimeout(id);
      return;
    }
    sim.schedule(sim.now + this.intervalUs, Ev.ClientTimer, id, TICK);
    const ports = this.ports[id] as PortPool;
    if (!ports.take(sim.now)) {
      // No ephemeral port free: httperf counts the attempt as an error (fd-unavail/addrunavail).
      sim.recordError();
      return;
    }
    const socket = sim.clientConnect(id);
    this.ensure(socket);
    this.phase[socket] = Phase.Connecting;
    this.armTimeout(socket);
  }

  private armTimeout(socket: number): void {
    const gen = ++this.generation[socket]!;
    this.timeouts.push(socket, gen, this.sim.now + this.timeoutUs);
    if (this.timeouts.scheduledFor < 0) this.scheduleTimeout();
  }

  private readonly isLive = (socket: number, generation: number): boolean =>
    generation === this.generation[socket];

  /** One queue event for the earliest live timeout (see TimeoutFifo). */
  private scheduleTimeout(): void {
    const deadline = this.timeouts.nextDeadline(this.isLive);
    this.timeouts.scheduledFor = deadline;
    if (deadline >= 0) this.sim.schedule(deadline, Ev.ClientTimeout, 0, 0);
  }

  onTimeout(_socket: number, _generation: number): void {
    const sim = this.sim;
    for (;;) {
      if (this.timeouts.nextDeadline(this.isLive) < 0) break;
      const generation = this.timeouts.headGeneration();
      const socket = this.timeouts.takeExpired(sim.now);
      if (socket < 0) break;
      if (generation !== this.generation[socket]) continue;
      const phase = this.phase[socket];
      if (phase === Phase.Done || phase === 0) continue;
      sim.recordError();
      this.close(socket, phase !== Phase.Connecting);
    }
    this.scheduleTimeout();
  }

  onClientRx(socket: number, packet: Packet): void {
    const sim = this.sim;
    if (socket >= this.phase.length) return;
    const phase = this.phase[socket];
    if (packet === Packet.SynAck && phase === Phase.Connecting) {
      this.phase[socket] = Phase.Connected;
      this.generation[socket]!++;
      sim.clientSend(socket, Packet.HandshakeAck);
      sim.schedule(sim.now + sim.costs.clientRequestDelayUs, Ev.ClientTimer, socket, SEND_REQUEST);
      return;
    }
    if (phase !== Phase.AwaitingReply) return;
    if (packet === Packet.Reply) {
      sim.recordReply(this.sentAt[socket] as number);
      this.generation[socket]!++;
      this.sentAt[socket] = -1;
      // The client closes once it has the whole reply: now, or at its last segment.
      if (sim.replySegments === 1) this.close(socket, true);
      return;
    }
    if (packet === Packet.ReplyEnd && this.sentAt[socket] === -1) this.close(socket, true);
  }

  /** The client closes first: FIN to the server (if connected); the port enters TIME_WAIT. */
  private close(socket: number, connected: boolean): void {
    const sim = this.sim;
    this.phase[socket] = Phase.Done;
    this.generation[socket]!++;
    if (connected) sim.clientSend(socket, Packet.Fin);
    sim.sockets.peerClosed[socket] = 1;
    (this.ports[sim.sockets.slot[socket] as number] as PortPool).release(sim.now);
  }

  private ensure(socket: number): void {
    if (socket < this.phase.length) return;
    const n = Math.max(socket + 1, this.phase.length * 2);
    const phase = new Uint8Array(n);
    phase.set(this.phase);
    const generation = new Int32Array(n);
    generation.set(this.generation);
    const sentAt = new Float64Array(n);
    sentAt.set(this.sentAt);
    this.phase = phase;
    this.generation = generation;
    this.sentAt = sentAt;
  }
}
