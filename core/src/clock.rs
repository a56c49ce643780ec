//! Time as Unix seconds, injectable so that verification and tests are deterministic.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The time source of every validity check: the system clock in production, a [`FixedClock`] in tests.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;
}

/// The system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            Err(before) => -(before.duration().as_secs() as i64),
        }
    }
}

/// A clock that stays where it is set, for tests and for re-checking past presentations.
#[derive(Debug, Default)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    /// A clock that reads `now` (Unix seconds) until set or advanced.
    pub fn new(now: i64) -> FixedClock {
        FixedClock(AtomicI64::new(now))
    }

    /// Moves the clock to `now` (Unix seconds).
    pub fn set(&self, now: i64) {
        self.0.store(now, Ordering::SeqCst);
    }

    /// Moves the clock forward by `seconds` (backward when negative).
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The time span in which a key may sign: `from` inclusive, `until` exclusive, each open when
/// `None`. Trust bundles give one to every issuer and verifier key (FORMAT.md "Signed trust").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SigningPeriod {
    /// First second the key may sign at (inclusive), Unix seconds; `None`: no lower bound.
    pub from: Option<i64>,
    /// Second from which the key may no longer sign (exclusive), Unix seconds; `None`: no upper bound.
    pub until: Option<i64>,
}

impl SigningPeriod {
    /// No bounds: the key may sign at any time.
    pub const ALWAYS: SigningPeriod = SigningPeriod { from: None, until: None };

    /// Whether something signed at `time` falls within the period.
    pub fn contains(&self, time: i64) -> bool {
        self.from.is_none_or(|from| time >= from) && self.until.is_none_or(|until| time < until)
    }

    /// A period must not be empty.
    pub fn is_valid(&self) -> bool {
        match (self.from, self.until) {
            (Some(from), Some(until)) => from < until,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signing_period_includes_its_start_and_excludes_its_end() {
        let period = SigningPeriod { from: Some(100), until: Some(200) };
        assert!(!period.contains(99));
        assert!(period.contains(100));
        assert!(period.contains(199));
        assert!(!period.contains(200));
        assert!(SigningPeriod::ALWAYS.contains(i64::MIN) && SigningPeriod::ALWAYS.contains(i64::MAX));
        assert!(!SigningPeriod { from: Some(5), until: Some(5) }.is_valid());
    }
}
