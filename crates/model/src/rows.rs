//! Which rows a long list keeps drawn as a search changes what it shows. A 1,000-session
//! programme cannot draw every row at each keystroke on a slow phone, nor take rows down
//! and build them again as letters come and go. So rows are drawn page by page, a row that
//! leaves the results is hidden rather than taken down (the next letter or a cleared
//! search often brings it back for free), and while typing only the top results get new
//! rows: the rest of the page comes once typing pauses.

/// The rows of a list: which items have a row, and which of those are on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowPage {
    /// Items with a row, shown or hidden, in list order.
    pub rows: Vec<usize>,
    /// Whether each item's row is on screen, by item.
    pub on_screen: Vec<bool>,
}

/// How far the list goes in building rows not drawn yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// Rows shown at most (the pages opened so far).
    pub limit: usize,
    /// Typing has paused: rows are built down to `limit`, and hidden rows go.
    pub settled: bool,
    /// While typing, results at the top whose rows are built if they are not drawn yet.
    pub first_frame: usize,
}

impl RowPage {
    /// The rows after a change of results. `order` is every item in list order (a
    /// permutation of `0..order.len()`), `found` the items the search keeps, in list order,
    /// and `before` the rows already drawn.
    pub fn next(before: Option<&RowPage>, order: &[usize], found: &[usize], reach: Reach) -> Self {
        let build_up_to = if reach.settled { reach.limit } else { reach.first_frame };
        let mut drawn = vec![false; order.len()];
        for &i in before.map_or(&[][..], |p| p.rows.as_slice()) {
            drawn[i] = true;
        }
        let mut on_screen = vec![false; order.len()];
        for (at, &i) in found.iter().take(reach.limit).enumerate() {
            // A row already drawn shows wherever it is, for free; one not drawn yet is built
            // only above `build_up_to`.
            if !drawn[i] && at >= build_up_to {
                continue;
            }
            drawn[i] = true;
            on_screen[i] = true;
        }
        // Once typing pauses, hidden rows go but those of the whole list's first page,
        // which a cleared search shows again.
        let rows = (order.iter().enumerate())
            .filter(|&(at, &i)| on_screen[i] || (drawn[i] && (!reach.settled || at < reach.limit)))
            .map(|(_, &i)| i)
            .collect();
        Self { rows, on_screen }
    }

    /// The items on screen, in list order.
    pub fn shown(&self) -> impl Iterator<Item = usize> + '_ {
        self.rows.iter().copied().filter(|&i| self.on_screen[i])
    }
}

/// The runs of consecutive items that share a key (the parts of a day, in time order), and
/// the run each item falls in, by item.
pub fn groups<K: PartialEq>(order: &[usize], key: impl Fn(usize) -> K) -> (Vec<K>, Vec<usize>) {
    let mut keys: Vec<K> = Vec::new();
    let mut group_of = vec![0; order.len()];
    for &i in order {
        let k = key(i);
        if keys.last() != Some(&k) {
            keys.push(k);
        }
        group_of[i] = keys.len() - 1;
    }
    (keys, group_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten items listed in reverse: item 9 comes first.
    fn order() -> Vec<usize> {
        (0..10).rev().collect()
    }

    fn reach(limit: usize, settled: bool) -> Reach {
        Reach {
            limit,
            settled,
            first_frame: 1,
        }
    }

    #[test]
    fn a_settled_list_draws_its_first_page_in_list_order() {
        let order = order();
        let page = RowPage::next(None, &order, &order, reach(4, true));
        assert_eq!(page.rows, [9, 8, 7, 6]);
        assert_eq!(page.shown().collect::<Vec<_>>(), [9, 8, 7, 6]);
    }

    #[test]
    fn a_keystroke_builds_only_the_top_result_and_keeps_drawn_rows_that_match() {
        let order = order();
        let first = RowPage::next(None, &order, &order, reach(4, true));
        // The search keeps 7 (drawn), then 3 and 1 (not drawn yet).
        let typed = RowPage::next(Some(&first), &order, &[7, 3, 1], reach(4, false));
        assert_eq!(typed.shown().collect::<Vec<_>>(), [7], "7 is drawn; 3 is below the top");
        let typed = RowPage::next(Some(&first), &order, &[3, 7, 1], reach(4, false));
        assert_eq!(typed.shown().collect::<Vec<_>>(), [7, 3], "3 is the top result: built");
        // Rows that leave the results stay drawn, hidden, while typing.
        assert_eq!(typed.rows, [9, 8, 7, 6, 3]);
        assert!(!typed.on_screen[9]);
    }

    #[test]
    fn once_typing_pauses_the_page_fills_and_hidden_rows_go_but_the_first_page() {
        let order = order();
        let first = RowPage::next(None, &order, &order, reach(4, true));
        let typed = RowPage::next(Some(&first), &order, &[3, 2, 1, 0], reach(4, false));
        let settled = RowPage::next(Some(&typed), &order, &[3, 2, 1, 0], reach(4, true));
        assert_eq!(settled.shown().collect::<Vec<_>>(), [3, 2, 1, 0]);
        // The whole list's first page stays drawn (hidden) for a cleared search.
        assert_eq!(settled.rows, [9, 8, 7, 6, 3, 2, 1, 0]);
        // A page further down ("Afficher les séances suivantes") is let go once it is hidden.
        let more = RowPage::next(Some(&first), &order, &order, reach(8, true));
        let narrowed = RowPage::next(Some(&more), &order, &[9], reach(4, true));
        assert_eq!(narrowed.rows, [9, 8, 7, 6]);
    }

    #[test]
    fn items_are_grouped_by_runs_of_their_key_in_list_order() {
        // Items 9 to 0, keyed by their position divided by 3: 9, 8, 7 | 6, 5, 4 | …
        let (keys, group_of) = groups(&order(), |i| (9 - i) / 3);
        assert_eq!(keys, [0, 1, 2, 3]);
        assert_eq!(group_of, [3, 2, 2, 2, 1, 1, 1, 0, 0, 0]);
    }

    #[test]
    fn no_result_shows_nothing_and_keeps_the_first_page() {
        let order = order();
        let first = RowPage::next(None, &order, &order, reach(4, true));
        let none = RowPage::next(Some(&first), &order, &[], reach(4, true));
        assert_eq!(none.shown().count(), 0);
        assert_eq!(none.rows, [9, 8, 7, 6]);
    }
}
