//! Matching predictions to gold mentions and counting: the arithmetic of `zhextract eval`.
//!
//! Per document and kind, predictions and gold mentions whose first line lies inside the
//! gold windows are matched one-to-one by original-byte overlap, greedily, largest overlap
//! first (ties: exact spans first, then file order). Required gold mentions are matched
//! first; an unmatched prediction that overlaps an optional gold mention is *ignored*
//! (neither a true nor a false positive), and an unmatched optional gold mention is not a
//! miss.
//!
//! Normalized values are compared field by field ([`value_fields`] decide whether a match is
//! "value-correct", [`attribute_fields`] are reported separately); a field the gold line
//! does not have is not scored.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::extract::MentionKind;
use crate::write::rows::{DocRows, SpanColumns};

/// How one normalized field is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// Numbers, equal within a relative tolerance of 1e-6.
    Number,
    /// Equal JSON values (strings, dates as `YYYY-MM-DD`, null).
    Exact,
    /// Strings, whitespace ignored, either containing the other (indicator subjects).
    Containment,
}

/// A field of a kind and how it is compared.
pub type FieldSpec = (&'static str, Comparison);

/// The fields that must all be right for a match to count as value-correct (strict F1).
#[must_use]
pub fn value_fields(kind: MentionKind) -> &'static [FieldSpec] {
    match kind {
        MentionKind::Indicator => &[("value", Comparison::Number), ("unit", Comparison::Exact)],
        MentionKind::Date => &[("start", Comparison::Exact), ("end", Comparison::Exact)],
        MentionKind::Organization => &[("name", Comparison::Exact)],
        _ => &[
            ("title", Comparison::Exact),
            ("policy_type", Comparison::Exact),
        ],
    }
}

/// Further fields whose accuracy among matches is reported, one figure each.
#[must_use]
pub fn attribute_fields(kind: MentionKind) -> &'static [FieldSpec] {
    match kind {
        MentionKind::Indicator => &[
            ("subject", Comparison::Containment),
            ("measure", Comparison::Exact),
            ("qualifier", Comparison::Exact),
            ("value_high", Comparison::Number),
        ],
        MentionKind::Date => &[("granularity", Comparison::Exact)],
        MentionKind::Organization => &[("org_type", Comparison::Exact)],
        _ => &[],
    }
}

/// A dataset row as the scorer sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// Its table.
    pub kind: MentionKind,
    /// Span columns (ids, bytes, lines, texts, rule).
    pub span: SpanColumns,
    /// Normalized values by gold field name (dates as `YYYY-MM-DD` strings).
    pub values: Map<String, Value>,
}

/// Every mention row of one document, as predictions.
#[must_use]
pub fn predictions(rows: &DocRows) -> Vec<Prediction> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let mut out = Vec::new();
    let mut push = |kind, span: &SpanColumns, values: Value| {
        let Value::Object(values) = values else {
            return;
        };
        out.push(Prediction {
            kind,
            span: span.clone(),
            values,
        });
    };
    for row in &rows.indicators {
        let values = json!({"value": row.value, "value_high": row.value_high, "unit": row.unit,
            "unit_text": row.unit_text, "qualifier": row.qualifier, "measure": row.measure,
            "subject": row.subject});
        push(MentionKind::Indicator, &row.span, values);
    }
    for row in &rows.dates {
        let values = json!({"start": date(row.start), "end": date(row.end),
            "granularity": row.granularity, "relative": row.relative});
        push(MentionKind::Date, &row.span, values);
    }
    for row in &rows.organizations {
        let values = json!({"name": row.name, "org_type": row.org_type});
        push(MentionKind::Organization, &row.span, values);
    }
    for row in &rows.policies {
        let values = json!({"title": row.title, "policy_type": row.policy_type,
            "issuer": row.issuer});
        push(MentionKind::Policy, &row.span, values);
    }
    out
}

/// Whether a predicted field equals the gold one; `None` when the gold line lacks the
/// field (not scored).
#[must_use]
pub fn field_right(
    gold: &Map<String, Value>,
    predicted: &Map<String, Value>,
    (name, comparison): FieldSpec,
) -> Option<bool> {
    let expected = gold.get(name)?;
    let got = predicted.get(name).unwrap_or(&Value::Null);
    Some(match comparison {
        Comparison::Exact => expected == got,
        Comparison::Number => match (expected.as_f64(), got.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(b.abs()),
            _ => expected.is_null() && got.is_null(),
        },
        Comparison::Containment => match (non_empty(expected), non_empty(got)) {
            (Some(a), Some(b)) => a.contains(&b) || b.contains(&a),
            (a, b) => a.is_none() && b.is_none(),
        },
    })
}

/// A string value without whitespace, `None` for null or empty.
fn non_empty(value: &Value) -> Option<String> {
    let text: String = value
        .as_str()?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (!text.is_empty()).then_some(text)
}

