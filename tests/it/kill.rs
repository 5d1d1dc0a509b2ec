//! Issue 7: a run killed with SIGKILL at any moment leaves at `--out` either a complete
//! dataset (the previous one, or the new one when the kill came after the publish) or
//! nothing — never a manifest over missing or truncated tables — and the next run cleans up
//! whatever the killed one left beside it.
//!
//! `ZHEXTRACT_KILL_ITERATIONS=20 cargo test --test it kill -- --nocapture` runs the loop
//! longer (default 5 kills); `ZHEXTRACT_KILL_SEED` replays a sequence of delays.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use zhextract::read::Dataset;
use zhextract::write::Table;

use super::bad_input::{exit_code, good_text, stderr, zhextract};

/// A corpus that takes the debug binary a few seconds: `files` documents of realistic
/// text.
fn kill_corpus(files: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for index in 0..files {
        let text: String = (0..8).map(|part| good_text(index * 8 + part)).collect();
        std::fs::write(dir.path().join(format!("doc_{index:03}.txt")), text).unwrap();
    }
    dir
}

/// The bytes of every table file of a dataset.
fn table_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    Table::ALL
        .iter()
        .map(|table| {
            let name = table.file_name();
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// Siblings a writer leaves beside `out` while it works (`out.zhextract-tmp-<pid>`,
/// `out.zhextract-old-<pid>`).
fn siblings(out: &Path) -> Vec<String> {
    let prefix = format!("{}.zhextract-", out.file_name().unwrap().to_string_lossy());
    let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&prefix))
        .collect();
    names.sort();
    names
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A small deterministic generator (no extra dependency): xorshift64*.
struct Random(u64);

impl Random {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn seed() -> u64 {
    std::env::var("ZHEXTRACT_KILL_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

/// What one kill left behind.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Found {
    /// A complete dataset that validates and has the reference tables.
    Complete,
    /// Nothing at `--out` (there was no previous dataset).
    Nothing,
    /// Nothing at `--out`, the previous dataset renamed aside: killed between the two
    /// renames of a publish; the next run puts it back.
    Aside,
}

/// Checks `out` after a kill; `previous` says whether a dataset was there before.
fn inspect(out: &Path, previous: bool, reference: &BTreeMap<String, Vec<u8>>) -> Found {
    if !out.exists() {
        if !previous {
            return Found::Nothing;
        }
        let aside = siblings(out);
        assert!(
            aside.iter().any(|name| name.contains(".zhextract-old-")),
            "the previous dataset vanished: nothing at {} and no aside copy ({aside:?})",
            out.display()
        );
        return Found::Aside;
    }
    assert!(
        Dataset::open(out).is_ok(),
        "{} is not a readable dataset",
        out.display()
    );
    let report = zhextract::batch::validate_dataset(out).unwrap();
    assert!(report.is_ok(), "{}", report.render(10));
    assert!(
        table_bytes(out) == *reference,
        "tables differ from a complete run"
    );
    Found::Complete
}

fn run_to_completion(corpus: &Path, out: &Path) -> Duration {
    let start = Instant::now();
    let output = zhextract(&[
        "run".as_ref(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        corpus.as_os_str(),
    ]);
    assert_eq!(exit_code(&output), Some(0), "{}", stderr(&output));
    start.elapsed()
}

#[test]
fn sigkill_at_random_moments_never_leaves_a_broken_dataset() {
    let iterations: usize = std::env::var("ZHEXTRACT_KILL_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let corpus = kill_corpus(24);
    let work = tempfile::tempdir().unwrap();
    let reference_dir = work.path().join("reference");
    let duration = run_to_completion(corpus.path(), &reference_dir);
    let reference = table_bytes(&reference_dir);
    let out: PathBuf = work.path().join("out");
    let seed = seed();
    let mut random = Random(seed);
    let mut found = BTreeMap::<String, usize>::new();
    for iteration in 0..iterations {
        let previous = iteration % 2 == 0;
        if previous && !out.exists() {
            copy_dir(&reference_dir, &out);
        } else if !previous && out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let delay = duration.mul_f64(1.1 * random.unit());
        let mut child = Command::new(env!("CARGO_BIN_EXE_zhextract"))
            .args(["run", "--quiet", "--out"])
            .arg(&out)
            .arg(corpus.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        let state = inspect(&out, previous, &reference);
        eprintln!(
            "kill {iteration}: after {:.2}s of a {:.2}s run, previous dataset: {previous}, \
             finished first: {finished} -> {state:?}",
            delay.as_secs_f64(),
            duration.as_secs_f64()
        );
        *found.entry(format!("{state:?}")).or_default() += 1;
        if state == Found::Aside {
            // A kill between the renames: the next run restores the previous dataset first.
            run_to_completion(corpus.path(), &out);
        }
    }
    run_to_completion(corpus.path(), &out);
    assert_eq!(inspect(&out, true, &reference), Found::Complete);
    assert_eq!(
        siblings(&out),
        Vec::<String>::new(),
        "a finished run removes what killed runs left"
    );
    eprintln!("{iterations} kills (seed {seed}): {found:?}");
}
