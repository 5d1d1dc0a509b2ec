//! Typed rows from frames: a table (or one row group of it) read as the row structs the
//! writer took, with Polars errors turned into [`ReadError`]s naming the column and row.

use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::{Column, DataFrame, PolarsError};

use super::ReadError;
use crate::span::Span;
use crate::write::rows::{
    DateRow, DocRows, DocumentRow, IndicatorRow, OrganizationRow, PolicyRow, SentenceRow,
    SpanColumns,
};
use crate::write::Table;

/// One table's rows read from `data` (all of the table, or one row group of it), as the
/// typed accessors read them: `documents` rows in the first element, the other tables' in
/// the matching field of the second. `dir` only names the dataset in errors.
///
/// # Errors
/// [`ReadError::Column`] or [`ReadError::Null`] when the rows break the schema.
pub fn table_rows(
    dir: &Path,
    table: Table,
    data: &DataFrame,
) -> Result<(Vec<DocumentRow>, DocRows), ReadError> {
    let f = Frame { dir, table, data };
    let mut rows = DocRows::default();
    let mut documents = Vec::new();
    match table {
        Table::Documents => documents = documents_of(&f)?,
        Table::Sentences => rows.sentences = sentences_of(&f)?,
        Table::Indicators => rows.indicators = indicators_of(&f)?,
        Table::Dates => rows.dates = dates_of(&f)?,
        Table::Organizations => rows.organizations = organizations_of(&f)?,
        Table::Policies => rows.policies = policies_of(&f)?,
    }
    Ok((documents, rows))
}

pub(super) fn documents_of(f: &Frame<'_>) -> Result<Vec<DocumentRow>, ReadError> {
    let (doc_id, source_path, sha256) =
        (f.text("doc_id")?, f.text("source_path")?, f.text("sha256")?);
    let (bytes, encoding, script) = (f.u64("bytes")?, f.text("encoding")?, f.text("script")?);
    let (n_lines, n_sentences, doc_date) = (
        f.u32("n_lines")?,
        f.u32("n_sentences")?,
        f.date("doc_date")?,
    );
    let (title, status, error) = (
        f.optional_text("title")?,
        f.text("status")?,
        f.optional_text("error")?,
    );
    let invalid_sequences = f.u64("invalid_sequences")?;
    Ok((0..f.height())
        .map(|i| DocumentRow {
            doc_id: doc_id[i].to_owned(),
            source_path: source_path[i].to_owned(),
            sha256: sha256[i].to_owned(),
            bytes: bytes[i],
            encoding: encoding[i].to_owned(),
            script: script[i].to_owned(),
            n_lines: n_lines[i],
            n_sentences: n_sentences[i],
            doc_date: doc_date[i],
            title: title[i].map(str::to_owned),
            status: status[i].to_owned(),
            error: error[i].map(str::to_owned),
            invalid_sequences: invalid_sequences[i],
        })
        .collect())
}

pub(super) fn sentences_of(f: &Frame<'_>) -> Result<Vec<SentenceRow>, ReadError> {
    let (doc_id, sentence_id) = (f.text("doc_id")?, f.u32("sentence_id")?);
    let (line_start, line_end) = (f.u32("line_start")?, f.u32("line_end")?);
    let (byte_start, byte_end) = (f.u64("byte_start")?, f.u64("byte_end")?);
    let (text, tokens, pos) = (
        f.text("text")?,
        f.string_lists("tokens")?,
        f.string_lists("pos")?,
    );
    let (source_text, artifact) = (f.text("source_text")?, f.bool("artifact")?);
    let mut tokens = tokens.into_iter();
    let mut pos = pos.into_iter();
    Ok((0..f.height())
        .map(|i| SentenceRow {
            doc_id: doc_id[i].to_owned(),
            sentence_id: sentence_id[i],
            line_start: line_start[i],
            line_end: line_end[i],
            byte_start: byte_start[i],
            byte_end: byte_end[i],
            text: text[i].to_owned(),
            tokens: tokens.next().unwrap_or_default(),
            pos: pos.next().unwrap_or_default(),
            source_text: source_text[i].to_owned(),
            artifact: artifact[i],
        })
        .collect())
}

