// The camera's QR decoder in a Web Worker, so decoding never blocks the page (verdicts, the
// countdown, the scanner's keystrokes). Frames arrive as RGBA buffers (transferred, not copied);
// the answer is the QR text or null, with the decode time. Verifying stays in the page.
import { decodeQr } from "./verifier/index.js";

self.onmessage = (event) => {
  const { id, width, height, buffer } = event.data;
  const started = performance.now();
  let text = null;
  try {
    text = decodeQr(new Uint8Array(buffer), width, height) ?? null;
  } catch (e) {
    console.warn("decode failed:", e.message);
  }
  self.postMessage({ id, text, ms: performance.now() - started });
};
self.postMessage({ ready: true });
