//! Issue 7: bad inputs never crash a batch or lose rows. Every file of the bad corpus
//! (`fixtures/bad/` plus what [`bad_corpus`] generates: 10,000-digit numbers, repeated
//! patterns, a long line without newline, a symlink loop, a broken symlink, a FIFO, an
//! unreadable file) has a defined outcome: decoded and processed, or an error row whose
//! message names the file, the problem and what to do. End to end, the bad corpus beside
//! good files exits with 3 and leaves the good files' rows exactly as a run without it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;

use zhextract::ingest::{self, InputFile};
use zhextract::pipeline::{Pipeline, PipelineConfig};
use zhextract::read::Dataset;
use zhextract::rules::Rules;
use zhextract::write::rows::DocRows;

/// One pipeline for every in-process test of the reliability modules.
pub(crate) static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    Pipeline::new(PipelineConfig::default(), &Rules::embedded().unwrap()).unwrap()
});

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `zhextract` binary of this build.
pub(crate) fn zhextract(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhextract"))
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn exit_code(output: &Output) -> Option<i32> {
    output.status.code()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Original text in the style of the seeds, `index` varying its figures, so generated
/// documents differ.
pub(crate) fn good_text(index: usize) -> String {
    format!(
        "{year}年，全市规模以上工业增加值同比增长{growth}.{tenth}%，高于全国平均水平。\n\
         市发展改革委印发《关于加快建设现代化产业体系的实施意见》，提出到{target}年培育\n\
         {firms}家千亿级企业，研发投入强度达到{share}.5%左右。\n\
         {year}年第{quarter}季度，經濟部統計全市新增企業{count}萬家，比上年增加約{more}家。\n\n",
        year = 2015 + index % 10,
        growth = 3 + index % 7,
        tenth = index % 10,
        target = 2025 + index % 5,
        firms = 5 + index % 20,
        share = 2 + index % 4,
        quarter = ["一", "二", "三", "四"][index % 4],
        count = 1 + index % 9,
        more = 100 + index,
    )
}

/// What a file of the bad corpus must become.
#[derive(Clone, Copy, Debug)]
enum Outcome {
    /// Processed: status ok, this encoding, at least this many sentences.
    Ok {
        encoding: &'static str,
        min_sentences: u32,
    },
    /// An error row whose message holds every one of these (besides the path).
    Error(&'static [&'static str]),
}

/// Every document the bad corpus yields, with its outcome. (Also in the corpus, and no
/// document: `sub/loop`, a symlink to its parent, and `dangling`, a broken symlink; both
/// are skipped with a warning.)
const OUTCOMES: &[(&str, Outcome)] = &[
    (
        "empty.txt",
        Outcome::Error(&["no text", "empty", "remove it"]),
    ),
    (
        "fifo",
        Outcome::Error(&["FIFO", "not a regular file", "remove it"]),
    ),
    (
        "image.png",
        Outcome::Error(&["not a text file", "PNG image", "convert it"]),
    ),
    (
        "legacy_big5.txt",
        Outcome::Ok {
            encoding: "Big5",
            min_sentences: 2,
        },
    ),
    (
        "legacy_gb18030.txt",
        Outcome::Ok {
            encoding: "GB18030",
            min_sentences: 2,
        },
    ),
    (
        "long_numbers.txt",
        Outcome::Ok {
            encoding: "UTF-8",
            min_sentences: 3,
        },
    ),
    (
        "mixed_line_endings.txt",
        Outcome::Ok {
            encoding: "UTF-8",
            min_sentences: 5,
        },
    ),
    (
        "one_line.txt",
        Outcome::Ok {
            encoding: "UTF-8",
            min_sentences: 100,
        },
    ),
    (
        "random.bin",
        Outcome::Error(&["not a text file", "binary data", "convert it"]),
    ),
    (
        "repeated_patterns.txt",
        Outcome::Ok {
            encoding: "UTF-8",
            min_sentences: 10,
        },
    ),
    (
        "report_pdf.txt",
        Outcome::Error(&["not a text file", "PDF", "pdftotext"]),
    ),
    // As root, chmod 000 does not stop reads: `unreadable_outcome` decides.
    (
        "unreadable.txt",
        Outcome::Error(&["cannot read", "Permission denied", "chmod"]),
    ),
    (
        "utf16be_no_bom.txt",
        Outcome::Ok {
            encoding: "UTF-16BE",
            min_sentences: 2,
        },
    ),
    (
        "utf16le_no_bom.txt",
        Outcome::Ok {
            encoding: "UTF-16LE",
            min_sentences: 2,
        },
    ),
    (
        "utf8_invalid_bytes.txt",
        Outcome::Ok {
            encoding: "UTF-8",
            min_sentences: 2,
        },
    ),
    (
        "whitespace_only.txt",
        Outcome::Error(&["no text", "only whitespace", "remove it"]),
    ),
];

/// The bad corpus in a temporary directory.
pub(crate) struct BadCorpus {
    pub(crate) dir: tempfile::TempDir,
    /// False when chmod 000 does not stop this process reading (root).
    pub(crate) unreadable_blocks: bool,
}

impl BadCorpus {
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Copies `fixtures/bad/` into a temporary directory and generates the rest (see the module
/// docs). Large or special files are made here, never committed.
pub(crate) fn bad_corpus() -> BadCorpus {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    for entry in std::fs::read_dir(root().join("fixtures/bad")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "README.md" {
            std::fs::copy(entry.path(), path.join(entry.file_name())).unwrap();
        }
    }
    std::fs::write(path.join("long_numbers.txt"), long_numbers(10_000)).unwrap();
    std::fs::write(
        path.join("repeated_patterns.txt"),
        repeated_patterns(2_000).concat(),
    )
    .unwrap();
    std::fs::write(path.join("one_line.txt"), one_line(100_000)).unwrap();
    std::fs::write(path.join("unreadable.txt"), good_text(1)).unwrap();
    std::fs::create_dir(path.join("sub")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::os::unix::fs::symlink("..", path.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink("missing-target.txt", path.join("dangling")).unwrap();
        let status = Command::new("mkfifo").arg(path.join("fifo")).status();
        assert!(status.is_ok_and(|s| s.success()), "mkfifo failed");
        let unreadable = path.join("unreadable.txt");
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let unreadable_blocks = std::fs::File::open(path.join("unreadable.txt")).is_err();
    if !unreadable_blocks {
        eprintln!(
            "notice: chmod 000 does not stop this process reading (running as root?): \
             unreadable.txt is expected to be processed, the permission case is skipped"
        );
    }
    BadCorpus {
        dir,
        unreadable_blocks,
    }
}

/// Lines of 10,000-digit numbers in every notation the indicator scanner reads.
pub(crate) fn long_numbers(digits: usize) -> String {
    let nines = "9".repeat(digits);
    let chinese = "九".repeat(digits);
    format!(
        "全年投入{nines}亿元，同比增长{nines}%。\n\
         小数{nines}.{nines}万元，比重{nines}.{nines}%。\n\
         中文数字{chinese}亿元，共{chinese}家企业。\n\
         {grouped}元。\n",
        grouped = vec!["999"; digits / 3].join(",")
    )
}

/// Lines repeating one construct `n` times each: the shapes extractors loop over.
pub(crate) fn repeated_patterns(n: usize) -> Vec<String> {
    let pieces: &[(&str, &str, &str)] = &[
        ("", "《", "》"),
        ("印发", "关于", "的通知。"),
        ("", "2019年", "。"),
        ("", "2019年至", "2020年。"),
        ("增长", "5%、", "6%。"),
        ("", "国务院", "。"),
        ("", "深圳市人民政府、", "联合发布《规划》。"),
        ("", "（一）", "。"),
        ("第", "一", "条。"),
        ("", "约", "10亿元。"),
        ("", "百分之", "十。"),
        ("", "超过不少于不足", "5%。"),
        ("", "有限公司", "。"),
        ("", "2019 年 4 月 ", "。"),
        ("", "(", ")。"),
        ("", "“", "”。"),
        ("", "1.", "。"),
        ("", "一二三四五六七八九十百千万亿零两", "元。"),
    ];
    pieces
        .iter()
        .map(|(head, repeated, tail)| format!("{head}{}{tail}\n", repeated.repeat(n)))
        .collect()
}

/// Realistic text of at least `bytes` bytes without a single line break.
pub(crate) fn one_line(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 512);
    let mut index = 0;
    while text.len() < bytes {
        text.push_str(&good_text(index).replace('\n', ""));
        index += 1;
    }
    text
}

fn process(corpus: &BadCorpus, doc_id: &str) -> DocRows {
    let input = InputFile {
        doc_id: doc_id.to_owned(),
        path: corpus.path().join(doc_id),
    };
    PIPELINE.process(&input)
}

/// The outcome of `unreadable.txt` for this process.
fn unreadable_outcome(corpus: &BadCorpus, outcome: Outcome) -> Outcome {
    if corpus.unreadable_blocks {
        outcome
    } else {
        Outcome::Ok {
            encoding: "UTF-8",
            min_sentences: 3,
        }
    }
}

fn check_outcome(doc_id: &str, rows: &DocRows, outcome: Outcome) {
    let document = rows.document.as_ref().unwrap();
    match outcome {
        Outcome::Ok {
            encoding,
            min_sentences,
        } => {
            assert_eq!(document.status, "ok", "{doc_id}: {:?}", document.error);
            assert_eq!(document.encoding, encoding, "{doc_id}");
            assert!(
                document.n_sentences >= min_sentences,
                "{doc_id}: {} sentences",
                document.n_sentences
            );
            assert_eq!(rows.sentences.len(), document.n_sentences as usize);
        }
        Outcome::Error(needles) => {
            assert_eq!(document.status, "error", "{doc_id}");
            let error = document.error.as_deref().unwrap();
            assert!(
                error.contains(&document.source_path),
                "{doc_id}: the error does not name the file: {error}"
            );
            for needle in needles {
                assert!(error.contains(needle), "{doc_id}: no {needle:?} in {error}");
            }
            assert!(rows.sentences.is_empty() && rows.indicators.is_empty());
        }
    }
}

#[test]
fn every_bad_input_has_its_defined_outcome() {
    let corpus = bad_corpus();
    let mut warnings = Vec::new();
    let files = ingest::walk(&[corpus.path().to_path_buf()], &mut |w| warnings.push(w)).unwrap();
    let ids: Vec<&str> = files.iter().map(|file| file.doc_id.as_str()).collect();
    let expected: Vec<&str> = OUTCOMES.iter().map(|(doc_id, _)| *doc_id).collect();
    assert_eq!(
        ids, expected,
        "the walk lists exactly the documents of the table"
    );
    assert!(
        warnings.iter().any(|w| w.contains("symlink loop")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("broken symlink")),
        "{warnings:?}"
    );
    for (doc_id, outcome) in OUTCOMES {
        let outcome = match *doc_id {
            "unreadable.txt" => unreadable_outcome(&corpus, *outcome),
            _ => *outcome,
        };
        check_outcome(doc_id, &process(&corpus, doc_id), outcome);
    }
}

#[test]
fn invalid_bytes_are_replaced_and_counted_not_fatal() {
    let corpus = bad_corpus();
    let rows = process(&corpus, "utf8_invalid_bytes.txt");
    let document = rows.document.as_ref().unwrap();
    assert_eq!(
        (document.status.as_str(), document.invalid_sequences),
        ("ok", 3)
    );
    let replaced: usize = rows
        .sentences
        .iter()
        .map(|s| s.text.matches('\u{FFFD}').count())
        .sum();
    assert_eq!(replaced, 3, "each invalid sequence is one U+FFFD");
    assert!(
        rows.indicators.iter().any(|i| i.span.text == "6.1%"),
        "mentions around the bad bytes are still found"
    );
}

#[test]
fn single_line_and_mixed_line_endings_keep_their_lines() {
    let corpus = bad_corpus();
    let rows = process(&corpus, "one_line.txt");
    assert_eq!(rows.document.as_ref().unwrap().n_lines, 1);
    assert!(rows
        .sentences
        .iter()
        .all(|s| (s.line_start, s.line_end) == (1, 1)));
    let rows = process(&corpus, "mixed_line_endings.txt");
    // Lines are `sed -n` lines: only LF ends one (CRLF counts once, a lone CR not at all).
    assert_eq!(rows.document.as_ref().unwrap().n_lines, 5);
    let lines: Vec<(u32, u32)> = rows
        .sentences
        .iter()
        .map(|s| (s.line_start, s.line_end))
        .collect();
    assert_eq!(lines, [(1, 1), (2, 2), (3, 3), (3, 3), (5, 5)]);
}

#[test]
fn huge_numbers_give_no_infinite_values() {
    let corpus = bad_corpus();
    let rows = process(&corpus, "long_numbers.txt");
    for indicator in &rows.indicators {
        assert!(
            indicator.value.is_finite() && indicator.value_high.is_none_or(f64::is_finite),
            "{} gives {}",
            indicator.span.text.chars().take(40).collect::<String>(),
            indicator.value
        );
    }
}

/// The good files of the end-to-end runs: the encodings fixtures (doc_ids distinct from
/// the bad corpus's).
fn good_dir() -> PathBuf {
    root().join("fixtures/encodings")
}

fn rows_of(out: &Path) -> std::collections::BTreeMap<String, DocRows> {
    Dataset::open(out).unwrap().doc_rows().unwrap()
}

#[test]
fn bad_corpus_end_to_end_exits_3_and_keeps_good_rows_identical() {
    let corpus = bad_corpus();
    let out = tempfile::tempdir().unwrap();
    let (good_out, mixed_out) = (out.path().join("good"), out.path().join("mixed"));
    let missing = out.path().join("no-such-file.txt");
    let good = zhextract(&[
        "run".as_ref(),
        "--out".as_ref(),
        good_out.as_os_str(),
        good_dir().as_os_str(),
    ]);
    assert_eq!(exit_code(&good), Some(0), "{}", stderr(&good));
    let mixed = zhextract(&[
        "run".as_ref(),
        "--out".as_ref(),
        mixed_out.as_os_str(),
        good_dir().as_os_str(),
        corpus.path().as_os_str(),
        missing.as_os_str(),
    ]);
    let log = stderr(&mixed);
    assert_eq!(exit_code(&mixed), Some(3), "{log}");
    assert!(log.contains("symlink loop"), "{log}");
    let good_rows = rows_of(&good_out);
    let mixed_rows = rows_of(&mixed_out);
    for (doc_id, rows) in &good_rows {
        assert_eq!(Some(rows), mixed_rows.get(doc_id), "{doc_id} differs");
    }
    let errors: Vec<&str> = mixed_rows
        .iter()
        .filter(|(_, rows)| rows.document.as_ref().unwrap().status == "error")
        .map(|(doc_id, _)| doc_id.as_str())
        .collect();
    let mut expected: Vec<&str> = OUTCOMES
        .iter()
        .filter(|(doc_id, outcome)| {
            matches!(outcome, Outcome::Error(_))
                && (*doc_id != "unreadable.txt" || corpus.unreadable_blocks)
        })
        .map(|(doc_id, _)| *doc_id)
        .chain(["no-such-file.txt"])
        .collect();
    expected.sort_unstable();
    assert_eq!(errors, expected);
    let missing_row = mixed_rows["no-such-file.txt"].document.clone().unwrap();
    let error = missing_row.error.unwrap();
    assert!(
        error.contains("no-such-file.txt") && error.contains("check the path"),
        "{error}"
    );
    let manifest = Dataset::open(&mixed_out).unwrap().manifest().clone();
    assert_eq!(manifest.failed_documents, expected.len() as u64);
    assert_eq!(manifest.inputs.len(), mixed_rows.len());
}

#[test]
fn doc_ids_are_relative_and_nothing_is_written_outside_out() {
    let corpus = bad_corpus();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let before = listing(work.path());
    let dotted = corpus.path().join("sub/../.");
    let output = zhextract(&[
        "run".as_ref(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        dotted.as_os_str(),
        good_dir().join("./utf8.txt").as_os_str(),
        "fixtures/encodings/../encodings/big5.txt".as_ref(),
    ]);
    assert_eq!(exit_code(&output), Some(3), "{}", stderr(&output));
    let mut after = listing(work.path());
    after.retain(|name| !before.contains(name));
    assert_eq!(after, ["out"], "only the output appears beside it");
    for doc_id in rows_of(&out).keys() {
        assert!(
            !doc_id.starts_with('/')
                && !doc_id.contains('\\')
                && doc_id
                    .split('/')
                    .all(|part| !part.is_empty() && part != "." && part != ".."),
            "doc_id {doc_id:?} is not relative and normalized"
        );
    }
    let ids = rows_of(&out);
    assert!(ids.contains_key("utf8.txt") && ids.contains_key("big5.txt"));
}

/// The entry names of `dir`, sorted.
pub(crate) fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_directory_that_is_not_a_dataset_is_refused_unless_forced() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("notes");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("todo.txt"), "keep me").unwrap();
    let input = good_dir().join("utf8.txt");
    let run = |force: bool| {
        let mut args: Vec<&std::ffi::OsStr> = vec!["run".as_ref(), "--out".as_ref()];
        args.push(out.as_os_str());
        if force {
            args.push("--force".as_ref());
        }
        args.push(input.as_os_str());
        zhextract(&args)
    };
    let refused = run(false);
    let message = stderr(&refused);
    assert_eq!(exit_code(&refused), Some(2), "{message}");
    assert!(
        message.contains(&out.display().to_string()) && message.contains("--force"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("todo.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(listing(work.path()), ["notes"], "no staging debris");
    let forced = run(true);
    assert_eq!(exit_code(&forced), Some(0), "{}", stderr(&forced));
    assert!(!out.join("todo.txt").exists());
    assert!(Dataset::open(&out).is_ok());
}
