use chrono::TimeDelta;

use super::*;
use crate::edition::{Announcement, PlaceKind, Rect};
use crate::ids::{PlaceId, StandId};
use crate::test_support::{edition, session};

fn conflict(kind: Entity, id: Option<&str>, message: &str) -> Conflict {
    Conflict {
        kind,
        id: id.map(str::to_owned),
        message: message.into(),
    }
}

fn ids<T: Keyed>(items: &[T]) -> Vec<&str> {
    items.iter().map(Keyed::id).collect()
}

fn place(id: &str) -> Place {
    Place {
        id: PlaceId::parse(id).unwrap(),
        name: format!("Lieu {id}"),
        kind: PlaceKind::Room,
        accessibility: None,
        assumed: false,
    }
}

fn stand(id: &str, name: &str) -> Stand {
    Stand {
        id: StandId::parse(id).unwrap(),
        name: name.into(),
        theme: "Santé".into(),
        description: None,
        website: None,
        example: false,
        volunteering: None,
    }
}

/// The published revision 1, with a second stand.
fn base() -> Edition {
    let mut e = edition();
    e.stands.push(stand("secours", "Secours populaire"));
    e
}

/// The colleague's revision 2, published from `base`.
fn published(change: impl FnOnce(&mut Edition)) -> Edition {
    let mut e = base();
    e.revision = 2;
    change(&mut e);
    e
}

fn plan(e: &mut Edition) -> &mut Plan {
    e.plan.as_mut().unwrap()
}

fn draft(change: impl FnOnce(&mut Edition)) -> Edition {
    let mut e = base();
    change(&mut e);
    e
}

#[test]
fn changes_to_different_sessions_both_land_without_conflict() {
    // Arrange: the colleague retitles the debate, I make the conference end later.
    let theirs = published(|e| e.sessions[0].title = "Débat des bénévoles".into());
    let mine = draft(|e| e.sessions[1].end += TimeDelta::minutes(15));

    // Act
    let rebased = rebase(&base(), &mine, &theirs);

    // Assert
    assert_eq!(rebased.conflicts, Vec::new());
    let e = &rebased.edition;
    assert_eq!(e.sessions[0].title, "Débat des bénévoles");
    assert_eq!(e.sessions[1].end.to_rfc3339(), "2013-10-08T15:45:00+02:00");
    assert_eq!(
        (e.edition.as_str(), e.revision),
        ("2013", 2),
        "published on top of theirs"
    );
}

#[test]
fn both_changing_one_title_keeps_mine_and_names_the_title() {
    let theirs = published(|e| e.sessions[0].title = "Grand débat".into());
    let mine = draft(|e| {
        e.sessions[0].title = "Table ronde".into();
        e.sessions[1].title = "Conférence".into();
    });

    let rebased = rebase(&base(), &mine, &theirs);

    assert_eq!(rebased.edition.sessions[0].title, "Table ronde");
    assert_eq!(rebased.edition.sessions[1].title, "Conférence");
    assert_eq!(
        rebased.conflicts,
        [conflict(
            Entity::Session,
            Some("debat"),
            "La séance « Table ronde » : son titre a aussi été modifié par votre collègue ; votre version est gardée."
        )]
    );
}

#[test]
fn my_title_and_their_end_time_on_one_session_both_land() {
    // Arrange: I retitle the debate, the colleague makes it end later.
    let theirs = published(|e| e.sessions[0].end += TimeDelta::minutes(30));
    let mine = draft(|e| e.sessions[0].title = "Table ronde".into());

    // Act
    let rebased = rebase(&base(), &mine, &theirs);

    // Assert: nothing of theirs is lost, and nothing needs saying.
    assert_eq!(rebased.conflicts, Vec::new());
    let debat = &rebased.edition.sessions[0];
    assert_eq!(debat.title, "Table ronde");
    assert_eq!(debat.end, theirs.sessions[0].end);
    assert_eq!(debat.start, base().sessions[0].start);
}

