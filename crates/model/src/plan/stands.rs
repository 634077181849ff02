//! The village's stands as a searchable list: in the order of their numbers on the plan,
//! with their folded text (number, name, theme, description) for a search without accents.

use crate::edition::Edition;
use crate::ids::StandId;
use crate::search::{fold, Query};

/// A stand's heading on its sheet: "Stand 5 : Les Restos du cœur", or its name alone when
/// the plan does not number it.
pub fn stand_heading(number: Option<&str>, name: &str) -> String {
    match number {
        Some(n) => format!("Stand {n}\u{a0}: {name}"),
        None => name.to_owned(),
    }
}

/// The village's stands in the order of their numbers on the plan (then those not on the
/// plan, by name), with their folded text for the list's search: number, name, theme and
/// description, accents and case ignored.
#[derive(Debug, Clone, Default)]
pub struct StandIndex {
    entries: Vec<StandEntry>,
}

/// One stand of a [`StandIndex`].
#[derive(Debug, Clone, PartialEq)]
pub struct StandEntry {
    /// Index into `edition.stands`.
    pub stand: usize,
    pub id: StandId,
    /// Its number on the plan, if it is drawn there.
    pub number: Option<String>,
    pub theme: String,
    folded: String,
}

impl StandIndex {
    pub fn new(edition: &Edition) -> Self {
        let mut entries: Vec<StandEntry> = edition
            .stands
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let number = edition.stand_number(&s.id).map(str::to_owned);
                let folded = fold(&format!(
                    "{} {} {} {}",
                    number.as_deref().unwrap_or_default(),
                    s.name,
                    s.theme,
                    s.description.as_deref().unwrap_or_default()
                ));
                StandEntry {
                    stand: i,
                    id: s.id.clone(),
                    number,
                    theme: s.theme.clone(),
                    folded,
                }
            })
            .collect();
        crate::sort::by_key(&mut entries, |e| {
            (
                e.number
                    .as_deref()
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(u32::MAX),
                e.number.clone().unwrap_or_default(),
                fold(&edition.stands[e.stand].name),
            )
        });
        Self { entries }
    }

    pub fn entries(&self) -> &[StandEntry] {
        &self.entries
    }

    /// Every stand theme, sorted, each once.
    pub fn themes(&self) -> Vec<String> {
        let mut themes: Vec<String> = self.entries.iter().map(|e| e.theme.clone()).collect();
        crate::sort::by_key(&mut themes, |t| fold(t));
        themes.dedup();
        themes
    }

    /// The stands matching `query` and `theme` (empty: any theme), in order; `None` when
    /// neither filters anything.
    pub fn search(&self, query: &Query, theme: &str) -> Option<Vec<StandId>> {
        if query.is_empty() && theme.is_empty() {
            return None;
        }
        Some(
            self.entries
                .iter()
                .filter(|e| (theme.is_empty() || e.theme == theme) && query.matches_folded(&e.folded))
                .map(|e| e.id.clone())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_stages::*;

    #[test]
    fn the_stand_index_is_in_number_order_and_searches_without_accents() {
        let e = demo();
        let index = StandIndex::new(&e);
        let numbers: Vec<&str> = index.entries().iter().map(|s| s.number.as_deref().unwrap()).collect();
        assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
        let ids = |q: &str, theme: &str| {
            index
                .search(&Query::parse(q), theme)
                .map(|found| found.iter().map(|id| id.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(ids("", ""), None);
        assert_eq!(ids("RESTO", "").unwrap(), ["restos-du-coeur", "resto-troc"]);
        assert_eq!(ids("cœur", ""), ids("coeur", ""));
        assert_eq!(ids("", "Logement").unwrap(), ["le-temps-pour-toit", "toit-angevin"]);
        assert_eq!(ids("angevin", "Logement").unwrap(), ["toit-angevin"]);
        assert_eq!(ids("angevin", "Seniors").unwrap(), Vec::<String>::new());
        assert_eq!(index.themes().len(), 6);
        // A stand that is not on the plan comes last.
        let mut e = e;
        e.plan.as_mut().unwrap().stands.remove(0);
        let last = StandIndex::new(&e).entries().last().unwrap().clone();
        assert_eq!((last.id.as_str(), last.number), ("petits-freres-des-pauvres", None));
    }

    #[test]
    fn a_stand_is_headed_by_its_number_when_the_plan_draws_it() {
        let mut e = demo();
        let id = StandId::parse("restos-du-coeur").unwrap();
        let number = e.stand_number(&id);
        assert!(number.is_some());
        assert_eq!(
            stand_heading(number, "Les Restos du cœur"),
            format!("Stand {}\u{a0}: Les Restos du cœur", number.unwrap())
        );
        e.plan.as_mut().unwrap().stands.retain(|s| s.stand != id);
        assert_eq!(e.stand_number(&id), None);
        assert_eq!(stand_heading(None, "Les Restos du cœur"), "Les Restos du cœur");
    }
}
