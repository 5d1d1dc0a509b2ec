//! Writing, reading back and validating datasets: schema and types as Polars (and, when
//! installed, pyarrow) see them, determinism, atomic publishing, and the validator catching
//! each class of broken row.

use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::{
    Column, DataFrame, DataType, IntoColumn, NamedFrom, ParquetReader, ParquetWriter, SerReader,
    Series,
};
use serde_json::json;
use zhextract::read::{parquet_metadata, Dataset};
use zhextract::span::Span;
use zhextract::validate::{self, Rule, SourceAccess};
use zhextract::write::rows::{
    DateRow, DocRows, DocumentRow, IndicatorRow, OrganizationRow, PolicyRow, SentenceRow,
    SpanColumns,
};
use zhextract::write::{DatasetWriter, Manifest, Table, WriteError, WriteOptions};

const DOC_A: &str = "2019年4月，全国GDP增长8.3%。\n国务院发布《关于促进发展的\n意见》。\n";
const DOC_C: &str = "第二份文件。\n";

/// UTF-8 only source access: the test stand-in for the pipeline's ingest/normalize.
struct Utf8Source {
    root: PathBuf,
}

impl SourceAccess for Utf8Source {
    fn file_bytes(&self, doc: &DocumentRow) -> Result<Vec<u8>, String> {
        let path = self.root.join(&doc.doc_id);
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn decode(&self, bytes: &[u8], _encoding: &str) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    fn normalize_fragment(&self, source_text: &str) -> String {
        source_text.replace(['\n', '\r'], "")
    }

    fn line_of(&self, bytes: &[u8], _encoding: &str, byte: u64) -> u32 {
        line_at(bytes, usize::try_from(byte).unwrap())
    }
}

/// The 1-based line of byte `byte` in UTF-8 `bytes`.
fn line_at(bytes: &[u8], byte: usize) -> u32 {
    let before = memchr::memchr_iter(b'\n', &bytes[..byte.min(bytes.len())]).count();
    1 + u32::try_from(before).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    zhextract::ingest::sha256_hex(bytes)
}

fn lines(text: &str, start: usize, end: usize) -> (u32, u32) {
    let line = |byte| line_at(text.as_bytes(), byte);
    (line(start), line(end.saturating_sub(1).max(start)))
}

fn span(doc_id: &str, text: &str, kind: &str, needle: &str, sentence_id: u32) -> SpanColumns {
    let start = text.find(needle).unwrap();
    let end = start + needle.len();
    let (line_start, line_end) = lines(text, start, end);
    SpanColumns {
        doc_id: doc_id.to_owned(),
        mention_id: format!("{doc_id}#{kind}:{start}-{end}"),
        sentence_id,
        line_start,
        line_end,
        byte_start: start as u64,
        byte_end: end as u64,
        source_text: needle.to_owned(),
        text: needle.replace('\n', ""),
        rule: format!("test_{kind}"),
        span: Span::default(),
    }
}

fn sentence(doc_id: &str, text: &str, needle: &str, sentence_id: u32) -> SentenceRow {
    let s = span(doc_id, text, "sentence", needle, sentence_id);
    SentenceRow {
        doc_id: s.doc_id,
        sentence_id,
        line_start: s.line_start,
        line_end: s.line_end,
        byte_start: s.byte_start,
        byte_end: s.byte_end,
        tokens: s.text.chars().map(String::from).collect(),
        pos: s.text.chars().map(|_| "x".to_owned()).collect(),
        text: s.text,
        source_text: s.source_text,
        artifact: false,
    }
}

fn document(doc_id: &str, text: &str, n_sentences: u32) -> DocumentRow {
    DocumentRow {
        doc_id: doc_id.to_owned(),
        source_path: format!("input/{doc_id}"),
        sha256: sha256(text.as_bytes()),
        bytes: text.len() as u64,
        encoding: "UTF-8".to_owned(),
        script: "simplified".to_owned(),
        n_lines: u32::try_from(text.lines().count()).unwrap(),
        n_sentences,
        doc_date: NaiveDate::from_ymd_opt(2019, 5, 1),
        title: Some("标题".to_owned()),
        status: "ok".to_owned(),
        error: None,
        invalid_sequences: 0,
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Three documents: a.txt with one mention of each kind, b.txt failed, c.txt one sentence.
fn fixture_rows() -> Vec<DocRows> {
    let a = "a.txt";
    let date_row = DateRow {
        span: span(a, DOC_A, "date", "2019年4月", 0),
        start: date(2019, 4, 1),
        end: date(2019, 4, 30),
        granularity: "month".to_owned(),
        relative: false,
        reference_date: None,
    };
    let indicator = IndicatorRow {
        span: span(a, DOC_A, "indicator", "8.3%", 0),
        value: 8.3,
        value_high: None,
        unit: "percent".to_owned(),
        unit_text: "%".to_owned(),
        qualifier: None,
        measure: "growth".to_owned(),
        subject: Some("全国GDP".to_owned()),
        date_mention_id: Some(date_row.span.mention_id.clone()),
        period_start: date_row.start,
        period_end: date_row.end,
    };
    let organization = OrganizationRow {
        span: span(a, DOC_A, "organization", "国务院", 1),
        name: "国务院".to_owned(),
        org_type: "government".to_owned(),
    };
    let policy = PolicyRow {
        span: span(a, DOC_A, "policy", "《关于促进发展的\n意见》", 1),
        title: "关于促进发展的意见".to_owned(),
        policy_type: "opinion".to_owned(),
        issuer: Some("国务院".to_owned()),
        date_mention_id: None,
    };
    let doc_a = DocRows {
        document: Some(document(a, DOC_A, 2)),
        sentences: vec![
            sentence(a, DOC_A, "2019年4月，全国GDP增长8.3%。", 0),
            sentence(a, DOC_A, "国务院发布《关于促进发展的\n意见》。", 1),
        ],
        indicators: vec![indicator],
        dates: vec![date_row],
        organizations: vec![organization],
        policies: vec![policy],
    };
    let failed = DocumentRow {
        sha256: String::new(),
        bytes: 0,
        encoding: "unknown".to_owned(),
        script: "unknown".to_owned(),
        n_lines: 0,
        n_sentences: 0,
        doc_date: None,
        title: None,
        status: "error".to_owned(),
        error: Some("not text in a supported encoding".to_owned()),
        ..document("b.txt", "", 0)
    };
    let doc_b = DocRows {
        document: Some(failed),
        ..DocRows::default()
    };
    let doc_c = DocRows {
        document: Some(document("c.txt", DOC_C, 1)),
        sentences: vec![sentence("c.txt", DOC_C, "第二份文件。", 0)],
        ..DocRows::default()
    };
    vec![doc_a, doc_b, doc_c]
}

/// A temporary workspace: the input files, and a place for outputs.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("input");
        std::fs::create_dir(&input).unwrap();
        std::fs::write(input.join("a.txt"), DOC_A).unwrap();
        std::fs::write(input.join("c.txt"), DOC_C).unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn source(&self) -> Utf8Source {
        Utf8Source {
            root: self.path("input"),
        }
    }
}

fn manifest() -> Manifest {
    Manifest::new(
        "0.1.0-test",
        json!({"opencc": "t2s", "max_file_bytes": 1024}),
        "2024-01-01",
    )
}

fn options(row_group_rows: usize) -> WriteOptions {
    let manifest = manifest();
    WriteOptions {
        row_group_rows,
        ..WriteOptions::default()
    }
    .with_provenance(&manifest.version, &manifest.config_hash)
}

fn write(out: &Path, rows: Vec<DocRows>, options: &WriteOptions) -> Result<(), WriteError> {
    let mut writer = DatasetWriter::create(out, options)?;
    for doc in rows {
        writer.append(doc)?;
    }
    writer.finish(manifest())?.publish()
}

fn read_file(path: &Path) -> DataFrame {
    ParquetReader::new(File::open(path).unwrap())
        .finish()
        .unwrap()
}

/// Replaces one table file of a published dataset with `edit(frame)`, written by Polars
/// directly (bypassing the writer's order check), as a damaged dataset would look.
fn rewrite_table(out: &Path, table: Table, edit: impl FnOnce(DataFrame) -> DataFrame) {
    let path = out.join(table.file_name());
    let mut frame = edit(read_file(&path));
    ParquetWriter::new(File::create(&path).unwrap())
        .finish(&mut frame)
        .unwrap();
}

#[test]
fn written_tables_read_back_with_their_schema_and_rows() {
    let ws = Workspace::new();
    let out = ws.path("output");
    let rows = fixture_rows();
    write(&out, rows.clone(), &options(2)).unwrap();

    for table in Table::ALL {
        let path = out.join(table.file_name());
        let frame = read_file(&path);
        assert_eq!(**frame.schema(), table.schema(), "{table}");
        let names: Vec<_> = frame
            .get_column_names()
            .iter()
            .map(ToString::to_string)
            .collect();
        let expected: Vec<_> = table.columns().iter().map(|c| c.name.to_owned()).collect();
        assert_eq!(names, expected, "{table} column order");
        let metadata = parquet_metadata(&path).unwrap();
        let get = |key: &str| {
            metadata
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| v.clone())
        };
        assert_eq!(get("zhextract.table").as_deref(), Some(table.name()));
        assert_eq!(get("zhextract.version").as_deref(), Some("0.1.0-test"));
        assert_eq!(get("zhextract.config_hash"), Some(manifest().config_hash));
    }
    let sentences = read_file(&out.join("sentences.parquet"));
    assert_eq!(
        sentences.column("tokens").unwrap().dtype(),
        &DataType::List(Box::new(DataType::String))
    );
    let dates = read_file(&out.join("dates.parquet"));
    assert_eq!(dates.column("start").unwrap().dtype(), &DataType::Date);

    // Normalized spans are not stored; the fixtures use `Span::default()`, as read rows do.
    let dataset = Dataset::open(&out).unwrap();
    let by_doc = dataset.doc_rows().unwrap();
    let read: Vec<DocRows> = by_doc.into_values().collect();
    assert_eq!(read, rows);
    let manifest = dataset.manifest();
    assert_eq!(manifest.tool, "zhextract");
    assert_eq!(manifest.failed_documents, 1);
    let counts: Vec<u64> = Table::ALL.iter().map(|t| manifest.row_counts[t]).collect();
    assert_eq!(counts, [3, 3, 1, 1, 1, 1]);
    assert_eq!(dataset.table_by_name("dates").unwrap().height(), 1);
}

#[test]
fn tables_without_rows_are_valid_files_with_their_schema() {
    let ws = Workspace::new();
    let out = ws.path("output");
    let failed_only = vec![fixture_rows().remove(1)];
    write(&out, failed_only, &options(1000)).unwrap();
    for table in Table::ALL {
        let frame = read_file(&out.join(table.file_name()));
        assert_eq!(**frame.schema(), table.schema(), "{table}");
        let expected = usize::from(table == Table::Documents);
        assert_eq!(frame.height(), expected, "{table}");
    }
    let dataset = Dataset::open(&out).unwrap();
    let report = validate::check(&dataset, &ws.source());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.documents_traced, 0);
}

