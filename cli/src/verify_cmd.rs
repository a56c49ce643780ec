//! `cwallet verify`: offline verification of a presentation QR, as a counter would do it: status
//! lists, a replay cache, the printed ID card QR (exit 3, unsigned), and batches of QR texts.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use citizen_wallet::status::StatusStore;
use citizen_wallet::verifier::card::UNSIGNED_NOTICE;
use citizen_wallet::verifier::replay::DEFAULT_SQLITE_CAPACITY;
use citizen_wallet::verifier::{
    MemoryReplayCache, Scanned, SqliteReplayCache, StatusAction, StatusCheck, StatusPolicy, UnsignedCardQr,
    VerifierPolicy,
};
use citizen_wallet::{Clock, FixedClock, SystemClock, VerifiedPresentation, Verifier, VerifyError};
use clap::{ArgGroup, Args, ValueEnum};
use serde_json::json;

use crate::files;
use crate::helpers::format_time;
use crate::trust_cmd::TrustSource;
use crate::{CliError, CliResult};

#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["text", "image", "batch"])))]
#[command(group(ArgGroup::new("for").required(true).args(["audience", "any_audience"])))]
pub struct VerifyArgs {
    #[command(flatten)]
    trust: TrustSource,
    /// File holding the QR text, or - for standard input.
    #[arg(long)]
    text: Option<String>,
    /// PNG or JPEG image of the QR code.
    #[arg(long)]
    image: Option<PathBuf>,
    /// File of QR texts, one per line (a gate or a log re-check): batch signature verification.
    #[arg(long)]
    batch: Option<PathBuf>,
    /// Status List Token file (application/statuslist+cwt) to check revocation against; repeatable.
    #[arg(long = "status", value_name = "FILE")]
    status: Vec<PathBuf>,
    /// Folder of synced Status List Tokens (*.cwt), loaded at start; --status files are saved into it.
    #[arg(long, value_name = "DIR")]
    status_dir: Option<PathBuf>,
    /// When no status list is loaded for a credential's list URI.
    #[arg(long, value_enum, default_value = "reject")]
    on_missing_status: OnStatus,
    /// When the credential's status list has expired.
    #[arg(long, value_enum, default_value = "reject")]
    on_expired_status: OnStatus,
    /// SQLite replay cache: a presentation accepted once is refused afterwards, across runs.
    /// (Without it, presentations are remembered for this run only, e.g. within a --batch.)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["at", "no_replay_memory"])]
    replay_db: Option<PathBuf>,
    /// Do not remember accepted presentations (tooling that re-checks one QR on purpose).
    #[arg(long)]
    no_replay_memory: bool,
    /// This counter's audience: presentations for anyone else are rejected. Required, unless
    /// --any-audience.
    #[arg(long)]
    audience: Option<String>,
    /// Tooling only: accept presentations addressed to any audience.
    #[arg(long)]
    any_audience: bool,
    /// The nonce this counter asked for, hex.
    #[arg(long)]
    nonce: Option<String>,
    /// Longest presentation lifetime accepted, seconds.
    #[arg(long, default_value_t = citizen_wallet::verifier::policy::DEFAULT_MAX_TTL_SECS)]
    max_ttl: i64,
    /// Tolerated clock difference with the phone, seconds.
    #[arg(long, default_value_t = citizen_wallet::verifier::policy::DEFAULT_CLOCK_SKEW_SECS)]
    skew: i64,
    /// Verify as of this Unix time instead of now (never with a replay database).
    #[arg(long)]
    at: Option<i64>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    /// Write a disclosed portrait to this file (its format is in the output). Biometric data:
    /// show it to the clerk, then delete it; the counter must not keep it.
    #[arg(long, value_name = "FILE")]
    portrait_out: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum OnStatus {
    Reject,
    Warn,
}

impl From<OnStatus> for StatusAction {
    fn from(o: OnStatus) -> StatusAction {
        match o {
            OnStatus::Reject => StatusAction::Reject,
            OnStatus::Warn => StatusAction::Warn,
        }
    }
}

pub fn run(args: VerifyArgs) -> CliResult {
    let verifier = build_verifier(&args)?;
    if let Some(batch) = &args.batch {
        return run_batch(&verifier, batch, args.json);
    }
    let result = match (&args.text, &args.image) {
        (Some(source), _) => verifier.scan(&read_text_source(source)?),
        (None, Some(image)) => verifier.scan_image(&files::read_bytes(image)?),
        (None, None) => unreachable!("clap requires one input"),
    };
    match result {
        Ok(Scanned::UnsignedCard(card)) => {
            report_card(&card, args.json);
            Err(CliError::Unsigned)
        }
        Ok(Scanned::Verified(p)) => {
            report(&Ok(p.clone()), args.json);
            match &args.portrait_out {
                Some(path) => write_portrait(&p, path, args.json),
                None => Ok(()),
            }
        }
        Err(e) => {
            let result = Err(e);
            report(&result, args.json);
            result.map(|_| ()).map_err(|e| CliError::Failed(format!("rejected: {e}")))
        }
    }
}

fn build_verifier(args: &VerifyArgs) -> Result<Verifier, CliError> {
    let nonce = args.nonce.as_deref().map(|n| files::parse_hex("--nonce", n)).transpose()?;
    let policy = VerifierPolicy {
        audience: args.audience.clone(),
        nonce,
        max_ttl_secs: args.max_ttl,
        clock_skew_secs: args.skew,
        status: StatusPolicy { missing: args.on_missing_status.into(), expired: args.on_expired_status.into() },
    };
    let clock: Arc<dyn Clock> = match args.at {
        Some(at) => Arc::new(FixedClock::new(at)),
        None => Arc::new(SystemClock),
    };
    let loaded = args.trust.load(clock.now())?;
    let trust = loaded.issuers()?.clone();
    let mut verifier = loaded.verifier(policy)?.with_clock(clock.clone());
    if !args.no_replay_memory {
        verifier = verifier.with_replay_cache(Arc::new(MemoryReplayCache::default()));
    }
    if !args.status.is_empty() || args.status_dir.is_some() {
        let store = match &args.status_dir {
            Some(dir) => {
                let (store, skipped) = StatusStore::open_dir(dir, trust).map_err(CliError::usage)?;
                for (path, e) in skipped {
                    eprintln!("cwallet: skipped {}: {e}", path.display());
                }
                store
            }
            None => StatusStore::new(trust),
        };
        for path in &args.status {
            store
                .insert(&files::read_bytes(path)?)
                .map_err(|e| CliError::usage(format!("status list {}: {e}", path.display())))?;
        }
        for uri in store.due_for_refresh(clock.now()) {
            eprintln!("cwallet: the status list {uri} is due for a refresh (its ttl has passed)");
        }
        verifier = verifier.with_status_store(Arc::new(store));
    }
    if let Some(db) = &args.replay_db {
        let cache = SqliteReplayCache::open(db, DEFAULT_SQLITE_CAPACITY).map_err(CliError::usage)?;
        verifier = verifier.with_replay_cache(Arc::new(cache));
    }
    Ok(verifier)
}

/// One result line per input line; exit 1 if any was rejected.
fn run_batch(verifier: &Verifier, path: &std::path::Path, as_json: bool) -> CliResult {
    let text = files::read_text(path)?;
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(n, l)| (n + 1, l)).collect();
    let qr_texts: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
    let results = verifier.verify_batch(&qr_texts);
    let rejected = results.iter().filter(|r| r.is_err()).count();
    if as_json {
        let items: Vec<serde_json::Value> = lines
            .iter()
            .zip(&results)
            .map(|((line, _), r)| {
                let mut item = match r {
                    Ok(p) => to_json(p),
                    Err(e) => json!({"valid": false, "error": e.code(), "reason": e.to_string()}),
                };
                item["line"] = json!(line);
                item
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&items).expect("json"));
    } else {
        for ((line, _), r) in lines.iter().zip(&results) {
            match r {
                Ok(p) => println!("line {line}: VALID {} {}", p.issuer, status_summary(&p.status_check)),
                Err(e) => println!("line {line}: REJECTED ({}): {e}", e.code()),
            }
        }
        println!("{} valid, {rejected} rejected", results.len() - rejected);
    }
    if rejected > 0 { Err(CliError::Failed(format!("{rejected} of {} rejected", results.len()))) } else { Ok(()) }
}

