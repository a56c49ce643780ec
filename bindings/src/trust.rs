//! Signed trust (FORMAT.md "Signed trust"): pinned anchors, trust bundles, and a test operator that
//! signs bundles. Apps ship the anchors and feed bundles to `Verifier.fromTrustBundle` (counters)
//! and `Wallet.updateTrust` (phones, rollback-protected).

use std::sync::Arc;

use citizen_wallet as core;
use citizen_wallet::{AnchorKey, Clock, ExpiryPolicy, SystemClock, TrustList, VerifierRegistry};

use crate::errors::TrustError;

/// A pinned trust anchor: the key id and the 32-byte Ed25519 public key.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TrustAnchor {
    pub kid: String,
    pub public_key: Vec<u8>,
}

/// What a verified trust bundle says, for a settings or status screen.
#[derive(Clone, Debug, uniffi::Record)]
pub struct TrustBundleInfo {
    pub seq: u64,
    pub issued_at: i64,
    pub expires_at: i64,
    /// The anchor that signed it.
    pub anchor_kid: String,
    pub issuer_kids: Vec<String>,
    pub verifier_kids: Vec<String>,
    /// Set when the bundle has expired and expired bundles were allowed.
    pub warning: Option<String>,
}

impl From<&core::VerifiedBundle> for TrustBundleInfo {
    fn from(v: &core::VerifiedBundle) -> Self {
        TrustBundleInfo {
            seq: v.bundle.seq,
            issued_at: v.bundle.issued_at,
            expires_at: v.bundle.expires_at,
            anchor_kid: v.anchor_kid.clone(),
            issuer_kids: v.bundle.issuers.issuers().iter().map(|i| i.kid.clone()).collect(),
            verifier_kids: v.bundle.verifiers.verifiers().iter().map(|i| i.kid.clone()).collect(),
            warning: v.warning.as_ref().map(ToString::to_string),
        }
    }
}

pub(crate) fn anchors(anchors: &[TrustAnchor]) -> Result<Vec<core::TrustAnchor>, TrustError> {
    anchors.iter().map(|a| Ok(core::TrustAnchor::from_bytes(&a.kid, &a.public_key)?)).collect()
}

pub(crate) fn policy(allow_expired: bool) -> ExpiryPolicy {
    if allow_expired { ExpiryPolicy::Warn } else { ExpiryPolicy::Reject }
}

/// Reads an anchor file (`{"kid", "key": {OKP JWK}}`, as `cwallet trust init` writes it).
#[uniffi::export]
pub fn trust_anchor_from_json(json: String) -> Result<TrustAnchor, TrustError> {
    let anchor = core::TrustAnchor::from_json(&json)?;
    Ok(TrustAnchor { kid: anchor.kid, public_key: anchor.public_key.to_bytes().to_vec() })
}

/// Checks a bundle against `anchors` at `unix_time` (default: now), without keeping it.
#[uniffi::export(default(unix_time = None, allow_expired = false))]
pub fn verify_trust_bundle(
    bundle: Vec<u8>,
    anchors: Vec<TrustAnchor>,
    unix_time: Option<i64>,
    allow_expired: bool,
) -> Result<TrustBundleInfo, TrustError> {
    let now = unix_time.unwrap_or_else(|| SystemClock.now());
    let verified = core::TrustBundle::verify(&bundle, &self::anchors(&anchors)?, now, policy(allow_expired))?;
    Ok((&verified).into())
}

/// A test trust operator's anchor key, signing bundles. A real anchor key lives offline.
#[derive(uniffi::Object)]
pub struct TrustAnchorSigner {
    key: AnchorKey,
}

#[uniffi::export]
impl TrustAnchorSigner {
    #[uniffi::constructor]
    pub fn generate(kid: String) -> Result<Arc<Self>, TrustError> {
        Ok(Arc::new(TrustAnchorSigner { key: AnchorKey::generate(&kid)? }))
    }

    /// The public anchor apps pin.
    pub fn anchor(&self) -> TrustAnchor {
        TrustAnchor { kid: self.key.kid().to_owned(), public_key: self.key.public_key().to_bytes().to_vec() }
    }

    /// Signs bundle `seq` listing the issuers of `issuers_json` (trust list JSON) and the verifiers
    /// of `verifiers_json` (registry JSON), valid `lifetime_secs` from `issued_at` (default: now);
    /// `next_anchors` rotates the anchors.
    #[uniffi::method(default(verifiers_json = None, lifetime_secs = 604800, issued_at = None, next_anchors = None))]
    pub fn sign_bundle(
        &self,
        seq: u64,
        issuers_json: String,
        verifiers_json: Option<String>,
        lifetime_secs: u64,
        issued_at: Option<i64>,
        next_anchors: Option<Vec<TrustAnchor>>,
    ) -> Result<Vec<u8>, TrustError> {
        let settings = |e: core::FormatError| TrustError::InvalidSettings { reason: e.to_string() };
        let issuers = TrustList::from_json(&issuers_json).map_err(settings)?;
        let verifiers = match verifiers_json {
            Some(json) => VerifierRegistry::from_json(&json).map_err(settings)?,
            None => VerifierRegistry::default(),
        };
        let now = issued_at.unwrap_or_else(|| SystemClock.now());
        let mut bundle = core::TrustBundle::new(seq, now, lifetime_secs, issuers, verifiers);
        if let Some(next) = next_anchors {
            bundle.next_anchors = Some(anchors(&next)?);
        }
        Ok(bundle.sign(&self.key)?)
    }
}

/// A counter's trust store: a folder that keeps the newest accepted bundle across restarts and
/// refuses an older or equal one (`TrustException.Rollback`), or one no pinned anchor signed. An
/// update is atomic; a refused one never replaces the bundle held. (Phones keep theirs in the
/// wallet: `Wallet.updateTrust`.)
#[derive(uniffi::Object)]
pub struct CounterTrustStore {
    inner: core::TrustStore,
}

#[uniffi::export]
impl CounterTrustStore {
    /// Opens (or creates) the store in folder `dir` with the app's pinned `anchors`. A saved bundle
    /// is re-verified from them. `allow_expired`: an expired bundle is used, with a warning on
    /// every verdict, instead of refused (demos and tests only).
    #[uniffi::constructor(default(allow_expired = false))]
    pub fn open(dir: String, anchors: Vec<TrustAnchor>, allow_expired: bool) -> Result<Arc<Self>, TrustError> {
        let inner =
            core::TrustStore::open(std::path::Path::new(&dir), self::anchors(&anchors)?, policy(allow_expired))?;
        Ok(Arc::new(CounterTrustStore { inner }))
    }

    /// Verifies `bundle` now and keeps it if it is newer than the one held; returns its `seq`.
    pub fn update(&self, bundle: Vec<u8>) -> Result<u64, TrustError> {
        let update = self.inner.update(&bundle, SystemClock.now())?;
        crate::logger::info(&format!("counter trust bundle {} accepted", update.seq));
        Ok(update.seq)
    }

    /// The bundle held, checked against the clock (`NoBundle` before the first update).
    pub fn info(&self) -> Result<TrustBundleInfo, TrustError> {
        Ok((&self.inner.current(SystemClock.now())?).into())
    }
}

impl CounterTrustStore {
    pub(crate) fn current(&self) -> Result<(core::VerifiedBundle, ExpiryPolicy), TrustError> {
        Ok((self.inner.current(SystemClock.now())?, self.inner.policy()))
    }
}
