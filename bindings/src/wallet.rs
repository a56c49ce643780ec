//! The citizen's encrypted wallet, as the phone app sees it: open it once, keep it for the app's
//! life, call it from any thread.

use std::sync::{Arc, RwLock};

use citizen_wallet::wallet::{self as core, CredentialId, KdfParams, LogEntryId, UnlockDelays, WalletOptions};
use citizen_wallet::{ClaimName, Clock, SystemClock, TrustList};
use zeroize::Zeroizing;

use crate::errors::{WalletError, request_rejected};
use crate::holder_signer::{ForeignHolderSigner, HolderSigner};
use crate::keywrap::{ForeignKeyWrapper, ForeignMonotonicClock, KeyWrapper, MonotonicClock};
use crate::logger;
use crate::request;
use crate::trust::{self, TrustAnchor, TrustBundleInfo};
use crate::types::{Claim, CredentialSummary, LogEntry, Presentation, UnlockStatus, WalletSettings};

#[derive(uniffi::Object)]
pub struct Wallet {
    /// `None` once destroyed. Every call but `destroy` takes the read side, so calls run in parallel.
    inner: RwLock<Option<core::Wallet>>,
}

/// OWASP's minimum Argon2id memory (19 MiB, with 2 passes; our default is 64 MiB x 1).
const MIN_KDF_MEMORY_KIB: u32 = 19 * 1024;

#[uniffi::export]
impl Wallet {
    /// Creates a wallet file at `path`, unlocked, with a new holder key made inside the library.
    /// Protection: `pin`, `key_wrapper`, or both (then both are needed to unlock).
    /// `monotonic_clock`: the device's time since boot (see `MonotonicClock`), to measure the waits
    /// between PIN attempts on a clock the user cannot move; give it wherever the platform has one.
    #[uniffi::constructor(default(key_wrapper = None, monotonic_clock = None, settings))]
    pub fn create(
        path: String,
        pin: Option<String>,
        key_wrapper: Option<Arc<dyn KeyWrapper>>,
        settings: WalletSettings,
        monotonic_clock: Option<Arc<dyn MonotonicClock>>,
    ) -> Result<Arc<Self>, WalletError> {
        if settings.kdf_memory_kib < MIN_KDF_MEMORY_KIB && !settings.insecure_kdf_for_tests {
            return Err(WalletError::InvalidSettings {
                reason: format!("Argon2id memory must be at least {MIN_KDF_MEMORY_KIB} KiB (19 MiB)"),
            });
        }
        let options = WalletOptions {
            // Moved, not copied: the String the PIN was lifted into is wiped when the options drop.
            pin: pin.map(Zeroizing::new),
            key_wrapper: key_wrapper.map(|k| Arc::new(ForeignKeyWrapper(k)) as Arc<dyn core::KeyWrapper>),
            kdf: KdfParams { memory_kib: settings.kdf_memory_kib, iterations: settings.kdf_iterations, parallelism: 1 },
            unlock_delays: if settings.unlock_delays { UnlockDelays::standard() } else { UnlockDelays::none() },
            max_failed_unlocks: settings.max_failed_unlocks,
            monotonic_clock: monotonic_clock
                .map(|m| Arc::new(ForeignMonotonicClock(m)) as Arc<dyn core::MonotonicClock>),
            ..WalletOptions::default()
        };
        let wallet = core::Wallet::create(&path, options)?;
        logger::info("wallet created");
        Ok(Arc::new(Wallet { inner: RwLock::new(Some(wallet)) }))
    }

