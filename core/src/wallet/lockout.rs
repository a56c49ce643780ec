//! Throttling of PIN guesses: a few free attempts, then growing waits, then a wipe (by default
//! after [`super::DEFAULT_MAX_FAILED_UNLOCKS`] wrong PINs: the count is the limit, whatever the
//! clocks say).
//!
//! The counter lives in the database and is incremented and committed *before* the PIN is tried,
//! so killing the app in the middle of an attempt counts as a failure. Waits are measured with the
//! wall clock and, where the platform has one, a monotonic clock since boot ([`MonotonicClock`]):
//! the smaller elapsed time counts, so moving the wall clock forward does not end a wait. None of
//! this stops someone who copies the file and guesses offline: that is what Argon2id's cost, and a
//! platform key wrapper whose key never leaves the phone, are for.

use super::error::{StorageError, WalletError};

/// The platform's monotonic clock: seconds since the device booted, counting deep sleep, never
/// set by the user (Android `SystemClock.elapsedRealtime() / 1000`, iOS
/// `clock_gettime(CLOCK_MONOTONIC_RAW)` or `ProcessInfo.systemUptime` where sleep is counted).
/// Apps implement it through the bindings; a reboot resets it, which the wallet detects (the value
/// goes down) and treats like a clock set back: the wait starts again, it never ends early.
pub trait MonotonicClock: Send + Sync {
    /// Seconds since boot, counting deep sleep.
    fn uptime_secs(&self) -> u64;
}

/// One reading of the clocks a wait is measured with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Times {
    /// Wall clock, Unix seconds.
    pub now: i64,
    /// [`MonotonicClock::uptime_secs`], when the app gave one.
    pub uptime: Option<u64>,
}

/// How PIN failures are throttled. Fixed when the wallet is created and stored in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnlockDelays {
    /// Failed attempts allowed without any wait.
    pub free_attempts: u32,
    /// Waits (seconds) after each further failure: the first after failure `free_attempts`, the
    /// next after the one after, and so on; the last repeats.
    pub delays_secs: Vec<u64>,
}

impl UnlockDelays {
    /// Longest single wait accepted (a day): longer only locks the citizen out of their own ID.
    pub const MAX_DELAY_SECS: u64 = 24 * 3600;
    const MAX_STEPS: usize = 32;

    /// Like a phone lock screen: 5 free attempts, then 30 s, 1 min, 5 min, 15 min, then 1 h each.
    pub fn standard() -> UnlockDelays {
        UnlockDelays { free_attempts: 5, delays_secs: vec![30, 60, 300, 900, 3600] }
    }

    /// No waits at all (tests, or when a platform key wrapper rate-limits in hardware).
    pub fn none() -> UnlockDelays {
        UnlockDelays { free_attempts: 0, delays_secs: Vec::new() }
    }

    /// The wait required after `failures` consecutive failed attempts.
    pub fn delay_after(&self, failures: u32) -> u64 {
        if failures == 0 || failures < self.free_attempts || self.delays_secs.is_empty() {
            return 0;
        }
        let step = (failures - self.free_attempts) as usize;
        self.delays_secs[step.min(self.delays_secs.len() - 1)]
    }

    /// Refuses more than 32 steps or a step longer than [`UnlockDelays::MAX_DELAY_SECS`] (a day).
    pub fn check(&self) -> Result<(), WalletError> {
        if self.delays_secs.len() > Self::MAX_STEPS || self.delays_secs.iter().any(|&d| d > Self::MAX_DELAY_SECS) {
            return Err(WalletError::InvalidSettings(format!(
                "unlock delays: at most {} steps of at most {} s",
                Self::MAX_STEPS,
                Self::MAX_DELAY_SECS
            )));
        }
        Ok(())
    }

    /// Column form: decimal seconds separated by commas.
    pub(crate) fn encode(&self) -> String {
        self.delays_secs.iter().map(u64::to_string).collect::<Vec<_>>().join(",")
    }

    pub(crate) fn decode(free_attempts: i64, delays: &str) -> Result<UnlockDelays, WalletError> {
        let corrupt = || WalletError::Corrupt(StorageError::other("unlock_state holds an invalid delay policy"));
        let free_attempts = u32::try_from(free_attempts).map_err(|_| corrupt())?;
        let delays_secs = if delays.is_empty() {
            Vec::new()
        } else {
            delays.split(',').map(|d| d.parse::<u64>().map_err(|_| corrupt())).collect::<Result<Vec<_>, _>>()?
        };
        let policy = UnlockDelays { free_attempts, delays_secs };
        policy.check().map_err(|_| corrupt())?;
        Ok(policy)
    }
}