#[test]
fn a_field_changed_alike_on_both_sides_is_no_conflict() {
    let theirs = published(|e| {
        e.sessions[0].title = "Table ronde".into();
        e.sessions[0].status = crate::edition::Status::Cancelled;
    });
    let mine = draft(|e| {
        e.sessions[0].title = "Table ronde".into();
        e.sessions[0].description = Some("Avec les bénévoles.".into());
    });

    let rebased = rebase(&base(), &mine, &theirs);

    assert_eq!(rebased.conflicts, Vec::new());
    let debat = &rebased.edition.sessions[0];
    assert_eq!(debat.title, "Table ronde");
    assert!(debat.is_cancelled());
    assert_eq!(debat.description.as_deref(), Some("Avec les bénévoles."));
}

#[test]
fn each_field_both_changed_is_said_in_the_order_of_the_form() {
    let theirs = published(|e| {
        e.speakers[0].name = "S. Paugam".into();
        e.speakers[0].title = Some("Sociologue".into());
        e.speakers[0].organisation = Some("EHESS".into());
    });
    let mine = draft(|e| {
        e.speakers[0].title = Some("Directeur de recherche".into());
        e.speakers[0].organisation = Some("CNRS".into());
    });

    let rebased = rebase(&base(), &mine, &theirs);

    let paugam = &rebased.edition.speakers[0];
    assert_eq!(paugam.name, "S. Paugam");
    assert_eq!(paugam.title.as_deref(), Some("Directeur de recherche"));
    assert_eq!(paugam.organisation.as_deref(), Some("CNRS"));
    let said: Vec<&str> = rebased.conflicts.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(
        said,
        [
            "L'intervenant « S. Paugam » : son titre a aussi été modifié par votre collègue ; votre version est gardée.",
            "L'intervenant « S. Paugam » : son organisation a aussi été modifiée par votre collègue ; votre version est gardée.",
        ]
    );
}

#[test]
fn a_field_i_emptied_and_they_changed_stays_empty_and_is_said() {
    let mut described = base();
    described.stands[0].description = Some("Aide alimentaire.".into());
    let mut theirs = described.clone();
    theirs.stands[0].description = Some("Aide alimentaire et accompagnement.".into());
    theirs.stands[0].theme = "Solidarité".into();
    let mut mine = described.clone();
    mine.stands[0].description = None;

    let rebased = rebase(&described, &mine, &theirs);

    assert_eq!(rebased.edition.stands[0].description, None);
    assert_eq!(rebased.edition.stands[0].theme, "Solidarité");
    assert_eq!(
        rebased.conflicts,
        [conflict(
            Entity::Stand,
            Some("restos"),
            "Le stand « Restos du cœur » : sa description a aussi été modifiée par votre collègue ; votre version est gardée."
        )]
    );
}

#[test]
fn a_field_without_a_label_is_said_generically() {
    let clash = Clash::BothChangedField(Field::named("mystère"));
    assert_eq!(
        Conflict::new(Entity::Place, Some("hall"), "Hall", clash).message,
        "Le lieu « Hall » : un de ses champs a aussi été modifié par votre collègue ; votre version est gardée."
    );
}

#[test]
fn a_merge_its_type_refuses_keeps_mine_whole_without_panicking() {
    // A width that is not a number becomes `null` in JSON, which a plan refuses back.
    let theirs = published(|e| plan(e).height = 32.0);
    let mine = draft(|e| plan(e).width = f64::NAN);

    let rebased = rebase(&base(), &mine, &theirs);

    let merged = rebased.edition.plan.as_ref().unwrap();
    assert!(merged.width.is_nan());
    assert_eq!(merged.height, 30.0, "mine, whole");
    assert_eq!(
        rebased.conflicts,
        [conflict(
            Entity::Plan,
            None,
            "Le plan a aussi été modifié par votre collègue : votre version est gardée."
        )]
    );
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let theirs = published(|e| e.sessions[0].status = crate::edition::Status::Cancelled);
    let rebased = rebase(&base(), &theirs.clone(), &theirs);
    assert_eq!(rebased.conflicts, Vec::new());
    assert_eq!(rebased.edition, theirs);
}

