//! The citizen-wallet verifier for JavaScript (browsers and Node), through wasm-bindgen.
//!
//! A thin facade: the checks are the core's ([`citizen_wallet::Verifier`]); this crate only turns
//! JavaScript values into Rust ones and back, gives the verifier a clock that reads `Date.now()`
//! (`std::time::SystemTime` panics on wasm32-unknown-unknown), keeps a replay memory the page can
//! export and import, and finds QR codes in camera frames. Results are plain JavaScript objects;
//! failures are `Error` objects with a stable `.code` (FORMAT.md's codes) and a `.reason`.
//!
//! Pure-Rust helpers (options, results as JSON, keyboard-layout detection) are kept apart from
//! the JavaScript glue so they are tested on the host with `cargo test`.

#![forbid(unsafe_code)]

mod input;
mod json;
mod replay;

use std::sync::Arc;

use citizen_wallet::status::StatusStore;
use citizen_wallet::verifier::Scanned;
use citizen_wallet::{Clock, TrustList, VerifyError};
use wasm_bindgen::prelude::*;

pub use input::{InputProblem, input_problem};
pub use json::Options;
pub use replay::ExportableReplayCache;

/// Reads the browser's (or Node's) clock: `SystemTime::now()` panics on wasm32-unknown-unknown.
struct JsClock;

impl Clock for JsClock {
    fn now(&self) -> i64 {
        (js_sys::Date::now() / 1000.0).floor() as i64
    }
}

/// An offline verifier: trust list, policy, status lists and replay memory.
#[wasm_bindgen]
pub struct Verifier {
    inner: citizen_wallet::Verifier,
    status: Arc<StatusStore>,
    replay: Arc<ExportableReplayCache>,
}

#[wasm_bindgen]
impl Verifier {
    /// `new Verifier(trustListJson, { audience, maxTtlSecs, skewSecs, statusMissing, statusExpired, replayCapacity, replay })`.
    #[wasm_bindgen(constructor)]
    pub fn new(trust_list_json: &str, options: JsValue) -> Result<Verifier, JsValue> {
        let options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            let text =
                js_sys::JSON::stringify(&options).map_err(|_| js_error("invalid_options", "options are not JSON"))?;
            Options::from_json(&String::from(text)).map_err(|reason| js_error("invalid_options", &reason))?
        };
        let trust = load_trust(trust_list_json)?;
        let status = Arc::new(StatusStore::new(trust.clone()));
        let replay = Arc::new(ExportableReplayCache::new(options.replay_capacity()));
        let mut inner = citizen_wallet::Verifier::new(trust, options.policy())
            .with_clock(Arc::new(JsClock))
            .with_status_store(status.clone());
        if options.replay != Some(false) {
            inner = inner.with_replay_cache(replay.clone());
        }
        Ok(Verifier { inner, status, replay })
    }

    /// Verifies a Status List Token against the trust list and keeps it when it is newer than the
    /// list held for its issuer and URI. Returns what is now held for that list.
    #[wasm_bindgen(js_name = addStatusList)]
    pub fn add_status_list(&self, token: &[u8]) -> Result<JsValue, JsValue> {
        let update = self.status.insert(token).map_err(|e| js_error(e.code(), &e.to_string()))?;
        let lists = json::status_lists(&self.status.lists());
        Ok(to_js(&serde_json::json!({ "update": json::store_update(update), "lists": lists })))
    }

    /// The status lists held: `[{ iss, kid, uri, issuedAt, expiresAt, refreshDueAt, entries }]`.
    #[wasm_bindgen(js_name = statusLists)]
    pub fn status_lists(&self) -> JsValue {
        to_js(&json::status_lists(&self.status.lists()))
    }

    /// Verifies the text of a presentation QR: the verified presentation, or throws.
    pub fn verify(&self, qr_text: &str) -> Result<JsValue, JsValue> {
        check_input(qr_text)?;
        let verified = self.inner.verify(qr_text).map_err(verify_error)?;
        Ok(to_js(&json::verified(&verified)))
    }

    /// Reads any scanned QR text: `{ kind: "verified", ... }` for a presentation that passed every
    /// check, `{ kind: "unsigned_card", fields, notice }` for the printed ID card QR; else throws.
    pub fn scan(&self, qr_text: &str) -> Result<JsValue, JsValue> {
        check_input(qr_text)?;
        match self.inner.scan(qr_text).map_err(verify_error)? {
            Scanned::Verified(v) => {
                let mut value = json::verified(&v);
                value["kind"] = "verified".into();
                Ok(to_js(&value))
            }
            Scanned::UnsignedCard(card) => Ok(to_js(&json::unsigned_card(&card))),
        }
    }

    /// The replay memory (ids are SHA-256 hashes of holder signatures, nothing personal), for the
    /// page to persist: `[{ id, keepUntil, firstSeenAt }]`, expired entries left out.
    #[wasm_bindgen(js_name = exportReplay)]
    pub fn export_replay(&self) -> JsValue {
        to_js(&self.replay.export(JsClock.now()))
    }

    /// Restores entries from [`Verifier::export_replay`]; returns how many were taken.
    #[wasm_bindgen(js_name = importReplay)]
    pub fn import_replay(&self, entries: JsValue) -> Result<usize, JsValue> {
        let text = js_sys::JSON::stringify(&entries).map_err(|_| js_error("invalid_replay", "not JSON"))?;
        self.replay.import(&String::from(text), JsClock.now()).map_err(|reason| js_error("invalid_replay", &reason))
    }
}