fn report_card(card: &UnsignedCardQr, as_json: bool) {
    if as_json {
        let json = json!({
            "valid": false,
            "unsigned": true,
            "notice": UNSIGNED_NOTICE,
            "card": {
                "id_number": card.id_number,
                "old_id_number": card.old_id_number,
                "full_name": card.full_name,
                "date_of_birth": card.date_of_birth.to_string(),
                "sex": card.sex.as_str(),
                "address": card.address,
                "issue_date": card.issue_date.to_string(),
                "extra_fields": card.extra_fields,
            }
        });
        println!("{}", serde_json::to_string_pretty(&json).expect("json"));
        return;
    }
    println!("{UNSIGNED_NOTICE}");
    println!("Printed ID card QR: NOT a verified presentation. Check the card itself.");
    let old = card.old_id_number.as_deref().unwrap_or("-");
    for (name, value) in [
        ("id_number", card.id_number.as_str()),
        ("old_id_number", old),
        ("full_name", card.full_name.as_str()),
        ("date_of_birth", &card.date_of_birth.to_string()),
        ("sex", card.sex.as_str()),
        ("address", card.address.as_str()),
        ("issue_date", &card.issue_date.to_string()),
    ] {
        println!("  UNSIGNED {name:<16} {value}");
    }
    for (i, extra) in card.extra_fields.iter().enumerate() {
        println!("  UNSIGNED field {:<10} {extra}", i + 8);
    }
}

