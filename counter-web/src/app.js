// The counter page: scans (USB scanner typing, webcam, paste, image file) go to the WebAssembly
// verifier; the verdict fills the screen and clears itself. Trust is a signed bundle checked by the
// Rust core against pinned anchors (the site's anchors.json, or entered once in Settings); the
// accepted bundles, settings and the replay memory (hashes only) live in localStorage; claims and
// portraits are never stored. No request leaves this origin (CSP).
import { TrustStore, Verifier, decodeQr } from "./verifier/index.js";
import { TEXT } from "./i18n.js";

const SETTINGS_KEY = "cw-counter-settings";
const REPLAY_KEY = "cw-counter-replay";
const DEFAULTS = {
  lang: "vi",
  audience: "",
  anchors: "", // the pinned trust anchor(s), JSON (anchor.json, or an array of them)
  anchorsFrom: "", // "site" (anchors.json next to the page) or "settings" (entered once)
  trustState: "", // TrustStore.save(), base64: the accepted bundles (public data)
  trustExpired: "reject", // an expired bundle: "reject" or "warn" (on every verdict)
  statusLists: [], // [{ b64, source }]: Status List Tokens, public data
  statusMissing: "reject",
  statusExpired: "reject",
  verdictSecs: 60,
  cameraId: "",
};
/** The order claims are shown in on a green verdict. */
const CLAIM_ORDER = [
  "full_name", "id_number", "date_of_birth", "sex", "age_over", "nationality", "place_of_residence",
  "place_of_origin", "ethnicity", "religion", "card_issue_date", "card_expiry_date",
];
/** Ignore the camera seeing the same QR again for this long (it stays in front of the lens). */
const SAME_QR_PAUSE_MS = 5000;

const $ = (id) => document.getElementById(id);
let settings = loadSettings();
let trustStore = null;
let trustError = null;
let verifier = null;
let verifierError = null;
let clearTimer = null;
let countdownTimer = null;
let camera = null; // { stream, running }
let portraitUrl = null; // blob: URL of the portrait on screen, revoked when the verdict clears
const stats = { frames: 0, decodeMs: 0, since: performance.now(), fps: 0 };
window.__counter = { stats, scan: (text) => handleScan(text, "test") };

function t() {
  return TEXT[settings.lang] || TEXT.vi;
}

function loadSettings() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(SETTINGS_KEY) || "{}") };
  } catch {
    return { ...DEFAULTS };
  }
}

function saveSettings() {
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
}

