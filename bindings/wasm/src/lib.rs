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
mod trust;

use std::sync::Arc;

use citizen_wallet::status::StatusStore;
use citizen_wallet::verifier::Scanned;
use citizen_wallet::{ClaimName, ClaimValue, Clock, ExpiryPolicy, TrustState, VerifiedPresentation, VerifyError};
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

/// The pinned trust anchors and the newest trust bundle accepted (the core's `TrustState`): a
/// bundle is taken only when a pinned anchor (or one it rotated to) signed it, its `seq` is above
/// the one held, and, by policy, it has not expired. `save()` gives bytes to persist;
/// `TrustStore.restore(anchors, saved)` re-verifies them after a reload, so rollback stays refused.
#[wasm_bindgen]
pub struct TrustStore {
    state: TrustState,
    expiry: ExpiryPolicy,
}

#[wasm_bindgen]
impl TrustStore {
    /// `new TrustStore(anchors, { expired: "reject" | "warn" })`: `anchors` is anchor.json's
    /// object (or its text), or an array of them.
    #[wasm_bindgen(constructor)]
    pub fn new(anchors: JsValue, options: JsValue) -> Result<TrustStore, JsValue> {
        TrustStore::open(anchors, None, options)
    }

    /// A store from the bytes of [`TrustStore::save`], every bundle in them verified again.
    pub fn restore(anchors: JsValue, saved: &[u8], options: JsValue) -> Result<TrustStore, JsValue> {
        TrustStore::open(anchors, Some(saved), options)
    }

    /// Verifies a signed trust bundle (`application/cw-trust+cwt`) and makes it current:
    /// `{ seq, previousSeq, anchorsChanged, unchanged }`, or throws with the core's code
    /// (`trust_bundle_rollback`, `unknown_trust_anchor`, `bad_trust_bundle_signature`,
    /// `trust_bundle_expired`, `malformed_trust_bundle`, ...). A refused bundle changes nothing.
    pub fn update(&mut self, bundle: &[u8]) -> Result<JsValue, JsValue> {
        let update = trust::update(&mut self.state, bundle, JsClock.now(), self.expiry)
            .map_err(|(code, r)| js_error(code, &r))?;
        Ok(to_js(&update))
    }

    /// The state to persist (the accepted bundles: public data).
    pub fn save(&self) -> Vec<u8> {
        self.state.to_bytes()
    }

    /// What the held bundle says (`{ seq, issuedAt, expiresAt, expired, anchorKid, issuers, verifiers }`),
    /// or `undefined` when none is held.
    pub fn current(&self) -> JsValue {
        match self.state.current() {
            Some(held) => to_js(&trust::bundle_info(held, JsClock.now())),
            None => JsValue::UNDEFINED,
        }
    }

    /// The kids of the anchors the next bundle must be signed by.
    #[wasm_bindgen(js_name = anchorKids)]
    pub fn anchor_kids(&self) -> Vec<String> {
        self.state.anchors().iter().map(|a| a.kid.clone()).collect()
    }
}

impl TrustStore {
    fn open(anchors: JsValue, saved: Option<&[u8]>, options: JsValue) -> Result<TrustStore, JsValue> {
        let options = match json_text(&options)? {
            Some(text) => trust::StoreOptions::from_json(&text).map_err(|r| js_error(trust::SETTINGS_CODE, &r))?,
            None => trust::StoreOptions::default(),
        };
        let anchors = match anchors.as_string() {
            Some(text) => text,
            None => json_text(&anchors)?.ok_or_else(|| js_error(trust::SETTINGS_CODE, "no trust anchor given"))?,
        };
        let anchors = trust::anchors_from_json(&anchors).map_err(|(code, r)| js_error(code, &r))?;
        let state = trust::open_state(anchors, saved).map_err(|(code, r)| js_error(code, &r))?;
        Ok(TrustStore { state, expiry: options.expiry() })
    }
}

