//! Regression tests for the security and privacy review (issue 10), one per finding, each named
//! after it. Every test failed on the code before its fix.

use citizen_wallet::demo;
use citizen_wallet::{CitizenRecord, DocType, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey};

/// A weekday in the middle of a day: 2026-06-03T13:47:11Z.
const MIDDAY: i64 = 1_780_494_431;

fn issuer() -> Issuer {
    Issuer::new(IssuerKey::generate(demo::DEMO_KID).unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap()
}

fn issue(issuer: &Issuer, record: &CitizenRecord, doc_type: DocType, now: i64) -> citizen_wallet::Credential {
    let holder = HolderKey::generate();
    let request = IssueRequest { record, doc_type, holder_key: holder.public_key().to_bytes(), status_index: None };
    issuer.issue(&request, now).unwrap()
}

/// Finding 1: `exp` (and `iat`) are never redacted, so they must say nothing about the citizen.
#[test]
fn exp_does_not_depend_on_birthday_or_card_expiry() {
    let issuer = issuer();
    // A minor who turns 18 in a few months, with a card that expires then.
    let minor = CitizenRecord {
        date_of_birth: "2008-09-20".into(),
        card_expiry_date: Some("2033-09-20".into()),
        ..demo::sample_record()
    };
    // An adult whose card expires next month (its 40th birthday).
    let adult = CitizenRecord {
        date_of_birth: "1986-07-02".into(),
        card_issue_date: Some("2021-04-10".into()),
        card_expiry_date: Some("2026-07-02".into()),
        ..demo::sample_record()
    };
    let plain = demo::sample_record();
    for doc_type in [DocType::Identity, DocType::Residence] {
        let times: Vec<(i64, i64)> = [&minor, &adult, &plain]
            .iter()
            .map(|r| {
                let info = issue(&issuer, r, doc_type, MIDDAY).info().clone();
                (info.issued_at, info.expires_at)
            })
            .collect();
        assert_eq!(times[0], times[1], "{doc_type:?}: minor vs adult");
        assert_eq!(times[0], times[2], "{doc_type:?}: minor vs sample");
        // And the issuance second is not recorded either: both lie on the whole-day grid.
        assert_eq!(times[0].0 % 86_400, 0, "iat on the day grid");
        assert_eq!(times[0].1 % 86_400, 0, "exp on the day grid");
        assert!(times[0].0 <= MIDDAY && times[0].1 > MIDDAY);
    }
}

/// Finding 6: the number of digests in a redacted map must not say which optional fields exist.
#[test]
fn residence_digest_counts_do_not_reveal_optional_fields() {
    let issuer = issuer();
    let full = demo::sample_record();
    let sparse = CitizenRecord {
        place_of_origin: None,
        ethnicity: None,
        religion: None,
        card_issue_date: None,
        card_expiry_date: None,
        ..demo::sample_record()
    };
    let no_religion = CitizenRecord { religion: None, ..demo::sample_record() };
    let sizes: Vec<usize> = [&full, &sparse, &no_religion]
        .iter()
        .map(|r| issue(&issuer, r, DocType::Residence, MIDDAY).sd_cwt().sign1.payload.len())
        .collect();
    assert_eq!(sizes[0], sizes[1], "all optional fields vs none");
    assert_eq!(sizes[0], sizes[2], "with vs without a religion");
    // The identity credential already had a fixed count; it stays so.
    let identity: Vec<usize> = [&full, &sparse]
        .iter()
        .map(|r| issue(&issuer, r, DocType::Identity, MIDDAY).sd_cwt().sign1.payload.len())
        .collect();
    assert_eq!(identity[0], identity[1]);
}
