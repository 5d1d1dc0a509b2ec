//! Signal 2, rule `org_suffix`: place prefix + name + organizational suffix, e.g.
//! `深圳市` `科技创新` `局`, `中国科学院` `深圳` `先进技术` `研究院`, `南方` `科技` `大学`.
//!
//! The suffix (`organizations.toml`, longest first) must end a jieba word. From there the
//! name runs left over name-like words and starts at the leftmost strong word (a place,
//! an organization, a proper name, an abbreviation, a gazetteer name). Bracketed parts
//! are kept when balanced (`北京大学深港（河套）科学创新中心`). A name made of a place and
//! a bare suffix needs a suffix that allows it (`深圳大学`, yes; `深圳公司`, no), and
//! generic references (`重点实验室`, `上市公司`) are dropped.
//!
//! A suffix name with no strong word (`社会组织党委`) is kept as "weak": the combiner
//! accepts it only as an item of a list of organizations.

use super::extend::run_on;
use super::lexicon::{chars, word, Lexicon, MAX_NAME_CHARS};
use super::{Candidate, View, RULE_SUFFIX};
use crate::extract::OrgType;
use crate::rules::organizations::OrgSuffix;
use crate::span::Span;

/// A suffix ending at a word end: in that word (`民政局`) or over whole words
/// (`创新` `中心`).
struct SuffixMatch<'r> {
    /// The suffix matched.
    suffix: &'r OrgSuffix,
    /// Index of the word the suffix starts in.
    first: usize,
    /// True when that word is itself a name (`民政局/nt`, `深圳市政府/nt`) or starts
    /// with a place word (`市政府`).
    strong: bool,
}

/// The words left of the suffix that may form the name.
struct Chain {
    /// The leftmost strong word, outside brackets.
    leftmost_strong: Option<usize>,
    /// The leftmost name-like word, outside brackets.
    leftmost_body: Option<usize>,
    /// True when a bracket before the suffix holds a place alone (`华为技术（中国）有限公司`):
    /// the registered form of a company name, a name even without a strong word.
    bracketed_place: bool,
}

/// Suffix-grammar names of one sentence.
pub(super) fn find(view: &View<'_>, lexicon: &Lexicon, gazetteer: &[Candidate]) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (index, token) in view.tokens.iter().enumerate() {
        let Some(suffix) = match_suffix(view, index, lexicon) else {
            continue;
        };
        if view.continues_as_zone(token.span.end(), word(view.text, token), lexicon) {
            continue;
        }
        let chain = walk_left(view, suffix.first, lexicon, gazetteer);
        if let Some(candidate) = build(view, index, &suffix, &chain, lexicon) {
            found.push(candidate);
        }
    }
    found
}

/// The longest suffix ending at the end of word `index`, when the words may end a name.
fn match_suffix<'r>(
    view: &View<'r>,
    index: usize,
    lexicon: &'r Lexicon,
) -> Option<SuffixMatch<'r>> {
    let token = &view.tokens[index];
    let before = &view.text[view.span.start()..token.span.end()];
    for suffix in lexicon.suffixes_ending(before) {
        let start = token.span.end() - suffix.suffix.len();
        if start < token.span.start() {
            match view.token_starting_at(start) {
                Some(first) if Lexicon::is_suffix_tag(token.pos) => {
                    return Some(SuffixMatch {
                        suffix,
                        first,
                        strong: false,
                    });
                }
                _ => continue,
            }
        }
        return in_word_suffix(word(view.text, token), token.pos, suffix, lexicon).map(|strong| {
            SuffixMatch {
                suffix,
                first: index,
                strong,
            }
        });
    }
    None
}

/// Whether a word ending in `suffix` may end a name, and if so whether it is strong.
fn in_word_suffix(text: &str, tag: &str, suffix: &OrgSuffix, lexicon: &Lexicon) -> Option<bool> {
    if text == suffix.suffix {
        return Lexicon::is_suffix_tag(tag).then_some(false);
    }
    if lexicon.is_common_word(text, suffix.suffix.len()) {
        return None;
    }
    let prefix = &text[..text.len() - suffix.suffix.len()];
    let strong = Lexicon::is_name_tag(tag) || lexicon.is_place(prefix, "");
    (strong || (chars(prefix) >= 2 && Lexicon::is_suffix_tag(tag))).then_some(strong)
}

