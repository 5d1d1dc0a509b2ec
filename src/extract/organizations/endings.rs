//! A lookup of word endings (organizational suffixes, `nt` endings, common words, zone
//! endings) that answers "which entries does this text end with, longest first" in time
//! proportional to the longest entry, whatever the size of the table.
//!
//! Used by the organizations extractor's [`super::lexicon::Lexicon`] on every word of
//! every sentence (`extract` stage), where a scan of the whole suffix table with a byte
//! comparison per entry was the extractor's main cost. The entries stay data in
//! `organizations.toml`; this is only their compiled form.
//!
//! The structure is a trie of the entries read backwards (last char first). Walking the
//! text backwards from its end visits exactly the entries it ends with, shortest first;
//! each node with an entry also links to the nearest shorter entry on its path, so the
//! matches come out longest first without collecting them.

/// Index of a node in [`EndingTrie::nodes`].
type NodeId = u32;

/// One node: a suffix of some entry, read backwards from the entry's end.
#[derive(Debug, Default)]
struct Node {
    /// The next node for each char before this ending, sorted by char.
    children: Vec<(char, NodeId)>,
    /// The entry that is exactly this ending, if any (index into `values`).
    value: Option<u32>,
    /// The nearest shorter ending on the path that is an entry.
    shorter: Option<NodeId>,
    /// Length of this ending in bytes.
    bytes: usize,
}

/// Entries keyed by their text, looked up by the end of a text; see the module docs.
#[derive(Debug)]
pub(super) struct EndingTrie<T> {
    /// Node 0 is the root (the empty ending); a child always comes after its parent.
    nodes: Vec<Node>,
    /// The entries, in insertion order.
    values: Vec<T>,
}

impl<T> EndingTrie<T> {
    /// Builds the trie of `entries` as `(text, value)`; when a text repeats, the first
    /// entry wins (as a scan of the list in order would find it first).
    pub(super) fn new<K: AsRef<str>>(entries: impl IntoIterator<Item = (K, T)>) -> Self {
        let mut trie = Self {
            nodes: vec![Node::default()],
            values: Vec::new(),
        };
        let mut parents: Vec<NodeId> = vec![0];
        for (key, value) in entries {
            let node = trie.insert_path(key.as_ref(), &mut parents);
            if trie.nodes[node].value.is_none() {
                trie.nodes[node].value = u32::try_from(trie.values.len()).ok();
                trie.values.push(value);
            }
        }
        trie.link_shorter(&parents);
        trie
    }

    /// Makes the nodes of `key` read backwards and returns the last one's index.
    fn insert_path(&mut self, key: &str, parents: &mut Vec<NodeId>) -> usize {
        let mut at: NodeId = 0;
        for ch in key.chars().rev() {
            let node = &self.nodes[at as usize];
            match node.children.binary_search_by_key(&ch, |&(c, _)| c) {
                Ok(found) => at = node.children[found].1,
                Err(slot) => {
                    let bytes = node.bytes + ch.len_utf8();
                    let Ok(id) = NodeId::try_from(self.nodes.len()) else {
                        break;
                    };
                    self.nodes[at as usize].children.insert(slot, (ch, id));
                    self.nodes.push(Node {
                        bytes,
                        ..Node::default()
                    });
                    parents.push(at);
                    at = id;
                }
            }
        }
        at as usize
    }

    /// Fills every node's link to its nearest shorter entry; parents come before
    /// children, so one pass in index order sees each parent's link already set.
    fn link_shorter(&mut self, parents: &[NodeId]) {
        for (index, &parent_id) in parents.iter().enumerate().skip(1) {
            let parent = &self.nodes[parent_id as usize];
            let shorter = if parent.value.is_some() {
                Some(parent_id)
            } else {
                parent.shorter
            };
            self.nodes[index].shorter = shorter;
        }
    }

    /// The deepest node with an entry reached by walking `chars` (a text read backwards).
    fn deepest(&self, chars: impl Iterator<Item = char>) -> Option<NodeId> {
        let mut at: NodeId = 0;
        let mut best = self.nodes[0].value.map(|_| 0);
        for ch in chars {
            let node = &self.nodes[at as usize];
            let Ok(found) = node.children.binary_search_by_key(&ch, |&(c, _)| c) else {
                break;
            };
            at = node.children[found].1;
            if self.nodes[at as usize].value.is_some() {
                best = Some(at);
            }
        }
        best
    }

    /// The entry and length in bytes of node `id`, which has an entry.
    fn entry(&self, id: NodeId) -> Option<(usize, &T)> {
        let node = &self.nodes[id as usize];
        let value = self.values.get(node.value? as usize)?;
        Some((node.bytes, value))
    }

