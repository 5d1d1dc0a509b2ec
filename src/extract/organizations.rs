//! The organizations extractor (stub: filled by its owner).
use super::{ExtractContext, Extractor, MentionKind, Mentions};
use crate::rules::Rules;
use crate::segment::Segmented;

/// Finds organizations.
pub struct OrganizationExtractor {}

impl OrganizationExtractor {
    /// Compiles the extractor from the rules.
    #[must_use]
    pub fn new(_rules: &Rules) -> Self {
        Self {}
    }
}

impl Extractor for OrganizationExtractor {
    fn kind(&self) -> MentionKind {
        MentionKind::Organization
    }

    fn extract(&self, _doc: &Segmented, _context: &ExtractContext, _found: &mut Mentions) {}
}
