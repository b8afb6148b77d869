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
}
