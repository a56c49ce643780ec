//! Revocation with the IETF Token Status List (draft-ietf-oauth-status-list): the packed list of
//! per-credential statuses, the issuer-signed Status List Token (CWT) that carries it, and the
//! verifier's store of verified tokens. FORMAT.md "Status List Token" documents the bytes.

mod list;
mod store;
mod token;

// The credential's pointer into a status list: read from the payload by `cose`, shown to apps.
pub use crate::cose::claims_set::StatusReference;
pub use list::{MAX_LIST_BYTES, Status, StatusList};
pub use store::{StatusStore, StoreUpdate, TOKEN_FILE_EXTENSION};
pub(crate) use token::sign;
pub use token::{
    CLAIM_STATUS_LIST, CLAIM_TTL, MAX_TOKEN_BYTES, StatusListClaims, StatusListToken, TOKEN_LIMITS, TYP_STATUSLIST_CWT,
    VerifiedStatusList,
};
