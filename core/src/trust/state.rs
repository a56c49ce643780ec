//! The state a trust store keeps: the anchors it trusts now and the chain of accepted bundles that
//! got it there, so that after a restart everything is re-verified from the pinned anchors and no
//! older bundle is ever accepted again.
//!
//! Saved form: a CBOR array of the accepted bundles' bytes, oldest first: the bundles that changed
//! the anchor set (at most [`MAX_CHAIN_LINKS`]), then the current bundle. Nothing in it is trusted
//! on its own: each entry is verified again against the anchors the entries before it established.

use super::anchor::{TrustAnchor, check_anchor_set};
use super::bundle::{TrustBundle, VerifiedBundle};
use super::{ExpiryPolicy, MAX_BUNDLE_BYTES, MAX_CHAIN_LINKS, TRUST_CLOCK_SKEW_SECS, check_expiry};
use crate::cose::cbor::{self, Limits, Value};
use crate::error::{FormatError, TrustError};

/// What an update did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrustUpdate {
    /// The sequence number now held.
    pub seq: u64,
    /// The sequence number held before (`None`: the store was empty).
    pub previous_seq: Option<u64>,
    /// Whether the bundle changed the set of anchors (a rotation step).
    pub anchors_changed: bool,
}

/// Anchors plus the accepted chain. Updates build a new state and replace the old one only when
/// every check passed, so a refused bundle never changes anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustState {
    pinned: Vec<TrustAnchor>,
    anchors: Vec<TrustAnchor>,
    links: Vec<Vec<u8>>,
    current: Option<(Vec<u8>, VerifiedBundle)>,
    /// A sequence number the next bundle must exceed even though no bundle is held: set when a
    /// saved chain can no longer be re-verified from the pinned anchors (an app release that pins
    /// newer anchors), so that starting afresh never reopens the door to older bundles.
    floor: Option<u64>,
}

impl TrustState {
    /// An empty state trusting the `pinned` anchors (an app's built-in keys).
    pub fn new(pinned: Vec<TrustAnchor>) -> Result<TrustState, TrustError> {
        check_anchor_set(&pinned).map_err(TrustError::Settings)?;
        Ok(TrustState { anchors: pinned.clone(), pinned, links: Vec::new(), current: None, floor: None })
    }

    /// Rebuilds a saved state from the pinned anchors: every saved bundle is verified again, in
    /// order, against the anchors its predecessors established, with strictly increasing `seq`.
    /// Expiry is not checked here: it is a property of the verdicts given later.
    ///
    /// When the pinned anchors no longer reach the start of the chain (an app release pinned the
    /// newer anchors directly), the longest tail they do reach is kept; when they reach none, the
    /// state starts empty but refuses any bundle not newer than the newest one saved.
    pub fn restore(pinned: Vec<TrustAnchor>, saved: &[u8]) -> Result<TrustState, TrustError> {
        let items = decode_saved(saved)?;
        let fresh = TrustState::new(pinned)?;
        for start in 0..items.len() {
            if let Ok(state) = fresh.replay(&items[start..]) {
                return Ok(state);
            }
        }
        let floor = items.iter().filter_map(|b| TrustBundle::seq_unverified(b)).max();
        Ok(TrustState { floor, ..fresh })
    }

    fn replay(&self, items: &[Vec<u8>]) -> Result<TrustState, TrustError> {
        let mut state = self.clone();
        for bytes in items {
            state = state.accept(bytes, TrustBundle::verify_signature(bytes, &state.anchors)?)?.0;
        }
        Ok(state)
    }

    /// Verifies `bundle` at `now` and makes it current if it is newer than the bundle held.
    pub fn update(&mut self, bundle: &[u8], now: i64, policy: ExpiryPolicy) -> Result<TrustUpdate, TrustError> {
        let verified = TrustBundle::verify(bundle, &self.anchors, now, policy)?;
        let (next, update) = self.accept(bundle, verified)?;
        *self = next;
        Ok(update)
    }

