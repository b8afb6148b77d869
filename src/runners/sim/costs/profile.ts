/**
 * A cost profile: every constant the simulator charges, in microseconds of
 * CPU (or bytes / bits per second for the wire). One profile describes one
 * testbed; each constant's source or calibration is written beside its value
 * in the profile file.
 */
export interface CostProfile {
  readonly id: string;
  readonly description: string;

  // Wire and client (not CPU of the server).
  /** Link bandwidth between the switch and the server, each direction. */
  readonly linkBitsPerSecond: number;
  /** Bytes a frame adds on the wire beyond its TCP payload (headers, preamble, gap). */
  readonly frameOverheadBytes: number;
  /** TCP maximum segment size on Ethernet. */
  readonly mssBytes: number;
  /** One-way latency client→server excluding serialization (client stack, switch). */
  readonly oneWayLatencyUs: number;
  /** Size of an HTTP request on the wire (payload bytes). */
  readonly requestBytes: number;
  /** Initial SYN retransmission timeout of the clients. */
  readonly synRetryUs: number;
  /** Server NIC transmit queue (txqueuelen × full frame), bytes; a send beyond it is dropped. */
  readonly txQueueBytes: number;
  /** TCP retransmission timeout for a dropped data segment. */
  readonly retransmitTimeoutUs: number;
  /** Client machines generating load (each has its own ephemeral ports). */
  readonly clientMachines: number;
  /** Ephemeral ports one client machine can use. */
  readonly clientPortsPerMachine: number;
  /** How long a client port stays in TIME_WAIT after the client closes first. */
  readonly clientTimeWaitUs: number;
  /** Client think time between the handshake ACK and writing the request (httperf's event loop). */
  readonly clientRequestDelayUs: number;

  // Kernel protocol work per received packet (softirq; preempts the process).
  readonly rxSynUs: number;
  readonly rxHandshakeAckUs: number;
  readonly rxDataUs: number;
  readonly rxAckUs: number;
  readonly rxFinUs: number;
  /** Listen backlog: completed connections the accept queue holds. */
  readonly listenBacklog: number;

  // Process work per system call or user-level step.
  readonly syscallUs: number;
  readonly contextSwitchUs: number;
  /**
   * Waking the server's CPU from idle, beyond the context switch: on today's
   * virtual machines the idle exit (tick_nohz_idle_exit reprogramming the
   * timer, the halt's exit to the hypervisor) costs the CPU far more than the
   * switch itself. Charged with every wake-up of a blocked process.
   */
  readonly idleWakeUs: number;
  readonly acceptUs: number;
  readonly readUs: number;
  readonly httpParseUs: number;
  /** write() of the reply: tcp_sendmsg + transmit of the first segment. */
  readonly writeUs: number;
  /** Transmit work for each further segment of a multi-segment reply. */
  readonly writePerExtraSegmentUs: number;
  readonly closeUs: number;

  // select().
  /** One f_op->poll() call on a socket (fget, sock_poll, tcp_poll, fput). */
  readonly fopPollUs: number;
  /** Registering and later removing one wait-queue entry (__pollwait + poll_freewait). */
  readonly pollWaitUs: number;
  /** Per-descriptor fd_set work: kernel copy/scan of bitmaps, user FD_SET/FD_ISSET loops. */
  readonly selectBitmapPerFdUs: number;
  /** Per-descriptor pollfd work of poll(): copy in, revents back, the server's revents scan. */
  readonly pollfdPerFdUs: number;

  // /dev/poll (Provos/Lever for Linux 2.4).
  /** Visiting one entry of the /dev/poll hash table during DP_POLL. */
  readonly devpollWalkPerEntryUs: number;
  /** write() of one pollfd to add or remove an interest. */
  readonly devpollUpdateUs: number;

  // RT signals.
  readonly sigwaitinfoUs: number;
  readonly fcntlUs: number;
  /** Queueing one RT signal in the kernel (send_sigio → send_sig_info). */
  readonly sigQueueUs: number;
  /** Discarding one queued signal when the server flushes the queue (SIG_DFL), kernel side. */
  readonly sigFlushPerSignalUs: number;
  /** System-wide RT signal queue limit (2.4 rtsig-max). */
  readonly rtsigQueueMax: number;

  // Today's mechanisms. Linux 2.4 had none of them: a profile without these
  // constants cannot simulate epoll or io_uring (the mechanism says so).
  /** epoll_wait() that finds nothing ready: the system call and ep_poll's empty check. */
  readonly epollWaitUs?: number;
  /** Each event epoll_wait() returns: ep_send_events' f_op->poll, the copy out, a level-triggered requeue. */
  readonly epollEventUs?: number;
  /** epoll_ctl(EPOLL_CTL_ADD) of a new connection, charged with accept(). */
  readonly epollCtlAddUs?: number;
  /** Removing a socket from the epoll set when it is closed (eventpoll_release → ep_remove). */
  readonly epollRemoveUs?: number;
  /** io_uring_enter() that submits the pending SQEs and waits: its fixed part. */
  readonly uringEnterUs?: number;
  /** One one-shot IORING_OP_POLL_ADD: its SQE submitted and armed, fired, its CQE reaped. */
  readonly uringPollOpUs?: number;

  // The machine around the server.
  /** Busy share (%) of the server's CPU with no load running (timer ticks, other processes); added to cpu_pct. */
  readonly backgroundCpuPct: number;
  /**
   * The server closes a connection right after writing its reply (the hw
   * micro servers' HTTP/1.0 path: one send with MSG_MORE, then close); else
   * it waits for the client's FIN, a third event per request (the paper's).
   */
  readonly serverClosesAfterReply: boolean;
  /** Where the numbers come from: one line per constant or group (profiles kept as data). */
  readonly sources?: Readonly<Record<string, string>>;
}

/** A constant a mechanism needs, or a clear error when the profile has none (a 2001 profile has no epoll). */
export function requiredCost(
  costs: CostProfile,
  key: keyof CostProfile,
  mechanism: string,
): number {
  const value = costs[key];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(
      `cost profile '${costs.id}' has no ${String(key)}: it cannot simulate ${mechanism} (calibrate a modern profile: dispatch-repro calibrate)`,
    );
  }
  return value;
}
