//! OpenCC text dictionaries and `short_circuit` dictionary groups.
//!
//! A text dictionary line is `key<TAB>candidate candidate…`; `#` lines and blank lines
//! are comments. OpenCC converts a key to its *first* candidate (`DictEntry::GetDefault`).
//! Entries borrow the embedded dictionary text, so loading allocates only the tables.
//!
//! A [`DictGroup`] is OpenCC's `group` dictionary with `match_policy: short_circuit`
//! (the default policy, `PrefixMatch::MatchPrefix` in OpenCC 1.4): at a position, the
//! member dictionaries are asked in order, and the first one holding *any* key that is a
//! prefix of the remaining text answers with its *longest* such key. A later dictionary
//! is not consulted even if it holds a longer key (that would be the `union` policy).
//! A single dictionary is a group of one.

use std::collections::BTreeMap;

use super::charmap::CharMap;
use super::ids;

/// One dictionary line: a key and its conversion candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    /// The text to match.
    pub(super) key: &'static str,
    /// All candidates, space-separated, most preferred first.
    pub(super) candidates: &'static str,
}

impl Entry {
    /// The candidate OpenCC outputs: the first one.
    pub(super) fn default_value(self) -> &'static str {
        self.candidates.split(' ').next().unwrap_or(self.candidates)
    }

    /// Whether the key is one of its own candidates (it is kept in some contexts).
    pub(super) fn may_keep_key(self) -> bool {
        self.candidates
            .split(' ')
            .any(|candidate| candidate == self.key)
    }
}

/// Parses an OpenCC text dictionary, skipping comments, blank lines and lines without
/// a key, a tab and a non-empty first candidate (the embedded files have none: a test
/// checks that every non-comment line parses).
pub(super) fn parse(text: &'static str) -> Vec<Entry> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (key, candidates) = line.split_once('\t')?;
            let entry = Entry { key, candidates };
            (!key.is_empty() && !entry.default_value().is_empty()).then_some(entry)
        })
        .collect()
}

/// Index of the first code point of `text` (which must not be empty).
fn first_code_point(text: &str) -> u32 {
    text.chars().next().map_or(0, u32::from)
}

/// A `short_circuit` group of dictionaries, indexed by the first character of the keys.
///
/// For each first character the group keeps the `(key, default value)` pairs of all its
/// dictionaries, ordered by dictionary and then longest key first: the first pair whose
/// key prefixes the text is exactly OpenCC's answer. Characters that start no key are
/// absent from the index, which is what lets the conversion loop copy them in bulk.
#[derive(Clone, Debug)]
pub(super) struct DictGroup {
    /// First character → range of `entries`. Also holds the IDS operators (with empty
    /// ranges), so that the bulk skip stops at them.
    by_first: CharMap<(u32, u32)>,
    entries: Box<[(&'static str, &'static str)]>,
}

impl DictGroup {
    /// Builds the group from its member dictionaries, in priority order.
    pub(super) fn new(dictionaries: &[Vec<Entry>]) -> Self {
        let mut keyed: Vec<(u32, usize, &'static str, &'static str)> = dictionaries
            .iter()
            .enumerate()
            .flat_map(|(rank, entries)| {
                entries.iter().map(move |entry| {
                    (
                        first_code_point(entry.key),
                        rank,
                        entry.key,
                        entry.default_value(),
                    )
                })
            })
            .collect();
        // Stable: equal keys in one dictionary keep file order (the first one wins).
        keyed.sort_by(|x, y| (x.0, x.1, y.2.len()).cmp(&(y.0, y.1, x.2.len())));
        let mut ranges: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
        for (index, &(first, ..)) in keyed.iter().enumerate() {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            ranges
                .entry(first)
                .and_modify(|range| range.1 = index + 1)
                .or_insert((index, index + 1));
        }
        for operator in ids::operators() {
            ranges.entry(operator).or_insert((0, 0));
        }
        Self {
            by_first: CharMap::from_sorted(ranges),
            entries: keyed
                .into_iter()
                .map(|(_, _, key, value)| (key, value))
                .collect(),
        }
    }

    /// Whether the bulk copy must stop at `code_point`: a key may start there, or an
    /// ideographic description sequence.
    #[inline]
    pub(super) fn stops_at(&self, code_point: u32) -> bool {
        self.by_first.contains(code_point)
    }

    /// OpenCC's prefix match at the start of `rest`, whose first character is
    /// `first`: the matched key's byte length and the value it converts to.
    #[inline]
    pub(super) fn match_prefix(&self, first: u32, rest: &str) -> Option<(usize, &'static str)> {
        let &(start, end) = self.by_first.get(first)?;
        self.entries
            .get(start as usize..end as usize)?
            .iter()
            .find(|(key, _)| rest.starts_with(key))
            .map(|&(key, value)| (key.len(), value))
    }

    /// Number of entries over all member dictionaries.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(dictionaries: &[&'static str]) -> DictGroup {
        let parsed: Vec<Vec<Entry>> = dictionaries.iter().map(|text| parse(text)).collect();
        DictGroup::new(&parsed)
    }

    fn matched(group: &DictGroup, text: &str) -> Option<(usize, &'static str)> {
        group.match_prefix(first_code_point(text), text)
    }

    #[test]
    fn parses_comments_blanks_and_candidates() {
        let entries = parse("# header\n\n乾\t干 乾\n頭髮\t头发\nbad line\n");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].default_value(), "干");
        assert!(entries[0].may_keep_key());
        assert_eq!(entries[1].key, "頭髮");
        assert!(!entries[1].may_keep_key());
    }

    #[test]
    fn longest_key_of_the_first_matching_dictionary() {
        let g = group(&["頭\tP1\n頭髮\tP2\n", "頭髮長\tX\n頭\tC\n"]);
        assert_eq!(matched(&g, "頭髮長"), Some(("頭髮".len(), "P2")));
        // The second dictionary's longer key is not consulted: short_circuit.
        let g = group(&["頭\tP1\n", "頭髮長\tX\n"]);
        assert_eq!(matched(&g, "頭髮長"), Some(("頭".len(), "P1")));
        // The first dictionary has no key here: the second answers.
        let g = group(&["髮\tP\n", "頭髮\tX\n頭\tC\n"]);
        assert_eq!(matched(&g, "頭髮"), Some(("頭髮".len(), "X")));
        assert_eq!(matched(&g, "頭"), Some(("頭".len(), "C")));
        assert_eq!(matched(&g, "天"), None);
        assert_eq!(g.len(), 3);
    }

    #[test]
    fn stops_at_key_starts_and_ids_operators() {
        let g = group(&["頭髮\tX\n"]);
        assert!(g.stops_at(u32::from('頭')));
        assert!(!g.stops_at(u32::from('髮')));
        assert!(g.stops_at(0x2FF0));
        assert_eq!(matched(&g, "⿰木木"), None);
    }
}
