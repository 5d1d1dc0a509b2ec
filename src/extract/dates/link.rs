//! Period linking for later extractors: which date scopes a mention.
//!
//! Rule: the date mention that ends nearest before the mention, in the same sentence, with
//! no clause break (`；`, `;`, `。`) between them; commas do not break the scope
//! (`2022年深圳全社会研发投入达到1880.49亿元，研发投入强度5.81%`: both figures are
//! 2022's). Failing that, a date in brackets right after the mention
//! (`研发投入1880亿元（2022年）`). Dates inside the mention itself (a policy title holding
//! a year) and other dates after it are not used.

use super::index::{Entry, SpanIndex};
use crate::extract::{DateMention, DateRef};
use crate::segment::Segmented;
use crate::span::Span;

/// Chars that end a clause's date scope.
const CLAUSE_BREAKS: &[char] = &['；', ';', '。'];

/// Opening brackets that may stand between a mention and the date that follows it.
const OPENING_BRACKETS: &[char] = &['（', '(', '['];

/// The date mentions of a document with their position index, built once per document
/// so that linking a mention costs a binary search, not a scan of every date.
#[derive(Debug)]
pub struct ClauseDates<'a> {
    dates: &'a [DateMention],
    index: SpanIndex,
}

impl<'a> ClauseDates<'a> {
    /// Indexes `dates` ([`crate::extract::Mentions::dates`]).
    #[must_use]
    pub fn new(dates: &'a [DateMention]) -> Self {
        Self {
            dates,
            index: SpanIndex::new(dates.iter().map(|date| date.span)),
        }
    }

    /// The date mentions indexed.
    #[must_use]
    pub fn dates(&self) -> &'a [DateMention] {
        self.dates
    }

    /// Table indices of the dates sharing a byte with `span`, in table order.
    #[must_use]
    pub fn overlapping(&self, span: Span) -> Vec<usize> {
        self.index.overlapping(span)
    }

    /// The date mention that scopes `span` in its clause, if any (see the module docs).
    #[must_use]
    pub fn date_in_clause(&self, doc: &Segmented, span: Span) -> Option<DateRef> {
        let sentence = doc.sentences[doc.sentence_at(span.start())?].span;
        let text = doc.text();
        let in_sentence = self.index.starting_in(sentence.start(), sentence.end());
        let offset = self.index.first_starting_from(sentence.start());
        self.nearest_before(text, sentence, span, in_sentence, offset)
            .or_else(|| bracketed_after(text, sentence, span, in_sentence))
            .map(DateRef)
    }

    /// The date of the sentence ending nearest before `span` with no clause break in
    /// between (latest start; among equal starts the last in table order).
    /// `candidates` are the entries starting in the sentence, from position `offset`.
    fn nearest_before(
        &self,
        text: &str,
        sentence: Span,
        span: Span,
        candidates: &[Entry],
        offset: usize,
    ) -> Option<usize> {
        // The last clause break before `span`, searched lazily backwards.
        let mut last_break: Option<usize> = None;
        let mut searched_from = span.start();
        for (position, entry) in candidates.iter().enumerate().rev() {
            if let Some(at) = last_break {
                if self.index.max_end_through(offset + position) <= at {
                    // Every remaining date ends before the break.
                    return None;
                }
            }
            let date = entry.span;
            if date.end() > span.start() || !sentence.contains(date) {
                continue;
            }
            if last_break.is_none() && date.end() < searched_from {
                last_break = text[date.end()..searched_from]
                    .rfind(CLAUSE_BREAKS)
                    .map(|at| date.end() + at);
                searched_from = date.end();
            }
            if last_break.is_some_and(|at| at >= date.end()) {
                continue;
            }
            return Some(entry.index);
        }
        None
    }
}

/// The first date (in table order) of the sentence that follows `span` across opening
/// brackets only (`研发投入1880亿元（2022年）`).
fn bracketed_after(text: &str, sentence: Span, span: Span, candidates: &[Entry]) -> Option<usize> {
    let from = candidates.partition_point(|entry| entry.span.start() < span.end());
    let mut best: Option<usize> = None;
    for entry in &candidates[from..] {
        let gap = text
            .get(span.end()..entry.span.start())
            .unwrap_or("|")
            .trim();
        if !gap.chars().all(|ch| OPENING_BRACKETS.contains(&ch)) {
            // A later date's gap holds this one's: no later date qualifies.
            break;
        }
        if sentence.contains(entry.span) && !gap.is_empty() {
            best = Some(best.map_or(entry.index, |index| index.min(entry.index)));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::extract::dates::DateExtractor;
    use crate::extract::{ExtractContext, Extractor, Mentions};
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
        let dates = ClauseDates::new(&found.dates);
        let date = dates.date_in_clause(&doc, Span::new(at, at + target.len()))?;
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

    /// The rule as a scan of every date (the definition `date_in_clause` must match).
    fn by_scan(dates: &[DateMention], doc: &Segmented, span: Span) -> Option<DateRef> {
        let sentence = &doc.sentences[doc.sentence_at(span.start())?];
        let text = doc.text();
        let in_sentence = |date: &&DateMention| sentence.span.contains(date.span);
        let before = dates
            .iter()
            .enumerate()
            .filter(|(_, date)| in_sentence(date) && date.span.end() <= span.start())
            .filter(|(_, date)| !text[date.span.end()..span.start()].contains(CLAUSE_BREAKS))
            .max_by_key(|(_, date)| date.span.start());
        let bracketed_after = || {
            dates.iter().enumerate().find(|(_, date)| {
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

    #[test]
    fn the_index_answers_like_a_scan_of_every_date_in_any_table_order() {
        let text =
            "2019年至2021年投入（2020年）增长；2022年3月产值（ （2023年）1880亿元（2024年底）， \
                    2025年：比2020年翻番。\n去年同期（今年1—9月）200亿元。";
        let doc = segment_plain(text, &WORDS);
        let rules = Rules::embedded().expect("rules");
        let mut found = Mentions::default();
        DateExtractor::new(&rules).extract(&doc, &ExtractContext::default(), &mut found);
        assert!(found.dates.len() >= 8, "{:?}", found.dates);
        let mut shuffled = found.dates.clone();
        shuffled.reverse();
        shuffled.extend(found.dates.iter().step_by(2).cloned());
        shuffled.rotate_left(3);
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        for table in [&found.dates, &shuffled] {
            let dates = ClauseDates::new(table);
            for (i, &start) in bounds.iter().enumerate() {
                for &end in &bounds[i..] {
                    let span = Span::new(start, end);
                    assert_eq!(
                        dates.date_in_clause(&doc, span),
                        by_scan(table, &doc, span),
                        "{:?}",
                        &text[span]
                    );
                }
            }
        }
    }
}
