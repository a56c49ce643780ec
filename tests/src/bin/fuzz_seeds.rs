//! Writes the fuzz seed corpora: `cargo run -p cwallet-tests --bin fuzz_seeds -- fuzz/seeds`.
//! Each target gets a folder of valid inputs (tests/src/fuzz.rs `seeds`), which
//! tests/tests/fuzz_corpus.rs checks are up to date.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fuzz/seeds".into()));
    for target in cwallet_tests::fuzz::TARGETS {
        let folder = dir.join(target);
        if folder.exists() {
            std::fs::remove_dir_all(&folder).expect("remove the old seeds");
        }
        std::fs::create_dir_all(&folder).expect("create the seed folder");
    }
    let seeds = cwallet_tests::fuzz::seeds();
    for seed in &seeds {
        std::fs::write(dir.join(seed.target).join(&seed.name), &seed.data).expect("write a seed");
    }
    eprintln!("{} seeds written under {}", seeds.len(), dir.display());
}
