// The counter page in real Chromium (Debian's, driven by playwright-core): a USB scanner typing,
// the fake webcam showing a QR, paste and image file, every verdict colour, offline reload,
// replay memory across reloads, and the verdict clearing itself. Run by scripts/test-web.sh with
// WEB_FIXTURES (made by tests/src/bin/web_fixtures.rs) and a built counter-web/dist.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const fixtureDir = process.env.WEB_FIXTURES;
assert.ok(fixtureDir, "set WEB_FIXTURES (scripts/test-web.sh does)");
const fx = JSON.parse(readFileSync(join(fixtureDir, "fixtures.json"), "utf8"));
const shots = process.env.SCREENSHOT_DIR || mkdtempSync(join(tmpdir(), "counter-shots-"));
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const here = fileURLToPath(new URL(".", import.meta.url));

let server;
let base;
let context;
let page;
let profile;
const requests = [];
let spent = 0;
const fresh = () => fx.valid[spent++];

/** Chromium with a fresh profile, its fake webcam filming `video` (a Y4M file). */
function launch(profileDir, video) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
}

/** The counter set up from a link: audience, the signed bundle, the status list (anchors.json is
 * pinned by serve.mjs --demo). */
async function openCounter(p) {
  const q = new URLSearchParams({ audience: fx.audience, trust: "/demo/trust.cwt", status: "/demo/status.cwt" });
  await p.goto(`${base}?${q}`);
  await p.waitForSelector("body[data-ready=true]");
}

