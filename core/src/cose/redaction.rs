//! Redaction (issuer), reconstruction (verifier) and disclosure location (holder) over a claims tree,
//! following draft-ietf-spice-sd-cwt: redacted map keys as digests under the simple(59) key,
//! redacted array elements as tag 60 digests, nested redaction, decoys.

use std::collections::HashMap;

use super::cbor::Value;
use super::disclosure::{Disclosure, DisclosureKind, SALT_LEN};
use super::{SIMPLE_REDACTED_KEYS, TAG_REDACTED_ELEMENT, TAG_TO_BE_DECOY, TAG_TO_BE_REDACTED};
use crate::error::FormatError;

/// The draft's suggested nesting bound for claims.
pub const MAX_CLAIM_DEPTH: usize = 16;

/// Why disclosures cannot be applied to a payload.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RedactionError {
    /// A disclosure's hash is not among the redacted digests of the payload.
    #[error("a disclosure matches no digest in the payload")]
    UnmatchedDisclosure,
    /// A disclosure or a digest occurs twice.
    #[error("the same disclosure or digest appears twice")]
    Duplicate,
    /// A disclosed key is already a plain key of its map.
    #[error("a disclosed claim key is already present in its map")]
    DuplicateKey,
    /// The payload or a disclosure does not have the SD-CWT structure; the text says which part.
    #[error("{0}")]
    Invalid(&'static str),
}

impl From<RedactionError> for FormatError {
    fn from(e: RedactionError) -> Self {
        FormatError::invalid(e.to_string())
    }
}

/// Turns a pre-issuance claims set into an issued payload and its disclosures.
///
/// In the input, `58(key): value` marks a map entry to redact, `58(value)` an array element to
/// redact, `62(n): null` / `62(n)` a decoy (the draft's pre-issuance tags). Every map of the output
/// is in deterministic key order and every redacted-keys array sorted, so digest positions leak nothing.
pub fn redact(
    claims: &Value,
    salt: &mut dyn FnMut() -> [u8; SALT_LEN],
) -> Result<(Value, Vec<Disclosure>), FormatError> {
    let mut disclosures = Vec::new();
    let payload = redact_value(claims, salt, &mut disclosures, 1)?;
    Ok((payload, disclosures))
}

fn redact_value(
    value: &Value,
    salt: &mut dyn FnMut() -> [u8; SALT_LEN],
    out: &mut Vec<Disclosure>,
    depth: usize,
) -> Result<Value, FormatError> {
    if depth > MAX_CLAIM_DEPTH {
        return Err(FormatError::invalid("claims nest deeper than 16 levels"));
    }
    Ok(match value {
        Value::Map(entries) => {
            let mut kept: Vec<(Value, Value)> = Vec::new();
            let mut digests: Vec<[u8; 32]> = Vec::new();
            let mut redacted_keys: Vec<&Value> = Vec::new();
            for (key, v) in entries {
                match key {
                    Value::Tag(TAG_TO_BE_REDACTED, inner) => {
                        let value = redact_value(v, salt, out, depth + 1)?;
                        let d = Disclosure::new(salt(), DisclosureKind::MapEntry { key: (**inner).clone(), value });
                        digests.push(d.digest());
                        redacted_keys.push(inner);
                        out.push(d);
                    }
                    Value::Tag(TAG_TO_BE_DECOY, _) => {
                        let d = Disclosure::new(salt(), DisclosureKind::Decoy);
                        digests.push(d.digest());
                        out.push(d);
                    }
                    _ => kept.push((key.clone(), redact_value(v, salt, out, depth + 1)?)),
                }
            }
            if redacted_keys.iter().any(|k| kept.iter().any(|(kk, _)| kk == *k)) {
                return Err(FormatError::invalid("a claim key is both redacted and plain in one map"));
            }
            if !digests.is_empty() {
                digests.sort_unstable();
                let list = digests.iter().map(|d| Value::Bytes(d.to_vec())).collect();
                kept.push((Value::Simple(SIMPLE_REDACTED_KEYS), Value::Array(list)));
            }
            kept.sort_by_cached_key(|(k, _)| k.to_vec());
            Value::Map(kept)
        }
        Value::Array(items) => {
            let mut redacted = Vec::with_capacity(items.len());
            for item in items {
                let kind = match item {
                    Value::Tag(TAG_TO_BE_REDACTED, inner) => {
                        DisclosureKind::ArrayElement { value: redact_value(inner, salt, out, depth + 1)? }
                    }
                    Value::Tag(TAG_TO_BE_DECOY, _) => DisclosureKind::Decoy,
                    _ => {
                        redacted.push(redact_value(item, salt, out, depth + 1)?);
                        continue;
                    }
                };
                let d = Disclosure::new(salt(), kind);
                redacted.push(Value::Tag(TAG_REDACTED_ELEMENT, Box::new(Value::Bytes(d.digest().to_vec()))));
                out.push(d);
            }
            Value::Array(redacted)
        }
        Value::Tag(t, inner) => Value::Tag(*t, Box::new(redact_value(inner, salt, out, depth + 1)?)),
        other => other.clone(),
    })
}

