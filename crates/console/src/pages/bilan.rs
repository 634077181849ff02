//! `/organisateurs/bilan`: how the day went, as the CCAS judges it. The answers to the
//! satisfaction questionnaire question by question (bars drawn in SVG, with the same
//! figures in a table; mean and median for scales; the comments, searchable), the sessions
//! people wanted beside those they liked, and attendance. Exported as a spreadsheet, and
//! printed on A4 to join the CCAS's own write-up.

use agir_model::bilan::{Detail, QuestionBilan, SessionBilan, StandBilan};
use agir_model::french::group_thousands;
use agir_model::french::{plural, typeset};
use agir_model::search::{fold, Query};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::account::RequireAccount;
use crate::api::{self, BilanReport};

/// The bilan page.
#[component]
pub fn BilanPage() -> impl IntoView {
    view! {
        <section class="page bilan">
            <h1>"Bilan de la journée"</h1>
            <RequireAccount>
                <Bilan />
            </RequireAccount>
        </section>
    }
}

#[component]
fn Bilan() -> impl IntoView {
    let query = use_query_map();
    let report = RwSignal::new(None::<Result<BilanReport, String>>);
    let said = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let edition = query.with(|q| q.get("edition"));
        spawn_local(async move { report.set(Some(api::bilan(edition.as_deref()).await.map_err(|e| e.to_string()))) });
    });
    let export = move |_| {
        let edition = report.with_untracked(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(|r| r.edition.clone()));
        spawn_local(async move {
            let Some(edition) = edition else { return };
            let saved = match api::bilan_csv(&edition).await {
                Ok(csv) => agir_ui::dom::download(&format!("bilan-{edition}.csv"), "text/csv;charset=utf-8", &csv)
                    .map_err(|_| "Le navigateur n'a pas pu enregistrer le fichier.".to_owned()),
                Err(e) => Err(e.to_string()),
            };
            said.set(saved.err());
        })
    };
    move || {
        match report.get() {
        None => view! { <p class="state state-loading" role="status">"Chargement du bilan…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="state state-error" role="alert">{e}</p> }.into_any(),
        Some(Ok(r)) => view! {
            <p class="bilan-lead">{lead(&r)}</p>
            <p class="no-print bilan-actions">
                <button type="button" class="button" on:click=export>"Télécharger les réponses (tableur CSV)"</button>
                <button type="button" class="button secondary" on:click=|_| { let _ = window().print(); }>"Imprimer le bilan (A4)"</button>
            </p>
            {move || said.get().map(|s| view! { <p class="form-error" role="alert">{s}</p> })}
            <h2>"Les réponses au questionnaire"</h2>
            {r.questions.iter().enumerate().map(|(i, q)| question(i, q)).collect_view()}
            <h2>"Les séances\u{a0}: celles qu'on voulait voir, celles qu'on a aimées"</h2>
            {sessions(&r.sessions)}
            <h2>"Les associations\u{a0}: qui voulait s'engager"</h2>
            {engagement(&r.engagement)}
            <h2>"D'une édition à l'autre"</h2>
            <AcrossEditions />
        }
        .into_any(),
    }
    }
}

/// "2013 : 1 155 participants, 212 réponses au questionnaire."
fn lead(r: &BilanReport) -> String {
    let came = r
        .attendance
        .map(|n| format!("{} participants", group_thousands(u64::from(n))))
        .unwrap_or_else(|| "participants non comptés".into());
    let answers = match r.responses {
        0 => "aucune réponse au questionnaire pour l'instant".to_owned(),
        1 => "1 réponse au questionnaire".to_owned(),
        n => format!("{} réponses au questionnaire", group_thousands(n as u64)),
    };
    format!("Édition {}\u{a0}: {came}, {answers}.", r.edition)
}