impl Default for UnlockDelays {
    fn default() -> UnlockDelays {
        UnlockDelays::standard()
    }
}

/// The stored counter and policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnlockState {
    pub failed_attempts: u32,
    pub last_failure_at: Option<i64>,
    /// The monotonic clock's reading at the last failure, when the app gave one.
    pub last_failure_uptime: Option<u64>,
    pub delays: UnlockDelays,
    pub max_failed_unlocks: Option<u32>,
    pub wiped: bool,
}

impl UnlockState {
    /// Seconds until the next attempt may run, at `times`. A clock set back before the last
    /// failure counts as no time elapsed (the store re-anchors the failure time, so it cannot lock
    /// forever). With a monotonic reading at both ends, the smaller of the two elapsed times
    /// counts: moving the wall clock forward ends no wait.
    pub fn retry_after(&self, times: Times) -> u64 {
        let delay = self.delays.delay_after(self.failed_attempts);
        let Some(last) = self.last_failure_at else { return 0 };
        let mut elapsed = u64::try_from(times.now.saturating_sub(last)).unwrap_or(0);
        if let (Some(then), Some(now)) = (self.last_failure_uptime, times.uptime) {
            elapsed = elapsed.min(now.saturating_sub(then));
        }
        delay.saturating_sub(elapsed)
    }

    /// Attempts left before a wipe, after the current failures.
    pub fn attempts_left(&self) -> Option<u32> {
        self.max_failed_unlocks.map(|max| max.saturating_sub(self.failed_attempts))
    }

    pub fn must_wipe(&self) -> bool {
        matches!(self.max_failed_unlocks, Some(max) if self.failed_attempts >= max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_the_free_attempts_and_the_last_repeats() {
        let d = UnlockDelays { free_attempts: 3, delays_secs: vec![30, 60, 300] };
        let waits: Vec<u64> = (0..8).map(|n| d.delay_after(n)).collect();
        assert_eq!(waits, [0, 0, 0, 30, 60, 300, 300, 300]);
        assert_eq!(UnlockDelays::none().delay_after(100), 0);
        assert_eq!(UnlockDelays::standard().delay_after(4), 0);
        assert_eq!(UnlockDelays::standard().delay_after(5), 30);
    }

    #[test]
    fn retry_after_counts_down_and_survives_a_clock_set_back() {
        let at = |now| Times { now, uptime: None };
        let state = UnlockState {
            failed_attempts: 4,
            last_failure_at: Some(1000),
            last_failure_uptime: None,
            delays: UnlockDelays { free_attempts: 3, delays_secs: vec![30, 60] },
            max_failed_unlocks: Some(10),
            wiped: false,
        };
        assert_eq!(state.retry_after(at(1000)), 60);
        assert_eq!(state.retry_after(at(1059)), 1);
        assert_eq!(state.retry_after(at(1060)), 0);
        assert_eq!(state.retry_after(at(10)), 60);
        // With a monotonic reading, a wall clock moved a day ahead does not end the wait.
        let mono = UnlockState { last_failure_uptime: Some(500), ..state.clone() };
        assert_eq!(mono.retry_after(Times { now: 1000 + 86_400, uptime: Some(510) }), 50);
        assert_eq!(mono.retry_after(Times { now: 1060, uptime: Some(560) }), 0);
        assert_eq!(state.attempts_left(), Some(6));
        assert!(!state.must_wipe());
        assert!(UnlockState { failed_attempts: 10, ..state }.must_wipe());
    }

    #[test]
    fn column_form_round_trips_and_rejects_garbage() {
        let d = UnlockDelays::standard();
        assert_eq!(UnlockDelays::decode(5, &d.encode()).unwrap(), d);
        assert_eq!(UnlockDelays::decode(0, "").unwrap(), UnlockDelays::none());
        for (free, text) in [(-1, "30"), (1, "30,x"), (1, "30,,60"), (1, "999999999")] {
            assert!(matches!(UnlockDelays::decode(free, text), Err(WalletError::Corrupt(_))), "{text}");
        }
    }
}
