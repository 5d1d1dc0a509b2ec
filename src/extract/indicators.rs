//! The indicators extractor (stub: filled by its owner).
use super::{ExtractContext, Extractor, MentionKind, Mentions};
use crate::rules::Rules;
use crate::segment::Segmented;

/// Finds indicators.
pub struct IndicatorExtractor {}

impl IndicatorExtractor {
    /// Compiles the extractor from the rules.
    #[must_use]
    pub fn new(_rules: &Rules) -> Self {
        Self {}
    }
}

impl Extractor for IndicatorExtractor {
    fn kind(&self) -> MentionKind {
        MentionKind::Indicator
    }

    fn extract(&self, _doc: &Segmented, _context: &ExtractContext, _found: &mut Mentions) {}
}
