//! The encrypted wallet a phone app keeps open for its whole life: credentials, the holder key and
//! the presentation log in one SQLite file, every secret record sealed with AES-256-GCM under a
//! random data key (DEK) that is itself wrapped by the citizen's PIN (Argon2id), by a platform key
//! wrapper (Android Keystore / StrongBox, iOS Keychain / Secure Enclave), or by both.
//!
//! ```text
//! create ──► unlocked ──lock()──► locked ──unlock(pin)──► unlocked
//!              open() ───────────►  ▲  └─ wrong PINs: growing waits, optional wipe
//! ```
//!
//! Every method takes `&self` and may be called from any thread: one SQLite connection sits behind
//! a mutex, and the slow or blocking steps (Argon2id, the platform key wrapper) run outside it.
//! FORMAT.md "Storage" documents the file: tables, AAD layout, wrap formats, KDF parameters.

mod envelope;
mod error;
mod grants;
mod holder_signer;
mod kdf;
mod keywrap;
mod lockout;
mod log;
mod protect;
mod store;
#[cfg(test)]
mod tests;

pub use error::{KeyWrapError, StorageError, WalletError};
pub use grants::{GrantId, StoredGrant};
pub use holder_signer::HolderSigner;
pub use kdf::{KdfParams, MAX_PIN_BYTES, MIN_PIN_CHARS, MIN_PIN_CHARS_WITH_DEVICE_KEY};
pub use keywrap::{KeyWrapper, SoftwareKeyWrapper};
pub use lockout::{MonotonicClock, UnlockDelays};
pub use log::{LogEntry, LogEntryId};
pub use protect::Protection;
pub use store::SCHEMA_VERSION;
/// Re-exported for [`KeyWrapper`] implementations.
pub use zeroize::Zeroizing;

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::claims::{ClaimName, DocType};
use crate::clock::{Clock, SystemClock};
use crate::cose::cbor::Value;
use crate::cose::key::PublicKey;
use crate::credential::Credential;
use crate::error::{PresentError, RequestError, SignerError};
use crate::holder::key_proof::{MAX_KEYS_PER_REQUEST, sign_key_proof};
use crate::holder::{self, HolderKey, Presentation, PresentationRequest};
use crate::random::os_random;
use crate::request::RequestView;
use crate::trust::TrustList;
use crate::trust::{ExpiryPolicy, TrustAnchor, TrustState, TrustUpdate, VerifiedBundle};
use envelope::{SecretKey, WALLET_ID_LEN, record_aad};
use holder_signer::PlatformKey;
use kdf::{check_new_pin, normalize_pin};
use protect::{PinWrapParams, WrappedDataKey, dek_from_device};
use store::{
    CREDENTIALS, CredentialRow, HOLDER_KEYS, ISSUANCE_GRANTS, NewWallet, PRESENTATION_LOG, SealedRow, Store,
    credential_columns,
};

/// The id of a stored credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CredentialId(pub i64);

impl fmt::Display for CredentialId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a stored credential is, without its personal values: safe to show in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialSummary {
    pub id: CredentialId,
    /// `None` when the `vct` is not one of ours.
    pub doc_type: Option<DocType>,
    pub issuer: String,
    pub kid: String,
    pub issued_at: i64,
    pub not_before: Option<i64>,
    pub expires_at: i64,
    pub imported_at: i64,
    /// The claims it can disclose, by name.
    pub claims: Vec<ClaimName>,
}

/// A record that failed authentication: named by table and row id, never by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DamagedRecord {
    pub table: &'static str,
    pub id: i64,
}

/// Failed-unlock bookkeeping, readable while locked (for the PIN screen).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnlockStatus {
    pub failed_attempts: u32,
    /// Seconds until an attempt is accepted (0: now).
    pub retry_after_secs: u64,
    /// Attempts left before the wallet wipes itself (`None`: it never does).
    pub attempts_left: Option<u32>,
    pub wiped: bool,
}

/// How to create a wallet. At least one of `pin` and `key_wrapper` is required; with both, both
/// are needed to unlock.
pub struct WalletOptions {
    /// The citizen's PIN or passphrase (at least [`MIN_PIN_CHARS`] characters).
    pub pin: Option<Zeroizing<String>>,
    /// The platform key wrapper. The same wrapper (same platform key) must be given to `open`.
    pub key_wrapper: Option<Arc<dyn KeyWrapper>>,
    /// Argon2id cost of the PIN wrap. Keep the default outside tests.
    pub kdf: KdfParams,
    /// Waits after failed PIN attempts.
    pub unlock_delays: UnlockDelays,
    /// Wipe the wallet after this many failed PIN attempts in a row (default
    /// [`DEFAULT_MAX_FAILED_UNLOCKS`]; `None`: never, which lets someone with the phone and time,
    /// or a wall clock they can move, keep guessing). Credentials can be issued again after a wipe.
    pub max_failed_unlocks: Option<u32>,
    pub clock: Arc<dyn Clock>,
    /// The platform's monotonic time since boot, when it has one (see [`MonotonicClock`]): waits
    /// between PIN attempts are then measured with it, so moving the wall clock does not end them.
    pub monotonic_clock: Option<Arc<dyn MonotonicClock>>,
}

/// Default wipe threshold: the tenth wrong PIN in a row erases the wallet (phones use the same
/// count). With the default waits, ten guesses take about 1 h 50 min of waiting.
pub const DEFAULT_MAX_FAILED_UNLOCKS: u32 = 10;

impl Default for WalletOptions {
    fn default() -> WalletOptions {
        WalletOptions {
            pin: None,
            key_wrapper: None,
            kdf: KdfParams::DEFAULT,
            unlock_delays: UnlockDelays::standard(),
            max_failed_unlocks: Some(DEFAULT_MAX_FAILED_UNLOCKS),
            clock: Arc::new(SystemClock),
            monotonic_clock: None,
        }
    }
}

