/**
 * `dispatch-repro plan [ids…] --runner sim`: one `dispatch-repro point … --json`
 * command per simulator point not yet cached, on stdout, for any batch engine
 * (GNU parallel, a Slurm array, a shell loop); `import` takes their output.
 */
import { UsageError } from "../errors.js";
import { selectManifests } from "../manifest/select.js";
import { info } from "../progress.js";
import { planCommands } from "../runners/sim/batch.js";

export interface PlanOptions {
  runner: string;
  /** How the commands call this program (default: dispatch-repro). */
  cli?: string;
}

export function planCommand(ids: readonly string[], o: PlanOptions): string[] {
  if (o.runner !== "sim") {
    throw new UsageError(
      "plan lists simulator points only (--runner sim): hardware runs need this machine's quiet CPU 0, one at a time",
    );
  }
  const commands = planCommands(selectManifests(ids), o.cli ?? "dispatch-repro");
  if (commands.length > 0) process.stdout.write(`${commands.join("\n")}\n`);
  info(`plan: ${commands.length} point(s) not yet cached`);
  return commands;
}