/// Applies presented disclosures to an issued payload: the Validated Disclosed Claims Set.
///
/// Disclosed entries replace their digests, undisclosed digests and decoys vanish, and every
/// disclosure must match exactly one digest (draft §8 step 7). Disclosures may come in any order,
/// including a nested one before its parent.
pub fn reconstruct(payload: &Value, disclosures: &[Disclosure]) -> Result<Value, RedactionError> {
    let mut walker = Walker::new(disclosures)?;
    let claims = walker.reconstruct(payload, 1)?;
    if walker.used.iter().any(|used| !used) {
        return Err(RedactionError::UnmatchedDisclosure);
    }
    Ok(claims)
}

/// One step of a path from the payload root to a claim.
#[derive(Clone, Debug, PartialEq)]
pub enum PathStep {
    /// A map key.
    Key(Value),
    /// An array index.
    Index(usize),
}

/// Where a disclosure's claim sits, and which disclosure (if any) must be presented with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    /// The steps from the payload root to the claim.
    pub path: Vec<PathStep>,
    /// Index of the disclosure that holds the claim's container, when that is redacted too.
    pub parent: Option<usize>,
}

/// Finds where each disclosure of an issued credential sits (None for decoys and strays), so a
/// holder can pick disclosures by claim and include the parents that nested claims need.
pub fn locate(payload: &Value, disclosures: &[Disclosure]) -> Result<Vec<Option<Location>>, RedactionError> {
    let mut walker = Walker::new(disclosures)?;
    let mut found = vec![None; disclosures.len()];
    walker.locate(payload, &mut Vec::new(), None, &mut found, 1)?;
    Ok(found)
}

struct Walker<'a> {
    disclosures: &'a [Disclosure],
    by_digest: HashMap<[u8; 32], usize>,
    used: Vec<bool>,
}

impl<'a> Walker<'a> {
    fn new(disclosures: &'a [Disclosure]) -> Result<Self, RedactionError> {
        let mut by_digest = HashMap::with_capacity(disclosures.len());
        for (i, d) in disclosures.iter().enumerate() {
            if by_digest.insert(d.digest(), i).is_some() {
                return Err(RedactionError::Duplicate);
            }
        }
        Ok(Walker { disclosures, by_digest, used: vec![false; disclosures.len()] })
    }

    /// Marks the disclosure of `digest` used and returns it, if it was presented.
    fn take(&mut self, digest: &Value) -> Result<Option<(usize, &'a DisclosureKind)>, RedactionError> {
        let digest: [u8; 32] = digest
            .as_bytes()
            .and_then(|b| b.try_into().ok())
            .ok_or(RedactionError::Invalid("a redacted claim hash is not 32 bytes"))?;
        let Some(&i) = self.by_digest.get(&digest) else { return Ok(None) };
        if std::mem::replace(&mut self.used[i], true) {
            return Err(RedactionError::Duplicate);
        }
        Ok(Some((i, self.disclosures[i].kind())))
    }