/// The trust list a verifier starts from. Today the unsigned development JSON (FORMAT.md "Trust
/// list"); the signed trust bundle is accepted here too once the core has it (one place to change).
fn load_trust(json: &str) -> Result<TrustList, JsValue> {
    TrustList::from_json(json).map_err(|e| js_error("invalid_trust_list", &e.to_string()))
}

/// A scan typed by a USB scanner through a Vietnamese input method is refused with its own code,
/// so the page can say what to do instead of "malformed".
fn check_input(qr_text: &str) -> Result<(), JsValue> {
    match input_problem(qr_text) {
        Some(problem) => Err(js_error(problem.code(), problem.reason())),
        None => Ok(()),
    }
}

/// Finds a QR code in RGBA pixels (a canvas's `ImageData.data`) and returns its text, or
/// `undefined` when there is none or it cannot be read.
#[wasm_bindgen(js_name = decodeQr)]
pub fn decode_qr(rgba: &[u8], width: u32, height: u32) -> Option<String> {
    let (w, h) = (width as usize, height as usize);
    if w == 0 || h == 0 || rgba.len() != w.checked_mul(h)?.checked_mul(4)? {
        return None;
    }
    // Luma (BT.601 integer weights), which is all the QR detector needs.
    let luma: Vec<u8> =
        rgba.chunks_exact(4).map(|p| ((77 * p[0] as u32 + 150 * p[1] as u32 + 29 * p[2] as u32) >> 8) as u8).collect();
    decode_luma(&luma, w, h)
}

/// Finds and decodes a QR code in a greyscale frame. Webcam frames are soft and noisy, and rqrr's
/// own thresholding turns the noise of flat areas (desk, wall) into thousands of specks it then
/// has to examine, and misses the code. So the frame is first made black and white here: a pixel
/// is dark when it is clearly (by [`MIN_CONTRAST`]) darker than the mean of its neighbourhood,
/// computed with an integral image in two passes.
pub fn decode_luma(luma: &[u8], w: usize, h: usize) -> Option<String> {
    if w == 0 || h == 0 || luma.len() != w.checked_mul(h)? {
        return None;
    }
    let binary = binarize(luma, w, h);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| binary[y * w + x]);
    prepared.detect_grids().into_iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// How much darker than its neighbourhood a pixel must be to count as dark (grey levels).
const MIN_CONTRAST: u32 = 12;

fn binarize(luma: &[u8], w: usize, h: usize) -> Vec<u8> {
    // integral[(y+1)*(w+1) + x+1] = sum of luma over [0..=x] × [0..=y]
    let stride = w + 1;
    let mut integral = vec![0u32; stride * (h + 1)];
    for y in 0..h {
        let mut row = 0u32;
        for x in 0..w {
            row += luma[y * w + x] as u32;
            integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1] + row;
        }
    }
    // A window a few modules wide at webcam scale: 1/16 of the shorter side, at least 15 px.
    let r = (w.min(h) / 32).max(7);
    let mut out = vec![255u8; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = integral[y1 * stride + x1] + integral[y0 * stride + x0]
                - integral[y0 * stride + x1]
                - integral[y1 * stride + x0];
            let count = ((y1 - y0) * (x1 - x0)) as u32;
            if (luma[y * w + x] as u32 + MIN_CONTRAST) * count < sum {
                out[y * w + x] = 0;
            }
        }
    }
    out
}

/// Whether `text` was mangled by a keyboard input method; `{ code, reason }` or `undefined`.
#[wasm_bindgen(js_name = inputProblem)]
pub fn input_problem_js(text: &str) -> JsValue {
    match input_problem(text) {
        Some(p) => to_js(&serde_json::json!({ "code": p.code(), "reason": p.reason() })),
        None => JsValue::UNDEFINED,
    }
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

fn verify_error(e: VerifyError) -> JsValue {
    js_error(e.code(), &e.to_string())
}

/// An `Error` with `.code` (stable, snake_case) and `.reason` (English, no personal data).
fn js_error(code: &str, reason: &str) -> JsValue {
    let error = js_sys::Error::new(&format!("{code}: {reason}"));
    error.set_name("VerifyError");
    let value: JsValue = error.into();
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&value, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&value, &"reason".into(), &reason.into());
    value
}

/// JSON values cross as text: one parse on the JavaScript side, no per-field glue.
fn to_js(value: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::UNDEFINED)
}
