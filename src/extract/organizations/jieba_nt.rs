//! Signal 3, rule `org_jieba_nt`: words jieba tags `nt` (organization), e.g. `国务院`,
//! `深圳大学`, `民政局`, `新华社`.
//!
//! jieba's dictionary tags many non-names `nt` too (`新兴产业`, `国际化`, `中西部`), so a
//! word is kept only when its ending is an organizational suffix or one of the `nt`
//! endings of `organizations.toml` (which also give its kind), and it is no generic
//! reference, zone or common word.

use super::lexicon::{chars, word, Lexicon};
use super::{Candidate, View, RULE_JIEBA_NT};

/// `nt` words of one sentence that look like names.
pub(super) fn find(view: &View<'_>, lexicon: &Lexicon) -> Vec<Candidate> {
    view.tokens
        .iter()
        .filter(|token| token.pos == "nt")
        .filter_map(|token| {
            let text = word(view.text, token);
            let org_type = lexicon.nt_type_of(text)?;
            let keep = chars(text) >= 2
                && !lexicon.is_generic(text)
                && !lexicon.is_zone(text)
                && !lexicon.is_common_word(text, 0)
                && !vague_place_and_suffix(text, lexicon)
                && !view.continues_as_zone(token.span.end(), text, lexicon);
            keep.then(|| Candidate::new(token.span, RULE_JIEBA_NT, org_type))
        })
        .collect()
}

/// True for a vague place plus a non-government suffix (`美国大学`, `中国公司`), or a
/// founding word plus a suffix (`公立医院`, `国立大学`).
fn vague_place_and_suffix(text: &str, lexicon: &Lexicon) -> bool {
    lexicon.suffix_of(text).is_some_and(|suffix| {
        let prefix = &text[..text.len() - suffix.suffix.len()];
        let vague = lexicon.is_vague_place(prefix)
            && suffix.org_type != crate::extract::OrgType::Government;
        vague || lexicon.is_founding_prefix(prefix)
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{names_by_rule, plain_names_by_rule};
    use super::*;

    #[test]
    fn keeps_organization_words() {
        let found = plain_names_by_rule(
            "国务院和深圳大学、民政局、新华社都发了消息。",
            RULE_JIEBA_NT,
        );
        assert_eq!(found, ["国务院", "深圳大学", "民政局", "新华社"]);
    }

    #[test]
    fn drops_words_jieba_mistags() {
        let text = "新兴产业走向国际化，中西部地区和上市公司、美国大学参与。";
        assert!(plain_names_by_rule(text, RULE_JIEBA_NT).is_empty());
    }

    #[test]
    fn gazetteer_names_are_nt_in_the_pipeline_dictionary() {
        assert_eq!(
            names_by_rule("南山区科技创新局发文。", RULE_JIEBA_NT),
            ["科技创新局"]
        );
    }
}
