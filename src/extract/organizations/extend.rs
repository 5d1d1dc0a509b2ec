//! What runs on after a name found by the gazetteer or the suffix grammar and still
//! belongs to it (part of the organizations extractor, `extract` stage):
//!
//! * a bracketed legal form or group mark (`legal_form_brackets` in `organizations.toml`):
//!   `某某会计师事务所（特殊普通合伙）`, `某某控股（集团）`; after a company, a bracketed
//!   place too: `某某科技（深圳）`;
//! * then a sub-unit, after at most two places (`subunit_endings`): `人民银行` + `深圳` +
//!   `分行`, `某某银行股份有限公司` + `杭州` + `分行`.

use super::lexicon::{word, Lexicon};
use super::View;
use crate::extract::OrgType;

/// Most places between a name and its sub-unit (`人民银行` `广东` `深圳` `分行`).
const MAX_SUBUNIT_PLACES: usize = 2;

/// Longest bracketed legal form or place, in chars.
const MAX_BRACKET_CHARS: usize = 8;

/// Where a name of kind `org_type` ending at `end` ends once a bracketed legal form and a
/// sub-unit after it are included, and its kind then: a sub-unit with an organizational
/// ending has its own kind (`微软` + `亚洲研究院` is an institute).
pub(super) fn run_on(
    view: &View<'_>,
    end: usize,
    org_type: OrgType,
    lexicon: &Lexicon,
) -> (usize, OrgType) {
    let end = legal_form_end(view, end, org_type, lexicon);
    match subunit_end(view, end, lexicon) {
        unit_end if unit_end > end => {
            let unit = lexicon.suffix_of(&view.text[end..unit_end]);
            (unit_end, unit.map_or(org_type, |suffix| suffix.org_type))
        }
        _ => (end, org_type),
    }
}

/// Where the name ends once a bracketed legal form right after it is included
/// (`（特殊普通合伙）`, `（集团）`; after a company or other body also a place: `（中国）`).
fn legal_form_end(view: &View<'_>, end: usize, org_type: OrgType, lexicon: &Lexicon) -> usize {
    let rest = &view.text[end..view.span.end()];
    let Some(open) = rest.chars().next().filter(|ch| matches!(ch, '（' | '(')) else {
        return end;
    };
    let inside = &rest[open.len_utf8()..];
    let Some(close_at) = inside.find(['）', ')']) else {
        return end;
    };
    let inner = &inside[..close_at];
    if inner.is_empty() || inner.chars().count() > MAX_BRACKET_CHARS || inner.contains(['（', '('])
    {
        return end;
    }
    let inner_start = end + open.len_utf8();
    let place = matches!(org_type, OrgType::Company | OrgType::Other)
        && view
            .token_starting_at(inner_start)
            .map(|index| &view.tokens[index])
            .is_some_and(|token| {
                token.span.end() == inner_start + inner.len()
                    && lexicon.is_place(word(view.text, token), token.pos)
            });
    if !(place || lexicon.is_legal_form(inner)) {
        return end;
    }
    let close = inside[close_at..].chars().next().map_or(0, char::len_utf8);
    inner_start + inner.len() + close
}

/// Where a name ends once a sub-unit after it is included: optional places, then a
/// sub-unit word ending a jieba word (`人民银行` + `深圳` + `分行`, `经济部` + `统计处`).
pub(super) fn subunit_end(view: &View<'_>, end: usize, lexicon: &Lexicon) -> usize {
    let Some(mut index) = view.token_starting_at(end) else {
        return end;
    };
    let mut at = end;
    for places in 0..=MAX_SUBUNIT_PLACES {
        let rest = &view.text[at..view.span.end()];
        if let Some(unit) = lexicon.subunit_at(rest) {
            if view.is_word_end(at + unit.len()) {
                return at + unit.len();
            }
        }
        let Some(token) = view.tokens.get(index) else {
            break;
        };
        if places == MAX_SUBUNIT_PLACES || !lexicon.is_place(word(view.text, token), token.pos) {
            break;
        }
        at = token.span.end();
        index += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::super::tests::extract_names;

    #[test]
    fn a_bracketed_legal_form_belongs_to_the_name() {
        assert_eq!(
            extract_names("年报由大华会计师事务所（特殊普通合伙）出具。"),
            ["大华会计师事务所（特殊普通合伙）"]
        );
        assert_eq!(
            extract_names("该基金由红杉资本管理有限公司（有限合伙）设立。"),
            ["红杉资本管理有限公司（有限合伙）"]
        );
    }

    #[test]
    fn other_brackets_stay_outside() {
        let found = extract_names("深圳市人民政府（以下简称市政府）发布通知。");
        assert_eq!(found.first().map(String::as_str), Some("深圳市人民政府"));
        let found = extract_names("清华大学（北京）招生。");
        assert_eq!(found, ["清华大学"]);
    }

    #[test]
    fn a_company_name_runs_on_over_a_place_and_a_branch() {
        assert_eq!(
            extract_names("公司向中国工商银行股份有限公司杭州分行申请贷款。"),
            ["中国工商银行股份有限公司杭州分行"]
        );
    }
}