/// A `numerator / denominator` figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    /// How many were right.
    pub right: u64,
    /// How many were scored.
    pub scored: u64,
}

impl Ratio {
    /// Adds one scored item.
    pub fn add(&mut self, right: bool) {
        self.scored += 1;
        self.right += u64::from(right);
    }

    /// `right / scored`, `None` when nothing was scored.
    #[must_use]
    pub fn rate(self) -> Option<f64> {
        rate(self.right, self.scored)
    }
}

/// `numerator / denominator`, `None` for 0/0.
#[must_use]
pub fn rate(numerator: u64, denominator: u64) -> Option<f64> {
    #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// F1 from counts, `2·tp / (predicted + gold)`: the harmonic mean of precision and recall
/// when both are defined, 0 when nothing matched, `None` when there is neither gold nor a
/// prediction.
#[must_use]
pub fn f1(tp: u64, predicted: u64, gold: u64) -> Option<f64> {
    rate(2 * tp, predicted + gold)
}

/// Raw counts for one kind (or all kinds), summed over documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Required gold mentions inside the windows.
    pub gold: u64,
    /// Optional gold mentions inside the windows.
    pub gold_optional: u64,
    /// Predictions inside the windows that count (true + false positives).
    pub predicted: u64,
    /// Predictions overlapping only optional gold mentions (not counted).
    pub ignored: u64,
    /// Matched pairs.
    pub tp: u64,
    /// Matches with exactly the gold byte span.
    pub exact: u64,
    /// Matches whose [`value_fields`] are all right.
    pub value_right: u64,
    /// Per attribute: right among matches where gold has the field.
    pub attributes: BTreeMap<String, Ratio>,
}

impl Counts {
    /// Adds another document's (or kind's) counts.
    pub fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.gold_optional += other.gold_optional;
        self.predicted += other.predicted;
        self.ignored += other.ignored;
        self.tp += other.tp;
        self.exact += other.exact;
        self.value_right += other.value_right;
        for (name, ratio) in &other.attributes {
            let mine = self.attributes.entry(name.clone()).or_default();
            mine.right += ratio.right;
            mine.scored += ratio.scored;
        }
    }

    /// The derived figures.
    #[must_use]
    pub fn metrics(&self) -> Metrics {
        let precision = rate(self.tp, self.predicted);
        let recall = rate(self.tp, self.gold);
        let strict_precision = rate(self.value_right, self.predicted);
        let strict_recall = rate(self.value_right, self.gold);
        Metrics {
            precision,
            recall,
            f1: f1(self.tp, self.predicted, self.gold),
            exact_span_rate: rate(self.exact, self.tp),
            value_accuracy: rate(self.value_right, self.tp),
            strict_precision,
            strict_recall,
            strict_f1: f1(self.value_right, self.predicted, self.gold),
        }
    }
}

/// Precision, recall and the rest; `None` where the denominator is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// tp / predicted.
    pub precision: Option<f64>,
    /// tp / gold.
    pub recall: Option<f64>,
    /// Harmonic mean of the two.
    pub f1: Option<f64>,
    /// Exact spans among matches.
    pub exact_span_rate: Option<f64>,
    /// Value-correct matches among matches.
    pub value_accuracy: Option<f64>,
    /// Value-correct matches / predicted.
    pub strict_precision: Option<f64>,
    /// Value-correct matches / gold.
    pub strict_recall: Option<f64>,
    /// F1 counting only value-correct matches.
    pub strict_f1: Option<f64>,
}

/// A gold mention located in the file, ready to match.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldSpan {
    /// Its table.
    pub kind: MentionKind,
    /// First original byte.
    pub byte_start: u64,
    /// One past the last original byte.
    pub byte_end: u64,
    /// The gold `line`.
    pub line: u32,
    /// The mention's characters.
    pub text: String,
    /// Borderline mention.
    pub optional: bool,
    /// Normalized values (the gold line's other fields).
    pub values: Map<String, Value>,
}

/// The outcome of matching one kind in one document: indexes into the inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matching {
    /// (gold, prediction) pairs.
    pub pairs: Vec<(usize, usize)>,
    /// Required gold mentions left unmatched.
    pub missed: Vec<usize>,
    /// Predictions matched to nothing and overlapping no optional gold mention.
    pub spurious: Vec<usize>,
    /// Predictions overlapping only optional gold mentions.
    pub ignored: Vec<usize>,
}