pub(super) fn indicators_of(f: &Frame<'_>) -> Result<Vec<IndicatorRow>, ReadError> {
    let spans = f.spans()?;
    let (value, value_high) = (f.f64("value")?, f.optional_f64("value_high")?);
    let (unit, unit_text) = (f.text("unit")?, f.text("unit_text")?);
    let (qualifier, measure) = (f.optional_text("qualifier")?, f.text("measure")?);
    let (subject, date_mention_id) = (
        f.optional_text("subject")?,
        f.optional_text("date_mention_id")?,
    );
    let (period_start, period_end) = (f.date("period_start")?, f.date("period_end")?);
    Ok(spans
        .into_iter()
        .enumerate()
        .map(|(i, span)| IndicatorRow {
            span,
            value: value[i],
            value_high: value_high[i],
            unit: unit[i].to_owned(),
            unit_text: unit_text[i].to_owned(),
            qualifier: qualifier[i].map(str::to_owned),
            measure: measure[i].to_owned(),
            subject: subject[i].map(str::to_owned),
            date_mention_id: date_mention_id[i].map(str::to_owned),
            period_start: period_start[i],
            period_end: period_end[i],
        })
        .collect())
}

pub(super) fn dates_of(f: &Frame<'_>) -> Result<Vec<DateRow>, ReadError> {
    let spans = f.spans()?;
    let (start, end, granularity) = (f.date("start")?, f.date("end")?, f.text("granularity")?);
    let (relative, reference_date) = (f.bool("relative")?, f.date("reference_date")?);
    Ok(spans
        .into_iter()
        .enumerate()
        .map(|(i, span)| DateRow {
            span,
            start: start[i],
            end: end[i],
            granularity: granularity[i].to_owned(),
            relative: relative[i],
            reference_date: reference_date[i],
        })
        .collect())
}

pub(super) fn organizations_of(f: &Frame<'_>) -> Result<Vec<OrganizationRow>, ReadError> {
    let spans = f.spans()?;
    let (name, org_type) = (f.text("name")?, f.text("org_type")?);
    Ok(spans
        .into_iter()
        .enumerate()
        .map(|(i, span)| OrganizationRow {
            span,
            name: name[i].to_owned(),
            org_type: org_type[i].to_owned(),
        })
        .collect())
}

pub(super) fn policies_of(f: &Frame<'_>) -> Result<Vec<PolicyRow>, ReadError> {
    let spans = f.spans()?;
    let (title, policy_type) = (f.text("title")?, f.text("policy_type")?);
    let (issuer, date_mention_id) = (
        f.optional_text("issuer")?,
        f.optional_text("date_mention_id")?,
    );
    Ok(spans
        .into_iter()
        .enumerate()
        .map(|(i, span)| PolicyRow {
            span,
            title: title[i].to_owned(),
            policy_type: policy_type[i].to_owned(),
            issuer: issuer[i].map(str::to_owned),
            date_mention_id: date_mention_id[i].map(str::to_owned),
        })
        .collect())
}

/// Typed column access for one table, turning Polars errors into [`ReadError`]s.
pub(super) struct Frame<'a> {
    pub(super) dir: &'a Path,
    pub(super) table: Table,
    pub(super) data: &'a DataFrame,
}

impl<'a> Frame<'a> {
    fn height(&self) -> usize {
        self.data.height()
    }

