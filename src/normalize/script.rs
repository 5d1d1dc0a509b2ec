//! Script conversion (Traditional → Simplified) behind a small trait, so the pure-Rust
//! OpenCC backend and the optional C++ OpenCC binding are interchangeable.
//!
//! A converter reports its work as *pieces*: consecutive, non-overlapping input byte
//! ranges that together cover the whole input, each with the text it became. The
//! normalizer turns pieces into offset-map entries, which is how the map survives phrase
//! conversions that change length (`for piece in pieces`: same char count → one entry per
//! char, otherwise every output char maps to the whole input phrase).

use std::ops::Range;

/// Converts text from one Chinese script to another, reporting what each input range
/// became.
pub trait ScriptConverter: Send + Sync {
    /// A short name for manifests and error messages, e.g. `opencc-rs:t2s`.
    fn name(&self) -> &str;

    /// Converts `input`, calling `sink(input_range, output)` for consecutive pieces that
    /// cover `input` exactly, in order. Unchanged text may be reported as one piece whose
    /// output equals the input slice.
    fn convert_pieces(&self, input: &str, sink: &mut dyn FnMut(Range<usize>, &str));

    /// Converts `input` to a `String` (convenience over [`Self::convert_pieces`]).
    fn convert(&self, input: &str) -> String {
        let mut out = String::with_capacity(input.len());
        self.convert_pieces(input, &mut |_, piece| out.push_str(piece));
        out
    }
}

/// A converter that changes nothing: used when conversion is switched off
/// (`--script keep`) and in tests of the other normalization steps.
#[derive(Clone, Copy, Debug, Default)]
pub struct Identity;

impl ScriptConverter for Identity {
    fn name(&self) -> &'static str {
        "identity"
    }

    fn convert_pieces(&self, input: &str, sink: &mut dyn FnMut(Range<usize>, &str)) {
        if !input.is_empty() {
            sink(0..input.len(), input);
        }
    }
}