/// Walks left from word `index` (where the suffix starts) over the words that may belong
/// to the name.
fn walk_left(view: &View<'_>, index: usize, lexicon: &Lexicon, gazetteer: &[Candidate]) -> Chain {
    let mut chain = Chain {
        leftmost_strong: None,
        leftmost_body: None,
        bracketed_place: false,
    };
    let mut depth = 0_usize;
    let mut length = chars(word(view.text, &view.tokens[index]));
    for position in (0..index).rev() {
        let token = &view.tokens[position];
        let text = word(view.text, token);
        length += chars(text);
        if length > MAX_NAME_CHARS {
            break;
        }
        match text {
            ")" | "）" => depth += 1,
            "(" | "（" if depth == 0 => break,
            "(" | "（" => {
                depth -= 1;
                chain.bracketed_place |= depth == 0 && holds_a_place(view, position, lexicon);
            }
            _ if depth > 0 => {
                if text
                    .chars()
                    .any(|ch| ch.is_whitespace() || "，。；、,;".contains(ch))
                {
                    break;
                }
            }
            _ => {
                let covered = gazetteer.iter().any(|name| name.span.contains(token.span));
                if covered || lexicon.is_strong(text, token.pos) {
                    chain.leftmost_strong = Some(position);
                } else if !lexicon.is_body(text, token.pos) {
                    break;
                }
                chain.leftmost_body = Some(position);
            }
        }
    }
    chain
}

/// Checks the name the chain gives and makes it a candidate.
fn build(
    view: &View<'_>,
    index: usize,
    found: &SuffixMatch<'_>,
    chain: &Chain,
    lexicon: &Lexicon,
) -> Option<Candidate> {
    let end = view.tokens[index].span.end();
    let suffix = found.suffix;
    let (start_index, weak) = match (chain.leftmost_strong, found.strong) {
        (Some(position), _) => (position, false),
        (None, true) => (found.first, false),
        (None, false) => {
            let body = chain.leftmost_body?;
            let registered = chain.bracketed_place && registered_name(view, body, found.first);
            (body, !registered)
        }
    };
    let start = view.tokens[start_index].span.start();
    let name = &view.text[start..end];
    if lexicon.is_generic(name) || !balanced(name) {
        return None;
    }
    let (places, all_vague) = leading_places(view, start_index, found.first, lexicon);
    let suffix_start = end - suffix.suffix.len();
    let body = &view.text[places..suffix_start];
    if lexicon.is_founding_prefix(body) {
        // `公立医院`, `国立大学`: a founding word alone names no body.
        return None;
    }
    if body.is_empty() || lexicon.is_vague_place(body) || lexicon.is_place(body, "") {
        let has_place = suffix_start > start;
        let all_vague = all_vague && (body.is_empty() || lexicon.is_vague_place(body));
        let government = suffix.org_type == OrgType::Government;
        if !has_place || !suffix.bare_place || (all_vague && !government) {
            return None;
        }
    }
    // The name after its first word, when the name has more than the suffix word.
    let first_end = if start_index < found.first {
        view.tokens[start_index].span.end()
    } else {
        start
    };
    let first_is_place = places > start;
    for tail in [&view.text[places..end], &view.text[first_end..end]] {
        let completes_place = first_is_place && lexicon.is_bare_place_suffix(tail);
        if tail != name && lexicon.is_generic(tail) && !completes_place {
            return None;
        }
    }
    let start = start + glued_function_word(view, start_index, lexicon);
    let (end, org_type) = run_on(view, end, suffix.org_type, lexicon);
    let mut candidate = Candidate::new(Span::new(start, end), RULE_SUFFIX, org_type);
    candidate.weak = weak;
    Some(candidate)
}

/// jieba tags of person names, onto which jieba may glue a preceding function word
/// (`经` + `立信` → `经立信/nr`).
const PERSON_TAGS: &[&str] = &["nr", "nrfg", "nrt"];

/// The length in bytes of a function word glued onto the start of the name's first word
/// (`经立信/nr` in `本报告经立信会计师事务所审计`), when the rest of that word is still a
/// name word of two chars or more; 0 otherwise.
fn glued_function_word(view: &View<'_>, first: usize, lexicon: &Lexicon) -> usize {
    let token = &view.tokens[first];
    if !PERSON_TAGS.contains(&token.pos) {
        return 0;
    }
    lexicon
        .leading_function_word(word(view.text, token))
        .map_or(0, str::len)
}

/// Where the places at the start of the name end, and whether they are all vague.
fn leading_places(
    view: &View<'_>,
    from: usize,
    suffix_index: usize,
    lexicon: &Lexicon,
) -> (usize, bool) {
    let mut end = view.tokens[from].span.start();
    let mut all_vague = true;
    for token in &view.tokens[from..suffix_index] {
        let text = word(view.text, token);
        if !lexicon.is_place(text, token.pos) {
            break;
        }
        all_vague &= lexicon.is_vague_place(text);
        end = token.span.end();
    }
    (end, all_vague)
}

/// Fewest chars before the bracket of a registered company name: two chars are a
/// trade word alone (`技术（中国）有限公司`).
const MIN_REGISTERED_NAME_CHARS: usize = 3;