    /// The entries `text` ends with, longest first.
    pub(super) fn endings(&self, text: &str) -> Endings<'_, T> {
        Endings {
            trie: self,
            next: self.deepest(text.chars().rev()),
        }
    }

    /// The longest entry `text` ends with.
    pub(super) fn longest(&self, text: &str) -> Option<&T> {
        self.endings(text).next()
    }

    /// The length in bytes and the entry of the longest entry the text read backwards as
    /// `chars` ends with (for a text made of several pieces, without joining them).
    pub(super) fn longest_of_reversed(
        &self,
        chars: impl Iterator<Item = char>,
    ) -> Option<(usize, &T)> {
        self.entry(self.deepest(chars)?)
    }

    /// The entry that is exactly `text`.
    pub(super) fn exact(&self, text: &str) -> Option<&T> {
        let (bytes, value) = self.longest_of_reversed(text.chars().rev())?;
        (bytes == text.len()).then_some(value)
    }
}

/// The entries a text ends with, longest first (see [`EndingTrie::endings`]).
pub(super) struct Endings<'t, T> {
    trie: &'t EndingTrie<T>,
    next: Option<NodeId>,
}

impl<'t, T> Iterator for Endings<'t, T> {
    type Item = &'t T;

    fn next(&mut self) -> Option<&'t T> {
        let id = self.next?;
        self.next = self.trie.nodes[id as usize].shorter;
        self.trie.entry(id).map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie(words: &[&str]) -> EndingTrie<String> {
        EndingTrie::new(words.iter().map(|word| (*word, (*word).to_string())))
    }

    fn endings<'t>(trie: &'t EndingTrie<String>, text: &str) -> Vec<&'t str> {
        trie.endings(text).map(String::as_str).collect()
    }

    #[test]
    fn every_ending_longest_first() {
        let trie = trie(&["公司", "有限公司", "股份有限公司", "司", "集团"]);
        assert_eq!(
            endings(&trie, "深圳华为技术股份有限公司"),
            ["股份有限公司", "有限公司", "公司", "司"]
        );
        assert_eq!(
            endings(&trie, "深圳华为技术有限公司"),
            ["有限公司", "公司", "司"]
        );
        assert_eq!(trie.longest("华为集团").map(String::as_str), Some("集团"));
    }

    #[test]
    fn longest_suffix_wins_whatever_the_insertion_order() {
        let short_first = trie(&["中心", "研究中心"]);
        let long_first = trie(&["研究中心", "中心"]);
        for trie in [short_first, long_first] {
            assert_eq!(
                trie.longest("国家发展研究中心").map(String::as_str),
                Some("研究中心")
            );
            assert_eq!(trie.longest("服务中心").map(String::as_str), Some("中心"));
        }
    }

    #[test]
    fn no_partial_or_inner_matches() {
        let trie = trie(&["研究院", "大学"]);
        assert!(endings(&trie, "研究").is_empty());
        assert!(endings(&trie, "大学生").is_empty());
        assert!(endings(&trie, "").is_empty());
        assert!(endings(&trie, "究院").is_empty());
    }

    #[test]
    fn multi_byte_and_mixed_width_chars() {
        let trie = trie(&["局", "（集团）", "Lab", "é院"]);
        assert_eq!(endings(&trie, "民政局"), ["局"]);
        assert_eq!(endings(&trie, "华润（集团）"), ["（集团）"]);
        assert_eq!(endings(&trie, "鹏城Lab"), ["Lab"]);
        assert_eq!(endings(&trie, "café院"), ["é院"]);
        // A different char with the same last byte is no match (`局` E5 B1 80, `退` E9 80 80).
        assert_eq!("局".as_bytes().last(), "退".as_bytes().last());
        assert!(endings(&trie, "撤退").is_empty());
        assert!(endings(&trie, "е院").is_empty(), "Cyrillic е is not é");
    }

    #[test]
    fn repeated_text_keeps_the_first_entry() {
        let trie = EndingTrie::new([("局", 1), ("局", 2)]);
        assert_eq!(trie.endings("民政局").copied().collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn exact_and_reversed_pieces() {
        let trie = trie(&["人民政府", "政府"]);
        assert_eq!(trie.exact("人民政府").map(String::as_str), Some("人民政府"));
        assert_eq!(trie.exact("政府").map(String::as_str), Some("政府"));
        assert!(trie.exact("市人民政府").is_none());
        assert!(trie.exact("民政府").is_none());
        let zones = self::trie(&["大学城", "园"]);
        let pieces = "城".chars().rev().chain("深圳大学".chars().rev());
        assert_eq!(
            zones.longest_of_reversed(pieces).map(|(bytes, _)| bytes),
            Some("大学城".len())
        );
    }

    #[test]
    fn matches_a_scan_of_the_list() {
        let words = ["公司", "有限公司", "局", "管理局", "理局", "中心", "心"];
        let trie = trie(&words);
        for text in [
            "深圳市管理局",
            "某有限公司",
            "创新中心",
            "中心",
            "心",
            "无关",
        ] {
            let mut scan: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| text.ends_with(w))
                .collect();
            scan.sort_by_key(|w| std::cmp::Reverse(w.len()));
            assert_eq!(endings(&trie, text), scan, "{text}");
        }
    }
}
