//! `cwallet verify`: offline verification of a presentation QR, as a counter would do it.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use citizen_wallet::claims::Date;
use citizen_wallet::verifier::VerifierPolicy;
use citizen_wallet::{FixedClock, TrustList, VerifiedPresentation, Verifier, VerifyError};
use clap::{ArgGroup, Args};
use serde_json::json;

use crate::files;
use crate::{CliError, CliResult};

#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["text", "image"])))]
pub struct VerifyArgs {
    /// Trust list JSON (issuer keys).
    #[arg(long)]
    trust: PathBuf,
    /// File holding the QR text, or - for standard input.
    #[arg(long)]
    text: Option<String>,
    /// PNG or JPEG image of the QR code.
    #[arg(long)]
    image: Option<PathBuf>,
    /// This counter's audience: presentations for anyone else are rejected.
    #[arg(long)]
    audience: Option<String>,
    /// The nonce this counter asked for, hex.
    #[arg(long)]
    nonce: Option<String>,
    /// Longest presentation lifetime accepted, seconds.
    #[arg(long, default_value_t = citizen_wallet::verifier::policy::DEFAULT_MAX_TTL_SECS)]
    max_ttl: i64,
    /// Tolerated clock difference with the phone, seconds.
    #[arg(long, default_value_t = citizen_wallet::verifier::policy::DEFAULT_CLOCK_SKEW_SECS)]
    skew: i64,
    /// Verify as of this Unix time instead of now.
    #[arg(long)]
    at: Option<i64>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: VerifyArgs) -> CliResult {
    let trust = TrustList::from_json(&files::read_text(&args.trust)?)
        .map_err(|e| CliError::usage(format!("{}: {e}", args.trust.display())))?;
    let nonce = args.nonce.as_deref().map(|n| files::parse_hex("--nonce", n)).transpose()?;
    let policy = VerifierPolicy {
        audience: args.audience.clone(),
        nonce,
        max_ttl_secs: args.max_ttl,
        clock_skew_secs: args.skew,
        status: Default::default(),
    };
    let mut verifier = Verifier::new(trust, policy);
    if let Some(at) = args.at {
        verifier = verifier.with_clock(Arc::new(FixedClock::new(at)));
    }
    let result = match (&args.text, &args.image) {
        (Some(source), _) => verifier.verify(&read_text_source(source)?),
        (None, Some(image)) => verifier.verify_image(&files::read_bytes(image)?),
        (None, None) => unreachable!("clap requires one input"),
    };
    report(&result, args.json);
    result.map(|_| ()).map_err(|e| CliError::Failed(format!("rejected: {e}")))
}

fn read_text_source(source: &str) -> Result<String, CliError> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
        Ok(text)
    } else {
        files::read_text(source.as_ref())
    }
}

fn report(result: &Result<VerifiedPresentation, VerifyError>, as_json: bool) {
    match (result, as_json) {
        (Ok(p), true) => println!("{}", serde_json::to_string_pretty(&to_json(p)).expect("json")),
        (Err(e), true) => println!(
            "{}",
            serde_json::to_string_pretty(&json!({"valid": false, "error": e.code(), "reason": e.to_string()}))
                .expect("json")
        ),
        (Ok(p), false) => print!("{}", describe(p)),
        (Err(e), false) => println!("REJECTED ({}): {e}", e.code()),
    }
}

pub fn to_json(p: &VerifiedPresentation) -> serde_json::Value {
    let claims: serde_json::Map<String, serde_json::Value> =
        p.claims.iter().map(|c| (c.name.as_str(), json!(c.value.to_string()))).collect();
    json!({
        "valid": true,
        "issuer": p.issuer,
        "issuer_name": p.issuer_name,
        "kid": p.kid,
        "doc_type": p.doc_type.map(|d| d.as_str()),
        "audience": p.audience,
        "presented_at": p.presented_at,
        "expires_at": p.expires_at,
        "credential_issued_at": p.credential_issued_at,
        "credential_expires_at": p.credential_expires_at,
        "holder_thumbprint": hex::encode(p.holder_thumbprint),
        "status": p.status.as_ref().map(|s| json!({"idx": s.index, "uri": s.uri})),
        "claims": claims,
        "other_claims": p.other_claims.iter().map(|(k, v)| json!({"path": k, "value": v})).collect::<Vec<_>>(),
    })
}

pub fn describe(p: &VerifiedPresentation) -> String {
    let mut out = String::from("VALID presentation\n");
    let issuer = p.issuer_name.as_deref().map_or(p.issuer.clone(), |n| format!("{n} ({})", p.issuer));
    out += &format!("  issuer      {issuer}, key {}\n", p.kid);
    if let Some(doc) = p.doc_type {
        out += &format!("  credential  {doc}, valid until {}\n", format_time(p.credential_expires_at));
    }
    out += &format!("  for         {}, expires {}\n", p.audience, format_time(p.expires_at));
    out += &format!("  holder key  {}\n", hex::encode(&p.holder_thumbprint[..8]));
    for c in &p.claims {
        out += &format!("  {:<20} {}\n", c.name.as_str(), c.value);
    }
    for (path, value) in &p.other_claims {
        out += &format!("  {path:<20} {value}\n");
    }
    out
}

/// "2026-11-26 21:00:00 UTC".
pub fn format_time(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!("{} {:02}:{:02}:{:02} UTC", Date::from_unix(unix), secs / 3600, secs % 3600 / 60, secs % 60)
}
