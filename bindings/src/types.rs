//! Records and enums crossing the boundary, with their conversions from the core's types.

use citizen_wallet as core;
use citizen_wallet::verifier::{StatusAction, StatusCheck, StatusPolicy};

fn action(warn: bool) -> StatusAction {
    if warn { StatusAction::Warn } else { StatusAction::Reject }
}

/// A citizen's personal data as an issuer receives it (dates as YYYY-MM-DD).
#[derive(Clone, uniffi::Record)]
pub struct CitizenRecord {
    pub id_number: String,
    pub full_name: String,
    pub date_of_birth: String,
    /// "male", "female" or "other".
    pub sex: String,
    /// ISO 3166-1 alpha-3, e.g. "VNM".
    pub nationality: String,
    #[uniffi(default = None)]
    pub place_of_residence: Option<String>,
    #[uniffi(default = None)]
    pub place_of_origin: Option<String>,
    #[uniffi(default = None)]
    pub ethnicity: Option<String>,
    #[uniffi(default = None)]
    pub religion: Option<String>,
    #[uniffi(default = None)]
    pub card_issue_date: Option<String>,
    #[uniffi(default = None)]
    pub card_expiry_date: Option<String>,
    /// A small face image for identity credentials (the separately disclosable `portrait` claim).
    #[uniffi(default = None)]
    pub portrait: Option<PortraitImage>,
}

impl std::fmt::Debug for CitizenRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CitizenRecord { .. }")
    }
}

impl CitizenRecord {
    fn text_fields_into_core(r: CitizenRecord) -> core::CitizenRecord {
        core::CitizenRecord {
            id_number: r.id_number,
            full_name: r.full_name,
            date_of_birth: r.date_of_birth,
            sex: r.sex,
            nationality: r.nationality,
            place_of_residence: r.place_of_residence,
            place_of_origin: r.place_of_origin,
            ethnicity: r.ethnicity,
            religion: r.religion,
            card_issue_date: r.card_issue_date,
            card_expiry_date: r.card_expiry_date,
            portrait: None,
        }
    }
}

impl TryFrom<CitizenRecord> for core::CitizenRecord {
    type Error = core::PortraitError;

    /// Also checks the portrait: its bytes must carry the header of its media type.
    fn try_from(mut r: CitizenRecord) -> Result<Self, Self::Error> {
        let portrait = r.portrait.take().map(core::Portrait::try_from).transpose()?;
        Ok(core::CitizenRecord { portrait, ..CitizenRecord::text_fields_into_core(r) })
    }
}

impl From<core::CitizenRecord> for CitizenRecord {
    fn from(r: core::CitizenRecord) -> Self {
        CitizenRecord {
            id_number: r.id_number,
            full_name: r.full_name,
            date_of_birth: r.date_of_birth,
            sex: r.sex,
            nationality: r.nationality,
            place_of_residence: r.place_of_residence,
            place_of_origin: r.place_of_origin,
            ethnicity: r.ethnicity,
            religion: r.religion,
            card_issue_date: r.card_issue_date,
            card_expiry_date: r.card_expiry_date,
            portrait: r.portrait.as_ref().map(PortraitImage::from),
        }
    }
}

/// A face image and its media type ("image/webp", "image/jpeg", "image/png", "image/avif",
/// "image/jp2"). Biometric data: show it, never log or store it.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct PortraitImage {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for PortraitImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PortraitImage({}, {} bytes)", self.media_type, self.bytes.len())
    }
}

impl From<&core::Portrait> for PortraitImage {
    fn from(p: &core::Portrait) -> Self {
        PortraitImage { media_type: p.media_type().to_owned(), bytes: p.bytes().to_vec() }
    }
}

impl TryFrom<PortraitImage> for core::Portrait {
    type Error = core::PortraitError;

    fn try_from(p: PortraitImage) -> Result<Self, Self::Error> {
        let format = core::ImageFormat::parse(&p.media_type)
            .ok_or(core::PortraitError::Malformed("unknown portrait media type"))?;
        core::Portrait::new(format, p.bytes)
    }
}

/// The kind of credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum DocType {
    /// ID number, name, date of birth, sex, nationality, age flags.
    Identity,
    /// ID number, name, residence, origin, ethnicity, religion, card dates.
    Residence,
}