function b64(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function unb64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The trust store from the pinned anchors and the saved bundles (re-verified by the core). */
function rebuildTrust() {
  trustStore?.free();
  trustStore = null;
  trustError = null;
  if (!settings.anchors) {
    trustError = "no_trust_anchor";
    return;
  }
  const options = { expired: settings.trustExpired };
  try {
    trustStore = settings.trustState
      ? TrustStore.restore(settings.anchors, unb64(settings.trustState), options)
      : new TrustStore(settings.anchors, options);
  } catch (e) {
    trustError = e.code || "invalid_trust_settings";
  }
}

/** Builds the verifier from the settings; trust, status lists and replay memory come along. */
function rebuildVerifier() {
  verifier?.free();
  verifier = null;
  verifierError = null;
  rebuildTrust();
  if (!trustStore) {
    verifierError = trustError;
    renderChips();
    return;
  }
  try {
    verifier = new Verifier(trustStore, {
      audience: settings.audience || undefined,
      statusMissing: settings.statusMissing,
      statusExpired: settings.statusExpired,
    });
  } catch (e) {
    verifierError = e.code || "no_trust_bundle";
    renderChips();
    return;
  }
  for (const list of settings.statusLists) {
    try {
      verifier.addStatusList(unb64(list.b64));
    } catch (e) {
      console.warn("status list skipped:", e.code);
    }
  }
  try {
    verifier.importReplay(JSON.parse(localStorage.getItem(REPLAY_KEY) || "[]"));
  } catch (e) {
    console.warn("replay memory not restored:", e.code);
  }
  renderChips();
}

function persistReplay() {
  if (verifier) localStorage.setItem(REPLAY_KEY, JSON.stringify(verifier.exportReplay()));
}

// ---- scans ----------------------------------------------------------------------------------

function handleScan(raw, source) {
  const text = raw.replace(/[\r\n]+$/, "");
  if (!text) return;
  if (!verifier) {
    showError(verifierError || "no_trust_bundle");
    return;
  }
  let result;
  try {
    result = verifier.scan(text);
  } catch (e) {
    if (e.code === "input_method") showNotice(e.code);
    else showError(e.code || "malformed");
    return;
  }
  if (result.kind === "unsigned_card") showCard(result);
  else {
    persistReplay();
    showValid(result);
  }
  document.body.dataset.lastSource = source;
}

// ---- verdicts -------------------------------------------------------------------------------

function openVerdict(kind, word) {
  clearVerdict();
  const v = $("verdict");
  v.className = kind;
  v.dataset.kind = kind;
  $("verdict-word").textContent = word;
  // An expired bundle in use (policy "warn"): said on every verdict.
  const held = trustStore?.current();
  if (held?.expired) {
    $("verdict-trust").textContent = t().trustExpiredWarning;
    $("verdict-trust").hidden = false;
  }
  v.hidden = false;
  clearTimer = setTimeout(clearVerdict, Math.max(1, Number(settings.verdictSecs) || 60) * 1000);
}

/** Personal data leaves the screen: after the set time, on a click, Esc, or the next scan. */
function clearVerdict() {
  clearTimeout(clearTimer);
  clearInterval(countdownTimer);
  const v = $("verdict");
  v.hidden = true;
  v.className = "";
  delete v.dataset.kind;
  for (const id of ["verdict-word", "verdict-reason", "verdict-meta", "verdict-code", "verdict-countdown", "verdict-trust"]) {
    $(id).textContent = "";
  }
  $("verdict-trust").hidden = true;
  $("verdict-claims").replaceChildren();
  const img = $("verdict-portrait");
  img.hidden = true;
  img.removeAttribute("src");
  if (portraitUrl) URL.revokeObjectURL(portraitUrl);
  portraitUrl = null;
}

function addRow(dl, label, value) {
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = value;
  dl.append(dt, dd);
}

function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m && settings.lang === "vi" ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

function claimLabel(name) {
  const age = /^age_over_(\d+)$/.exec(name);
  if (age) return t().ageOver(age[1]);
  return t().claims[name] || name;
}

function claimValue(name, value) {
  if (typeof value === "boolean") return value ? t().yes : t().no;
  if (name === "sex") return t()[value] || value;
  if (/date/.test(name)) return formatDate(value);
  return value;
}

function showValid(r) {
  openVerdict("green", t().valid);
  const dl = $("verdict-claims");
  // The name first (beside the portrait), then the vocabulary's order; the QR's order is the holder's.
  const rank = (name) => {
    const i = CLAIM_ORDER.indexOf(name.startsWith("age_over_") ? "age_over" : name);
    return i < 0 ? CLAIM_ORDER.length : i;
  };
  for (const c of [...r.claims].sort((a, b) => rank(a.name) - rank(b.name))) {
    if (c.name !== "portrait") addRow(dl, claimLabel(c.name), claimValue(c.name, c.value));
  }
  for (const c of r.otherClaims) addRow(dl, c.path, c.value);
  if (r.portrait) {
    // Made here from the verified bytes, shown, and revoked when the verdict clears (CSP: img-src blob:).
    portraitUrl = URL.createObjectURL(new Blob([r.portrait.bytes], { type: r.portrait.mediaType }));
    const img = $("verdict-portrait");
    img.src = portraitUrl;
    img.alt = t().portrait;
    img.hidden = false;
  }
  addRow(dl, t().issuer, r.issuerName || r.issuer);
  const codes = [];
  if (r.statusCheck.kind === "warning") {
    $("verdict-reason").textContent = t().statusWarning;
    codes.push(r.statusCheck.code);
  }
  if (r.trustWarning) {
    $("verdict-trust").textContent = t().trustExpiredWarning;
    $("verdict-trust").hidden = false;
    codes.push(r.trustWarning.code);
  }
  $("verdict-code").textContent = codes.join(" · ");
  $("verdict-meta").textContent = `${r.issuer} · ${r.kid}`;
  const tick = () => {
    const left = r.expiresAt - Date.now() / 1000;
    $("verdict-countdown").textContent = left > 0 ? t().validFor(left) : t().expiredNow;
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

function showCard(card) {
  openVerdict("amber", t().unsigned);
  $("verdict-reason").textContent = t().unsignedReason;
  const dl = $("verdict-claims");
  const f = card.fields;
  for (const key of ["fullName", "idNumber", "oldIdNumber", "dateOfBirth", "sex", "address", "issueDate"]) {
    if (f[key] == null) continue;
    const value = key === "sex" ? t()[f[key]] || f[key] : /Date|dateOf/.test(key) ? formatDate(f[key]) : f[key];
    addRow(dl, t().cardFields[key], value);
  }
  $("verdict-code").textContent = "unsigned_card";
}

function showError(code) {
  openVerdict("red", t().invalid);
  $("verdict-reason").textContent = t().reasons[code] || code;
  $("verdict-code").textContent = code;
}

function showNotice(code) {
  openVerdict("notice", t().scanAgain);
  $("verdict-reason").textContent = t().reasons[code];
  $("verdict-code").textContent = code;
}

// ---- USB scanner (keyboard mode) ------------------------------------------------------------

/** Whether the clerk is typing somewhere (settings, paste box): then keys are not a scan. */
function editing(el) {
  if (!el || el === $("scan-sink")) return false;
  if (el.closest("dialog[open]")) return true;
  return el.tagName === "TEXTAREA" || el.tagName === "SELECT" || (el.tagName === "INPUT" && /^(text|number|search|url)$/.test(el.type));
}

function setUpScanner() {
  const sink = $("scan-sink");
  // Keys typed while nothing editable has focus belong to the scanner: send them to the sink.
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      clearVerdict();
      return;
    }
    if (editing(document.activeElement) || document.activeElement === sink) return;
    sink.focus();
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      sink.value += e.key;
      e.preventDefault();
    }
  });
  sink.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      const text = sink.value;
      sink.value = "";
      handleScan(text, "keyboard");
    }
  });
  // Back to the sink whenever focus is not in something the clerk is editing.
  sink.addEventListener("blur", () => setTimeout(() => editing(document.activeElement) || sink.focus(), 0));
  sink.focus();
}

