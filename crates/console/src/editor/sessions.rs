//! The sessions: their list, and the form of one session with every field the attendee app
//! shows (kind, day and times, place, speakers with their roles, themes, audience,
//! description, linked stands, status, questions from the floor).

use agir_model::french::typeset;
use agir_model::questions::{Moderation, QuestionsSetting};
use agir_model::time::{format_day, format_hm};
use agir_model::{Edition, Session, SessionId, SessionKind, SpeakerId, SpeakerRole, StandId, Status};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::links::{editor_base, item};
use super::lists::{errors_by_index, missing, Item, ItemList, RemoveButton};
use crate::draft::{use_draft, Draft};
use crate::fields::{
    field, get, list_of, list_text, optional, parse_date, parse_time, set, text_of, Field, IssuesAt, Kind,
};

/// `/organisateurs/editer/{edition}/seances`.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let draft = use_draft();
    let navigate = use_navigate();
    let items = Signal::derive(move || {
        let errors = draft.report.with(|r| {
            draft
                .edition
                .with(|e| e.as_ref().map(|e| errors_by_index(r, "sessions", e.sessions.len())))
        });
        draft.edition.with(|e| {
            let Some(e) = e else { return Vec::new() };
            let errors = errors.unwrap_or_default();
            let mut items: Vec<(&Session, usize)> = e.sessions.iter().zip(errors).collect();
            items.sort_by_key(|(s, _)| (s.start, s.end));
            items
                .into_iter()
                .map(|(s, errors)| Item {
                    href: item(e.edition.as_str(), "seances", s.id.as_str()),
                    label: if s.title.trim().is_empty() {
                        "(sans titre)".into()
                    } else {
                        s.title.clone()
                    },
                    detail: format!(
                        "{}, {} – {}{}",
                        format_day(s.start.date_naive()),
                        format_hm(&s.start),
                        format_hm(&s.end),
                        if s.is_cancelled() { " · annulée" } else { "" }
                    ),
                    errors,
                })
                .collect()
        })
    });
    let add = Callback::new(move |()| {
        let mut created = None;
        draft.update(|e| created = Some(add_session(e)));
        if let Some(id) = created {
            navigate(&item(&draft.slug.get_value(), "seances", &id), Default::default());
        }
    });
    view! {
        <h1>"Séances"</h1>
        <ItemList part="seances" search_label="Chercher une séance" items add_label="Ajouter une séance" on_add=add />
    }
}

/// A new session on the event's first day, 14:00 to 15:00; returns its id.
fn add_session(e: &mut Edition) -> String {
    let taken: Vec<String> = e.sessions.iter().map(|s| s.id.to_string()).collect();
    let id = agir_model::ids::fresh_id(taken.iter().map(String::as_str), "nouvelle-seance", "seance");
    let offset = e.offset();
    let at = |h| {
        offset
            .from_local_datetime(&e.event.start_date.and_hms_opt(h, 0, 0).unwrap_or_default())
            .single()
            .unwrap_or_default()
    };
    let (start, end) = (at(14), at(15));
    e.sessions.push(Session {
        id: SessionId::parse(id.clone()).unwrap_or_else(|_| SessionId::parse("seance").expect("valid id")),
        title: String::new(),
        kind: SessionKind::Other,
        start,
        end,
        place: None,
        speakers: Vec::new(),
        themes: Vec::new(),
        audience: Vec::new(),
        description: None,
        stands: Vec::new(),
        status: Status::Scheduled,
        assumed: Vec::new(),
        questions: None,
    });
    id
}

fn session<'a>(e: &'a Edition, id: &str) -> Option<&'a Session> {
    e.sessions.iter().find(|s| s.id.as_str() == id)
}

fn session_mut<'a>(e: &'a mut Edition, id: &str) -> Option<&'a mut Session> {
    e.sessions.iter_mut().find(|s| s.id.as_str() == id)
}

/// A reader of one session's field, as text.
fn read(id: &str, f: impl Fn(&Session) -> String + Send + Sync + 'static) -> crate::fields::Get {
    let id = id.to_owned();
    get(move |e| session(e, &id).map(&f).unwrap_or_default())
}