    /// Opens an existing wallet, locked. Give the same kind of key wrapper it was created with.
    #[uniffi::constructor(default(key_wrapper = None, monotonic_clock = None))]
    pub fn open(
        path: String,
        key_wrapper: Option<Arc<dyn KeyWrapper>>,
        monotonic_clock: Option<Arc<dyn MonotonicClock>>,
    ) -> Result<Arc<Self>, WalletError> {
        let key_wrapper = key_wrapper.map(|k| Arc::new(ForeignKeyWrapper(k)) as Arc<dyn core::KeyWrapper>);
        let mut wallet = core::Wallet::open(&path, key_wrapper)?;
        if let Some(m) = monotonic_clock {
            wallet = wallet.with_monotonic_clock(Arc::new(ForeignMonotonicClock(m)));
        }
        Ok(Arc::new(Wallet { inner: RwLock::new(Some(wallet)) }))
    }

    /// Unlocks with the PIN (None for a wallet protected by the device key only).
    #[uniffi::method(default(pin = None))]
    pub fn unlock(&self, pin: Option<String>) -> Result<(), WalletError> {
        let pin = pin.map(Zeroizing::new);
        let result = self.with(|w| Ok(w.unlock(pin.as_deref().map(String::as_str))?));
        match &result {
            Ok(()) => logger::info("wallet unlocked"),
            Err(e) => logger::log(crate::logger::LogLevel::Warn, &format!("wallet unlock refused: {e}")),
        }
        result
    }

    /// Locks: the data key is zeroized; reading credentials needs `unlock` again.
    pub fn lock(&self) {
        let _ = self.with(|w| {
            w.lock();
            Ok(())
        });
        logger::info("wallet locked");
    }

    pub fn is_unlocked(&self) -> bool {
        self.with(|w| Ok(w.is_unlocked())).unwrap_or(false)
    }

    /// Failed attempts, wait and attempts left: for the PIN screen, readable while locked.
    pub fn unlock_status(&self) -> Result<UnlockStatus, WalletError> {
        self.with(|w| Ok(w.unlock_status()?.into()))
    }

    /// Re-wraps the data key under a new PIN (records are not re-encrypted).
    pub fn change_pin(&self, old_pin: String, new_pin: String) -> Result<(), WalletError> {
        let (old_pin, new_pin) = (Zeroizing::new(old_pin), Zeroizing::new(new_pin));
        self.with(|w| Ok(w.change_pin(&old_pin, &new_pin)?))
    }

    /// The holder's public key, for issuance requests: 32 bytes of Ed25519 (software key), or 65
    /// bytes of SEC1 uncompressed P-256 (a key in secure hardware). Readable while locked.
    pub fn holder_public_key(&self) -> Result<Vec<u8>, WalletError> {
        self.with(|w| Ok(w.holder_public_key()?.to_bytes()))
    }

    /// Sets the app's signer for holder keys in secure hardware (call after every `open`, before
    /// presenting a credential bound to such a key).
    pub fn set_holder_signer(&self, signer: Arc<dyn HolderSigner>) -> Result<(), WalletError> {
        self.with(|w| {
            w.set_holder_signer(Arc::new(ForeignHolderSigner(signer)));
            Ok(())
        })
    }

    /// Creates a P-256 holder key in secure hardware through the holder signer and makes it the
    /// current holder key; returns its public key (65 bytes, SEC1 uncompressed) for the issuer.
    /// The wallet keeps only the key's alias and public key. Needs the wallet unlocked.
    pub fn create_hardware_holder_key(&self) -> Result<Vec<u8>, WalletError> {
        self.with(|w| Ok(w.create_hardware_holder_key()?.to_bytes()))
    }

    /// RFC 9679 thumbprint of the holder key, hex.
    pub fn holder_key_thumbprint(&self) -> Result<String, WalletError> {
        self.with(|w| Ok(crate::types::hex(&w.holder_key_thumbprint()?)))
    }

    /// Verifies a credential (issuer signature against `trust_list_json`, bound to this wallet's
    /// key, not expired) and stores it. Returns its id; importing it again returns the same id.
    pub fn import_credential(&self, credential: Vec<u8>, trust_list_json: String) -> Result<i64, WalletError> {
        let trust = TrustList::from_json(&trust_list_json)
            .map_err(|e| WalletError::InvalidSettings { reason: format!("the trust list is invalid: {e}") })?;
        let id = self.with(|w| Ok(w.import_credential(&credential, &trust)?.0))?;
        logger::info(&format!("credential {id} imported"));
        Ok(id)
    }

