//! OpenCC's conversion loop, segmentation and stage chaining, recording alignments.
//!
//! This reproduces OpenCC 1.4's `ConfigBasedConverter` → `SingleStageConverter` flow:
//!
//! 1. `normalization`: its conversions run over the whole text;
//! 2. `segmentation` (`mmseg`, OpenCC's `MaxMatchSegmentation`): every longest dictionary
//!    match is a segment and every run of unmatched text between matches is one segment;
//!    without a segmentation the whole text is one segment;
//! 3. `conversion_chain`: each conversion rewrites each segment in turn; a later stage
//!    sees the earlier stage's output of the same segment, so its matches may span
//!    earlier matches, but never a segment boundary.
//!
//! A conversion walks its text left to right: at each position the dictionary group's
//! prefix match is replaced by its value; without a match, a complete ideographic
//! description sequence or else one character is copied. Characters that can start
//! neither a key nor a sequence are skipped without a lookup, so text that is already in
//! the target script costs one bit test per character.

use super::align::{compose, Runs};
use super::data::{ConfigSpec, DictFile, GroupSpec};
use super::dict::{self, DictGroup};
use super::ids;

/// Decodes the scalar starting at `pos` of valid UTF-8 `bytes`: `(code point, width)`.
#[inline]
fn decode(bytes: &[u8], pos: usize) -> (u32, usize) {
    let lead = u32::from(bytes[pos]);
    let tail = |i: usize| u32::from(bytes[pos + i]) & 0x3F;
    if lead < 0x80 {
        (lead, 1)
    } else if lead < 0xE0 {
        (((lead & 0x1F) << 6) | tail(1), 2)
    } else if lead < 0xF0 {
        (((lead & 0x0F) << 12) | (tail(1) << 6) | tail(2), 3)
    } else {
        (
            ((lead & 0x07) << 18) | (tail(1) << 12) | (tail(2) << 6) | tail(3),
            4,
        )
    }
}

/// One OpenCC conversion over `text`: appends the output to `out` and the alignment
/// (relative to `text`) to `runs`. A match whose value equals its key is recorded as
/// unchanged text.
pub(super) fn convert(group: &DictGroup, text: &str, out: &mut String, runs: &mut Runs) {
    let bytes = text.as_bytes();
    let (mut pos, mut copied) = (0, 0);
    while pos < bytes.len() {
        let (code_point, width) = decode(bytes, pos);
        if !group.stops_at(code_point) {
            pos += width;
            continue;
        }
        let rest = &text[pos..];
        if let Some((key_len, value)) = group.match_prefix(code_point, rest) {
            out.push_str(&text[copied..pos]);
            out.push_str(value);
            runs.push_identity(pos - copied);
            if value.as_bytes() == &bytes[pos..pos + key_len] {
                runs.push_identity(key_len);
            } else {
                runs.push_mapped(key_len, value.len());
            }
            pos += key_len;
            copied = pos;
        } else {
            pos += match ids::sequence_len(rest) {
                0 => width,
                len => len,
            };
        }
    }
    out.push_str(&text[copied..]);
    runs.push_identity(text.len() - copied);
}

/// OpenCC's `MaxMatchSegmentation`: appends the end offset of every segment of `text`.
pub(super) fn segment(group: &DictGroup, text: &str, ends: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let (code_point, width) = decode(bytes, pos);
        if !group.stops_at(code_point) {
            pos += width;
            continue;
        }
        let rest = &text[pos..];
        if let Some((key_len, _)) = group.match_prefix(code_point, rest) {
            if ends.last().map_or(pos > 0, |&end| end < pos) {
                ends.push(pos);
            }
            pos += key_len;
            ends.push(pos);
        } else {
            pos += match ids::sequence_len(rest) {
                0 => width,
                len => len,
            };
        }
    }
    if ends.last().map_or(pos > 0, |&end| end < pos) {
        ends.push(pos);
    }
}

/// Reusable buffers for applying a conversion chain to many segments.
#[derive(Default)]
struct Scratch {
    current: String,
    next: String,
    stage: Runs,
    accumulated: Runs,
    composed: Runs,
}

/// Applies `chain` to `text`, appending the output to `out` and the alignment of the
/// whole chain (relative to `text`) to `runs`. The last stage writes straight into
/// `out`; earlier stages go through the scratch buffers, and only when a stage changed
/// something does its alignment get composed with the previous ones.
fn apply_chain(
    chain: &[DictGroup],
    text: &str,
    out: &mut String,
    runs: &mut Runs,
    scratch: &mut Scratch,
) {
    let Some((last, earlier)) = chain.split_last() else {
        out.push_str(text);
        runs.push_identity(text.len());
        return;
    };
    let Scratch {
        current,
        next,
        stage,
        accumulated,
        composed,
    } = scratch;
    let mut converted = false;
    for group in earlier {
        let input: &str = if converted { current } else { text };
        next.clear();
        stage.clear();
        convert(group, input, next, stage);
        if stage.is_identity() {
            continue;
        }
        if converted {
            compose(accumulated, stage, composed);
            std::mem::swap(accumulated, composed);
        } else {
            std::mem::swap(accumulated, stage);
        }
        std::mem::swap(current, next);
        converted = true;
    }
    if !converted {
        convert(last, text, out, runs);
        return;
    }
    stage.clear();
    convert(last, current, out, stage);
    if stage.is_identity() {
        runs.extend(accumulated);
    } else {
        compose(accumulated, stage, composed);
        runs.extend(composed);
    }
}

/// The text a [`Pipeline`] produced and how it aligns with the input.
pub(super) struct Converted {
    /// The converted text.
    pub(super) output: String,
    /// Input → output alignment.
    pub(super) runs: Runs,
}

