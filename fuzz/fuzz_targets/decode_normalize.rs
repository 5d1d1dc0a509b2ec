//! Arbitrary bytes → decode → normalize → segment; every sentence must map back to
//! original bytes that decode and normalize to its text, on the right lines (the
//! provenance invariant of SCHEMA.md). See `zhextract_fuzz::checks`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    zhextract_fuzz::checks::decode_normalize(data);
});