impl From<DocType> for core::DocType {
    fn from(d: DocType) -> Self {
        match d {
            DocType::Identity => core::DocType::Identity,
            DocType::Residence => core::DocType::Residence,
        }
    }
}

impl From<core::DocType> for DocType {
    fn from(d: core::DocType) -> Self {
        match d {
            core::DocType::Identity => DocType::Identity,
            core::DocType::Residence => DocType::Residence,
        }
    }
}

/// One claim: its vocabulary name (e.g. "full_name", "age_over_18") and its display value
/// (dates as YYYY-MM-DD, sex as male/female/other, booleans as true/false).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Claim {
    pub name: String,
    pub value: String,
    /// For the `portrait` claim: the image and its media type (`value` then only describes it).
    pub portrait: Option<PortraitImage>,
}

impl std::fmt::Debug for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Claim({}: …)", self.name)
    }
}

impl From<&core::Claim> for Claim {
    fn from(c: &core::Claim) -> Self {
        let portrait = match &c.value {
            core::ClaimValue::Portrait(p) => Some(PortraitImage::from(p)),
            _ => None,
        };
        Claim { name: c.name.as_str(), value: c.value.to_string(), portrait }
    }
}

/// What a counter accepts.
#[derive(Clone, Debug, uniffi::Record)]
pub struct VerifierPolicy {
    /// This counter's identifier: presentations for anyone else are rejected. Required: `None`
    /// is refused unless `any_audience` is set (a presentation for one counter could otherwise be
    /// relayed to another).
    pub audience: Option<String>,
    /// The nonce this counter asked for, when it did.
    #[uniffi(default = None)]
    pub nonce: Option<Vec<u8>>,
    /// Longest presentation lifetime accepted.
    #[uniffi(default = 900)]
    pub max_ttl_secs: i64,
    /// Tolerated clock difference between phone and counter.
    #[uniffi(default = 60)]
    pub clock_skew_secs: i64,
    /// With status lists loaded: accept (with a warning) when the issuer's list is missing,
    /// instead of rejecting.
    #[uniffi(default = false)]
    pub warn_if_status_list_missing: bool,
    /// With status lists loaded: accept (with a warning) when the list held has expired.
    #[uniffi(default = false)]
    pub warn_if_status_list_expired: bool,
    /// Tooling only (log re-checks, test rigs): accept presentations for any audience. Needs
    /// `audience = None`; a counter sets its audience instead.
    #[uniffi(default = false)]
    pub any_audience: bool,
    /// Remember accepted presentations in memory until they expire, so the same QR (a screenshot)
    /// is refused the second time. On by default; `enableReplayProtection(path)` makes the memory
    /// survive restarts. Turn off only for tooling that re-checks the same QR on purpose.
    #[uniffi(default = true)]
    pub replay_protection: bool,
}

impl From<VerifierPolicy> for core::VerifierPolicy {
    fn from(p: VerifierPolicy) -> Self {
        core::VerifierPolicy {
            audience: p.audience,
            nonce: p.nonce,
            max_ttl_secs: p.max_ttl_secs,
            clock_skew_secs: p.clock_skew_secs,
            status: StatusPolicy {
                missing: action(p.warn_if_status_list_missing),
                expired: action(p.warn_if_status_list_expired),
            },
        }
    }
}

/// A presentation that passed every check.
#[derive(Clone, uniffi::Record)]
pub struct VerifiedPresentation {
    pub issuer: String,
    pub issuer_name: Option<String>,
    pub kid: String,
    pub doc_type: Option<DocType>,
    pub audience: String,
    pub presented_at: i64,
    pub expires_at: i64,
    pub credential_issued_at: i64,
    pub credential_expires_at: i64,
    /// RFC 9679 thumbprint of the holder key, hex.
    pub holder_thumbprint: String,
    /// The holder signature's algorithm: "Ed25519", "ES256" (a key in phone secure hardware) or "ES384".
    pub holder_algorithm: String,
    pub claims: Vec<Claim>,
    pub status_list_index: Option<u64>,
    pub status_list_uri: Option<String>,
    /// How revocation was checked.
    pub status: StatusResult,
    /// Identifies this presentation (hex SHA-256 of the holder signature), for replay checks and logs.
    pub presentation_id: String,
    /// Set when the verifier's trust bundle has expired and expired bundles were allowed: show it.
    pub trust_warning: Option<String>,
}

