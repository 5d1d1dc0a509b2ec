//! `zhextract bench` smoke test: the report has every expected line. Timings are printed,
//! never asserted.

use zhextract::bench::{self, BenchOptions, STAGE_NAMES};

#[test]
fn bench_report_has_every_phase() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    bench::generate_corpus(&corpus, 150_000).unwrap();
    let options = BenchOptions {
        corpus,
        out: dir.path().join("out"),
        threads: 2,
    };
    let text = bench::measure(&options).unwrap().render();
    println!("{text}");
    for expected in [
        "startup",
        "pipeline (run)",
        "process+write",
        "jieba-rs tag (bare)",
    ]
    .into_iter()
    .chain(STAGE_NAMES.iter().copied())
    {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(text.contains("ratio pipeline/jieba: "));
}
