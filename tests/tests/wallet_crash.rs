//! Crash safety: a child process importing credentials is killed with SIGKILL at random moments,
//! many times; afterwards every import it reported as committed is intact and no record is torn.
//! And a PIN attempt killed in the middle of Argon2id still counts.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use citizen_wallet::wallet::{CredentialId, KdfParams, Wallet, WalletOptions};
use common::{PIN, Setup, count, raw};

const CHILD: &str = env!("CARGO_BIN_EXE_wallet_crash_child");

/// xorshift64*: kill moments that differ run to run but need no extra dependency.
struct Rng(u64);

impl Rng {
    fn seeded() -> Rng {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
        Rng(t | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// Forwards the child's stdout lines from a thread, until the pipe closes (the child died).
fn spawn(args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(CHILD).args(args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    (child, receive)
}

#[test]
fn sigkill_during_imports_never_loses_a_commit_or_tears_a_record() {
    let s = Setup::new();
    let path = s.path("crash.db");
    // Waits are off: kills during an unlock count as failed attempts (see the next test).
    drop(Wallet::create(&path, s.options(PIN)).unwrap());
    let issuer_secret = hex::encode(citizen_wallet::internal::os_random::<32>());
    let db = path.to_str().unwrap();

    let mut rng = Rng::seeded();
    let mut committed: BTreeMap<i64, Vec<u8>> = BTreeMap::new();
    let started = Instant::now();
    let rounds = 40;
    let mut waited_for = 0;
    for round in 0..rounds {
        let (mut child, lines) = spawn(&["import", db, &issuer_secret, PIN]);
        let mut seen = Vec::new();
        if round % 4 == 0 {
            // During start-up: open, schema check, the PIN attempt, the first import.
            thread::sleep(Duration::from_millis(rng.below(40)));
        } else {
            // In the import loop, after a random number of imports, at a random moment of the next.
            let imports = rng.below(5) as usize;
            waited_for += imports;
            while seen.iter().filter(|l: &&String| l.starts_with("committed")).count() < imports {
                seen.push(lines.recv_timeout(Duration::from_secs(30)).expect("the child stopped importing"));
            }
            thread::sleep(Duration::from_micros(rng.below(30_000)));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let mut new = 0;
        for line in seen.into_iter().chain(lines) {
            // A line the kill cut short lacks its "end"; that import may or may not be committed.
            if let ["committed", id, bytes, "end"] = line.split(' ').collect::<Vec<_>>()[..] {
                let id: i64 = id.parse().unwrap();
                assert!(committed.insert(id, hex::decode(bytes).unwrap()).is_none(), "id {id} reported twice");
                new += 1;
            }
        }

        // After each kill: SQLite's own check, then every newly committed credential intact.
        let check: String = raw(&path).query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "round {round}");
        let wallet = Wallet::open(&path, None).unwrap();
        wallet.unlock(Some(PIN)).unwrap();
        for (id, bytes) in committed.iter().rev().take(new) {
            assert_eq!(wallet.get_credential(CredentialId(*id)).unwrap().to_bytes(), bytes.as_slice(), "round {round}");
        }
    }

    let wallet = Wallet::open(&path, None).unwrap();
    wallet.unlock(Some(PIN)).unwrap();
    // Every row decrypts and parses (a torn row would fail authentication); none is missing.
    assert!(wallet.damaged_records().unwrap().is_empty());
    let rows = count(&path, "credentials") as usize;
    assert_eq!(wallet.list_credentials().unwrap().len(), rows);
    // A row may exist whose "committed" line the kill cut off, never the other way round.
    assert!(rows >= committed.len());
    for (id, bytes) in &committed {
        assert_eq!(wallet.get_credential(CredentialId(*id)).unwrap().to_bytes(), bytes.as_slice());
    }
    assert!(committed.len() >= waited_for, "every import waited for was reported");
    eprintln!(
        "{rounds} kills, {} committed imports checked, {rows} rows, {:.1} s",
        committed.len(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_pin_attempt_killed_during_argon2id_still_counts() {
    let s = Setup::new();
    let path = s.path("slow.db");
    // Slow on purpose (most of a second): the kill lands inside Argon2id, well after the attempt
    // was committed and long before the KDF can finish, however loaded the machine.
    let kdf = KdfParams { memory_kib: 256 * 1024, iterations: 2, parallelism: 1 };
    drop(Wallet::create(&path, WalletOptions { kdf, ..s.options(PIN) }).unwrap());
    let failed =
        || -> i64 { raw(&path).query_row("SELECT failed_attempts FROM unlock_state", [], |r| r.get(0)).unwrap() };

    // The child tries the *right* PIN: had it finished, the counter would be back at 0.
    let (mut child, lines) = spawn(&["unlock", path.to_str().unwrap(), PIN]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while failed() == 0 {
        assert!(Instant::now() < deadline, "the child never recorded its attempt");
        thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(lines.iter().collect::<Vec<_>>(), ["attempting"], "killed before the unlock finished");

    assert_eq!(failed(), 1, "the interrupted attempt stays counted");
    let wallet = Wallet::open(&path, None).unwrap();
    assert_eq!(wallet.unlock_status().unwrap().failed_attempts, 1);
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(failed(), 0);
}