fn overlap(a: (u64, u64), b: (u64, u64)) -> u64 {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Matches `gold` and `predicted` (one kind, one document, already restricted to the
/// windows) one-to-one, greedily by overlap size.
#[must_use]
pub fn match_spans(gold: &[GoldSpan], predicted: &[&Prediction]) -> Matching {
    let span_of = |p: &Prediction| (p.span.byte_start, p.span.byte_end);
    let mut candidates = Vec::new();
    for (g, gold_span) in gold.iter().enumerate().filter(|(_, g)| !g.optional) {
        let gold_bytes = (gold_span.byte_start, gold_span.byte_end);
        for (p, prediction) in predicted.iter().enumerate() {
            let shared = overlap(gold_bytes, span_of(prediction));
            if shared > 0 {
                let exact = gold_bytes == span_of(prediction);
                candidates.push((std::cmp::Reverse(shared), !exact, g, p));
            }
        }
    }
    candidates.sort_unstable();
    let mut gold_used = vec![false; gold.len()];
    let mut predicted_used = vec![false; predicted.len()];
    let mut matching = Matching::default();
    for (_, _, g, p) in candidates {
        if !gold_used[g] && !predicted_used[p] {
            gold_used[g] = true;
            predicted_used[p] = true;
            matching.pairs.push((g, p));
        }
    }
    matching.pairs.sort_unstable();
    matching.missed = (0..gold.len())
        .filter(|&g| !gold_used[g] && !gold[g].optional)
        .collect();
    for (p, prediction) in predicted
        .iter()
        .enumerate()
        .filter(|(p, _)| !predicted_used[*p])
    {
        let optional_overlap = gold
            .iter()
            .any(|g| g.optional && overlap((g.byte_start, g.byte_end), span_of(prediction)) > 0);
        if optional_overlap {
            matching.ignored.push(p);
        } else {
            matching.spurious.push(p);
        }
    }
    matching
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(start: u64, end: u64, optional: bool) -> GoldSpan {
        GoldSpan {
            kind: MentionKind::Indicator,
            byte_start: start,
            byte_end: end,
            line: 1,
            text: String::new(),
            optional,
            values: Map::new(),
        }
    }

    fn predicted(start: u64, end: u64) -> Prediction {
        Prediction {
            kind: MentionKind::Indicator,
            span: SpanColumns {
                doc_id: "a".into(),
                mention_id: format!("a#indicator:{start}-{end}"),
                sentence_id: 0,
                line_start: 1,
                line_end: 1,
                byte_start: start,
                byte_end: end,
                source_text: String::new(),
                text: String::new(),
                rule: "r".into(),
                span: crate::span::Span::default(),
            },
            values: Map::new(),
        }
    }

    #[test]
    fn greedy_one_to_one_by_overlap() {
        // Gold 0..10 and 20..30 (required), 40..50 optional.
        let gold = [gold(0, 10, false), gold(20, 30, false), gold(40, 50, true)];
        // p0 overlaps g0 by 2, p1 overlaps g0 by 10 (exact), p2 overlaps g1 by 5,
        // p3 overlaps only the optional one, p4 overlaps nothing.
        let preds = [
            predicted(8, 12),
            predicted(0, 10),
            predicted(25, 35),
            predicted(45, 48),
            predicted(60, 61),
        ];
        let refs: Vec<&Prediction> = preds.iter().collect();
        let m = match_spans(&gold, &refs);
        assert_eq!(m.pairs, vec![(0, 1), (1, 2)]);
        assert_eq!(m.missed, Vec::<usize>::new());
        assert_eq!(m.spurious, vec![0, 4]);
        assert_eq!(m.ignored, vec![3]);
    }

    #[test]
    fn fields_compare_by_kind() {
        let gold = json!({"value": 188_049_000_000.0, "unit": "CNY", "subject": "全社会研发投入",
            "qualifier": null});
        let got = json!({"value": 188_049_000_000.000_1, "unit": "CNY", "subject": "研发投入",
            "qualifier": "approx"});
        let (Value::Object(gold), Value::Object(got)) = (gold, got) else {
            unreachable!()
        };
        assert_eq!(
            field_right(&gold, &got, ("value", Comparison::Number)),
            Some(true)
        );
        assert_eq!(
            field_right(&gold, &got, ("subject", Comparison::Containment)),
            Some(true)
        );
        assert_eq!(
            field_right(&gold, &got, ("qualifier", Comparison::Exact)),
            Some(false)
        );
        assert_eq!(
            field_right(&gold, &got, ("measure", Comparison::Exact)),
            None
        );
    }

    #[test]
    fn metrics_handle_empty_denominators() {
        let counts = Counts {
            gold: 4,
            predicted: 0,
            ..Counts::default()
        };
        let metrics = counts.metrics();
        assert_eq!((metrics.precision, metrics.recall), (None, Some(0.0)));
        assert_eq!(metrics.f1, Some(0.0));
        assert_eq!(f1(0, 0, 0), None);
        // P = 1/2, R = 1/1: harmonic mean 2/3.
        assert_eq!(f1(1, 2, 1).map(|f| (f * 1e6).round()), Some(666_667.0));
    }
}
