// Serves the built counter page on http://localhost:PORT (a secure context, so cameras work):
//   node counter-web/serve.mjs [--port 8787] [--anchors FILE] [--demo DIR]
// --anchors FILE: the trust anchor(s) the page pins (anchor.json from `cwallet trust init`, or an
// array of them), served as /anchors.json. With --demo, DIR's files (as `cwallet demo` writes them)
// are served under /demo/, DIR/anchor.json is pinned, and the address printed loads the signed
// bundle trust.cwt and the status list status.cwt.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = resolve(fileURLToPath(new URL("./dist", import.meta.url)));
const demo = opt("--demo", null) && resolve(opt("--demo"));
const port = Number(opt("--port", process.env.PORT || 8787));
const anchors = opt("--anchors", null) ? resolve(opt("--anchors")) : demo && join(demo, "anchor.json");
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".cwt": "application/statuslist+cwt", ".png": "image/png",
  "trust.cwt": "application/cw-trust+cwt",
};
// The same policy as the page's meta tag, plus what only a header can say.
const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src blob:; " +
  "media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function inside(base, path) {
  const full = normalize(join(base, path));
  return full === base || full.startsWith(base + sep) ? full : null;
}

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  let file = null;
  if (anchors && path === "/anchors.json") file = anchors;
  else if (demo && path.startsWith("/demo/")) file = inside(demo, path.slice("/demo/".length));
  else file = inside(root, path.endsWith("/") ? path + "index.html" : path);
  try {
    if (!file) throw new Error("outside");
    const body = await readFile(file);
    res.writeHead(200, {
      "content-type": (/trust[^/]*\.cwt$/.test(file) && TYPES["trust.cwt"]) || TYPES[extname(file)] || "application/octet-stream",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      // Cross-origin isolated (nothing here comes from elsewhere anyway): the page's timers get
      // their fine resolution, which counter-web/bench.mjs needs to time single verifications.
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
      "cache-control": "no-cache",
    });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  }
});

server.listen(port, "127.0.0.1", () => {
  const { port: actual } = server.address();
  const base = `http://localhost:${actual}/`;
  const link = demo ? `${base}?audience=demo-counter&trust=/demo/trust.cwt&status=/demo/status.cwt` : base;
  console.log(`counter page: ${link}`);
});
