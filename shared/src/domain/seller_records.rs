//! Records that only sellers' titles name (no Discogs listing or list item fits): titles are
//! grouped by their name words (sorted, so word order, case, punctuation and seller vocabulary do
//! not matter), then a group whose words contain a smaller group's words plus at most two unknown
//! words away from the name ("… - Mercer Bros. MB 5665 LP", "… LP Classic") joins it. Words that
//! name another record (`Live`, `Vol. 2`, a number) or that extend the name ("Golden Rain Forever"
//! is not "Golden Rain") keep groups apart. Indexed by each group's rarest word: linear, not all
//! pairs.

use crate::domain::title_parse::{WordClass, Words};
use std::collections::HashMap;

/// Unknown words a title may add to a smaller group's name words and still join it.
const MAX_EXTRA: usize = 2;

/// One group of sellers' titles.
pub(crate) struct SellerGroup {
    /// The sorted name words of the group (the smallest name among the titles that joined it).
    pub key: String,
    /// Indices into the titles given to [`group_titles`].
    pub members: Vec<usize>,
}

fn is_name_word(class: WordClass) -> bool {
    matches!(class, WordClass::Plain | WordClass::Marker | WordClass::Number)
}

/// Groups sellers' titles (already parsed) that name the same record.
pub(crate) fn group_titles(titles: &[Words], raw: &[&str]) -> Vec<SellerGroup> {
    // Name words as ids, per title and per position.
    let mut vocabulary: HashMap<&str, u32> = HashMap::new();
    let mut texts: Vec<&str> = Vec::new();
    let positions: Vec<Vec<Option<u32>>> = titles
        .iter()
        .map(|words| {
            (0..words.len())
                .map(|i| {
                    is_name_word(words.class(i)).then(|| {
                        let w = words.text(i);
                        *vocabulary.entry(w).or_insert_with(|| {
                            texts.push(w);
                            u32::try_from(texts.len() - 1).unwrap_or(u32::MAX)
                        })
                    })
                })
                .collect()
        })
        .collect();
    // Exact name words first.
    let mut by_key: HashMap<Vec<u32>, usize> = HashMap::new();
    let mut keys: Vec<(Vec<u32>, Vec<usize>)> = Vec::new();
    let mut nameless: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, ids) in positions.iter().enumerate() {
        let mut key: Vec<u32> = ids.iter().flatten().copied().collect();
        key.sort_unstable();
        key.dedup();
        if key.is_empty() {
            // Nothing but seller words: the whole title is the name.
            let title = raw.get(i).map(|t| t.trim().to_lowercase()).unwrap_or_default();
            match nameless.iter_mut().find(|(t, _)| *t == title) {
                Some((_, members)) => members.push(i),
                None => nameless.push((title, vec![i])),
            }
            continue;
        }
        match by_key.get(&key) {
            Some(&k) => keys[k].1.push(i),
            None => {
                by_key.insert(key.clone(), keys.len());
                keys.push((key, vec![i]));
            }
        }
    }
    // Then smaller names into the larger ones that contain them, smallest first so that chains
    // resolve to the smallest name.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&k| keys[k].0.len());
    let mut frequency = vec![0u32; texts.len()];
    for (key, _) in &keys {
        for &w in key {
            frequency[w as usize] += 1;
        }
    }
    // Word → groups whose rarest word it is.
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); texts.len()];
    let mut target: Vec<usize> = (0..keys.len()).collect();
    for &k in &order {
        let key = &keys[k].0;
        let mut best: Option<usize> = None;
        for &w in key {
            for &smaller in &postings[w as usize] {
                let small = &keys[smaller].0;
                if small.len() >= key.len() || !small.iter().all(|s| key.binary_search(s).is_ok()) {
                    continue;
                }
                let better =
                    best.is_none_or(|b| (small.len(), keys[smaller].1.len()) > (keys[b].0.len(), keys[b].1.len()));
                let first = keys[k].1[0];
                if better && joins(&titles[first], &positions[first], small, key) {
                    best = Some(smaller);
                }
            }
        }
        if let Some(b) = best {
            target[k] = target[b];
        }
        if let Some(&rarest) = key.iter().min_by_key(|w| frequency[**w as usize]) {
            postings[rarest as usize].push(k);
        }
    }
    let mut groups: Vec<SellerGroup> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for (k, (_, members)) in keys.iter().enumerate() {
        let t = target[k];
        let g = *group_of.entry(t).or_insert_with(|| {
            let words: Vec<&str> = keys[t].0.iter().map(|&w| texts[w as usize]).collect();
            let mut words = words;
            words.sort_unstable();
            groups.push(SellerGroup { key: words.join(" "), members: Vec::new() });
            groups.len() - 1
        });
        groups[g].members.extend(members);
    }
    groups.extend(nameless.into_iter().map(|(key, members)| SellerGroup { key, members }));
    for g in &mut groups {
        g.members.sort_unstable();
    }
    groups.sort_by_key(|g| g.members[0]);
    groups
}

