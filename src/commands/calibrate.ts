/**
 * `dispatch-repro calibrate [--profile NAME]`: measures this machine's
 * system-call costs and three server points no figure uses (src/calibrate/),
 * derives a cost profile from them and keeps it as data/profiles/NAME.json
 * (default `modern`) for the simulator's predictions of this machine's
 * hardware (docs/cross-validation.md). Root; about two minutes.
 */
import { deriveProfile } from "../calibrate/derive.js";
import { measureCalibration } from "../calibrate/measure.js";
import { profileFileOf, writeProfileFile } from "../calibrate/profile-file.js";
import { UsageError } from "../errors.js";
import { info } from "../progress.js";

export async function calibrateCommand(o: { profile?: string; build?: boolean }): Promise<void> {
  const id = o.profile ?? "modern";
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(id) || id === "piii-400-linux-2.4") {
    throw new UsageError(
      `--profile must be a new profile name (letters, digits, . _ -), got '${id}'`,
    );
  }
  const started = performance.now();
  const raw = await measureCalibration(info, o.build !== false);
  const derived = deriveProfile(raw);
  const file = profileFileOf(id, raw, derived, (performance.now() - started) / 1000);
  const path = writeProfileFile(file);
  const f = derived.fit;
  info(
    `calibrate: per-request path ${f.request_path_us} µs, select() scale ${f.select_scale} ` +
      `(${f.select_us_per_idle_per_reply_measured} µs per idle descriptor per reply); ` +
      `${file.provenance.wall_time_s} s; written ${path}`,
  );
}
