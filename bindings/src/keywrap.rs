//! The platform key wrapper as a foreign trait: Kotlin implements it with Android Keystore
//! (StrongBox when present), Swift with the Keychain / Secure Enclave. The wallet hands it only the
//! 32-byte data key (or the PIN-wrapped data key), never while holding its database lock.
//!
//! The secret crosses the FFI as [`SecretBytes`]: foreign code sees an ordinary byte array, but
//! the Rust side writes it into one exact-size buffer (no growing copies left in freed memory),
//! wipes its own copy after the call, and wipes the buffer an `unwrap` result arrives in. What
//! Rust cannot wipe: the byte array the platform code receives or builds (the app must
//! `fill(0)` it when done: see docs/security.md), and the transfer buffer of a `wrap` argument,
//! which uniffi frees after the foreign side has copied it.

use std::sync::Arc;

use citizen_wallet::wallet::{self, KeyWrapError};
use uniffi::{MetadataBuffer, RustBuffer};
use zeroize::{Zeroize, Zeroizing};

use crate::errors::KeyWrapperError;

/// Implemented by the app: wrap and unwrap small secrets with a key that never leaves the device's
/// secure hardware. `unwrap(wrap(x))` must return `x`; `unwrap` of altered bytes must fail with
/// `Rejected`. Called from any thread. Wipe the plaintext arrays after use.
#[uniffi::export(with_foreign)]
pub trait KeyWrapper: Send + Sync {
    fn wrap(&self, plaintext: SecretBytes) -> Result<Vec<u8>, KeyWrapperError>;
    fn unwrap(&self, wrapped: Vec<u8>) -> Result<SecretBytes, KeyWrapperError>;
}

/// Secret bytes on their way through the FFI: a byte array to foreign code; on the Rust side
/// zeroized on drop, never printed, and lowered / lifted without stray copies.
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    pub fn new(bytes: &[u8]) -> SecretBytes {
        SecretBytes(Zeroizing::new(bytes.to_vec()))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretBytes({} bytes)", self.0.len())
    }
}

// SAFETY: the wire format is exactly uniffi's for `Vec<u8>` (`bytes` to the foreign side, the same
// type metadata): an i32 big-endian length, then the bytes. Only where copies live differs.
unsafe impl uniffi::FfiConverter<crate::UniFfiTag> for SecretBytes {
    type FfiType = RustBuffer;

    fn lower(obj: SecretBytes) -> RustBuffer {
        // Exact capacity: writing never reallocates, so no partial copy is freed unwiped.
        let mut buf = Vec::with_capacity(4 + obj.0.len());
        Self::write(obj, &mut buf);
        RustBuffer::from_vec(buf)
    }

    fn try_lift(v: RustBuffer) -> uniffi::Result<SecretBytes> {
        let mut bytes = v.destroy_into_vec();
        let lifted = {
            let mut slice = bytes.as_slice();
            let value = Self::try_read(&mut slice);
            match value {
                Ok(_) if !slice.is_empty() => Err(uniffi::deps::anyhow::anyhow!("junk after the secret bytes")),
                other => other,
            }
        };
        // The transfer buffer held the secret: wipe it before it is freed.
        bytes.zeroize();
        lifted
    }

    fn write(obj: SecretBytes, buf: &mut Vec<u8>) {
        let len = i32::try_from(obj.0.len()).expect("secrets are a few dozen bytes");
        buf.extend_from_slice(&len.to_be_bytes());
        buf.extend_from_slice(&obj.0);
        // `obj` is dropped here, wiping the Rust copy.
    }

    fn try_read(buf: &mut &[u8]) -> uniffi::Result<SecretBytes> {
        uniffi::check_remaining(buf, 4)?;
        let len = i32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]);
        let len = usize::try_from(len)?;
        *buf = &buf[4..];
        uniffi::check_remaining(buf, len)?;
        let secret = SecretBytes::new(&buf[..len]);
        *buf = &buf[len..];
        Ok(secret)
    }

    const TYPE_ID_META: MetadataBuffer = <Vec<u8> as uniffi::TypeId<crate::UniFfiTag>>::TYPE_ID_META;
}

uniffi::derive_ffi_traits!(local SecretBytes);

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
        // One copy, moved into the call and wiped by the lowering (see SecretBytes).
        self.0.wrap(SecretBytes::new(plaintext)).map_err(to_core)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyWrapError> {
        // The lifted value is already Zeroizing; moved out without a copy.
        self.0.unwrap(wrapped.to_vec()).map(|secret| secret.0).map_err(to_core)
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

#[cfg(test)]
mod tests {
    use uniffi::{FfiConverter, Lift, Lower};

    use super::*;

    #[test]
    fn secret_bytes_use_the_byte_array_wire_format_in_an_exact_size_buffer() {
        let key: Vec<u8> = (0..32).collect();
        let lowered = <SecretBytes as FfiConverter<crate::UniFfiTag>>::lower(SecretBytes::new(&key));
        assert_eq!(lowered.len(), 36);
        assert_eq!(lowered.capacity(), 36, "no spare capacity: the buffer never grew");
        // What foreign code reads as a byte array is the key.
        let as_plain = <Vec<u8> as Lift<crate::UniFfiTag>>::try_lift(lowered).unwrap();
        assert_eq!(as_plain, key);
        // And what foreign code sends as a byte array lifts to the key.
        let sent = <Vec<u8> as Lower<crate::UniFfiTag>>::lower(key.clone());
        let lifted = <SecretBytes as FfiConverter<crate::UniFfiTag>>::try_lift(sent).unwrap();
        assert_eq!(lifted.as_bytes(), key.as_slice());
        assert_eq!(format!("{lifted:?}"), "SecretBytes(32 bytes)");
        // A malformed buffer is an error, not a panic.
        let short = RustBuffer::from_vec(vec![0, 0, 0, 9, 1]);
        assert!(<SecretBytes as FfiConverter<crate::UniFfiTag>>::try_lift(short).is_err());
    }
}