/// A writer of one session's field, from text.
fn write(id: &str, f: impl Fn(&mut Session, String) + Send + Sync + 'static) -> crate::fields::Set {
    let id = id.to_owned();
    set(move |e, v| {
        if let Some(s) = session_mut(e, &id) {
            f(s, v)
        }
    })
}

/// `/organisateurs/editer/{edition}/seances/{id}`.
#[component]
pub fn SessionForm() -> impl IntoView {
    let draft = use_draft();
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let index = draft.edition.with_untracked(|e| {
            e.as_ref()
                .and_then(|e| e.sessions.iter().position(|s| s.id.as_str() == id))
        });
        match index {
            Some(index) => session_form(draft, id, index).into_any(),
            None => missing("Séance", format!("{}/seances", editor_base(&draft.slug.get_value()))),
        }
    }
}

fn session_form(draft: Draft, id: String, index: usize) -> impl IntoView {
    let at = format!("/sessions/{index}");
    let f = |name: &str, label: &str, field: &str| Field::new(format!("seance-{name}"), label, format!("{at}/{field}"));
    let title = {
        let id = id.clone();
        move || {
            draft.edition.with(|e| {
                e.as_ref()
                    .and_then(|e| session(e, &id))
                    .map(|s| {
                        if s.title.trim().is_empty() {
                            "Nouvelle séance".into()
                        } else {
                            typeset(&s.title)
                        }
                    })
                    .unwrap_or_default()
            })
        }
    };
    let (kinds, places, days) = draft.edition.with_untracked(|e| {
        let e = e.as_ref().expect("loaded");
        (kind_choices(), place_choices(e), day_choices(e))
    });
    let statuses = vec![
        ("scheduled".to_owned(), "Au programme".to_owned()),
        ("cancelled".to_owned(), "Annulée".to_owned()),
    ];
    let floor = vec![
        (
            "pre".to_owned(),
            "Oui, affichées après l'accord de l'équipe d'animation".to_owned(),
        ),
        (
            "post".to_owned(),
            "Oui, affichées dès leur arrivée (l'équipe peut les retirer)".to_owned(),
        ),
        ("off".to_owned(), "Non".to_owned()),
    ];
    view! {
        <h1>{title}</h1>
        <form class="form editor-form" on:submit=|ev| ev.prevent_default() novalidate=true>
            {field(draft, f("titre", "Titre", "title"), read(&id, |s| s.title.clone()), write(&id, |s, v| s.title = v))}
            {field(draft, f("type", "Type de séance", "kind").kind(Kind::Choice(kinds)),
                read(&id, |s| s.kind.code().to_owned()),
                write(&id, |s, v| if let Some(k) = SessionKind::from_code(&v) { s.kind = k }))}
            {field(draft, f("jour", "Jour", "start").kind(Kind::Choice(days)),
                read(&id, |s| s.start.date_naive().to_string()),
                write(&id, |s, v| if let Some(day) = parse_date(&v) { move_to_day(s, day) }))}
            <div class="field-pair">
                {field(draft, f("debut", "Début", "start").kind(Kind::Time).hint("La fin suit\u{a0}: la durée est gardée."),
                    read(&id, |s| format_hm(&s.start)), write(&id, set_start))}
                {field(draft, f("fin", "Fin", "end").kind(Kind::Time), read(&id, |s| format_hm(&s.end)),
                    write(&id, |s, v| if let Some(end) = at_time(&s.end, &v) { s.end = end }))}
            </div>
            {field(draft, f("lieu", "Lieu", "place").kind(Kind::Choice(places)),
                read(&id, |s| s.place.as_ref().map(|p| p.to_string()).unwrap_or_default()),
                write(&id, |s, v| s.place = agir_model::PlaceId::parse(v).ok()))}
            {field(draft, f("statut", "Statut", "status").kind(Kind::Choice(statuses)),
                read(&id, |s| if s.is_cancelled() { "cancelled".into() } else { "scheduled".into() }),
                write(&id, |s, v| s.status = if v == "cancelled" { Status::Cancelled } else { Status::Scheduled }))}
            {field(draft, f("questions", "Questions de la salle depuis les téléphones", "questions").kind(Kind::Radio(floor))
                    .hint("Par défaut\u{a0}: oui pour les débats, conférences et tables rondes."),
                read(&id, questions_code), write(&id, set_questions))}
            <SpeakerRoles id=id.clone() at=at.clone() />
            {field(draft, f("themes", "Thèmes", "themes").kind(Kind::List).hint("Séparés par des virgules."),
                read(&id, |s| list_text(&s.themes)), write(&id, |s, v| s.themes = list_of(&v)))}
            {field(draft, f("public", "Public", "audience").kind(Kind::List).hint("Séparés par des virgules, par exemple\u{a0}: bénévoles retraités, grand public."),
                read(&id, |s| list_text(&s.audience)), write(&id, |s, v| s.audience = list_of(&v)))}
            {field(draft, f("description", "Description", "description").kind(Kind::LongText),
                read(&id, |s| text_of(&s.description)), write(&id, |s, v| s.description = optional(v)))}
            <LinkedStands id=id.clone() at=at.clone() />
        </form>
        <RemoveButton label="Supprimer cette séance"
            question="Supprimer cette séance du brouillon\u{a0}? Elle disparaîtra du programme à la prochaine publication."
            back=format!("{}/seances", editor_base(&draft.slug.get_value()))
            remove=Callback::new(move |()| draft.update(|e| e.sessions.retain(|s| s.id.as_str() != id))) />
    }
}

