//! « Trouver où m'engager »: three answers (themes, time, neighbourhood) give the stands
//! whose volunteering fits, best first. It runs in the app, offline, on the edition.

use crate::french::lowercase_first;
use crate::search::fold;
use crate::{Edition, Stand};

use super::{Commitment, Moment, Volunteering};

/// What a visitor answered. An empty answer rules nothing out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wish {
    pub themes: Vec<String>,
    /// The most time the visitor can give.
    pub time: Option<Commitment>,
    /// When the visitor is free.
    pub moments: Vec<Moment>,
    pub neighbourhood: Option<String>,
}

/// A stand that fits, and in what.
#[derive(Debug, Clone, PartialEq)]
pub struct Match<'a> {
    pub stand: &'a Stand,
    pub volunteering: &'a Volunteering,
    /// Every answer fits; otherwise the stand is shown among the partial matches.
    pub full: bool,
    /// What fits, then what does not ("Demande plus de temps : …"), in plain words.
    pub fits: Vec<String>,
    pub misses: Vec<String>,
    score: u32,
}

/// The themes of the stands that take contact requests, sorted, each once: the choices of
/// the first question.
pub fn themes(edition: &Edition) -> Vec<&str> {
    let mut all: Vec<&str> = contactable(edition).map(|(s, _)| s.theme.as_str()).collect();
    crate::sort::by_key(&mut all, |t| fold(t));
    all.dedup();
    all
}

/// The neighbourhoods stands name, sorted, each once; empty when none says (the third
/// question is then not asked).
pub fn neighbourhoods(edition: &Edition) -> Vec<&str> {
    let mut all: Vec<&str> = contactable(edition)
        .flat_map(|(_, v)| v.neighbourhoods.iter().map(String::as_str))
        .collect();
    crate::sort::by_key(&mut all, |t| fold(t));
    all.dedup();
    all
}

/// The stands that fit `wish`: those of the chosen themes only (a theme is what a person
/// cares about), the ones that fit every answer first, then by how well they fit, then by
/// name.
pub fn find<'a>(edition: &'a Edition, wish: &Wish) -> Vec<Match<'a>> {
    let themes: Vec<String> = wish.themes.iter().map(|t| fold(t)).collect();
    let mut found: Vec<Match<'a>> = contactable(edition)
        .filter(|(stand, _)| themes.is_empty() || themes.contains(&fold(&stand.theme)))
        .map(|(stand, volunteering)| judge(stand, volunteering, wish))
        .collect();
    found.sort_by(|a, b| {
        b.full
            .cmp(&a.full)
            .then(b.score.cmp(&a.score))
            .then_with(|| fold(&a.stand.name).cmp(&fold(&b.stand.name)))
    });
    found
}

fn contactable(edition: &Edition) -> impl Iterator<Item = (&Stand, &Volunteering)> {
    edition
        .stands
        .iter()
        .filter_map(|s| s.volunteering.as_ref().filter(|v| v.accepts_contact).map(|v| (s, v)))
}

