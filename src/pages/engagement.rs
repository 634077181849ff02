//! `/m-engager`: « Trouver où m'engager » (three questions, the stands whose volunteering
//! fits, computed on the phone from the edition, so offline too) and the requests sent from
//! this phone, each with the way to withdraw it. `/m-engager/:stand` is the form
//! (`contact_form`); `receipts` lists what was sent.

use std::sync::Arc;

use agir_model::engagement::matching::{self, Match, Wish};
use agir_model::engagement::{Commitment, Moment, Volunteering};
use agir_model::french::typeset;
use agir_model::paths;
use agir_model::plan::stand_heading;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::use_page_title;
use crate::components::states::WithProgramme;
use crate::state::programme::Snapshot;

mod contact_form;
mod corner;
mod receipts;

pub use contact_form::ContactPage;
pub use corner::EngageCorner;
pub use receipts::Receipts;

/// « Trouver où m'engager ».
#[component]
pub fn EngagePage() -> impl IntoView {
    use_page_title(|| "Trouver où m'engager".into());
    view! {
        <section class="page engage">
            <h1>"Trouver où m'engager"</h1>
            <p class="lead">
                "Trois questions pour trouver les associations du village des solidarités qui cherchent "
                "des bénévoles comme vous. Tout se passe sur votre téléphone, même sans réseau."
            </p>
            <WithProgramme let:snapshot>
                <Finder snapshot />
            </WithProgramme>
            <Receipts />
        </section>
    }
}

#[component]
fn Finder(snapshot: Arc<Snapshot>) -> impl IntoView {
    let edition = &snapshot.edition;
    let themes: Vec<String> = matching::themes(edition).into_iter().map(str::to_owned).collect();
    if themes.is_empty() {
        return view! {
            <p class="state state-empty">"Aucun stand de cette édition ne cherche de bénévoles pour l'instant."</p>
        }
        .into_any();
    }
    let places: Vec<String> = matching::neighbourhoods(edition)
        .into_iter()
        .map(str::to_owned)
        .collect();
    let wish = RwSignal::new(Wish::default());
    let third = (!places.is_empty()).then(|| {
        view! {
            <fieldset class="survey-question engage-question">
                <legend>"3. Près de quel quartier\u{a0}?"</legend>
                <p class="hint">"Certaines associations disent où se passent leurs missions."</p>
                {radio_list("quartier", places, Callback::new(move |p| wish.update(|w| w.neighbourhood = p)), "Peu importe")}
            </fieldset>
        }
    });
    let data = snapshot.clone();
    let results = move || wish.with(|w| results_view(&data, w));
    view! {
        <form class="engage-finder" on:submit=|ev| ev.prevent_default()>
            <fieldset class="survey-question engage-question">
                <legend>"1. Les thèmes qui comptent pour vous"</legend>
                <p class="hint">"Cochez-en autant que vous voulez, ou aucun pour tout voir."</p>
                {check_list("theme", themes.iter().map(|t| (t.clone(), t.clone())).collect(), Callback::new(move |(t, on)| {
                    wish.update(|w| toggle(&mut w.themes, t, on))
                }))}
            </fieldset>
            <fieldset class="survey-question engage-question">
                <legend>"2. Le temps que vous avez"</legend>
                <p class="engage-subquestion">"Combien de temps pouvez-vous donner\u{a0}?"</p>
                {radio_list(
                    "temps",
                    Commitment::ALL.iter().map(|c| c.label().to_owned()).collect(),
                    Callback::new(move |label: Option<String>| wish.update(|w| w.time = label.and_then(|l| Commitment::ALL.into_iter().find(|c| c.label() == l)))),
                    "Je ne sais pas encore",
                )}
                <p class="engage-subquestion">"À quels moments êtes-vous libre\u{a0}?"</p>
                {check_list("moment", Moment::ALL.iter().map(|m| (m.code().to_owned(), m.label().to_owned())).collect(), Callback::new(move |(code, on): (String, bool)| {
                    if let Some(m) = Moment::from_code(&code) {
                        wish.update(|w| toggle(&mut w.moments, m, on));
                    }
                }))}
            </fieldset>
            {third}
        </form>
        {results}
    }
    .into_any()
}

fn toggle<T: PartialEq>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|x| *x != item);
    if on {
        list.push(item);
    }
}

