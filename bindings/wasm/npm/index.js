// Browsers (and bundlers): the module instantiates its WebAssembly before it resolves.
import init, { TrustStore, Verifier, decodeQr, inputProblem, version } from "./web/citizen_wallet_verifier.js";

await init({ module_or_path: new URL("./web/citizen_wallet_verifier_bg.wasm", import.meta.url) });

export { TrustStore, Verifier, decodeQr, inputProblem, version };
