//! Scoring one document: locate its gold mentions, restrict gold and predictions to the
//! windows, match per kind, count, and record what went wrong (misses, spurious rows, wrong
//! values, inexact spans) for `--errors`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::gold::GoldFile;
use super::locate::SourceText;
use super::score::{
    attribute_fields, field_right, match_spans, predictions, value_fields, Counts, FieldSpec,
    GoldSpan, Matching, Prediction,
};
use crate::extract::MentionKind;
use crate::write::rows::DocRows;

/// What kind of error a [`Finding`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A required gold mention no prediction overlaps (a false negative).
    Missed,
    /// A prediction that overlaps no gold mention (a false positive).
    Spurious,
    /// A match whose normalized values are wrong.
    WrongValue,
    /// A match whose byte span is not exactly the gold one.
    SpanDiffers,
    /// A match whose further attributes (subject, measure, qualifier, type) differ.
    WrongAttribute,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 5] = [
        Category::Missed,
        Category::Spurious,
        Category::WrongValue,
        Category::SpanDiffers,
        Category::WrongAttribute,
    ];

    /// The heading used in text reports.
    #[must_use]
    pub fn heading(self) -> &'static str {
        match self {
            Category::Missed => "missed (gold mention not predicted)",
            Category::Spurious => "spurious (predicted, not in gold)",
            Category::WrongValue => "wrong values (matched, normalized values differ)",
            Category::SpanDiffers => "span differs (matched, not the exact gold span)",
            Category::WrongAttribute => "wrong attributes (matched, subject/measure/type… differ)",
        }
    }
}

/// One error, with enough to find it in the file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// What went wrong.
    pub category: Category,
    /// The document.
    pub doc_id: String,
    /// `indicator`, `date`, `organization` or `policy`.
    pub kind: &'static str,
    /// 1-based line where the mention starts.
    pub line: u32,
    /// The gold mention's text, if one is involved.
    pub gold_text: Option<String>,
    /// The prediction's `source_text`, if one is involved.
    pub predicted_text: Option<String>,
    /// The prediction's rule.
    pub rule: Option<String>,
    /// The prediction's `mention_id` (for `zhextract show`).
    pub mention_id: Option<String>,
    /// For wrong values: `field: gold … got …`, separated by `; `.
    pub detail: Option<String>,
}

/// The outcome for one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentScore {
    /// Counts per kind.
    pub counts: BTreeMap<MentionKind, Counts>,
    /// Every error found.
    pub findings: Vec<Finding>,
    /// Gold lines that could not be located (or were found on another line).
    pub problems: Vec<String>,
}

/// Scores `rows` (one document's dataset rows) against `gold`, locating gold text in
/// `source` (the document's original file).
#[must_use]
pub fn score_document(gold: &GoldFile, source: &SourceText, rows: &DocRows) -> DocumentScore {
    let mut score = DocumentScore::default();
    let gold_spans = locate_all(gold, source, &mut score.problems);
    let predicted = predictions(rows);
    let doc_id = rows
        .document
        .as_ref()
        .map_or_else(|| gold.header.doc.clone(), |d| d.doc_id.clone());
    for kind in MentionKind::ALL {
        let gold_of_kind: Vec<GoldSpan> = gold_spans
            .iter()
            .filter(|g| g.kind == kind && gold.header.in_windows(g.line))
            .cloned()
            .collect();
        let predicted_of_kind: Vec<&Prediction> = predicted
            .iter()
            .filter(|p| p.kind == kind && gold.header.in_windows(p.span.line_start))
            .collect();
        let matching = match_spans(&gold_of_kind, &predicted_of_kind);
        let scorer = KindScorer {
            kind,
            doc_id: &doc_id,
            gold: &gold_of_kind,
            predicted: &predicted_of_kind,
        };
        score.counts.insert(kind, scorer.count(&matching));
        score.findings.extend(scorer.findings(&matching));
    }
    score.findings.sort_by_key(|a| (a.line, a.category));
    score
}

/// Locates every gold mention; the ones that cannot be located become problems.
fn locate_all(gold: &GoldFile, source: &SourceText, problems: &mut Vec<String>) -> Vec<GoldSpan> {
    let mut spans = Vec::new();
    for mention in &gold.mentions {
        let at = format!("{}:{}", gold.path.display(), mention.gold_line);
        match source.locate(mention.line, &mention.text, mention.mention_text()) {
            Ok(location) => {
                if location.line != mention.line {
                    problems.push(format!(
                        "{at}: {:?} found on line {}, not on line {}",
                        mention.text, location.line, mention.line
                    ));
                }
                spans.push(GoldSpan {
                    kind: mention.kind,
                    byte_start: location.byte_start,
                    byte_end: location.byte_end,
                    line: mention.line,
                    text: mention.mention_text().to_owned(),
                    optional: mention.optional,
                    values: mention.fields.clone(),
                });
            }
            Err(message) => problems.push(format!("{at}: {message}; mention not scored")),
        }
    }
    spans
}

