import { defineConfig } from "vitest/config";

/**
 * Three projects, run one after the other: `unit` (every file but test/hw
 * and test/remote, in parallel) and `hw` (the hardware runner's tests, one
 * file at a time and never beside another project: they measure CPU time and
 * timing ratios on CPU 0, which other test files would disturb) by `make
 * test`; `remote` (a testbed of two network-namespace hosts over SSH) by
 * `make test-remote`.
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/hw/**", "test/remote/**"],
        },
      },
      {
        extends: true,
        test: { name: "hw", include: ["test/hw/**/*.test.ts"], fileParallelism: false },
      },
      {
        extends: true,
        test: { name: "remote", include: ["test/remote/**/*.test.ts"], fileParallelism: false },
      },
    ],
  },
});
