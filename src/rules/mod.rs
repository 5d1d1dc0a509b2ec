//! Rules are data: every table an extractor uses (units, multipliers, qualifiers,
//! organization suffixes and gazetteer, policy-type suffixes, date words) lives in
//! `src/rules/data/*.toml`, embedded with `include_str!` and parsed into typed tables once
//! at start-up. Users extend them with their own files: `--rules FILE` lays sections over
//! any table ([`overlay`]), `--gazetteer FILE` adds organization names.
//!
//! The pipeline builds one [`Rules`] per run and hands it to
//! [`crate::extract::Registry::new`], which compiles each extractor from it.

pub mod dates;
pub mod indicators;
pub mod organizations;
pub mod overlay;
pub mod policies;

use std::path::{Path, PathBuf};

/// Why a rule table could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuleError {
    /// A user-supplied rule file could not be read.
    #[error("cannot read rule file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A rule file is not valid TOML for its table.
    #[error("rule file {origin} is not a valid {table} table: {message}")]
    Parse {
        /// `embedded` or the user file's path.
        origin: String,
        /// Which table (`units`, `gazetteer`, …).
        table: &'static str,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A table parsed but breaks a rule of its own (duplicate key, empty key, unknown unit).
    #[error("rule file {origin}, table {table}: {message}")]
    Invalid {
        /// `embedded` or the user file's path.
        origin: String,
        /// Which table.
        table: &'static str,
        /// What is wrong and where.
        message: String,
    },
}

/// Every rule table of a run.
#[derive(Clone, Debug)]
pub struct Rules {
    /// Units, multipliers, qualifiers and measure verbs for indicators.
    pub indicators: indicators::IndicatorRules,
    /// Date words and patterns.
    pub dates: dates::DateRules,
    /// Organization gazetteer and suffixes.
    pub organizations: organizations::OrganizationRules,
    /// Policy-type suffixes and non-policy title markers.
    pub policies: policies::PolicyRules,
}

impl Rules {
    /// The embedded tables, as shipped.
    ///
    /// # Errors
    /// Only if an embedded table is broken (a bug caught by the hygiene tests).
    pub fn embedded() -> Result<Self, RuleError> {
        Ok(Self {
            indicators: indicators::IndicatorRules::embedded()?,
            dates: dates::DateRules::embedded()?,
            organizations: organizations::OrganizationRules::embedded()?,
            policies: policies::PolicyRules::embedded()?,
        })
    }

    /// The embedded tables extended by the user's rule files (sections laid over the
    /// tables, see [`overlay`]) and gazetteer files, each in the order given.
    ///
    /// # Errors
    /// When a file cannot be read, is not valid for its table, or the merged table breaks
    /// one of the table's rules (e.g. a word listed twice); the message names the file.
    pub fn load(rule_files: &[PathBuf], gazetteers: &[PathBuf]) -> Result<Self, RuleError> {
        let overlays = overlay::Overlays::read(rule_files)?;
        let mut rules = Self {
            indicators: indicators::IndicatorRules::load(&overlays)?,
            dates: dates::DateRules::load(&overlays)?,
            organizations: organizations::OrganizationRules::load(&overlays)?,
            policies: policies::PolicyRules::load(&overlays)?,
        };
        for gazetteer in gazetteers {
            rules.add_gazetteer(gazetteer)?;
        }
        Ok(rules)
    }

    /// Adds the entries of a user gazetteer file (same format as the embedded one).
    ///
    /// # Errors
    /// When the file cannot be read or is not a valid gazetteer.
    pub fn add_gazetteer(&mut self, path: &Path) -> Result<(), RuleError> {
        let text = std::fs::read_to_string(path).map_err(|source| RuleError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        self.organizations
            .extend_gazetteer(&text, &path.display().to_string())
    }
}

/// Parses a TOML rule table, naming the file in the error.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: &str,
    table: &'static str,
) -> Result<T, RuleError> {
    toml::from_str(text).map_err(|error| RuleError::Parse {
        origin: origin.to_string(),
        table,
        message: error.to_string(),
    })
}