/// An offline verifier: signed trust, policy, status lists and replay memory.
#[wasm_bindgen]
pub struct Verifier {
    inner: citizen_wallet::Verifier,
    status: Arc<StatusStore>,
    replay: Arc<ExportableReplayCache>,
}

#[wasm_bindgen]
impl Verifier {
    /// `new Verifier(trustStore, { audience, maxTtlSecs, skewSecs, statusMissing, statusExpired, replayCapacity, replay })`:
    /// on the issuer keys of the store's current bundle, checked against the clock by the store's
    /// expiry policy (throws `no_trust_bundle`, `trust_bundle_expired`, ...).
    #[wasm_bindgen(constructor)]
    pub fn new(trust: &TrustStore, options: JsValue) -> Result<Verifier, JsValue> {
        let options = match json_text(&options)? {
            Some(text) => Options::from_json(&text).map_err(|reason| js_error("invalid_options", &reason))?,
            None => Options::default(),
        };
        let held =
            trust.state.current_at(JsClock.now(), trust.expiry).map_err(|e| js_error(e.code(), &e.to_string()))?;
        let status = Arc::new(StatusStore::new(held.bundle.issuers.clone()));
        let replay = Arc::new(ExportableReplayCache::new(options.replay_capacity()));
        let mut inner = citizen_wallet::Verifier::from_bundle(&held, options.policy(), trust.expiry)
            .with_clock(Arc::new(JsClock))
            .with_status_store(status.clone());
        if options.replay != Some(false) {
            inner = inner.with_replay_cache(replay.clone());
        }
        Ok(Verifier { inner, status, replay })
    }

    /// Verifies a Status List Token against the bundle's issuer keys and keeps it when it is newer than the
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
        Ok(verified_js(&verified, json::verified(&verified)))
    }

    /// Reads any scanned QR text: `{ kind: "verified", ... }` for a presentation that passed every
    /// check, `{ kind: "unsigned_card", fields, notice }` for the printed ID card QR; else throws.
    pub fn scan(&self, qr_text: &str) -> Result<JsValue, JsValue> {
        check_input(qr_text)?;
        // A card QR's Vietnamese text, in NFC: this build's core has no normalisation tables
        // (its `nfc` feature is off) and takes only NFC text, so the JavaScript engine normalises.
        let qr_text = String::from(js_sys::JsString::from(qr_text).normalize("NFC"));
        match self.inner.scan(&qr_text).map_err(verify_error)? {
            Scanned::Verified(v) => {
                let mut value = json::verified(&v);
                value["kind"] = "verified".into();
                Ok(verified_js(&v, value))
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

/// `undefined`/`null` → `None`; anything else as JSON text.
fn json_text(value: &JsValue) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = js_sys::JSON::stringify(value).map_err(|_| js_error("invalid_options", "options are not JSON"))?;
    Ok(Some(String::from(text)))
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
    citizen_wallet::qr::decode_rgba(rgba, width as usize, height as usize).ok()
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

/// A verified presentation as a JavaScript object; a disclosed portrait's bytes are added as a
/// `Uint8Array` (to `portrait.bytes` and to the `portrait` claim's value, the same object).
fn verified_js(v: &VerifiedPresentation, value: serde_json::Value) -> JsValue {
    let js = to_js(&value);
    if let Some(ClaimValue::Portrait(p)) = v.claim(ClaimName::Portrait)
        && let Ok(portrait) = js_sys::Reflect::get(&js, &"portrait".into())
        && portrait.is_object()
    {
        let _ = js_sys::Reflect::set(&portrait, &"bytes".into(), &js_sys::Uint8Array::from(p.bytes()).into());
        if let Ok(claims) = js_sys::Reflect::get(&js, &"claims".into()) {
            let claims = js_sys::Array::from(&claims);
            for claim in claims.iter() {
                if js_sys::Reflect::get(&claim, &"name".into()).ok().and_then(|n| n.as_string()).as_deref()
                    == Some("portrait")
                {
                    let _ = js_sys::Reflect::set(&claim, &"value".into(), &portrait);
                }
            }
        }
    }
    js
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