before(async () => {
  server = spawn(process.execPath, [join(here, "..", "serve.mjs"), "--port", "0", "--demo", fixtureDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  base = await new Promise((resolve, reject) => {
    server.stdout.on("data", (d) => {
      const m = /(http:\/\/localhost:\d+\/)/.exec(String(d));
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
  profile = mkdtempSync(join(tmpdir(), "counter-chromium-"));
  context = await launch(profile, join(fixtureDir, "camera.y4m"));
  context.on("request", (r) => requests.push(r.url()));
  page = context.pages()[0] || (await context.newPage());
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await openCounter(page);
  // The offline cache is in place before anything relies on it.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
});

after(async () => {
  await context?.close();
  server?.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** What a USB scanner in keyboard mode does: the text as key presses, then Enter. */
async function scanWithKeyboard(text) {
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

async function verdict(kind, p = page) {
  await p.waitForSelector(`#verdict[data-kind=${kind}]`, { timeout: 10_000 });
  const text = await p.locator("#verdict").innerText();
  const code = await p.locator("#verdict-code").innerText();
  return { text, code };
}

/** Everything of the verdict on screen is inside the 1280×720 viewport, nothing scrolled away. */
async function assertVerdictFits(p = page) {
  const box = await p.evaluate(() => {
    const v = document.getElementById("verdict");
    let bottom = 0;
    let right = 0;
    for (const el of v.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        bottom = Math.max(bottom, r.bottom);
        right = Math.max(right, r.right);
      }
    }
    return { bottom, right, scroll: v.scrollHeight - v.clientHeight, w: innerWidth, h: innerHeight };
  });
  assert.ok(box.bottom <= box.h && box.right <= box.w && box.scroll <= 0, `verdict overflows the viewport: ${JSON.stringify(box)}`);
}

/** Loads a trust bundle file through Settings; returns the error shown ("" when accepted). */
async function loadBundleFile(name) {
  await page.click("#settings-open");
  await page.setInputFiles("#set-trust-file", join(fixtureDir, name));
  await page.waitForFunction(() => document.getElementById("set-trust-file").value === "");
  const error = await page.locator("#settings-error").evaluate((e) => (e.hidden ? "" : e.textContent));
  await page.click("#settings-form button[value=cancel]");
  return error;
}

const trustSeq = () => page.locator("#trust-state").getAttribute("data-seq");

async function clearVerdict() {
  await page.keyboard.press("Escape");
  await page.waitForSelector("#verdict", { state: "hidden" });
}

function screenshot(name) {
  mkdirSync(shots, { recursive: true });
  return page.screenshot({ path: join(shots, `counter-web-${name}.png`) });
}

test("a USB scanner's keystrokes give a green verdict with the name, without a click first", async () => {
  await scanWithKeyboard(fresh());
  const v = await verdict("green");
  assert.match(v.text, /HỢP LỆ/);
  assert.ok(v.text.includes(fx.fullName), "the disclosed name is shown");
  assert.match(v.text, /Họ và tên/);
  assert.match(v.text, /Mã còn hiệu lực \d+:\d\d/);
  assert.ok(v.text.includes(fx.issuerName));
  assert.equal(await trustSeq(), "2", "trust comes from the signed bundle seq 2");
  assert.ok(await page.locator("#verdict-portrait").isHidden(), "no portrait disclosed, none shown");
  await assertVerdictFits();
  await screenshot("green");
  await clearVerdict();
});

test("the same QR scanned twice is refused as a replay", async () => {
  const qr = fresh();
  await scanWithKeyboard(qr);
  await verdict("green");
  await scanWithKeyboard(qr);
  const v = await verdict("red");
  assert.equal(v.code, "replayed");
  assert.match(v.text, /đã được quét trước đó/);
  await clearVerdict();
});

test("a tampered QR is red with its code, in plain words", async () => {
  await scanWithKeyboard(fx.tampered);
  const v = await verdict("red");
  assert.equal(v.code, "bad_holder_signature");
  assert.match(v.text, /KHÔNG HỢP LỆ/);
  await assertVerdictFits();
  await screenshot("red");
  await clearVerdict();
});

test("expired, another counter's, revoked and unlisted presentations are each refused", async () => {
  for (const [qr, code] of [
    [fx.expired, "expired"],
    [fx.wrongAudience, "wrong_audience"],
    [fx.revoked, "revoked"],
    [fx.unlisted, "status_list_missing"],
    [fx.unknownIssuer, "unknown_issuer"],
  ]) {
    await scanWithKeyboard(qr);
    assert.equal((await verdict("red")).code, code);
    await clearVerdict();
  }
});

test("a printed card QR is amber UNSIGNED, never green", async () => {
  await scanWithKeyboard(fx.card);
  const v = await verdict("amber");
  assert.match(v.text, /CHƯA XÁC THỰC/);
  assert.ok(v.text.includes(fx.fullName));
  assert.match(v.text, /không có chữ ký/);
  await assertVerdictFits();
  await screenshot("amber");
  await clearVerdict();
});

test("a scan mangled by a Telex input method tells the clerk to switch to English", async () => {
  // What Unikey's Telex makes of the scanner's keystrokes: W → Ư, DD → Đ, AA → Â.
  const mangled = fresh().replaceAll("W", "Ư").replaceAll("DD", "Đ").replaceAll("AA", "Â");
  await scanWithKeyboard(mangled);
  const v = await verdict("notice");
  assert.equal(v.code, "input_method");
  assert.match(v.text, /chuyển bộ gõ sang tiếng Anh/);
  await clearVerdict();
});

test("the English switch relabels the verdict", async () => {
  await page.click("#lang-toggle");
  await scanWithKeyboard(fresh());
  const v = await verdict("green");
  assert.match(v.text, /VALID/);
  assert.match(v.text, /Full name/);
  await clearVerdict();
  await page.click("#lang-toggle");
});

test("the fake webcam's QR (blurred, noisy, 1280×720) gives a green verdict", async () => {
  await page.click("#camera-toggle");
  const v = await verdict("green");
  assert.ok(v.text.includes(fx.fullName));
  assert.equal(await page.evaluate(() => document.body.dataset.lastSource), "camera");
  // Decode rate over a few more seconds (reported by scripts/bench-web.sh, not asserted).
  await page.waitForTimeout(3000);
  const stats = await page.evaluate(() => ({ ...window.__counter.stats }));
  console.log(`camera decode: ${stats.fps.toFixed(1)} frames/s at ${stats.width}x${stats.height}, ` +
    `${(stats.decodeMs / stats.frames).toFixed(1)} ms per decode`);
  assert.equal(stats.width, 1280);
  await clearVerdict();
  await page.click("#camera-toggle");
  await page.waitForSelector("#video", { state: "hidden" });
});

test("paste and image file are fallbacks for the same checks", async () => {
  await page.click("#fallbacks summary");
  await page.fill("#paste", fresh());
  await page.click("#paste-form button");
  await verdict("green");
  await clearVerdict();
  // The image holds the camera's QR, accepted above: read from the file, it is a replay.
  await page.setInputFiles("#image-file", join(fixtureDir, "presentation.png"));
  assert.equal((await verdict("red")).code, "replayed");
  await clearVerdict();
  // A photo-sized picture (3,616 px square, 13 megapixels) is scaled down and read all the same.
  await page.setInputFiles("#image-file", join(fixtureDir, "presentation-large.png"));
  assert.equal((await verdict("red")).code, "replayed");
  await clearVerdict();
});

test("reloaded with the network cut, the page still verifies and remembers what it accepted", async () => {
  const accepted = fresh();
  await scanWithKeyboard(accepted);
  await verdict("green");
  await clearVerdict();
  await context.setOffline(true);
  try {
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    await scanWithKeyboard(fresh());
    await verdict("green");
    await clearVerdict();
    await scanWithKeyboard(accepted);
    assert.equal((await verdict("red")).code, "replayed");
    await clearVerdict();
  } finally {
    await context.setOffline(false);
  }
});

test("a disclosed portrait is shown large beside the name, from a blob: URL revoked when the verdict clears", async () => {
  await page.evaluate(() => {
    window.__revoked = [];
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.revokeObjectURL = (u) => (window.__revoked.push(u), revoke(u));
  });
  await scanWithKeyboard(fx.portrait[1]);
  const v = await verdict("green");
  assert.ok(v.text.includes(fx.fullName));
  const img = page.locator("#verdict-portrait");
  await page.waitForFunction(() => document.getElementById("verdict-portrait").complete);
  const shown = await img.evaluate((e) => ({ src: e.src, w: e.naturalWidth, h: e.naturalHeight, box: e.getBoundingClientRect().toJSON() }));
  assert.match(shown.src, /^blob:/);
  assert.ok(shown.w >= 64 && shown.h >= 80, `the WebP decoded: ${shown.w}×${shown.h}`);
  assert.ok(shown.box.height >= 300, `shown large: ${shown.box.height} px high`);
  assert.equal(await page.locator("#verdict-claims dd").first().innerText(), fx.fullName, "the name comes first");
  const name = await page.locator("#verdict-claims dd").first().boundingBox();
  assert.ok(name.x > shown.box.x + shown.box.width && name.y < shown.box.y + shown.box.height, "beside the name");
  assert.ok(!(await page.locator("#verdict-claims").innerText()).includes("image/webp"), "not listed as text");
  await assertVerdictFits();
  await screenshot("green-portrait");
  await clearVerdict();
  assert.equal(await img.getAttribute("src"), null);
  assert.deepEqual(await page.evaluate(() => window.__revoked), [shown.src]);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes("UklGR"), "no image in storage");
});

test("an older signed bundle is refused as a rollback, also after a reload", async () => {
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await trustSeq(), "2");
  assert.match(await loadBundleFile("trust-old.cwt"), /trust_bundle_rollback/);
  assert.equal(await trustSeq(), "2", "the refused bundle changed nothing");
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.match(await loadBundleFile("trust-old.cwt"), /trust_bundle_rollback/);
  await scanWithKeyboard(fresh());
  await verdict("green");
  await clearVerdict();
});

test("bundles signed by a key that is not pinned, forged or unsigned are refused with their codes", async () => {
  assert.match(await loadBundleFile("trust-foreign.cwt"), /unknown_trust_anchor/);
  assert.match(await loadBundleFile("trust-forged.cwt"), /bad_trust_bundle_signature/);
  assert.match(await loadBundleFile("trust.json"), /malformed_trust_bundle/);
  assert.equal(await trustSeq(), "2");
});

test("an expired bundle is refused by default, and under the warn policy every verdict carries a warning", async () => {
  assert.match(await loadBundleFile("trust-expired.cwt"), /trust_bundle_expired/);
  assert.equal(await trustSeq(), "2");
  await page.click("#settings-open");
  await page.selectOption("#set-trust-expired", "warn");
  await page.click("#settings-save");
  assert.equal(await loadBundleFile("trust-expired.cwt"), "");
  assert.equal(await trustSeq(), "3");
  await scanWithKeyboard(fresh());
  let v = await verdict("green");
  assert.match(v.code, /trust_bundle_expired/);
  assert.match(v.text, /gói tin cậy đã hết hạn/);
  await clearVerdict();
  await scanWithKeyboard(fx.tampered);
  v = await verdict("red");
  assert.match(v.text, /gói tin cậy đã hết hạn/, "on every verdict");
  await clearVerdict();
  // Back to the default policy: the expired bundle held refuses every verdict, until a newer one.
  await page.click("#settings-open");
  await page.selectOption("#set-trust-expired", "reject");
  await page.click("#settings-save");
  await scanWithKeyboard(fresh());
  assert.equal((await verdict("red")).code, "trust_bundle_expired");
  await clearVerdict();
  assert.equal(await loadBundleFile("trust-next.cwt"), "");
  assert.equal(await trustSeq(), "4");
  await scanWithKeyboard(fresh());
  v = await verdict("green");
  assert.doesNotMatch(v.text, /hết hạn/);
  await clearVerdict();
});

test("the verdict and claims clear themselves after the set time", async () => {
  await page.click("#settings-open");
  await page.fill("#set-verdict-secs", "2");
  await page.click("#settings-save");
  await scanWithKeyboard(fresh());
  await verdict("green");
  await page.waitForSelector("#verdict", { state: "hidden", timeout: 6000 });
  const left = await page.evaluate(() => document.getElementById("verdict").innerText);
  assert.ok(!left.includes(fx.fullName), "no personal data left in the page");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes(fx.fullName) && !stored.includes(fx.idNumber), "claims are never stored");
});

test("on a site that pins no anchor, the anchor is entered once; then a phone-screen portrait QR (v27-M) through the fake webcam is green with the picture", async () => {
  const dir = mkdtempSync(join(tmpdir(), "counter-chromium-portrait-"));
  const ctx = await launch(dir, join(fixtureDir, "portrait-camera.y4m"));
  try {
    const p = ctx.pages()[0] || (await ctx.newPage());
    ctx.on("request", (r) => requests.push(r.url()));
    // This site has no anchors.json: nothing verifies until the clerk enters the anchor.
    await p.route("**/anchors.json", (route) => route.fulfill({ status: 404, body: "not found" }));
    await p.goto(base);
    await p.waitForSelector("body[data-ready=true]");
    assert.match(await p.locator("#trust-state").innerText(), /khoá gốc/);
    await p.click("#settings-open");
    await p.setInputFiles("#set-anchor-file", join(fixtureDir, "anchor.json"));
    await p.waitForSelector("#set-anchor-entry", { state: "hidden" });
    assert.match(await p.locator("#set-anchor-summary").innerText(), new RegExp(fx.anchorKid));
    await p.click("#settings-save");
    await openCounter(p);
    assert.equal(await p.locator("#trust-state").getAttribute("data-seq"), "2");
    await p.click("#camera-toggle");
    await p.waitForSelector("#verdict[data-kind]", { timeout: 30_000 });
    const v = await verdict("green", p);
    assert.ok(v.text.includes(fx.fullName));
    assert.match(await p.locator("#verdict-portrait").getAttribute("src"), /^blob:/);
    await assertVerdictFits(p);
    await p.waitForTimeout(3000);
    const stats = await p.evaluate(() => ({ ...window.__counter.stats }));
    console.log(`portrait camera decode: ${stats.fps.toFixed(1)} frames/s at ${stats.width}x${stats.height}`);
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the page made no request outside its own origin", () => {
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:"));
  assert.deepEqual(foreign, []);
  assert.ok(requests.length > 0);
});
