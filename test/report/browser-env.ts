/**
 * Whether this machine can run the browser test: Debian's chromium (what
 * .ci/run installs) or CHROMIUM_PATH. On CI (CI set) the test never skips:
 * a missing browser is a failure there.
 */
import { existsSync } from "node:fs";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
];

export function chromiumPath(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    ...(process.env.PATH ?? "").split(":").map((dir) => `${dir}/chromium`),
  ];
  return candidates.find((p): p is string => p !== undefined && p !== "" && existsSync(p));
}

export function browserUnavailableReason(): string | null {
  return chromiumPath() === undefined
    ? "no chromium (apt-get install -y chromium, or set CHROMIUM_PATH)"
    : null;
}

export const skipBrowser = browserUnavailableReason() !== null && !process.env.CI;
