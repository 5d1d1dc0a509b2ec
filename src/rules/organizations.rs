//! Rule tables for the organizations extractor (stub: filled by the extractor's owner).
use super::RuleError;

/// Organization gazetteer and suffixes.
#[derive(Clone, Debug, Default)]
pub struct OrganizationRules {}

impl OrganizationRules {
    /// The embedded tables.
    ///
    /// # Errors
    /// When an embedded table is broken.
    pub fn embedded() -> Result<Self, RuleError> {
        Ok(Self::default())
    }

    /// Adds the entries of a gazetteer file's text.
    ///
    /// # Errors
    /// When the text is not a valid gazetteer.
    pub fn extend_gazetteer(&mut self, _text: &str, _origin: &str) -> Result<(), RuleError> {
        Ok(())
    }

    /// Words to add to jieba's user dictionary so segmentation keeps known names whole:
    /// (word, optional frequency, optional POS tag).
    pub fn dictionary_words(&self) -> impl Iterator<Item = (&str, Option<usize>, Option<&str>)> {
        std::iter::empty()
    }
}
