//! Respective quantities: `港元及人民币分别占49.8%及8.7%` pairs each quantity after a
//! respective marker (`分别`) with the conjunct of the same rank before it, instead of
//! giving all of them the last conjunct. Runs in [`super::IndicatorExtractor`] after the
//! subjects of a sentence are read; the conjuncts are read with the [`SubjectFinder`].

use super::subject::{Place, SubjectFinder, CLAUSE_DELIMITERS};
use crate::extract::numbers::chinese_digit;
use crate::extract::IndicatorMention;
use crate::rules::indicators::IndicatorRules;
use crate::segment::Sentence;
use crate::span::Span;

/// The marker and coordinator words of respective quantities.
#[derive(Debug)]
pub(super) struct Respective {
    /// Words after a list of subjects announcing one quantity each (`分别`).
    markers: Vec<String>,
    /// Words joining the subjects (`、`, `及`, `和`).
    coordinators: Vec<String>,
}

impl Respective {
    /// Takes the words from the subject tables.
    pub(super) fn new(rules: &IndicatorRules) -> Self {
        Self {
            markers: rules.subject.respective_markers.clone(),
            coordinators: rules.subject.coordinators.clone(),
        }
    }

    /// Gives the quantities after one marker the conjuncts before it, in order, when there
    /// are as many conjuncts (each a subject) as quantities.
    pub(super) fn assign(
        &self,
        finder: &SubjectFinder,
        (text, sentence, dates): (&str, &Sentence, &[Span]),
        mentions: &mut [IndicatorMention],
    ) {
        let start = sentence.span.start();
        let mut index = 0;
        while index < mentions.len() {
            let Some(marker) = self.marker_before(text, start, mentions[index].span.start()) else {
                index += 1;
                continue;
            };
            let count = mentions[index..]
                .iter()
                .take_while(|m| self.marker_before(text, start, m.span.start()) == Some(marker))
                .count();
            let group = &mut mentions[index..index + count];
            self.share_the_verb(text, group);
            let parts = self.conjuncts(finder, text, sentence, dates, marker);
            if count >= 2 && parts.len() == count {
                for (mention, part) in group.iter_mut().zip(parts) {
                    mention.subject = Some(part);
                }
            }
            index += count;
        }
    }

    /// A quantity joined to the previous one of its group by a coordinator alone, in the
    /// same unit, shares its verb and so its measure (`分别增长5%和8%`: both growth).
    fn share_the_verb(&self, text: &str, group: &mut [IndicatorMention]) {
        for index in 1..group.len() {
            let (done, rest) = group.split_at_mut(index);
            let (previous, current) = (&done[index - 1], &mut rest[0]);
            let between = text[previous.span.end()..current.span.start()].trim();
            if previous.unit == current.unit && self.coordinators.iter().any(|word| word == between)
            {
                current.measure = previous.measure;
            }
        }
    }

    /// Where the last marker before `at` in its clause starts; a list comma (`、`) does not
    /// end the clause here (`分别为12家、8家`).
    fn marker_before(&self, text: &str, sentence_start: usize, at: usize) -> Option<usize> {
        let before = &text[sentence_start..at];
        let clause = before
            .char_indices()
            .rfind(|&(_, ch)| is_strong_delimiter(ch))
            .map_or(0, |(index, ch)| index + ch.len_utf8());
        (self.markers.iter())
            .filter_map(|marker| before[clause..].rfind(marker.as_str()))
            .max()
            .map(|found| sentence_start + clause + found)
    }

    /// The subjects of the conjuncts between the clause start and the marker; empty when
    /// one of them names none.
    fn conjuncts(
        &self,
        finder: &SubjectFinder,
        text: &str,
        sentence: &Sentence,
        dates: &[Span],
        marker: usize,
    ) -> Vec<String> {
        let clause_start = text[sentence.span.start()..marker]
            .char_indices()
            .rfind(|&(_, ch)| is_strong_delimiter(ch))
            .map_or(sentence.span.start(), |(index, ch)| {
                sentence.span.start() + index + ch.len_utf8()
            });
        let joins = sentence.tokens.iter().filter(|token| {
            token.span.start() >= clause_start
                && token.span.end() <= marker
                && self
                    .coordinators
                    .iter()
                    .any(|word| *word == text[token.span])
        });
        let mut pieces = Vec::new();
        let mut piece_start = clause_start;
        for join in joins {
            pieces.push((piece_start, join.span.start()));
            piece_start = join.span.end();
        }
        pieces.push((piece_start, marker));
        let subject = |(start, end): (usize, usize)| {
            let place = Place {
                text,
                tokens: &sentence.tokens,
                clause_start: start,
                lead_end: end,
                after: end,
                dates,
            };
            finder.before(&place).or_else(|| lone_word(&place))
        };
        pieces
            .into_iter()
            .map(subject)
            .collect::<Option<_>>()
            .unwrap_or_default()
    }
}

/// A conjunct that is one word jieba does not tag as a noun (`港元/m`), holding no
/// numeral and no date: a name in a list is a subject even so.
fn lone_word(place: &Place<'_>) -> Option<String> {
    let mut inside = (place.tokens.iter())
        .filter(|token| token.span.start() >= place.clause_start)
        .filter(|token| token.span.end() <= place.lead_end);
    let token = inside.next().filter(|_| inside.next().is_none())?;
    let word = &place.text[token.span];
    let plain = word.chars().count() >= 2
        && !(word.chars()).any(|ch| ch.is_ascii_digit() || chinese_digit(ch).is_some())
        && !place.dates.iter().any(|date| date.overlaps(token.span));
    plain.then(|| word.to_string())
}

/// A clause delimiter other than the list comma.
fn is_strong_delimiter(ch: char) -> bool {
    ch != '、' && CLAUSE_DELIMITERS.contains(&ch)
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use crate::extract::indicators::IndicatorExtractor;
    use crate::extract::{ExtractContext, Extractor, Measure, Mentions};
    use crate::rules::Rules;
    use crate::segment::{segment_plain, WordSegmenter};

    static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));

    fn found(text: &str) -> Vec<(String, Measure, Option<String>)> {
        let doc = segment_plain(text, &WORDS);
        let extractor = IndicatorExtractor::new(&Rules::embedded().unwrap());
        let mut found = Mentions::default();
        extractor.extract(&doc, &ExtractContext::default(), &mut found);
        (found.indicators.into_iter())
            .map(|m| (text[m.span].to_string(), m.measure, m.subject))
            .collect()
    }

    #[test]
    fn each_quantity_takes_the_conjunct_of_its_rank() {
        let got = found("上半年出口和进口分别增长6.4%和2.9%。");
        let subjects: Vec<Option<&str>> = got.iter().map(|(_, _, s)| s.as_deref()).collect();
        assert_eq!(subjects, [Some("出口"), Some("进口")]);
        assert!(got
            .iter()
            .all(|(_, measure, _)| *measure == Measure::Growth));
        let got = found("新登记企业、个体工商户分别为2.1万家、4.6万户。");
        assert_eq!(got[0].2.as_deref(), Some("新登记企业"));
        assert_eq!(got[1].2.as_deref(), Some("个体工商户"));
    }

    #[test]
    fn a_list_of_another_length_keeps_the_subjects() {
        let got = found("深圳和广州分别增长5%。");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2.as_deref(), Some("广州"));
    }
}