    /// Verifies a trust bundle against the app's pinned `anchors` and keeps it if it is newer than
    /// the one held (a rollback is refused, also after a restart). Returns the sequence number now
    /// held. Works while locked.
    #[uniffi::method(default(allow_expired = false))]
    pub fn update_trust(
        &self,
        bundle: Vec<u8>,
        anchors: Vec<TrustAnchor>,
        allow_expired: bool,
    ) -> Result<u64, WalletError> {
        let anchors = trust::anchors(&anchors).map_err(trust_settings)?;
        let update = self.with(|w| Ok(w.update_trust(&bundle, &anchors, trust::policy(allow_expired))?))?;
        logger::info(&format!("trust bundle {} accepted", update.seq));
        Ok(update.seq)
    }

    /// The trust bundle held, re-verified from `anchors` (`TrustRefused` with code no_trust_bundle
    /// before the first update, trust_bundle_expired once it has expired unless `allow_expired`).
    #[uniffi::method(default(allow_expired = false))]
    pub fn trust_info(&self, anchors: Vec<TrustAnchor>, allow_expired: bool) -> Result<TrustBundleInfo, WalletError> {
        let verified = self.held_trust(&anchors, allow_expired)?;
        Ok((&verified).into())
    }

    /// Like `importCredential`, against the issuers of the trust bundle the wallet holds.
    pub fn import_trusted_credential(
        &self,
        credential: Vec<u8>,
        anchors: Vec<TrustAnchor>,
    ) -> Result<i64, WalletError> {
        let trust = self.held_trust(&anchors, false)?.bundle.issuers;
        let id = self.with(|w| Ok(w.import_credential(&credential, &trust)?.0))?;
        logger::info(&format!("credential {id} imported"));
        Ok(id)
    }

    /// Reads a request QR against the registered verifiers of the trust bundle the wallet holds:
    /// a verifier removed from the bundle is shown unverified.
    pub fn read_trusted_request(
        &self,
        qr_text: String,
        anchors: Vec<TrustAnchor>,
    ) -> Result<request::VerifierRequest, WalletError> {
        let registry = self.held_trust(&anchors, false)?.bundle.verifiers;
        Ok(citizen_wallet::read_request(&qr_text, &registry, SystemClock.now()).map_err(request_rejected)?.into())
    }

    /// Like `presentForRequest`, checking the request against the trust bundle the wallet holds.
    #[uniffi::method(default(allow_unverified = false))]
    pub fn present_for_trusted_request(
        &self,
        credential_id: i64,
        request_text: String,
        anchors: Vec<TrustAnchor>,
        approved: Vec<String>,
        allow_unverified: bool,
    ) -> Result<Presentation, WalletError> {
        let registry = self.held_trust(&anchors, false)?.bundle.verifiers;
        self.answer(credential_id, &request_text, &registry, &approved, allow_unverified)
    }

    /// The stored credentials, without their values.
    /// Receives credentials from an issuer's offer (link or JSON) over the app's `http` client:
    /// `batch_size` one-time credentials per offered document, each bound to a fresh holder key
    /// that proved possession; each is verified against `trust_list_json` and stored. A refresh
    /// grant is kept for [`Wallet::refresh_grant`]. The wallet must be unlocked.
    #[uniffi::method(default(batch_size = 1, tx_code = None))]
    pub fn receive_offer(
        &self,
        offer: String,
        http: Arc<dyn crate::issuance::HttpClient>,
        trust_list_json: String,
        batch_size: u32,
        tx_code: Option<String>,
    ) -> Result<crate::issuance::Received, crate::errors::IssuanceError> {
        let trust = crate::issuance::trust(&trust_list_json)?;
        let http = crate::issuance::ForeignHttp(http);
        let options = crate::issuance::options(batch_size, tx_code);
        let guard = self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let wallet = guard.as_ref().ok_or_else(|| crate::errors::IssuanceError::Wallet {
            code: "destroyed".into(),
            reason: "the wallet was erased".into(),
        })?;
        let received = citizen_wallet::issuance::receive(wallet, &offer, &http, &trust, &options)?;
        logger::info("credentials received");
        Ok(crate::issuance::received(received))
    }