// ---- webcam ---------------------------------------------------------------------------------

async function listCameras() {
  const select = $("camera-select");
  const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
  select.replaceChildren(
    ...devices.map((d, i) => {
      const o = document.createElement("option");
      o.value = d.deviceId;
      o.textContent = d.label || `camera ${i + 1}`;
      o.selected = d.deviceId === settings.cameraId;
      return o;
    }),
  );
  select.hidden = devices.length < 2;
}

async function startCamera() {
  const constraints = { width: { ideal: 1280 }, height: { ideal: 720 } };
  if (settings.cameraId) constraints.deviceId = { exact: settings.cameraId };
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
  } catch {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: false });
    } catch (e) {
      $("camera-info").textContent = `${t().cameraError}: ${e.name}`;
      return;
    }
  }
  const video = $("video");
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const track = stream.getVideoTracks()[0];
  const id = track.getSettings().deviceId;
  if (id && id !== settings.cameraId) {
    settings.cameraId = id; // remembered for the next start
    saveSettings();
  }
  await listCameras();
  camera = { stream, running: true, last: "", lastAt: 0 };
  $("camera-toggle").textContent = t().cameraOff;
  Object.assign(stats, { frames: 0, decodeMs: 0, since: performance.now(), fps: 0 });
  scanFrames();
}