/// Writes the disclosed portrait (if any) and says where, on stderr when stdout carries JSON.
fn write_portrait(p: &VerifiedPresentation, path: &std::path::Path, as_json: bool) -> CliResult {
    let portrait = p.claims.iter().find_map(|c| match &c.value {
        citizen_wallet::ClaimValue::Portrait(portrait) => Some(portrait),
        _ => None,
    });
    let message = match portrait {
        Some(portrait) => {
            files::write(path, portrait.bytes())?;
            format!(
                "portrait ({}, {} bytes) written to {}",
                portrait.media_type(),
                portrait.bytes().len(),
                path.display()
            )
        }
        None => "no portrait was disclosed: nothing written".to_owned(),
    };
    if as_json {
        eprintln!("{message}");
    } else {
        println!("{message}");
    }
    Ok(())
}

fn status_summary(check: &StatusCheck) -> String {
    match check {
        StatusCheck::NoStatusClaim => "status: no status list reference".into(),
        StatusCheck::NotChecked => "status: NOT CHECKED (no status list given)".into(),
        StatusCheck::Valid { list_issued_at } => format!("status: valid (list of {})", format_time(*list_issued_at)),
        StatusCheck::Warning(w) => format!("status: WARNING ({}): {w}", w.code()),
    }
}

pub fn read_text_source(source: &str) -> Result<String, CliError> {
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
        "status_check": match &p.status_check {
            StatusCheck::NoStatusClaim => json!({"result": "no_status_claim"}),
            StatusCheck::NotChecked => json!({"result": "not_checked"}),
            StatusCheck::Valid { list_issued_at } => json!({"result": "valid", "list_issued_at": list_issued_at}),
            StatusCheck::Warning(w) => json!({"result": "warning", "warning": w.code(), "reason": w.to_string()}),
        },
        "trust_warning": p.trust_warning.as_ref().map(ToString::to_string),
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
    out += &format!("  {}\n", status_summary(&p.status_check));
    if let Some(w) = &p.trust_warning {
        out += &format!("  WARNING     {w}\n");
    }
    for c in &p.claims {
        out += &format!("  {:<20} {}\n", c.name.as_str(), c.value);
    }
    for (path, value) in &p.other_claims {
        out += &format!("  {path:<20} {value}\n");
    }
    out
}