/// Whether a title whose name words are `key` may join the group named by `small` (⊂ `key`):
/// the extra words are at most [`MAX_EXTRA`] ordinary words, none right next to the name.
fn joins(words: &Words, ids: &[Option<u32>], small: &[u32], key: &[u32]) -> bool {
    let extra = key.len() - small.len();
    if extra > MAX_EXTRA {
        return false;
    }
    let in_small = |i: usize| ids[i].is_some_and(|w| small.binary_search(&w).is_ok());
    for (i, id) in ids.iter().enumerate() {
        if id.is_none() || in_small(i) {
            continue;
        }
        if words.class(i) != WordClass::Plain {
            return false;
        }
        if next_to_name(words, i, true, &in_small) || next_to_name(words, i, false, &in_small) {
            return false;
        }
    }
    true
}

/// Whether word `i` touches a name word on one side: stop words and other extra words between do
/// not separate, a separator or a seller word does.
fn next_to_name(words: &Words, i: usize, leftwards: bool, in_small: &dyn Fn(usize) -> bool) -> bool {
    let mut j = i;
    loop {
        let (from, to) = if leftwards {
            match j.checked_sub(1) {
                Some(p) => (j, p),
                None => return false,
            }
        } else {
            (j + 1, j + 1)
        };
        if to >= words.len() || words.breaks_before(from) {
            return false;
        }
        j = to;
        match words.class(j) {
            WordClass::Soft => continue,
            _ if in_small(j) => return true,
            WordClass::Plain => continue,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(titles: &[&str]) -> Vec<Vec<usize>> {
        let words: Vec<Words> = titles.iter().map(|t| Words::parse(t)).collect();
        group_titles(&words, titles).into_iter().map(|g| g.members).collect()
    }

    #[test]
    fn label_and_seller_words_away_from_the_name_join() {
        let g = groups(&[
            "Etta Hale Quartet - Blonde Roads Vinyl Record NM",
            "ETTA HALE QUARTET – BLONDE ROADS - Mercer Bros. MB 5665 LP",
            "Etta Hale Quartet Blonde Roads 12\" Vinyl Classic",
            "Blonde Roads - Etta Hale Quartet vinyl record",
        ]);
        assert_eq!(g, [vec![0, 1, 2, 3]]);
    }

    #[test]
    fn longer_names_and_other_volumes_stay_apart() {
        let g = groups(&[
            "Velvet Owls - Golden Rain LP",
            "Velvet Owls - Golden Rain Forever LP",
            "Velvet Owls - Golden Rain Vol. 2",
            "Velvet Owls - Golden Rain (Live)",
            "Velvet Owls - Songs For The Golden Rain",
            "LP Vinyl NM",
            "lp vinyl nm",
        ]);
        assert_eq!(g, [vec![0], vec![1], vec![2], vec![3], vec![4], vec![5, 6]]);
    }
}
