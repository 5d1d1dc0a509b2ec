//! Rule tables for the dates extractor (stub: filled by the extractor's owner).
use super::RuleError;

/// Rule tables for the dates extractor.
#[derive(Clone, Debug, Default)]
pub struct DateRules {}

impl DateRules {
    /// The embedded tables.
    ///
    /// # Errors
    /// When an embedded table is broken.
    pub fn embedded() -> Result<Self, RuleError> {
        Ok(Self::default())
    }
}