#[test]
fn what_i_did_not_touch_is_theirs_and_what_i_did_is_mine() {
    let theirs = published(|e| {
        e.speakers[0].title = Some("Sociologue".into());
        e.stands.retain(|s| s.id.as_str() != "restos");
    });
    // A draft that changes nothing gives their revision as is.
    assert_eq!(rebase(&base(), &base(), &theirs).edition, theirs);
    // A colleague who changed nothing gives my draft, with their revision number.
    let mine = draft(|e| e.places[1].name = "Grand auditorium".into());
    let rebased = rebase(&base(), &mine, &published(|_| {}));
    assert_eq!(rebased.edition.revision, 2);
    assert_eq!(rebased.edition.places, mine.places);
    assert_eq!(rebased.edition.sessions, mine.sessions);
}

#[test]
fn a_stand_i_delete_is_gone_and_their_session_and_my_place_are_there() {
    let theirs = published(|e| e.sessions.push(session("atelier", "16:00", "17:00")));
    let mine = draft(|e| {
        e.stands.retain(|s| s.id.as_str() != "secours");
        e.places.push(place("jardin"));
    });

    let rebased = rebase(&base(), &mine, &theirs);

    let e = &rebased.edition;
    assert_eq!(ids(&e.stands), ["restos"]);
    assert_eq!(ids(&e.sessions), ["debat", "conf", "atelier"]);
    assert_eq!(ids(&e.places), ["salle-du-conseil", "auditorium", "jardin"]);
    assert_eq!(rebased.conflicts, Vec::new());
}

#[test]
fn what_they_removed_and_i_did_not_touch_is_gone() {
    let theirs = published(|e| {
        e.sessions.remove(0);
    });
    let mine = draft(|e| e.sessions[1].title = "Conférence".into());
    let rebased = rebase(&base(), &mine, &theirs);
    assert_eq!(ids(&rebased.edition.sessions), ["conf"]);
    assert_eq!(rebased.edition.sessions[0].title, "Conférence");
}

#[test]
fn my_additions_keep_their_place_among_their_neighbours() {
    // I insert a hall between the two rooms and a reception first; the colleague adds a
    // garden at the end and moves the auditorium first.
    let mine = draft(|e| {
        e.places.insert(1, place("hall"));
        e.places.insert(2, place("vestiaire"));
        e.places.insert(0, place("accueil"));
    });
    let theirs = published(|e| {
        e.places.reverse();
        e.places.push(place("jardin"));
    });

    let rebased = rebase(&base(), &mine, &theirs);

    assert_eq!(
        ids(&rebased.edition.places),
        [
            "accueil",
            "auditorium",
            "salle-du-conseil",
            "hall",
            "vestiaire",
            "jardin"
        ]
    );
}

#[test]
fn what_i_removed_and_they_changed_is_kept_as_theirs() {
    let theirs = published(|e| e.stands[1].website = Some("https://www.secourspopulaire.fr".into()));
    let mine = draft(|e| e.stands.retain(|s| s.id.as_str() != "secours"));

    let rebased = rebase(&base(), &mine, &theirs);

    assert_eq!(rebased.edition.stands, theirs.stands);
    assert_eq!(
        rebased.conflicts,
        [conflict(Entity::Stand, Some("secours"), "Vous aviez supprimé le stand « Secours populaire », mais votre collègue l'a modifié : sa version est gardée.")]
    );
}

#[test]
fn what_they_removed_and_i_changed_comes_back_as_mine() {
    let theirs = published(|e| {
        e.sessions.remove(0);
    });
    let mine = draft(|e| {
        e.sessions[0].title = "Débat des seniors".into();
        e.sessions.insert(0, session("accueil", "09:00", "10:00"));
    });

    let rebased = rebase(&base(), &mine, &theirs);

    assert_eq!(ids(&rebased.edition.sessions), ["accueil", "debat", "conf"]);
    assert_eq!(rebased.edition.sessions[1].title, "Débat des seniors");
    assert_eq!(
        rebased.conflicts.iter().map(|c| c.message.as_str()).collect::<Vec<_>>(),
        ["Votre collègue a supprimé la séance « Débat des seniors », que vous aviez modifiée : votre version est gardée."]
    );
}

