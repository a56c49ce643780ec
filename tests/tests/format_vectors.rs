//! FORMAT.md's hex test vectors, reproduced byte for byte from fixed keys, salts and times.
//!
//! Each vector in FORMAT.md is a ```hex block preceded by `<!-- vector: NAME -->`. When the format
//! changes on purpose, `UPDATE_FORMAT_VECTORS=1 cargo test -p cwallet-tests --test format_vectors`
//! rewrites the blocks; otherwise any difference fails.

use std::collections::BTreeMap;
use std::path::PathBuf;

use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::internal::SeededRandom;
use citizen_wallet::internal::cose::{Disclosure, claim};
use citizen_wallet::issuance::KeyProof;
use citizen_wallet::{
    CitizenRecord, ClaimName, ClaimValue, DocType, FixedClock, ImageFormat, IssueRequest, Issuer, IssuerConfig,
    Portrait, PresentationRequest, TrustList, Verifier, VerifierPolicy, present,
};

/// 2026-06-01T00:00:00Z: issuance time of the vectors.
const ISSUED_AT: i64 = 1_780_272_000;

fn vectors() -> BTreeMap<&'static str, Vec<u8>> {
    let issuer_key =
        citizen_wallet::internal::issuer_key_with(demo::DEMO_KID, &mut SeededRandom::new(b"format-vector issuer key"))
            .unwrap();
    let holder = citizen_wallet::internal::holder_key_with(&mut SeededRandom::new(b"format-vector holder key"));
    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let issuer = Issuer::new(issuer_key, config).unwrap();
    let record = demo::sample_record();
    let request = IssueRequest {
        record: &record,
        doc_type: DocType::Identity,
        holder_key: holder.public_key().into(),
        status_index: Some(0),
    };
    let credential = citizen_wallet::internal::issue_with(
        &issuer,
        &request,
        ISSUED_AT,
        &mut SeededRandom::new(b"format-vector salts"),
    )
    .unwrap();

    let disclose = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)];
    let presentation =
        present(&credential, &holder, &PresentationRequest::new(DEMO_AUDIENCE, &disclose), ISSUED_AT + 5).unwrap();

    // The vectors must also verify, so a third party can check its verifier against them.
    let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
    let verifier = Verifier::new(trust, VerifierPolicy::for_audience(DEMO_AUDIENCE))
        .with_clock(std::sync::Arc::new(FixedClock::new(ISSUED_AT + 10)));
    assert_eq!(verifier.verify(&presentation.qr_text).unwrap().claims.len(), 3);

    let name_index = credential.disclosures_for(&[ClaimName::FullName]).unwrap()[0];
    let name_disclosure: &Disclosure = &citizen_wallet::internal::sd_cwt(&credential).disclosures[name_index];
    let mut v = BTreeMap::new();
    v.insert("issuer-public-key", issuer.key().public_key().to_bytes().to_vec());
    v.insert("holder-public-key", holder.public_key().to_bytes().to_vec());
    v.insert("holder-thumbprint", holder.thumbprint().to_vec());
    v.insert("full-name-disclosure", name_disclosure.encoded().to_vec());
    v.insert("full-name-digest", name_disclosure.digest().to_vec());
    v.insert("credential-protected", citizen_wallet::internal::sd_cwt(&credential).sign1.protected.clone());
    v.insert("credential-payload", citizen_wallet::internal::sd_cwt(&credential).sign1.payload.clone());
    v.insert("credential", credential.to_bytes().to_vec());
    v.insert("kbt", presentation.kbt.clone());
    v.insert("qr-text", presentation.qr_text.as_bytes().to_vec());
    // The portrait (FORMAT.md "Portrait"): its claim value, and its disclosure in a credential issued
    // like the one above to a record that carries it (salts from their own seed).
    let portrait = portrait_vector_image();
    let with_portrait = CitizenRecord { portrait: Some(portrait.clone()), ..demo::sample_record() };
    let request = IssueRequest { record: &with_portrait, ..request };
    let credential = citizen_wallet::internal::issue_with(
        &issuer,
        &request,
        ISSUED_AT,
        &mut SeededRandom::new(b"format-vector portrait salts"),
    )
    .unwrap();
    let index = credential.disclosures_for(&[ClaimName::Portrait]).unwrap()[0];
    let portrait_disclosure = &citizen_wallet::internal::sd_cwt(&credential).disclosures[index];
    v.insert("portrait-claim-value", citizen_wallet::internal::claim_value_cbor(&ClaimValue::Portrait(portrait)));
    v.insert("portrait-disclosure", portrait_disclosure.encoded().to_vec());
    assert_eq!(claim::CNF, 8);

    // Issuance profile: the key proof of the same holder key for the issuer's nonce.
    let proof = KeyProof::sign(&holder, ISSUANCE_AUDIENCE, ISSUANCE_NONCE, ISSUED_AT);
    let checked = KeyProof::verify(&proof).unwrap();
    assert_eq!(checked.public_key, holder.public_key().to_bytes());
    checked.check(ISSUANCE_AUDIENCE, ISSUED_AT + 1).unwrap();
    v.insert("issuance-key-proof", proof);
    v
}

/// FORMAT.md's portrait bytes: a WebP container (RIFF, WEBP, a "VP8 " chunk) around 8 filler
/// bytes. It passes the verifier's header check; it is not a decodable picture.
fn portrait_vector_image() -> Portrait {
    let mut bytes = b"RIFF\x14\x00\x00\x00WEBPVP8 \x08\x00\x00\x00".to_vec();
    bytes.extend_from_slice(b"portrait");
    Portrait::new(ImageFormat::WebP, bytes).unwrap()
}

/// The credential issuer and nonce of the issuance vector.
const ISSUANCE_AUDIENCE: &str = "https://issuer.id.example.vn";
const ISSUANCE_NONCE: &str = "wKJ3zZ9bq1Q0LrJc8nX2_A";

fn format_md() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../FORMAT.md")
}

fn wrap_hex(bytes: &[u8]) -> String {
    hex::encode(bytes).as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\n")
}

/// The (name, block start, block end) of each vector block in the document.
fn blocks(doc: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(at) = doc[rest..].find("<!-- vector: ") {
        let start = rest + at;
        let name_end = start + doc[start..].find(" -->").unwrap();
        let name = doc[start + 13..name_end].to_owned();
        let open = name_end + doc[name_end..].find("```hex\n").unwrap() + 7;
        let close = open + doc[open..].find("```").unwrap();
        out.push((name, open, close));
        rest = close;
    }
    out
}

#[test]
fn format_md_vectors_are_reproduced_byte_for_byte() {
    let expected = vectors();
    let path = format_md();
    let mut doc = std::fs::read_to_string(&path).unwrap();
    let found = blocks(&doc);
    let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
    for name in expected.keys() {
        assert!(names.contains(name), "FORMAT.md lacks the vector {name}");
    }
    if std::env::var_os("UPDATE_FORMAT_VECTORS").is_some() {
        for (name, open, close) in found.into_iter().rev() {
            doc.replace_range(open..close, &format!("{}\n", wrap_hex(&expected[name.as_str()])));
        }
        std::fs::write(&path, doc).unwrap();
        return;
    }
    for (name, open, close) in found {
        let in_doc: String = doc[open..close].split_whitespace().collect();
        let want = hex::encode(expected.get(name.as_str()).unwrap_or_else(|| panic!("unknown vector {name}")));
        assert_eq!(in_doc, want, "vector {name} differs from FORMAT.md");
    }
}

#[test]
fn vectors_are_deterministic() {
    assert_eq!(vectors(), vectors());
}
