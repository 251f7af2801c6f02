//! Similarity `sim(x, y)` of docs/behaviour.md#similarity: Python's `difflib.SequenceMatcher(None, a, b).ratio()`
//! (Ratcliff/Obershelp) on normalised text, scaled to 0–100.
//!
//! The port follows CPython's `find_longest_match` / `get_matching_blocks` literally, including
//! the "popular element" autojunk rule (`len(b) ≥ 200`) and the extension of the best block by
//! popular characters, so the ratios agree bit for bit (see the parity table in
//! `crate::domain::tests::difflib_vectors`, produced by CPython 3.11).
//!
//! Note: the measure is **not symmetric** in general (the tie-breaking between equally long blocks
//! scans `a` first), exactly as in Python; `sim(x, y)` passes `x` as `a`.

use crate::domain::text::normalize;
use std::collections::HashMap;

/// docs/behaviour.md#similarity: 0 if either input is empty; 100 if the normalisations are equal; otherwise
/// `100 × ratio(norm(x), norm(y))`.
pub fn similarity(x: &str, y: &str) -> f64 {
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    similarity_normalized(&normalize(x), &normalize(y))
}

/// [`similarity`] for inputs that are already normalised (callers that normalise once and compare
/// many times). The emptiness test of the original rule applies to the *raw* inputs, so callers must check
/// that themselves.
pub fn similarity_normalized(a: &str, b: &str) -> f64 {
    if a == b {
        return 100.0;
    }
    100.0 * ratio(a, b)
}

/// `SequenceMatcher(None, a, b).ratio()`: `2·M / (len(a) + len(b))` in code points, where `M` is
/// the total size of the matching blocks; `1.0` when both are empty (as in Python).
pub fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matching_characters(&a, &b) as f64 / total as f64
}

/// `M`: the sum of the sizes of `get_matching_blocks()`.
pub fn matching_characters(a: &[char], b: &[char]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let m = Matcher::new(a, b);
    let mut scratch = Scratch::new(b.len());
    let mut total = 0;
    // Same LIFO queue as CPython; the set of blocks (hence M) does not depend on the order, but
    // keeping it makes the port easy to compare line by line.
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = m.find_longest_match(alo, ahi, blo, bhi, &mut scratch);
        if k > 0 {
            total += k;
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    total
}

struct Matcher<'s> {
    a: &'s [char],
    b: &'s [char],
    /// `b2j`: positions of each character in `b`, ascending, with popular characters removed.
    b2j: HashMap<char, Vec<usize>>,
}

/// The `j2len` / `newj2len` dictionaries of CPython as two dense arrays (`len ending at j` is
/// stored at index `j + 1`, so the lookup of `j - 1` is index `j`) plus the lists of touched
/// slots, so clearing costs only what was written.
struct Scratch {
    prev: Vec<usize>,
    cur: Vec<usize>,
    prev_touched: Vec<usize>,
    cur_touched: Vec<usize>,
}

impl Scratch {
    fn new(lb: usize) -> Self {
        Scratch { prev: vec![0; lb + 1], cur: vec![0; lb + 1], prev_touched: Vec::new(), cur_touched: Vec::new() }
    }
}

impl<'s> Matcher<'s> {
    fn new(a: &'s [char], b: &'s [char]) -> Self {
        let mut b2j: HashMap<char, Vec<usize>> = HashMap::new();
        for (j, &c) in b.iter().enumerate() {
            b2j.entry(c).or_default().push(j);
        }
        // Autojunk: with no `isjunk`, only "popular" characters are purged.
        let n = b.len();
        if n >= 200 {
            let ntest = n / 100 + 1;
            b2j.retain(|_, idxs| idxs.len() <= ntest);
        }
        Matcher { a, b, b2j }
    }

    fn find_longest_match(
        &self,
        alo: usize,
        ahi: usize,
        blo: usize,
        bhi: usize,
        s: &mut Scratch,
    ) -> (usize, usize, usize) {
        let (a, b) = (self.a, self.b);
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0usize);
        for (i, ch) in a.iter().enumerate().take(ahi).skip(alo) {
            s.cur_touched.clear();
            if let Some(js) = self.b2j.get(ch) {
                for &j in js {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let k = s.prev[j] + 1;
                    s.cur[j + 1] = k;
                    s.cur_touched.push(j + 1);
                    if k > bestsize {
                        besti = i + 1 - k;
                        bestj = j + 1 - k;
                        bestsize = k;
                    }
                }
            }
            for &t in &s.prev_touched {
                s.prev[t] = 0;
            }
            std::mem::swap(&mut s.prev, &mut s.cur);
            std::mem::swap(&mut s.prev_touched, &mut s.cur_touched);
        }
        for &t in &s.prev_touched {
            s.prev[t] = 0;
        }
        s.prev_touched.clear();
        // Extend by non-junk (here: popular) equal characters on both ends. With no `isjunk`
        // nothing is junk, so CPython's two "suck up junk" loops never run and are omitted.
        while besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1] {
            besti -= 1;
            bestj -= 1;
            bestsize += 1;
        }
        while besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] == b[bestj + bestsize] {
            bestsize += 1;
        }
        (besti, bestj, bestsize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    /// docs/behaviour.md#similarity vectors.
    #[test]
    fn spec_vectors() {
        close(similarity("Abbey Road", "Abbey Road"), 100.0);
        close(similarity("Abbey Road", "Abbey Road Remastered"), 2000.0 / 31.0); // 64.516…
        close(similarity("Abbey Road", "Dark Side of the Moon"), 100.0 / 3.0); // 33.333…
        close(similarity("The Beatles", "Beatles"), 100.0);
        close(similarity("PCS 7088", "PCS-7088"), 100.0);
        close(similarity("Vinyl", "LP"), 200.0 / 7.0); // 28.571…
        close(similarity("abcd", "bcde"), 75.0);
        close(similarity("Kind of Blue", "Kind Of Blue (Remastered)"), 1800.0 / 29.0); // 62.068…
        close(similarity("", ""), 0.0);
        close(similarity("", "x"), 0.0);
        close(similarity("x", ""), 0.0);
    }

    #[test]
    fn python_edge_cases() {
        // Both normalise to "" → equal → 100 (Python: the emptiness test is on the raw text).
        close(similarity("The", "A"), 100.0);
        // difflib: ratio of two empty sequences is 1.0; one empty gives 0.
        close(ratio("", ""), 1.0);
        close(ratio("", "abc"), 0.0);
    }

    #[test]
    fn asymmetric_like_python() {
        // CPython 3.11: SequenceMatcher(None, "tide", "diet").ratio() == 0.25,
        // SequenceMatcher(None, "diet", "tide").ratio() == 0.5.
        close(ratio("tide", "diet"), 0.25);
        close(ratio("diet", "tide"), 0.5);
    }

    #[test]
    fn autojunk_popular_characters() {
        // CPython 3.11 values, b of length ≥ 200 with popular characters.
        let a = "ab".repeat(3);
        let b = format!("{}{}", "a".repeat(150), "b".repeat(60));
        let m = matching_characters(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(m, 1); // CPython 3.11: 1 (only the extension step matches)
    }
}