/// True when words `from..suffix` are a name part of at least
/// [`MIN_REGISTERED_NAME_CHARS`] followed by a bracketed place (`华为技术` `（中国）`).
fn registered_name(view: &View<'_>, from: usize, suffix: usize) -> bool {
    let Some(open) =
        (from..suffix).find(|&at| matches!(word(view.text, &view.tokens[at]), "(" | "（"))
    else {
        return false;
    };
    let name_chars: usize = view.tokens[from..open]
        .iter()
        .map(|token| chars(word(view.text, token)))
        .sum();
    name_chars >= MIN_REGISTERED_NAME_CHARS
}

/// True when the bracket opening at word `open` holds one place word and closes right
/// after it (`（` `中国` `）`).
fn holds_a_place(view: &View<'_>, open: usize, lexicon: &Lexicon) -> bool {
    let (Some(inner), Some(close)) = (view.tokens.get(open + 1), view.tokens.get(open + 2)) else {
        return false;
    };
    matches!(word(view.text, close), ")" | "）")
        && lexicon.is_place(word(view.text, inner), inner.pos)
}

/// True when every opening bracket of `name` is closed.
fn balanced(name: &str) -> bool {
    let opens = name.chars().filter(|ch| matches!(ch, '(' | '（')).count();
    let closes = name.chars().filter(|ch| matches!(ch, ')' | '）')).count();
    opens == closes
}

#[cfg(test)]
mod tests {
    use super::super::tests::names_by_rule;
    use super::*;

    #[test]
    fn place_name_and_suffix() {
        let found = names_by_rule("深圳市南山区科技创新局发布通知。", RULE_SUFFIX);
        assert_eq!(found, ["深圳市南山区科技创新局"]);
    }

    #[test]
    fn institute_of_an_academy() {
        let found = names_by_rule("仪器在中国科学院深圳先进技术研究院研制成功。", RULE_SUFFIX);
        assert_eq!(found, ["中国科学院深圳先进技术研究院"]);
    }

    #[test]
    fn brackets_inside_a_name() {
        let found = names_by_rule("共同打造北京大学深港（河套）科学创新中心。", RULE_SUFFIX);
        assert_eq!(found, ["北京大学", "北京大学深港（河套）科学创新中心"]);
    }

    #[test]
    fn generic_references_are_not_names() {
        for text in [
            "地方政府和上市公司积极参与。",
            "建设国家重点实验室。",
            "李四成立公司。",
            "中国公司和美国大学合作。",
        ] {
            assert!(names_by_rule(text, RULE_SUFFIX).is_empty(), "{text}");
        }
    }

    #[test]
    fn common_words_ending_in_a_suffix_are_not_names() {
        assert!(names_by_rule("深圳形成新格局，干部下沉东部。", RULE_SUFFIX).is_empty());
    }

    #[test]
    fn place_and_bare_suffix() {
        assert_eq!(
            names_by_rule("深圳大学教授指出。", RULE_SUFFIX),
            ["深圳大学"]
        );
        assert_eq!(names_by_rule("美国政府宣布。", RULE_SUFFIX), ["美国政府"]);
    }

    #[test]
    fn direction_words_may_start_a_name() {
        assert_eq!(
            names_by_rule("南方科技大学校长获奖。", RULE_SUFFIX),
            ["南方科技大学"]
        );
    }

    #[test]
    fn a_founding_word_alone_names_no_body() {
        assert!(names_by_rule("推进公立医院改革，发展国立大学。", RULE_SUFFIX).is_empty());
        assert_eq!(
            names_by_rule("私立东吴大学招生。", RULE_SUFFIX),
            ["私立东吴大学"]
        );
    }

    #[test]
    fn a_function_word_glued_onto_the_first_word_is_dropped() {
        assert_eq!(
            names_by_rule("本报告经立信会计师事务所审计。", RULE_SUFFIX),
            ["立信会计师事务所"]
        );
    }

    #[test]
    fn a_guild_is_an_association_whatever_its_trade() {
        let doc = "深圳市银行同业公会、香港保险业公会和香港总商会发表声明。";
        let found: Vec<(String, &str)> = super::super::tests::extract(doc)
            .into_iter()
            .map(|(name, org_type, _)| (name, org_type))
            .collect();
        assert_eq!(
            found,
            [
                ("深圳市银行同业公会".to_string(), "association"),
                ("香港保险业公会".to_string(), "association"),
                ("香港总商会".to_string(), "association"),
            ]
        );
    }

    #[test]
    fn a_bracketed_place_makes_a_registered_company_name() {
        assert_eq!(
            names_by_rule("华为技术（中国）有限公司发布公告。", RULE_SUFFIX),
            ["华为技术（中国）有限公司"]
        );
        assert!(names_by_rule("技术（中国）有限公司发布公告。", RULE_SUFFIX).is_empty());
    }

    #[test]
    fn media_names() {
        assert_eq!(
            names_by_rule("据中国新闻周刊报道。", RULE_SUFFIX),
            ["中国新闻周刊"]
        );
    }
}
