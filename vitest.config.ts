import { defineConfig } from "vitest/config";

/**
 * Two projects, run one after the other by `make test`: `unit` (every file
 * but test/hw, in parallel) and `hw` (the hardware runner's tests, one file
 * at a time and never beside another project: they measure CPU time and
 * timing ratios on CPU 0, which other test files would disturb).
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/hw/**"] },
      },
      {
        extends: true,
        test: { name: "hw", include: ["test/hw/**/*.test.ts"], fileParallelism: false },
      },
    ],
  },
});