impl WalletOptions {
    /// Protected by a PIN, with the default KDF cost and delays.
    pub fn with_pin(pin: &str) -> WalletOptions {
        WalletOptions { pin: Some(Zeroizing::new(pin.to_owned())), ..WalletOptions::default() }
    }

    /// Protected by a platform key wrapper only.
    pub fn with_key_wrapper(key_wrapper: Arc<dyn KeyWrapper>) -> WalletOptions {
        WalletOptions { key_wrapper: Some(key_wrapper), ..WalletOptions::default() }
    }

    /// Protected by both: the platform key and the PIN are each required.
    pub fn with_pin_and_key_wrapper(pin: &str, key_wrapper: Arc<dyn KeyWrapper>) -> WalletOptions {
        WalletOptions { key_wrapper: Some(key_wrapper), ..WalletOptions::with_pin(pin) }
    }
}

impl fmt::Debug for WalletOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WalletOptions")
            .field("pin", &self.pin.as_ref().map(|_| "<redacted>"))
            .field("key_wrapper", &self.key_wrapper.as_ref().map(|_| "<platform>"))
            .field("kdf", &self.kdf)
            .field("unlock_delays", &self.unlock_delays)
            .field("max_failed_unlocks", &self.max_failed_unlocks)
            .finish_non_exhaustive()
    }
}

/// An encrypted wallet file, open. `Send + Sync`: share it with `Arc`.
pub struct Wallet {
    path: PathBuf,
    wallet_id: [u8; WALLET_ID_LEN],
    key_wrapper: Option<Arc<dyn KeyWrapper>>,
    clock: Arc<dyn Clock>,
    monotonic: Option<Arc<dyn MonotonicClock>>,
    state: Mutex<State>,
    /// The app's signer for holder keys in secure hardware (see [`Wallet::set_holder_signer`]).
    holder_signer: Mutex<Option<Arc<dyn HolderSigner>>>,
}

/// A holder key opened for one presentation.
enum OpenedHolderKey {
    /// The software Ed25519 key (zeroized on drop).
    Software(HolderKey),
    /// A key in secure hardware: its alias and public key, both authenticated by the sealed record.
    Platform { alias: String, public_key: PublicKey },
}

struct State {
    store: Store,
    /// The data key while unlocked; zeroized when dropped (lock, drop, destroy).
    dek: Option<SecretKey>,
    /// Bumped by every `lock()`: an unlock that was already running when the wallet was locked
    /// must not unlock it afterwards.
    locks: u64,
    /// The newest holder key row (id, public key) as last authenticated with the data key: the
    /// only public key handed out while locked, and only while it is still the newest row.
    authenticated_holder: Option<AuthenticatedHolder>,
}

/// The newest holder key row as last authenticated with the data key.
#[derive(Clone, Copy)]
struct AuthenticatedHolder {
    id: i64,
    /// `holder_keys.public_key` as it was then (Ed25519 key or platform key thumbprint).
    column: [u8; 32],
    public: PublicKey,
}

impl fmt::Debug for Wallet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wallet")
            .field("path", &self.path)
            .field("unlocked", &self.is_unlocked())
            .finish_non_exhaustive()
    }
}

impl Wallet {
    /// Creates a new wallet file at `path` (which must not exist) and returns it unlocked. The data
    /// key and the Ed25519 holder key are generated here from the OS generator.
    ///
    /// The file is built under a temporary name and linked into place only when complete, so a
    /// crash never leaves a half-made wallet at `path`.
    pub fn create(path: impl AsRef<Path>, options: WalletOptions) -> Result<Wallet, WalletError> {
        Wallet::create_at_schema(path.as_ref(), options, SCHEMA_VERSION)
    }

    fn create_at_schema(path: &Path, options: WalletOptions, schema_version: u32) -> Result<Wallet, WalletError> {
        let protection = match (options.pin.is_some(), options.key_wrapper.is_some()) {
            (true, false) => Protection::Pin,
            (false, true) => Protection::Device,
            (true, true) => Protection::PinAndDevice,
            (false, false) => {
                return Err(WalletError::InvalidSettings("a wallet needs a PIN, a key wrapper, or both".into()));
            }
        };
        if let Some(pin) = &options.pin {
            check_new_pin(pin, protection)?;
        }
        options.kdf.check()?;
        options.unlock_delays.check()?;
        if options.max_failed_unlocks == Some(0) {
            return Err(WalletError::InvalidSettings("max_failed_unlocks must be at least 1".into()));
        }
        if fs::symlink_metadata(path).is_ok() {
            return Err(WalletError::AlreadyExists { path: path.display().to_string() });
        }

        let wallet_id = os_random::<WALLET_ID_LEN>();
        let dek = SecretKey::generate();
        let holder = HolderKey::generate();
        let holder_public = holder.public_key().to_bytes();
        let now = options.clock.now();

        // The slow and platform steps come first, before any file exists.
        let pin_params = options.pin.as_ref().map(|_| PinWrapParams::fresh(options.kdf));
        let mut wrapped = match (&options.pin, &pin_params) {
            (Some(pin), Some(params)) => Zeroizing::new(params.wrap(&wallet_id, &normalize_pin(pin), &dek)?),
            _ => Zeroizing::new(dek.as_bytes().to_vec()),
        };
        if let Some(wrapper) = &options.key_wrapper {
            wrapped = Zeroizing::new(wrapper.wrap(&wrapped)?);
        }
        let data_key = WrappedDataKey { protection, pin: pin_params, wrapped: wrapped.to_vec() };

        let building = sibling(path, ".creating");
        remove_files(&building)?;
        let new = NewWallet {
            wallet_id,
            created_at: now,
            data_key: &data_key,
            delays: &options.unlock_delays,
            max_failed_unlocks: options.max_failed_unlocks,
            holder_public_key: holder_public,
        };
        let built = Store::create(&building, schema_version, &new, |id, version| {
            dek.seal(&record_aad(&wallet_id, HOLDER_KEYS, id, version, &holder_public), &*holder.secret_bytes())
        })
        .and_then(|()| move_into_place(&building, path));
        if let Err(e) = built {
            let _ = remove_files(&building);
            return Err(e);
        }

        let store = Store::open(path, schema_version)?;
        let wallet = Wallet {
            path: path.to_owned(),
            wallet_id,
            key_wrapper: options.key_wrapper,
            clock: options.clock,
            monotonic: options.monotonic_clock,
            state: Mutex::new(State { store, dek: Some(dek), locks: 0, authenticated_holder: None }),
            holder_signer: Mutex::new(None),
        };
        wallet.holder_public_key()?;
        Ok(wallet)
    }

