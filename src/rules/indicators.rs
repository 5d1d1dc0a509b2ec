//! Rule tables for the indicators extractor (stub: filled by the extractor's owner).
use super::RuleError;

/// Rule tables for the indicators extractor.
#[derive(Clone, Debug, Default)]
pub struct IndicatorRules {}

impl IndicatorRules {
    /// The embedded tables.
    ///
    /// # Errors
    /// When an embedded table is broken.
    pub fn embedded() -> Result<Self, RuleError> {
        Ok(Self::default())
    }
}
