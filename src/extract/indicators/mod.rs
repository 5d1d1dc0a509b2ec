//! The indicators extractor: every stated quantity of a document, as a complete fact
//! (value in base units, canonical unit, qualifier, measure, subject, period).
//!
//! Stage 3 of `ingest → normalize → segment → **extract** → validate → write`; runs last
//! in the [`crate::extract::Registry`], so it can skip numbers that are dates and link
//! each quantity to the date of its clause. Unit words, multipliers, qualifiers and the
//! words deciding `measure` come from `src/rules/data/indicators.toml`.
//!
//! Rules (the `rule` column), each with an example:
//! - `indicator_number_unit`: a number, optional multiplier and a unit word:
//!   `1880.49亿元`, `2.3万家`, `三千余项`, `8.3%`, `3倍`, `34万人年`.
//! - `indicator_currency_prefix`: a currency written before the number: `港币1.26亿元`
//!   (HKD), `$20`.
//! - `indicator_range`: two numbers joined by `~`, `-`, `至`, `到`, one unit: `70%~90%`,
//!   `5亿至8亿元`, `15-20年` (`value` and `value_high`).
//! - `indicator_percent_words`: `百分之十五` (15 percent), `千分之三` (0.3 percent).
//! - `indicator_fraction_words`: `四分之一` (0.25, unit `fraction`).
//! - `indicator_fraction_slash`: `1/4` (0.25, unit `fraction`, `unit_text` `/`).
//!
//! Not indicators: numbers inside date mentions (`2019年`) or reading as calendar years,
//! ordinals and ranks (`第一`, `前十名`), bare numbers without unit (section numbers `1.`,
//! citation markers `[12]`, figure numbers `图1`, phone and street numbers, `13号线`),
//! numbers glued to Latin letters (`5G`, `PM2.5`), numerals inside names and idioms
//! (`五台山`, `千家万户`, `二元结构`), the article `一` (`一家企业`), quantities quoted
//! alone as names (`“30条”`) or inside a `《》` title, the base of a rate (`每10股`),
//! document numbers written as a slash over a year (`第13/2023号`). Page artifacts are
//! skipped, except captions and numbered footnotes (`①其中政府补助…`): their text is
//! content.
//!
//! Qualifier words stay outside the span (`超过370亿元` → text `370亿元`, `more_than`),
//! except `余`/`多` inside the number (`三千余项`, `500多家`).
//!
//! Layout: `scan` finds quantities in a sentence (`piece` reads one number, `fraction`
//! fractions, `numeral` values), `context` reads qualifier and measure, `subject` the
//! subject, `currency` the currency a bare `元` means in the document, `artifact` which
//! page-artifact sentences are read, `respective` the subjects of a `分别` list; this
//! file puts them together per sentence.

mod artifact;
mod context;
mod currency;
mod fraction;
mod numeral;
mod piece;
mod respective;
mod scan;
mod subject;

use artifact::DisplacedContent;
use context::{ContextWords, Lead};
use currency::DocumentCurrency;
use respective::Respective;
use scan::Scanner;
use subject::{Place, SubjectFinder, CLAUSE_DELIMITERS};

use super::dates::ClauseDates;
use super::{
    ExtractContext, Extractor, IndicatorMention, Measure, MentionKind, Mentions, Qualifier,
};
use crate::rules::indicators::QualifierName;
use crate::rules::Rules;
use crate::segment::{Segmented, Sentence, Token};
use crate::span::Span;

/// A quantity found in the text, before context (qualifier, measure, subject) is read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Quantity {
    /// Number and unit, plus a currency word written before the number.
    pub span: Span,
    /// Where the first numeral starts (token checks look here).
    pub core_start: usize,
    /// Where the quantity starts as written: before a currency word that decides its
    /// currency but stays outside the span (`新台币` of `新台币1,200亿元`).
    pub written_start: usize,
    /// Value in base units.
    pub value: f64,
    /// Upper end of a range.
    pub value_high: Option<f64>,
    /// Canonical unit.
    pub unit: String,
    /// Multiplier and unit as written.
    pub unit_text: String,
    /// `余`/`多` inside the number.
    pub inside: Option<Qualifier>,
    /// The rule that found it.
    pub rule: &'static str,
}

