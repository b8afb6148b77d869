/**
 * The 2001 testbed of the paper (Section 3.1.1): a 400 MHz Pentium-III
 * running Linux 2.4.0-test7 uniprocessor, ten HP-UX httperf clients, 100 Mbps
 * switched Ethernet.
 *
 * Every constant carries its source. Five groups are CALIBRATED — fitted to
 * claims marked `role: calibration` in the manifests and to nothing else —
 * each target two-sided, and each says how tightly its fit pins the group
 * (claims the fit then decides are `role: constrained` in the manifests):
 *   [C1] the per-request path (rxDataUs … sigwaitinfoUs): their split is an
 *        estimate, their sum is fitted to "RT signal CPU ≈ 6.67 % at
 *        500 req/s" (claim fig4-rtsig-cpu-500, ± 1 point). Pins the sum to
 *        ± 15 %; it decides fig4-rtsig-cpu-1000 (exactly twice the CPU).
 *   [C2] oneWayLatencyUs: fitted to "RT signal response time ≈ 0.3 ms"
 *        (claim fig5-rtsig-resp, ± 0.1 ms at every point). A reply waits two
 *        one-way latencies plus ~0.14 ms of service, so this pins the
 *        latency only to about 82 ± 50 µs.
 *   [C4] rxSynUs, rxHandshakeAckUs, rxFinUs, acceptUs, closeUs: the split is an
 *        estimate, their sum fitted so the RT-signal server saturates at about
 *        3200 req/s with 252 idle connections (claim fig6-rtsig-knee, knee in
 *        [3000, 3400]). Pins the whole per-request CPU to about ± 6 %, so the
 *        C4 sum to about ± 13 % with C1 fixed.
 *   [C5] clientRequestDelayUs: long enough that the request follows accept()
 *        and F_SETSIG, as Table 1's ≈3 signals per request show (claim
 *        t1-252-2800-sigwaitinfo, ± 5 %). Pins it from below only: any delay
 *        past the server's accept-and-F_SETSIG path gives exactly 3 signals
 *        per request, so the 60-s counts at other rates follow (constrained).
 *   [C3] fopPollUs, pollWaitUs, selectBitmapPerFdUs: one scale on an
 *        estimated 0.6 : 0.35 : 0.07 split, fitted so select()'s CPU first
 *        exceeds 95 % between 500 and 3000 connections at 1000 req/s ("become
 *        saturated after a certain point": not at 250, by 3000; claim
 *        fig4-select-saturates). That pins the scale only to about 0.45–4.9 ×
 *        the values below (measured: at 0.4 × select reaches 93 % at 3000
 *        connections; at 5 × it is at 95 % already at 250), so the values are
 *        the cache-miss estimate of their comment, checked, not fitted. They
 *        decide fig4-devpoll-saturates: /dev/poll polls its entries with the
 *        same f_op->poll and poll_wait, and at 3000 connections and 1000
 *        req/s it is at 100 % CPU with these values, 93 % at 0.5 ×, 30 %
 *        with them near 0.
 * Everything else is an estimate from the sources named, never fitted — in
 * particular /dev/poll's costs, so its overload collapse (Fig. 3) is a
 * validation of the model, not a fit.
 */
import type { CostProfile } from "./profile.js";