impl std::fmt::Debug for VerifiedPresentation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedPresentation")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("claims", &self.claims)
            .finish_non_exhaustive()
    }
}

impl From<core::VerifiedPresentation> for VerifiedPresentation {
    fn from(p: core::VerifiedPresentation) -> Self {
        VerifiedPresentation {
            claims: p.claims.iter().map(Claim::from).collect(),
            issuer: p.issuer,
            issuer_name: p.issuer_name,
            kid: p.kid,
            doc_type: p.doc_type.map(DocType::from),
            audience: p.audience,
            presented_at: p.presented_at,
            expires_at: p.expires_at,
            credential_issued_at: p.credential_issued_at,
            credential_expires_at: p.credential_expires_at,
            holder_thumbprint: hex(&p.holder_thumbprint),
            holder_algorithm: match p.holder_algorithm {
                citizen_wallet::Algorithm::Ed25519 => "Ed25519",
                citizen_wallet::Algorithm::Es256 => "ES256",
                citizen_wallet::Algorithm::Es384 => "ES384",
            }
            .into(),
            status_list_index: p.status.as_ref().map(|s| s.index),
            status_list_uri: p.status.map(|s| s.uri),
            status: p.status_check.into(),
            presentation_id: hex(&p.presentation_id),
            trust_warning: p.trust_warning.as_ref().map(ToString::to_string),
        }
    }
}

/// A signed presentation, ready to show as a QR code.
#[derive(Clone, Debug, uniffi::Record)]
pub struct Presentation {
    /// The QR code's content ("CW1:" + Base45).
    pub qr_text: String,
    pub issued_at: i64,
    pub expires_at: i64,
    pub disclosed: Vec<String>,
}

impl From<core::Presentation> for Presentation {
    fn from(p: core::Presentation) -> Self {
        Presentation {
            qr_text: p.qr_text,
            issued_at: p.issued_at,
            expires_at: p.expires_at,
            disclosed: p.disclosed.iter().map(|c| c.as_str()).collect(),
        }
    }
}

/// A QR code's modules, for apps that draw it themselves (e.g. a Compose Canvas at full brightness).
#[derive(Clone, Debug, uniffi::Record)]
pub struct QrMatrix {
    pub version: u8,
    /// Modules per side, without the quiet zone (draw 4 light modules around it).
    pub width: u32,
    /// Row by row, `width * width` entries, true = dark.
    pub modules: Vec<bool>,
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How the credential's revocation status was established for an accepted presentation.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum StatusResult {
    /// The credential carries no status reference.
    NoStatusClaim,
    /// No status lists are loaded in this verifier: revocation was NOT checked.
    NotChecked,
    /// VALID in a current list issued at `list_issued_at`.
    Valid { list_issued_at: i64 },
    /// Accepted only because the policy warns instead of rejecting; `code` is status_list_missing
    /// or status_list_expired.
    Warning { code: String, reason: String },
}

impl From<StatusCheck> for StatusResult {
    fn from(c: StatusCheck) -> Self {
        match c {
            StatusCheck::NoStatusClaim => StatusResult::NoStatusClaim,
            StatusCheck::NotChecked => StatusResult::NotChecked,
            StatusCheck::Valid { list_issued_at } => StatusResult::Valid { list_issued_at },
            StatusCheck::Warning(w) => StatusResult::Warning { code: w.code().into(), reason: w.to_string() },
        }
    }
}

/// The fields printed in the QR of a chip ID card. **Unsigned, not verified**: anyone can print
/// such a code; show them under `notice`, never as a verified identity.
#[derive(Clone, uniffi::Record)]
pub struct UnsignedCard {
    pub notice: String,
    pub id_number: String,
    pub old_id_number: Option<String>,
    pub full_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: String,
    /// male, female or other.
    pub sex: String,
    pub address: String,
    /// YYYY-MM-DD.
    pub issue_date: String,
}

impl std::fmt::Debug for UnsignedCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UnsignedCard { .. }")
    }
}

