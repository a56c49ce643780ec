//! `cwallet wallet receive` and `cwallet wallet refresh`: the wallet side of issuance over the
//! CLI's default HTTP client.

use std::path::PathBuf;

use citizen_wallet::issuance::{self, ReceiveOptions};
use citizen_wallet::wallet::GrantId;
use clap::Args;

use crate::files;
use crate::helpers::now;
use crate::http_client::UreqClient;
use crate::trust_cmd::TrustSource;
use crate::{CliError, CliResult};

/// Environment variable holding the transaction code, when the offer asks for one.
pub const TX_CODE_ENV: &str = "CWALLET_TX_CODE";

#[derive(Args)]
pub struct ReceiveArgs {
    #[arg(long)]
    db: PathBuf,
    /// The offer: an `openid-credential-offer://` link, or a file holding the link or the JSON.
    #[arg(long)]
    offer: String,
    /// The signed trust bundle (or a development trust list) the credentials are checked against.
    #[command(flatten)]
    trust: TrustSource,
    /// One-time credentials to receive per document (one holder key each).
    #[arg(long, default_value_t = 1)]
    batch: usize,
}

#[derive(Args)]
pub struct RefreshArgs {
    #[arg(long)]
    db: PathBuf,
    #[command(flatten)]
    trust: TrustSource,
    /// The stored grant to refresh (default: every grant).
    #[arg(long)]
    grant: Option<i64>,
    #[arg(long, default_value_t = 1)]
    batch: usize,
}

fn failed(e: issuance::IssuanceError) -> CliError {
    CliError::failed(format!("{e} ({})", e.code()))
}

pub fn receive(args: ReceiveArgs) -> CliResult {
    let loaded = args.trust.load(now())?;
    let trust = loaded.issuers()?;
    let offer = if args.offer.starts_with(issuance::OFFER_SCHEME) {
        args.offer.clone()
    } else {
        files::read_text(std::path::Path::new(&args.offer))?
    };
    let wallet = crate::wallet_cmd::unlocked(&args.db)?;
    let tx_code = std::env::var(TX_CODE_ENV).ok();
    let options = ReceiveOptions { batch_size: args.batch, tx_code };
    let received = issuance::receive(&wallet, &offer, &UreqClient::new(), trust, &options).map_err(failed)?;
    for id in &received.credentials {
        println!("received credential {id}");
    }
    if let Some(grant) = received.grant {
        eprintln!("refresh grant {grant} stored (`wallet refresh` renews before expiry)");
    }
    Ok(())
}

pub fn refresh(args: RefreshArgs) -> CliResult {
    let loaded = args.trust.load(now())?;
    let trust = loaded.issuers()?;
    let wallet = crate::wallet_cmd::unlocked(&args.db)?;
    let grants: Vec<GrantId> = match args.grant {
        Some(g) => vec![GrantId(g)],
        None => wallet.grants().map_err(crate::wallet_cmd::wallet_error)?.into_iter().map(|(id, _)| id).collect(),
    };
    if grants.is_empty() {
        return Err(CliError::failed("the wallet holds no issuance grant to refresh"));
    }
    let http = UreqClient::new();
    for grant in grants {
        let received = issuance::refresh(&wallet, grant, &http, trust, args.batch).map_err(failed)?;
        for id in &received.credentials {
            println!("received credential {id} (refresh of grant {grant})");
        }
    }
    Ok(())
}
