/**
 * The testbed file (`--testbed FILE`, e.g. testbed.yaml): where the server
 * listens and which machines load it. Default without one: this machine,
 * server and clients on loopback.
 *
 *   server:
 *     address: 169.254.10.1   # the server listens here (loopback or link-local)
 *     cpu: 0                  # pinned to this CPU of this machine
 *   clients:
 *     - ssh: root@169.254.10.2          # an SSH destination
 *       cpus: [0, 1]                    # httperf/idleconn pinned there
 *       ssh_options: ["-i", "/root/.ssh/bench"]
 *     - ssh: root@169.254.10.3
 *       cpus: [0, 1]
 *
 * The server runs on this machine (its CPU and counters are read from its
 * /proc); every httperf and idleconn process runs on the client hosts, the
 * shards spread over them in turn. The address must be one the C server may
 * bind: 127.0.0.1 or a link-local 169.254.0.0/16 address — a dedicated
 * benchmark link, as the paper's private 100 Mbps switch was, never a routed
 * network (server/options.c).
 *
 * Problems are reported as `file:line:column: field: message`, as manifests'.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { UsageError } from "../../../errors.js";
import { formatIssue, type ManifestIssue } from "../../../manifest/errors.js";
import { formatFieldPath, locate, positionOf } from "../../../manifest/locate.js";
import { schemaProblems } from "../../../manifest/zod-issues.js";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** 127.0.0.1, or 169.254.0.0/16 but not 169.254.169.254: what the C server binds (options.c). */
export function serverAddressProblem(address: string): string | null {
  const m = IPV4.exec(address);
  const octets = m ? m.slice(1).map(Number) : [];
  if (octets.length !== 4 || octets.some((o) => o > 255)) return "not an IPv4 address";
  const [a, b, c, d] = octets as [number, number, number, number];
  if (a === 127 && b === 0 && c === 0 && d === 1) return null;
  if (a === 169 && b === 254 && !(c === 169 && d === 254)) return null;
  return "the server listens only on 127.0.0.1 or a link-local 169.254.0.0/16 address (a dedicated benchmark link), never on a routed network or 0.0.0.0";
}

export const ClientHost = z
  .object({
    ssh: z
      .string()
      .regex(/^[A-Za-z0-9_.@:[\]-]+$/, "an SSH destination such as root@169.254.10.2")
      .describe("SSH destination of a client host"),
    cpus: z.array(z.number().int().nonnegative()).min(1).describe("CPUs for the load there"),
    ssh_options: z
      .array(z.string())
      .default([])
      .describe("extra ssh arguments, e.g. ['-i', 'key', '-p', '2222']"),
  })
  .strict();
export type ClientHost = z.infer<typeof ClientHost>;

export const Testbed = z
  .object({
    server: z
      .object({
        address: z
          .string()
          .superRefine((a, ctx) => {
            const problem = serverAddressProblem(a);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
          })
          .describe("the address the server listens on and the clients connect to"),
        cpu: z.number().int().nonnegative().default(0).describe("the server's CPU here"),
      })
      .strict(),
    clients: z.array(ClientHost).min(1).describe("the machines that generate the load"),
  })
  .strict();
export type Testbed = z.infer<typeof Testbed>;

export interface LoadedTestbed {
  path: string;
  testbed: Testbed;
  /** Hash of the file's content: measurements on different testbeds are cached apart. */
  hash: string;
}

export class TestbedError extends UsageError {}

/** Parses testbed text; every problem as `file:line:column: field: message`. */
export function parseTestbed(text: string, file: string): LoadedTestbed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const issues: ManifestIssue[] = doc.errors.map((error) => {
    const { line, col } = lines.linePos(error.pos[0]);
    return { file, line, column: col, path: "", message: `YAML syntax error: ${error.message}` };
  });
  if (issues.length === 0) {
    const parsed = Testbed.safeParse(doc.toJS());
    if (parsed.success) {
      return {
        path: file,
        testbed: parsed.data,
        hash: createHash("sha256").update(text).digest("hex").slice(0, 16),
      };
    }
    for (const p of schemaProblems(parsed.error.issues)) {
      const { line, column } = positionOf(locate(doc, p.path).node, lines);
      issues.push({ file, line, column, path: formatFieldPath(p.path), message: p.message });
    }
  }
  throw new TestbedError(issues.map(formatIssue).join("\n"));
}

export function loadTestbed(path: string): LoadedTestbed {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new TestbedError(`--testbed ${path}: ${(error as Error).message}`);
  }
  return parseTestbed(text, path);
}
