//! The currency a bare `元` means in one document: a Traditional-script document that
//! names exactly one local currency (`港元`, `新台币`, `澳门元`) and its place (`香港`),
//! and never the home one (`人民币`), writes its amounts in that currency (`1,016亿元` in
//! a Hong Kong budget speech is HKD), not in yuan.
//!
//! A per-document pass of [`super::IndicatorExtractor`] (stage 3, extract): it reads the
//! whole normalized text once, before the sentences. The words come from the unit and
//! prefix-currency tables; `local_currencies` lists the local ISO codes and their places.

use super::Quantity;
use crate::normalize::DocumentScript;
use crate::rules::indicators::IndicatorRules;

/// Rule name of a quantity whose currency was written before the number: it keeps it.
const RULE_CURRENCY_PREFIX: &str = "indicator_currency_prefix";

/// One local currency: its ISO code, the words naming it (`港元`, `港币`, `HK$`) and the
/// places it is the money of (`香港`).
#[derive(Debug)]
struct Local {
    iso: String,
    words: Vec<String>,
    places: Vec<String>,
}

/// The words naming each local currency and the home one, from the rule tables.
#[derive(Debug)]
pub(super) struct DocumentCurrency {
    /// Local currencies with the places they belong to.
    local: Vec<Local>,
    /// Words naming the home currency outright (`人民币`, `RMB`), not the generic `元`.
    home_words: Vec<String>,
    /// The home ISO code (the canonical unit of the generic currency words).
    home: Option<String>,
    /// Generic currency words (`元`) whose currency the document decides.
    generic: Vec<String>,
}

impl DocumentCurrency {
    /// Collects the words from the unit and prefix-currency tables.
    pub(super) fn new(rules: &IndicatorRules) -> Self {
        let generic = rules.grammar.generic_currency.clone();
        let home = rules
            .unit_words()
            .find(|(word, _)| generic.iter().any(|generic| generic == word))
            .map(|(_, unit)| unit.to_string());
        let words_of = |iso: &str| -> Vec<String> {
            let units = rules.units.get(iso).into_iter().flatten();
            let prefixes = rules
                .prefix_currencies
                .iter()
                .filter(|(_, code)| code.as_str() == iso)
                .map(|(word, _)| word);
            units
                .chain(prefixes)
                .filter(|word| !generic.contains(word))
                .cloned()
                .collect()
        };
        let local = rules
            .local_currencies
            .iter()
            .map(|(iso, places)| Local {
                iso: iso.clone(),
                words: words_of(iso),
                places: places.clone(),
            })
            .collect();
        let home_words = home.as_deref().map(words_of).unwrap_or_default();
        Self {
            local,
            home_words,
            home,
            generic,
        }
    }

    /// The currency bare `元` means in a document of this script and text: the one local
    /// currency a Traditional document names along with its place, when it never names
    /// the home currency.
    pub(super) fn of_document<'a>(&'a self, script: DocumentScript, text: &str) -> Option<&'a str> {
        if script != DocumentScript::Traditional {
            return None;
        }
        let mentions = |words: &[String]| words.iter().any(|word| text.contains(word.as_str()));
        if mentions(&self.home_words) {
            return None;
        }
        let mut locals = self.local.iter().filter(|local| mentions(&local.words));
        match (locals.next(), locals.next()) {
            (Some(local), None) if mentions(&local.places) => Some(local.iso.as_str()),
            _ => None,
        }
    }

    /// Gives a quantity in the generic currency word (`亿元`, no prefix) the document's
    /// currency.
    pub(super) fn apply(&self, quantity: &mut Quantity, currency: &str) {
        let generic = quantity.rule != RULE_CURRENCY_PREFIX
            && self.home.as_deref() == Some(quantity.unit.as_str())
            && self
                .generic
                .iter()
                .any(|word| quantity.unit_text.ends_with(word.as_str()));
        if generic {
            quantity.unit = currency.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn currency() -> DocumentCurrency {
        DocumentCurrency::new(&IndicatorRules::embedded().unwrap())
    }

    fn quantity(unit: &str, unit_text: &str, rule: &'static str) -> Quantity {
        Quantity {
            span: Span::new(0, 1),
            core_start: 0,
            written_start: 0,
            value: 1.0,
            value_high: None,
            unit: unit.to_string(),
            unit_text: unit_text.to_string(),
            inside: None,
            rule,
        }
    }

    #[test]
    fn one_local_currency_named_in_a_traditional_document() {
        let currency = currency();
        let text = "香港预算盈余120亿元，另发行30亿港元债券。";
        assert_eq!(
            currency.of_document(DocumentScript::Traditional, text),
            Some("HKD")
        );
        assert_eq!(currency.of_document(DocumentScript::Simplified, text), None);
        let text = "台湾税收120亿元，约合新台币5亿元。";
        assert_eq!(
            currency.of_document(DocumentScript::Traditional, text),
            Some("TWD")
        );
    }

    #[test]
    fn home_currency_or_two_local_ones_keep_yuan() {
        let currency = currency();
        for text in [
            "香港企业投资8亿元人民币，另募集3亿港元。",
            "香港与台湾：港商投资5亿港元，台商投资2亿新台币。",
            "营收1亿元，合同港资港币3亿元。",
            "香港营收1亿元。",
        ] {
            assert_eq!(
                currency.of_document(DocumentScript::Traditional, text),
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn only_generic_yuan_without_prefix_changes() {
        let currency = currency();
        let mut bare = quantity("CNY", "亿元", "indicator_number_unit");
        currency.apply(&mut bare, "HKD");
        assert_eq!(bare.unit, "HKD");
        let mut prefixed = quantity("CNY", "人民币亿元", RULE_CURRENCY_PREFIX);
        currency.apply(&mut prefixed, "HKD");
        assert_eq!(prefixed.unit, "CNY");
        let mut dollars = quantity("USD", "亿美元", "indicator_number_unit");
        currency.apply(&mut dollars, "HKD");
        assert_eq!(dollars.unit, "USD");
        let mut explicit = quantity("CNY", "元人民币", "indicator_number_unit");
        currency.apply(&mut explicit, "HKD");
        assert_eq!(explicit.unit, "CNY");
    }
}
