//! Turning command-line inputs into the sorted list of documents of a run.
//!
//! A file input is one document whose `doc_id` is its file name; a directory input is
//! walked recursively (sorted, hidden entries skipped, symlinks followed once: a loop is
//! reported, not followed) and each file's `doc_id` is its path relative to the
//! directory. An input that does not exist still yields a document (which fails with
//! "no such file"), so the dataset records it.

use std::collections::BTreeMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::slash_path;

/// One document to process.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// Path relative to its input root, `/`-separated: the `doc_id`.
    pub doc_id: String,
    /// The path to open (the input as given, joined with the relative path).
    pub path: PathBuf,
}

/// Why the inputs cannot form one run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WalkError {
    /// Two inputs yield the same `doc_id`.
    #[error(
        "two inputs give the same doc_id {doc_id:?}: {first} and {second}; pass their common \
         parent directory instead so doc_ids stay unique"
    )]
    DuplicateDocId {
        /// The clashing id.
        doc_id: String,
        /// The first file.
        first: PathBuf,
        /// The second file.
        second: PathBuf,
    },
}

/// Lists the documents of `inputs`, sorted by `doc_id`.
///
/// Unreadable directories and symlink loops are reported through `warn` and skipped; a
/// missing input is kept (its document fails when read).
///
/// # Errors
/// When two inputs give the same `doc_id`.
pub fn walk(inputs: &[PathBuf], warn: &mut dyn FnMut(String)) -> Result<Vec<InputFile>, WalkError> {
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for input in inputs {
        let mut found = Vec::new();
        if input.is_dir() {
            let mut visited = HashSet::new();
            walk_dir(input, Path::new(""), &mut visited, &mut found, warn);
        } else {
            found.push((file_doc_id(input), input.clone()));
        }
        for (doc_id, path) in found {
            if let Some(first) = files.get(&doc_id) {
                return Err(WalkError::DuplicateDocId {
                    doc_id,
                    first: first.clone(),
                    second: path,
                });
            }
            files.insert(doc_id, path);
        }
    }
    Ok(files
        .into_iter()
        .map(|(doc_id, path)| InputFile { doc_id, path })
        .collect())
}

/// The `doc_id` of a file given directly: its file name; for a path without one (`x/..`
/// that does not exist), its plain components joined with `/`, so a `doc_id` is never
/// absolute and never holds `.` or `..`.
fn file_doc_id(input: &Path) -> String {
    if let Some(name) = input.file_name() {
        return name.to_string_lossy().into_owned();
    }
    let plain: Vec<_> = input
        .components()
        .filter_map(|component| match component {
            std::path::Component::Normal(name) => Some(name.to_string_lossy()),
            _ => None,
        })
        .collect();
    if plain.is_empty() {
        "input".to_owned()
    } else {
        plain.join("/")
    }
}

fn walk_dir(
    dir: &Path,
    relative: &Path,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<(String, PathBuf)>,
    warn: &mut dyn FnMut(String),
) {
    match std::fs::canonicalize(dir) {
        Ok(real) if visited.contains(&real) => {
            warn(format!(
                "{}: symlink loop (directory already visited), skipped; its files are \
                 processed under their first path",
                dir.display()
            ));
            return;
        }
        Err(error) => {
            warn(format!(
                "{}: cannot resolve directory: {error}; its files are NOT processed (check \
                 the path and its permissions)",
                dir.display()
            ));
            return;
        }
        Ok(real) => {
            visited.insert(real);
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            warn(format!(
                "{}: cannot list directory: {error}; its files are NOT processed (check its \
                 permissions, e.g. `chmod a+rx DIR`)",
                dir.display()
            ));
            return;
        }
    };
    let mut names: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name())
        .collect();
    names.sort();
    for name in names {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = dir.join(&name);
        let relative = relative.join(&name);
        if path.is_dir() {
            walk_dir(&path, &relative, visited, found, warn);
        } else if path.exists() {
            found.push((slash_path(&relative), path));
        } else {
            warn(format!(
                "{}: broken symlink (its target is missing or it is part of a symlink \
                 loop), skipped",
                path.display()
            ));
        }
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods, reason = "tests write their own fixtures")]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_with_relative_ids_and_survives_loops() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        std::fs::write(dir.path().join("b/c/x.txt"), "x").unwrap();
        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        std::fs::write(dir.path().join(".hidden"), "h").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), dir.path().join("b/loop")).unwrap();
        let mut warnings = Vec::new();
        let files = walk(&[dir.path().to_path_buf()], &mut |w| warnings.push(w)).unwrap();
        let ids: Vec<_> = files.iter().map(|f| f.doc_id.as_str()).collect();
        assert_eq!(ids, ["a.txt", "b/c/x.txt"]);
        #[cfg(unix)]
        assert!(
            warnings.iter().any(|w| w.contains("symlink loop")),
            "{warnings:?}"
        );
    }

    #[test]
    fn file_doc_ids_are_relative_and_plain() {
        let cases = [
            ("/abs/dir/report.txt", "report.txt"),
            ("../up/report.txt", "report.txt"),
            ("missing/..", "missing"),
            ("/", "input"),
            ("..", "input"),
        ];
        for (input, doc_id) in cases {
            assert_eq!(file_doc_id(Path::new(input)), doc_id, "{input}");
        }
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("one")).unwrap();
        std::fs::create_dir_all(dir.path().join("two")).unwrap();
        std::fs::write(dir.path().join("one/x.txt"), "1").unwrap();
        std::fs::write(dir.path().join("two/x.txt"), "2").unwrap();
        let inputs = [dir.path().join("one"), dir.path().join("two")];
        assert!(matches!(
            walk(&inputs, &mut |_| {}),
            Err(WalkError::DuplicateDocId { .. })
        ));
    }
}