function stopCamera() {
  if (!camera) return;
  camera.running = false;
  for (const track of camera.stream.getTracks()) track.stop();
  camera = null;
  $("video").hidden = true;
  $("camera-toggle").textContent = t().cameraOn;
}

/** What a camera frame's decoded QR text does: a scan, unless the same QR is still in view. */
function onFrameDecoded(text, ms, width, height) {
  stats.decodeMs += ms;
  stats.frames += 1;
  stats.width = width;
  stats.height = height;
  stats.fps = stats.frames / ((performance.now() - stats.since) / 1000);
  if (stats.frames % 10 === 0) $("camera-info").textContent = `${t().cameraFps(stats.fps)} · ${width}×${height}`;
  if (!camera?.running || !text) return;
  const now = Date.now();
  if (!(text === camera.last && now - camera.lastAt < SAME_QR_PAUSE_MS)) {
    camera.last = text;
    camera.lastAt = now;
    handleScan(text, "camera");
  } else {
    camera.lastAt = now;
  }
}

/** The decoder worker (decoder.js), started once; null where module workers are unavailable. */
let decoderWorker;
/** A frame not answered in this time has the decoder stuck (a hostile picture): replace it. */
const DECODE_TIMEOUT_MS = 3000;

function decoder() {
  if (decoderWorker !== undefined) return decoderWorker;
  try {
    const worker = new Worker("decoder.js", { type: "module" });
    const current = { worker, ready: false, inFlight: 0, onResult: null, watchdog: null };
    decoderWorker = current;
    worker.onmessage = (e) => {
      if (e.data.ready) {
        current.ready = true;
        current.onResult?.(null);
        return;
      }
      if (e.data.failed) {
        // The frame made the decoder trap (the worker has closed itself).
        replaceDecoder(current, `decoder trapped: ${e.data.reason}`);
        return;
      }
      current.inFlight -= 1;
      watch(current);
      current.onResult?.(e.data);
    };
    worker.onerror = (e) => {
      console.warn("decoder worker failed, decoding in the page:", e.message);
      clearTimeout(current.watchdog);
      decoderWorker = null;
      if (camera?.running) scanFrames();
    };
  } catch {
    decoderWorker = null;
  }
  return decoderWorker;
}

/** Arms the watchdog while frames are in flight, disarms it when none are. */
function watch(current) {
  clearTimeout(current.watchdog);
  if (current.inFlight > 0) {
    current.watchdog = setTimeout(() => replaceDecoder(current, "no answer"), DECODE_TIMEOUT_MS);
  }
}

/** Ends a stuck or trapped worker; a fresh one goes on shortly (not in a tight loop). */
function replaceDecoder(current, why) {
  if (decoderWorker !== current) return;
  console.warn("decoder worker replaced:", why);
  clearTimeout(current.watchdog);
  current.worker.terminate();
  decoderWorker = undefined;
  setTimeout(() => {
    if (camera?.running && decoderWorker === undefined) scanFrames();
  }, 500);
}

function scanFrames() {
  const video = $("video");
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const grab = () => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    ctx.drawImage(video, 0, 0);
    return ctx.getImageData(0, 0, canvas.width, canvas.height);
  };
  const ready = () => camera?.running && video.readyState >= 2 && video.videoWidth > 0;
  const worker = decoder();
  if (worker) {
    // Two frames in flight: the worker decodes one while the page grabs the next.
    // Bound to this worker: once it is replaced, its loop ends and the new worker's takes over.
    const pump = (result) => {
      if (result) onFrameDecoded(result.text, result.ms, result.width, result.height);
      if (!camera?.running || decoderWorker !== worker || !worker.ready) return;
      while (worker.inFlight < 2 && ready()) {
        const frame = grab();
        worker.inFlight += 1;
        worker.worker.postMessage(
          { id: stats.frames, width: frame.width, height: frame.height, buffer: frame.data.buffer },
          [frame.data.buffer],
        );
        watch(worker);
      }
      if (worker.inFlight === 0) setTimeout(() => pump(null), 30);
    };
    worker.onResult = (r) => pump(r && { ...r, width: canvas.width, height: canvas.height });
    pump(null);
    return;
  }
  const step = () => {
    if (!camera?.running) return;
    if (ready()) {
      const frame = grab();
      const started = performance.now();
      const text = decodeQr(frame.data, frame.width, frame.height);
      onFrameDecoded(text, performance.now() - started, frame.width, frame.height);
    }
    setTimeout(step, 0);
  };
  step();
}