export const piii400Linux24: CostProfile = {
  id: "piii-400-linux-2.4",
  description:
    "400 MHz Pentium-III, Linux 2.4.0-test7 UP, 100 Mbps switched Ethernet (paper §3.1.1)",

  // 100 Mbps Fast Ethernet switch (paper §3.1.1).
  linkBitsPerSecond: 100e6,
  // Ethernet header 14 + FCS 4 + preamble 8 + inter-frame gap 12, IP 20, TCP 20 (RFC 894/791/793).
  frameOverheadBytes: 78,
  mssBytes: 1460,
  // [C2] Client stack on the B180 PA-RISC clients plus switch latency, one way.
  oneWayLatencyUs: 82,
  // "GET /index.html HTTP/1.0" plus a Host header as httperf sends it.
  requestBytes: 70,
  // Initial SYN retransmission timeout, 3 s (RFC 1122 §4.2.3.1; Linux 2.4 TCP_TIMEOUT_INIT).
  synRetryUs: 3_000_000,
  // Linux 2.4 default txqueuelen 100 (drivers/net/net_init.c ether_setup) full-size frames.
  txQueueBytes: 100 * (1460 + 78),
  // Linux 2.4 TCP_RTO_MIN = HZ/5 = 200 ms; on a LAN the RTO sits at the minimum.
  retransmitTimeoutUs: 200_000,
  // "ten B180 PA-RISC machines running HP-UX 11.0" (paper §3.1.1).
  clientMachines: 10,
  // httperf --hog uses ports 1024–65535 (httperf(1)); HP-UX 11 keeps TIME_WAIT 60 s
  // (tcp_time_wait_interval = 60000 ms). Binding only above ~10 000 new connections/s.
  clientPortsPerMachine: 65535 - 1024,
  clientTimeWaitUs: 60_000_000,
  // [C5] httperf notices the connected socket on its next select() pass and writes the
  // request (~1 ms on a 180 MHz PA-RISC juggling hundreds of sockets). Table 1's ≈3 signals
  // per request up to 3000 req/s says the request arrived after accept() + F_SETSIG.
  clientRequestDelayUs: 1000,

  // [C1] Per-packet receive work (interrupt, IP, TCP input, socket queueing).
  rxDataUs: 30,
  rxAckUs: 16,
  // [C4] Connection setup and teardown: SYN (with the SYN-ACK transmit), handshake ACK
  // (child socket creation), FIN.
  rxSynUs: 38,
  rxHandshakeAckUs: 28,
  rxFinUs: 20,
  // SOMAXCONN = 128 in Linux 2.4 include/linux/socket.h; servers pass it to listen().
  listenBacklog: 128,

  // lmbench-class null syscall on a 400 MHz P-III under 2.4.
  syscallUs: 0.6,
  // lmbench lat_ctx 2p/0K on P-III class machines is 1–3 µs; a wake-up adds the scheduler pass.
  contextSwitchUs: 3,
  // 2.4 UP idled in a plain hlt loop with a periodic 100 Hz tick: nothing beyond the switch.
  idleWakeUs: 0,
  // [C4] accept(): allocating and installing a socket file.
  acceptUs: 33,
  // [C1] read() of a small request: syscall + tcp_recvmsg + copy.
  readUs: 12,
  // [C1] The micro server's HTTP parsing and reply preparation (user time).
  httpParseUs: 19,
  // [C1] write(): tcp_sendmsg, IP output, driver transmit, tx-complete interrupt.
  writeUs: 47,
  // Each further 1460-byte segment: copy + checksum at ~100 MB/s plus driver work.
  writePerExtraSegmentUs: 25,
  // [C4] close(): FIN transmit and socket teardown.
  closeUs: 24,

  // [C3] One f_op->poll on a TCP socket: fget/fput, sock_poll, tcp_poll. Dominated by ~4
  // dependent cache misses (file, socket, sock, tcp state) of ~150 ns on a 100 MHz-FSB PIII
  // once thousands of sockets no longer fit in the 256–512 KB L2.
  fopPollUs: 0.6,
  // [C3] __pollwait allocation + add_wait_queue, and poll_freewait removal later.
  pollWaitUs: 0.35,
  // get_fd_set/set_fd_set copies and the user-level FD_SET/FD_ISSET loops, per descriptor.
  selectBitmapPerFdUs: 0.07,
  // poll()'s struct pollfd (8 bytes) copied in by copy_from_user and revents (2 bytes) put
  // back by __put_user per descriptor (2.4 fs/select.c sys_poll/do_pollfd), plus the server's
  // revents scan: an estimate, not fitted — 8 bytes and a store per descriptor against
  // select's 3 bits in each of three bitmaps, about twice select's array work. Kerrisk's
  // modern measurement (docs/design.md, Facts) has poll at 0.9–1.6 × select per descriptor.
  pollfdPerFdUs: 0.14,

  // One hash-table entry visited by DP_POLL. Libenzi's httperf runs of the old /dev/poll
  // (docs/design.md, Facts: PIII-600, 23500 → 8900 replies/s from 0 to 4000 dead connections) cost
  // 17.4 ns per dead connection per reply, ×1.5 for the 400 MHz clock: at most 26 ns an entry.
  devpollWalkPerEntryUs: 0.026,
  // write() of one struct pollfd to /dev/poll: syscall + hash insert/delete.
  devpollUpdateUs: 3,

  // [C1] sigwaitinfo() dequeue of one queued siginfo.
  sigwaitinfoUs: 6,
  // fcntl() F_SETOWN / F_SETSIG / F_SETFL: a syscall plus a little file-table work.
  fcntlUs: 1.5,
  // send_sigio_to_task → send_sig_info: allocate and queue a siginfo (charged with the packet).
  sigQueueUs: 1.5,
  // Dequeue-and-free of one siginfo in flush_sigqueue, a fraction of sigwaitinfo's cost.
  sigFlushPerSignalUs: 0.5,
  // Linux 2.4 kernel/signal.c: max_queued_signals = 1024 (/proc/sys/kernel/rtsig-max).
  rtsigQueueMax: 1024,

  // The paper's kernel idle counter measured only the server's work (§3.1.1).
  backgroundCpuPct: 0,
  // The paper's server replied and the client closed first: "connect, request, reply, and
  // the client closes" (§4.1's httperf runs; its FIN is the server's third event).
  serverClosesAfterReply: false,
};

export const COST_PROFILES: Record<string, CostProfile> = {
  [piii400Linux24.id]: piii400Linux24,
};
