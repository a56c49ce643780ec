//! `cwallet demo`: the whole flow on embedded test data, offline, with no set-up.

use std::path::PathBuf;

use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::{
    ClaimName, DocType, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey, PresentationRequest, TrustList,
    Verifier, VerifierPolicy, present,
};
use clap::Args;

use crate::files;
use crate::issuer_cmd::now;
use crate::present_cmd::{summary, write_images};
use crate::verify_cmd::describe;
use crate::{CliError, CliResult};

/// Long enough to re-verify the demo QR by hand afterwards.
const DEMO_TTL_SECS: u64 = 600;

#[derive(Args)]
pub struct DemoArgs {
    /// Folder for the demo's files (default: a new folder under the system temp dir).
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub fn run(args: DemoArgs) -> CliResult {
    let dir = match args.dir {
        Some(dir) => dir,
        None => {
            std::env::temp_dir().join(format!("cwallet-demo-{}", hex::encode(citizen_wallet::random::os_random::<4>())))
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| CliError::usage(format!("cannot create {}: {e}", dir.display())))?;
    println!("citizen-wallet demo (fictional TEST DATA) in {}\n", dir.display());
    let now = now();

    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let issuer = Issuer::new(IssuerKey::generate(demo::DEMO_KID).map_err(CliError::failed)?, config)
        .map_err(CliError::failed)?;
    let mut trusted = issuer.trusted_issuer();
    trusted.name = Some(demo::DEMO_ISSUER_NAME.into());
    let trust = TrustList::new(vec![trusted]).map_err(CliError::failed)?;
    files::write(&dir.join("trust.json"), trust.to_json())?;
    println!("1. issuer {} (key {}) created; its trust list is trust.json", demo::DEMO_ISS, demo::DEMO_KID);

    let holder = HolderKey::generate();
    let record = demo::sample_record();
    let mut credentials = Vec::new();
    for (doc_type, index) in [(DocType::Identity, 0), (DocType::Residence, 1)] {
        let request = IssueRequest {
            record: &record,
            doc_type,
            holder_key: holder.public_key().to_bytes(),
            status_index: Some(index),
        };
        let credential = issuer.issue(&request, now).map_err(CliError::failed)?;
        files::write(&dir.join(format!("{doc_type}.cbor")), credential.to_bytes())?;
        println!(
            "2. issued the {doc_type} credential: {} bytes, {} claims",
            credential.to_bytes().len(),
            credential.info().claims.len()
        );
        credentials.push(credential);
    }

    let disclose = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)];
    let mut request = PresentationRequest::new(DEMO_AUDIENCE, &disclose);
    request.ttl_secs = DEMO_TTL_SECS;
    let presentation = present(&credentials[0], &holder, &request, now).map_err(CliError::failed)?;
    let image = QrImage::from_text(&presentation.qr_text, EcLevel::M).map_err(CliError::failed)?;
    files::write(&dir.join("presentation.txt"), &presentation.qr_text)?;
    write_images(&image, Some(&dir.join("presentation.svg")), Some(&dir.join("presentation.png")))?;
    println!("3. {}", summary(&presentation, &image));
    println!("{}", image.to_terminal());

    let verifier = Verifier::new(trust, VerifierPolicy::for_audience(DEMO_AUDIENCE));
    let verified = verifier
        .verify(&presentation.qr_text)
        .map_err(|e| CliError::failed(format!("the demo QR failed to verify: {e}")))?;
    println!("4. verified offline at the counter:\n{}", describe(&verified));
    println!("Files: trust.json, identity.cbor, residence.cbor, presentation.txt, presentation.svg, presentation.png");
    println!("Verify again within {} minutes:", DEMO_TTL_SECS / 60);
    println!(
        "  cargo run -p cwallet -- verify --trust {} --text {} --audience {DEMO_AUDIENCE}",
        dir.join("trust.json").display(),
        dir.join("presentation.txt").display()
    );
    Ok(())
}
