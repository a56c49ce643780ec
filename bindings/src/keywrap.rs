//! The platform key wrapper as a foreign trait: Kotlin implements it with Android Keystore
//! (StrongBox when present), Swift with the Keychain / Secure Enclave. The wallet hands it only the
//! 32-byte data key (or the PIN-wrapped data key), never while holding its database lock.

use std::sync::Arc;

use citizen_wallet::wallet::{self, KeyWrapError};
use zeroize::Zeroizing;

use crate::errors::KeyWrapperError;

/// Implemented by the app: wrap and unwrap small secrets with a key that never leaves the device's
/// secure hardware. `unwrap(wrap(x))` must return `x`; `unwrap` of altered bytes must fail with
/// `Rejected`. Called from any thread.
#[uniffi::export(with_foreign)]
pub trait KeyWrapper: Send + Sync {
    fn wrap(&self, plaintext: Vec<u8>) -> Result<Vec<u8>, KeyWrapperError>;
    fn unwrap(&self, wrapped: Vec<u8>) -> Result<Vec<u8>, KeyWrapperError>;
}

/// Implemented by the app: the device's monotonic time since boot in seconds, counting deep sleep,
/// which the user cannot set (Android `SystemClock.elapsedRealtime() / 1000`; iOS
/// `clock_gettime(CLOCK_MONOTONIC_RAW)`). Waits between PIN attempts are then measured with it as
/// well as the wall clock, so moving the date forward does not end them. Called from any thread.
#[uniffi::export(with_foreign)]
pub trait MonotonicClock: Send + Sync {
    fn uptime_secs(&self) -> u64;
}

/// Adapts the foreign monotonic clock to the core's trait.
pub(crate) struct ForeignMonotonicClock(pub Arc<dyn MonotonicClock>);

impl wallet::MonotonicClock for ForeignMonotonicClock {
    fn uptime_secs(&self) -> u64 {
        self.0.uptime_secs()
    }
}

/// Adapts the foreign implementation to the core's trait.
pub(crate) struct ForeignKeyWrapper(pub Arc<dyn KeyWrapper>);

impl wallet::KeyWrapper for ForeignKeyWrapper {
    fn wrap(&self, plaintext: &[u8]) -> Result<Vec<u8>, KeyWrapError> {
        // The copy handed to the foreign side is zeroized here once the call returns.
        let copy = Zeroizing::new(plaintext.to_vec());
        self.0.wrap(copy.to_vec()).map_err(to_core)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyWrapError> {
        self.0.unwrap(wrapped.to_vec()).map(Zeroizing::new).map_err(to_core)
    }
}

fn to_core(e: KeyWrapperError) -> KeyWrapError {
    match e {
        KeyWrapperError::AuthenticationRequired => KeyWrapError::AuthenticationRequired,
        KeyWrapperError::KeyInvalidated => KeyWrapError::KeyInvalidated,
        KeyWrapperError::Rejected => KeyWrapError::Rejected,
        KeyWrapperError::Platform { reason } => KeyWrapError::Platform(reason),
    }
}
