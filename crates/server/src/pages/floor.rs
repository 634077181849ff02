//! "Questions de la salle" on a session's page, as the app's `components/questions.rs`
//! draws it before the questions arrive: the form (its controls disabled until the app,
//! which sends the questions, takes over) and the empty list.

use agir_model::questions::{Moderation, NAME_MAX, TEXT_MAX};
use agir_model::Session;
use std::fmt::Write;

/// The panel of a session that takes questions; nothing otherwise.
pub fn panel(session: &Session, out: &mut String) {
    let setting = session.questions_setting();
    if !setting.enabled {
        return;
    }
    out.push_str(concat!(
        r#"<section class="floor" aria-labelledby="questions-salle">"#,
        r#"<h2 id="questions-salle">Questions de la salle</h2>"#
    ));
    if session.is_cancelled() {
        out.push_str(r#"<p class="floor-intro">Cette séance ne prend pas de questions en ce moment.</p>"#);
    } else {
        let intro = match setting.moderation {
            Moderation::Pre => "Posez votre question aux intervenants depuis votre téléphone. L'équipe d'animation la lit avant de l'afficher ici.",
            Moderation::Post => "Posez votre question aux intervenants depuis votre téléphone. Elle s'affiche ici dès son arrivée.",
        };
        let _ = write!(
            out,
            concat!(
                r#"<p class="floor-intro">{intro}</p><form class="floor-ask" novalidate="">"#,
                r#"<div class="field"><label for="question-texte">Votre question</label>"#,
                r#"<textarea id="question-texte" rows="3" maxlength="{text_max}" aria-describedby="question-compte question-erreur" disabled></textarea>"#,
                r#"<p class="hint" id="question-compte">{text_max} caractères au plus.</p>"#,
                r#"<p class="form-error" id="question-erreur"></p></div>"#,
                r#"<div class="field"><label for="question-prenom">Votre prénom (facultatif)</label>"#,
                r#"<input id="question-prenom" type="text" autocomplete="given-name" maxlength="{name_max}" aria-describedby="question-anonyme" disabled>"#,
                r#"<p class="hint" id="question-anonyme">Sans prénom, votre question reste anonyme.</p></div>"#,
                r#"<button type="submit" class="button" disabled>Envoyer la question</button>"#,
                r#"<p class="floor-sent" role="status"></p></form>"#
            ),
            intro = super::html::Esc(intro),
            text_max = TEXT_MAX,
            name_max = NAME_MAX,
        );
    }
    out.push_str(concat!(
        r#"<div class="floor-head"><h3>Questions acceptées</h3>"#,
        r#"<div class="floor-order" role="group" aria-label="Ordre des questions">"#,
        r#"<button type="button" class="chip" aria-pressed="true" disabled>Les plus soutenues</button>"#,
        r#"<button type="button" class="chip" aria-pressed="false" disabled>Les plus récentes</button></div></div>"#,
        r#"<p class="floor-empty">Aucune question acceptée pour l'instant.</p>"#,
        r#"<p class="visually-hidden" aria-live="polite"></p></section>"#
    ));
}
