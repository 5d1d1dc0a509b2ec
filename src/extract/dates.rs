//! The dates extractor (stub: filled by its owner).
use super::{ExtractContext, Extractor, MentionKind, Mentions};
use crate::rules::Rules;
use crate::segment::Segmented;

/// Finds dates.
pub struct DateExtractor {}

impl DateExtractor {
    /// Compiles the extractor from the rules.
    #[must_use]
    pub fn new(_rules: &Rules) -> Self {
        Self {}
    }
}

impl Extractor for DateExtractor {
    fn kind(&self) -> MentionKind {
        MentionKind::Date
    }

    fn extract(&self, _doc: &Segmented, _context: &ExtractContext, _found: &mut Mentions) {}
}

/// The document's own date (stub until the dates extractor lands).
#[must_use]
pub fn find_document_date(_doc: &Segmented) -> Option<chrono::NaiveDate> {
    None
}
