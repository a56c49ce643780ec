// The camera's QR decoder in a Web Worker, so decoding never blocks the page (verdicts, the
// countdown, the scanner's keystrokes). Frames arrive as RGBA buffers (transferred, not copied);
// the answer is the QR text or null, with the decode time. Verifying stays in the page.
import { decodeQr } from "./verifier/index.js";

self.onmessage = (event) => {
  const { id, width, height, buffer } = event.data;
  const started = performance.now();
  try {
    const text = decodeQr(new Uint8Array(buffer), width, height) ?? null;
    self.postMessage({ id, text, ms: performance.now() - started });
  } catch (e) {
    // A trap leaves this WebAssembly instance unusable: say so and end; the page starts a new worker.
    self.postMessage({ id, text: null, ms: performance.now() - started, failed: true, reason: String(e?.message ?? e) });
    self.close();
  }
};
self.postMessage({ ready: true });
