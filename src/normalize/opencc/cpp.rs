//! The optional C++ OpenCC backend (`--features opencc-cpp`), for cross-checking.
//!
//! [`CppOpenccConverter`] calls the system OpenCC library through `opencc-rust` 1.1
//! (Debian: `libopencc-dev`, OpenCC 1.1.x with its own 1.1.x dictionaries). It is a
//! second opinion on [`OpenccConverter`](super::OpenccConverter), not a replacement:
//!
//! * OpenCC's C API returns only the converted text, with no alignment. Pieces are
//!   therefore one per line (`\n` and NUL, which the C API cannot take, are passed
//!   through as their own pieces), narrowed by the characters the line's input and
//!   output have in common at the start and at the end. Within a changed line, offsets
//!   are only as precise as that.
//! * OpenCC 1.1 predates the 1.4 configuration features (`normalization`, IDS handling,
//!   `TSCharactersExt`) and its dictionaries are older, so results can differ from the
//!   default backend. Debian's data has no `hk2sp.json`.

use std::ops::Range;

use opencc_rust::OpenCC;

use super::super::script::ScriptConverter;
use super::OpenccConfig;

/// Why the C++ backend could not be created.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CppOpenccError {
    /// The system OpenCC could not load the configuration (not installed, or a
    /// configuration OpenCC 1.1 does not ship, such as `hk2sp`).
    #[error("the system OpenCC cannot load `{file}`: {message}")]
    Open {
        /// The configuration file OpenCC was asked for, e.g. `t2s.json`.
        file: String,
        /// OpenCC's message.
        message: &'static str,
    },
}

/// The system OpenCC (C++) behind the [`ScriptConverter`] trait.
pub struct CppOpenccConverter {
    config: OpenccConfig,
    name: String,
    opencc: OpenCC,
}

impl std::fmt::Debug for CppOpenccConverter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CppOpenccConverter")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl CppOpenccConverter {
    /// Loads `<config>.json` from the system OpenCC's data directory.
    ///
    /// # Errors
    ///
    /// [`CppOpenccError::Open`] when OpenCC cannot load the configuration.
    pub fn new(config: OpenccConfig) -> Result<Self, CppOpenccError> {
        let file = format!("{config}.json");
        let opencc =
            OpenCC::new(&file).map_err(|message| CppOpenccError::Open { file, message })?;
        Ok(Self {
            config,
            name: format!("opencc-cpp:{config}"),
            opencc,
        })
    }

    /// The configuration this converter applies.
    #[must_use]
    pub fn config(&self) -> OpenccConfig {
        self.config
    }

    /// Converts one line (no `\n`, no NUL) and reports it in at most three pieces.
    fn convert_line(&self, line: &str, offset: usize, sink: &mut dyn FnMut(Range<usize>, &str)) {
        if line.is_empty() {
            return;
        }
        let output = self.opencc.convert(line);
        let (prefix, suffix) = common_ends(line, &output);
        let (in_end, out_end) = (line.len() - suffix, output.len() - suffix);
        if prefix > 0 {
            sink(offset..offset + prefix, &line[..prefix]);
        }
        if in_end > prefix {
            sink(offset + prefix..offset + in_end, &output[prefix..out_end]);
        }
        if suffix > 0 {
            sink(offset + in_end..offset + line.len(), &line[in_end..]);
        }
    }
}

/// Byte lengths of the longest common prefix and suffix (in whole characters) of `a`
/// and `b`, shortened so that what is left in the middle is empty on both sides or on
/// neither (a piece needs input and output).
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let mut prefix: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let room = a.len().min(b.len()) - prefix;
    let mut suffix: usize = a[prefix..]
        .chars()
        .rev()
        .zip(b[prefix..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .scan(0, |total, len| {
            *total += len;
            (*total <= room).then_some(len)
        })
        .sum();
    let middle_is_empty = |prefix: usize, suffix: usize, text: &str| text.len() == prefix + suffix;
    while middle_is_empty(prefix, suffix, a) != middle_is_empty(prefix, suffix, b)
        && prefix + suffix > 0
    {
        // The common ends are the same text in `a` and `b`: shrink them by one
        // character, the suffix first.
        if suffix > 0 {
            suffix -= a[a.len() - suffix..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        } else {
            prefix -= a[..prefix].chars().next_back().map_or(0, char::len_utf8);
        }
    }
    (prefix, suffix)
}

impl ScriptConverter for CppOpenccConverter {
    fn name(&self) -> &str {
        &self.name
    }

    fn convert_pieces(&self, input: &str, sink: &mut dyn FnMut(Range<usize>, &str)) {
        let mut start = 0;
        for (at, separator) in input.match_indices(['\n', '\0']) {
            self.convert_line(&input[start..at], start, sink);
            sink(at..at + separator.len(), separator);
            start = at + separator.len();
        }
        self.convert_line(&input[start..], start, sink);
    }
}

#[cfg(test)]
mod tests {
    use super::super::OpenccConverter;
    use super::*;

    #[test]
    fn common_ends_keep_both_sides_of_the_middle() {
        assert_eq!(common_ends("換記憶體了", "换内存了"), (0, 3));
        assert_eq!(common_ends("abc", "abc"), (3, 0));
        // "AAB" → "AB": the middle would have no output; give it one character.
        let (prefix, suffix) = common_ends("AAB", "AB");
        assert!(3 - prefix - suffix > 0 && 2 - prefix - suffix > 0);
    }

    #[test]
    fn t2s_pieces_cover_lines() {
        let cpp = CppOpenccConverter::new(OpenccConfig::T2s).expect("libopencc installed");
        let input = "頭髮\n\0乾坤一擲，乾了";
        let mut next = 0;
        let mut joined = String::new();
        cpp.convert_pieces(input, &mut |range, text| {
            assert_eq!(range.start, next);
            next = range.end;
            joined.push_str(text);
        });
        assert_eq!(next, input.len());
        assert_eq!(joined, "头发\n\0乾坤一掷，干了");
    }

    /// The two backends on the seed documents (already Simplified) with `t2s`.
    #[test]
    fn agrees_with_the_default_backend_on_the_seeds() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let cpp = CppOpenccConverter::new(OpenccConfig::T2s).expect("libopencc installed");
        let rust = OpenccConverter::new(OpenccConfig::T2s);
        let mut entries: Vec<_> = std::fs::read_dir(&seeds)
            .expect("seeds/")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        entries.sort();
        assert!(!entries.is_empty());
        let (mut lines, mut differing) = (0, Vec::new());
        for path in entries {
            let text = std::fs::read_to_string(&path).expect("UTF-8 seed");
            for line in text.lines() {
                lines += 1;
                let (ours, theirs) = (rust.convert(line), cpp.convert(line));
                if ours != theirs {
                    differing.push(format!("{}: {ours} | {theirs}", path.display()));
                }
            }
        }
        assert!(
            differing.is_empty(),
            "{} of {lines} lines differ:\n{}",
            differing.len(),
            differing.join("\n")
        );
    }
}
