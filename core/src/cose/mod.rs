//! COSE_Sign1, CWT and SD-CWT encoding and parsing: the only place that knows bytes.
//!
//! Labels and values come from RFC 9052 (COSE), RFC 8392 (CWT), RFC 9596 (typ), RFC 9528 (kcwt),
//! draft-ietf-spice-sd-cwt-08 and draft-ietf-oauth-status-list. FORMAT.md lists them all.

pub mod cbor;
pub mod claims_set;
pub mod disclosure;
pub mod key;
pub mod redaction;
pub mod sign1;
pub mod token;

// Short paths for the tests and fuzz targets (`internal::cose`).
#[cfg_attr(not(feature = "test-support"), allow(unused_imports))]
pub use cbor::{Limits, Value};
#[cfg_attr(not(feature = "test-support"), allow(unused_imports))]
pub use claims_set::{ClaimsSet, StatusReference};
#[cfg_attr(not(feature = "test-support"), allow(unused_imports))]
pub use disclosure::{Disclosure, DisclosureKind};
#[cfg_attr(not(feature = "test-support"), allow(unused_imports))]
pub use sign1::Sign1;
pub use token::{Kbt, SdCwt};

/// CBOR tag of COSE_Sign1.
pub const TAG_COSE_SIGN1: u64 = 18;
/// CBOR tag wrapping the digest of a redacted array element.
pub const TAG_REDACTED_ELEMENT: u64 = 60;
/// Pre-issuance tag: redact this map key or array element.
pub const TAG_TO_BE_REDACTED: u64 = 58;
/// Pre-issuance tag: put a decoy digest here.
pub const TAG_TO_BE_DECOY: u64 = 62;
/// CBOR simple value used as the map key of the redacted-claim-keys array.
pub const SIMPLE_REDACTED_KEYS: u8 = 59;

/// A `kid` for display and trust-list lookup: the text itself when it is printable UTF-8, else hex.
pub(crate) fn kid_to_string(kid: &[u8]) -> String {
    match std::str::from_utf8(kid) {
        Ok(s) if !s.is_empty() && !s.starts_with("hex:") && s.chars().all(|c| !c.is_control()) => s.to_owned(),
        _ => format!("hex:{}", hex::encode(kid)),
    }
}

/// COSE header labels.
pub mod header {
    pub const ALG: i64 = 1;
    /// `crit` (RFC 9052 §3.1): labels the recipient must understand, else reject the message.
    pub const CRIT: i64 = 2;
    pub const KID: i64 = 4;
    pub const KCWT: i64 = 13;
    pub const CWT_CLAIMS: i64 = 15;
    pub const TYP: i64 = 16;
    pub const SD_CLAIMS: i64 = 17;
    pub const SD_ALG: i64 = 170;
    pub const SD_AEAD_ENCRYPTED_CLAIMS: i64 = 171;
}

/// CWT claim keys.
pub mod claim {
    pub const ISS: i64 = 1;
    pub const SUB: i64 = 2;
    pub const AUD: i64 = 3;
    pub const EXP: i64 = 4;
    pub const NBF: i64 = 5;
    pub const IAT: i64 = 6;
    pub const CTI: i64 = 7;
    pub const CNF: i64 = 8;
    pub const VCT: i64 = 11;
    pub const CNONCE: i64 = 39;
    pub const STATUS: i64 = 65535;
}

/// `typ` of an SD-CWT (CoAP content format of application/sd-cwt).
pub const TYP_SD_CWT: i64 = 293;
/// `typ` of an SD-KBT (CoAP content format of application/kb+cwt).
pub const TYP_KB_CWT: i64 = 294;
/// COSE algorithm: Ed25519 (fully specified, RFC 9864). What we sign with.
pub const ALG_ED25519: i64 = -19;
/// COSE algorithm: EdDSA (polymorphic). Accepted on input as Ed25519.
pub const ALG_EDDSA: i64 = -8;
/// COSE algorithm: ECDSA w/ SHA-256 on P-256 (holder keys in phone secure hardware; issuers for interop).
pub const ALG_ES256: i64 = -7;
/// COSE algorithm: ECDSA w/ SHA-384 on P-384 (issuers, for interop: the SD-CWT draft's examples).
pub const ALG_ES384: i64 = -35;
/// COSE algorithm: SHA-256, the default and only supported `sd_alg`.
pub const ALG_SHA256: i64 = -16;
