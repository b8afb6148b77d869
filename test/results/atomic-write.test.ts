import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { writeFileAtomic } from "../../src/results/atomic-write.js";

// Pass-through fs whose renameSync a test can make fail once.
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, renameSync: vi.fn(actual.renameSync) };
});

function scratchDir(): string {
  return fs.mkdtempSync(join(tmpdir(), "atomic-"));
}

describe("writeFileAtomic", () => {
  it("creates missing directories and leaves only the target", () => {
    const dir = scratchDir();
    const path = join(dir, "a", "b", "out.csv");
    writeFileAtomic(path, "x,y\n1,2\n");
    expect(fs.readFileSync(path, "utf8")).toBe("x,y\n1,2\n");
    expect(fs.readdirSync(join(dir, "a", "b"))).toEqual(["out.csv"]);
  });

  it("replaces an existing file and writes bytes as given", () => {
    const dir = scratchDir();
    const path = join(dir, "out.bin");
    fs.writeFileSync(path, "old");
    writeFileAtomic(path, new Uint8Array([0, 1, 2, 255]));
    expect([...fs.readFileSync(path)]).toEqual([0, 1, 2, 255]);
    expect(fs.readdirSync(dir)).toEqual(["out.bin"]);
  });

  it("fails on a directory target, removing its temp file and leaving the directory alone", () => {
    const dir = scratchDir();
    const target = join(dir, "taken");
    fs.mkdirSync(target);
    fs.writeFileSync(join(target, "keep.txt"), "keep");
    expect(() => writeFileAtomic(target, "data")).toThrow();
    expect(fs.readdirSync(dir)).toEqual(["taken"]);
    expect(fs.readFileSync(join(target, "keep.txt"), "utf8")).toBe("keep");
  });

  it("never leaves a half file: a failed replace keeps the original intact", () => {
    const dir = scratchDir();
    const path = join(dir, "results.csv");
    fs.writeFileSync(path, "original\n");
    vi.mocked(fs.renameSync).mockImplementationOnce(() => {
      throw Object.assign(new Error("EIO: simulated failure"), { code: "EIO" });
    });
    expect(() => writeFileAtomic(path, "new content that must not appear\n")).toThrow(/EIO/);
    expect(fs.readFileSync(path, "utf8")).toBe("original\n");
    expect(fs.readdirSync(dir)).toEqual(["results.csv"]);
  });

  it("fails when the parent cannot be a directory, touching nothing", () => {
    const dir = scratchDir();
    fs.writeFileSync(join(dir, "file"), "plain");
    expect(() => writeFileAtomic(join(dir, "file", "out.csv"), "x")).toThrow();
    expect(fs.readdirSync(dir)).toEqual(["file"]);
    expect(fs.readFileSync(join(dir, "file"), "utf8")).toBe("plain");
  });
});
