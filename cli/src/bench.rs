//! `cwallet bench`: presentation sizes per disclosure set, and medians of the main operations with
//! the raw Ed25519 cost measured in the same run as the baseline.

use std::hint::black_box;
use std::time::Instant;

use citizen_wallet::demo;
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::{
    Credential, DocType, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey, PresentationRequest, TrustList,
    Verifier, VerifierPolicy, present,
};
use clap::Args;

use crate::helpers::now;
use crate::{CliError, CliResult};

#[derive(Args)]
pub struct BenchArgs {
    /// Timing iterations per operation.
    #[arg(long, default_value_t = 300)]
    iterations: usize,
}

pub fn run(args: BenchArgs) -> CliResult {
    let now = now();
    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let issuer = Issuer::new(IssuerKey::generate(demo::DEMO_KID).map_err(CliError::failed)?, config)
        .map_err(CliError::failed)?;
    let holder = HolderKey::generate();
    let record = demo::sample_record();
    let issue = |doc_type| {
        let request =
            IssueRequest { record: &record, doc_type, holder_key: holder.public_key().into(), status_index: Some(7) };
        issuer.issue(&request, now).map_err(CliError::failed)
    };

    println!("Presentation sizes (QR alphanumeric mode, ECC M, prefix + Base45)");
    println!("{:<10} {:>9} {:>11} {:>12} {:>10}", "credential", "disclosed", "KBT bytes", "QR chars", "QR version");
    for doc_type in [DocType::Identity, DocType::Residence] {
        let credential = issue(doc_type)?;
        let names = credential.info().claims.clone();
        let mut counts = vec![0, 1, 3, 5, names.len()];
        counts.retain(|&n| n <= names.len());
        counts.dedup();
        for n in counts {
            let p = present(&credential, &holder, &PresentationRequest::new(demo::DEMO_AUDIENCE, &names[..n]), now)
                .map_err(CliError::failed)?;
            let qr = QrImage::from_text(&p.qr_text, EcLevel::M).map_err(CliError::failed)?;
            let label = if n == names.len() { format!("all {n}") } else { n.to_string() };
            println!(
                "{:<10} {:>9} {:>11} {:>12} {:>10}",
                doc_type.as_str(),
                label,
                p.kbt.len(),
                p.qr_text.len(),
                qr.version()
            );
        }
    }

    let credential: Credential = issue(DocType::Identity)?;
    let three = &credential.info().claims[..3];
    let request = PresentationRequest::new(demo::DEMO_AUDIENCE, three);
    let presentation = present(&credential, &holder, &request, now).map_err(CliError::failed)?;
    let trust = TrustList::new(vec![issuer.trusted_issuer()]).map_err(CliError::failed)?;
    let verifier = Verifier::new(trust, VerifierPolicy::for_audience(demo::DEMO_AUDIENCE));
    // Baseline: raw ed25519-dalek strict verification of a message as long as a presentation.
    let raw_key = ed25519_dalek::SigningKey::from_bytes(&crate::demo::random_bytes::<32>());
    let message = presentation.kbt.clone();
    let signature = ed25519_dalek::Signer::sign(&raw_key, &message);
    let raw_public = raw_key.verifying_key();

    let n = args.iterations;
    println!("\nMedian of {n} runs (identity credential, 3 claims disclosed)");
    let issue_us = median_us(n, || drop(black_box(issue(DocType::Identity))));
    let present_us = median_us(n, || drop(black_box(present(&credential, &holder, &request, now))));
    let render_us = median_us(n.min(100), || drop(black_box(QrImage::from_text(&presentation.qr_text, EcLevel::M))));
    let verify_us = median_us(n, || drop(black_box(verifier.verify(&presentation.qr_text))));
    let ed25519_us = median_us(n, || {
        black_box(raw_public.verify_strict(black_box(&message), &signature)).expect("valid signature");
    });
    println!("  issue                       {issue_us:>9.1} µs");
    println!("  present (build+sign+Base45) {present_us:>9.1} µs");
    println!("  QR render (matrix)          {render_us:>9.1} µs");
    println!("  verify                      {verify_us:>9.1} µs");
    println!("  one Ed25519 verify          {ed25519_us:>9.1} µs (baseline)");
    println!("  verify / (2 × Ed25519)      {:>9.2}", verify_us / (2.0 * ed25519_us));
    Ok(())
}

fn median_us(iterations: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut samples: Vec<f64> = (0..iterations.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
