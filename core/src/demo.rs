//! Fictional test data for demos, examples and tests. Not a real person, not a real issuer.

use crate::claims::CitizenRecord;

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
    }
}
