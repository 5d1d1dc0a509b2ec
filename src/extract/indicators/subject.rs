//! The subject of a quantity: the short noun phrase naming what is measured, read from
//! jieba words and POS tags. The places [`super::IndicatorExtractor`] tries, in order:
//! - a percent's noun after `的` (`全美55%的风险投资` → `风险投资`, a share);
//! - a share's whole and part around `占` (`企业研发投入占全社会研发投入的比例`);
//! - after a counter or amount, the noun phrase it counts (`设立9只专项基金` → `专项基金`,
//!   `500万元的创业启动资金` → `创业启动资金`);
//! - before the number, the noun phrase ending where the linking words begin
//!   (`全社会研发投入达到1880.49亿元` → `全社会研发投入`);
//! - the previous quantity's subject when the clause names none (`、增长8.3%`);
//! - the first noun phrase of the clause (`工业厂房面积在现有基础上新增约1/4`);
//! - the end of the previous sentence when a paragraph break cut the subject off.
//!
//! Leading dates, places, time words and discourse words are dropped; the phrase keeps at
//! most `max_chars` chars from its right end, where the head noun is.

use crate::rules::indicators::IndicatorRules;
use crate::segment::Token;
use crate::span::Span;

/// Chars that end a clause (the subject never crosses one).
pub(super) const CLAUSE_DELIMITERS: &[char] = &[
    '，', ',', '；', ';', '：', ':', '。', '！', '？', '!', '?', '、', '\n',
];

/// Quote marks and joiners that may sit inside a subject (`“20+8”相关展会`).
const INNER_MARKS: &[&str] = &["“", "”", "‘", "’", "\"", "+", "·", "《", "》"];

/// Where to look for a subject.
#[derive(Clone, Copy, Debug)]
pub(super) struct Place<'a> {
    /// The normalized text.
    pub text: &'a str,
    /// The sentence's tokens.
    pub tokens: &'a [Token],
    /// Start of the clause holding the quantity.
    pub clause_start: usize,
    /// End of the subject region before the number (linking words stripped).
    pub lead_end: usize,
    /// End of the quantity and its trailing qualifier.
    pub after: usize,
    /// Date mentions of the sentence (dropped from a subject's start).
    pub dates: &'a [Span],
}

/// The compiled subject grammar.
#[derive(Debug)]
pub(super) struct SubjectFinder {
    max_chars: usize,
    min_chars: usize,
    stop_words: Vec<String>,
    drop_leading: Vec<String>,
    time_words: Vec<String>,
    comparison_openers: Vec<String>,
    strip_chars: Vec<char>,
}

impl SubjectFinder {
    /// Compiles the tables.
    pub(super) fn new(rules: &IndicatorRules) -> Self {
        let subject = &rules.subject;
        Self {
            max_chars: subject.max_chars,
            min_chars: subject.min_chars,
            stop_words: subject.stop_words.clone(),
            drop_leading: subject.drop_leading.clone(),
            time_words: subject.time_words.clone(),
            comparison_openers: subject.comparison_openers.clone(),
            strip_chars: subject.strip_chars.chars().collect(),
        }
    }

    /// The noun phrase a counter or amount is attached to (`9只专项基金`), when the words
    /// right after the quantity start one; `的` and a verb phrase ending in `的` are
    /// skipped (`500万元的创业启动资金`, `100个具有前瞻性的重大科技项目`). A nominal verb
    /// may open it when `verbal_opening` (`402家管理单位`).
    pub(super) fn after(&self, place: &Place<'_>, verbal_opening: bool) -> Option<String> {
        let text = place.text;
        let first = first_after(place)?;
        let token = place.tokens[first];
        let nominal = token.pos == "vn" && (verbal_opening || stands_alone(place, first));
        let start = if token.pos == "uj" {
            first + 1
        } else if token.pos.starts_with('v') && !nominal {
            let limit = place.after + 30;
            let particle = place.tokens[first..]
                .iter()
                .take_while(|token| token.span.end() <= limit && !ends_sentence(&text[token.span]))
                .position(|token| token.pos == "uj")?;
            first + particle + 1
        } else {
            first
        };
        self.run_from(place, start, verbal_opening)
    }

    /// The noun phrase after `的` right after a percent (`全美55%的风险投资` → `风险投资`).
    pub(super) fn after_particle(&self, place: &Place<'_>) -> Option<String> {
        let first = first_after(place)?;
        (place.tokens[first].pos == "uj")
            .then(|| self.run_from(place, first + 1, false))
            .flatten()
    }

