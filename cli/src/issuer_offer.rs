//! `cwallet issuer offer` and `cwallet issuer revoke-grant`: the operator's side of the issuance
//! service, writing into the state database `issuer serve` reads.

use std::path::PathBuf;

use citizen_wallet::issuance::OfferSpec;
use citizen_wallet::issuance::service::{self, open_state};
use citizen_wallet::{CitizenRecord, DocType};
use clap::Args;

use crate::files;
use crate::issuer_serve::URL_SETTING;
use crate::{CliError, CliResult};

#[derive(Args)]
pub struct OfferArgs {
    /// The service's state database (as given to `issuer serve`, which must have run once).
    #[arg(long, default_value = "issuer-state.db")]
    state: PathBuf,
    /// Citizen record JSON, after identity proofing.
    #[arg(long)]
    record: PathBuf,
    /// Comma-separated document types to offer.
    #[arg(long, value_delimiter = ',', default_value = "identity")]
    doc: Vec<String>,
    /// A transaction code (digits) the citizen receives by another channel and must type.
    #[arg(long)]
    tx_code: Option<String>,
    /// Seconds the offer stays valid.
    #[arg(long, default_value_t = 900)]
    ttl_secs: i64,
    /// Also write the offer link as a QR code (PNG) here.
    #[arg(long)]
    qr: Option<PathBuf>,
}

#[derive(Args)]
pub struct RevokeGrantArgs {
    #[arg(long, default_value = "issuer-state.db")]
    state: PathBuf,
    /// The grant id `issuer offer` printed.
    #[arg(long)]
    grant: i64,
}

pub fn run(args: OfferArgs) -> CliResult {
    let record: CitizenRecord = files::read_json(&args.record)?;
    let doc_types = args
        .doc
        .iter()
        .map(|d| DocType::parse(d).ok_or_else(|| CliError::usage(format!("--doc: unknown document type {d:?}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let conn = open_state(&args.state).map_err(CliError::failed)?;
    let url: String = conn
        .query_row("SELECT value FROM settings WHERE name = ?1", [URL_SETTING], |r| r.get(0))
        .map_err(|_| CliError::failed("the state database has no service URL: start `issuer serve` on it first"))?;
    let spec = OfferSpec { record, doc_types, tx_code: args.tx_code };
    let (offer, grant) = service::create_offer(&conn, &url, args.ttl_secs, &spec, crate::helpers::now())
        .map_err(|e| CliError::failed(format!("{e} ({})", e.code())))?;
    let link = offer.to_uri();
    println!("{link}");
    eprintln!("offer for grant {grant} (valid {} s); give the link or its QR to the citizen", args.ttl_secs);
    if let Some(path) = &args.qr {
        let qr = citizen_wallet::qr::QrImage::from_text(&link, citizen_wallet::qr::EcLevel::M)
            .map_err(|e| CliError::failed(format!("the offer does not fit a QR code: {e}")))?;
        files::write(path, qr.to_png(4))?;
    }
    Ok(())
}

pub fn revoke_grant(args: RevokeGrantArgs) -> CliResult {
    let conn = open_state(&args.state).map_err(CliError::failed)?;
    let indexes = service::revoke_grant(&conn, args.grant, crate::helpers::now())
        .map_err(|e| CliError::failed(format!("{e} ({})", e.code())))?;
    let list: Vec<String> = indexes.iter().map(u64::to_string).collect();
    println!("{}", list.join(","));
    eprintln!("grant {} revoked; mark these status list indexes revoked (`issuer revoke --index`)", args.grant);
    Ok(())
}