    fn reconstruct(&mut self, value: &Value, depth: usize) -> Result<Value, RedactionError> {
        if depth > MAX_CLAIM_DEPTH {
            return Err(RedactionError::Invalid("claims nest deeper than 16 levels"));
        }
        Ok(match value {
            Value::Map(entries) => {
                let mut out: Vec<(Value, Value)> = Vec::with_capacity(entries.len());
                for (key, v) in entries {
                    if *key == Value::Simple(SIMPLE_REDACTED_KEYS) {
                        for digest in redacted_keys_array(v)? {
                            match self.take(digest)? {
                                Some((_, DisclosureKind::MapEntry { key, value })) => {
                                    let value = self.reconstruct(value, depth + 1)?;
                                    out.push((key.clone(), value));
                                }
                                Some((_, DisclosureKind::Decoy)) | None => {}
                                Some((_, DisclosureKind::ArrayElement { .. })) => {
                                    return Err(RedactionError::Invalid(
                                        "an array-element disclosure matches a map key",
                                    ));
                                }
                            }
                        }
                    } else {
                        check_plain_key(key)?;
                        out.push((key.clone(), self.reconstruct(v, depth + 1)?));
                    }
                }
                for (i, (k, _)) in out.iter().enumerate() {
                    if out[i + 1..].iter().any(|(other, _)| other == k) {
                        return Err(RedactionError::DuplicateKey);
                    }
                }
                Value::Map(out)
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Tag(TAG_REDACTED_ELEMENT, digest) => match self.take(digest)? {
                            Some((_, DisclosureKind::ArrayElement { value })) => {
                                out.push(self.reconstruct(value, depth + 1)?)
                            }
                            Some((_, DisclosureKind::Decoy)) | None => {}
                            Some((_, DisclosureKind::MapEntry { .. })) => {
                                return Err(RedactionError::Invalid("a map-entry disclosure matches an array element"));
                            }
                        },
                        other => out.push(self.reconstruct(other, depth + 1)?),
                    }
                }
                Value::Array(out)
            }
            Value::Tag(TAG_TO_BE_REDACTED | TAG_TO_BE_DECOY, _) => {
                return Err(RedactionError::Invalid("a pre-issuance tag appears in an issued token"));
            }
            Value::Tag(t, inner) => Value::Tag(*t, Box::new(self.reconstruct(inner, depth + 1)?)),
            other => other.clone(),
        })
    }

    fn locate(
        &mut self,
        value: &Value,
        path: &mut Vec<PathStep>,
        parent: Option<usize>,
        found: &mut [Option<Location>],
        depth: usize,
    ) -> Result<(), RedactionError> {
        if depth > MAX_CLAIM_DEPTH {
            return Err(RedactionError::Invalid("claims nest deeper than 16 levels"));
        }
        let mut visit = |walker: &mut Self, step: PathStep, child: &Value, owner: Option<usize>| {
            path.push(step);
            if let Some(i) = owner {
                found[i] = Some(Location { path: path.clone(), parent });
            }
            let result = walker.locate(child, path, owner.or(parent), found, depth + 1);
            path.pop();
            result
        };
        match value {
            Value::Map(entries) => {
                for (key, v) in entries {
                    if *key != Value::Simple(SIMPLE_REDACTED_KEYS) {
                        visit(self, PathStep::Key(key.clone()), v, None)?;
                        continue;
                    }
                    for digest in redacted_keys_array(v)? {
                        if let Some((i, DisclosureKind::MapEntry { key, value })) = self.take(digest)? {
                            visit(self, PathStep::Key(key.clone()), value, Some(i))?;
                        }
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    match item {
                        Value::Tag(TAG_REDACTED_ELEMENT, digest) => {
                            if let Some((i, DisclosureKind::ArrayElement { value })) = self.take(digest)? {
                                visit(self, PathStep::Index(index), value, Some(i))?;
                            }
                        }
                        other => visit(self, PathStep::Index(index), other, None)?,
                    }
                }
            }
            Value::Tag(_, inner) => self.locate(inner, path, parent, found, depth + 1)?,
            _ => {}
        }
        Ok(())
    }
}

/// How many digests (redacted claims and decoys) a payload holds, at any depth.
pub fn count_digests(value: &Value) -> usize {
    match value {
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| match (k, v) {
                (Value::Simple(SIMPLE_REDACTED_KEYS), Value::Array(list)) => list.len(),
                _ => count_digests(v),
            })
            .sum(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Tag(TAG_REDACTED_ELEMENT, _) => 1,
                other => count_digests(other),
            })
            .sum(),
        Value::Tag(_, inner) => count_digests(inner),
        _ => 0,
    }
}

fn redacted_keys_array(v: &Value) -> Result<&[Value], RedactionError> {
    v.as_array().ok_or(RedactionError::Invalid("the redacted claim keys are not an array"))
}

