// Node: the WebAssembly is read from the package folder (Node's fetch does not read file: URLs).
import { readFileSync } from "node:fs";
import { initSync, TrustStore, Verifier, decodeQr, inputProblem, version } from "./web/citizen_wallet_verifier.js";

initSync({ module: readFileSync(new URL("./web/citizen_wallet_verifier_bg.wasm", import.meta.url)) });

export { TrustStore, Verifier, decodeQr, inputProblem, version };
