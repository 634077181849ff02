//! « Bénévolat » in a stand's form: whether the association looks for volunteers, its
//! missions, the time it asks, when and where, and whether visitors may ask to be
//! contacted from the app (« Je veux m'engager »).

use agir_model::engagement::{Commitment, Mission, Moment, Volunteering};
use agir_model::{Edition, Stand};
use leptos::prelude::*;

use crate::draft::{use_draft, Draft};
use crate::fields::{field, get, list_of, list_text, set, Field, Kind};

fn stand_mut<'a>(e: &'a mut Edition, id: &str) -> Option<&'a mut Stand> {
    e.stands.iter_mut().find(|s| s.id.as_str() == id)
}

/// A reader of the stand's volunteering, as text (empty when it has none).
fn read(id: &str, f: impl Fn(&Volunteering) -> String + Send + Sync + 'static) -> crate::fields::Get {
    let id = id.to_owned();
    get(move |e| {
        e.stands
            .iter()
            .find(|s| s.id.as_str() == id)
            .and_then(|s| s.volunteering.as_ref())
            .map(&f)
            .unwrap_or_default()
    })
}

/// A writer of the stand's volunteering, from text.
fn write(id: &str, f: impl Fn(&mut Volunteering, String) + Send + Sync + 'static) -> crate::fields::Set {
    let id = id.to_owned();
    set(move |e, v| {
        if let Some(volunteering) = stand_mut(e, &id).and_then(|s| s.volunteering.as_mut()) {
            f(volunteering, v)
        }
    })
}

/// What the first choice says: `non`, `contact` or `sans-contact`.
fn seeking_code(e: &Edition, id: &str) -> String {
    match e
        .stands
        .iter()
        .find(|s| s.id.as_str() == id)
        .and_then(|s| s.volunteering.as_ref())
    {
        None => "non".into(),
        Some(v) if v.accepts_contact => "contact".into(),
        Some(_) => "sans-contact".into(),
    }
}

fn set_seeking(e: &mut Edition, id: &str, code: &str) {
    let Some(stand) = stand_mut(e, id) else { return };
    if code == "non" {
        stand.volunteering = None;
        return;
    }
    let v = stand.volunteering.get_or_insert_with(|| Volunteering {
        missions: Vec::new(),
        commitment: Commitment::Occasional,
        moments: Vec::new(),
        neighbourhoods: Vec::new(),
        accepts_contact: true,
        example: false,
    });
    v.accepts_contact = code == "contact";
}

/// Missions as the form shows them: one per line, « Titre : description ».
fn missions_text(v: &Volunteering) -> String {
    v.missions.iter().map(Mission::line).collect::<Vec<_>>().join("\n")
}

/// The volunteering fields of stand `id` (at `at` in the document).
#[component]
pub fn VolunteeringFields(id: String, at: String) -> impl IntoView {
    let draft = use_draft();
    let f = {
        let at = at.clone();
        move |name: &str, label: &str, path: &str| {
            Field::new(format!("stand-{name}"), label, format!("{at}/volunteering{path}"))
        }
    };
    let seeking = vec![
        ("non".to_owned(), "Non, ou pas encore dit".to_owned()),
        ("contact".to_owned(), "Oui, avec demandes de contact".to_owned()),
        ("sans-contact".to_owned(), "Oui, sans demandes de contact".to_owned()),
    ];
    let times: Vec<(String, String)> = Commitment::ALL
        .iter()
        .map(|c| (c.code().to_owned(), c.label().to_owned()))
        .collect();
    let has = {
        let id = id.clone();
        move || {
            draft
                .edition
                .with(|e| e.as_ref().is_some_and(|e| seeking_code(e, &id) != "non"))
        }
    };
    let choice_field = f("benevoles", "Cherche des bénévoles", "")
        .kind(Kind::Radio(seeking))
        .hint("Avec les demandes de contact, un visiteur peut demander à l'association de le recontacter, depuis la fiche du stand.");
    let details = {
        let id = id.clone();
        move || {
            has().then(|| {
                view! {
                    {field(draft, f("missions", "Missions proposées", "/missions").kind(Kind::Lines)
                            .hint("Une par ligne, «\u{a0}Titre\u{a0}: description\u{a0}», par exemple\u{a0}: Trier les dons\u{a0}: trier et ranger les denrées données."),
                        read(&id, missions_text), write(&id, |v, t| v.missions = Mission::from_lines(&t)))}
                    {field(draft, f("temps", "Temps demandé", "/commitment").kind(Kind::Radio(times.clone())),
                        read(&id, |v| v.commitment.code().to_owned()),
                        write(&id, |v, t| if let Some(c) = Commitment::from_code(&t) { v.commitment = c }))}
                    <MomentsField draft id=id.clone() />
                    {field(draft, f("quartiers", "Quartiers où se passent les missions (facultatif)", "/neighbourhoods").kind(Kind::List)
                            .hint("Séparés par des virgules, par exemple\u{a0}: Monplaisir, La Roseraie."),
                        read(&id, |v| list_text(&v.neighbourhoods)), write(&id, |v, t| v.neighbourhoods = list_of(&t)))}
                }
            })
        }
    };
    let choice = {
        let id = id.clone();
        field(
            draft,
            choice_field,
            get({
                let id = id.clone();
                move |e| seeking_code(e, &id)
            }),
            set(move |e, v| set_seeking(e, &id, &v)),
        )
    };
    view! {
        <fieldset class="editor-group">
            <legend>"Bénévolat («\u{a0}Je veux m'engager\u{a0}»)"</legend>
            {choice}
            {details}
        </fieldset>
    }
}

/// When the missions take place: three checkboxes (none ticked: whenever suits).
#[component]
fn MomentsField(draft: Draft, id: String) -> impl IntoView {
    let boxes = Moment::ALL
        .into_iter()
        .map(|m| {
            let input = format!("stand-moment-{}", m.code());
            let label_for = input.clone();
            let (read_id, write_id) = (id.clone(), id.clone());
            let checked = move || {
                draft.edition.with(|e| {
                    e.as_ref()
                        .and_then(|e| e.stands.iter().find(|s| s.id.as_str() == read_id))
                        .and_then(|s| s.volunteering.as_ref())
                        .is_some_and(|v| v.moments.contains(&m))
                })
            };
            let change = move |ev| {
                let on = event_target_checked(&ev);
                draft.update(|e| {
                    if let Some(v) = stand_mut(e, &write_id).and_then(|s| s.volunteering.as_mut()) {
                        v.moments.retain(|x| *x != m);
                        if on {
                            v.moments.push(m);
                            v.moments.sort();
                        }
                    }
                });
            };
            view! {
                <label class="checkbox" for=label_for>
                    <input type="checkbox" id=input prop:checked=checked on:change=change />
                    {m.label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field">
            <legend>"Quand se passent les missions"</legend>
            <p class="hint">"Aucune case cochée\u{a0}: à tout moment de la semaine."</p>
            {boxes}
        </fieldset>
    }
}
