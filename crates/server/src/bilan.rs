//! The bilan of an edition for the organizers (`GET /api/admin/bilan`): how many answered
//! the questionnaire and what, each session's interest beside its quick ratings, the
//! attendance and the contact requests each stand received; or, as CSV for a spreadsheet,
//! every set of answers, one line each.

use std::collections::BTreeMap;

use agir_model::{
    bilan::{self as model, QuestionBilan, SessionBilan, StandBilan},
    questionnaire::{Answer, Answers, Questionnaire},
    Edition,
};
use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use crate::{
    admin::{target, Organizer},
    error::{Json, Query},
    routing::Area,
    spreadsheet::{download, local_time, wants_csv, Sheet},
    store::{ResponseRow, StoreError},
    AppState, Error,
};

pub fn router() -> Area {
    Area::new().get("/api/admin/bilan", bilan_show)
}

#[derive(Debug, Deserialize)]
struct EditionParam {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
}

/// The bilan as JSON.
#[derive(Debug, Serialize)]
struct Bilan {
    edition: String,
    /// How many sets of answers count (at least one question answered).
    responses: usize,
    /// Per question (and per kind, should a question have changed kind between versions).
    questions: Vec<QuestionBilan>,
    /// Every session, the most wanted first.
    sessions: Vec<SessionBilan>,
    /// As entered in the edition's event; null until known.
    attendance: Option<u32>,
    /// « Je veux m'engager »: the contact requests each stand received (withdrawn ones
    /// not counted, expired ones still counted).
    engagement: Vec<StandBilan>,
}

/// `GET /api/admin/bilan?edition=`: the current edition's by default; `Accept: text/csv`
/// for the answers as a spreadsheet.
async fn bilan_show(
    _: Organizer,
    State(state): State<AppState>,
    Query(param): Query<EditionParam>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let published = target(&state, param.edition.as_deref())?;
    let edition = &published.edition;
    let slug = edition.edition.to_string();
    let versions: Vec<Questionnaire> = state
        .questionnaires
        .of(&state.store, &slug)
        .await?
        .into_values()
        .collect();
    let rows = state.store.responses(&slug).await?;
    let answers = rows.iter().map(answers_of).collect::<Result<Vec<_>, _>>()?;
    let bilan = model::summarize(&versions, &answers);
    if wants_csv(&headers) {
        let csv = responses_csv(&bilan.questions, &rows, &answers, edition);
        return Ok(download(&format!("reponses-{slug}.csv"), csv));
    }
    let interest = state.store.interest_counts(&slug).await?;
    let ratings: Vec<(String, u8)> = state
        .store
        .feedback_list(Some(&slug))
        .await?
        .into_iter()
        .filter(|r| r.target != "day")
        .map(|r| (r.target, r.rating))
        .collect();
    Ok(Json(Bilan {
        edition: slug,
        responses: bilan.responses,
        sessions: model::sessions(edition, &interest, &ratings),
        questions: bilan.questions,
        attendance: edition.event.attendance,
        engagement: crate::engagement::organizers::bilan_lines(&state, edition).await?,
    })
    .into_response())
}

/// A stored set of answers, as the model reads it.
fn answers_of(row: &ResponseRow) -> Result<Answers, StoreError> {
    let answers: BTreeMap<String, Answer> = serde_json::from_str(&row.answers)
        .map_err(|e| StoreError::Corrupt(format!("réponses {} illisibles : {e}", row.key)))?;
    Ok(Answers {
        version: row.version,
        answers,
    })
}

/// The answers, one line per set: when it arrived, the version answered, then a column per
/// question of the bilan (a question whose kind changed between versions has one column per
/// kind, its header naming the versions).
fn responses_csv(questions: &[QuestionBilan], rows: &[ResponseRow], answers: &[Answers], edition: &Edition) -> String {
    let mut headers = vec!["Reçue le".to_owned(), "Version".to_owned()];
    headers.extend(questions.iter().map(|q| {
        let split = questions.iter().filter(|other| other.id == q.id).count() > 1;
        match q.versions.as_slice() {
            _ if !split => q.text.clone(),
            [one] => format!("{} (version {one})", q.text),
            many => {
                let list: Vec<String> = many.iter().map(u32::to_string).collect();
                format!("{} (versions {})", q.text, list.join(", "))
            }
        }
    }));
    let mut sheet = Sheet::new(&headers);
    for (row, given) in rows.iter().zip(answers) {
        let mut line = vec![
            local_time(&row.received_at, &edition.event.time_zone),
            row.version.to_string(),
        ];
        line.extend(questions.iter().map(|q| {
            let answer = given.answers.get(&q.id).filter(|_| q.versions.contains(&given.version));
            answer.map_or_else(String::new, cell)
        }));
        sheet.row(&line);
    }
    sheet.finish()
}

/// One answer in a cell: the point, the option or the text, the options ticked joined.
fn cell(answer: &Answer) -> String {
    match answer {
        Answer::Point(p) => p.to_string(),
        Answer::Text(t) => t.clone(),
        Answer::Options(ticked) => ticked.join(" ; "),
    }
}