    fn column(&self, name: &'static str) -> Result<&'a Column, ReadError> {
        self.data
            .column(name)
            .map_err(|_| self.error(name, "missing".to_owned()))
    }

    fn error(&self, column: &'static str, detail: String) -> ReadError {
        ReadError::Column {
            path: self.dir.to_path_buf(),
            table: self.table,
            column,
            detail,
        }
    }

    fn typed<T>(&self, name: &'static str, result: Result<T, PolarsError>) -> Result<T, ReadError> {
        result.map_err(|error| self.error(name, error.to_string()))
    }

    fn required<T>(&self, name: &'static str, values: Vec<Option<T>>) -> Result<Vec<T>, ReadError> {
        values
            .into_iter()
            .enumerate()
            .map(|(row, value)| {
                value.ok_or_else(|| ReadError::Null {
                    path: self.dir.to_path_buf(),
                    table: self.table,
                    column: name,
                    row,
                })
            })
            .collect()
    }

    fn optional_text(&self, name: &'static str) -> Result<Vec<Option<&'a str>>, ReadError> {
        Ok(self.typed(name, self.column(name)?.str())?.iter().collect())
    }

    fn text(&self, name: &'static str) -> Result<Vec<&'a str>, ReadError> {
        self.required(name, self.optional_text(name)?)
    }

    fn u32(&self, name: &'static str) -> Result<Vec<u32>, ReadError> {
        let values = self.typed(name, self.column(name)?.u32())?.iter().collect();
        self.required(name, values)
    }

    fn u64(&self, name: &'static str) -> Result<Vec<u64>, ReadError> {
        let values = self.typed(name, self.column(name)?.u64())?.iter().collect();
        self.required(name, values)
    }

    fn optional_f64(&self, name: &'static str) -> Result<Vec<Option<f64>>, ReadError> {
        Ok(self.typed(name, self.column(name)?.f64())?.iter().collect())
    }

    fn f64(&self, name: &'static str) -> Result<Vec<f64>, ReadError> {
        self.required(name, self.optional_f64(name)?)
    }

    fn bool(&self, name: &'static str) -> Result<Vec<bool>, ReadError> {
        let values = self
            .typed(name, self.column(name)?.bool())?
            .iter()
            .collect();
        self.required(name, values)
    }

    fn date(&self, name: &'static str) -> Result<Vec<Option<NaiveDate>>, ReadError> {
        Ok(self
            .typed(name, self.column(name)?.date())?
            .as_date_iter()
            .collect())
    }

    fn string_lists(&self, name: &'static str) -> Result<Vec<Vec<String>>, ReadError> {
        let lists = self.typed(name, self.column(name)?.list())?;
        let mut out = Vec::with_capacity(lists.len());
        for (row, list) in lists.series_iter().enumerate() {
            let Some(list) = list else {
                let dir = self.dir.to_path_buf();
                return Err(ReadError::Null {
                    path: dir,
                    table: self.table,
                    column: name,
                    row,
                });
            };
            let strings = self.typed(name, list.str())?;
            out.push(
                strings
                    .iter()
                    .map(|s| s.unwrap_or_default().to_owned())
                    .collect(),
            );
        }
        Ok(out)
    }

    /// The span columns; the normalized [`Span`] is not stored, so it reads back as empty.
    fn spans(&self) -> Result<Vec<SpanColumns>, ReadError> {
        let (doc_id, mention_id, sentence_id) = (
            self.text("doc_id")?,
            self.text("mention_id")?,
            self.u32("sentence_id")?,
        );
        let (line_start, line_end) = (self.u32("line_start")?, self.u32("line_end")?);
        let (byte_start, byte_end) = (self.u64("byte_start")?, self.u64("byte_end")?);
        let (source_text, text, rule) = (
            self.text("source_text")?,
            self.text("text")?,
            self.text("rule")?,
        );
        Ok((0..self.height())
            .map(|i| SpanColumns {
                doc_id: doc_id[i].to_owned(),
                mention_id: mention_id[i].to_owned(),
                sentence_id: sentence_id[i],
                line_start: line_start[i],
                line_end: line_end[i],
                byte_start: byte_start[i],
                byte_end: byte_end[i],
                source_text: source_text[i].to_owned(),
                text: text[i].to_owned(),
                rule: rule[i].to_owned(),
                span: Span::default(),
            })
            .collect())
    }
}