/// The session's questions setting as the form's choice: `off`, `pre` or `post`.
fn questions_code(s: &Session) -> String {
    let setting = s.questions_setting();
    match (setting.enabled, setting.moderation) {
        (false, _) => "off".into(),
        (true, Moderation::Pre) => "pre".into(),
        (true, Moderation::Post) => "post".into(),
    }
}

/// Writes the choice; the kind's default is left unwritten, so a later change of kind
/// still brings its own default.
fn set_questions(s: &mut Session, code: String) {
    let setting = QuestionsSetting {
        enabled: code != "off",
        moderation: if code == "post" {
            Moderation::Post
        } else {
            Moderation::Pre
        },
    };
    s.questions = (setting != QuestionsSetting::default_for(s.kind)).then_some(setting);
}

fn kind_choices() -> Vec<(String, String)> {
    SessionKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect()
}

fn place_choices(e: &Edition) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Aucun lieu".to_owned()))
        .chain(e.places.iter().map(|p| (p.id.to_string(), p.name.clone())))
        .collect()
}

/// The event's days, from its first to its last (at most a few weeks are offered).
fn day_choices(e: &Edition) -> Vec<(String, String)> {
    e.event
        .start_date
        .iter_days()
        .take_while(|d| *d <= e.event.end_date)
        .take(31)
        .map(|d| (d.to_string(), format_day(d)))
        .collect()
}

/// `at`'s day at the time typed ("14:15"), in `at`'s own offset.
fn at_time(at: &DateTime<FixedOffset>, typed: &str) -> Option<DateTime<FixedOffset>> {
    let time = parse_time(typed)?;
    at.offset()
        .from_local_datetime(&at.date_naive().and_time(time))
        .single()
}

/// A new start time; the end moves with it, keeping the duration.
fn set_start(s: &mut Session, typed: String) {
    if let Some(start) = at_time(&s.start, &typed) {
        let duration = s.end - s.start;
        s.start = start;
        s.end = start + duration;
    }
}

/// The same times on another day.
fn move_to_day(s: &mut Session, day: NaiveDate) {
    let shift = day - s.start.date_naive();
    s.start += shift;
    s.end += shift;
}

