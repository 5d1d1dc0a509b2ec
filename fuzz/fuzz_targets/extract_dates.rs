//! Arbitrary UTF-8 → `segment_plain` → the extractors up to and including the dates
//! extractor (in registry order, so it sees what it would see in a run); its mentions must
//! lie on char boundaries inside the text. See `zhextract_fuzz::checks`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhextract::extract::MentionKind;

fuzz_target!(|data: &[u8]| {
    zhextract_fuzz::checks::extract_bytes(MentionKind::Date, data);
});
