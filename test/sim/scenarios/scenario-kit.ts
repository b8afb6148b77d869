/**
 * Building blocks for the hand-computed scenario tests: a point spec with a
 * short measured window, a cost profile of round numbers on an instant
 * network, and a workload that runs a script of client actions.
 */
import type { PointSpec } from "../../../src/results/types.js";
import { piii400Linux24 } from "../../../src/runners/sim/costs/piii-400-linux-2.4.js";
import type { CostProfile } from "../../../src/runners/sim/costs/profile.js";
import type { ActionKind } from "../../../src/runners/sim/model/actions.js";
import { Packet } from "../../../src/runners/sim/model/packets.js";
import { Ev, type Simulation, type Workload } from "../../../src/runners/sim/model/simulation.js";

/** A 10 ms run measured from t = 0 (no warm-up); zero-byte replies take no wire time. */
export function scenarioSpec(overrides: Partial<PointSpec> = {}): PointSpec {
  return {
    workload: "persistent",
    mechanism: "select",
    connections: 0,
    idle: 0,
    rate: 1,
    reply_bytes: 0,
    duration_s: 0.01,
    warmup_s: 0,
    client_timeout_s: 1,
    seed: 1,
    ...overrides,
  };
}

/**
 * The PIII profile with an instant network (no latency; with no frame overhead
 * a zero-byte packet takes 0 µs on the wire), free kernel receive work, and
 * round process costs:
 *   select() / DP_POLL / EAGAIN = syscall = 1, accept = 10,
 *   request handling = read 20 + parse 30 + write 50 = 100, EOF = read 20 + close 30 = 50,
 *   sigwaitinfo = 6, context switch 0, every per-fd and registration cost 0.
 * Tests override whatever they want to see.
 */
export const roundCosts: CostProfile = {
  ...piii400Linux24,
  id: "scenario-round-numbers",
  oneWayLatencyUs: 0,
  frameOverheadBytes: 0,
  requestBytes: 0,
  rxSynUs: 0,
  rxHandshakeAckUs: 0,
  rxDataUs: 0,
  rxAckUs: 0,
  rxFinUs: 0,
  syscallUs: 1,
  contextSwitchUs: 0,
  acceptUs: 10,
  readUs: 20,
  httpParseUs: 30,
  writeUs: 50,
  closeUs: 30,
  fopPollUs: 0,
  pollWaitUs: 0,
  selectBitmapPerFdUs: 0,
  devpollWalkPerEntryUs: 0,
  devpollUpdateUs: 0,
  sigwaitinfoUs: 6,
  fcntlUs: 0,
  sigQueueUs: 0,
  sigFlushPerSignalUs: 0.5,
};

/** Request handling in `roundCosts`: read + parse + write. */
export const ROUND_HANDLE_US = 100;

export function costsWith(overrides: Partial<CostProfile>): CostProfile {
  return { ...roundCosts, ...overrides };
}

/** A packet that reached a client, and when. */
export interface ClientDelivery {
  timeUs: number;
  socket: number;
  packet: Packet;
}

/**
 * Clients driven by a script. `script` runs at start(); it may open sockets
 * and schedule steps with `at`. The clients answer every SYN-ACK with the
 * handshake ACK and remember every packet they receive.
 */
export class ScriptedWorkload implements Workload {
  readonly deliveries: ClientDelivery[] = [];
  private sim!: Simulation;
  private readonly steps: Array<() => void> = [];

  constructor(private readonly script: (sim: Simulation, clients: ScriptedWorkload) => void) {}

  start(sim: Simulation): void {
    this.sim = sim;
    this.script(sim, this);
  }

  /** Runs `step` at `timeUs` as a client timer. */
  at(timeUs: number, step: () => void): void {
    this.steps.push(step);
    this.sim.schedule(timeUs, Ev.ClientTimer, this.steps.length - 1, 0);
  }

  onTimer(step: number, _generation: number): void {
    this.steps[step]?.();
  }

  onTimeout(_slot: number, _generation: number): void {}

  onClientRx(socket: number, packet: Packet): void {
    this.deliveries.push({ timeUs: this.sim.now, socket, packet });
    if (packet === Packet.SynAck) this.sim.clientSend(socket, Packet.HandshakeAck);
  }

  /** Arrival times of the replies (first segments) on `socket`. */
  replyTimes(socket: number): number[] {
    return this.deliveries
      .filter((d) => d.socket === socket && d.packet === Packet.Reply)
      .map((d) => d.timeUs);
  }

  /** Every reply, as [socket, arrival time], in arrival order. */
  replies(): Array<[number, number]> {
    return this.deliveries
      .filter((d) => d.packet === Packet.Reply)
      .map((d): [number, number] => [d.socket, d.timeUs]);
  }
}

/** A workload that does nothing: for tests that drive a mechanism by hand. */
export const noClients: Workload = {
  start() {},
  onTimer() {},
  onTimeout() {},
  onClientRx() {},
};

/** Empties the process's action queue and returns it as [kind, socket] pairs. */
export function takeActions(sim: Simulation): Array<[ActionKind, number]> {
  const out: Array<[ActionKind, number]> = [];
  while (sim.actions.count > 0) {
    out.push([sim.actions.headKind(), sim.actions.headSocket()]);
    sim.actions.shift();
  }
  return out;
}
