//! `cwallet`: the command-line tool for issuers, holders and verifiers, and the end-to-end demo.
//!
//! Exit codes: 0 success (for `verify`: valid), 1 rejected or failed, 2 usage error,
//! 3 (`verify`) read but unsigned: the QR printed on an ID card, shown as not verified.

mod bench;
mod demo;
mod files;
mod helpers;
mod http_client;
mod issuer_cmd;
mod issuer_offer;
mod issuer_serve;
mod portrait;
mod portrait_bench_cmd;
mod present_cmd;
mod request_cmd;
mod status_cmd;
mod trust_cmd;
mod verify_cmd;
mod wallet_cmd;
mod wallet_receive;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Why a command did not succeed, and so its exit code.
#[derive(Debug)]
pub enum CliError {
    /// The command was called wrongly, or its inputs could not be read: exit 2.
    Usage(String),
    /// The command ran and the answer is no (rejected presentation, invalid record...): exit 1.
    Failed(String),
    /// The input was read but carries no signature (a printed ID card QR), already printed: exit 3.
    Unsigned,
}

impl CliError {
    pub fn usage(msg: impl std::fmt::Display) -> CliError {
        CliError::Usage(msg.to_string())
    }

    pub fn failed(msg: impl std::fmt::Display) -> CliError {
        CliError::Failed(msg.to_string())
    }
}

pub type CliResult = Result<(), CliError>;

#[derive(Parser)]
#[command(
    name = "cwallet",
    version,
    about = "Citizen digital-ID wallet: issue, present and verify ID credentials offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// End-to-end demo: issue a credential, present three claims as a QR code, verify it.
    Demo(demo::DemoArgs),
    /// Test issuer: create keys, issue credentials.
    #[command(subcommand)]
    Issuer(issuer_cmd::IssuerCommand),
    /// Holder key for file-based presentations.
    #[command(subcommand)]
    Holder(present_cmd::HolderCommand),
    /// Make a presentation QR from a credential file and a holder key file.
    Present(present_cmd::PresentArgs),
    /// Verify a presentation QR (text or image) offline against a signed trust bundle.
    Verify(verify_cmd::VerifyArgs),
    /// The encrypted wallet: init, import, list, show, present, log, change-pin (PIN from CWALLET_PIN or a prompt).
    #[command(subcommand)]
    Wallet(wallet_cmd::WalletCommand),
    /// Test verifier (counter) key for request QR codes, and its registration entry.
    #[command(subcommand)]
    Verifier(request_cmd::VerifierCommand),
    /// Verifier request QR codes: create (counter side), show (wallet side).
    #[command(subcommand)]
    Request(request_cmd::RequestCommand),
    /// Signed trust: anchor key, bundle signing, bundle inspection.
    #[command(subcommand)]
    Trust(trust_cmd::TrustCommand),
    /// Report presentation sizes (bytes, Base45 characters, QR version) and operation timings.
    Bench(bench::BenchArgs),
    /// Portrait measurements: codec bytes against SSIM, presentation sizes with a portrait.
    PortraitBench(portrait_bench_cmd::PortraitBenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => demo::run(args),
        Command::Issuer(cmd) => issuer_cmd::run(cmd),
        Command::Holder(cmd) => present_cmd::run_holder(cmd),
        Command::Present(args) => present_cmd::run(args),
        Command::Verify(args) => verify_cmd::run(args),
        Command::Wallet(cmd) => wallet_cmd::run(cmd),
        Command::Bench(args) => bench::run(args),
        Command::PortraitBench(args) => portrait_bench_cmd::run(args),
        Command::Verifier(cmd) => request_cmd::run_verifier(cmd),
        Command::Request(cmd) => request_cmd::run(cmd),
        Command::Trust(cmd) => trust_cmd::run(cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Failed(msg)) => {
            eprintln!("cwallet: {msg}");
            ExitCode::from(1)
        }
        Err(CliError::Usage(msg)) => {
            eprintln!("cwallet: {msg}");
            ExitCode::from(2)
        }
        Err(CliError::Unsigned) => ExitCode::from(3),
    }
}
