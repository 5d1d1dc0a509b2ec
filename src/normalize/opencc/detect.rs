//! Script detection: is a document Simplified, Traditional or a mix?
//!
//! The normalizer uses this to decide whether a document needs the Traditional →
//! Simplified step at all (and to record the source script in the manifest). It votes
//! with the characters only one script uses, as OpenCC's own character tables say:
//!
//! * [`CharScript::Traditional`]: `t2s` changes the character whatever the context
//!   (`TSCharacters`/`TSCharactersExt` map it, and not to itself among the candidates);
//! * [`CharScript::Simplified`]: not Traditional, `s2t` changes it whatever the context
//!   (`STCharacters`, same rule), and it is not the Taiwan or Hong Kong form of a
//!   character (峰 and 群 are what Taiwan writes for OpenCC's 峯 and 羣:
//!   `TWVariantsRev`/`HKVariantsRev` keys);
//! * [`CharScript::Neutral`]: everything else, including characters that are a valid
//!   spelling in both scripts in some words (后, 里, 干, 面, 乾, 於…), which would
//!   otherwise make every Traditional text look partly Simplified.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::charmap::CharMap;
use super::data::DictFile;
use super::dict;

/// Which script a single character belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CharScript {
    /// Only Traditional text uses it (Traditional → Simplified always changes it).
    Traditional,
    /// Only Simplified text uses it (Simplified → Traditional always changes it).
    Simplified,
    /// Both scripts use it, or it is not a Chinese character.
    Neutral,
}

/// The script of a whole document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentScript {
    /// At least [`DOMINANT_SCRIPT_PERCENT`]% of the scripted characters are Simplified,
    /// or there are none.
    Simplified,
    /// At least [`DOMINANT_SCRIPT_PERCENT`]% of the scripted characters are Traditional.
    Traditional,
    /// Neither script dominates.
    Mixed,
}

/// The share (in percent) of scripted characters one script needs to name the document.
///
/// 95% tolerates the odd quoted name or OCR slip in a long document, while a document
/// that is a tenth Traditional is reported as [`DocumentScript::Mixed`], which is worth
/// a look before trusting its conversion.
pub const DOMINANT_SCRIPT_PERCENT: usize = 95;

/// How many characters of a text vote for each script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Characters classified [`CharScript::Simplified`].
    pub simplified: usize,
    /// Characters classified [`CharScript::Traditional`].
    pub traditional: usize,
}

impl ScriptCounts {
    /// The document script these counts imply (see [`DOMINANT_SCRIPT_PERCENT`]).
    #[must_use]
    pub fn document_script(self) -> DocumentScript {
        let total = self.simplified + self.traditional;
        if self.simplified * 100 >= total * DOMINANT_SCRIPT_PERCENT {
            DocumentScript::Simplified
        } else if self.traditional * 100 >= total * DOMINANT_SCRIPT_PERCENT {
            DocumentScript::Traditional
        } else {
            DocumentScript::Mixed
        }
    }
}

/// Scripted characters only; absent means [`CharScript::Neutral`].
static SCRIPTS: LazyLock<CharMap<CharScript>> = LazyLock::new(build_table);

/// Characters a one-character dictionary always changes, from `files` in priority
/// order (the first file holding a character decides, as in a `short_circuit` group).
fn always_changed(files: &[DictFile]) -> BTreeMap<u32, bool> {
    let mut decided = BTreeMap::new();
    for file in files {
        for entry in dict::parse(file.text()) {
            let mut chars = entry.key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                decided.entry(u32::from(c)).or_insert(!entry.may_keep_key());
            }
        }
    }
    decided
}

fn build_table() -> CharMap<CharScript> {
    let traditional = always_changed(&[DictFile::TsCharactersExt, DictFile::TsCharacters]);
    let simplified = always_changed(&[DictFile::StCharacters]);
    let regional = always_changed(&[DictFile::TwVariantsRev, DictFile::HkVariantsRev]);
    let mut scripts = BTreeMap::new();
    for (&c, &changed) in &simplified {
        if changed && !traditional.contains_key(&c) && !regional.contains_key(&c) {
            scripts.insert(c, CharScript::Simplified);
        }
    }
    for (&c, &changed) in &traditional {
        if changed {
            scripts.insert(c, CharScript::Traditional);
        }
    }
    CharMap::from_sorted(scripts)
}

/// The script `c` belongs to (see the module documentation for the rules).
#[must_use]
pub fn char_script(c: char) -> CharScript {
    SCRIPTS
        .get(u32::from(c))
        .copied()
        .unwrap_or(CharScript::Neutral)
}

/// Counts the Simplified-only and Traditional-only characters of `text`.
#[must_use]
pub fn count_scripts(text: &str) -> ScriptCounts {
    let table = &*SCRIPTS;
    let mut counts = ScriptCounts::default();
    for c in text.chars() {
        match table.get(u32::from(c)) {
            Some(CharScript::Simplified) => counts.simplified += 1,
            Some(CharScript::Traditional) => counts.traditional += 1,
            _ => {}
        }
    }
    counts
}

/// The script of a document: [`count_scripts`] judged by [`DOMINANT_SCRIPT_PERCENT`].
/// A text without scripted characters counts as Simplified (nothing to convert).
#[must_use]
pub fn detect_script(text: &str) -> DocumentScript {
    count_scripts(text).document_script()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters() {
        assert_eq!(char_script('國'), CharScript::Traditional);
        assert_eq!(char_script('国'), CharScript::Simplified);
        assert_eq!(char_script('髮'), CharScript::Traditional);
        assert_eq!(char_script('发'), CharScript::Simplified);
        assert_eq!(char_script('中'), CharScript::Neutral);
        assert_eq!(char_script('a'), CharScript::Neutral);
        // Valid in both scripts in some words.
        for c in ['后', '里', '干', '面', '乾', '於', '台', '系', '峰', '群'] {
            assert_eq!(char_script(c), CharScript::Neutral, "{c}");
        }
    }

    #[test]
    fn documents() {
        assert_eq!(
            detect_script("中华人民共和国国务院"),
            DocumentScript::Simplified
        );
        assert_eq!(
            detect_script("中華人民共和國國務院"),
            DocumentScript::Traditional
        );
        assert_eq!(detect_script("中华人民共和國國務院"), DocumentScript::Mixed);
        assert_eq!(detect_script("2024 年 GDP"), DocumentScript::Simplified);
        assert_eq!(detect_script(""), DocumentScript::Simplified);
        let mostly = format!("{}國", "国".repeat(19));
        assert_eq!(detect_script(&mostly), DocumentScript::Simplified);
        let counts = count_scripts("国國國");
        assert_eq!(
            counts,
            ScriptCounts {
                simplified: 1,
                traditional: 2
            }
        );
        assert_eq!(counts.document_script(), DocumentScript::Mixed);
    }
}