/// The speakers of a session, each with a role ("animateur", "grand témoin"…).
#[component]
fn SpeakerRoles(id: String, at: String) -> impl IntoView {
    let draft = use_draft();
    let speakers = draft.edition.with_untracked(|e| {
        std::iter::once((String::new(), "Choisir un intervenant".to_owned()))
            .chain(
                e.iter()
                    .flat_map(|e| e.speakers.iter())
                    .map(|s| (s.id.to_string(), s.name.clone())),
            )
            .collect::<Vec<_>>()
    });
    let count = {
        let id = id.clone();
        move || {
            draft
                .edition
                .with(|e| e.as_ref().and_then(|e| session(e, &id)).map_or(0, |s| s.speakers.len()))
        }
    };
    let add = {
        let id = id.clone();
        move |_| {
            draft.update(|e| {
                let first = e.speakers.first().map(|s| s.id.clone());
                if let (Some(s), Some(speaker)) = (session_mut(e, &id), first) {
                    s.speakers.push(SpeakerRole { speaker, role: None });
                }
            })
        }
    };
    view! {
        <fieldset>
            <legend>"Intervenants"</legend>
            {move || (0..count()).map(|j| speaker_row(draft, &id, &at, j, speakers.clone())).collect_view()}
            <button type="button" class="button secondary" on:click=add>"Ajouter un intervenant à cette séance"</button>
        </fieldset>
    }
}

fn speaker_row(draft: Draft, id: &str, at: &str, j: usize, speakers: Vec<(String, String)>) -> impl IntoView {
    let path = format!("{at}/speakers/{j}");
    let remove = {
        let id = id.to_owned();
        move |_| {
            draft.update(|e| {
                if let Some(s) = session_mut(e, &id).filter(|s| j < s.speakers.len()) {
                    s.speakers.remove(j);
                }
            })
        }
    };
    view! {
        <div class="speaker-row">
            {field(draft, Field::new(format!("seance-intervenant-{j}"), format!("Intervenant {}", j + 1), format!("{path}/speaker")).kind(Kind::Choice(speakers)),
                read(id, move |s| s.speakers.get(j).map(|r| r.speaker.to_string()).unwrap_or_default()),
                write(id, move |s, v| if let (Some(r), Ok(v)) = (s.speakers.get_mut(j), SpeakerId::parse(v)) { r.speaker = v }))}
            {field(draft, Field::new(format!("seance-role-{j}"), format!("Rôle de l'intervenant {} (facultatif)", j + 1), format!("{path}/role")),
                read(id, move |s| s.speakers.get(j).and_then(|r| r.role.clone()).unwrap_or_default()),
                write(id, move |s, v| if let Some(r) = s.speakers.get_mut(j) { r.role = optional(v) }))}
            <button type="button" class="button secondary" on:click=remove>{format!("Retirer l'intervenant {}", j + 1)}</button>
        </div>
    }
}

/// The stands of the village linked to a session, as boxes to tick.
#[component]
fn LinkedStands(id: String, at: String) -> impl IntoView {
    let draft = use_draft();
    let stands = draft.edition.with_untracked(|e| {
        e.iter()
            .flat_map(|e| e.stands.iter())
            .map(|s| (s.id.clone(), s.name.clone()))
            .collect::<Vec<_>>()
    });
    let linked = {
        let id = id.clone();
        move || {
            draft
                .edition
                .with(|e| e.as_ref().and_then(|e| session(e, &id)).map_or(0, |s| s.stands.len()))
        }
    };
    let issues = Memo::new(move |_| draft.issues_at(&format!("{at}/stands")));
    let boxes = stands
        .into_iter()
        .enumerate()
        .map(|(k, (stand, name))| {
            let (id, read_id, stand_read) = (id.clone(), id.clone(), stand.clone());
            let checked = move || {
                draft.edition.with(|e| {
                    e.as_ref()
                        .and_then(|e| session(e, &read_id))
                        .is_some_and(|s| s.stands.contains(&stand_read))
                })
            };
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                let stand: StandId = stand.clone();
                draft.update(|e| {
                    if let Some(s) = session_mut(e, &id) {
                        s.stands.retain(|x| *x != stand);
                        if on {
                            s.stands.push(stand);
                        }
                    }
                })
            };
            view! {
                <label class="checkbox" for=format!("seance-stand-{k}")>
                    <input id=format!("seance-stand-{k}") type="checkbox" prop:checked=checked on:change=toggle />
                    {name}
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="linked-stands">
            <summary>{move || format!("Stands liés à cette séance\u{a0}({})", linked())}</summary>
            {boxes}
        </details>
        <IssuesAt id="seance-stands-issues".into() issues />
    }
}