/// One question: its bars and table, or its comments.
fn question(i: usize, q: &QuestionBilan) -> impl IntoView {
    let answered = match q.answered {
        0 => "Personne n'a répondu.".to_owned(),
        1 => "1 réponse.".to_owned(),
        n => format!("{n} réponses."),
    };
    let versions = (q.versions.len() > 1 || q.versions.first() != Some(&1)).then(|| {
        let list = q.versions.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        let word = if q.versions.len() > 1 { "Versions" } else { "Version" };
        format!(" {word} du questionnaire\u{a0}: {list}.")
    });
    let body = match &q.detail {
        _ if q.answered == 0 => ().into_any(),
        Detail::Scale {
            low,
            high,
            counts,
            mean,
            median,
        } => {
            let rows: Vec<(String, usize)> = (1..=5)
                .map(|p| {
                    let label = match p {
                        1 => format!("1 ({low})"),
                        5 => format!("5 ({high})"),
                        p => p.to_string(),
                    };
                    (label, counts[p - 1])
                })
                .collect();
            let figures = match (mean, median) {
                (Some(m), Some(d)) => Some(format!("Moyenne {} sur 5, médiane {}.", decimal(*m), decimal(*d))),
                _ => None,
            };
            view! { {figures.map(|f| view! { <p class="bilan-figures">{f}</p> })} {bars(i, &rows)} }.into_any()
        }
        Detail::Options { counts } => bars(i, counts).into_any(),
        Detail::Texts { texts } => view! { <Comments id=format!("commentaires-{i}") texts=texts.clone() /> }.into_any(),
    };
    view! {
        <section class="bilan-question">
            <h3>{typeset(&q.text)}</h3>
            <p class="hint">{answered}{versions}</p>
            {body}
        </section>
    }
}

/// "4,2": a figure with one decimal, the French way.
fn decimal(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}").replace('.', ",")
    }
}

/// Horizontal bars, each under its label and followed by its count, then the same figures
/// as a table. The bars are HTML so that their words wrap and keep the page's text size on a
/// phone; screen readers get the table, which says the same.
fn bars(i: usize, rows: &[(String, usize)]) -> impl IntoView {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let total: usize = rows.iter().map(|(_, n)| n).sum();
    let bars = rows
        .iter()
        .map(|(label, n)| {
            let width = format!("{:.1}%", 100.0 * (*n as f64) / max);
            view! {
                <div class="bilan-bar-row">
                    <span class="bilan-bar-label">{typeset(label)}</span>
                    <span class="bilan-bar-line">
                        <span class="bilan-bar" style:width=width></span>
                        <span class="bilan-bar-count">{n.to_string()}</span>
                    </span>
                </div>
            }
        })
        .collect_view();
    let table_rows = rows
        .iter()
        .map(|(label, n)| {
            let share = (*n * 100 + total / 2).checked_div(total).unwrap_or(0);
            view! { <tr><th scope="row">{label.clone()}</th><td>{n.to_string()}</td><td>{format!("{share}\u{a0}%")}</td></tr> }
        })
        .collect_view();
    view! {
        <div class="bilan-chart" aria-hidden="true">{bars}</div>
        <table class="bilan-table" id=format!("bilan-table-{i}")>
            <caption class="visually-hidden">"Les mêmes chiffres en tableau"</caption>
            <thead><tr><th scope="col">"Réponse"</th><th scope="col">"Nombre"</th><th scope="col">"Part"</th></tr></thead>
            <tbody>{table_rows}</tbody>
        </table>
    }
}

/// The free answers, with a search.
#[component]
fn Comments(id: String, texts: Vec<String>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let total = texts.len();
    let shown = move || {
        let query = query.with(|q| Query::parse(q));
        texts
            .iter()
            .filter(|t| query.matches_folded(&fold(t)))
            .cloned()
            .collect::<Vec<_>>()
    };
    let search = format!("{id}-recherche");
    view! {
        <div class="field no-print">
            <label for=search.clone()>"Chercher dans les commentaires"</label>
            <input id=search type="search" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
        </div>
        {move || {
            let found = shown();
            view! {
                <p class="hint" role="status">{format!("{} sur {total}.", plural(found.len(), "commentaire", "commentaires"))}</p>
                <ul class="bilan-comments">{found.into_iter().map(|t| view! { <li>{typeset(&t)}</li> }).collect_view()}</ul>
            }
        }}
    }
}

