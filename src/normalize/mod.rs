//! Stage 1 of the pipeline: one normalized string per document plus an exact offset map.
//!
//! `ingest → **normalize** → segment → extract → validate → write`
//!
//! Steps, in one pass over the decoded text, each recording where every output char came
//! from ([`OffsetMap`]):
//! 1. line endings: CRLF and CR become one break;
//! 2. script: Traditional → Simplified through a [`ScriptConverter`] (OpenCC dictionaries);
//! 3. width: full-width ASCII folds to half-width ([`width`]);
//! 4. PDF re-flow ([`reflow`]): hard-wrapped lines are joined, spaces that extraction put
//!    inside numbers and between CJK characters are dropped, paragraph breaks become one
//!    `\n`; page-artifact lines are kept but marked.

pub mod offset_map;
pub mod opencc;
pub mod reflow;
pub mod script;
pub mod width;

mod pass;

pub use offset_map::OffsetMap;
pub use opencc::DocumentScript;
pub use script::ScriptConverter;

use crate::span::{LineIndex, Span};

/// A document after normalization: what `segment` and the extractors read.
#[derive(Clone, Debug)]
pub struct NormalizedDoc {
    /// Simplified, width-folded, re-flowed text; paragraphs separated by one `\n`.
    pub text: String,
    /// Where every char of `text` came from in the original file.
    pub map: OffsetMap,
    /// The script of the document before conversion.
    pub script: DocumentScript,
    /// Normalized spans of page-artifact lines (page numbers, running heads, captions,
    /// source notes), sorted; each is its own paragraph.
    pub artifacts: Vec<Span>,
}

impl NormalizedDoc {
    /// A document whose text is already normalized, read from a UTF-8 file holding exactly
    /// `text` (identity map). For tests, notebooks and fuzzing of later stages.
    #[must_use]
    pub fn identity(text: &str) -> Self {
        let lines = LineIndex::from_line_feed_ends(
            memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at as u64 + 1),
        );
        let mut map = OffsetMap::with_capacity(text.len(), text.len(), lines);
        for (at, ch) in text.char_indices() {
            map.push(ch.len_utf8(), at, at + ch.len_utf8());
        }
        Self {
            text: text.to_string(),
            map,
            script: DocumentScript::Simplified,
            artifacts: Vec::new(),
        }
    }

    /// True when `span` lies inside a page-artifact line.
    #[must_use]
    pub fn is_artifact(&self, span: Span) -> bool {
        let index = self
            .artifacts
            .partition_point(|artifact| artifact.end() <= span.start());
        self.artifacts
            .get(index)
            .is_some_and(|artifact| artifact.contains(span))
    }
}

/// Normalizes a decoded document: the only place offset maps are made.
#[must_use]
pub fn normalize(
    decoded: &crate::ingest::Decoded,
    lines: LineIndex,
    source_len: usize,
    converter: &dyn ScriptConverter,
) -> NormalizedDoc {
    let text = decoded.text.as_str();
    let plan = reflow::plan(text);
    let map = OffsetMap::with_capacity(text.len() / 2, source_len, lines);
    let mut pass = pass::Pass::new(&plan, map, text.len());
    pass.run(text, converter, &mut decoded.cursor());
    NormalizedDoc {
        text: pass.text,
        map: pass.map,
        script: opencc::detect_script(text),
        artifacts: pass.artifacts,
    }
}

/// Normalizes a fragment of original text out of context, as `validate` does with a
/// row's `source_text`: every line break inside it is a joined wrap (sentences and
/// mentions never hold a paragraph break), everything else as in [`normalize`].
#[must_use]
pub fn normalize_fragment(fragment: &str, converter: &dyn ScriptConverter) -> String {
    let decoded = crate::ingest::Decoded::utf8_identity(fragment);
    let plan = reflow::ReflowPlan::default();
    let map = OffsetMap::with_capacity(fragment.len() / 2, fragment.len(), LineIndex::default());
    let mut pass = pass::Pass::new(&plan, map, fragment.len());
    pass.run(fragment, converter, &mut decoded.cursor());
    pass.text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::decode::decode;
    use crate::ingest::line_index;
    use opencc::{OpenccConfig, OpenccConverter};

    fn normalized(original: &str) -> NormalizedDoc {
        let decoded = decode(original.as_bytes()).unwrap();
        let lines = line_index(&decoded);
        normalize(
            &decoded,
            lines,
            original.len(),
            &OpenccConverter::new(OpenccConfig::T2s),
        )
    }

    /// Every normalized char maps back to original bytes that normalize to it.
    fn assert_provenance(original: &str, doc: &NormalizedDoc) {
        let converter = OpenccConverter::new(OpenccConfig::T2s);
        for (at, ch) in doc.text.char_indices() {
            if ch == '\n' || ch == ' ' {
                continue;
            }
            let source = doc.map.to_source(Span::new(at, at + ch.len_utf8()));
            let fragment = &original[source.byte_start as usize..source.byte_end as usize];
            let again = normalize_fragment(fragment, &converter);
            assert!(
                again.contains(ch),
                "{ch:?} at {at} came from {fragment:?} -> {again:?}"
            );
        }
    }

    #[test]
    fn removes_pdf_spaces_inside_numbers_and_between_cjk() {
        let doc =
            normalized("自20 0 0年以来，进 入19 9 0 年 代，GDP 增长 8.3%。Hello  world 2019 2020");
        assert_eq!(
            doc.text,
            "自2000年以来，进入1990年代，GDP增长8.3%。Hello world 2019 2020"
        );
    }

    #[test]
    fn a_space_before_a_year_separates_it_from_a_caption_number() {
        assert_eq!(
            normalized("图1 2019—2023年产值").text,
            "图1 2019—2023年产值"
        );
        assert_eq!(normalized("表２ ２０２２年产量").text, "表2 2022年产量");
    }

    #[test]
    fn converts_traditional_and_folds_width() {
        let doc = normalized("深圳研發投入達到１８８０．４９億元，佔ＧＤＰ比重５．８１％。");
        assert_eq!(doc.text, "深圳研发投入达到1880.49亿元，占GDP比重5.81%。");
        assert_eq!(doc.script, DocumentScript::Traditional);
    }

    #[test]
    fn reflows_wrapped_lines_and_maps_across_the_wrap() {
        let original = "深圳市新一代信息技术产业集群的企业数量超过 600\n 家，其中国家高新技术企业数量占比较高，产业链\r\n\r\n条完整。\n二、主要做法\n";
        let doc = normalized(original);
        assert_eq!(doc.text, "深圳市新一代信息技术产业集群的企业数量超过600家，其中国家高新技术企业数量占比较高，产业链条完整。\n二、主要做法");
        let at = doc.text.find("600家").unwrap();
        let source = doc.map.to_source(Span::new(at, at + "600家".len()));
        let text = &original[source.byte_start as usize..source.byte_end as usize];
        assert_eq!(text, "600\n 家");
        assert_eq!((source.line_start, source.line_end), (1, 2));
        assert_provenance(original, &doc);
    }

    #[test]
    fn seed_000_reflows_across_blank_lines() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/000_c4d27eb5191576ee.txt"
        );
        let original = std::fs::read_to_string(path).unwrap();
        let doc = normalized(&original);
        for expected in ["2000年以来", "进入1990年代", "夯实产业发展基础"] {
            assert!(doc.text.contains(expected), "missing {expected}");
        }
        assert_provenance(&original, &doc);
    }
}