/// Issued maps may only use integer or text keys besides simple(59); no tagged keys.
fn check_plain_key(key: &Value) -> Result<(), RedactionError> {
    match key {
        Value::Integer(_) | Value::Text(_) => Ok(()),
        _ => Err(RedactionError::Invalid("a claims map has a key that is not an integer or text")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter_salts() -> impl FnMut() -> [u8; SALT_LEN] {
        let mut n = 0u8;
        move || {
            n += 1;
            [n; SALT_LEN]
        }
    }

    fn redact_key(k: i64) -> Value {
        Value::Tag(TAG_TO_BE_REDACTED, Box::new(Value::int(k)))
    }

    /// {1: "iss", 169: {58(1): "id", 58(4): "name", 62(1): null}, 502: [58(10), 20, 62(2)]}
    fn sample() -> Value {
        Value::Map(vec![
            (Value::int(1), Value::text("iss")),
            (
                Value::int(169),
                Value::Map(vec![
                    (redact_key(1), Value::text("id")),
                    (redact_key(4), Value::text("name")),
                    (Value::Tag(TAG_TO_BE_DECOY, Box::new(Value::int(1))), Value::Null),
                ]),
            ),
            (
                Value::int(502),
                Value::Array(vec![
                    Value::Tag(TAG_TO_BE_REDACTED, Box::new(Value::int(10))),
                    Value::int(20),
                    Value::Tag(TAG_TO_BE_DECOY, Box::new(Value::int(2))),
                ]),
            ),
        ])
    }

    #[test]
    fn redaction_hides_values_and_reconstruction_restores_chosen_ones() {
        let (payload, disclosures) = redact(&sample(), &mut counter_salts()).unwrap();
        assert_eq!(disclosures.len(), 5);
        let bytes = payload.to_vec();
        assert!(!bytes.windows(4).any(|w| w == b"name"));
        let inner = payload.get_int(169).unwrap();
        assert_eq!(inner.get(&Value::Simple(59)).unwrap().as_array().unwrap().len(), 3);

        let all = reconstruct(&payload, &disclosures).unwrap();
        assert_eq!(all.get_int(169).unwrap().get_int(4), Some(&Value::text("name")));
        assert_eq!(all.get_int(502), Some(&Value::Array(vec![Value::int(10), Value::int(20)])));

        let only_name: Vec<Disclosure> = vec![disclosures[1].clone()];
        let some = reconstruct(&payload, &only_name).unwrap();
        assert_eq!(some.get_int(169).unwrap().as_map().unwrap().len(), 1);
        assert_eq!(some.get_int(502), Some(&Value::Array(vec![Value::int(20)])));

        let none = reconstruct(&payload, &[]).unwrap();
        assert_eq!(none.get_int(169), Some(&Value::Map(vec![])));
    }

    #[test]
    fn stray_duplicate_and_colliding_disclosures_are_rejected() {
        let (payload, disclosures) = redact(&sample(), &mut counter_salts()).unwrap();
        let stray =
            Disclosure::new([99; SALT_LEN], DisclosureKind::MapEntry { key: Value::int(4), value: Value::text("x") });
        assert_eq!(reconstruct(&payload, &[stray]), Err(RedactionError::UnmatchedDisclosure));
        let twice = vec![disclosures[0].clone(), disclosures[0].clone()];
        assert_eq!(reconstruct(&payload, &twice), Err(RedactionError::Duplicate));

        let clash = Value::Map(vec![(Value::int(4), Value::text("plain")), (redact_key(4), Value::text("hidden"))]);
        assert!(redact(&clash, &mut counter_salts()).is_err());
    }

    #[test]
    fn nested_disclosures_work_in_any_order_and_locate_their_parents() {
        // {58(503): {58("region"): "ca", "country": "us"}}
        let claims = Value::Map(vec![(
            redact_key(503),
            Value::Map(vec![
                (Value::Tag(TAG_TO_BE_REDACTED, Box::new(Value::text("region"))), Value::text("ca")),
                (Value::text("country"), Value::text("us")),
            ]),
        )]);
        let (payload, disclosures) = redact(&claims, &mut counter_salts()).unwrap();
        assert_eq!(disclosures.len(), 2);
        let reversed: Vec<Disclosure> = disclosures.iter().rev().cloned().collect();
        let out = reconstruct(&payload, &reversed).unwrap();
        assert_eq!(out.get_int(503).unwrap().get(&Value::text("region")), Some(&Value::text("ca")));

        let located = locate(&payload, &disclosures).unwrap();
        let parent = located[1].as_ref().unwrap();
        assert_eq!(parent.path, vec![PathStep::Key(Value::int(503))]);
        let child = located[0].as_ref().unwrap();
        assert_eq!(child.parent, Some(1));
        assert_eq!(child.path, vec![PathStep::Key(Value::int(503)), PathStep::Key(Value::text("region"))]);
    }
}