#[test]
fn a_good_dataset_validates() {
    let ws = Workspace::new();
    let out = ws.path("output");
    write(&out, fixture_rows(), &options(1000)).unwrap();
    let report = validate::check(&Dataset::open(&out).unwrap(), &ws.source());
    assert!(report.is_ok(), "{}", report.render(20));
    assert_eq!(report.rows_traced, 3 + 4);
    assert_eq!(report.documents_traced, 2);
    assert!(report.render(5).starts_with("validation passed"));
}

#[test]
fn same_rows_give_byte_identical_files() {
    let ws = Workspace::new();
    let (first, second) = (ws.path("first"), ws.path("second"));
    write(&first, fixture_rows(), &options(1)).unwrap();
    write(&second, fixture_rows(), &options(1)).unwrap();
    for table in Table::ALL {
        let name = table.file_name();
        let a = std::fs::read(first.join(&name)).unwrap();
        let b = std::fs::read(second.join(&name)).unwrap();
        assert!(a == b, "{name} differs between two identical runs");
    }
}

#[test]
fn row_groups_follow_the_buffer_size() {
    let ws = Workspace::new();
    let out = ws.path("output");
    write(&out, fixture_rows(), &options(2)).unwrap();
    let path = out.join("documents.parquet");
    let mut reader = ParquetReader::new(File::open(&path).unwrap());
    let metadata = reader.get_metadata().unwrap();
    assert_eq!(
        metadata.row_groups.len(),
        2,
        "3 documents in row groups of 2"
    );
    assert_eq!(read_file(&path).height(), 3);
}