/// Maps a rule-table qualifier onto the mention's.
pub(crate) fn qualifier_of(name: QualifierName) -> Qualifier {
    match name {
        QualifierName::Approx => Qualifier::Approx,
        QualifierName::MoreThan => Qualifier::MoreThan,
        QualifierName::AtLeast => Qualifier::AtLeast,
        QualifierName::LessThan => Qualifier::LessThan,
        QualifierName::AtMost => Qualifier::AtMost,
    }
}

/// Finds numeric indicators: quantities with a unit, counter word or percent sign.
#[derive(Debug)]
pub struct IndicatorExtractor {
    scanner: Scanner,
    context: ContextWords,
    subjects: SubjectFinder,
    currency: DocumentCurrency,
    displaced: DisplacedContent,
    respective: Respective,
}

impl IndicatorExtractor {
    /// Compiles the extractor from the rules (once per run).
    #[must_use]
    pub fn new(rules: &Rules) -> Self {
        let displaced = DisplacedContent::new(rules);
        let rules = &rules.indicators;
        Self {
            displaced,
            respective: Respective::new(rules),
            scanner: Scanner::new(rules),
            context: ContextWords::new(rules),
            subjects: SubjectFinder::new(rules),
            currency: DocumentCurrency::new(rules),
        }
    }

    /// The indicators of one sentence, in order.
    fn sentence(
        &self,
        doc: &Segmented,
        sentence: &Sentence,
        clause_dates: &ClauseDates<'_>,
        currency: Option<&str>,
    ) -> Vec<IndicatorMention> {
        let text = doc.text();
        let dates: Vec<Span> = clause_dates
            .overlapping(sentence.span)
            .into_iter()
            .map(|index| clause_dates.dates()[index].span)
            .collect();
        let mut mentions: Vec<IndicatorMention> = Vec::new();
        for mut quantity in self.scanner.scan(text, sentence.span) {
            if dates.iter().any(|date| date.overlaps(quantity.span))
                || in_title(&text[sentence.span.start()..quantity.span.start()])
                || !token_ok(text, &sentence.tokens, &quantity)
            {
                continue;
            }
            if let Some(currency) = currency {
                self.currency.apply(&mut quantity, currency);
            }
            let previous = mentions
                .last()
                .and_then(|mention| mention.subject.as_deref());
            let mut mention = self.mention(doc, sentence, &dates, quantity, previous);
            mention.date = clause_dates.date_in_clause(doc, mention.span);
            mentions.push(mention);
        }
        let place = (text, sentence, dates.as_slice());
        self.respective.assign(&self.subjects, place, &mut mentions);
        mentions
    }

