//! Trust bundle bytes (or re-signed by the pinned anchor) → a trust state: accepted bundles must
//! save, restore, refuse a replay of themselves and sign again unchanged.
//! The harness is tests/src/fuzz.rs, shared with the stable regression test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cwallet_tests::fuzz::trust_bundle(data);
});