// ---- image file and paste -------------------------------------------------------------------

/** Longest side an image file is decoded at: a 12-megapixel photo is scaled down to about 3 MP. */
const MAX_IMAGE_SIDE = 2048;

async function scanImageFile(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const text = await decodeOnce(frame);
  if (text) handleScan(text, "image");
  else showError("unreadable_qr");
}

/**
 * Decodes one picture in a worker of its own, ended afterwards: a file is whatever the clerk was
 * sent, and a decoder that trapped on it must not take the page's verifier down with it. In the
 * page only where module workers are unavailable.
 */
function decodeOnce(frame) {
  let worker;
  try {
    worker = new Worker("decoder.js", { type: "module" });
  } catch {
    return Promise.resolve(decodeQr(frame.data, frame.width, frame.height));
  }
  return new Promise((resolve) => {
    const done = (text) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(text ?? null);
    };
    const timer = setTimeout(() => done(null), 4 * DECODE_TIMEOUT_MS);
    worker.onerror = (e) => {
      // The worker could not start (no module workers here): decode in the page instead.
      console.warn("image decoder worker failed, decoding in the page:", e.message);
      clearTimeout(timer);
      worker.terminate();
      resolve(decodeQr(frame.data, frame.width, frame.height) ?? null);
    };
    worker.onmessage = (e) => {
      if (e.data.ready) {
        worker.postMessage({ id: 0, width: frame.width, height: frame.height, buffer: frame.data.buffer }, [
          frame.data.buffer,
        ]);
      } else {
        done(e.data.text);
      }
    };
  });
}

// ---- settings -------------------------------------------------------------------------------

async function fetchSameOrigin(url) {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) throw new Error("only addresses on this site are allowed");
  const response = await fetch(target, { cache: "no-store" });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Pins anchors entered in Settings (only while none are pinned: entered once). */
function setAnchors(json) {
  if (settings.anchors) throw Object.assign(new Error(t().anchorsPinned), { code: "invalid_trust_settings" });
  new TrustStore(json, {}).free(); // throws (with its code) before anything is saved
  settings.anchors = json;
  settings.anchorsFrom = "settings";
  settings.trustState = "";
}

/** A signed trust bundle: verified by the core (anchor, signature, rollback, expiry), or throws. */
function setBundle(bytes) {
  if (!trustStore) throw Object.assign(new Error(t().reasons[trustError] || trustError), { code: trustError });
  trustStore.update(bytes);
  settings.trustState = b64(trustStore.save());
}

function addStatus(bytes, source) {
  if (!verifier) throw Object.assign(new Error(t().reasons[verifierError] || verifierError), { code: verifierError });
  verifier.addStatusList(bytes); // verified against the trust list, or throws
  settings.statusLists = settings.statusLists.filter((l) => l.source !== source);
  settings.statusLists.push({ b64: b64(bytes), source });
}

