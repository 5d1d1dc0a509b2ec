//! Which page-artifact sentences the indicators extractor still reads: normalize marks
//! captions (`表1 …`) and numbered footnotes (`①其中政府补助…万元`) as page artifacts,
//! yet their text is content moved out of the running text, and its quantities are stated
//! facts. Page numbers and running heads stay skipped.
//!
//! The caption labels are the dates table's `caption_labels` (one list for both
//! extractors, which must agree on what a caption is).

use crate::rules::Rules;
use crate::segment::Sentence;

/// Decides whether an artifact sentence is displaced content.
#[derive(Debug)]
pub(super) struct DisplacedContent {
    /// Labels that, followed by a number, open a caption (`图`, `表`).
    caption_labels: Vec<String>,
}

impl DisplacedContent {
    /// Takes the caption labels from the dates rules.
    pub(super) fn new(rules: &Rules) -> Self {
        Self {
            caption_labels: rules.dates.caption_labels.clone(),
        }
    }

    /// True when the extractor reads `sentence`: running text, or an artifact that is a
    /// caption or a numbered footnote.
    pub(super) fn is_read(&self, text: &str, sentence: &Sentence) -> bool {
        !sentence.artifact || self.is_displaced(&text[sentence.span])
    }

    /// True for a caption (a label and its number: `图2 …`, `表一 …`) or a numbered
    /// footnote (`① …`): [`crate::extract::displaced`].
    fn is_displaced(&self, text: &str) -> bool {
        crate::extract::displaced::is_displaced_content(&self.caption_labels, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn displaced() -> DisplacedContent {
        DisplacedContent::new(&Rules::embedded().unwrap())
    }

    #[test]
    fn footnotes_and_captions_are_content() {
        let content = displaced();
        for text in [
            "③ 其中境外收入3.2亿元。",
            "表2 主要产品产量",
            "图 4 出口结构",
        ] {
            assert!(content.is_displaced(text), "{text}");
        }
    }

    #[test]
    fn artifact_sentences_keep_only_footnote_and_caption_quantities() {
        use crate::extract::{ExtractContext, Extractor, Mentions};
        use crate::segment::{segment_plain, WordSegmenter};
        let words = WordSegmenter::new([]);
        let text = "第3页 共28页\n②其中出口退税收入2,415.60万元\n表2 授权发明专利57项";
        let mut doc = segment_plain(text, &words);
        for sentence in &mut doc.sentences {
            sentence.artifact = true;
        }
        let extractor = super::super::IndicatorExtractor::new(&Rules::embedded().unwrap());
        let mut found = Mentions::default();
        extractor.extract(&doc, &ExtractContext::default(), &mut found);
        let texts: Vec<&str> = found.indicators.iter().map(|m| &text[m.span]).collect();
        assert_eq!(texts, ["2,415.60万元", "57项"]);
    }

    #[test]
    fn page_numbers_and_running_heads_are_not() {
        let content = displaced();
        for text in ["— 12 —", "第3页 共20页", "2024年年度报告", "表决结果"] {
            assert!(!content.is_displaced(text), "{text}");
        }
    }
}
