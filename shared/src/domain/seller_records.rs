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

/// The name words of a title: what titles of one record share however they are written.
fn name_words(words: &Words) -> Vec<String> {
    let mut names: Vec<String> = words
        .iter()
        .filter(|(_, c)| matches!(c, WordClass::Plain | WordClass::Marker | WordClass::Number))
        .map(|(w, _)| w.to_string())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Groups sellers' titles (already parsed) that name the same record.
pub(crate) fn group_titles(titles: &[Words], raw: &[&str]) -> Vec<SellerGroup> {
    // Exact name words first.
    let mut by_key: HashMap<Vec<String>, usize> = HashMap::new();
    let mut keys: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    for (i, words) in titles.iter().enumerate() {
        let mut key = name_words(words);
        if key.is_empty() {
            // Nothing but seller words: the whole title is the name.
            key = vec![raw.get(i).map(|t| t.trim().to_lowercase()).unwrap_or_default()];
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
    let mut frequency: HashMap<&str, u32> = HashMap::new();
    for (key, _) in &keys {
        for w in key {
            *frequency.entry(w.as_str()).or_default() += 1;
        }
    }
    // Word → groups whose rarest word it is.
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut target: Vec<usize> = (0..keys.len()).collect();
    for &k in &order {
        let key = &keys[k].0;
        let mut best: Option<usize> = None;
        for w in key {
            for &smaller in postings.get(w.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
                let small = &keys[smaller].0;
                if small.len() >= key.len() || !small.iter().all(|s| key.binary_search(s).is_ok()) {
                    continue;
                }
                let better = best.is_none_or(|b| {
                    let (bk, bm) = (&keys[b].0, keys[b].1.len());
                    (small.len(), keys[smaller].1.len()) > (bk.len(), bm)
                });
                if better && joins(&titles[keys[k].1[0]], small, key) {
                    best = Some(smaller);
                }
            }
        }
        if let Some(b) = best {
            target[k] = target[b];
        }
        if let Some(rarest) = key.iter().min_by_key(|w| frequency.get(w.as_str()).copied().unwrap_or(0)) {
            postings.entry(rarest.as_str()).or_default().push(k);
        }
    }
    let mut groups: Vec<SellerGroup> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for (k, (key, members)) in keys.iter().enumerate() {
        let t = target[k];
        let g = *group_of.entry(t).or_insert_with(|| {
            groups.push(SellerGroup { key: keys[t].0.join(" "), members: Vec::new() });
            groups.len() - 1
        });
        let _ = key;
        groups[g].members.extend(members);
    }
    for g in &mut groups {
        g.members.sort_unstable();
    }
    groups.sort_by_key(|g| g.members[0]);
    groups
}

/// Whether a title whose name words are `key` may join the group named by `small` (⊂ `key`):
/// the extra words are at most [`MAX_EXTRA`] ordinary words, none right next to the name.
fn joins(words: &Words, small: &[String], key: &[String]) -> bool {
    let extra: Vec<&String> = key.iter().filter(|w| small.binary_search(w).is_err()).collect();
    if extra.len() > MAX_EXTRA {
        return false;
    }
    let in_small = |i: usize| small.binary_search_by(|s| s.as_str().cmp(words.text(i))).is_ok();
    for i in 0..words.len() {
        if !extra.iter().any(|e| e.as_str() == words.text(i)) {
            continue;
        }
        if words.class(i) != WordClass::Plain {
            return false;
        }
        // Right next to a name word (stop words between do not separate; a separator or a seller
        // word does): it extends the name.
        let next_to_name = |mut j: usize, step_left: bool| loop {
            let crossing = if step_left { j } else { j + 1 };
            if crossing >= words.len() || words.breaks_before(crossing) {
                return false;
            }
            j = if step_left {
                match j.checked_sub(1) {
                    Some(p) => p,
                    None => return false,
                }
            } else {
                j + 1
            };
            if j >= words.len() {
                return false;
            }
            match words.class(j) {
                WordClass::Soft => continue,
                _ if in_small(j) => return true,
                WordClass::Plain => continue,
                _ => return false,
            }
        };
        if next_to_name(i, true) || next_to_name(i, false) {
            return false;
        }
    }
    true
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
        ]);
        assert_eq!(g, [vec![0], vec![1], vec![2], vec![3], vec![4]]);
    }
}
