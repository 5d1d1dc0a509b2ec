//! User rule files (`zhextract run --rules FILE`): one TOML file whose sections extend the
//! embedded tables of the same name, so a user adds a unit word, an organization suffix or
//! a policy-type ending without rebuilding.
//!
//! ```toml
//! [indicators.units]
//! count = ["宗", "艘"]          # appended to the embedded `count` words
//!
//! [policies]
//! [[policies.suffix]]           # one more policy-type ending
//! suffix = "白皮书"
//! policy_type = "other"
//! ```
//!
//! Each section has the format of `src/rules/data/<section>.toml` and is laid over it:
//! tables merge key by key, arrays are extended (embedded items first, then each file's in
//! the order given), and any other value replaces the embedded one. The merged table then
//! goes through the same parsing and checks as the embedded one, so a repeated word or an
//! unknown unit is refused with the file named. [`super::Rules::load`] applies the files;
//! the extractors never see where a rule came from.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::RuleError;

/// The sections a rule file may have: one per embedded table (the gazetteer has its own
/// option, `--gazetteer`).
pub const SECTIONS: [&str; 4] = ["indicators", "dates", "organizations", "policies"];

/// The parsed user rule files, in the order given.
#[derive(Clone, Debug, Default)]
pub struct Overlays {
    files: Vec<(PathBuf, toml::Table)>,
}

impl Overlays {
    /// Reads and parses each file; a section other than [`SECTIONS`] is refused.
    ///
    /// # Errors
    /// When a file cannot be read, is not TOML, or has an unknown section.
    pub fn read(paths: &[PathBuf]) -> Result<Self, RuleError> {
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let text = std::fs::read_to_string(path).map_err(|source| RuleError::Read {
                path: path.clone(),
                source,
            })?;
            files.push((path.clone(), parse_file(&text, path)?));
        }
        Ok(Self { files })
    }

    /// True when no file was given (the embedded tables are used as they are).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text of table `section`: `embedded` itself when no file has that section,
    /// else `embedded` with every file's section laid over it. The second value names
    /// the sources for error messages (`embedded`, or `embedded + extra.toml`).
    ///
    /// # Errors
    /// Only if `embedded` is not TOML (a bug the hygiene tests catch).
    pub fn apply<'a>(
        &self,
        section: &'static str,
        embedded: &'a str,
    ) -> Result<(Cow<'a, str>, String), RuleError> {
        let layers: Vec<(&Path, &toml::Table)> = self
            .files
            .iter()
            .filter_map(|(path, file)| match file.get(section) {
                Some(toml::Value::Table(table)) => Some((path.as_path(), table)),
                _ => None,
            })
            .collect();
        if layers.is_empty() {
            return Ok((Cow::Borrowed(embedded), "embedded".to_string()));
        }
        let mut merged: toml::Table =
            toml::from_str(embedded).map_err(|error| RuleError::Parse {
                origin: "embedded".to_string(),
                table: section,
                message: error.to_string(),
            })?;
        let mut origin = vec!["embedded".to_string()];
        for (path, layer) in layers {
            lay_over(&mut merged, layer.clone());
            origin.push(path.display().to_string());
        }
        let origin = origin.join(" + ");
        let text = toml::to_string(&merged).map_err(|error| RuleError::Invalid {
            origin: origin.clone(),
            table: section,
            message: error.to_string(),
        })?;
        Ok((Cow::Owned(text), origin))
    }
}

/// Parses one rule file and checks its top level: only [`SECTIONS`], each a table.
fn parse_file(text: &str, path: &Path) -> Result<toml::Table, RuleError> {
    let origin = path.display().to_string();
    let file: toml::Table = toml::from_str(text).map_err(|error| RuleError::Parse {
        origin: origin.clone(),
        table: "rules",
        message: error.to_string(),
    })?;
    for (key, value) in &file {
        let problem = if !SECTIONS.contains(&key.as_str()) {
            Some(format!(
                "unknown section [{key}]; a rule file has the sections {} (gazetteer entries go in a --gazetteer file)",
                SECTIONS.join(", ")
            ))
        } else if !value.is_table() {
            Some(format!(
                "`{key}` must be a table ([{key}]), not a {}",
                value.type_str()
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            return Err(RuleError::Invalid {
                origin,
                table: "rules",
                message,
            });
        }
    }
    Ok(file)
}

/// Lays `layer` over `base`: tables merge key by key, arrays are extended, any other
/// value (or a value of another type) replaces the base's.
fn lay_over(base: &mut toml::Table, layer: toml::Table) {
    for (key, value) in layer {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(below)), toml::Value::Table(above)) => lay_over(below, above),
            (Some(toml::Value::Array(below)), toml::Value::Array(above)) => below.extend(above),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn tables_merge_arrays_extend_scalars_replace() {
        let mut base = table("a = 1\nlist = [\"x\"]\n[t]\nkeep = true\nlist = [1]\n");
        lay_over(
            &mut base,
            table("a = 2\nlist = [\"y\"]\nnew = \"n\"\n[t]\nlist = [2, 3]\n"),
        );
        assert_eq!(
            base,
            table(
                "a = 2\nlist = [\"x\", \"y\"]\nnew = \"n\"\n[t]\nkeep = true\nlist = [1, 2, 3]\n"
            )
        );
    }

    #[test]
    fn a_value_of_another_type_replaces() {
        let mut base = table("v = [1]\n");
        lay_over(&mut base, table("v = \"s\"\n"));
        assert_eq!(base, table("v = \"s\"\n"));
    }

    #[test]
    fn unknown_sections_and_non_tables_are_refused_with_the_file_named() {
        let path = Path::new("my_rules.toml");
        let unknown = parse_file("[gazetteer]\nx = 1\n", path)
            .unwrap_err()
            .to_string();
        assert!(unknown.contains("my_rules.toml"), "{unknown}");
        assert!(unknown.contains("unknown section [gazetteer]"), "{unknown}");
        let scalar = parse_file("indicators = 3\n", path)
            .unwrap_err()
            .to_string();
        assert!(scalar.contains("must be a table"), "{scalar}");
        let broken = parse_file("[indicators\n", path).unwrap_err().to_string();
        assert!(broken.contains("my_rules.toml"), "{broken}");
    }

    #[test]
    fn untouched_sections_keep_the_embedded_text() {
        let overlays = Overlays {
            files: vec![(PathBuf::from("u.toml"), table("[dates]\nx = [1]\n"))],
        };
        let (text, origin) = overlays.apply("policies", "a = 1\n").unwrap();
        assert!(matches!(text, Cow::Borrowed(_)));
        assert_eq!(origin, "embedded");
        let (text, origin) = overlays.apply("dates", "x = [0]\n").unwrap();
        assert_eq!(table(&text), table("x = [0, 1]\n"));
        assert_eq!(origin, "embedded + u.toml");
    }
}
