//! An issued credential as its holder keeps it: the SD-CWT with every disclosure, and what the
//! holder needs to know about it (validity, bound key, which claims each disclosure reveals).

use std::fmt;

use crate::claims::{Claim, ClaimName, ClaimPath, ClaimValue, DocType};
use crate::cose::cbor::{Limits, Value};
use crate::cose::claims_set::{ClaimsSet, StatusReference};
use crate::cose::disclosure::DisclosureKind;
use crate::cose::key::{self, PublicKey};
use crate::cose::redaction::{self, Location, PathStep};
use crate::cose::{SdCwt, claim, kid_to_string};
use crate::error::{FormatError, PresentError, VerifyError};
use crate::trust::{TrustList, TrustedIssuer, check_iss};

/// Bounds for parsing a stored or imported credential (larger than a QR can carry).
pub const CREDENTIAL_LIMITS: Limits = Limits { max_depth: 16, max_items: 64 };
/// Largest credential accepted, in bytes.
pub const MAX_CREDENTIAL_BYTES: usize = 16 * 1024;

/// What a credential is, without its personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialInfo {
    /// `None` when the `vct` is not one of ours.
    pub doc_type: Option<DocType>,
    pub issuer: String,
    pub kid: String,
    pub issued_at: i64,
    pub not_before: Option<i64>,
    pub expires_at: i64,
    /// The holder's public key from `cnf` (Ed25519, P-256 or P-384).
    pub holder_key: PublicKey,
    pub status: Option<StatusReference>,
    /// The claims this credential can disclose, in issuer order.
    pub claims: Vec<ClaimName>,
}

/// An issued SD-CWT with all its disclosures, structurally checked.
#[derive(Clone)]
pub struct Credential {
    bytes: Vec<u8>,
    sd_cwt: SdCwt,
    #[cfg_attr(not(feature = "test-support"), allow(dead_code))] // read by tests through `internal`
    payload: Value,
    info: CredentialInfo,
    locations: Vec<Option<Location>>,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential").field("info", &self.info).finish_non_exhaustive()
    }
}

impl Credential {
    /// Parses a credential and checks it is complete: every digest has its disclosure and every
    /// disclosure its digest (draft §7.2 "Holder Validation"). Signatures are checked by
    /// [`TrustList::check_credential`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Credential, FormatError> {
        if bytes.len() > MAX_CREDENTIAL_BYTES {
            return Err(FormatError::invalid(format!("a credential is larger than {MAX_CREDENTIAL_BYTES} bytes")));
        }
        let sd_cwt = SdCwt::from_bytes(bytes, CREDENTIAL_LIMITS)?;
        let payload = sd_cwt.payload(CREDENTIAL_LIMITS)?;
        let claims_set = ClaimsSet::from_map(&payload)?;
        let holder_key = key::key_from_cnf(
            payload.get_int(claim::CNF).ok_or_else(|| FormatError::invalid("the credential has no cnf"))?,
        )?;

        redaction::reconstruct(&payload, &sd_cwt.disclosures)?;
        let nested: usize = sd_cwt
            .disclosures
            .iter()
            .map(|d| match d.kind() {
                DisclosureKind::MapEntry { value, .. } | DisclosureKind::ArrayElement { value } => {
                    redaction::count_digests(value)
                }
                DisclosureKind::Decoy => 0,
            })
            .sum();
        if redaction::count_digests(&payload) + nested != sd_cwt.disclosures.len() {
            return Err(FormatError::invalid("the credential lacks the disclosure of a redacted claim"));
        }
        let locations = redaction::locate(&payload, &sd_cwt.disclosures)?;

        let info = CredentialInfo {
            doc_type: claims_set.vct.as_ref().and_then(Value::as_i64).and_then(DocType::from_vct),
            issuer: claims_set.iss.clone().ok_or_else(|| FormatError::invalid("the credential has no iss"))?,
            kid: kid_to_string(sd_cwt.kid().unwrap_or_default()),
            issued_at: claims_set.iat.ok_or_else(|| FormatError::invalid("the credential has no iat"))?,
            not_before: claims_set.nbf,
            expires_at: claims_set.exp.ok_or_else(|| FormatError::invalid("the credential has no exp"))?,
            holder_key,
            status: claims_set.status.clone(),
            claims: locations.iter().flatten().filter_map(claim_name_at).collect(),
        };
        Ok(Credential { bytes: bytes.to_vec(), sd_cwt, payload, info, locations })
    }

    pub fn to_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn info(&self) -> &CredentialInfo {
        &self.info
    }

    pub(crate) fn sd_cwt(&self) -> &SdCwt {
        &self.sd_cwt
    }

    pub fn holder_key(&self) -> PublicKey {
        self.info.holder_key
    }

    /// Every claim with its value, for the holder's own display.
    pub fn claims(&self) -> Vec<Claim> {
        self.info.claims.iter().filter_map(|&name| self.claim_value(name).map(|value| Claim { name, value })).collect()
    }

    /// The value of one claim, if this credential holds it in a form of the vocabulary.
    pub fn claim_value(&self, name: ClaimName) -> Option<ClaimValue> {
        let index = self.disclosure_of(name)?;
        match self.sd_cwt.disclosures[index].kind() {
            DisclosureKind::MapEntry { value, .. } => ClaimValue::from_cbor(name, value).ok(),
            _ => None,
        }
    }

    /// Indices of the disclosures that reveal `names`, parents included, in credential order.
    pub fn disclosures_for(&self, names: &[ClaimName]) -> Result<Vec<usize>, PresentError> {
        let mut chosen = vec![false; self.locations.len()];
        for &name in names {
            let mut next =
                Some(self.disclosure_of(name).ok_or_else(|| PresentError::ClaimNotInCredential(name.as_str()))?);
            while let Some(i) = next {
                chosen[i] = true;
                next = self.locations[i].as_ref().and_then(|l| l.parent);
            }
        }
        Ok(chosen.iter().enumerate().filter(|(_, c)| **c).map(|(i, _)| i).collect())
    }

    fn disclosure_of(&self, name: ClaimName) -> Option<usize> {
        self.locations.iter().position(|l| l.as_ref().and_then(claim_name_at) == Some(name))
    }

    /// The payload as the issuer signed it (digests, not values).
    #[cfg(feature = "test-support")]
    pub(crate) fn payload(&self) -> &Value {
        &self.payload
    }
}

/// The vocabulary name of a claim at `location`: a two-step integer path (container, key).
fn claim_name_at(location: &Location) -> Option<ClaimName> {
    match location.path.as_slice() {
        [PathStep::Key(Value::Integer(container)), PathStep::Key(Value::Integer(key))] => {
            let path = ClaimPath { container: i64::try_from(*container).ok()?, key: i64::try_from(*key).ok()? };
            ClaimName::from_path(path)
        }
        _ => None,
    }
}

// Defined here rather than in `trust`, which sits below credentials and knows nothing of them.
impl TrustList {
    /// Checks a whole credential came from a trusted issuer: signature, then `iss`, then that the
    /// key was allowed to sign at the credential's `iat`.
    pub fn check_credential(&self, credential: &Credential) -> Result<&TrustedIssuer, VerifyError> {
        let issuer = self.check_issuer_signature(credential.sd_cwt())?;
        check_iss(issuer, &credential.info().issuer)?;
        issuer.check_signed_at(credential.info().issued_at)?;
        Ok(issuer)
    }
}
