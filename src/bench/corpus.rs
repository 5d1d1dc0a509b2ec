//! Bench corpus generation: the embedded seed documents copied round-robin until the
//! requested size is reached, 1,000 files per sub-directory so large corpora stay
//! listable. Documents are whole seed files (real PDF-extracted text), so per-document
//! costs (file open, hashing, jieba warm-up per sentence) are realistic.

use std::path::{Path, PathBuf};

/// The seed documents embedded in the binary: `(file name, text)`.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "000_c4d27eb5191576ee.txt",
        include_str!("../../seeds/000_c4d27eb5191576ee.txt"),
    ),
    (
        "001_04d71fc19d7d077d.txt",
        include_str!("../../seeds/001_04d71fc19d7d077d.txt"),
    ),
    (
        "002_7ac091414ba7caeb.txt",
        include_str!("../../seeds/002_7ac091414ba7caeb.txt"),
    ),
    (
        "003_f723bf41a07c9cab.txt",
        include_str!("../../seeds/003_f723bf41a07c9cab.txt"),
    ),
    (
        "004_1cc896fb872a0a73.txt",
        include_str!("../../seeds/004_1cc896fb872a0a73.txt"),
    ),
];

/// Files per sub-directory of a generated corpus.
const FILES_PER_DIR: usize = 1000;

/// Writes at least `bytes` bytes of seed documents under `dir` (created if missing; an
/// existing corpus of the same total size is reused as is) and returns the files written.
///
/// # Errors
/// When the directory or a file cannot be written.
#[expect(
    clippy::disallowed_methods,
    reason = "the benchmark's own scratch corpus, not a dataset"
)]
pub fn generate_corpus(dir: &Path, bytes: u64) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let mut total = 0u64;
    let mut index = 0usize;
    while total < bytes.max(1) {
        let (name, text) = SEEDS[index % SEEDS.len()];
        let sub = dir.join(format!("{:04}", index / FILES_PER_DIR));
        if index % FILES_PER_DIR == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let path = sub.join(format!("{index:07}_{name}"));
        let up_to_date = std::fs::metadata(&path).is_ok_and(|meta| meta.len() == text.len() as u64);
        if !up_to_date {
            std::fs::write(&path, text)?;
        }
        total += text.len() as u64;
        written.push(path);
        index += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_at_least_the_requested_size() {
        let dir = tempfile::tempdir().unwrap();
        let files = generate_corpus(dir.path(), 200_000).unwrap();
        let total: u64 = files
            .iter()
            .map(|path| std::fs::metadata(path).unwrap().len())
            .sum();
        assert!(total >= 200_000);
        assert!(files.len() >= SEEDS.len());
    }
}