function renderChips() {
  const trust = $("trust-state");
  const status = $("status-state");
  const held = trustStore?.current();
  trust.dataset.seq = held ? String(held.seq) : "";
  if (!verifier) {
    trust.textContent = held
      ? `${t().trustSeq(held.seq, held.issuers.length)} · ${held.expired ? t().expiredWarn : verifierError}`
      : verifierError === "no_trust_anchor" ? t().noAnchor : t().noTrust;
    trust.className = "chip bad";
    status.textContent = "";
    status.hidden = true;
    return;
  }
  trust.textContent = held.expired ? `${t().trustSeq(held.seq, held.issuers.length)} · ${t().expiredWarn}` : t().trustSeq(held.seq, held.issuers.length);
  trust.className = held.expired ? "chip warn" : "chip";
  status.hidden = false;
  const lists = verifier.statusLists();
  const now = Date.now() / 1000;
  if (lists.length === 0) {
    status.textContent = t().noStatus;
    status.className = "chip warn";
    return;
  }
  const oldest = lists.reduce((a, b) => (a.issuedAt < b.issuedAt ? a : b));
  const stale = lists.some((l) => (l.refreshDueAt != null && now >= l.refreshDueAt) || (l.expiresAt != null && now >= l.expiresAt));
  status.textContent = stale ? t().statusStale(t().ago(now - oldest.issuedAt)) : t().statusAge(t().ago(now - oldest.issuedAt));
  status.className = stale ? "chip warn" : "chip";
  status.dataset.stale = String(stale);
}

function renderSettings() {
  $("set-audience").value = settings.audience;
  $("set-missing").value = settings.statusMissing;
  $("set-expired").value = settings.statusExpired;
  $("set-verdict-secs").value = settings.verdictSecs;
  $("set-trust-expired").value = settings.trustExpired;
  $("set-anchor-summary").textContent = trustStore
    ? `${trustStore.anchorKids().join(", ")} (${settings.anchorsFrom === "site" ? t().anchorsFromSite : t().anchorsFromSettings})`
    : t().reasons[trustError] || trustError || "";
  $("set-anchor-entry").hidden = Boolean(settings.anchors);
  const held = trustStore?.current();
  const date = (secs) => new Date(secs * 1000).toLocaleString(settings.lang === "vi" ? "vi-VN" : "en-GB");
  $("set-trust-summary").textContent = held
    ? `#${held.seq} · ${t().signedBy} ${held.anchorKid} · ${date(held.issuedAt)} → ${date(held.expiresAt)}${held.expired ? ` (${t().expiredWarn})` : ""} · ` +
      held.issuers.map((i) => `${i.name || i.iss} (${i.kid})`).join(", ")
    : t().noTrust;
  const ul = $("set-status-lists");
  const now = Date.now() / 1000;
  ul.replaceChildren(
    ...(verifier ? verifier.statusLists() : []).map((l) => {
      const li = document.createElement("li");
      li.textContent = `${l.uri} — ${t().entries(l.entries)}, ${t().statusAge(t().ago(now - l.issuedAt))}`;
      const expired = l.expiresAt != null && now >= l.expiresAt;
      if (expired || (l.refreshDueAt != null && now >= l.refreshDueAt)) {
        const warn = document.createElement("span");
        warn.className = "stale";
        warn.textContent = ` — ${expired ? t().expiredWarn : t().staleWarn}`;
        li.append(warn);
      }
      return li;
    }),
  );
  $("set-replay-count").textContent = verifier ? String(verifier.exportReplay().length) : "0";
}

function settingsError(e) {
  const p = $("settings-error");
  p.textContent = e ? `${e.code ? `${e.code}: ` : ""}${e.reason || e.message}` : "";
  p.hidden = !e;
}

