//! Period linking for later extractors: which date scopes a mention.
//!
//! Rule: the date mention that ends nearest before the mention, in the same sentence, with
//! no clause break (`；`, `;`, `。`) between them; commas do not break the scope
//! (`2022年深圳全社会研发投入达到1880.49亿元，研发投入强度5.81%`: both figures are
//! 2022's). Failing that, a date in brackets right after the mention
//! (`研发投入1880亿元（2022年）`). Dates inside the mention itself (a policy title holding
//! a year) and other dates after it are not used.

use crate::extract::{DateRef, Mentions};
use crate::segment::Segmented;
use crate::span::Span;

/// Chars that end a clause's date scope.
const CLAUSE_BREAKS: &[char] = &['；', ';', '。'];

/// Opening brackets that may stand between a mention and the date that follows it.
const OPENING_BRACKETS: &[char] = &['（', '(', '['];

/// The date mention that scopes `span` in its clause, if any (see the module docs).
#[must_use]
pub fn date_in_clause(found: &Mentions, doc: &Segmented, span: Span) -> Option<DateRef> {
    let sentence = &doc.sentences[doc.sentence_at(span.start())?];
    let text = doc.text();
    let in_sentence = |date: &&crate::extract::DateMention| sentence.span.contains(date.span);
    let before = found
        .dates
        .iter()
        .enumerate()
        .filter(|(_, date)| in_sentence(date) && date.span.end() <= span.start())
        .filter(|(_, date)| !text[date.span.end()..span.start()].contains(CLAUSE_BREAKS))
        .max_by_key(|(_, date)| date.span.start());
    let bracketed_after = || {
        found.dates.iter().enumerate().find(|(_, date)| {
            let gap = text
                .get(span.end()..date.span.start())
                .unwrap_or("|")
                .trim();
            in_sentence(date)
                && !gap.is_empty()
                && gap.chars().all(|ch| OPENING_BRACKETS.contains(&ch))
        })
    };
    before
        .or_else(bracketed_after)
        .map(|(index, _)| DateRef(index))
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::extract::dates::DateExtractor;
    use crate::extract::{ExtractContext, Extractor};
    use crate::rules::Rules;
    use crate::segment::{segment_plain, WordSegmenter};

    static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));

    /// The text of the date linked to the first occurrence of `target`.
    fn linked(text: &str, target: &str) -> Option<String> {
        let doc = segment_plain(text, &WORDS);
        let rules = Rules::embedded().expect("rules");
        let mut found = Mentions::default();
        DateExtractor::new(&rules).extract(&doc, &ExtractContext::default(), &mut found);
        let at = text.find(target).expect("target in text");
        let date = date_in_clause(&found, &doc, Span::new(at, at + target.len()))?;
        Some(text[found.dates[date.0].span].to_string())
    }

    #[test]
    fn nearest_date_before_in_the_clause() {
        let text = "2021年增长3%，2022年研发投入1880亿元，强度5.81%。";
        assert_eq!(linked(text, "1880亿元").as_deref(), Some("2022年"));
        assert_eq!(linked(text, "5.81%").as_deref(), Some("2022年"));
    }

    #[test]
    fn semicolons_and_sentences_break_the_scope() {
        assert_eq!(linked("2022年投入100亿元；产值200亿元。", "200亿元"), None);
        assert_eq!(linked("2022年投入100亿元。产值200亿元。", "200亿元"), None);
    }

    #[test]
    fn a_bracketed_date_right_after_scopes_it() {
        let text = "研发投入1880亿元（2022年），增长8%。";
        assert_eq!(linked(text, "1880亿元").as_deref(), Some("2022年"));
    }

    #[test]
    fn dates_after_the_mention_do_not_scope_it() {
        assert_eq!(linked("产值200亿元，比2020年翻番。", "200亿元"), None);
    }
}