/// One OpenCC configuration, loaded: dictionary groups for every step.
#[derive(Clone, Debug)]
pub(super) struct Pipeline {
    normalization: Vec<DictGroup>,
    segmentation: Option<DictGroup>,
    chain: Vec<DictGroup>,
}

/// Loads a group, leaving out tofu-risk dictionaries unless `include_tofu`; `None` when
/// nothing is left (OpenCC then drops the stage).
fn load_group(group: GroupSpec, include_tofu: bool) -> Option<DictGroup> {
    let dictionaries: Vec<_> = group
        .iter()
        .filter(|member| include_tofu || !member.may_output_tofu)
        .map(|member| dict::parse(member.file.text()))
        .collect();
    (!dictionaries.is_empty()).then(|| DictGroup::new(&dictionaries))
}

fn load_stages(groups: &[GroupSpec], include_tofu: bool) -> Vec<DictGroup> {
    groups
        .iter()
        .filter_map(|&group| load_group(group, include_tofu))
        .collect()
}

impl Pipeline {
    /// Loads the dictionaries of `spec`. The segmentation dictionary is always loaded
    /// whole, as in OpenCC.
    pub(super) fn new(spec: ConfigSpec, include_tofu: bool) -> Self {
        let segmentation = spec
            .segmentation
            .map(|file: DictFile| DictGroup::new(&[dict::parse(file.text())]));
        Self {
            normalization: load_stages(spec.normalization, include_tofu),
            segmentation,
            chain: load_stages(spec.chain, include_tofu),
        }
    }

    /// Converts `input`.
    pub(super) fn run(&self, input: &str) -> Converted {
        let mut scratch = Scratch::default();
        let mut normalized = String::new();
        let mut normalization = Runs::default();
        if self.normalization.is_empty() {
            normalization.push_identity(input.len());
        } else {
            normalized.reserve(input.len());
            apply_chain(
                &self.normalization,
                input,
                &mut normalized,
                &mut normalization,
                &mut scratch,
            );
        }
        let text = if normalization.is_identity() {
            input
        } else {
            &normalized
        };
        let mut output = String::with_capacity(text.len() + text.len() / 8);
        let mut runs = Runs::default();
        if let Some(segmentation) = &self.segmentation {
            let mut ends = Vec::new();
            segment(segmentation, text, &mut ends);
            let mut start = 0;
            for end in ends {
                let piece = &text[start..end];
                apply_chain(&self.chain, piece, &mut output, &mut runs, &mut scratch);
                start = end;
            }
        } else {
            apply_chain(&self.chain, text, &mut output, &mut runs, &mut scratch);
        }
        if !normalization.is_identity() {
            let mut composed = Runs::default();
            compose(&normalization, &runs, &mut composed);
            runs = composed;
        }
        Converted { output, runs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(dictionaries: &[&'static str]) -> DictGroup {
        let parsed: Vec<_> = dictionaries.iter().map(|text| dict::parse(text)).collect();
        DictGroup::new(&parsed)
    }

    fn converted(group: &DictGroup, text: &str) -> (String, Runs) {
        let (mut out, mut runs) = (String::new(), Runs::default());
        convert(group, text, &mut out, &mut runs);
        (out, runs)
    }

    fn segments<'t>(group: &DictGroup, text: &'t str) -> Vec<&'t str> {
        let mut ends = Vec::new();
        segment(group, text, &mut ends);
        let mut start = 0;
        ends.iter()
            .map(|&end| {
                let piece = &text[start..end];
                start = end;
                piece
            })
            .collect()
    }

    #[test]
    fn decode_matches_chars() {
        let text = "a\u{e9}\u{4e2d}\u{20000}\u{7f}";
        let mut pos = 0;
        for c in text.chars() {
            assert_eq!(decode(text.as_bytes(), pos), (u32::from(c), c.len_utf8()));
            pos += c.len_utf8();
        }
    }

    #[test]
    fn conversion_loop() {
        let g = group(&["頭髮\t头发\n乾隆\t乾隆\n", "頭\t头\n乾\t干 乾\n"]);
        let (out, runs) = converted(&g, "x頭髮y頭乾隆");
        assert_eq!(out, "x头发y头乾隆");
        let mut expected = Runs::default();
        expected.push_identity(1);
        expected.push_mapped(6, 6);
        expected.push_identity(1);
        expected.push_mapped(3, 3);
        expected.push_identity(6); // 乾隆 → 乾隆 is unchanged text
        assert_eq!(runs, expected);
    }

    #[test]
    fn ids_operands_are_not_converted() {
        let g = group(&["只\t隻\n"]);
        assert_eq!(converted(&g, "只⿰钅只只").0, "隻⿰钅只隻");
        // An incomplete sequence is an ordinary character.
        assert_eq!(converted(&g, "⿲只只").0, "⿲隻隻");
    }

    #[test]
    fn max_match_segmentation() {
        let g = group(&["一百\tx\n百萬\tx\n"]);
        assert_eq!(segments(&g, "一百萬元"), ["一百", "萬元"]);
        assert_eq!(segments(&g, "三百萬一百"), ["三", "百萬", "一百"]);
        assert_eq!(segments(&g, "元元"), ["元元"]);
        assert!(segments(&g, "").is_empty());
    }

    #[test]
    fn chain_composes_in_original_coordinates() {
        let chain = [group(&["A\tBB\n"]), group(&["BC\tD\n"])];
        let (mut out, mut runs) = (String::new(), Runs::default());
        apply_chain(&chain, "xAC", &mut out, &mut runs, &mut Scratch::default());
        assert_eq!(out, "xBD");
        let mut expected = Runs::default();
        expected.push_identity(1);
        expected.push_mapped(2, 2); // "AC" → "BD": stage 2 straddled stage 1's match
        assert_eq!(runs, expected);
    }
}
