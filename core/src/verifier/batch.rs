//! Batch verification, for verifiers that check many presentations at once (a gate, a back office
//! re-checking logs): every Ed25519 issuer and holder signature of the batch goes through
//! ed25519-dalek's `verify_batch`, which costs well under one single verification per signature.
//! ECDSA signatures (ES256, ES384) have no batch equation and are verified singly.
//!
//! Results are those of [`Verifier::verify`] on each input in order: the same checks in the same
//! order, the same errors, the same replay-cache effects. When a batch of signatures fails, each of
//! its signatures is verified singly (strict) to find the bad ones.
//!
//! One difference is inherent to batch equations: `verify_batch` checks the cofactorless equation
//! with random weights, so a signature deliberately built by the *holder of the private key* with a
//! small-order component in R (or a key with one) may pass a batch that strict single verification
//! would fail. Nobody without the key can make such a signature, and it cannot be derived from an
//! honest signature, so the replay cache's key stays unique per presentation. Non-canonical R
//! encodings and non-canonical S, the cheap-to-spot cases, go through single verification.

use ed25519_dalek::{Signature, VerifyingKey};

use super::{HolderPart, Parsed, VerifiedPresentation, Verifier};
use crate::cose::key::{self, Algorithm, PublicKey};
use crate::error::VerifyError;
use crate::qr;

/// Signatures per `verify_batch` call: large enough to amortise, small enough that one bad
/// signature costs few single re-verifications.
pub const BATCH_CHUNK: usize = 64;

/// One signature to check.
struct Job {
    key: PublicKey,
    alg: Algorithm,
    message: Vec<u8>,
    signature: Vec<u8>,
}

/// A presentation after parsing, with its signature jobs.
enum Prepared<'v> {
    Failed(VerifyError),
    Parsed(Box<ParsedItem<'v>>),
}

/// A parsed presentation, the job index of its issuer signature, and its holder part and job.
struct ParsedItem<'v> {
    parsed: Parsed<'v>,
    issuer_job: usize,
    holder: Result<(HolderPart, usize), VerifyError>,
}

impl Verifier {
    /// Verifies many presentation QR texts; the results are in input order and equal to calling
    /// [`Verifier::verify`] on each input in turn.
    pub fn verify_batch<S: AsRef<str>>(&self, qr_texts: &[S]) -> Vec<Result<VerifiedPresentation, VerifyError>> {
        let decoded: Vec<Result<Vec<u8>, VerifyError>> =
            qr_texts.iter().map(|t| qr::decode_presentation(t.as_ref()).map_err(VerifyError::from)).collect();
        self.verify_decoded_batch(decoded)
    }

    /// [`Verifier::verify_batch`] for SD-KBT bytes.
    pub fn verify_kbt_batch<B: AsRef<[u8]>>(&self, kbts: &[B]) -> Vec<Result<VerifiedPresentation, VerifyError>> {
        self.verify_decoded_batch(kbts.iter().map(|b| Ok(b.as_ref().to_vec())).collect())
    }

    fn verify_decoded_batch(
        &self,
        inputs: Vec<Result<Vec<u8>, VerifyError>>,
    ) -> Vec<Result<VerifiedPresentation, VerifyError>> {
        // Parse everything and collect both signatures of each presentation.
        let mut jobs: Vec<Job> = Vec::with_capacity(inputs.len() * 2);
        let mut prepared: Vec<Prepared<'_>> = Vec::with_capacity(inputs.len());
        for input in inputs {
            let parsed = match input.and_then(|bytes| self.parse(&bytes)) {
                Err(e) => {
                    prepared.push(Prepared::Failed(e));
                    continue;
                }
                Ok(p) => p,
            };
            let (key, alg, message, signature) = parsed.issuer_signature();
            jobs.push(Job { key: *key, alg, message, signature: signature.to_vec() });
            let issuer_job = jobs.len() - 1;
            let holder = parsed.holder_part().map(|holder| {
                let (key, alg, message, signature) = holder.signature(&parsed.kbt);
                jobs.push(Job { key: *key, alg, message, signature: signature.to_vec() });
                (holder, jobs.len() - 1)
            });
            prepared.push(Prepared::Parsed(Box::new(ParsedItem { parsed, issuer_job, holder })));
        }
        let valid = verify_jobs(&jobs);

        // Then the same decisions, in the same order, as single verification.
        prepared
            .into_iter()
            .map(|item| match item {
                Prepared::Failed(e) => Err(e),
                Prepared::Parsed(item) => {
                    let ParsedItem { parsed, issuer_job, holder } = *item;
                    if !valid[issuer_job] {
                        return Err(VerifyError::BadIssuerSignature);
                    }
                    let (holder, holder_job) = holder?;
                    if !valid[holder_job] {
                        return Err(VerifyError::BadHolderSignature);
                    }
                    self.finish(&parsed, holder)
                }
            })
            .collect()
    }
}

/// Whether each job's signature is valid under strict single verification.
fn verify_jobs(jobs: &[Job]) -> Vec<bool> {
    let single = |job: &Job| key::verify(&job.key, job.alg, &job.message, &job.signature);
    let mut valid = vec![false; jobs.len()];
    let mut batchable = Vec::with_capacity(jobs.len());
    for (i, job) in jobs.iter().enumerate() {
        let ed25519 = job.key.as_ed25519().filter(|_| job.alg == Algorithm::Ed25519);
        match (ed25519, <[u8; 64]>::try_from(job.signature.as_slice())) {
            (Some(key), Ok(sig)) if canonical_r(&sig) => batchable.push((i, *key, Signature::from_bytes(&sig))),
            _ => valid[i] = single(job),
        }
    }
    for chunk in batchable.chunks(BATCH_CHUNK) {
        let messages: Vec<&[u8]> = chunk.iter().map(|(i, _, _)| jobs[*i].message.as_slice()).collect();
        let signatures: Vec<Signature> = chunk.iter().map(|(_, _, s)| *s).collect();
        let keys: Vec<VerifyingKey> = chunk.iter().map(|(_, k, _)| *k).collect();
        let all_valid = ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok();
        for (i, _, _) in chunk {
            valid[*i] = all_valid || single(&jobs[*i]);
        }
    }
    valid
}

/// Whether R's y coordinate is below p = 2^255 - 19 (strict verification compares R's bytes with
/// a canonical encoding; a batch only decompresses it).
fn canonical_r(signature: &[u8; 64]) -> bool {
    let r = &signature[..32];
    let top_is_max = r[31] & 0x7f == 0x7f && r[1..31].iter().all(|&b| b == 0xff);
    !(top_is_max && r[0] >= 0xed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_r_matches_the_field_prime() {
        let mut sig = [0u8; 64];
        assert!(canonical_r(&sig));
        sig[..32].copy_from_slice(&[0xff; 32]);
        assert!(!canonical_r(&sig));
        sig[0] = 0xec;
        sig[31] = 0xff; // the sign bit does not count
        assert!(canonical_r(&sig));
        sig[0] = 0xed;
        assert!(!canonical_r(&sig));
    }
}
