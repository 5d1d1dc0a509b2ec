//! `zhextract show`: the source lines around a mention, the span marked, and the row.

use super::eval::{code_and_stdout, document, indicator, span, write_dataset, zhextract};
use zhextract::write::rows::{DocRows, IndicatorRow};

const DOC: &str = "第一行标题\n截至去年底，企业超过 600\n 家，同比增长8.3%。\n第四行。\n第五行。\n";

/// A dataset whose one indicator, `600\n 家`, spans lines 2-3.
fn dataset() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.txt"), DOC).unwrap();
    let row = IndicatorRow {
        unit_text: "家".to_owned(),
        ..indicator(
            span("b.txt", DOC, "indicator", "600\n 家", 0),
            600.0,
            "count",
            "企业",
            "level",
        )
    };
    let rows = DocRows {
        document: Some(document("b.txt", DOC)),
        indicators: vec![row],
        ..DocRows::default()
    };
    write_dataset(
        &dir.path().join("data"),
        vec![(dir.path().join("b.txt"), rows)],
    );
    let data = dir.path().join("data").display().to_string();
    (dir, data)
}

#[test]
fn a_mention_across_a_line_break_shows_both_lines_marked() {
    let (_dir, data) = dataset();
    let start = DOC.find("600").unwrap();
    let id = format!("b.txt#indicator:{start}-{}", start + "600\n 家".len());
    let output = zhextract(&["show", &id, "--dataset", &data, "--context", "1"]);
    let (code, stdout) = code_and_stdout(&output);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&output.stderr));
    let excerpt: Vec<&str> = stdout.lines().skip(3).take(4).collect();
    assert_eq!(
        excerpt,
        [
            "      1 │ 第一行标题",
            ">     2 │ 截至去年底，企业超过 ⟦600",
            ">     3 │  家⟧，同比增长8.3%。",
            "      4 │ 第四行。",
        ]
    );
    assert!(stdout.contains("source_text: 600\\n 家\n"), "{stdout}");
    assert!(stdout.contains("text:        600家\n"), "{stdout}");
    assert!(stdout.contains("rule:        test_indicator\n"), "{stdout}");
    assert!(stdout.contains("  subject          企业\n"), "{stdout}");
    assert!(stdout.lines().next().unwrap().ends_with(&id));
}

#[test]
fn colour_is_used_only_when_asked_or_on_a_terminal() {
    let (_dir, data) = dataset();
    let start = DOC.find("600").unwrap();
    let id = format!("b.txt#indicator:{start}-{}", start + "600\n 家".len());
    let (_, piped) = code_and_stdout(&zhextract(&["show", &id, "--dataset", &data]));
    assert!(!piped.contains('\x1b'), "a pipe gets markers");
    let (_, coloured) = code_and_stdout(&zhextract(&[
        "show",
        &id,
        "--dataset",
        &data,
        "--color",
        "always",
    ]));
    assert!(coloured.contains("\x1b[1;4;33m600\x1b[0m"), "{coloured:?}");
}

#[test]
fn an_unknown_mention_is_an_error_with_a_hint() {
    let (_dir, data) = dataset();
    let start = DOC.find("600").unwrap();
    let output = zhextract(&[
        "show",
        &format!("b.txt#indicator:{start}-{}", start + 1),
        "--dataset",
        &data,
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("overlapping mentions: b.txt#indicator:"),
        "{stderr}"
    );
    let bad = zhextract(&["show", "not-an-id", "--dataset", &data]);
    assert_eq!(bad.status.code(), Some(2));
}