#[test]
fn the_same_id_added_on_both_sides_keeps_mine() {
    let theirs = published(|e| {
        e.speakers.push(Speaker {
            id: crate::ids::SpeakerId::parse("dupont").unwrap(),
            name: "Marie Dupont".into(),
            title: None,
            organisation: None,
        })
    });
    let mut mine = base();
    let mut mine_speaker = theirs.speakers[1].clone();
    mine_speaker.organisation = Some("CCAS".into());
    mine.speakers.push(mine_speaker.clone());

    let rebased = rebase(&base(), &mine, &theirs);

    assert_eq!(rebased.edition.speakers[1], mine_speaker);
    assert_eq!(rebased.edition.speakers.len(), 2);
    assert_eq!(
        rebased.conflicts[0].message,
        "Votre collègue a aussi ajouté l'intervenant « Marie Dupont » : votre version est gardée."
    );
}

#[test]
fn the_event_merges_field_by_field_and_announcements_as_a_whole() {
    let theirs = published(|e| e.event.name = "Agir ensemble 2013".into());
    let mine = draft(|e| {
        e.announcements.push(Announcement {
            text: "Le déjeuner est servi dans le hall.".into(),
            until: None,
        })
    });
    let rebased = rebase(&base(), &mine, &theirs);
    assert_eq!(rebased.edition.event.name, "Agir ensemble 2013");
    assert_eq!(rebased.edition.announcements, mine.announcements);
    assert_eq!(rebased.conflicts, Vec::new());

    // The venue is one field: my address and their name both land.
    let mine = draft(|e| e.event.venue.address = Some("33 boulevard Carnot".into()));
    let rebased = rebase(&base(), &mine, &theirs);
    assert_eq!(rebased.edition.event.name, "Agir ensemble 2013");
    assert_eq!(rebased.edition.event.venue, mine.event.venue);
    assert_eq!(rebased.conflicts, Vec::new());

    // Both retitle the event and post an announcement: mine, each said.
    let mine = draft(|e| {
        e.event.name = "Agir ensemble, 2e édition".into();
        e.announcements.push(Announcement {
            text: "Le déjeuner est servi dans le hall.".into(),
            until: None,
        });
    });
    let theirs = published(|e| {
        e.event.name = "Agir ensemble 2013".into();
        e.announcements.push(Announcement {
            text: "La table ronde commence à 10 h 15.".into(),
            until: None,
        });
    });
    let rebased = rebase(&base(), &mine, &theirs);
    assert_eq!(rebased.edition.event, mine.event);
    assert_eq!(rebased.edition.announcements, mine.announcements);
    assert_eq!(
        rebased.conflicts,
        [
            conflict(
                Entity::Event,
                None,
                "L'événement : son nom a aussi été modifié par votre collègue ; votre version est gardée."
            ),
            conflict(
                Entity::Announcements,
                None,
                "Les annonces ont aussi été modifiées par votre collègue : votre version est gardée."
            ),
        ]
    );
}

#[test]
fn my_event_name_and_their_end_date_both_land() {
    let theirs = published(|e| e.event.end_date = e.event.end_date.succ_opt().unwrap());
    let mine = draft(|e| e.event.name = "Agir ensemble 2013".into());

    let rebased = rebase(&base(), &mine, &theirs);

    assert_eq!(rebased.conflicts, Vec::new());
    let event = &rebased.edition.event;
    assert_eq!(event.name, "Agir ensemble 2013");
    assert_eq!(event.end_date.to_string(), "2013-10-09");
    assert_eq!(event.start_date.to_string(), "2013-10-08");
}

