//! The PIN's key-encryption key: Argon2id (RFC 9106) over the NFC-normalised PIN and a random salt.
//!
//! The default (64 MiB, one pass) comes from measurements on the development machine, scaled to a
//! mid-range phone (FORMAT.md "Storage" has the numbers): about 0.1 s of CPU here, about 0.25 s
//! there. Every guess at a stolen file costs an attacker the same 64 MiB of memory-hard work, but
//! a 6-digit PIN has only a million values: against a copied file, the platform key wrapper (PIN
//! and device key) is what really protects it.

use argon2::{Algorithm, Argon2, Params, Version};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use super::envelope::{KEY_LEN, SecretKey};
use super::error::WalletError;
use super::protect::Protection;

/// Salt length for new wraps (RFC 9106 recommends 16 bytes).
pub(crate) const SALT_LEN: usize = 16;
/// PINs shorter than this are refused when set for a wallet that the PIN alone protects: a copied
/// file is attacked offline, and 10^6 six-digit PINs cost a day of Argon2id where 10^4 cost minutes.
pub const MIN_PIN_CHARS: usize = 6;
/// With a platform key as well (`pin+device`), the PIN cannot be guessed offline from a copied file,
/// and the 4-digit PINs phones accept are allowed.
pub const MIN_PIN_CHARS_WITH_DEVICE_KEY: usize = 4;
/// Longest PIN or passphrase accepted, in bytes after normalisation.
pub const MAX_PIN_BYTES: usize = 1024;

/// Argon2id cost parameters, stored with each PIN wrap so they can change without breaking old files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes. This build computes lanes one after another, so more lanes add time, not speed.
    pub parallelism: u32,
}

impl KdfParams {
    /// Bounds accepted from a file, so that a doctored file cannot make unlocking allocate
    /// terabytes or spin for hours.
    pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
    /// Most Argon2id passes accepted from a file.
    pub const MAX_ITERATIONS: u32 = 64;
    /// Most Argon2id lanes accepted from a file.
    pub const MAX_PARALLELISM: u32 = 16;

    /// The production default: 64 MiB, 1 pass, 1 lane (see the module docs). Above OWASP's
    /// 46 MiB x 1; RFC 9106's memory-constrained option (64 MiB x 3 passes) would take about
    /// three times as long, too slow for a PIN screen on a mid-range phone.
    pub const DEFAULT: KdfParams = KdfParams { memory_kib: 64 * 1024, iterations: 1, parallelism: 1 };

    /// **Tests only**: 64 KiB and one pass, about a millisecond. A stolen file protected with these
    /// parameters gives up a 6-digit PIN in seconds.
    pub const INSECURE_FAST_FOR_TESTS: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

    /// Refuses parameters outside the bounds above (or below Argon2's minimum memory).
    pub fn check(&self) -> Result<(), WalletError> {
        let bad = |what: &str| Err(WalletError::InvalidSettings(format!("Argon2id {what}")));
        if !(1..=Self::MAX_PARALLELISM).contains(&self.parallelism) {
            return bad("parallelism must be 1 to 16");
        }
        if self.memory_kib < 8 * self.parallelism || self.memory_kib > Self::MAX_MEMORY_KIB {
            return bad("memory must be 8 KiB per lane to 1 GiB");
        }
        if !(1..=Self::MAX_ITERATIONS).contains(&self.iterations) {
            return bad("iterations must be 1 to 64");
        }
        Ok(())
    }

    /// Derives the 256-bit key-encryption key for `pin` (already normalised by [`normalize_pin`]).
    pub(crate) fn derive(&self, pin: &[u8], salt: &[u8]) -> Result<SecretKey, WalletError> {
        self.check()?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(KEY_LEN))
            .map_err(|e| WalletError::InvalidSettings(format!("Argon2id parameters: {e}")))?;
        let mut kek = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(pin, salt, kek.as_mut())
            .map_err(|e| WalletError::InvalidSettings(format!("Argon2id: {e}")))?;
        Ok(SecretKey::from_bytes(kek.as_ref()).expect("32 bytes"))
    }
}

impl KdfParams {
    /// Each cost at least `floor`'s (a PIN change brings an old wallet up to the current default).
    pub fn at_least(self, floor: KdfParams) -> KdfParams {
        KdfParams {
            memory_kib: self.memory_kib.max(floor.memory_kib),
            iterations: self.iterations.max(floor.iterations),
            parallelism: self.parallelism.max(floor.parallelism),
        }
    }
}