impl From<core::verifier::UnsignedCardQr> for UnsignedCard {
    fn from(c: core::verifier::UnsignedCardQr) -> Self {
        UnsignedCard {
            notice: core::verifier::UNSIGNED_NOTICE.into(),
            id_number: c.id_number,
            old_id_number: c.old_id_number,
            full_name: c.full_name,
            date_of_birth: c.date_of_birth.to_string(),
            sex: c.sex.as_str().into(),
            address: c.address,
            issue_date: c.issue_date.to_string(),
        }
    }
}

/// What one scan gave: a verified presentation, or a printed card's unsigned fields. Two cases,
/// so an app cannot show card fields as verified by mistake.
#[derive(Clone, Debug, uniffi::Enum)]
pub enum ScanResult {
    Verified { presentation: VerifiedPresentation },
    UnsignedCard { card: UnsignedCard },
}

/// Wallet creation settings. Keep the defaults outside tests.
#[derive(Clone, Debug, uniffi::Record)]
pub struct WalletSettings {
    /// Argon2id memory for the PIN, KiB (default 64 MiB: about 0.2-0.3 s on a mid-range phone;
    /// at least 19 MiB, OWASP's floor, unless `insecure_kdf_for_tests`).
    #[uniffi(default = 65536)]
    pub kdf_memory_kib: u32,
    #[uniffi(default = 1)]
    pub kdf_iterations: u32,
    /// Growing waits after wrong PINs (none for the first 3, then 30 s, 1 min, 5 min, ...).
    #[uniffi(default = true)]
    pub unlock_delays: bool,
    /// Wipe the wallet after this many wrong PINs in a row (default 10; credentials can be issued
    /// again). None: never, which leaves only the waits between guesses, and those follow clocks.
    #[uniffi(default = Some(10))]
    pub max_failed_unlocks: Option<u32>,
    /// **Tests only**: allow an Argon2id memory below the 19 MiB floor (a copied wallet's PIN then
    /// falls in seconds).
    #[uniffi(default = false)]
    pub insecure_kdf_for_tests: bool,
}

/// Failed-unlock bookkeeping, for the PIN screen.
#[derive(Clone, Debug, uniffi::Record)]
pub struct UnlockStatus {
    pub failed_attempts: u32,
    pub retry_after_secs: u64,
    pub attempts_left: Option<u32>,
    pub wiped: bool,
}

impl From<core::wallet::UnlockStatus> for UnlockStatus {
    fn from(s: core::wallet::UnlockStatus) -> Self {
        UnlockStatus {
            failed_attempts: s.failed_attempts,
            retry_after_secs: s.retry_after_secs,
            attempts_left: s.attempts_left,
            wiped: s.wiped,
        }
    }
}

/// A stored credential, without its values.
#[derive(Clone, Debug, uniffi::Record)]
pub struct CredentialSummary {
    pub id: i64,
    pub doc_type: Option<DocType>,
    pub issuer: String,
    pub kid: String,
    pub issued_at: i64,
    pub expires_at: i64,
    pub imported_at: i64,
    /// The claims it can disclose, by name.
    pub claims: Vec<String>,
}

impl From<core::wallet::CredentialSummary> for CredentialSummary {
    fn from(s: core::wallet::CredentialSummary) -> Self {
        CredentialSummary {
            id: s.id.0,
            doc_type: s.doc_type.map(Into::into),
            issuer: s.issuer,
            kid: s.kid,
            issued_at: s.issued_at,
            expires_at: s.expires_at,
            imported_at: s.imported_at,
            claims: s.claims.iter().map(|c| c.as_str()).collect(),
        }
    }
}

/// One presentation made from the wallet (claim names only, never values).
#[derive(Clone, Debug, uniffi::Record)]
pub struct LogEntry {
    pub id: i64,
    pub presented_at: i64,
    pub expires_at: i64,
    pub credential_id: i64,
    pub audience: String,
    pub disclosed: Vec<String>,
}

impl From<core::wallet::LogEntry> for LogEntry {
    fn from(e: core::wallet::LogEntry) -> Self {
        LogEntry {
            id: e.id.0,
            presented_at: e.presented_at,
            expires_at: e.expires_at,
            credential_id: e.credential_id.0,
            audience: e.audience,
            disclosed: e.disclosed.iter().map(|c| c.as_str()).collect(),
        }
    }
}
