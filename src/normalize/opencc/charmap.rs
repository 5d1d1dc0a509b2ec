//! A read-only map from Unicode scalar values to small values, built once.
//!
//! The conversion loop asks "can a dictionary key start here?" for every character of
//! every document, so the answer must cost a couple of instructions, not a hash. Below
//! [`DENSE_LIMIT`] (which covers the BMP and CJK Extensions B–J) membership is one bit
//! test, and the value is found by rank: the number of set bits before the character,
//! read from a per-word prefix count plus one `popcount`. Rarer scalars live in a
//! sorted side table.

/// Scalars below this are stored in the bitset; the rest in the sorted side table.
const DENSE_LIMIT: u32 = 0x4_0000;

const WORD_BITS: u32 = u64::BITS;

/// A map from code points to `V`, optimized for the membership test.
#[derive(Clone, Debug)]
pub(super) struct CharMap<V> {
    /// One bit per scalar below [`DENSE_LIMIT`].
    bits: Box<[u64]>,
    /// `ranks[w]` = number of set bits in `bits[..w]`.
    ranks: Box<[u32]>,
    /// Values of the dense scalars, in code point order.
    dense: Box<[V]>,
    /// Scalars at or above [`DENSE_LIMIT`], sorted.
    sparse: Box<[(u32, V)]>,
}

impl<V> CharMap<V> {
    /// Builds the map from pairs sorted by code point, without duplicates.
    ///
    /// Sortedness is a caller invariant (checked in debug builds): every caller builds
    /// its pairs from a `BTreeMap` or a sorted vector.
    pub(super) fn from_sorted(pairs: impl IntoIterator<Item = (u32, V)>) -> Self {
        let words = (DENSE_LIMIT / WORD_BITS) as usize;
        let mut bits = vec![0_u64; words];
        let mut dense = Vec::new();
        let mut sparse = Vec::new();
        let mut previous = None;
        for (code_point, value) in pairs {
            debug_assert!(previous < Some(code_point), "CharMap input must be sorted");
            previous = Some(code_point);
            if code_point < DENSE_LIMIT {
                bits[(code_point / WORD_BITS) as usize] |= 1 << (code_point % WORD_BITS);
                dense.push(value);
            } else {
                sparse.push((code_point, value));
            }
        }
        let mut ranks = Vec::with_capacity(words);
        let mut running = 0_u32;
        for word in &bits {
            ranks.push(running);
            running += word.count_ones();
        }
        Self {
            bits: bits.into_boxed_slice(),
            ranks: ranks.into_boxed_slice(),
            dense: dense.into_boxed_slice(),
            sparse: sparse.into_boxed_slice(),
        }
    }

    /// Whether `code_point` has a value.
    #[inline]
    pub(super) fn contains(&self, code_point: u32) -> bool {
        if code_point < DENSE_LIMIT {
            let word = self.bits[(code_point / WORD_BITS) as usize];
            word & (1 << (code_point % WORD_BITS)) != 0
        } else {
            self.sparse_index(code_point).is_ok()
        }
    }

    /// The value of `code_point`, if any.
    #[inline]
    pub(super) fn get(&self, code_point: u32) -> Option<&V> {
        if code_point < DENSE_LIMIT {
            let index = (code_point / WORD_BITS) as usize;
            let bit = 1_u64 << (code_point % WORD_BITS);
            let word = self.bits[index];
            if word & bit == 0 {
                return None;
            }
            let rank = self.ranks[index] + (word & (bit - 1)).count_ones();
            self.dense.get(rank as usize)
        } else {
            let found = self.sparse_index(code_point).ok()?;
            self.sparse.get(found).map(|(_, value)| value)
        }
    }

    /// Number of code points in the map.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.dense.len() + self.sparse.len()
    }

    fn sparse_index(&self, code_point: u32) -> Result<usize, usize> {
        self.sparse
            .binary_search_by_key(&code_point, |&(key, _)| key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_lookups() {
        let map = CharMap::from_sorted([
            (0x41, 'a'),
            (0x4E00, 'b'),
            (0x4E01, 'c'),
            (0x2_0000, 'd'),
            (0x10_FFFF, 'e'),
        ]);
        assert_eq!(map.len(), 5);
        assert_eq!(map.get(0x41), Some(&'a'));
        assert_eq!(map.get(0x4E00), Some(&'b'));
        assert_eq!(map.get(0x4E01), Some(&'c'));
        assert_eq!(map.get(0x2_0000), Some(&'d'));
        assert_eq!(map.get(0x10_FFFF), Some(&'e'));
        assert_eq!(map.get(0x42), None);
        assert_eq!(map.get(0x3_FFFF), None);
        assert!(map.contains(0x10_FFFF));
        assert!(!map.contains(0x5_0000));
    }

    #[test]
    fn rank_crosses_word_boundaries() {
        let pairs: Vec<(u32, u32)> = (0..2000).map(|i| (i * 37, i)).collect();
        let map = CharMap::from_sorted(pairs.iter().copied());
        for (code_point, value) in pairs {
            assert_eq!(map.get(code_point), Some(&value));
            assert_eq!(map.get(code_point + 1), None);
        }
    }
}