function setUpSettings() {
  const dialog = $("settings");
  $("settings-open").addEventListener("click", () => {
    settingsError(null);
    renderSettings();
    dialog.showModal();
  });
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "save") {
      settings.audience = $("set-audience").value.trim();
      settings.statusMissing = $("set-missing").value;
      settings.statusExpired = $("set-expired").value;
      settings.trustExpired = $("set-trust-expired").value;
      settings.verdictSecs = Math.min(600, Math.max(1, Number($("set-verdict-secs").value) || 60));
      saveSettings();
    }
    rebuildVerifier();
    $("scan-sink").focus();
  });
  const guarded = (fn) => async (...args) => {
    try {
      settingsError(null);
      await fn(...args);
      saveSettings();
      rebuildVerifier();
      renderSettings();
    } catch (e) {
      settingsError(e);
    }
  };
  $("set-anchor-file").addEventListener("change", guarded(async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    setAnchors(await file.text());
  }));
  $("set-trust-expired").addEventListener("change", guarded(async (e) => {
    settings.trustExpired = e.target.value; // applies to the next bundle loaded and to verdicts
  }));
  $("set-trust-file").addEventListener("change", guarded(async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    setBundle(new Uint8Array(await file.arrayBuffer()));
  }));
  $("set-trust-load").addEventListener("click", guarded(async () => {
    setBundle(await fetchSameOrigin($("set-trust-url").value));
  }));
  $("set-status-file").addEventListener("change", guarded(async (e) => {
    for (const file of e.target.files) addStatus(new Uint8Array(await file.arrayBuffer()), `file:${file.name}`);
  }));
  $("set-status-load").addEventListener("click", guarded(async () => {
    const url = $("set-status-url").value;
    addStatus(await fetchSameOrigin(url), url);
  }));
}

/** Anchors pinned by the site (`anchors.json` beside the page: deployment configuration) win over
 * anchors entered in Settings; offline, the copy saved at the last load is used. */
async function loadSiteAnchors() {
  let text;
  try {
    text = new TextDecoder().decode(await fetchSameOrigin("anchors.json"));
  } catch {
    return; // none on this site, or offline
  }
  try {
    new TrustStore(text, {}).free();
  } catch (e) {
    console.warn("anchors.json refused:", e.code);
    return;
  }
  if (settings.anchors !== text) {
    settings.anchors = text;
    settings.anchorsFrom = "site";
    saveSettings();
  }
}

/** `?audience=…&trust=/trust.cwt&status=/status.cwt`: set up a counter from a link (same-origin
 * files only; the bundle is checked against the pinned anchors like any other). */
async function applyLink() {
  const q = new URLSearchParams(location.search);
  if (![...q.keys()].length) return;
  try {
    if (q.has("audience")) settings.audience = q.get("audience");
    saveSettings();
    rebuildVerifier();
    if (q.has("trust")) {
      setBundle(await fetchSameOrigin(q.get("trust")));
      saveSettings();
      rebuildVerifier();
    }
    for (const url of q.getAll("status")) addStatus(await fetchSameOrigin(url), url);
    saveSettings();
  } catch (e) {
    $("page-error").textContent = `${e.code ? `${e.code}: ` : ""}${e.reason || e.message}`;
    $("page-error").hidden = false;
  }
  history.replaceState(null, "", location.pathname);
}

// ---- language -------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = settings.lang;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    const text = t()[el.dataset.i18n];
    if (typeof text === "string") el.textContent = text;
  }
  $("lang-toggle").textContent = settings.lang === "vi" ? "English" : "Tiếng Việt";
  $("camera-toggle").textContent = camera ? t().cameraOff : t().cameraOn;
  renderChips();
}

// ---- start ----------------------------------------------------------------------------------

async function main() {
  await loadSiteAnchors();
  rebuildVerifier();
  applyLanguage();
  setUpScanner();
  setUpSettings();
  $("verdict").addEventListener("click", clearVerdict);
  $("lang-toggle").addEventListener("click", () => {
    settings.lang = settings.lang === "vi" ? "en" : "vi";
    saveSettings();
    applyLanguage();
  });
  $("camera-toggle").addEventListener("click", () => (camera ? stopCamera() : startCamera()));
  $("camera-select").addEventListener("change", (e) => {
    settings.cameraId = e.target.value;
    saveSettings();
    stopCamera();
    startCamera();
  });
  $("paste-form").addEventListener("submit", (e) => {
    e.preventDefault();
    handleScan($("paste").value.trim(), "paste");
    $("paste").value = "";
  });
  $("image-file").addEventListener("change", (e) => {
    if (e.target.files[0]) scanImageFile(e.target.files[0]);
    e.target.value = "";
  });
  await applyLink();
  applyLanguage();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("sw.js").catch((e) => console.warn("offline cache unavailable:", e.message));
  }
  document.body.dataset.ready = "true";
}

main();