    /// Renews the credentials of stored grant `grant_id` (no new identity proofing): a new batch
    /// of `batch_size` per document. A revoked citizen gets `IssuanceException.Revoked`.
    #[uniffi::method(default(batch_size = 1))]
    pub fn refresh_grant(
        &self,
        grant_id: i64,
        http: Arc<dyn crate::issuance::HttpClient>,
        trust_list_json: String,
        batch_size: u32,
    ) -> Result<crate::issuance::Received, crate::errors::IssuanceError> {
        let trust = crate::issuance::trust(&trust_list_json)?;
        let http = crate::issuance::ForeignHttp(http);
        let guard = self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let wallet = guard.as_ref().ok_or_else(|| crate::errors::IssuanceError::Wallet {
            code: "destroyed".into(),
            reason: "the wallet was erased".into(),
        })?;
        let grant = citizen_wallet::wallet::GrantId(grant_id);
        let received = citizen_wallet::issuance::refresh(wallet, grant, &http, &trust, batch_size as usize)?;
        Ok(crate::issuance::received(received))
    }

    /// The stored refresh grants' ids.
    pub fn grant_ids(&self) -> Result<Vec<i64>, WalletError> {
        self.with(|w| Ok(w.grants()?.into_iter().map(|(id, _)| id.0).collect()))
    }

    /// Credentials of `doc_type` not yet presented and not expired, oldest first: present each
    /// once, so that counters cannot link visits.
    pub fn unused_credentials(&self, doc_type: crate::types::DocType) -> Result<Vec<i64>, WalletError> {
        self.with(|w| Ok(w.unused_credentials(doc_type.into())?.into_iter().map(|c| c.0).collect()))
    }

    pub fn list_credentials(&self) -> Result<Vec<CredentialSummary>, WalletError> {
        self.with(|w| Ok(w.list_credentials()?.into_iter().map(Into::into).collect()))
    }

    /// The claims of one credential with their values, for the citizen's own screen.
    pub fn credential_claims(&self, credential_id: i64) -> Result<Vec<Claim>, WalletError> {
        self.with(|w| Ok(w.get_credential(CredentialId(credential_id))?.claims().iter().map(Claim::from).collect()))
    }

    pub fn delete_credential(&self, credential_id: i64) -> Result<(), WalletError> {
        self.with(|w| Ok(w.delete_credential(CredentialId(credential_id))?))
    }

    /// Signs a presentation disclosing `disclose` (claim names, e.g. "age_over_18") to `audience`,
    /// valid `ttl_secs` (1 to 900), bound to the verifier's `nonce` when it gave one; logs it.
    #[uniffi::method(default(ttl_secs = 60, nonce = None))]
    pub fn present(
        &self,
        credential_id: i64,
        disclose: Vec<String>,
        audience: String,
        ttl_secs: u64,
        nonce: Option<Vec<u8>>,
    ) -> Result<Presentation, WalletError> {
        let names = claim_names(&disclose)?;
        let presentation = self
            .with(|w| Ok(w.present(CredentialId(credential_id), &names, &audience, ttl_secs, nonce.as_deref())?))?;
        logger::info(&format!("presentation of [{}] made for {audience}", disclose.join(", ")));
        Ok(presentation.into())
    }

