//! The policies extractor (stub: filled by its owner).
use super::{ExtractContext, Extractor, MentionKind, Mentions};
use crate::rules::Rules;
use crate::segment::Segmented;

/// Finds policies.
pub struct PolicyExtractor {}

impl PolicyExtractor {
    /// Compiles the extractor from the rules.
    #[must_use]
    pub fn new(_rules: &Rules) -> Self {
        Self {}
    }
}

impl Extractor for PolicyExtractor {
    fn kind(&self) -> MentionKind {
        MentionKind::Policy
    }

    fn extract(&self, _doc: &Segmented, _context: &ExtractContext, _found: &mut Mentions) {}
}