/// Counting and error listing for one kind of one document.
struct KindScorer<'a> {
    kind: MentionKind,
    doc_id: &'a str,
    gold: &'a [GoldSpan],
    predicted: &'a [&'a Prediction],
}

impl KindScorer<'_> {
    fn count(&self, matching: &Matching) -> Counts {
        let mut counts = Counts {
            gold: self.gold.iter().filter(|g| !g.optional).count() as u64,
            gold_optional: self.gold.iter().filter(|g| g.optional).count() as u64,
            predicted: (matching.pairs.len() + matching.spurious.len()) as u64,
            ignored: matching.ignored.len() as u64,
            tp: matching.pairs.len() as u64,
            ..Counts::default()
        };
        for &(g, p) in &matching.pairs {
            let (gold, predicted) = (&self.gold[g], self.predicted[p]);
            counts.exact += u64::from(
                (gold.byte_start, gold.byte_end)
                    == (predicted.span.byte_start, predicted.span.byte_end),
            );
            counts.value_right += u64::from(self.wrong_values(gold, predicted).is_empty());
            for &field in attribute_fields(self.kind) {
                if let Some(right) = field_right(&gold.values, &predicted.values, field) {
                    counts
                        .attributes
                        .entry(field.0.to_owned())
                        .or_default()
                        .add(right);
                }
            }
        }
        counts
    }

    /// `field: gold X, got Y` for every value field that is wrong.
    fn wrong_values(&self, gold: &GoldSpan, predicted: &Prediction) -> Vec<String> {
        wrong_fields(value_fields(self.kind), gold, predicted)
    }

    fn findings(&self, matching: &Matching) -> Vec<Finding> {
        let mut out: Vec<Finding> = matching
            .missed
            .iter()
            .map(|&g| self.finding(Category::Missed, Some(&self.gold[g]), None, None))
            .collect();
        for &p in &matching.spurious {
            out.push(self.finding(Category::Spurious, None, Some(self.predicted[p]), None));
        }
        for &(g, p) in &matching.pairs {
            out.extend(self.match_findings(&self.gold[g], self.predicted[p]));
        }
        out
    }

    /// Wrong values, inexact span and wrong attributes of one matched pair.
    fn match_findings(&self, gold: &GoldSpan, predicted: &Prediction) -> Vec<Finding> {
        let mut out = Vec::new();
        let wrong = self.wrong_values(gold, predicted);
        if !wrong.is_empty() {
            let detail = Some(wrong.join("; "));
            out.push(self.finding(Category::WrongValue, Some(gold), Some(predicted), detail));
        }
        let predicted_span = (predicted.span.byte_start, predicted.span.byte_end);
        if (gold.byte_start, gold.byte_end) != predicted_span {
            out.push(self.finding(Category::SpanDiffers, Some(gold), Some(predicted), None));
        }
        let wrong = wrong_fields(attribute_fields(self.kind), gold, predicted);
        if !wrong.is_empty() {
            let detail = Some(wrong.join("; "));
            out.push(self.finding(
                Category::WrongAttribute,
                Some(gold),
                Some(predicted),
                detail,
            ));
        }
        out
    }

    fn finding(
        &self,
        category: Category,
        gold: Option<&GoldSpan>,
        predicted: Option<&Prediction>,
        detail: Option<String>,
    ) -> Finding {
        let line = gold.map_or_else(|| predicted.map_or(0, |p| p.span.line_start), |g| g.line);
        Finding {
            category,
            doc_id: self.doc_id.to_owned(),
            kind: self.kind.as_str(),
            line,
            gold_text: gold.map(|g| g.text.clone()),
            predicted_text: predicted.map(|p| p.span.source_text.clone()),
            rule: predicted.map(|p| p.span.rule.clone()),
            mention_id: predicted.map(|p| p.span.mention_id.clone()),
            detail,
        }
    }
}

/// `field: gold X, got Y` for every field of `fields` that is wrong.
fn wrong_fields(fields: &[FieldSpec], gold: &GoldSpan, predicted: &Prediction) -> Vec<String> {
    fields
        .iter()
        .filter(|&&field| field_right(&gold.values, &predicted.values, field) == Some(false))
        .map(|&(name, _)| {
            let expected = gold.values.get(name).map_or_else(String::new, show);
            let got = predicted.values.get(name).map_or_else(String::new, show);
            format!("{name}: gold {expected}, got {got}")
        })
        .collect()
}

/// A JSON value as a reader wants it: strings unquoted, `null` for null.
#[must_use]
pub fn show(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