    /// The state after accepting an already verified bundle (the rollback check happens here).
    fn accept(&self, bytes: &[u8], verified: VerifiedBundle) -> Result<(TrustState, TrustUpdate), TrustError> {
        let previous_seq = self.seq();
        if let Some(held) = previous_seq.max(self.floor)
            && verified.bundle.seq <= held
        {
            return Err(TrustError::Rollback { seq: verified.bundle.seq, held });
        }
        let mut next = self.clone();
        // The bundle held so far stays in the chain if it changed the anchors: it is the link that
        // lets a restart reach the anchors that signed the new one.
        if let Some((held_bytes, held)) = next.current.take()
            && held.bundle.next_anchors.is_some()
        {
            next.links.push(held_bytes);
            if next.links.len() > MAX_CHAIN_LINKS {
                // Forgetting the oldest link means the pinned anchors can no longer reach the rest:
                // re-anchor on the anchors the remaining chain starts from.
                return Err(TrustError::Settings(format!(
                    "more than {MAX_CHAIN_LINKS} anchor rotations since the pinned anchors: ship the current anchors"
                )));
            }
        }
        let anchors_changed = match &verified.bundle.next_anchors {
            Some(anchors) if *anchors != next.anchors => {
                next.anchors = anchors.clone();
                true
            }
            _ => false,
        };
        let seq = verified.bundle.seq;
        next.current = Some((bytes.to_vec(), verified));
        next.floor = None;
        Ok((next, TrustUpdate { seq, previous_seq, anchors_changed }))
    }

    /// Raises the sequence number the next bundle must exceed to at least `seq` (a high-water mark
    /// kept beside the saved chain).
    pub fn with_floor(mut self, seq: u64) -> TrustState {
        if self.seq().is_none_or(|held| held < seq) {
            self.floor = Some(self.floor.map_or(seq, |f| f.max(seq)));
        }
        self
    }

    /// The saved form (see the module documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut items: Vec<Value> = self.links.iter().map(|b| Value::Bytes(b.clone())).collect();
        if let Some((bytes, _)) = &self.current {
            items.push(Value::Bytes(bytes.clone()));
        }
        Value::Array(items).to_vec()
    }

    /// The bundle held, whatever its age.
    pub fn current(&self) -> Option<&VerifiedBundle> {
        self.current.as_ref().map(|(_, v)| v)
    }

    /// The bytes of the bundle held (to hand on, e.g. from a counter to the next one).
    pub fn current_bytes(&self) -> Option<&[u8]> {
        self.current.as_ref().map(|(b, _)| b.as_slice())
    }

    /// The bundle held, checked against the clock: refused (or marked with a warning) when expired.
    pub fn current_at(&self, now: i64, policy: ExpiryPolicy) -> Result<VerifiedBundle, TrustError> {
        let mut held = self.current().cloned().ok_or(TrustError::NoBundle)?;
        if now.saturating_add(TRUST_CLOCK_SKEW_SECS) < held.bundle.issued_at {
            return Err(TrustError::NotYetValid { seconds_ahead: held.bundle.issued_at.saturating_sub(now) });
        }
        held.warning = check_expiry(held.bundle.expires_at, now, policy)?;
        Ok(held)
    }

    /// Sequence number of the bundle held, or `None` when none is held.
    pub fn seq(&self) -> Option<u64> {
        self.current().map(|v| v.bundle.seq)
    }

    /// The anchors the next bundle must be signed by.
    pub fn anchors(&self) -> &[TrustAnchor] {
        &self.anchors
    }

    /// The anchors this state was started from.
    pub fn pinned(&self) -> &[TrustAnchor] {
        &self.pinned
    }
}

fn decode_saved(saved: &[u8]) -> Result<Vec<Vec<u8>>, TrustError> {
    let malformed = |what: &str| TrustError::Malformed(FormatError::invalid(what));
    if saved.len() > (MAX_CHAIN_LINKS + 1) * (MAX_BUNDLE_BYTES + 8) {
        return Err(malformed("the saved trust state is too large"));
    }
    let limits = Limits { max_depth: 2, max_items: MAX_CHAIN_LINKS + 1 };
    let Value::Array(items) = cbor::decode(saved, limits)? else {
        return Err(malformed("the saved trust state is not an array"));
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::Bytes(bytes) => Ok(bytes),
            _ => Err(malformed("a saved bundle is not a byte string")),
        })
        .collect()
}