#[test]
fn the_plan_merges_stand_by_stand() {
    let restos = StandId::parse("restos").unwrap();
    let secours = StandId::parse("secours").unwrap();
    let drawn = |stand: &StandId, x: f64| PlanStand {
        stand: stand.clone(),
        number: "2".into(),
        rect: Rect {
            x,
            y: 10.0,
            w: 4.0,
            h: 3.0,
        },
        polygon: None,
    };
    // They move the Restos' stand; I draw the Secours' and make the hall wider.
    let theirs = published(|e| plan(e).stands[0].rect.x = 20.0);
    let mine = draft(|e| {
        plan(e).stands.push(drawn(&secours, 10.0));
        plan(e).width = 50.0;
    });

    let rebased = rebase(&base(), &mine, &theirs);

    let merged = rebased.edition.plan.as_ref().unwrap();
    assert_eq!(merged.width, 50.0);
    assert_eq!(merged.stands[0].rect.x, 20.0);
    assert_eq!(merged.stands[1], drawn(&secours, 10.0));
    assert_eq!(rebased.conflicts, Vec::new());

    // Both move the Restos' stand, they renumber it, both resize the hall: my position
    // and height with their number, each field both changed said.
    let mine = draft(|e| {
        plan(e).stands[0].rect.x = 30.0;
        plan(e).height = 35.0;
    });
    let theirs = published(|e| {
        plan(e).stands[0] = drawn(&restos, 20.0);
        plan(e).height = 32.0;
    });
    let rebased = rebase(&base(), &mine, &theirs);
    let merged = rebased.edition.plan.as_ref().unwrap();
    assert_eq!(merged.height, 35.0);
    assert_eq!(merged.stands[0].rect, mine.plan.as_ref().unwrap().stands[0].rect);
    assert_eq!(merged.stands[0].number, "2");
    let said: Vec<(Entity, Option<&str>, &str)> = rebased
        .conflicts
        .iter()
        .map(|c| (c.kind, c.id.as_deref(), c.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (
                Entity::Plan,
                None,
                "Le plan : sa hauteur a aussi été modifiée par votre collègue ; votre version est gardée."
            ),
            (
                Entity::PlanStand,
                Some("restos"),
                "L'emplacement du stand « Restos du cœur » sur le plan : sa position et sa taille ont aussi été modifiées par votre collègue ; votre version est gardée."
            ),
        ]
    );
}

#[test]
fn a_plan_i_removed_that_they_changed_stays() {
    let theirs = published(|e| e.plan.as_mut().unwrap().stands[0].number = "7".into());
    let mine = draft(|e| e.plan = None);
    let rebased = rebase(&base(), &mine, &theirs);
    assert_eq!(rebased.edition.plan, theirs.plan);
    assert_eq!(
        rebased.conflicts[0].message,
        "Vous aviez supprimé le plan, mais votre collègue l'a modifié : sa version est gardée."
    );
    // Untouched by them, it goes.
    assert_eq!(rebase(&base(), &mine, &published(|_| {})).edition.plan, None);
}

#[test]
fn duplicated_ids_merge_item_by_item_without_losing_any() {
    // A document with the same id twice (validation refuses it) still merges.
    let mut twice = base();
    twice.sessions.push(session("debat", "17:00", "18:00"));
    let mut theirs = twice.clone();
    theirs.sessions[2].title = "Second débat".into();
    let mut mine = twice.clone();
    mine.sessions[0].title = "Premier débat".into();
    mine.sessions.push(session("debat", "19:00", "20:00"));

    let rebased = rebase(&twice, &mine, &theirs);

    let titles: Vec<&str> = rebased.edition.sessions.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Premier débat", "Séance conf", "Second débat", "Séance debat"]);
    assert_eq!(rebased.conflicts, Vec::new());
}

#[test]
fn conflicts_travel_as_json_with_a_stable_kind() {
    let conflict = Conflict::new(Entity::PlanStand, Some("restos"), "", Clash::BothChanged);
    let json = serde_json::to_value(&conflict).unwrap();
    assert_eq!(json["kind"], "plan-stand");
    assert_eq!(json["id"], "restos");
    assert!(
        conflict.message.contains("« restos »"),
        "an empty name is said by its id"
    );
}
