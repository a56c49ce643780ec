//! Records and enums crossing the boundary, with their conversions from the core's types.

use citizen_wallet as core;

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
}

impl std::fmt::Debug for CitizenRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CitizenRecord { .. }")
    }
}

impl From<CitizenRecord> for core::CitizenRecord {
    fn from(r: CitizenRecord) -> Self {
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
        }
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
        }
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
}

impl std::fmt::Debug for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Claim({}: …)", self.name)
    }
}

impl From<&core::Claim> for Claim {
    fn from(c: &core::Claim) -> Self {
        Claim { name: c.name.as_str(), value: c.value.to_string() }
    }
}

/// What a counter accepts.
#[derive(Clone, Debug, uniffi::Record)]
pub struct VerifierPolicy {
    /// This counter's identifier: presentations for anyone else are rejected. None accepts any.
    #[uniffi(default = None)]
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
}

impl From<VerifierPolicy> for core::VerifierPolicy {
    fn from(p: VerifierPolicy) -> Self {
        core::VerifierPolicy {
            audience: p.audience,
            nonce: p.nonce,
            max_ttl_secs: p.max_ttl_secs,
            clock_skew_secs: p.clock_skew_secs,
            ..core::VerifierPolicy::default()
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
    pub claims: Vec<Claim>,
    pub status_list_index: Option<u64>,
    pub status_list_uri: Option<String>,
    /// Identifies this presentation (hex SHA-256 of the holder signature), for replay checks and logs.
    pub presentation_id: String,
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
            status_list_index: p.status.as_ref().map(|s| s.index),
            status_list_uri: p.status.map(|s| s.uri),
            presentation_id: hex(&p.presentation_id),
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