    /// Answers a verifier request (the text of its QR, read before with `readRequest`): checks it
    /// again against `registry_json`, then presents the `approved` claims (each must have been
    /// requested) bound to the request's nonce and audience, and logs it. A request from an
    /// unregistered key is refused unless `allow_unverified`.
    #[uniffi::method(default(allow_unverified = false))]
    pub fn present_for_request(
        &self,
        credential_id: i64,
        request_text: String,
        registry_json: String,
        approved: Vec<String>,
        allow_unverified: bool,
    ) -> Result<Presentation, WalletError> {
        let registry = request::parse_registry(&registry_json)
            .map_err(|e| WalletError::RequestRejected { code: "invalid_registry".into(), reason: e.to_string() })?;
        self.answer(credential_id, &request_text, &registry, &approved, allow_unverified)
    }

    /// Every presentation made, oldest first: time, credential, audience, claim names (no values).
    pub fn presentation_log(&self) -> Result<Vec<LogEntry>, WalletError> {
        self.with(|w| Ok(w.presentation_log()?.into_iter().map(Into::into).collect()))
    }

    pub fn delete_log_entry(&self, entry_id: i64) -> Result<(), WalletError> {
        self.with(|w| Ok(w.delete_log_entry(LogEntryId(entry_id))?))
    }

    pub fn clear_log(&self) -> Result<(), WalletError> {
        self.with(|w| Ok(w.clear_log()?))
    }

    /// Erases the wallet file and its keys; the object is unusable afterwards. (Not `destroy`,
    /// which the generated Kotlin reserves for freeing the native object.)
    pub fn erase(&self) -> Result<(), WalletError> {
        let wallet = self.inner.write().unwrap_or_else(|e| e.into_inner()).take();
        match wallet {
            Some(w) => {
                w.destroy()?;
                logger::info("wallet destroyed");
                Ok(())
            }
            None => Err(destroyed()),
        }
    }
}

impl Wallet {
    /// Checks a request against `registry` and answers it with the `approved` claims.
    fn answer(
        &self,
        credential_id: i64,
        request_text: &str,
        registry: &citizen_wallet::VerifierRegistry,
        approved: &[String],
        allow_unverified: bool,
    ) -> Result<Presentation, WalletError> {
        let names = claim_names(approved)?;
        let view = citizen_wallet::read_request(request_text, registry, SystemClock.now()).map_err(request_rejected)?;
        view.check_answerable(allow_unverified).map_err(request_rejected)?;
        let presentation = self.with(|w| Ok(w.present_for_request(CredentialId(credential_id), &view, &names)?))?;
        logger::info(&format!("presentation of [{}] made for request from {}", approved.join(", "), view.audience));
        Ok(presentation.into())
    }

    /// The bundle the wallet holds, re-verified from `anchors`.
    fn held_trust(
        &self,
        anchors: &[TrustAnchor],
        allow_expired: bool,
    ) -> Result<citizen_wallet::VerifiedBundle, WalletError> {
        let anchors = trust::anchors(anchors).map_err(trust_settings)?;
        self.with(|w| Ok(w.trust(&anchors, trust::policy(allow_expired))?))
    }

    fn with<T>(&self, f: impl FnOnce(&core::Wallet) -> Result<T, WalletError>) -> Result<T, WalletError> {
        let guard = self.inner.read().unwrap_or_else(|e| e.into_inner());
        f(guard.as_ref().ok_or_else(destroyed)?)
    }
}

fn destroyed() -> WalletError {
    WalletError::NoWallet { reason: "this wallet was erased".into() }
}

fn claim_names(names: &[String]) -> Result<Vec<ClaimName>, WalletError> {
    names
        .iter()
        .map(|n| {
            n.parse::<ClaimName>().map_err(|e| WalletError::UnknownClaim { name: n.clone(), reason: e.to_string() })
        })
        .collect()
}

/// A pinned anchor the app passed is itself invalid (not 32 bytes, bad kid).
fn trust_settings(e: crate::errors::TrustError) -> WalletError {
    WalletError::InvalidSettings { reason: format!("invalid trust anchor: {e}") }
}
