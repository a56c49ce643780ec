//! The counter's verifier: offline checks of presentation QR codes, with optional revocation
//! (status lists) and replay protection.

use std::path::Path;
use std::sync::{Arc, RwLock};

use citizen_wallet as core;
use citizen_wallet::TrustList;
use citizen_wallet::status::StatusStore;
use citizen_wallet::verifier::replay::DEFAULT_MEMORY_CAPACITY;
use citizen_wallet::verifier::{MemoryReplayCache, ReplayCache, Scanned, SqliteReplayCache};
use citizen_wallet::{Clock, SystemClock};

use crate::errors::{TrustError, VerifyError};
use crate::logger;
use crate::request::CounterRequest;
use crate::trust::{self, CounterTrustStore, TrustAnchor};
use crate::types::{ScanResult, VerifiedPresentation, VerifierPolicy};

#[derive(uniffi::Object)]
pub struct Verifier {
    /// Rebuilt (rarely) when status lists or a replay cache are added; read by every verification.
    inner: RwLock<core::Verifier>,
}

#[uniffi::export]
impl Verifier {
    /// A counter's verifier for the issuers in `trust_list_json` (FORMAT.md "Trust list") with
    /// `policy`. The policy's audience is required (or `any_audience` for tooling), and accepted
    /// presentations are remembered in memory unless `replay_protection` is off.
    #[uniffi::constructor]
    pub fn new(trust_list_json: String, policy: VerifierPolicy) -> Result<Arc<Self>, VerifyError> {
        let trust =
            TrustList::from_json(&trust_list_json).map_err(|e| configuration("the trust list is invalid", e))?;
        match (&policy.audience, policy.any_audience) {
            (None, false) => {
                return Err(VerifyError::Configuration {
                    reason: "a counter must set its audience (any_audience = true only for tooling)".into(),
                });
            }
            (Some(_), true) => {
                return Err(VerifyError::Configuration {
                    reason: "any_audience contradicts the audience set: choose one".into(),
                });
            }
            _ => {}
        }
        let replay = policy.replay_protection;
        let mut inner = core::Verifier::new(trust, policy.into());
        if replay {
            inner = inner.with_replay_cache(Arc::new(MemoryReplayCache::new(DEFAULT_MEMORY_CAPACITY)));
        }
        Ok(Arc::new(Verifier { inner: RwLock::new(inner) }))
    }

    /// A verifier for the issuers of a signed trust bundle, checked against the pinned `anchors`
    /// now. Once the bundle expires every verdict is refused (`TrustExpired`), unless
    /// `allow_expired`: then verdicts carry `trustWarning`.
    #[uniffi::constructor(default(allow_expired = false))]
    pub fn from_trust_bundle(
        bundle: Vec<u8>,
        anchors: Vec<TrustAnchor>,
        policy: VerifierPolicy,
        allow_expired: bool,
    ) -> Result<Arc<Self>, TrustError> {
        let expiry = trust::policy(allow_expired);
        let verified = core::TrustBundle::verify(&bundle, &trust::anchors(&anchors)?, SystemClock.now(), expiry)?;
        let inner = core::Verifier::from_bundle(&verified, policy.into(), expiry);
        logger::info(&format!("verifier on trust bundle {}", verified.bundle.seq));
        Ok(Arc::new(Verifier { inner: RwLock::new(inner) }))
    }

    /// A verifier for the issuers of the bundle `store` holds now, under the store's expiry policy
    /// (with `allow_expired`, verdicts carry `trustWarning` once it has expired).
    #[uniffi::constructor]
    pub fn from_trust_store(store: Arc<CounterTrustStore>, policy: VerifierPolicy) -> Result<Arc<Self>, TrustError> {
        let (verified, expiry) = store.current()?;
        let inner = core::Verifier::from_bundle(&verified, policy.into(), expiry);
        logger::info(&format!("verifier on held trust bundle {}", verified.bundle.seq));
        Ok(Arc::new(Verifier { inner: RwLock::new(inner) }))
    }