    /// Reads qualifier, measure and subject around a quantity.
    fn mention(
        &self,
        doc: &Segmented,
        sentence: &Sentence,
        dates: &[Span],
        quantity: Quantity,
        previous: Option<&str>,
    ) -> IndicatorMention {
        let text = doc.text();
        let written_start = quantity.written_start;
        let clause_start = clause_start_of(text, sentence.span.start(), written_start);
        let lead = self.context.lead(text, clause_start, written_start);
        let (after_qualifier, after) = self.context.after(text, quantity.span.end());
        let clause_before = &text[clause_start..written_start];
        let place = Place {
            text,
            tokens: &sentence.tokens,
            clause_start,
            lead_end: lead.end,
            after,
            dates,
        };
        let share = self.share_lead(&place, &lead, &quantity);
        let part_of = is_proportion(&quantity.unit)
            .then(|| self.subjects.after_particle(&place))
            .flatten();
        let subject = part_of
            .clone()
            .or_else(|| self.subject(&place, &lead, share.as_ref(), &quantity, previous))
            .or_else(|| self.subject_across_break(doc, sentence, &lead, clause_start));
        let mut measure =
            self.context
                .measure(&lead, clause_before, &quantity.unit, subject.as_deref());
        let names_a_rate = part_of
            .as_deref()
            .is_some_and(|part| self.context.names_a_rate(part));
        if part_of.is_some() && measure == Measure::Level && !names_a_rate {
            measure = Measure::Share;
        }
        let share_qualifier = share.and_then(|(whole, _)| whole.qualifier);
        IndicatorMention {
            span: quantity.span,
            rule: quantity.rule,
            value: quantity.value,
            value_high: quantity.value_high,
            unit: quantity.unit,
            unit_text: quantity.unit_text,
            qualifier: lead
                .qualifier
                .or(quantity.inside)
                .or(after_qualifier)
                .or(share_qualifier),
            measure,
            subject,
            date: None,
        }
    }

    /// For a percent or fraction whose clause holds a share marker (`占`): the lead of the
    /// whole before the marker (`约占…` gives the qualifier) and where the marker ends.
    fn share_lead(
        &self,
        place: &Place<'_>,
        lead: &Lead,
        quantity: &Quantity,
    ) -> Option<(Lead, usize)> {
        if !is_proportion(&quantity.unit) {
            return None;
        }
        let (start, end) = self
            .context
            .share_marker(&place.text[place.clause_start..lead.end])?;
        let whole = self
            .context
            .lead(place.text, place.clause_start, place.clause_start + start);
        Some((whole, place.clause_start + end))
    }

    /// The subject: a share's part and whole (`企业研发投入占全社会研发投入的比例`), the
    /// noun phrase a counter counts, the previous quantity's when the clause opens with a
    /// comparison (`，较上季预测数上修0.2个百分点`), the one before the linking verb, the
    /// previous quantity's when the clause has none (`、增长8.3%`), or the clause's first.
    fn subject(
        &self,
        place: &Place<'_>,
        lead: &Lead,
        share: Option<&(Lead, usize)>,
        quantity: &Quantity,
        previous: Option<&str>,
    ) -> Option<String> {
        if let Some((whole_lead, marker_end)) = share {
            let whole = self.subjects.before(&Place {
                lead_end: whole_lead.end,
                ..*place
            });
            let whole = whole.as_deref().or(previous);
            if let Some(share) = self
                .subjects
                .share(whole, &place.text[*marker_end..lead.end])
            {
                return Some(share);
            }
        }
        let compared = previous
            .filter(|_| self.subjects.opens_comparison(place))
            .map(str::to_string);
        if is_proportion(&quantity.unit) {
            return compared
                .or_else(|| self.subjects.before(place))
                .or_else(|| self.subjects.after(place, false))
                .or_else(|| self.inherited_or_first(place, previous));
        }
        self.subjects
            .after(place, quantity.unit == "count")
            .or(compared)
            .or_else(|| self.subjects.before(place))
            .or_else(|| self.inherited_or_first(place, previous))
    }

    /// The previous quantity's subject when the clause has no noun before the number
    /// (`、增长8.3%`), else the clause's first noun phrase.
    fn inherited_or_first(&self, place: &Place<'_>, previous: Option<&str>) -> Option<String> {
        if SubjectFinder::region_is_empty(place) {
            previous.map(str::to_string)
        } else {
            self.subjects.first(place)
        }
    }
}

