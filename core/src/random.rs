//! Where randomness comes from: the OS generator in production, a seeded one for test vectors.

use sha2::{Digest, Sha256};

/// A source of random bytes (salts, keys).
pub trait RandomSource {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]);
}

/// The operating system's CSPRNG (getrandom).
#[derive(Clone, Copy, Debug, Default)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) {
        // Failure means the OS cannot provide entropy at all; nothing safe can continue.
        getrandom::fill(buf).expect("the operating system's random number generator failed");
    }
}

/// Deterministic bytes from a seed (SHA-256 in counter mode).
///
/// **Only for reproducible test vectors** (FORMAT.md): salts from it are predictable.
#[derive(Clone, Debug)]
pub struct SeededRandom {
    seed: [u8; 32],
    counter: u64,
}

impl SeededRandom {
    /// A deterministic stream from `seed` (SHA-256 in counter mode): the same seed gives the same bytes.
    pub fn new(seed: &[u8]) -> SeededRandom {
        SeededRandom { seed: Sha256::digest(seed).into(), counter: 0 }
    }
}

impl RandomSource for SeededRandom {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(32) {
            let block = Sha256::new().chain_update(self.seed).chain_update(self.counter.to_be_bytes()).finalize();
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
}

/// `N` bytes from the OS generator.
#[cfg_attr(not(any(feature = "wallet", feature = "test-support")), allow(dead_code))]
pub fn os_random<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    OsRandom.fill(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_is_reproducible_and_os_is_not_constant() {
        let (mut a, mut b) = (SeededRandom::new(b"x"), SeededRandom::new(b"x"));
        let (mut x, mut y) = ([0u8; 40], [0u8; 40]);
        a.fill(&mut x);
        b.fill(&mut y);
        assert_eq!(x, y);
        assert_ne!(x[..32], x[8..40]);
        assert_ne!(os_random::<16>(), os_random::<16>());
    }
}
