//! Who issued a policy: the organization the same sentence says issued it, or the one the
//! title begins with. Organizations come from [`crate::extract::Mentions::organizations`] (their extractor
//! runs before this one).
//!
//! * Title: `《中共中央 国务院关于…的意见》` → `中共中央、国务院` (names before `关于`,
//!   joined with `、` when there are several).
//! * Before: `国务院（近日）印发（了）《…》` → `国务院`; `发改委、工信部联合印发《…》`
//!   → `发改委、工信部`.
//! * After: `《…》由国务院印发` → `国务院`.
//!
//! A place is no issuer (`深圳发布《…》` gives none).

use crate::extract::OrganizationMention;
use crate::rules::policies::IssuerRules;
use crate::span::Span;

/// Chars that may separate co-issuers.
const JOINERS: &[&str] = &["、", "和", "与", "及", " "];

/// The issuer of the policy at `span` (its text starts with `《` when it is a title);
/// `orgs` are the organizations lying inside `sentence`, in table order.
pub(super) fn issuer(
    text: &str,
    sentence: Span,
    span: Span,
    orgs: &[&OrganizationMention],
    rules: &IssuerRules,
) -> Option<String> {
    from_title(text, span, orgs)
        .or_else(|| before(text, sentence, span, orgs, rules))
        .or_else(|| after(text, sentence, span, orgs, rules))
}

/// Names opening a 《》 title and followed by `关于`.
fn from_title(text: &str, span: Span, orgs: &[&OrganizationMention]) -> Option<String> {
    if !text[span].starts_with('《') {
        return None;
    }
    let (names, end) = names_from(text, span.start() + '《'.len_utf8(), orgs);
    (!names.is_empty() && text[end..span.end()].starts_with("关于")).then(|| names.join("、"))
}

/// Names ending right before an issue verb that ends right before the policy.
fn before(
    text: &str,
    sentence: Span,
    span: Span,
    orgs: &[&OrganizationMention],
    rules: &IssuerRules,
) -> Option<String> {
    let head = &text[sentence.start()..span.start()];
    let head = head.strip_suffix('了').unwrap_or(head);
    let verb = rules
        .verbs
        .iter()
        .filter(|verb| head.ends_with(verb.as_str()))
        .max_by_key(|verb| verb.len())?;
    let mut end = sentence.start() + head.len() - verb.len();
    while let Some(word) = rules
        .between
        .iter()
        .find(|word| text[sentence.start()..end].ends_with(word.as_str()))
    {
        end -= word.len();
    }
    let names = names_until(text, end, orgs);
    (!names.is_empty()).then(|| names.join("、"))
}

/// `由` + names + issue verb right after the policy.
fn after(
    text: &str,
    sentence: Span,
    span: Span,
    orgs: &[&OrganizationMention],
    rules: &IssuerRules,
) -> Option<String> {
    // A title may run past its sentence (a `!` or `;` inside 《》): no issuer after it.
    let tail = text.get(span.end()..sentence.end())?;
    let skip = rules
        .between
        .iter()
        .find(|word| tail.starts_with(word.as_str()))
        .map_or(0, String::len);
    let start = span.end()
        + skip
        + text[span.end() + skip..sentence.end()]
            .strip_prefix('由')
            .map(|_| '由'.len_utf8())?;
    let (names, end) = names_from(text, start, orgs);
    let rest = &text[end..sentence.end()];
    let rest = rest.strip_prefix("联合").unwrap_or(rest);
    let issued = rules
        .verbs
        .iter()
        .any(|verb| rest.starts_with(verb.as_str()));
    (!names.is_empty() && issued).then(|| names.join("、"))
}

/// The organization names starting at `at`, joined by list marks; and where they end.
fn names_from(text: &str, mut at: usize, orgs: &[&OrganizationMention]) -> (Vec<String>, usize) {
    let mut names = Vec::new();
    let mut end = at;
    while let Some(org) = orgs.iter().find(|org| org.span.start() == at) {
        names.push(org.name.clone());
        end = org.span.end();
        at = end
            + JOINERS
                .iter()
                .find(|joiner| text[end..].starts_with(*joiner))
                .map_or(0, |joiner| joiner.len());
    }
    (names, end)
}

/// The organization names ending at `end`, joined by list marks, in text order.
fn names_until(text: &str, mut end: usize, orgs: &[&OrganizationMention]) -> Vec<String> {
    let mut names = Vec::new();
    while let Some(org) = orgs.iter().find(|org| org.span.end() == end) {
        names.insert(0, org.name.clone());
        let start = org.span.start();
        end = start
            - JOINERS
                .iter()
                .find(|joiner| text[..start].ends_with(*joiner))
                .map_or(0, |joiner| joiner.len());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::super::tests::extract_issuers;

    #[test]
    fn issuer_before_the_verb() {
        assert_eq!(
            extract_issuers("国务院近日印发《关于推动高质量发展的意见》。"),
            [Some("国务院".to_string())]
        );
        assert_eq!(
            extract_issuers("工信部、科技部联合印发了《促进产业发展行动计划》。"),
            [Some("工信部、科技部".to_string())]
        );
    }

    #[test]
    fn issuer_after_the_policy() {
        assert_eq!(
            extract_issuers("《深圳市科技创新条例》由深圳市人大常委会审议通过。"),
            [Some("深圳市人大常委会".to_string())]
        );
    }

    #[test]
    fn issuer_from_the_title() {
        let found = extract_issuers("2019年8月，《中共中央 国务院关于支持深圳建设中国特色社会主义先行示范区的意见》正式发布。");
        assert_eq!(found, [Some("中共中央、国务院".to_string())]);
    }

    #[test]
    fn a_place_is_no_issuer() {
        assert_eq!(
            extract_issuers("深圳先后发布《关于发展壮大战略性新兴产业集群的意见》。"),
            [None]
        );
    }
}