impl IndicatorExtractor {
    /// A quantity opening a sentence that a paragraph break cut off from its subject
    /// (`研发投入强度` / `5.81%`): the subject ending the previous sentence, when that
    /// sentence does not end with a full stop.
    fn subject_across_break(
        &self,
        doc: &Segmented,
        sentence: &Sentence,
        lead: &Lead,
        clause_start: usize,
    ) -> Option<String> {
        if clause_start != sentence.span.start() || lead.end != clause_start {
            return None;
        }
        let index = doc.sentence_at(sentence.span.start())?;
        let before = doc.sentences.get(index.checked_sub(1)?)?;
        let text = doc.text();
        let cut = text[before.span].trim_end();
        if before.artifact || cut.ends_with(SENTENCE_ENDS) {
            return None;
        }
        let end = before.span.start() + cut.len();
        let place = Place {
            text,
            tokens: &before.tokens,
            clause_start: clause_start_of(text, before.span.start(), end),
            lead_end: end,
            after: end,
            dates: &[],
        };
        self.subjects.before(&place)
    }
}

/// Percent and fraction: the units a share or a part can be stated in.
fn is_proportion(unit: &str) -> bool {
    matches!(unit, "percent" | "fraction")
}

/// Chars that end a sentence for good (a sentence ending otherwise was cut by a break).
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '；', ';', '…', '”', '）', ')'];

/// The start of the clause holding `at`: after the last clause delimiter of the sentence.
fn clause_start_of(text: &str, sentence_start: usize, at: usize) -> usize {
    text[sentence_start..at]
        .char_indices()
        .rfind(|&(_, ch)| CLAUSE_DELIMITERS.contains(&ch))
        .map_or(sentence_start, |(index, ch)| {
            sentence_start + index + ch.len_utf8()
        })
}

/// True when `before` (the sentence up to a quantity) leaves a `《` title open: a number
/// in a title is part of a name (`《关于加快发展的30条意见》`).
fn in_title(before: &str) -> bool {
    match (before.rfind('《'), before.rfind('》')) {
        (Some(open), Some(close)) => open > close,
        (open, _) => open.is_some(),
    }
}

/// False when jieba puts the number inside a longer word (`登陆部队`: `陆` is no six) or
/// the number and unit inside a name or idiom (`五台山`, `三个代表`). A word starting at
/// the unit itself is the tokenizer gluing the counter to the next noun (`48个市重点工程`
/// → `个市`): the unit tables' `blocked_after` words decide those.
fn token_ok(text: &str, tokens: &[Token], quantity: &Quantity) -> bool {
    let numeric = |pos: &str| matches!(pos, "m" | "mq" | "q" | "x");
    let starts_inside = tokens.iter().any(|token| {
        token.span.start() < quantity.core_start
            && quantity.core_start < token.span.end()
            && !numeric(token.pos)
    });
    let end = quantity.span.end();
    let unit_start = end.saturating_sub(quantity.unit_text.len());
    let runs_on = tokens.iter().any(|token| {
        token.span.start() < end
            && end < token.span.end()
            && token.span.start() >= quantity.core_start
            && token.span.start() < unit_start
            && (token.pos.starts_with('n') || matches!(token.pos, "i" | "l" | "j"))
            && text[token.span].chars().count() >= 2
    });
    !starts_inside && !runs_on
}

impl IndicatorExtractor {
    /// The value of `text` when it is exactly one written number, read the way this
    /// extractor reads numbers (`负一百二十万` → -1.2e6, `500余万` → 5e6, `五分之一` →
    /// 0.2, `百分之十五` → 15); for conformance tests and notebooks.
    #[must_use]
    pub fn number_value(&self, text: &str) -> Option<f64> {
        self.scanner.number_value(text)
    }
}

impl Extractor for IndicatorExtractor {
    fn kind(&self) -> MentionKind {
        MentionKind::Indicator
    }

