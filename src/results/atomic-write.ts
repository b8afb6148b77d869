/**
 * Writes a file so that readers see either the old content or the new one,
 * never a prefix: a killed run must not leave a half CSV or cache entry that
 * a later run would trust.
 */

import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { processAlive } from "../process-alive.js";

/** Temp files live next to the target: rename is only atomic within one file system. */
function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
}

function writeAllAndSync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let written = 0;
  while (written < bytes.length) {
    written += writeSync(fd, bytes, written, bytes.length - written);
  }
  fsyncSync(fd);
}

/** Persists the rename itself; some file systems refuse fsync on a directory, which is fine. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // best effort only
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = tempPathFor(path);
  try {
    const fd = openSync(temp, "wx", 0o644);
    try {
      writeAllAndSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dir);
}

/** `<target>.tmp-<pid>-<12 hex>`: a temp file of writeFileAtomic, and the process that made it. */
const TEMP_FILE = /\.tmp-(\d+)-[0-9a-f]{12}$/;

/**
 * Removes the temp files under `dir` (recursively) whose writing process is
 * gone — left by a run killed in the middle of a write — and returns their
 * paths. Files of a live process are left alone: it may still rename them.
 */
export function removeStaleTempFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  // withFileTypes: one readdir per folder, no stat per file (data/.cache holds hundreds).
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const pid = TEMP_FILE.exec(entry.name)?.[1];
    if (pid !== undefined) {
      if (!processAlive(Number(pid))) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    } else if (entry.isDirectory()) {
      removed.push(...removeStaleTempFiles(path));
    }
  }
  return removed;
}
