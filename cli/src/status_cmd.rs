//! `cwallet issuer revoke|suspend|reinstate|publish-status`: the test issuer's status list.
//!
//! The list lives next to the issuer file (`issuer.json` → `issuer.status.cbor`) as the draft's
//! CBOR `StatusList` (`{"bits": 2, "lst": <zlib>}`): two bits per credential, so it can say
//! valid, revoked or suspended.

use std::path::{Path, PathBuf};

use citizen_wallet::issuer::{DEFAULT_STATUS_LIST_TTL_SECS, DEFAULT_STATUS_LIST_VALIDITY_SECS};
use citizen_wallet::status::{Status, StatusList};
use clap::Args;

use crate::files::{self, IssuerFile};
use crate::helpers::now;
use crate::{CliError, CliResult};

/// Default number of entries: large lists hide which credential a verifier asks about.
pub const DEFAULT_STATUS_LIST_SIZE: usize = 65_536;
/// Bits per entry of the CLI's lists (valid, revoked, suspended).
const BITS: u8 = 2;

#[derive(Args)]
pub struct ChangeArgs {
    #[arg(long, default_value = "issuer.json")]
    issuer: PathBuf,
    /// The credential's index in the status list (`--status-index` when it was issued).
    #[arg(long)]
    index: u64,
}

#[derive(Args)]
pub struct PublishArgs {
    #[arg(long, default_value = "issuer.json")]
    issuer: PathBuf,
    /// Status List Token file to write (CBOR, application/statuslist+cwt).
    #[arg(long, default_value = "status.cwt")]
    out: PathBuf,
    /// Lifetime of the token (`exp - iat`), hours.
    #[arg(long, default_value_t = DEFAULT_STATUS_LIST_VALIDITY_SECS / 3600)]
    validity_hours: u64,
    /// `ttl`: how often verifiers should fetch a fresh copy, seconds.
    #[arg(long, default_value_t = DEFAULT_STATUS_LIST_TTL_SECS)]
    ttl: u64,
}

/// `issuer.json` → `issuer.status.cbor`, in the same folder.
pub fn list_path(issuer_file: &Path) -> PathBuf {
    let stem = issuer_file.file_stem().map_or("issuer".into(), |s| s.to_string_lossy().into_owned());
    issuer_file.with_file_name(format!("{stem}.status.cbor"))
}

/// Creates an all-valid list for a new issuer.
pub fn create(issuer_file: &Path, entries: usize) -> Result<PathBuf, CliError> {
    let list = StatusList::new(BITS, entries).map_err(CliError::usage)?;
    let path = list_path(issuer_file);
    files::write(&path, list.to_cbor_bytes())?;
    Ok(path)
}

fn load(issuer_file: &Path) -> Result<(PathBuf, StatusList), CliError> {
    let path = list_path(issuer_file);
    let bytes = files::read_bytes(&path)?;
    let list = StatusList::from_cbor_bytes(&bytes).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?;
    Ok((path, list))
}

/// Sets entry `index` to `to`. Revocation is final: a revoked entry is never changed back.
pub fn change(args: ChangeArgs, to: Status) -> CliResult {
    let (path, mut list) = load(&args.issuer)?;
    let current = list.status(args.index).ok_or_else(|| {
        CliError::usage(format!("--index {} is outside the list ({} entries)", args.index, list.len()))
    })?;
    if current == Status::Revoked && to != Status::Revoked {
        return Err(CliError::failed(format!("entry {} is revoked; revocation is final", args.index)));
    }
    list.set(args.index, to.value()).map_err(CliError::usage)?;
    files::write(&path, list.to_cbor_bytes())?;
    let word = match to {
        Status::Valid => "valid",
        Status::Revoked => "revoked",
        Status::Suspended => "suspended",
        Status::Other(_) => "changed",
    };
    println!(
        "entry {} is now {word} in {}; run `cwallet issuer publish-status` to publish it",
        args.index,
        path.display()
    );
    Ok(())
}

pub fn publish(args: PublishArgs) -> CliResult {
    let issuer = files::read_json::<IssuerFile>(&args.issuer)?.to_issuer()?;
    let (_, list) = load(&args.issuer)?;
    let now = now();
    let token = issuer
        .sign_status_list(&list, now, args.validity_hours.saturating_mul(3600), Some(args.ttl))
        .map_err(CliError::usage)?;
    files::write(&args.out, &token)?;
    let revoked = (0..list.len() as u64).filter(|&i| list.status(i) == Some(Status::Revoked)).count();
    let suspended = (0..list.len() as u64).filter(|&i| list.status(i) == Some(Status::Suspended)).count();
    println!(
        "status list token for {} written to {} ({} bytes, {} entries: {revoked} revoked, {suspended} suspended); expires {}",
        issuer.config().status_list_uri.as_deref().unwrap_or_default(),
        args.out.display(),
        token.len(),
        list.len(),
        crate::helpers::format_time(now.saturating_add(args.validity_hours.saturating_mul(3600) as i64)),
    );
    Ok(())
}
