// Measurements for docs/counter-web.md (scripts/bench-web.sh runs this; not a test):
// WASM verify medians in Node and in Chromium on one QR, and the page's camera decode rate at
// 1280×720 with Chromium's fake webcam. Prints one JSON object.
//   node counter-web/bench.mjs FIXTURE_DIR BASE_URL ITERATIONS
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [fixtureDir, base, n] = process.argv.slice(2);
const iterations = Number(n || 300);
const fx = JSON.parse(readFileSync(join(fixtureDir, "fixtures.json"), "utf8"));
const anchor = readFileSync(join(fixtureDir, "anchor.json"), "utf8");
const bundle = [...readFileSync(join(fixtureDir, "trust.cwt"))];
const status = [...readFileSync(join(fixtureDir, "status.cwt"))];
const qr = fx.valid[0];

// Runs in Node and, as text, in the page: the same loop on both sides.
const loop = (TrustStore, Verifier, anchor, bundle, status, qr, audience, iterations) => {
  const trust = new TrustStore(anchor, {});
  trust.update(new Uint8Array(bundle));
  const v = new Verifier(trust, { audience, replay: false });
  v.addStatusList(new Uint8Array(status));
  // Warm-up, as on the native side: V8 compiles hot WebAssembly functions with its optimising tier
  // in the background after they have run a while; the counter page has been open all day.
  for (let i = 0; i < 30; i++) v.verify(qr);
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    v.verify(qr);
    times.push((performance.now() - start) * 1000);
  }
  times.sort((a, b) => a - b);
  // Single calls, median: on a shared machine a call the scheduler interrupted is an outlier, the
  // same on every side (native, Node, Chromium; serve.mjs makes the page cross-origin isolated, so
  // its timer resolves microseconds instead of 100 µs steps).
  return times[Math.floor(times.length / 2)];
};

const { TrustStore, Verifier } = await import(new URL("../target/wasm-pkg/node.js", import.meta.url));
const node = loop(TrustStore, Verifier, anchor, bundle, status, qr, fx.audience, iterations);

const profile = mkdtempSync(join(tmpdir(), "counter-bench-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // The page's CSP forbids eval, which this benchmark uses to run the same loop as in Node.
  bypassCSP: true,
  viewport: { width: 1280, height: 720 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${join(fixtureDir, "camera.y4m")}`,
  ],
});
const page = context.pages()[0] || (await context.newPage());
await page.goto(`${base}?audience=${fx.audience}&trust=/demo/trust.cwt&status=/demo/status.cwt`);
await page.waitForSelector("body[data-ready=true]");
const browser = await page.evaluate(
  async ([source, anchor, bundle, status, qr, audience, iterations]) => {
    const { TrustStore, Verifier } = await import("./verifier/index.js");
    return eval(`(${source})`)(TrustStore, Verifier, anchor, bundle, status, qr, audience, iterations);
  },
  [loop.toString(), anchor, bundle, status, qr, fx.audience, iterations],
).catch((e) => `error: ${e.message}`);

await page.click("#camera-toggle");
await page.waitForSelector("#verdict[data-kind]", { timeout: 20_000 });
await page.evaluate(() => Object.assign(window.__counter.stats, { frames: 0, decodeMs: 0, since: performance.now() }));
await page.waitForTimeout(10_000);
const camera = await page.evaluate(() => ({ ...window.__counter.stats }));
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(JSON.stringify({
  iterations,
  nodeVerifyMedianUs: Number(node.toFixed(1)),
  chromiumVerifyMedianUs: typeof browser === "number" ? Number(browser.toFixed(1)) : browser,
  cameraFps: Number(camera.fps.toFixed(1)),
  cameraDecodeMsMean: Number((camera.decodeMs / camera.frames).toFixed(1)),
  cameraFrame: `${camera.width}x${camera.height}`,
}));
