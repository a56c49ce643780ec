//! Fictional test data for demos, examples and tests. Not a real person, not a real issuer.

use crate::claims::CitizenRecord;
use crate::issuer::IssuerKey;
use crate::random::SeededRandom;
use crate::signer::AnchorKey;

/// Seed of the bundled demo issuer key. Public on purpose: anyone can mint demo credentials, and
/// the demo trust list says so in its name. Never put this key in a production trust list.
const DEMO_ISSUER_SEED: &[u8] = b"citizen-wallet demo issuer (TEST DATA ONLY)";

/// The bundled demo issuer's key (`demo-1`): always the same, derived from a published seed, so
/// demo apps can ship its trust list. TEST DATA: anyone can sign with it.
pub fn issuer_key() -> IssuerKey {
    IssuerKey::generate_with(DEMO_KID, &mut SeededRandom::new(DEMO_ISSUER_SEED)).expect("the demo kid is valid")
}

/// Seed of the demo trust anchor key, public for the same reason as [`DEMO_ISSUER_SEED`]: demo apps
/// pin this anchor and ship a bundle it signed. Anyone can sign bundles with it: never pin it in a
/// real app or counter.
const DEMO_ANCHOR_SEED: &[u8] = b"citizen-wallet demo trust anchor (TEST DATA ONLY)";

/// `kid` of the demo trust anchor.
pub const DEMO_ANCHOR_KID: &str = "demo-anchor-test-only";

/// The demo trust anchor's key: always the same, derived from a published seed (SHA-256 of the seed
/// feeds the key generator), like [`issuer_key`]. TEST DATA: anyone can sign bundles with it.
pub fn anchor_key() -> AnchorKey {
    AnchorKey::generate_with(DEMO_ANCHOR_KID, &mut SeededRandom::new(DEMO_ANCHOR_SEED)).expect("the demo kid is valid")
}

/// `iss` of the demo issuer.
pub const DEMO_ISS: &str = "https://id.example.vn";
/// `kid` of the demo issuer key.
pub const DEMO_KID: &str = "demo-1";
/// Display name of the demo issuer in trust lists.
pub const DEMO_ISSUER_NAME: &str = "Demo ID issuer (TEST DATA)";
/// Status list URI of the demo issuer.
pub const DEMO_STATUS_URI: &str = "https://id.example.vn/status/1";
/// Audience of the demo counter.
pub const DEMO_AUDIENCE: &str = "demo-counter";

/// A fictional citizen with every field filled, Vietnamese diacritics included.
pub fn sample_record() -> CitizenRecord {
    CitizenRecord {
        id_number: "079190001234".into(),
        full_name: "Nguyễn Thị Minh Khai".into(),
        date_of_birth: "1990-05-15".into(),
        sex: "female".into(),
        nationality: "VNM".into(),
        place_of_residence: Some("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh".into()),
        place_of_origin: Some("Xã Hòa Phú, Huyện Củ Chi, TP. Hồ Chí Minh".into()),
        ethnicity: Some("Kinh".into()),
        religion: Some("Không".into()),
        card_issue_date: Some("2021-04-10".into()),
        card_expiry_date: Some("2030-05-15".into()),
        portrait: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_anchor_is_fixed_and_is_not_the_demo_issuer_key() {
        let (a, b) = (anchor_key(), anchor_key());
        assert_eq!(a.public_key(), b.public_key(), "derived from the published seed, so always the same");
        assert_eq!(a.kid(), DEMO_ANCHOR_KID);
        assert_ne!(a.public_key().to_bytes(), issuer_key().public_key().to_bytes());
    }
}
