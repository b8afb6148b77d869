/**
 * The report page in headless Chromium, opened from file:// as a reader
 * would: generated from the committed results into a scratch directory, it
 * must draw one chart per figure panel, hide and show the published overlay
 * with its checkbox, show the paper's number in a point's tooltip, log no
 * console error or page error, and ask for nothing but file:// URLs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAll } from "../../src/manifest/discover.js";
import { chartLibraries } from "../../src/report/assets.js";
import { collectReport } from "../../src/report/collect.js";
import { TOGGLE_ID } from "../../src/report/page-script.js";
import { writeReport } from "../../src/report/report.js";
import {
  browserUnavailableReason,
  CHROMIUM_ARGS,
  chromiumPath,
  skipBrowser,
} from "./browser-env.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

describe.skipIf(skipBrowser)(
  `report page in headless Chromium${skipBrowser ? ` (skipped: ${browserUnavailableReason()})` : ""}`,
  () => {
    let dir = "";
    let browser: Browser | undefined;
    let page: Page;
    let expectedCharts = 0;
    let simPanels = 0;
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const foreignRequests: string[] = [];

    beforeAll(async () => {
      const reason = browserUnavailableReason();
      if (reason !== null) throw new Error(`CI: ${reason}`);
      dir = mkdtempSync(join(tmpdir(), "dispatch-repro-page-"));
      // Specs built from data/ (the empty figures dir holds no .vl.json): no render step needed.
      const model = collectReport({ root: REPO, figuresDir: dir });
      writeReport(model, dir, chartLibraries());
      expectedCharts = model.experiments.reduce(
        (n, e) => n + e.runs.reduce((m, r) => m + r.charts.length, 0),
        0,
      );
      simPanels = loadAll(join(REPO, "experiments")).reduce(
        (n, m) => n + m.manifest.sweep.panels.length,
        0,
      );

      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      // Anything but file:// is recorded and refused, so the test never reaches a network.
      await context.route(
        (url) => url.protocol !== "file:",
        (route) => {
          foreignRequests.push(route.request().url());
          return route.abort();
        },
      );
      page = await context.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(m.text());
      });
      page.on("pageerror", (e) => pageErrors.push(e.message));
      page.on("request", (r) => {
        if (!r.url().startsWith("file://")) foreignRequests.push(r.url());
      });
      await page.goto(pathToFileURL(join(dir, "index.html")).href);
      await page.waitForFunction(() => document.body.dataset.charts !== undefined, null, {
        timeout: 90_000,
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (dir !== "") rmSync(dir, { recursive: true, force: true });
    });

    it("draws one chart per figure panel", async () => {
      // Every manifest panel has sim results committed; hw panels come on top where hw.csv exists.
      expect(expectedCharts).toBeGreaterThanOrEqual(simPanels);
      expect(await page.evaluate(() => document.body.dataset.charts)).toBe(
        `${expectedCharts}/${expectedCharts}`,
      );
      expect(await page.locator('.chart[data-runner="sim"]').count()).toBe(simPanels);
      expect(await page.locator(".chart").count()).toBe(expectedCharts);
      expect(await page.locator('.chart[data-rendered="true"]').count()).toBe(expectedCharts);
      const perChart = await page
        .locator(".chart")
        .evaluateAll((els) => els.map((el) => el.querySelectorAll("svg.marks").length));
      expect(perChart).toEqual(Array(expectedCharts).fill(1));
    });

    it("hides and shows the published overlay with the checkbox", async () => {
      const chart = page.locator("#chart-fig4-sim-a svg.marks");
      const captions = () =>
        chart
          .locator("text")
          .evaluateAll((els) =>
            els.map((e) => e.textContent ?? "").filter((t) => t.startsWith("paper:")),
          );
      const before = await chart.innerHTML();
      expect((await captions()).length).toBeGreaterThan(0);

      await page.click(`#${TOGGLE_ID}`);
      await page.waitForFunction(() => document.body.dataset.published === "false");
      expect(await chart.innerHTML()).not.toBe(before);
      expect(await captions()).toEqual([]);

      await page.click(`#${TOGGLE_ID}`);
      await page.waitForFunction(() => document.body.dataset.published === "true");
      expect((await captions()).length).toBeGreaterThan(0);
    });

    it("shows the exact values and the paper's number in a point's tooltip", async () => {
      const chart = page.locator("#chart-fig4-sim-a");
      await chart.scrollIntoViewIfNeeded();
      // An rtsig point mid-way along x, away from the overlay's caption at the left end.
      const rtsig = chart.locator(
        'svg.marks g.mark-symbol.role-mark path[aria-label*="mechanism: rtsig;"]',
      );
      expect(await rtsig.count()).toBeGreaterThan(2);
      const box = await rtsig.nth(Math.floor((await rtsig.count()) / 2)).boundingBox();
      expect(box).not.toBeNull();
      await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
      const tooltip = page.locator("#vg-tooltip-element");
      await tooltip.waitFor({ state: "visible", timeout: 10_000 });
      const text = (await tooltip.textContent()) ?? "";
      expect(text).toContain("rtsig");
      expect(text).toContain("95% interval, low");
      expect(text).toMatch(/published \(paper\)\s*6\.67 ± 1/);
    });

    it("logs no console error or page error, and requests nothing but file://", () => {
      expect(pageErrors).toEqual([]);
      expect(consoleErrors).toEqual([]);
      expect(foreignRequests).toEqual([]);
    });
  },
);
