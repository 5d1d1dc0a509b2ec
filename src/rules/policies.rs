//! Rule tables for the policies extractor (stub: filled by the extractor's owner).
use super::RuleError;

/// Rule tables for the policies extractor.
#[derive(Clone, Debug, Default)]
pub struct PolicyRules {}

impl PolicyRules {
    /// The embedded tables.
    ///
    /// # Errors
    /// When an embedded table is broken.
    pub fn embedded() -> Result<Self, RuleError> {
        Ok(Self::default())
    }
}