    /// Opens an existing wallet, locked, migrating an older file forward. `key_wrapper` is needed
    /// when the wallet was created with one.
    pub fn open(path: impl AsRef<Path>, key_wrapper: Option<Arc<dyn KeyWrapper>>) -> Result<Wallet, WalletError> {
        Wallet::open_with_clock(path, key_wrapper, Arc::new(SystemClock))
    }

    /// [`Wallet::open`] with a given clock (tests of the unlock delays; re-checking at a set time).
    pub fn open_with_clock(
        path: impl AsRef<Path>,
        key_wrapper: Option<Arc<dyn KeyWrapper>>,
        clock: Arc<dyn Clock>,
    ) -> Result<Wallet, WalletError> {
        let path = path.as_ref();
        match fs::metadata(path) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => return Err(WalletError::NotAWallet(format!("{} is not a file", path.display()))),
            Err(_) => return Err(WalletError::NoWallet { path: path.display().to_string() }),
        }
        let store = Store::open(path, SCHEMA_VERSION)?;
        let wallet_id = store.wallet_id()?;
        Ok(Wallet {
            path: path.to_owned(),
            wallet_id,
            key_wrapper,
            clock,
            monotonic: None,
            state: Mutex::new(State { store, dek: None, locks: 0, authenticated_holder: None }),
            holder_signer: Mutex::new(None),
        })
    }

    /// Measures the waits between PIN attempts with the platform's monotonic clock (see
    /// [`MonotonicClock`]) as well as the wall clock: give it right after `open`.
    pub fn with_monotonic_clock(mut self, monotonic: Arc<dyn MonotonicClock>) -> Wallet {
        self.monotonic = Some(monotonic);
        self
    }

    /// Both times a PIN wait is measured with: the wall clock and, when given, the monotonic one.
    fn times(&self) -> lockout::Times {
        lockout::Times { now: self.clock.now(), uptime: self.monotonic.as_ref().map(|m| m.uptime_secs()) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> u32 {
        self.state().store.schema_version()
    }

    /// What protects this wallet's data key: tells the app whether to ask for a PIN.
    pub fn protection(&self) -> Result<Protection, WalletError> {
        Ok(self.state().store.data_key()?.protection)
    }

    pub fn unlock_status(&self) -> Result<UnlockStatus, WalletError> {
        let state = self.state().store.unlock_state()?;
        Ok(UnlockStatus {
            failed_attempts: state.failed_attempts,
            retry_after_secs: state.retry_after(self.times()),
            attempts_left: state.attempts_left(),
            wiped: state.wiped,
        })
    }

    /// Unlocks with the PIN (`None` for a wallet protected by the key wrapper alone).
    ///
    /// Each PIN attempt is counted in the file *before* the PIN is tried and forgotten only when it
    /// was right. While a wait is pending, no attempt runs (not even with the right PIN).
    ///
    /// If [`Wallet::lock`] is called while this runs (the app went to the background during a
    /// biometric prompt), the lock wins: this returns [`WalletError::Locked`].
    pub fn unlock(&self, pin: Option<&str>) -> Result<(), WalletError> {
        let locks = self.state().locks;
        let (dek, _) = self.unwrap_data_key(pin)?;
        let mut state = self.state();
        if state.locks != locks {
            return Err(WalletError::Locked);
        }
        // Remember the authenticated holder key for reads while locked; a damaged newest row is
        // reported by `holder_public_key`, not by the unlock.
        let State { store, authenticated_holder, .. } = &mut *state;
        if let Ok(current) = self.authenticate_current_holder_key(store, &dek) {
            *authenticated_holder = Some(current);
        }
        state.dek = Some(dek);
        Ok(())
    }

    /// Forgets the data key (zeroized). Holder keys are never kept in memory between operations.
    pub fn lock(&self) {
        let mut state = self.state();
        state.dek = None;
        state.locks += 1;
    }

    pub fn is_unlocked(&self) -> bool {
        self.state().dek.is_some()
    }

    /// Changes the PIN and **rotates the data key**: a new random data key is wrapped under
    /// `new_pin` (with at least the current default Argon2id cost), every record is re-sealed
    /// under it in one transaction, and the WAL is checkpointed and truncated. So the old PIN,
    /// even with an old copy of the wrap, opens nothing in today's file. `old_pin` is checked like
    /// an unlock (it counts as an attempt); the lock state does not change.
    pub fn change_pin(&self, old_pin: &str, new_pin: &str) -> Result<(), WalletError> {
        // Checked before the old PIN is tried, so a too-short new PIN costs no attempt.
        check_new_pin(new_pin, self.protection()?)?;
        let (old_dek, old) = self.unwrap_data_key(Some(old_pin))?;
        let Some(old_params) = &old.pin else { return Err(WalletError::NoPin) };
        let params = PinWrapParams::fresh(old_params.kdf.at_least(KdfParams::DEFAULT));
        let new_dek = SecretKey::generate();
        let mut wrapped = Zeroizing::new(params.wrap(&self.wallet_id, &normalize_pin(new_pin), &new_dek)?);
        if old.protection.uses_device() {
            let wrapper = self.key_wrapper.as_ref().ok_or(WalletError::KeyWrapperRequired)?;
            wrapped = Zeroizing::new(wrapper.wrap(&wrapped)?);
        }
        let new = WrappedDataKey { protection: old.protection, pin: Some(params), wrapped: wrapped.to_vec() };
        let now = self.clock.now();
        // Under the state lock throughout: no record can be sealed with the old key meanwhile.
        let mut state = self.state();
        state.store.rotate_data_key(&new, now, |table, row, columns| {
            let version = row.schema_version.filter(|v| (1..=SCHEMA_VERSION).contains(v))?;
            let aad = record_aad(&self.wallet_id, table, row.id, version, columns);
            let plain = old_dek.open(&aad, &row.sealed).ok()?;
            Some(new_dek.seal(&aad, &plain))
        })?;
        if state.dek.is_some() {
            state.dek = Some(new_dek);
        }
        Ok(())
    }

    /// The holder's public key (the newest holder key), for issuance requests: Ed25519 for a
    /// software key, P-256 for a key in secure hardware.
    ///
    /// Only a key whose row authenticates under the data key is handed out (a software key's
    /// sealed secret opens with the public key in the associated data and derives that public key;
    /// a platform key's sealed alias and public key match its clear row and thumbprint): a row
    /// written into the file by someone without the data key is refused
    /// ([`WalletError::RecordCorrupt`]). While locked, the key authenticated at the last unlock is
    /// returned as long as it is still the newest row; otherwise [`WalletError::Locked`].
    pub fn holder_public_key(&self) -> Result<PublicKey, WalletError> {
        let mut state = self.state();
        let State { store, dek, authenticated_holder, .. } = &mut *state;
        match dek {
            Some(dek) => {
                let current = self.authenticate_current_holder_key(store, dek)?;
                *authenticated_holder = Some(current);
                Ok(current.public)
            }
            None => {
                let (id, column) = store.current_holder_key()?;
                match authenticated_holder {
                    Some(known) if known.id == id && known.column == column => Ok(known.public),
                    _ => Err(WalletError::Locked),
                }
            }
        }
    }

    /// The newest holder key row, authenticated (see [`Wallet::holder_public_key`]).
    fn authenticate_current_holder_key(
        &self,
        store: &Store,
        dek: &SecretKey,
    ) -> Result<AuthenticatedHolder, WalletError> {
        let (id, column) = store.current_holder_key()?;
        let public = match self.open_holder_key(store, dek, id)? {
            OpenedHolderKey::Software(key) => PublicKey::Ed25519(key.public_key()),
            OpenedHolderKey::Platform { public_key, .. } => public_key,
        };
        Ok(AuthenticatedHolder { id, column, public })
    }

    /// Sets the app's signer for holder keys in secure hardware. Needed (after every
    /// [`Wallet::open`]) before [`Wallet::create_hardware_holder_key`] and before presenting a
    /// credential bound to such a key; without it those fail with
    /// [`WalletError::HolderSignerRequired`].
    pub fn set_holder_signer(&self, signer: Arc<dyn HolderSigner>) {
        *self.holder_signer.lock().unwrap_or_else(PoisonError::into_inner) = Some(signer);
    }

    /// Creates a new holder key in the phone's secure hardware through the holder signer and makes
    /// it the current holder key (what [`Wallet::holder_public_key`] gives issuers). The wallet
    /// stores only its alias and public key, sealed like every record. Needs the wallet unlocked.
    /// Credentials bound to earlier keys stay usable with their keys.
    pub fn create_hardware_holder_key(&self) -> Result<PublicKey, WalletError> {
        let signer = self.holder_signer()?;
        if !self.is_unlocked() {
            return Err(WalletError::Locked);
        }
        let alias = format!("citizen-wallet-holder-{}", hex::encode(os_random::<8>()));
        // The platform call (it may show UI) runs without the database lock.
        let sec1 = signer.generate_key(&alias).map_err(WalletError::HolderSigner)?;
        let public = PublicKey::p256_sec1(&sec1).map_err(|_| {
            WalletError::HolderSigner(SignerError::Platform("the signer returned no valid P-256 public key".into()))
        })?;
        let sec1 = public.to_bytes();
        let column = holder_key_column(&public);
        let plaintext = platform_key_plaintext(&alias, &sec1);
        let now = self.clock.now();
        self.with_unlocked(|store, dek| {
            store.insert_platform_holder_key(&column, &alias, &sec1, now, |id, version| {
                dek.seal(&record_aad(&self.wallet_id, HOLDER_KEYS, id, version, &column), &plaintext)
            })
        })?;
        Ok(public)
    }

    fn holder_signer(&self) -> Result<Arc<dyn HolderSigner>, WalletError> {
        self.holder_signer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or(WalletError::HolderSignerRequired)
    }

    /// RFC 9679 thumbprint of [`Wallet::holder_public_key`].
    pub fn holder_key_thumbprint(&self) -> Result<[u8; 32], WalletError> {
        Ok(self.holder_public_key()?.thumbprint())
    }

    /// Verifies and stores a credential: the issuer signature and `iss` against `trust`, an
    /// unexpired validity, and a `cnf` key that is this wallet's holder key. Importing the same
    /// credential again returns the id it already has.
    pub fn import_credential(&self, bytes: &[u8], trust: &TrustList) -> Result<CredentialId, WalletError> {
        let credential = Credential::from_bytes(bytes).map_err(WalletError::InvalidCredential)?;
        trust.check_credential(&credential).map_err(WalletError::UntrustedCredential)?;
        let now = self.clock.now();
        if now >= credential.info().expires_at {
            return Err(WalletError::CredentialExpired { expired_at: credential.info().expires_at });
        }
        self.with_unlocked(|store, dek| {
            let holder_key_id = store
                .holder_key_id(&holder_key_column(&credential.info().holder_key))?
                .ok_or(WalletError::NotBoundToWallet)?;
            // The row must be one this wallet sealed, not one written into the file.
            self.open_holder_key(store, dek, holder_key_id)?;
            for row in store.credentials()? {
                if let Ok(existing) = self.open_credential_row(dek, &row)
                    && *existing == bytes
                {
                    return Ok(CredentialId(row.row.id));
                }
            }
            let id = store.insert_credential(holder_key_id, now, |id, version| {
                let aad =
                    record_aad(&self.wallet_id, CREDENTIALS, id, version, &credential_columns(holder_key_id, now));
                dek.seal(&aad, bytes)
            })?;
            Ok(CredentialId(id))
        })
    }

    /// Verifies a trust bundle against the app's `pinned` anchors (and the anchors that earlier
    /// bundles rotated to) and keeps it if its sequence number is above the one held. A refused
    /// bundle changes nothing. Works while locked: bundles are public and signed.
    pub fn update_trust(
        &self,
        bundle: &[u8],
        pinned: &[TrustAnchor],
        policy: ExpiryPolicy,
    ) -> Result<TrustUpdate, WalletError> {
        let now = self.clock.now();
        let state = self.state();
        let mut trust = load_trust(&state.store, pinned)?;
        let update = trust.update(bundle, now, policy).map_err(WalletError::Trust)?;
        state.store.put_trust_state(update.seq, &trust.to_bytes(), now)?;
        Ok(update)
    }

    /// The trust bundle held, re-verified from the `pinned` anchors and checked against the clock:
    /// [`crate::error::TrustError::NoBundle`] before the first update; expired by `policy`.
    pub fn trust(&self, pinned: &[TrustAnchor], policy: ExpiryPolicy) -> Result<VerifiedBundle, WalletError> {
        let trust = load_trust(&self.state().store, pinned)?;
        trust.current_at(self.clock.now(), policy).map_err(WalletError::Trust)
    }

    /// Summaries of every readable credential, oldest first. Records that fail authentication are
    /// left out here and reported by [`Wallet::damaged_records`].
    pub fn list_credentials(&self) -> Result<Vec<CredentialSummary>, WalletError> {
        self.with_unlocked(|store, dek| {
            Ok(store
                .credentials()?
                .iter()
                .filter_map(|row| {
                    let credential = self.parse_credential_row(dek, row).ok()?;
                    Some(summary(row, &credential))
                })
                .collect())
        })
    }

    /// One credential, with its claim values.
    pub fn get_credential(&self, id: CredentialId) -> Result<Credential, WalletError> {
        self.with_unlocked(|store, dek| self.parse_credential_row(dek, &store.credential(id.0)?))
    }

    pub fn delete_credential(&self, id: CredentialId) -> Result<(), WalletError> {
        self.with_unlocked(|store, _| store.delete_credential(id.0))
    }

    /// Signs a presentation of credential `id` with the stored holder key, disclosing `disclose` to
    /// `audience` for `ttl_secs`, and appends it to the presentation log (names only).
    pub fn present(
        &self,
        id: CredentialId,
        disclose: &[ClaimName],
        audience: &str,
        ttl_secs: u64,
        nonce: Option<&[u8]>,
    ) -> Result<Presentation, WalletError> {
        let request = PresentationRequest {
            disclose: disclose.to_vec(),
            audience: audience.to_owned(),
            ttl_secs,
            nonce: nonce.map(<[u8]>::to_vec),
        };
        self.sign_and_log(id, &request, self.clock.now())
    }

    /// Answers a verifier request read with [`crate::request::read_request`]: presents the
    /// `approved` claims of credential `id` (each must have been requested; the request must not
    /// have expired since it was read), bound to the request's nonce and audience, and logs it
    /// like [`Wallet::present`].
    pub fn present_for_request(
        &self,
        id: CredentialId,
        view: &RequestView,
        approved: &[ClaimName],
    ) -> Result<Presentation, WalletError> {
        let now = self.clock.now();
        let request = PresentationRequest::for_request(view, approved, now).map_err(|e| match e {
            RequestError::Present(p) => WalletError::Present(p),
            other => WalletError::Request(other),
        })?;
        self.sign_and_log(id, &request, now)
    }

    fn sign_and_log(
        &self,
        id: CredentialId,
        request: &PresentationRequest,
        now: i64,
    ) -> Result<Presentation, WalletError> {
        let (credential, key) = self.with_unlocked(|store, dek| {
            let row = store.credential(id.0)?;
            let credential = self.parse_credential_row(dek, &row)?;
            let holder_key_id = row.holder_key_id.ok_or(WalletError::RecordCorrupt { table: CREDENTIALS, id: id.0 })?;
            Ok((credential, self.open_holder_key(store, dek, holder_key_id)?))
        })?;
        // Signing runs without the database lock: a platform signer may wait for a biometric prompt.
        let presentation = match &key {
            OpenedHolderKey::Software(key) => holder::present(&credential, key, request, now),
            OpenedHolderKey::Platform { alias, public_key } => {
                let signer = self.holder_signer()?;
                let key = PlatformKey { alias, public_key: *public_key, signer: &*signer };
                holder::present(&credential, &key, request, now)
            }
        }
        .map_err(|e| match e {
            PresentError::Signer(e) => WalletError::HolderSigner(e),
            other => WalletError::Present(other),
        })?;
        drop(key);
        // Logged only once signed; a wallet locked meanwhile refuses (nothing is shown unlogged).
        self.with_unlocked(|store, dek| {
            let entry = LogEntry {
                id: LogEntryId(0),
                presented_at: presentation.issued_at,
                expires_at: presentation.expires_at,
                credential_id: id,
                audience: request.audience.clone(),
                disclosed: presentation.disclosed.clone(),
            };
            let plaintext = log::encode(&entry);
            store.insert_log_entry(|log_id, version| {
                dek.seal(&record_aad(&self.wallet_id, PRESENTATION_LOG, log_id, version, &[]), &plaintext)
            })?;
            Ok(presentation)
        })
    }

    /// Generates `count` new holder keys (sealed like the first, the secrets never leave the
    /// wallet) and signs an issuance key proof with each, for `audience` (the credential issuer)
    /// and the issuer's `nonce`. One key per credential: a batch shares no holder key.
    pub fn prove_new_holder_keys(
        &self,
        count: usize,
        audience: &str,
        nonce: &str,
    ) -> Result<Vec<Vec<u8>>, WalletError> {
        if count == 0 || count > MAX_KEYS_PER_REQUEST {
            return Err(WalletError::InvalidSettings(format!("a batch has 1 to {MAX_KEYS_PER_REQUEST} holder keys")));
        }
        let now = self.clock.now();
        self.with_unlocked(|store, dek| {
            let mut proofs = Vec::with_capacity(count);
            for _ in 0..count {
                let key = HolderKey::generate();
                let public = key.public_key().to_bytes();
                store.insert_holder_key(&public, now, |id, version| {
                    dek.seal(&record_aad(&self.wallet_id, HOLDER_KEYS, id, version, &public), &*key.secret_bytes())
                })?;
                proofs.push(sign_key_proof(&key, audience, nonce, now));
            }
            Ok(proofs)
        })
    }

    /// Signs an issuance key proof with the stored holder key `public` (authenticated first): how
    /// a refresh proves it comes from the wallet the refresh token is bound to.
    pub fn prove_holder_key(&self, public: &[u8; 32], audience: &str, nonce: &str) -> Result<Vec<u8>, WalletError> {
        let now = self.clock.now();
        self.with_unlocked(|store, dek| {
            let id = store.holder_key_id(public)?.ok_or(WalletError::NotBoundToWallet)?;
            match self.open_holder_key(store, dek, id)? {
                OpenedHolderKey::Software(key) => Ok(sign_key_proof(&key, audience, nonce, now)),
                // Not needed today: refresh tokens are bound to the first key of a batch, and
                // batches are software Ed25519 keys. A key proof by a key in secure hardware
                // (ES256 through the HolderSigner) is not implemented.
                OpenedHolderKey::Platform { .. } => Err(WalletError::InvalidSettings(
                    "issuance key proofs are signed by software holder keys only".into(),
                )),
            }
        })
    }

    /// Credentials of `doc_type` never presented (no log entry) and not expired, oldest first:
    /// one-time credentials to use one per presentation, so that counters cannot link visits.
    pub fn unused_credentials(&self, doc_type: DocType) -> Result<Vec<CredentialId>, WalletError> {
        let now = self.clock.now();
        let used: Vec<CredentialId> = self.presentation_log()?.iter().map(|e| e.credential_id).collect();
        Ok(self
            .list_credentials()?
            .into_iter()
            .filter(|c| c.doc_type == Some(doc_type) && c.expires_at > now && !used.contains(&c.id))
            .map(|c| c.id)
            .collect())
    }

    /// Stores (`id: None`) or replaces an issuance grant, for later refresh.
    pub fn put_grant(&self, id: Option<GrantId>, grant: &StoredGrant) -> Result<GrantId, WalletError> {
        let plaintext = grants::encode(grant);
        self.with_unlocked(|store, dek| {
            let id = store.put_grant(id.map(|g| g.0), |id, version| {
                dek.seal(&record_aad(&self.wallet_id, ISSUANCE_GRANTS, id, version, &[]), &plaintext)
            })?;
            Ok(GrantId(id))
        })
    }

    /// Every readable issuance grant, oldest first (damaged ones: see [`Wallet::damaged_records`]).
    pub fn grants(&self) -> Result<Vec<(GrantId, StoredGrant)>, WalletError> {
        self.with_unlocked(|store, dek| {
            Ok(store
                .grants()?
                .iter()
                .filter_map(|row| Some((GrantId(row.id), self.open_grant_row(dek, row).ok()?)))
                .collect())
        })
    }

    pub fn delete_grant(&self, id: GrantId) -> Result<(), WalletError> {
        self.with_unlocked(|store, _| store.delete_grant(id.0))
    }

    /// Every readable log entry, oldest first (damaged ones: see [`Wallet::damaged_records`]).
    pub fn presentation_log(&self) -> Result<Vec<LogEntry>, WalletError> {
        self.with_unlocked(|store, dek| {
            Ok(store.log_entries()?.iter().filter_map(|row| self.open_log_row(dek, row).ok()).collect())
        })
    }

    pub fn delete_log_entry(&self, id: LogEntryId) -> Result<(), WalletError> {
        self.with_unlocked(|store, _| store.delete_log_entry(id.0))
    }

    pub fn clear_log(&self) -> Result<(), WalletError> {
        self.with_unlocked(|store, _| store.clear_log())
    }

    /// Every record that fails authentication (altered, moved, truncated), by table and id.
    pub fn damaged_records(&self) -> Result<Vec<DamagedRecord>, WalletError> {
        self.with_unlocked(|store, dek| {
            let mut damaged = Vec::new();
            for (row, _) in store.holder_keys()? {
                if self.open_holder_key(store, dek, row.id).is_err() {
                    damaged.push(DamagedRecord { table: HOLDER_KEYS, id: row.id });
                }
            }
            for row in store.credentials()? {
                if self.parse_credential_row(dek, &row).is_err() {
                    damaged.push(DamagedRecord { table: CREDENTIALS, id: row.row.id });
                }
            }
            for row in store.log_entries()? {
                if self.open_log_row(dek, &row).is_err() {
                    damaged.push(DamagedRecord { table: PRESENTATION_LOG, id: row.id });
                }
            }
            if store.schema_version() >= 3 {
                for row in store.grants()? {
                    if self.open_grant_row(dek, &row).is_err() {
                        damaged.push(DamagedRecord { table: ISSUANCE_GRANTS, id: row.id });
                    }
                }
            }
            Ok(damaged)
        })
    }

    /// Erases the wallet: every row deleted (SQLite overwrites freed pages with zeros), the file
    /// and its `-wal` / `-shm` overwritten with zeros and deleted, the data key dropped.
    ///
    /// On flash storage an overwrite may not reach the old physical blocks; what makes the records
    /// unrecoverable is that the data key existed only wrapped. Delete the platform key too.
    pub fn destroy(self) -> Result<(), WalletError> {
        let State { store, dek, .. } = self.state.into_inner().unwrap_or_else(PoisonError::into_inner);
        drop(dek);
        let erased = store.erase_and_close();
        // Remove the files even when erasing failed (a damaged file must still go).
        let removed = overwrite_and_remove(&self.path);
        erased.and(removed)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the store half-written (transactions roll back on drop).
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn with_unlocked<T>(
        &self,
        f: impl FnOnce(&mut Store, &SecretKey) -> Result<T, WalletError>,
    ) -> Result<T, WalletError> {
        let mut state = self.state();
        let State { store, dek, .. } = &mut *state;
        let dek = dek.as_ref().ok_or(WalletError::Locked)?;
        f(store, dek)
    }

    /// The DEK (and the wrap it came from), checking the PIN with throttling. Called without the
    /// state lock held: the key wrapper and Argon2id run outside it.
    fn unwrap_data_key(&self, pin: Option<&str>) -> Result<(SecretKey, WrappedDataKey), WalletError> {
        let wrap = {
            let mut state = self.state();
            if state.store.unlock_state()?.wiped {
                // Finish a wipe whose WAL truncation was blocked by another reader at the time.
                state.store.checkpoint()?;
                return Err(WalletError::Wiped);
            }
            let wrap = state.store.data_key()?;
            // Checked early too, so that a locked-out wallet does not prompt for a biometric.
            if wrap.protection.uses_pin() {
                let wait = state.store.pending_wait(self.times())?;
                if wait > 0 {
                    return Err(WalletError::LockedOut { retry_after_secs: wait });
                }
            }
            wrap
        };
        let pin = match (wrap.protection.uses_pin(), pin) {
            (true, Some(pin)) => Some(normalize_pin(pin)),
            (true, None) => return Err(WalletError::PinRequired),
            (false, Some(_)) => return Err(WalletError::NoPin),
            (false, None) => None,
        };
        // The device layer is outside the PIN layer; its failures are not PIN failures.
        let inner = if wrap.protection.uses_device() {
            let wrapper = self.key_wrapper.as_ref().ok_or(WalletError::KeyWrapperRequired)?;
            wrapper.unwrap(&wrap.wrapped)?
        } else {
            Zeroizing::new(wrap.wrapped.clone())
        };
        let (Some(pin), Some(params)) = (pin, wrap.pin.as_ref()) else {
            return Ok((dek_from_device(inner)?, wrap));
        };
        params.check()?;
        let attempt = self.state().store.begin_pin_attempt(self.times())?;
        match params.unwrap(&self.wallet_id, &pin, &inner)? {
            Some(dek) => {
                self.state().store.reset_failures()?;
                Ok((dek, wrap))
            }
            None if attempt.must_wipe() => {
                let mut state = self.state();
                state.dek = None;
                state.store.wipe(self.clock.now())?;
                Err(WalletError::Wiped)
            }
            None => Err(WalletError::WrongPin {
                attempts_left: attempt.attempts_left(),
                retry_after_secs: attempt.delays.delay_after(attempt.failed_attempts),
            }),
        }
    }

    fn open_row(
        &self,
        dek: &SecretKey,
        table: &'static str,
        row: &SealedRow,
        columns: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, WalletError> {
        let corrupt = WalletError::RecordCorrupt { table, id: row.id };
        let version = row.schema_version.filter(|v| (1..=SCHEMA_VERSION).contains(v)).ok_or(corrupt.clone())?;
        dek.open(&record_aad(&self.wallet_id, table, row.id, version, columns), &row.sealed).map_err(|_| corrupt)
    }

    fn open_credential_row(&self, dek: &SecretKey, row: &CredentialRow) -> Result<Zeroizing<Vec<u8>>, WalletError> {
        let corrupt = WalletError::RecordCorrupt { table: CREDENTIALS, id: row.row.id };
        let (Some(holder_key_id), Some(imported_at)) = (row.holder_key_id, row.imported_at) else {
            return Err(corrupt);
        };
        self.open_row(dek, CREDENTIALS, &row.row, &credential_columns(holder_key_id, imported_at))
    }

    fn parse_credential_row(&self, dek: &SecretKey, row: &CredentialRow) -> Result<Credential, WalletError> {
        let bytes = self.open_credential_row(dek, row)?;
        Credential::from_bytes(&bytes).map_err(|_| WalletError::RecordCorrupt { table: CREDENTIALS, id: row.row.id })
    }

    /// Decrypts a holder key for one use (a software key is zeroized when the caller drops it); a
    /// platform key's sealed alias and public key must match the clear copy.
    fn open_holder_key(&self, store: &Store, dek: &SecretKey, id: i64) -> Result<OpenedHolderKey, WalletError> {
        let corrupt = || WalletError::RecordCorrupt { table: HOLDER_KEYS, id };
        let (row, public) = store.holder_key(id)?;
        let public: [u8; 32] = public.try_into().map_err(|_| corrupt())?;
        let plain = self.open_row(dek, HOLDER_KEYS, &row, &public)?;
        if let Some((alias, sec1)) = store.platform_holder_key(id)? {
            let key = PublicKey::p256_sec1(&sec1).map_err(|_| corrupt())?;
            if *plain != platform_key_plaintext(&alias, &sec1) || holder_key_column(&key) != public {
                return Err(corrupt());
            }
            return Ok(OpenedHolderKey::Platform { alias, public_key: key });
        }
        let mut secret = Zeroizing::new([0u8; 32]);
        if plain.len() != 32 {
            return Err(corrupt());
        }
        secret.copy_from_slice(&plain);
        let key = HolderKey::from_secret(&secret);
        if key.public_key().to_bytes() != public {
            return Err(corrupt());
        }
        Ok(OpenedHolderKey::Software(key))
    }

    fn open_grant_row(&self, dek: &SecretKey, row: &SealedRow) -> Result<StoredGrant, WalletError> {
        let plain = self.open_row(dek, ISSUANCE_GRANTS, row, &[])?;
        grants::decode(&plain).ok_or(WalletError::RecordCorrupt { table: ISSUANCE_GRANTS, id: row.id })
    }

    fn open_log_row(&self, dek: &SecretKey, row: &SealedRow) -> Result<LogEntry, WalletError> {
        let plain = self.open_row(dek, PRESENTATION_LOG, row, &[])?;
        log::decode(row.id, &plain).ok_or(WalletError::RecordCorrupt { table: PRESENTATION_LOG, id: row.id })
    }
}

/// The sealed plaintext of a platform holder key: the CBOR array `[alias, SEC1 public key]`.
fn platform_key_plaintext(alias: &str, sec1: &[u8]) -> Vec<u8> {
    Value::Array(vec![Value::text(alias), Value::Bytes(sec1.to_vec())]).to_vec()
}

/// What `holder_keys.public_key` holds for a key: an Ed25519 key's 32 bytes, else its RFC 9679
/// thumbprint (the column is 32 bytes wide; the full key of a platform key is in `platform_holder_keys`).
fn holder_key_column(key: &PublicKey) -> [u8; 32] {
    match key {
        PublicKey::Ed25519(key) => key.to_bytes(),
        other => other.thumbprint(),
    }
}

/// The saved trust state, re-verified; the `seq` column keeps the high-water mark even if the chain
/// no longer verifies from `pinned`.
fn load_trust(store: &Store, pinned: &[TrustAnchor]) -> Result<TrustState, WalletError> {
    match store.trust_state()? {
        None => TrustState::new(pinned.to_vec()),
        Some((seq, chain)) => TrustState::restore(pinned.to_vec(), &chain).map(|s| s.with_floor(seq)),
    }
    .map_err(WalletError::Trust)
}

fn summary(row: &CredentialRow, credential: &Credential) -> CredentialSummary {
    let info = credential.info();
    CredentialSummary {
        id: CredentialId(row.row.id),
        doc_type: info.doc_type,
        issuer: info.issuer.clone(),
        kid: info.kid.clone(),
        issued_at: info.issued_at,
        not_before: info.not_before,
        expires_at: info.expires_at,
        imported_at: row.imported_at.unwrap_or_default(),
        claims: info.claims.clone(),
    }
}

/// `path` with `suffix` appended to its file name (SQLite's `-wal`, `-shm`, our `.creating`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn io_error(path: &Path, e: io::Error) -> WalletError {
    WalletError::Storage(StorageError::io(path, e))
}

/// Puts the finished file at `path` without ever replacing an existing one: a hard link fails if
/// `path` exists; where links are unsupported, a rename after a last check.
fn move_into_place(building: &Path, path: &Path) -> Result<(), WalletError> {
    match fs::hard_link(building, path) {
        Ok(()) => fs::remove_file(building).map_err(|e| io_error(building, e)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(WalletError::AlreadyExists { path: path.display().to_string() })
        }
        Err(_) if fs::symlink_metadata(path).is_ok() => {
            Err(WalletError::AlreadyExists { path: path.display().to_string() })
        }
        Err(_) => fs::rename(building, path).map_err(|e| io_error(path, e)),
    }
}

const SQLITE_SIDE_FILES: [&str; 4] = ["", "-wal", "-shm", "-journal"];

fn remove_files(path: &Path) -> Result<(), WalletError> {
    for suffix in SQLITE_SIDE_FILES {
        let file = sibling(path, suffix);
        match fs::remove_file(&file) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&file, e)),
            _ => {}
        }
    }
    Ok(())
}

/// Overwrites the database and its side files with zeros, syncs, and deletes them.
fn overwrite_and_remove(path: &Path) -> Result<(), WalletError> {
    let mut result = Ok(());
    for suffix in SQLITE_SIDE_FILES {
        let file = sibling(path, suffix);
        let Ok(meta) = fs::metadata(&file) else { continue };
        let zeroed = (|| -> io::Result<()> {
            let mut f = fs::OpenOptions::new().write(true).open(&file)?;
            let zeros = [0u8; 64 * 1024];
            let mut left = meta.len();
            while left > 0 {
                let n = left.min(zeros.len() as u64) as usize;
                f.write_all(&zeros[..n])?;
                left -= n as u64;
            }
            f.sync_all()
        })();
        let removed = fs::remove_file(&file);
        if let Err(e) = zeroed.and(removed) {
            result = result.and(Err(io_error(&file, e)));
        }
    }
    result
}