#[test]
fn a_partitioned_table_reads_like_a_single_file() {
    let ws = Workspace::new();
    let out = ws.path("output");
    write(&out, fixture_rows(), &options(1000)).unwrap();
    let single = Dataset::open(&out).unwrap().sentences().unwrap();
    let frame = read_file(&out.join("sentences.parquet"));
    std::fs::remove_file(out.join("sentences.parquet")).unwrap();
    std::fs::create_dir(out.join("sentences")).unwrap();
    // Written out of name order on purpose: parts are concatenated by file name.
    for (name, offset, len) in [("part-1.parquet", 2, 1), ("part-0.parquet", 0, 2)] {
        let mut part = frame.slice(offset, len);
        let file = File::create(out.join("sentences").join(name)).unwrap();
        ParquetWriter::new(file).finish(&mut part).unwrap();
    }
    let dataset = Dataset::open(&out).unwrap();
    assert_eq!(dataset.sentences().unwrap(), single);
    assert_eq!(dataset.files(Table::Sentences).len(), 2);
    assert!(validate::check(&dataset, &ws.source()).is_ok());
}

fn documents_in(out: &Path) -> u64 {
    Dataset::open(out).unwrap().manifest().row_counts[&Table::Documents]
}

fn leftovers(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".zhextract-"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_previous_dataset_survives_a_run_that_does_not_finish() {
    let ws = Workspace::new();
    let out = ws.path("output");
    write(&out, fixture_rows(), &options(1000)).unwrap();
    assert_eq!(documents_in(&out), 3);

    // Dropped mid-run (an error or panic in the caller): staging removed, output intact.
    let mut writer = DatasetWriter::create(&out, &options(1)).unwrap();
    writer.append(fixture_rows().remove(0)).unwrap();
    assert!(writer.staging_dir().exists());
    drop(writer);
    assert_eq!(documents_in(&out), 3);
    assert!(leftovers(ws.dir.path()).is_empty());

    // Finished but discarded.
    let mut writer = DatasetWriter::create(&out, &options(1)).unwrap();
    writer.append(fixture_rows().remove(0)).unwrap();
    writer.finish(manifest()).unwrap().discard().unwrap();
    assert_eq!(documents_in(&out), 3);
    assert!(leftovers(ws.dir.path()).is_empty());

    // Published: replaced, nothing left beside it.
    write(&out, vec![fixture_rows().remove(0)], &options(1)).unwrap();
    assert_eq!(documents_in(&out), 1);
    assert!(leftovers(ws.dir.path()).is_empty());
}

#[test]
fn killed_runs_leave_debris_that_the_next_create_cleans() {
    let ws = Workspace::new();
    let out = ws.path("output");
    write(&out, fixture_rows(), &options(1000)).unwrap();

    // A run killed while staging (no destructor ran): simulated by forgetting the writer,
    // plus a staging directory of a process that no longer exists.
    let writer = DatasetWriter::create(&out, &options(1)).unwrap();
    std::mem::forget(writer);
    let dead = ws.path("output.zhextract-tmp-4294967295");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join("documents.parquet"), b"partial").unwrap();
    assert_eq!(leftovers(ws.dir.path()).len(), 2);

    let writer = DatasetWriter::create(&out, &options(1)).unwrap();
    assert_eq!(
        leftovers(ws.dir.path()),
        [format!("output.zhextract-tmp-{}", std::process::id())]
    );
    drop(writer);
    assert!(leftovers(ws.dir.path()).is_empty());
    assert_eq!(documents_in(&out), 3);
}

