//! Cross-document rules, checked as rows go by in table order with O(1) state: every table
//! sorted by (`doc_id`, `byte_start`, `byte_end`), and no `doc_id` twice in `documents`.
//! Per-document rules are [`super::check_document`]'s.

use super::report::{Problem, Report, Rule};
use crate::write::rows::{DocRows, DocumentRow};
use crate::write::Table;

/// Where each table's rows have got to: the previous row's sort key and the rows seen, so a
/// problem names its row in the table.
#[derive(Debug, Default)]
pub struct Sequence {
    tables: [Position; 6],
}

/// One table's previous key and row count.
#[derive(Debug, Default)]
struct Position {
    doc_id: String,
    bytes: (u64, u64),
    rows: u64,
}

impl Sequence {
    /// Observes one document's rows, in the order they are written.
    pub fn observe(&mut self, rows: &DocRows, report: &mut Report) {
        if let Some(document) = &rows.document {
            self.document(document, report);
        }
        for s in &rows.sentences {
            let id = || format!("{}#sentence:{}", s.doc_id, s.sentence_id);
            self.row(
                Table::Sentences,
                &s.doc_id,
                (s.byte_start, s.byte_end),
                id,
                report,
            );
        }
        let spans = [
            (
                Table::Indicators,
                rows.indicators.iter().map(|r| &r.span).collect::<Vec<_>>(),
            ),
            (Table::Dates, rows.dates.iter().map(|r| &r.span).collect()),
            (
                Table::Organizations,
                rows.organizations.iter().map(|r| &r.span).collect(),
            ),
            (
                Table::Policies,
                rows.policies.iter().map(|r| &r.span).collect(),
            ),
        ];
        for (table, spans) in spans {
            for s in spans {
                let id = || s.mention_id.clone();
                self.row(table, &s.doc_id, (s.byte_start, s.byte_end), id, report);
            }
        }
    }

    /// Observes the next `documents` row: its `doc_id` sorts after the previous one's.
    pub fn document(&mut self, document: &DocumentRow, report: &mut Report) {
        let position = &mut self.tables[0];
        let id = document.doc_id.as_str();
        let row = position.rows;
        position.rows += 1;
        let previous = position.doc_id.as_str();
        let problem =
            |rule, detail| Problem::at(Table::Documents, 0, Some(id.to_owned()), rule, detail);
        if row > 0 && previous == id {
            report.push(at_row(
                problem(Rule::DuplicateId, "doc_id occurs twice".to_owned()),
                row,
            ));
        } else if row > 0 && previous > id {
            let detail = format!("{id:?} sorts before the previous {previous:?}");
            report.push(at_row(problem(Rule::SortOrder, detail), row));
        }
        if previous != id {
            id.clone_into(&mut position.doc_id);
        }
    }

    fn row(
        &mut self,
        table: Table,
        doc_id: &str,
        bytes: (u64, u64),
        id: impl FnOnce() -> String,
        report: &mut Report,
    ) {
        let index = Table::ALL.iter().position(|&t| t == table).unwrap_or(0);
        let position = &mut self.tables[index];
        let row = position.rows;
        position.rows += 1;
        let previous = (position.doc_id.as_str(), position.bytes.0, position.bytes.1);
        let key = (doc_id, bytes.0, bytes.1);
        if row > 0 && key < previous {
            let detail = format!("{key:?} sorts before the previous row's {previous:?}");
            let problem = Problem::at(table, 0, Some(id()), Rule::SortOrder, detail);
            report.push(at_row(problem, row));
        }
        if position.doc_id != doc_id {
            doc_id.clone_into(&mut position.doc_id);
        }
        position.bytes = bytes;
    }
}

/// `problem` at row `row` of its table.
fn at_row(mut problem: Problem, row: u64) -> Problem {
    problem.row = Some(row);
    problem
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::rows::SentenceRow;

    fn document(doc_id: &str) -> DocumentRow {
        DocumentRow {
            doc_id: doc_id.to_owned(),
            source_path: doc_id.to_owned(),
            sha256: String::new(),
            bytes: 0,
            encoding: "UTF-8".to_owned(),
            script: "simplified".to_owned(),
            n_lines: 0,
            n_sentences: 0,
            doc_date: None,
            title: None,
            status: "ok".to_owned(),
            error: None,
            invalid_sequences: 0,
        }
    }

    fn sentence(doc_id: &str, byte_start: u64) -> SentenceRow {
        SentenceRow {
            doc_id: doc_id.to_owned(),
            sentence_id: 0,
            line_start: 1,
            line_end: 1,
            byte_start,
            byte_end: byte_start + 3,
            text: String::new(),
            tokens: Vec::new(),
            pos: Vec::new(),
            source_text: String::new(),
            artifact: false,
        }
    }

    #[test]
    fn order_and_duplicate_doc_ids_are_found_across_documents() {
        let mut sequence = Sequence::default();
        let mut report = Report::default();
        for doc_id in ["a", "b", "b", "a"] {
            sequence.document(&document(doc_id), &mut report);
        }
        let found: Vec<_> = report.problems.iter().map(|p| (p.rule, p.row)).collect();
        assert_eq!(
            found,
            [(Rule::DuplicateId, Some(2)), (Rule::SortOrder, Some(3))]
        );
    }

    #[test]
    fn rows_must_follow_doc_id_then_bytes() {
        let mut sequence = Sequence::default();
        let mut report = Report::default();
        let rows = |sentences| DocRows {
            sentences,
            ..DocRows::default()
        };
        sequence.observe(&rows(vec![sentence("a", 0), sentence("a", 6)]), &mut report);
        assert!(report.is_ok());
        sequence.observe(&rows(vec![sentence("b", 6), sentence("b", 0)]), &mut report);
        sequence.observe(&rows(vec![sentence("a", 9)]), &mut report);
        let found: Vec<_> = report.problems.iter().map(|p| (p.rule, p.row)).collect();
        assert_eq!(
            found,
            [(Rule::SortOrder, Some(3)), (Rule::SortOrder, Some(4))]
        );
    }
}