    /// The noun phrase starting at token `start`.
    /// A nominal verb opens it when `verbal_opening`, or when it stands alone before the
    /// clause ends (`1000万元奖励，`).
    fn run_from(&self, place: &Place<'_>, start: usize, verbal_opening: bool) -> Option<String> {
        let text = place.text;
        let opening = place.tokens.get(start)?;
        let opens = opening.pos.starts_with('n')
            || matches!(opening.pos, "a" | "b" | "j" | "eng" | "t" | "m")
            || ((verbal_opening || stands_alone(place, start)) && opening.pos == "vn")
            || (opening.pos == "x" && INNER_MARKS.contains(&&text[opening.span]));
        if !opens {
            return None;
        }
        let mut run: Vec<Token> = Vec::new();
        for (index, token) in place.tokens.iter().enumerate().skip(start) {
            let next = place.tokens.get(index + 1);
            if !self.inside_forward(text, &run, token, next) {
                break;
            }
            run.push(*token);
        }
        self.finish(text, run, place.dates)
    }

    /// The noun phrase ending at `place.lead_end`, looking back within the clause; adverbs
    /// between it and the verb are skipped (`出口则下降3.1%`).
    pub(super) fn before(&self, place: &Place<'_>) -> Option<String> {
        let text = place.text;
        let mut run: Vec<Token> = place
            .tokens
            .iter()
            .rev()
            .skip_while(|token| token.span.end() > place.lead_end)
            .skip_while(|token| token.pos == "d" && token.span.start() >= place.clause_start)
            .take_while(|token| {
                token.span.start() >= place.clause_start && self.inside_backward(text, token)
            })
            .copied()
            .collect();
        run.reverse();
        self.finish(text, run, place.dates)
    }

    /// The first noun phrase of the clause, before the number.
    pub(super) fn first(&self, place: &Place<'_>) -> Option<String> {
        let text = place.text;
        let clause: Vec<Token> = place
            .tokens
            .iter()
            .filter(|token| {
                token.span.start() >= place.clause_start && token.span.end() <= place.lead_end
            })
            .copied()
            .collect();
        let from = self.leading_droppable(text, &clause, place.dates);
        let run: Vec<Token> = clause[from..]
            .iter()
            .take_while(|token| self.inside_backward(text, token))
            .copied()
            .collect();
        self.finish(text, run, place.dates)
    }

    /// True when the clause region before the number holds no noun at all
    /// (`、增长8.3%`, `，比上年末增加12.5万人`): the subject is the previous quantity's.
    pub(super) fn region_is_empty(place: &Place<'_>) -> bool {
        !place.tokens.iter().any(|token| {
            token.span.start() >= place.clause_start
                && token.span.end() <= place.lead_end
                && is_nounish(token.pos)
        })
    }

    /// True when the clause opens with a comparison word (`较2月预测数上修…`): the nouns
    /// before the number name the yardstick, not what is measured.
    pub(super) fn opens_comparison(&self, place: &Place<'_>) -> bool {
        place
            .tokens
            .iter()
            .find(|token| {
                token.span.start() >= place.clause_start && token.span.end() <= place.lead_end
            })
            .is_some_and(|token| {
                let word = &place.text[token.span];
                self.comparison_openers.iter().any(|opener| opener == word)
            })
    }

    /// Joins the share region after `占` with its whole (`企业研发投入` +
    /// `全社会研发投入的比例`); falls back to the region alone when too long.
    pub(super) fn share(&self, whole: Option<&str>, region: &str) -> Option<String> {
        let region = self.clean(region)?;
        let joined = whole.map(|whole| format!("{whole}占{region}"));
        match joined {
            Some(joined) if joined.chars().count() <= self.max_chars => Some(joined),
            _ => Some(region),
        }
    }

    /// Trims a run to its head, drops leading words, caps its length and cleans it. A date
    /// inside the run ends the topic before it (`本澳今年经济` → `经济`): the subject is
    /// one stretch of the sentence.
    fn finish(&self, text: &str, mut run: Vec<Token>, dates: &[Span]) -> Option<String> {
        while run
            .last()
            .is_some_and(|token| !(is_nounish(token.pos) || self.is_verbal(text, token)))
        {
            run.pop();
        }
        let after_time = run
            .iter()
            .rposition(|token| dates.iter().any(|date| date.overlaps(token.span)))
            .map_or(0, |at| at + 1)
            .min(run.len());
        let from = after_time + self.leading_droppable(text, &run[after_time..], dates);
        let mut run = &run[from..];
        while run.len() > 1 && chars(text, run) > self.max_chars {
            run = &run[1..];
        }
        if !run
            .iter()
            .any(|token| is_nounish(token.pos) || self.is_verbal(text, token))
        {
            return None;
        }
        let joined: String = run.iter().map(|token| &text[token.span]).collect();
        self.clean(&joined)
    }