/// The sessions, most wanted first, with their ratings.
fn sessions(lines: &[SessionBilan]) -> impl IntoView {
    let rows = lines
        .iter()
        .map(|s| {
            let mean = s
                .mean
                .map(|m| format!("{} sur 5", decimal(m)))
                .unwrap_or_else(|| "–".into());
            view! {
                <tr>
                    <th scope="row">{typeset(&s.title)}</th>
                    <td>{s.interest.to_string()}</td>
                    <td>{s.ratings.to_string()}</td>
                    <td>{mean}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="hint">"«\u{a0}Dans leur programme\u{a0}»\u{a0}: le nombre de téléphones qui ont ajouté la séance à «\u{a0}Mon programme\u{a0}» (sans rien savoir d'autre des personnes)."</p>
        {wide_table("Les séances", "bilan-sessions", &["Séance", "Dans leur programme", "Avis donnés", "Note moyenne"], rows)}
    }
}

/// Requests to be contacted, per stand: counts only, kept after the requests are deleted.
fn engagement(lines: &[StandBilan]) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p>"Aucun stand n'a reçu de demande «\u{a0}Je veux m'engager\u{a0}» pour cette édition."</p> }
            .into_any();
    }
    let total: u32 = lines.iter().map(|l| l.demandes).sum();
    let rows = lines
        .iter()
        .map(|l| view! { <tr><th scope="row">{l.nom.clone()}</th><td>{l.demandes.to_string()}</td></tr> })
        .collect_view();
    view! {
        <p>{format!(
            "{total} demande{} de visiteurs qui voulaient s'engager, transmise{} aux associations (les demandes retirées ne comptent pas).",
            if total > 1 { "s" } else { "" },
            if total > 1 { "s" } else { "" }
        )}</p>
        {wide_table("Les demandes par stand", "bilan-engagement", &["Stand", "Demandes de contact"], rows)}
    }
    .into_any()
}

/// A table that scrolls sideways on its own when it is wider than the screen (a phone),
/// never the whole page; a keyboard reaches it and a screen reader names it.
fn wide_table(
    label: &'static str,
    class: &'static str,
    columns: &'static [&'static str],
    rows: impl IntoView,
) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label=label tabindex="0">
            <table class=format!("bilan-table {class}")>
                <thead><tr>{columns.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One line of the comparison across editions.
#[derive(Debug, Clone, PartialEq)]
struct Year {
    label: String,
    attendance: Option<u32>,
    responses: Option<usize>,
    /// The mean of the questionnaire's first scale ("Dans l'ensemble…").
    satisfaction: Option<f64>,
}

/// Every edition the server holds, then the days held before the app (their attendance
/// only, as the current edition's document records them), oldest first.
async fn years() -> Result<Vec<Year>, api::ApiError> {
    let mut years = Vec::new();
    let mut earlier = Vec::new();
    for summary in api::editions().await? {
        let document = api::edition(&summary.edition).await?.edition;
        if summary.current {
            earlier = document.event.earlier.clone();
        }
        let bilan = api::bilan(Some(&summary.edition)).await.ok();
        let satisfaction = bilan.as_ref().and_then(|b| {
            b.questions.iter().find_map(|q| match &q.detail {
                Detail::Scale { mean, .. } => Some(*mean),
                _ => None,
            })
        });
        years.push((
            summary.start_date,
            Year {
                label: format!("{} ({})", summary.name, summary.edition),
                attendance: document.event.attendance,
                responses: bilan.map(|b| b.responses),
                satisfaction: satisfaction.flatten(),
            },
        ));
    }
    years.sort_by_key(|(start, _)| *start);
    let mut lines: Vec<Year> = earlier
        .into_iter()
        .map(|d| Year {
            label: d.year.to_string(),
            attendance: Some(d.attendance),
            responses: None,
            satisfaction: None,
        })
        .collect();
    lines.extend(years.into_iter().map(|(_, y)| y));
    Ok(lines)
}

/// Attendance and overall satisfaction, edition by edition.
#[component]
fn AcrossEditions() -> impl IntoView {
    let loaded = LocalResource::new(years);
    let dash = || "–".to_owned();
    view! {
        <Suspense fallback=|| view! { <p class="state state-loading" role="status">"Chargement des éditions…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => view! { <p class="state state-error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(lines) => view! {
                        {wide_table(
                            "D'une édition à l'autre",
                            "bilan-years",
                            &["Édition", "Participants", "Réponses au questionnaire", "Satisfaction générale"],
                            lines.into_iter().map(|y| view! {
                                <tr>
                                    <th scope="row">{y.label}</th>
                                    <td>{y.attendance.map(|n| group_thousands(u64::from(n))).unwrap_or_else(dash)}</td>
                                    <td>{y.responses.map(|n| n.to_string()).unwrap_or_else(dash)}</td>
                                    <td>{y.satisfaction.map(|m| format!("{} sur 5", decimal(m))).unwrap_or_else(dash)}</td>
                                </tr>
                            }).collect_view(),
                        )}
                        <p class="hint">"Les journées tenues avant l'application ne sont connues que par leur nombre de participants (rapport de la journée 2013)\u{a0}; elles se saisissent dans l'éditeur, page «\u{a0}Événement\u{a0}»."</p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