    fn extract(&self, doc: &Segmented, _context: &ExtractContext, found: &mut Mentions) {
        let dates = ClauseDates::new(&found.dates);
        let currency = self.currency.of_document(doc.doc.script, doc.text());
        let text = doc.text();
        let read = |sentence: &&Sentence| self.displaced.is_read(text, sentence);
        for sentence in doc.sentences.iter().filter(read) {
            let mentions = self.sentence(doc, sentence, &dates, currency);
            found.indicators.extend(mentions);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::segment::{segment_plain, WordSegmenter};

    static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));
    static EXTRACTOR: LazyLock<IndicatorExtractor> =
        LazyLock::new(|| IndicatorExtractor::new(&Rules::embedded().unwrap()));

    fn extract(text: &str) -> Vec<IndicatorMention> {
        let doc = segment_plain(text, &WORDS);
        let mut found = Mentions::default();
        EXTRACTOR.extract(&doc, &ExtractContext::default(), &mut found);
        found.indicators
    }

    #[test]
    fn growth_share_and_inherited_subject() {
        let text =
            "去年前三季度，深圳战略性新兴产业增加值10393.39亿元、增长8.3%，占GDP比重提升至42.5%。";
        let found = extract(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].subject.as_deref(), Some("战略性新兴产业增加值"));
        assert_eq!(
            (found[1].measure, found[1].subject.as_deref()),
            (Measure::Growth, Some("战略性新兴产业增加值"))
        );
        assert_eq!(found[2].measure, Measure::Share);
        assert_eq!(
            found[2].subject.as_deref(),
            Some("战略性新兴产业增加值占GDP比重")
        );
    }

    #[test]
    fn qualifiers_stay_outside_the_span() {
        let text = "总投资额超过370亿元，覆盖95%以上企业。";
        let found = extract(text);
        assert_eq!(&text[found[0].span], "370亿元");
        assert_eq!(found[0].qualifier, Some(Qualifier::MoreThan));
        assert_eq!(
            (&text[found[1].span], found[1].qualifier),
            ("95%", Some(Qualifier::MoreThan))
        );
    }

    /// Deterministic soup of numerals, units, qualifiers and punctuation: every span must
    /// lie on char boundaries, inside the text, without surrounding whitespace.
    #[test]
    fn number_soup_never_panics_and_spans_are_clean() {
        const PIECES: &[&str] = &[
            "1",
            "2.5",
            "0",
            "1,234",
            "一",
            "十",
            "百",
            "千",
            "万",
            "亿",
            "两",
            "零",
            "点",
            "分之",
            "余",
            "多",
            "%",
            "个百分点",
            "元",
            "亿元",
            "港币",
            "$",
            "家",
            "年",
            "个月",
            "平方米",
            "倍",
            "~",
            "-",
            "至",
            "/",
            "约",
            "超过",
            "以上",
            "第",
            "“",
            "”",
            "《",
            "》",
            "，",
            "。",
            " ",
            "增长",
            "占",
            "比重",
            "的",
            "企业",
            "负",
            "成",
            "日",
            "月",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..24 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[usize::try_from(state % PIECES.len() as u64).unwrap()]);
            }
            for mention in extract(&text) {
                let found = &text[mention.span];
                assert!(
                    !found.is_empty() && found.trim() == found,
                    "{text:?}: {found:?}"
                );
                assert!(mention.value.is_finite(), "{text:?}: {found:?}");
            }
        }
    }

    #[test]
    fn a_traditional_document_naming_one_local_currency_means_it_by_yuan() {
        let text = "香港本年度赤字为85亿元，另发行20亿港元债券。";
        let mut doc = segment_plain(text, &WORDS);
        doc.doc.script = crate::normalize::DocumentScript::Traditional;
        let mut found = Mentions::default();
        EXTRACTOR.extract(&doc, &ExtractContext::default(), &mut found);
        let units: Vec<&str> = found.indicators.iter().map(|m| m.unit.as_str()).collect();
        assert_eq!(units, ["HKD", "HKD"]);
        assert_eq!(extract(text)[0].unit, "CNY");
    }

    #[test]
    fn names_and_idioms_are_not_quantities() {
        assert!(extract("他登陆部队营地，游览五台山。").is_empty());
    }
}
