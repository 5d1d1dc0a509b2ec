//! Stage 0 of the pipeline: find the input files, read their bytes, decode them.
//!
//! `**ingest** → normalize → segment → extract → validate → write`
//!
//! [`walk()`] turns command-line inputs into a sorted list of [`InputFile`]s (directories
//! recursively, hidden entries skipped, symlink loops detected); [`read_bytes`] and [`decode_document`] read one file
//! into a [`SourceDoc`]: bytes, sha256, detected encoding, decoded text with a byte map
//! and the original line index. A file that cannot be read or decoded is an
//! [`IngestError`] for that document only; the batch goes on.

pub mod decode;
pub mod walk;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use decode::{DecodeError, Decoded};
pub use walk::{walk, InputFile, WalkError};

use crate::span::LineIndex;

/// Why one document could not be ingested. It becomes that document's error row.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}; {}", read_advice(.source))]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The path is a directory, FIFO, socket or device, not a regular file (reading a FIFO
    /// would block the run forever).
    #[error("cannot read {path}: it is a {kind}, not a regular file; remove it from the inputs")]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// `directory`, `FIFO`, `socket`, `device` or `special file`.
        kind: &'static str,
    },
    /// The file is larger than `--max-file-bytes` (or than [`MAX_FILE_BYTES`]).
    #[error(
        "{path} is {bytes} bytes, over the limit of {limit} bytes; raise the limit with \
         --max-file-bytes (at most {MAX_FILE_BYTES}) or split the file"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not text in a supported encoding.
    #[error("{path}: {source}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// Why.
        source: DecodeError,
    },
    /// The file decodes but holds no text: it is empty or only whitespace (usually a failed
    /// conversion upstream).
    #[error(
        "{path} has no text ({bytes} bytes, {}); nothing to extract: check the tool that \
         produced it, or remove it from the inputs",
        if *.bytes == 0 { "empty" } else { "only whitespace" }
    )]
    NoText {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
}

/// The largest file a run can read whatever `--max-file-bytes` says: decoded offsets are
/// `u32`, and decoding may grow text by half (GB18030, Big5 and UTF-16 to UTF-8).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// What to do about an unreadable file, by the kind of I/O error.
fn read_advice(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => "check the path (it may have been moved or deleted)",
        std::io::ErrorKind::PermissionDenied => {
            "check its permissions (e.g. `chmod a+r FILE`) or run as a user who may read it"
        }
        _ => "check that the file is readable (e.g. `cat FILE > /dev/null`) and try again",
    }
}

/// One input document, read and decoded.
#[derive(Clone, Debug)]
pub struct SourceDoc {
    /// The file and its `doc_id`.
    pub input: InputFile,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Hex sha256 of the file bytes.
    pub sha256: String,
    /// Decoded text and byte map.
    pub decoded: Decoded,
    /// Lines of the original file.
    pub lines: LineIndex,
}

/// Reads the bytes of `input`, refusing anything but a regular file and files over
/// `max_bytes` (capped at [`MAX_FILE_BYTES`]); a file that grows while being read is
/// refused too, so memory never exceeds the limit.
///
/// # Errors
/// When the file cannot be read, is not a regular file or is too large.
pub fn read_bytes(input: &InputFile, max_bytes: u64) -> Result<Vec<u8>, IngestError> {
    use std::io::Read;
    let path = &input.path;
    let read_error = |source| IngestError::Read {
        path: path.clone(),
        source,
    };
    let limit = max_bytes.min(MAX_FILE_BYTES);
    let too_large = |bytes| IngestError::TooLarge {
        path: path.clone(),
        bytes,
        limit,
    };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    if !metadata.is_file() {
        return Err(IngestError::NotAFile {
            path: path.clone(),
            kind: file_kind(metadata.file_type()),
        });
    }
    if metadata.len() > limit {
        return Err(too_large(metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The kind of a non-regular file, for [`IngestError::NotAFile`].
fn file_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "device";
        }
    }
    if file_type.is_dir() {
        "directory"
    } else {
        "special file"
    }
}

/// Decodes bytes already read from `input`.
///
/// # Errors
/// When the bytes are not text in a supported encoding, or hold no text at all.
pub fn decode_document(input: &InputFile, bytes: &[u8]) -> Result<SourceDoc, IngestError> {
    let decoded = decode::decode(bytes).map_err(|source| IngestError::Decode {
        path: input.path.clone(),
        source,
    })?;
    if decoded.text.trim().is_empty() {
        return Err(IngestError::NoText {
            path: input.path.clone(),
            bytes: bytes.len() as u64,
        });
    }
    let lines = line_index(&decoded);
    Ok(SourceDoc {
        input: input.clone(),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        decoded,
        lines,
    })
}

/// Hex sha256 of `bytes`.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// The original file's line index: a line ends after the original bytes of each `\n`.
#[must_use]
pub fn line_index(decoded: &Decoded) -> LineIndex {
    LineIndex::from_line_feed_ends(
        memchr::memchr_iter(b'\n', decoded.text.as_bytes())
            .map(|at| decoded.source_range_of_char(at, 1).end as u64),
    )
}

/// The line index of an original file in a known encoding (for `validate` and `show`).
#[must_use]
pub fn line_index_of_bytes(bytes: &[u8], encoding: &str) -> LineIndex {
    match encoding {
        "UTF-16LE" | "UTF-16BE" => {
            let little = encoding == "UTF-16LE";
            LineIndex::from_line_feed_ends(bytes.chunks_exact(2).enumerate().filter_map(
                |(index, pair)| {
                    let newline = if little {
                        pair == [b'\n', 0]
                    } else {
                        pair == [0, b'\n']
                    };
                    newline.then_some(index as u64 * 2 + 2)
                },
            ))
        }
        // GB18030 and Big5 never use 0x0A inside a multi-byte sequence.
        _ => LineIndex::from_line_feed_ends(
            memchr::memchr_iter(b'\n', bytes).map(|at| at as u64 + 1),
        ),
    }
}

/// The path as a `/`-separated string.
#[must_use]
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