    /// How many tokens at the start of `run` are dates, places, time and discourse words.
    fn leading_droppable(&self, text: &str, run: &[Token], dates: &[Span]) -> usize {
        let mut from = 0;
        while let Some(token) = run.get(from) {
            let word = &text[token.span];
            let next = run.get(from + 1).map(|next| &text[next.span]);
            let nouns_after = run[from + 1..]
                .iter()
                .filter(|token| is_nounish(token.pos))
                .count();
            let droppable = dates.iter().any(|date| date.overlaps(token.span))
                || matches!(
                    token.pos,
                    "t" | "f" | "p" | "c" | "d" | "r" | "u" | "uj" | "ul" | "y"
                )
                || self.drop_leading.iter().any(|drop| drop == word)
                || self.time_words.iter().any(|time| time == word)
                || (token.pos.starts_with('m')
                    && self
                        .time_words
                        .iter()
                        .any(|time| word.ends_with(time.as_str())))
                || (token.pos.starts_with('m')
                    && next.is_some_and(|next| {
                        self.time_words
                            .iter()
                            .any(|time| next.starts_with(time.as_str()))
                    }))
                || (token.pos == "ns" && nouns_after >= 2)
                || (token.pos == "x" && !INNER_MARKS.contains(&word));
            if !droppable {
                break;
            }
            from += 1;
        }
        from
    }

    /// May `token` be part of a subject read backwards from the number?
    fn inside_backward(&self, text: &str, token: &Token) -> bool {
        let word = &text[token.span];
        is_nounish(token.pos) || is_modifier(token.pos, word) || self.is_verbal(text, token)
    }

    /// May `token` extend a subject read forwards from the quantity (`run` so far)? A verb
    /// only before the first noun and right before a noun (`国家级创新平台`); after it, a
    /// verb starts the predicate (`600家企业建立合作关系`). Classifiers only before the
    /// first noun (`百亿级龙头企业`); after it a numeral with a classifier starts the next
    /// quantity (`20项改革措施126个政策点`), one without stays (`世界100强科技企业`).
    fn inside_forward(
        &self,
        text: &str,
        run: &[Token],
        token: &Token,
        next: Option<&Token>,
    ) -> bool {
        let word = &text[token.span];
        let next_nounish = next.is_some_and(|next| is_nounish(next.pos));
        let has_noun = run.iter().any(|token| is_nounish(token.pos));
        let after_numeral = run.last().is_some_and(|last| last.pos == "m");
        let counted_next = next.is_some_and(|next| next.pos == "q");
        match token.pos {
            "m" | "mq" => is_modifier("m", word) && (!has_noun || !counted_next),
            "q" => after_numeral && !has_noun,
            "uj" => false,
            pos => {
                is_nounish(pos)
                    || is_modifier(pos, word)
                    || (self.is_verbal(text, token) && next_nounish && !has_noun)
            }
        }
    }

    /// A verb of two or more chars that is not a stop verb: part of a nominal phrase
    /// (`研发投入`, `科技创新载体`).
    fn is_verbal(&self, text: &str, token: &Token) -> bool {
        let word = &text[token.span];
        token.pos.starts_with('v')
            && word.chars().count() >= 2
            && !self.stop_words.iter().any(|stop| stop == word)
    }

    /// Removes quote marks and spaces; `None` when too short or not a phrase.
    fn clean(&self, phrase: &str) -> Option<String> {
        let cleaned: String = phrase
            .chars()
            .filter(|ch| !self.strip_chars.contains(ch) && !ch.is_whitespace())
            .collect();
        let cleaned = cleaned
            .trim_start_matches(['的', '+', '·'])
            .trim_end_matches(['的', '+', '·']);
        let count = cleaned.chars().count();
        let wordy = cleaned
            .chars()
            .any(|ch| !ch.is_ascii_digit() && !ch.is_ascii_punctuation());
        (count >= self.min_chars && count <= self.max_chars && wordy).then(|| cleaned.to_string())
    }
}

/// Noun-like jieba tags: nouns, nominal verbs and adjectives, abbreviations, Latin words,
/// set phrases.
fn is_nounish(pos: &str) -> bool {
    pos.starts_with('n') || matches!(pos, "vn" | "an" | "j" | "eng" | "l")
}

