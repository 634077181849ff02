//! Stable sorts that share one compiled copy of the standard sort.
//!
//! Each `sort_by`/`sort_by_key` call site with its own element type or closure compiles to its
//! own copy of the standard library's sort (about 3.5 KB of wasm each, measured). These
//! helpers sort positions (`usize`) through one comparison by reference, so the app's wasm
//! holds the sort once; the order is the same as `sort_by`'s (stable).

use std::cmp::Ordering;

/// Sorts positions by a comparison of the positions: the one place the sort is compiled.
#[inline(never)]
pub fn positions(items: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    items.sort_by(|&a, &b| cmp(a, b));
}

/// The order of `0..len` that sorts items compared by `cmp` (stable).
fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    positions(&mut order, cmp);
    order
}

/// Like `items.sort_by(cmp)`, for items that are cheap to copy (references, numbers).
pub fn by<T: Copy>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let sorted: Vec<T> = order.into_iter().map(|i| items[i]).collect();
    items.copy_from_slice(&sorted);
}

/// Like `items.sort_by_cached_key(key)` (stable): each key is computed once.
pub fn by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = order(items.len(), &|a, b| keys[a].cmp(&keys[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let words = ["poire", "Pomme", "abricot", "pomme", "Abricot", "", "poire"];
        let mut ours = words;
        by(&mut ours, |a, b| a.to_lowercase().cmp(&b.to_lowercase()));
        let mut std = words;
        std.sort_by_key(|a| a.to_lowercase());
        assert_eq!(ours, std);

        let mut owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        by_key(&mut owned, |w| w.to_lowercase());
        let mut expected: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        expected.sort_by_key(|w| w.to_lowercase());
        assert_eq!(owned, expected);
    }

    #[test]
    fn positions_sort_stably_and_empty_lists_stay_empty() {
        let keys = [3, 1, 3, 0, 1];
        let mut items = vec![0, 1, 2, 3, 4];
        positions(&mut items, &|a, b| keys[a].cmp(&keys[b]));
        assert_eq!(items, [3, 1, 4, 0, 2]);
        let mut none: Vec<String> = Vec::new();
        by_key(&mut none, |s| s.len());
        assert!(none.is_empty());
    }
}
