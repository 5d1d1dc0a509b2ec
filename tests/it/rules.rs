//! User rule files end to end: `--rules FILE` extends the embedded tables (a new unit word
//! is extracted), a file that breaks a table's rules stops the run with the file named, and
//! editing a rule or gazetteer file changes the configuration hash (so `--incremental`
//! does not re-use rows made under the old rules).

use std::path::Path;

use zhextract::read::read_manifest;

use super::bad_input::{exit_code, stderr, zhextract};

const DOC: &str = "2023年，全市智算中心提供算力服务50万卡时，同比增长5.2%。\n";

fn corpus(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("doc.txt"), DOC).unwrap();
    corpus
}

fn run(corpus: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "run".as_ref(),
        corpus.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    zhextract(&args)
}

fn indicator_texts(out: &Path) -> Vec<String> {
    let dataset = zhextract::read::Dataset::open(out).unwrap();
    dataset
        .indicators()
        .unwrap()
        .into_iter()
        .map(|row| row.span.text)
        .collect()
}

#[test]
fn a_rule_file_adds_a_unit_word_and_is_recorded_with_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let (plain, extended) = (dir.path().join("plain"), dir.path().join("extended"));
    assert_eq!(exit_code(&run(&corpus, &plain, &[])), Some(0));
    assert_eq!(indicator_texts(&plain), ["5.2%"]);

    let rules = dir.path().join("units.toml");
    std::fs::write(&rules, "[indicators.units]\nother = [\"卡时\"]\n").unwrap();
    let output = run(&corpus, &extended, &["--rules", rules.to_str().unwrap()]);
    assert_eq!(exit_code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(indicator_texts(&extended), ["50万卡时", "5.2%"]);

    let manifest = read_manifest(&extended).unwrap();
    let configuration = &manifest.configuration;
    assert_eq!(configuration["rules"][0], rules.to_str().unwrap());
    assert_eq!(
        configuration["rule_file_sha256"][rules.to_str().unwrap()]
            .as_str()
            .map(str::len),
        Some(64)
    );
    assert_ne!(
        manifest.config_hash,
        read_manifest(&plain).unwrap().config_hash
    );
}

#[test]
fn a_rule_file_that_breaks_a_table_stops_the_run_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    for (name, text, expected) in [
        (
            "dup.toml",
            "[indicators.units]\ncount = [\"家\"]\n",
            "duplicate word \"家\"",
        ),
        (
            "section.toml",
            "[gazetteer]\n",
            "unknown section [gazetteer]",
        ),
        ("syntax.toml", "[policies\n", "not a valid rules table"),
        (
            "unit.toml",
            "[indicators.units]\nlightyear = [\"光年\"]\n",
            "unknown canonical unit \"lightyear\"",
        ),
    ] {
        let rules = dir.path().join(name);
        std::fs::write(&rules, text).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let output = run(&corpus, &out, &["--rules", rules.to_str().unwrap()]);
        let message = stderr(&output);
        assert_eq!(exit_code(&output), Some(2), "{name}: {message}");
        assert!(message.contains(name), "{name}: {message}");
        assert!(message.contains(expected), "{name}: {message}");
        assert!(!out.exists(), "{name}: nothing is published");
    }
}

#[test]
fn editing_a_gazetteer_file_changes_the_configuration_hash() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let gazetteer = dir.path().join("names.toml");
    let mut hashes = Vec::new();
    for name in ["智算中心", "算力服务中心"] {
        let entry = format!("entry = [{{ name = \"{name}\", type = \"other\" }}]\n");
        std::fs::write(&gazetteer, entry).unwrap();
        let out = dir.path().join(format!("out-{}", hashes.len()));
        let output = run(&corpus, &out, &["--gazetteer", gazetteer.to_str().unwrap()]);
        assert_eq!(exit_code(&output), Some(0), "{}", stderr(&output));
        hashes.push(read_manifest(&out).unwrap().config_hash);
    }
    assert_ne!(hashes[0], hashes[1]);
}