/// Tags and marks that may sit inside a subject but not be its head (`重大`, `国家级`,
/// `500`, `的`, quotes, `规模以上`, the prefix of `非居民`); never another quantity
/// (`50%`).
fn is_modifier(pos: &str, word: &str) -> bool {
    let plain_number = !word.contains(['%', '.', '/']);
    matches!(pos, "a" | "b" | "t" | "z" | "uj" | "h")
        || (matches!(pos, "m" | "mq") && plain_number)
        || (pos == "x" && INNER_MARKS.contains(&word))
        || (pos == "f" && word.chars().count() >= 2)
}

/// The index of the first token at the end of the quantity, unless a token straddles it.
fn first_after(place: &Place<'_>) -> Option<usize> {
    let first = place
        .tokens
        .iter()
        .position(|token| token.span.start() >= place.after)?;
    let straddles = place.tokens[..first]
        .last()
        .is_some_and(|token| token.span.end() > place.after);
    (!straddles).then_some(first)
}

/// True when token `index` is the last word of its clause (`奖励` in `1000万元奖励。`).
fn stands_alone(place: &Place<'_>, index: usize) -> bool {
    place
        .tokens
        .get(index + 1)
        .is_none_or(|next| ends_sentence(&place.text[next.span]))
}

/// True for a token that ends a clause.
fn ends_sentence(word: &str) -> bool {
    word.chars()
        .any(|ch| matches!(ch, '，' | ',' | '；' | ';' | '。' | '：' | ':'))
}

/// Chars covered by a run of tokens.
fn chars(text: &str, run: &[Token]) -> usize {
    run.iter()
        .map(|token| text[token.span].chars().count())
        .sum()
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::segment::{segment_plain, WordSegmenter};

    static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));

    fn finder() -> SubjectFinder {
        SubjectFinder::new(&IndicatorRules::embedded().unwrap())
    }

    /// Subject before `number` (with `linking` stripped) and after `unit`.
    fn subjects(text: &str, lead: &str, unit_end: &str) -> (Option<String>, Option<String>) {
        let doc = segment_plain(text, &WORDS);
        let tokens: Vec<Token> = doc
            .sentences
            .iter()
            .flat_map(|s| s.tokens.clone())
            .collect();
        let lead_end = text.find(lead).unwrap();
        let after = text.find(unit_end).unwrap() + unit_end.len();
        let clause_start = text[..lead_end]
            .rfind(CLAUSE_DELIMITERS)
            .map_or(0, |at| at + text[at..].chars().next().unwrap().len_utf8());
        let place = Place {
            text,
            tokens: &tokens,
            clause_start,
            lead_end,
            after,
            dates: &[],
        };
        (finder().before(&place), finder().after(&place, true))
    }

    #[test]
    fn before_the_linking_verb() {
        let (before, _) = subjects("2022年深圳全社会研发投入达到1880.49亿元。", "达到", "亿元");
        assert_eq!(before.as_deref(), Some("全社会研发投入"));
        let (before, _) = subjects(
            "据统计，目前深圳有世界500强企业11家，上市企业500多家。",
            "11家",
            "11家",
        );
        assert_eq!(before.as_deref(), Some("世界500强企业"));
    }

    #[test]
    fn after_a_counter() {
        let (_, after) = subjects(
            "目前深圳已设立新能源汽车等9只专项基金，目标规模达到250亿元。",
            "9只",
            "9只",
        );
        assert_eq!(after.as_deref(), Some("专项基金"));
        let (_, after) = subjects(
            "去年深圳部署实施100个具有前瞻性、战略性的重大科技项目。",
            "100个",
            "100个",
        );
        assert_eq!(after.as_deref(), Some("重大科技项目"));
    }

    #[test]
    fn adverbs_before_the_verb_and_noun_prefixes() {
        let (before, _) = subjects("非金融企业贷款则增长5%。", "增长", "%");
        assert_eq!(before.as_deref(), Some("非金融企业贷款"));
    }

    #[test]
    fn a_date_inside_ends_the_topic() {
        let text = "该集团今年研发投入增长约6%。";
        let doc = segment_plain(text, &WORDS);
        let date_start = text.find("今年").unwrap();
        let date = Span::new(date_start, date_start + "今年".len());
        let lead_end = text.find("增长").unwrap();
        let place = Place {
            text,
            tokens: &doc.sentences[0].tokens,
            clause_start: 0,
            lead_end,
            after: lead_end,
            dates: &[date],
        };
        assert_eq!(finder().before(&place).as_deref(), Some("研发投入"));
    }

    #[test]
    fn quotes_are_removed() {
        let (before, _) = subjects("国家级专精特新“小巨人”企业742家。", "742", "742家");
        assert!(before.unwrap().ends_with("小巨人企业"));
    }
}
