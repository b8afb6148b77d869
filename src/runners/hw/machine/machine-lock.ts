/**
 * One hw point at a time on this machine. Two points measured at once would
 * both pin their servers to CPU 0 and their load to the other CPUs, and each
 * would count the other's work as its own — so runHwPoint holds this lock
 * (across processes: a `mkdir` lock directory in the temp dir holding the
 * owner's pid). A lock whose owner is dead is stale and taken over.
 */

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { processAlive } from "../../../process-alive.js";

export const MACHINE_LOCK_DIR = join(tmpdir(), "dispatch-repro-hw.lock");

export class MachineLockError extends Error {}

async function ownerOf(dir: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(join(dir, "owner"), "utf8")).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Waits until the machine is free and takes it; resolves to the release
 * function. Throws MachineLockError naming the holder after timeoutMs.
 */
export async function acquireMachineLock(
  options: { timeoutMs?: number; dir?: string; onWait?: (holder: number | null) => void } = {},
): Promise<() => Promise<void>> {
  const dir = options.dir ?? MACHINE_LOCK_DIR;
  const deadline = performance.now() + (options.timeoutMs ?? 15 * 60_000);
  let warned = false;
  let ownerless = 0;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, "owner"), `${process.pid}\n`);
      return async () => {
        await rm(dir, { recursive: true, force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = await ownerOf(dir);
    // No owner file for a while means its creator died between mkdir and write.
    ownerless = holder === null ? ownerless + 1 : 0;
    if ((holder !== null && !processAlive(holder)) || ownerless > 25) {
      // Re-read just before removing: another waiter may have replaced the stale lock.
      if ((await ownerOf(dir)) === holder) await rm(dir, { recursive: true, force: true });
      continue;
    }
    if (performance.now() > deadline) {
      throw new MachineLockError(
        `another hw run (pid ${holder ?? "?"}) holds the machine (${dir}); only one hw point runs at a time`,
      );
    }
    if (!warned) {
      options.onWait?.(holder);
      warned = true;
    }
    await delay(200);
  }
}