fn judge<'a>(stand: &'a Stand, volunteering: &'a Volunteering, wish: &Wish) -> Match<'a> {
    let mut fits = Vec::new();
    let mut misses = Vec::new();
    let mut score = 0;
    // The theme is a filter (`find`), and the card says it: no reason to repeat.
    if !wish.themes.is_empty() {
        score += 4;
    }
    if let Some(time) = wish.time {
        if volunteering.commitment <= time {
            fits.push(format!(
                "Temps demandé : {}",
                lowercase_first(volunteering.commitment.label())
            ));
            // Asking less than the visitor offers fits, asking just that fits best.
            score += 2 + u32::from(volunteering.commitment == time);
        } else {
            misses.push(format!(
                "Demande plus de temps : {}",
                lowercase_first(volunteering.commitment.label())
            ));
        }
    }
    if !wish.moments.is_empty() {
        let shared: Vec<Moment> = wish
            .moments
            .iter()
            .copied()
            .filter(|m| volunteering.moments.is_empty() || volunteering.moments.contains(m))
            .collect();
        if volunteering.moments.is_empty() {
            fits.push("Missions à tout moment de la semaine".into());
            score += 2;
        } else if shared.is_empty() {
            misses.push(format!(
                "Missions à d'autres moments : {}",
                lowercase_first(&super::moments_words(&volunteering.moments))
            ));
        } else {
            fits.push(format!(
                "Quand vous êtes libre : {}",
                lowercase_first(&super::moments_words(&shared))
            ));
            score += 2 + shared.len() as u32;
        }
    }
    if let Some(place) = &wish.neighbourhood {
        let near = volunteering.neighbourhoods.iter().any(|n| fold(n) == fold(place));
        if near {
            fits.push(format!("Missions à {place}"));
            score += 2;
        } else if volunteering.neighbourhoods.is_empty() {
            score += 1;
        } else {
            misses.push(format!(
                "Missions ailleurs : {}",
                volunteering.neighbourhoods.join(", ")
            ));
        }
    }
    Match {
        stand,
        volunteering,
        full: misses.is_empty(),
        fits,
        misses,
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Stand, StandId};

    fn stand(id: &str, theme: &str, commitment: Commitment, moments: &[Moment], places: &[&str]) -> Stand {
        Stand {
            id: StandId::parse(id).unwrap(),
            name: id.to_owned(),
            theme: theme.to_owned(),
            description: None,
            website: None,
            example: false,
            volunteering: Some(Volunteering {
                missions: Vec::new(),
                commitment,
                moments: moments.to_vec(),
                neighbourhoods: places.iter().map(|p| (*p).to_owned()).collect(),
                accepts_contact: true,
                example: false,
            }),
        }
    }

    fn edition(stands: Vec<Stand>) -> Edition {
        let mut e = crate::test_support::edition();
        e.stands = stands;
        e
    }

    fn names(found: &[Match]) -> Vec<(String, bool)> {
        found.iter().map(|m| (m.stand.name.clone(), m.full)).collect()
    }

    #[test]
    fn the_chosen_theme_rules_out_the_others_and_full_matches_come_first() {
        use Moment::*;
        let e = edition(vec![
            stand("epicerie", "Alimentation", Commitment::HoursPerWeek, &[Weekdays], &[]),
            stand("collecte", "Alimentation", Commitment::Occasional, &[Weekends], &[]),
            stand("logement", "Logement", Commitment::Occasional, &[Weekends], &[]),
        ]);
        let wish = Wish {
            themes: vec!["alimentation".into()],
            moments: vec![Weekends],
            ..Wish::default()
        };
        assert_eq!(
            names(&find(&e, &wish)),
            [("collecte".into(), true), ("epicerie".into(), false)]
        );
        let partial = &find(&e, &wish)[1];
        assert_eq!(partial.misses, ["Missions à d'autres moments : en semaine, en journée"]);
    }

    #[test]
    fn a_stand_asking_more_time_than_offered_is_only_a_partial_match() {
        let e = edition(vec![
            stand("jour", "Seniors", Commitment::DayPerWeek, &[], &[]),
            stand("mois", "Seniors", Commitment::HoursPerMonth, &[], &[]),
            stand("semaine", "Seniors", Commitment::HoursPerWeek, &[], &[]),
        ]);
        let wish = Wish {
            time: Some(Commitment::HoursPerWeek),
            ..Wish::default()
        };
        assert_eq!(
            names(&find(&e, &wish)),
            [("semaine".into(), true), ("mois".into(), true), ("jour".into(), false)],
            "asking just what is offered fits best"
        );
    }

    #[test]
    fn a_neighbourhood_ranks_near_stands_first_without_hiding_the_others() {
        let e = edition(vec![
            stand("ailleurs", "Mobilité", Commitment::Occasional, &[], &["Belle-Beille"]),
            stand("partout", "Mobilité", Commitment::Occasional, &[], &[]),
            stand("ici", "Mobilité", Commitment::Occasional, &[], &["Monplaisir"]),
        ]);
        let wish = Wish {
            neighbourhood: Some("monplaisir".into()),
            ..Wish::default()
        };
        assert_eq!(
            names(&find(&e, &wish)),
            [
                ("ici".into(), true),
                ("partout".into(), true),
                ("ailleurs".into(), false)
            ]
        );
        assert_eq!(neighbourhoods(&e), ["Belle-Beille", "Monplaisir"]);
    }

    #[test]
    fn stands_closed_to_contact_are_never_proposed() {
        let mut closed = stand("ferme", "Alimentation", Commitment::Occasional, &[], &[]);
        closed.volunteering.as_mut().unwrap().accepts_contact = false;
        let mut silent = stand("muet", "Logement", Commitment::Occasional, &[], &[]);
        silent.volunteering = None;
        let e = edition(vec![
            closed,
            silent,
            stand("ouvert", "Seniors", Commitment::Occasional, &[], &[]),
        ]);
        assert_eq!(names(&find(&e, &Wish::default())), [("ouvert".into(), true)]);
        assert_eq!(themes(&e), ["Seniors"]);
    }

    #[test]
    fn the_demo_edition_finds_food_stands_for_the_weekend() {
        let e = Edition::from_json(include_str!("../../../../data/2013.json")).unwrap();
        let wish = Wish {
            themes: vec!["Alimentation".into()],
            moments: vec![Moment::Weekends],
            ..Wish::default()
        };
        let found = find(&e, &wish);
        assert!(found.iter().any(|m| m.full), "{:?}", names(&found));
        assert!(found.iter().all(|m| m.stand.theme == "Alimentation"));
        assert!(found.iter().any(|m| m.stand.id.as_str() == "resto-troc"));
    }
}
