//! End-to-end behaviour of issue 2: encodings, script conversion, re-flow, determinism.

use std::path::{Path, PathBuf};

use zhextract::ingest::InputFile;
use zhextract::normalize::opencc::{char_script, CharScript};
use zhextract::pipeline::{Pipeline, PipelineConfig};
use zhextract::rules::Rules;
use zhextract::write::rows::DocRows;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pipeline() -> Pipeline {
    Pipeline::new(PipelineConfig::default(), &Rules::embedded().unwrap()).unwrap()
}

fn process(pipeline: &Pipeline, path: &Path) -> DocRows {
    let input = InputFile {
        doc_id: path.file_name().unwrap().to_string_lossy().into_owned(),
        path: path.to_path_buf(),
    };
    pipeline.process(&input)
}

#[test]
fn every_encoding_gives_the_same_sentences_and_mentions() {
    let pipeline = pipeline();
    let expected = [
        ("utf8.txt", "UTF-8"),
        ("utf8_bom.txt", "UTF-8"),
        ("utf16le_bom.txt", "UTF-16LE"),
        ("utf16be_bom.txt", "UTF-16BE"),
        ("gb18030.txt", "GB18030"),
        ("big5.txt", "Big5"),
        ("utf8_traditional.txt", "UTF-8"),
    ];
    let mut reference: Option<(Vec<String>, Vec<String>)> = None;
    for (name, encoding) in expected {
        let rows = process(&pipeline, &root().join("fixtures/encodings").join(name));
        let document = rows.document.as_ref().unwrap();
        assert_eq!(document.status, "ok", "{name}: {:?}", document.error);
        assert_eq!(document.encoding, encoding, "{name}");
        assert_eq!(document.n_lines, 3, "{name}");
        let sentences: Vec<String> = rows.sentences.iter().map(|s| s.text.clone()).collect();
        assert_eq!(
            sentences,
            [
                "深圳市2023年研发投入达到1880.49亿元，同比增长12.5%。",
                "全市国家高新技术企业超过2.3万家，比上年增加约1500家。"
            ],
            "{name}"
        );
        let mentions: Vec<String> = rows
            .indicators
            .iter()
            .map(|m| m.span.text.clone())
            .chain(rows.dates.iter().map(|m| m.span.text.clone()))
            .collect();
        match &reference {
            None => reference = Some((sentences, mentions)),
            Some((_, first)) => assert_eq!(&mentions, first, "{name}"),
        }
        // The wrapped sentence spans lines 2-3 in every encoding.
        assert_eq!(
            (rows.sentences[1].line_start, rows.sentences[1].line_end),
            (2, 3)
        );
    }
}

#[test]
fn traditional_seed_becomes_simplified() {
    let rows = process(&pipeline(), &root().join("seeds/002_7ac091414ba7caeb.txt"));
    assert_eq!(rows.document.as_ref().unwrap().script, "traditional");
    let traditional: Vec<char> = rows
        .sentences
        .iter()
        .flat_map(|s| s.text.chars())
        .filter(|&c| char_script(c) == CharScript::Traditional)
        .collect();
    assert!(
        traditional.is_empty(),
        "traditional chars left: {traditional:?}"
    );
}

#[test]
fn seed_000_is_reflowed_across_blank_lines() {
    let rows = process(&pipeline(), &root().join("seeds/000_c4d27eb5191576ee.txt"));
    for expected in ["2000年以来", "进入1990年代", "夯实产业发展基础"] {
        assert!(
            rows.sentences.iter().any(|s| s.text.contains(expected)),
            "no sentence contains {expected}"
        );
    }
}

#[test]
fn two_runs_write_byte_identical_tables() {
    let out = tempfile::tempdir().unwrap();
    let run = |dir: &str| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_zhextract"))
            .args(["run", "--quiet", "--out"])
            .arg(out.path().join(dir))
            .arg(root().join("seeds"))
            .arg(root().join("fixtures/encodings"))
            .status()
            .unwrap();
        assert!(status.success());
    };
    run("a");
    run("b");
    for table in [
        "documents",
        "sentences",
        "indicators",
        "dates",
        "organizations",
        "policies",
    ] {
        let file = format!("{table}.parquet");
        let a = std::fs::read(out.path().join("a").join(&file)).unwrap();
        let b = std::fs::read(out.path().join("b").join(&file)).unwrap();
        assert!(a == b, "{file} differs between two runs");
    }
}

/// The repository's `output/` holds only a README: the default run must publish there and
/// keep the README (a fresh clone's `cargo run --release`).
#[test]
fn an_output_directory_with_only_a_readme_is_replaced_and_keeps_it() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("output");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("README.md"), "generated files are ignored\n").unwrap();
    for _ in 0..2 {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_zhextract"))
            .args(["run", "--quiet", "--out"])
            .arg(&target)
            .arg(root().join("fixtures/encodings/utf8.txt"))
            .status()
            .unwrap();
        assert!(status.success());
        assert!(target.join("manifest.json").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("README.md")).unwrap(),
            "generated files are ignored\n"
        );
    }
}

/// Each kind's mentions as `(line_start, line_end, normalized text)`: what must not depend
/// on the encoding (byte offsets do).
fn mention_lines(rows: &DocRows) -> Vec<(u32, u32, String)> {
    let spans = rows
        .indicators
        .iter()
        .map(|m| &m.span)
        .chain(rows.dates.iter().map(|m| &m.span))
        .chain(rows.organizations.iter().map(|m| &m.span))
        .chain(rows.policies.iter().map(|m| &m.span));
    spans
        .map(|span| (span.line_start, span.line_end, span.text.clone()))
        .collect()
}

#[test]
fn every_fixture_document_gives_the_same_mentions_in_gb18030_and_big5() {
    let pipeline = pipeline();
    let work = tempfile::tempdir().unwrap();
    let mut compared = 0;
    for entry in std::fs::read_dir(root().join("fixtures/docs")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let reference = process(&pipeline, &path);
        let expected = mention_lines(&reference);
        assert!(!expected.is_empty(), "{name}: no mentions");
        for (encoding, label) in [
            (encoding_rs::GB18030, "GB18030"),
            (encoding_rs::BIG5, "Big5"),
        ] {
            let (bytes, _, unmappable) = encoding.encode(&text);
            if unmappable {
                continue; // a Simplified-only character has no Big5 code
            }
            let encoded = work.path().join(format!("{name}.{label}.txt"));
            std::fs::write(&encoded, &bytes).unwrap();
            let rows = process(&pipeline, &encoded);
            let document = rows.document.as_ref().unwrap();
            assert_eq!(document.encoding, label, "{name} in {label}");
            assert_eq!(mention_lines(&rows), expected, "{name} in {label}");
            compared += 1;
        }
    }
    assert!(compared >= 8, "only {compared} encoded documents compared");
}