/// Checkboxes, each `(value, label)`; `change` hears the value and whether it is ticked.
fn check_list(name: &'static str, options: Vec<(String, String)>, change: Callback<(String, bool)>) -> impl IntoView {
    options
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let id = format!("{name}-{i}");
            view! {
                <div class="survey-option">
                    <input type="checkbox" id=id.clone() name=name
                        on:change=move |ev| change.run((value.clone(), event_target_checked(&ev))) />
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view()
}

/// Radio buttons, the first one meaning "no preference" (`None`).
fn radio_list(
    name: &'static str,
    options: Vec<String>,
    change: Callback<Option<String>>,
    none: &'static str,
) -> impl IntoView {
    let first = view! {
        <div class="survey-option">
            <input type="radio" id=format!("{name}-aucun") name=name checked=true on:change=move |_| change.run(None) />
            <label for=format!("{name}-aucun")>{none}</label>
        </div>
    };
    let rest = options
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let id = format!("{name}-{i}");
            let value = label.clone();
            view! {
                <div class="survey-option">
                    <input type="radio" id=id.clone() name=name on:change=move |_| change.run(Some(value.clone())) />
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! { {first}{rest} }
}

fn results_view(snapshot: &Snapshot, wish: &Wish) -> impl IntoView {
    let found = matching::find(&snapshot.edition, wish);
    let (full, partial): (Vec<&Match>, Vec<&Match>) = found.iter().partition(|m| m.full);
    let count = match full.len() {
        0 => "Aucun stand ne correspond à toutes vos réponses.".to_owned(),
        1 => "1 stand correspond à vos réponses.".to_owned(),
        n => format!("{n} stands correspondent à vos réponses."),
    };
    let edition = &snapshot.edition;
    let list = |matches: Vec<&Match>| {
        matches
            .into_iter()
            .map(|m| match_card(m, edition.stand_number(&m.stand.id)))
            .collect_view()
    };
    view! {
        <section class="engage-results" aria-labelledby="engage-resultats">
            <h2 id="engage-resultats">"Les stands pour vous"</h2>
            <p class="engage-count" role="status">{count}</p>
            <ul class="engage-list engage-matches">{list(full)}</ul>
            {(!partial.is_empty()).then(|| view! {
                <h3>"Ils correspondent en partie"</h3>
                <ul class="engage-list engage-matches partial">{list(partial)}</ul>
            })}
        </section>
    }
}

fn match_card(m: &Match, number: Option<&str>) -> impl IntoView {
    let title = stand_heading(number, &m.stand.name);
    let fits = m
        .fits
        .iter()
        .map(|f| view! { <li class="fit">{f.clone()}</li> })
        .collect_view();
    let misses = m
        .misses
        .iter()
        .map(|f| view! { <li class="miss">{f.clone()}</li> })
        .collect_view();
    let missions = m
        .volunteering
        .missions
        .iter()
        .map(|x| x.title.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="engage-match">
            <h3 class="engage-match-title">{title}</h3>
            <p class="engage-match-theme">{format!("Thème\u{a0}: {}", m.stand.theme)}</p>
            {(!missions.is_empty()).then(|| view! { <p>{typeset(&format!("Missions\u{a0}: {missions}"))}</p> })}
            <ul class="engage-reasons">{fits}{misses}</ul>
            <p class="engage-actions">
                <A href=paths::engage(&m.stand.id) attr:class="button"
                    attr:aria-label=format!("Je veux m'engager auprès de {}", m.stand.name)>"Je veux m'engager"</A>
                <A href=paths::stand(&m.stand.id) attr:class="button secondary"
                    attr:aria-label=format!("Voir sur le plan\u{a0}: {}", m.stand.name)>"Voir sur le plan"</A>
            </p>
        </li>
    }
}

/// The time a stand asks, when and where: on its sheet and above its form.
pub(crate) fn volunteering_facts(v: &Volunteering) -> impl IntoView {
    let moments = agir_model::engagement::moments_words(&v.moments);
    view! {
        <dl class="facts">
            <dt>"Temps demandé"</dt>
            <dd>{v.commitment.label()}</dd>
            <dt>"Quand"</dt>
            <dd>{moments}</dd>
            {(!v.neighbourhoods.is_empty()).then(|| view! {
                <dt>"Où"</dt>
                <dd>{v.neighbourhoods.join(", ")}</dd>
            })}
        </dl>
    }
}