#[test]
fn a_publish_killed_between_its_renames_is_repaired() {
    let ws = Workspace::new();
    let out = ws.path("output");
    write(&out, fixture_rows(), &options(1000)).unwrap();
    // The old dataset was renamed aside, then the process died before the new one moved in.
    std::fs::rename(&out, ws.path("output.zhextract-old-4294967295")).unwrap();
    let writer = DatasetWriter::create(&out, &options(1)).unwrap();
    drop(writer);
    assert_eq!(documents_in(&out), 3, "the previous dataset is restored");
    assert!(leftovers(ws.dir.path()).is_empty());
}

#[test]
fn a_directory_that_is_not_a_dataset_is_not_replaced_without_force() {
    let ws = Workspace::new();
    let out = ws.path("precious");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();

    let error = write(&out, fixture_rows(), &options(1000)).unwrap_err();
    assert!(matches!(error, WriteError::NotADataset { .. }), "{error}");
    let message = error.to_string();
    assert!(
        message.contains("precious") && message.contains("not a zhextract dataset"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(leftovers(ws.dir.path()).is_empty());

    let forced = WriteOptions {
        force: true,
        ..options(1000)
    };
    write(&out, fixture_rows(), &forced).unwrap();
    assert!(!out.join("notes.txt").exists());
    assert_eq!(documents_in(&out), 3);

    // An empty directory holds nothing to lose.
    let empty = ws.path("empty");
    std::fs::create_dir(&empty).unwrap();
    write(&empty, fixture_rows(), &options(1000)).unwrap();
}

#[test]
fn the_writer_refuses_rows_out_of_order() {
    let ws = Workspace::new();
    let mut rows = fixture_rows();
    rows.swap(0, 2);
    let error = write(&ws.path("output"), rows, &options(1000)).unwrap_err();
    assert!(matches!(error, WriteError::Unsorted { .. }), "{error}");
    assert!(error.to_string().contains("documents.parquet"), "{error}");
    assert!(!ws.path("output").exists());
}

/// Writes `rows` (after `mutate`), optionally damages a table, validates, and returns the
/// rules that fired.
type Edit = Box<dyn FnOnce(DataFrame) -> DataFrame>;

fn problems(mutate: impl FnOnce(&mut Vec<DocRows>), damage: Option<(Table, Edit)>) -> Vec<Rule> {
    let ws = Workspace::new();
    let out = ws.path("output");
    let mut rows = fixture_rows();
    mutate(&mut rows);
    write(&out, rows, &options(1000)).unwrap();
    if let Some((table, edit)) = damage {
        rewrite_table(&out, table, edit);
    }
    let report = validate::check(&Dataset::open(&out).unwrap(), &ws.source());
    let json = report.to_json();
    assert_eq!(
        json["problem_counts"].as_object().map(serde_json::Map::len),
        Some(report.problem_counts.len())
    );
    // The streamed validator (`zhextract validate`) finds the same kinds of problems.
    let streamed = validate::check_dir(&out, &ws.source()).unwrap();
    let rules =
        |report: &validate::Report| report.problem_counts.keys().copied().collect::<Vec<_>>();
    assert_eq!(rules(&streamed), rules(&report));
    report.problem_counts.keys().copied().collect()
}

fn replace(frame: DataFrame, column: Column) -> DataFrame {
    let mut frame = frame;
    let name = column.name().to_string();
    frame.replace(&name, column).unwrap();
    frame
}

#[test]
fn validate_catches_each_class_of_problem() {
    let none = || None;
    let rules = problems(
        |rows| rows[0].policies[0].span.source_text = "《关于".to_owned(),
        none(),
    );
    assert_eq!(rules, [Rule::SourceText, Rule::NormalizedText]);

    let rules = problems(
        |rows| rows[0].organizations[0].span.text = "国务".to_owned(),
        none(),
    );
    assert_eq!(rules, [Rule::NormalizedText]);

    let rules = problems(|rows| rows[0].policies[0].span.line_end = 2, none());
    assert_eq!(rules, [Rule::Lines]);

    let rules = problems(|rows| rows[0].sentences[1].line_start = 1, none());
    assert_eq!(rules, [Rule::Lines]);

    let duplicate = |rows: &mut Vec<DocRows>| {
        let org = rows[0].organizations[0].clone();
        rows[0].organizations.push(org);
    };
    assert_eq!(problems(duplicate, none()), [Rule::DuplicateId]);

    let rules = problems(|rows| rows[0].dates[0].span.mention_id.push('x'), none());
    assert!(
        rules.contains(&Rule::MentionIdFormat) && rules.contains(&Rule::DateReference),
        "{rules:?}"
    );

    let rules = problems(
        |rows| rows[0].indicators[0].unit = "furlong".to_owned(),
        none(),
    );
    assert_eq!(rules, [Rule::AllowedValue]);

    let rules = problems(
        |rows| rows[0].indicators[0].period_end = date(2019, 12, 31),
        none(),
    );
    assert_eq!(rules, [Rule::DateReference]);

    let rules = problems(|rows| rows[0].dates[0].start = date(2019, 5, 1), none());
    assert!(rules.contains(&Rule::Range), "{rules:?}");

    let rules = problems(
        |rows| rows[2].document.as_mut().unwrap().n_sentences = 5,
        none(),
    );
    assert_eq!(rules, [Rule::DocumentFields]);

    let rules = problems(|rows| rows[0].organizations[0].span.sentence_id = 0, none());
    assert_eq!(rules, [Rule::SentenceReference]);

    let rules = problems(
        |rows| rows[0].document.as_mut().unwrap().sha256 = sha256(b"other"),
        none(),
    );
    assert_eq!(rules, [Rule::SourceUnavailable]);

    let orphan = |rows: &mut Vec<DocRows>| {
        let mut sentence = rows[2].sentences[0].clone();
        sentence.doc_id = "d.txt".to_owned();
        rows.push(DocRows {
            sentences: vec![sentence],
            ..DocRows::default()
        });
    };
    assert!(problems(orphan, none()).contains(&Rule::DocumentReference));

    // Damage only a Parquet writer other than ours can do.
    let unsorted: Edit = Box::new(|f| f.reverse());
    assert_eq!(
        problems(|_| {}, Some((Table::Sentences, unsorted))),
        [Rule::SortOrder]
    );

    let null: Edit = Box::new(|f| {
        replace(
            f,
            Series::new("unit_text".into(), [None::<&str>]).into_column(),
        )
    });
    assert_eq!(
        problems(|_| {}, Some((Table::Indicators, null))),
        [Rule::NotNull]
    );

    let retyped: Edit =
        Box::new(|f| replace(f, Series::new("byte_start".into(), [0_u32]).into_column()));
    assert_eq!(
        problems(|_| {}, Some((Table::Organizations, retyped))),
        [Rule::ColumnType]
    );

    let dropped: Edit = Box::new(|f| f.drop("relative").unwrap());
    assert_eq!(
        problems(|_| {}, Some((Table::Dates, dropped))),
        [Rule::MissingColumn]
    );
}

#[test]
fn the_streamed_validator_regroups_documents_across_row_groups() {
    let ws = Workspace::new();
    let out = ws.path("output");
    let mut rows = fixture_rows();
    rows[2].document.as_mut().unwrap().n_sentences = 5;
    rows[0].policies[0].span.text = "错".to_owned();
    // One row per row group: every document's rows straddle row groups.
    write(&out, rows, &options(1)).unwrap();
    let in_memory = validate::check(&Dataset::open(&out).unwrap(), &ws.source());
    let streamed = validate::check_dir(&out, &ws.source()).unwrap();
    assert_eq!(streamed, in_memory);
    assert_eq!(
        streamed.problem_counts.keys().copied().collect::<Vec<_>>(),
        [Rule::DocumentFields, Rule::NormalizedText]
    );
    let documents = Table::Documents;
    assert_eq!(streamed.rows_checked[&documents], documents_in(&out));
    let row = |rule| {
        streamed
            .problems
            .iter()
            .find(|p| p.rule == rule)
            .unwrap()
            .row
    };
    // c.txt is the third documents row; the policy is a.txt's first.
    assert_eq!(row(Rule::DocumentFields), Some(2));
    assert_eq!(row(Rule::NormalizedText), Some(0));
}

#[test]
fn damaged_files_fail_the_structure_check_and_validation() {
    let ws = Workspace::new();
    let out = ws.path("output");
    write(&out, fixture_rows(), &options(1000)).unwrap();
    let manifest = Dataset::open(&out).unwrap().manifest().clone();
    assert!(validate::check_structure(&out, &manifest).is_ok());

    // A table with rows the manifest does not count.
    rewrite_table(&out, Table::Dates, |f| f.vstack(&f).unwrap());
    let report = validate::check_structure(&out, &manifest);
    assert_eq!(
        report.problem_counts.keys().collect::<Vec<_>>(),
        [&Rule::TableFile]
    );
    assert!(
        report.render(5).contains("manifest.json says"),
        "{}",
        report.render(5)
    );

    // A truncated file: its footer is gone.
    let path = out.join(Table::Policies.file_name());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let report = validate::check_dir(&out, &ws.source()).unwrap();
    let text = report.render(5);
    assert!(
        report.problem_counts.contains_key(&Rule::TableFile),
        "{text}"
    );
    assert!(text.contains("policies.parquet"), "{text}");

    // No manifest: not a dataset, and the error says what to do.
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    let error = validate::check_dir(&out, &ws.source())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("not a zhextract dataset") && error.contains("zhextract run"),
        "{error}"
    );
}

#[test]
fn a_failing_report_names_rows_and_rules() {
    let ws = Workspace::new();
    let out = ws.path("output");
    let mut rows = fixture_rows();
    rows[0].policies[0].span.text = "错".to_owned();
    write(&out, rows, &options(1000)).unwrap();
    let report = validate::check(&Dataset::open(&out).unwrap(), &ws.source());
    let text = report.render(10);
    assert!(text.starts_with("validation failed: 1 problems"), "{text}");
    assert!(text.contains("normalized_text: 1"), "{text}");
    assert!(text.contains("policies row 0 (a.txt#policy:"), "{text}");
    let json = report.to_json();
    assert_eq!(json["problems"][0]["rule"], "normalized_text");
    assert_eq!(json["problems"][0]["table"], "policies");
}

/// An independent reader: pyarrow, when installed, must see the contract's Arrow types.
#[test]
fn pyarrow_reads_the_contract_types() {
    let available = std::process::Command::new("python3")
        .args(["-c", "import pyarrow"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!(
            "skipping pyarrow_reads_the_contract_types: python3 with pyarrow is not installed"
        );
        return;
    }
    let ws = Workspace::new();
    let out = ws.path("output");
    write(&out, fixture_rows(), &options(1000)).unwrap();
    let script = r#"
import sys, pyarrow.parquet as pq, pyarrow as pa
def kind(t):
    if pa.types.is_string(t) or pa.types.is_large_string(t) or str(t) == "string_view": return "Utf8"
    if pa.types.is_list(t) or pa.types.is_large_list(t): return "List<" + kind(t.value_type) + ">"
    if t == pa.uint32(): return "UInt32"
    if t == pa.uint64(): return "UInt64"
    if t == pa.float64(): return "Float64"
    if t == pa.bool_(): return "Boolean"
    if t == pa.date32(): return "Date"
    return "other:" + str(t)
for path in sys.argv[1:]:
    schema = pq.read_table(path).schema
    print(path.rsplit("/", 1)[-1], ",".join(f.name + ":" + kind(f.type) for f in schema))
"#;
    let paths: Vec<_> = Table::ALL.iter().map(|t| out.join(t.file_name())).collect();
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&paths)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    for (table, line) in Table::ALL.iter().zip(stdout.lines()) {
        let expected: Vec<String> = table
            .columns()
            .iter()
            .map(|c| {
                let kind = match c.column_type.dtype() {
                    DataType::String => "Utf8",
                    DataType::UInt32 => "UInt32",
                    DataType::UInt64 => "UInt64",
                    DataType::Float64 => "Float64",
                    DataType::Boolean => "Boolean",
                    DataType::Date => "Date",
                    _ => "List<Utf8>",
                };
                format!("{}:{kind}", c.name)
            })
            .collect();
        assert_eq!(
            line,
            format!("{} {}", table.file_name(), expected.join(","))
        );
    }
}