impl Default for KdfParams {
    fn default() -> KdfParams {
        KdfParams::DEFAULT
    }
}

/// The bytes a PIN is derived from: NFC-normalised UTF-8, so the same passphrase typed on two
/// keyboards (precomposed or combining Vietnamese diacritics) opens the same wallet.
pub(crate) fn normalize_pin(pin: &str) -> Zeroizing<String> {
    // NFC output is at most three times the input (UAX #15): no reallocation leaves a copy behind.
    let mut normalized = Zeroizing::new(String::with_capacity(pin.len() * 3));
    normalized.extend(pin.nfc());
    normalized
}

/// Checks a PIN being set (create, change): long enough for the `protection`, not absurdly long.
pub(crate) fn check_new_pin(pin: &str, protection: Protection) -> Result<(), WalletError> {
    let min = if protection.uses_device() { MIN_PIN_CHARS_WITH_DEVICE_KEY } else { MIN_PIN_CHARS };
    if pin.chars().count() < min {
        return Err(WalletError::InvalidPin(format!("at least {min} characters")));
    }
    if pin.len() > MAX_PIN_BYTES {
        return Err(WalletError::InvalidPin(format!("at most {MAX_PIN_BYTES} bytes")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivation_depends_on_pin_salt_and_params() {
        let p = KdfParams::INSECURE_FAST_FOR_TESTS;
        let k = |params: KdfParams, pin: &str, salt: &[u8]| *params.derive(pin.as_bytes(), salt).unwrap().as_bytes();
        let base = k(p, "123456", &[1; 16]);
        assert_eq!(base, k(p, "123456", &[1; 16]));
        assert_ne!(base, k(p, "123457", &[1; 16]));
        assert_ne!(base, k(p, "123456", &[2; 16]));
        assert_ne!(base, k(KdfParams { iterations: 2, ..p }, "123456", &[1; 16]));
        assert_ne!(base, k(KdfParams { memory_kib: 128, ..p }, "123456", &[1; 16]));
    }

    #[test]
    fn matches_an_independent_argon2id() {
        // Computed with Python `cryptography` 48 (OpenSSL's Argon2id), not with this crate:
        // Argon2id(password "123456", salt 01..10, m = 64 KiB, t = 1, p = 1, 32 bytes).
        let salt: Vec<u8> = (1..=16).collect();
        let kek = KdfParams::INSECURE_FAST_FOR_TESTS.derive(b"123456", &salt).unwrap();
        assert_eq!(hex::encode(kek.as_bytes()), "b99ede143a3b665b6b37347698c615ae04c2b4de2ec1b57d287639ea8b5b7c15");
    }

    #[test]
    fn rejects_out_of_range_params() {
        for bad in [
            KdfParams { memory_kib: 4, iterations: 1, parallelism: 1 },
            KdfParams { memory_kib: KdfParams::MAX_MEMORY_KIB + 1, iterations: 1, parallelism: 1 },
            KdfParams { memory_kib: 64, iterations: 0, parallelism: 1 },
            KdfParams { memory_kib: 64, iterations: 65, parallelism: 1 },
            KdfParams { memory_kib: 64, iterations: 1, parallelism: 0 },
            KdfParams { memory_kib: 64, iterations: 1, parallelism: 17 },
        ] {
            assert!(matches!(bad.check(), Err(WalletError::InvalidSettings(_))), "{bad:?}");
        }
        KdfParams::DEFAULT.check().unwrap();
    }

    #[test]
    fn pins_are_normalised_and_checked() {
        // "Việt" precomposed vs decomposed (e + combining circumflex + combining dot below).
        assert_eq!(*normalize_pin("Vi\u{1EC7}t 2024"), *normalize_pin("Vie\u{0323}\u{0302}t 2024"));
        assert!(check_new_pin("12345", Protection::Pin).is_err());
        assert!(check_new_pin("123456", Protection::Pin).is_ok());
        assert!(check_new_pin("123", Protection::PinAndDevice).is_err());
        assert!(check_new_pin("1234", Protection::PinAndDevice).is_ok());
        assert!(check_new_pin(&"x".repeat(MAX_PIN_BYTES + 1), Protection::Pin).is_err());
    }
}