    /// Loads a Status List Token (as published by an issuer) after checking its signature against
    /// the trust list. From the first list on, presentations are checked for revocation.
    pub fn add_status_list(&self, token: Vec<u8>) -> Result<(), VerifyError> {
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        let store = match inner.status_store() {
            Some(store) => store.clone(),
            None => {
                let store = Arc::new(StatusStore::new(inner.trust_list().clone()));
                *inner = inner.clone().with_status_store(store.clone());
                store
            }
        };
        store.insert(&token).map_err(|e| configuration("the status list was not accepted", e))?;
        logger::info("status list loaded");
        Ok(())
    }

    /// Remembers accepted presentations until they expire, so a second scan of the same QR is
    /// rejected as `Replayed`. With `database_path`, the memory survives app restarts.
    #[uniffi::method(default(database_path = None))]
    pub fn enable_replay_protection(&self, database_path: Option<String>) -> Result<(), VerifyError> {
        let cache: Arc<dyn ReplayCache> = match database_path {
            Some(path) => Arc::new(
                SqliteReplayCache::open(Path::new(&path), 1_000_000)
                    .map_err(|e| configuration("the replay database could not be opened", e))?,
            ),
            None => Arc::new(MemoryReplayCache::new(DEFAULT_MEMORY_CAPACITY)),
        };
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        *inner = inner.clone().with_replay_cache(cache);
        Ok(())
    }

    /// Verifies the text of a scanned presentation QR, now.
    pub fn verify(&self, qr_text: String) -> Result<VerifiedPresentation, VerifyError> {
        logged(self.read().verify(&qr_text))
    }

    /// Verifies as of `unix_time` (re-checking a logged presentation, or tests). The replay
    /// memory is neither consulted nor changed: only `verify` at the real time uses it.
    pub fn verify_at(&self, qr_text: String, unix_time: i64) -> Result<VerifiedPresentation, VerifyError> {
        logged(self.read().as_of(unix_time).verify(&qr_text))
    }

    /// Verifies the answer to one of this counter's requests: as `verify`, with that request's
    /// audience and nonce required (other policy settings unchanged).
    pub fn verify_answer(&self, qr_text: String, request: CounterRequest) -> Result<VerifiedPresentation, VerifyError> {
        let inner = self.read();
        let policy = core::VerifierPolicy {
            audience: Some(request.audience),
            nonce: Some(request.nonce),
            ..inner.policy().clone()
        };
        logged(inner.with_policy(policy).verify(&qr_text))
    }

    /// Like `verify`, but also recognises the unsigned QR printed on chip ID cards, returned
    /// separately so it is never mistaken for a verified presentation.
    pub fn scan(&self, qr_text: String) -> Result<ScanResult, VerifyError> {
        match self.read().scan(&qr_text) {
            Ok(Scanned::Verified(p)) => logged(Ok(p)).map(|presentation| ScanResult::Verified { presentation }),
            Ok(Scanned::UnsignedCard(card)) => {
                logger::info("unsigned ID card QR read (not verified)");
                Ok(ScanResult::UnsignedCard { card: card.into() })
            }
            Err(e) => logged(Err(e)).map(|presentation| ScanResult::Verified { presentation }),
        }
    }
}

/// Image decoding: servers and desktops only (the `qr-image` feature); phones scan with the
/// platform's camera decoder and call `verify` with the text.
#[cfg(feature = "qr-image")]
#[uniffi::export]
impl Verifier {
    /// Finds the QR code in a PNG or JPEG image and verifies it.
    pub fn verify_image(&self, image: Vec<u8>) -> Result<VerifiedPresentation, VerifyError> {
        logged(self.read().verify_image(&image))
    }
}

impl Verifier {
    /// A snapshot of the current configuration (cheap: the core verifier shares its parts).
    fn read(&self) -> core::Verifier {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn configuration(what: &str, e: impl std::fmt::Display) -> VerifyError {
    VerifyError::Configuration { reason: format!("{what}: {e}") }
}

/// Logs the verdict (reason code and claim names only) and converts the result.
fn logged(result: Result<core::VerifiedPresentation, core::VerifyError>) -> Result<VerifiedPresentation, VerifyError> {
    match &result {
        Ok(p) => {
            let names: Vec<String> = p.claims.iter().map(|c| c.name.as_str()).collect();
            logger::info(&format!("presentation verified: claims [{}]", names.join(", ")));
        }
        Err(e) => logger::info(&format!("presentation rejected: {}", e.code())),
    }
    result.map(Into::into).map_err(Into::into)
}
