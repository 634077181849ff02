//! The editor's form fields. Each one reads and writes the draft through two small
//! functions, and shows validation's errors and warnings for its JSON path right under it,
//! linked to the input for screen readers.

use agir_model::Edition;
use leptos::prelude::*;

use crate::draft::Draft;

/// Reads a field's text from the draft.
pub type Get = std::sync::Arc<dyn Fn(&Edition) -> String + Send + Sync>;
/// Writes a field's text into the draft.
pub type Set = std::sync::Arc<dyn Fn(&mut Edition, String) + Send + Sync>;

/// One field: where it is in the page, in the document, and what it is called.
#[derive(Clone)]
pub struct Field {
    /// The input's DOM id.
    pub id: String,
    pub label: String,
    /// The JSON pointer validation uses for it, such as `/sessions/3/end`.
    pub path: String,
    pub hint: Option<String>,
    pub kind: Kind,
}

/// What sort of input a field is.
#[derive(Clone, PartialEq)]
pub enum Kind {
    Text,
    LongText,
    Time,
    Date,
    Email,
    Url,
    /// Items separated by commas, written to the draft when the field is left (so a
    /// comma being typed is not taken away).
    List,
    /// Several lines, written to the draft when the field is left.
    Lines,
    /// A choice among `(value, label)` pairs, in a list that opens.
    Choice(Vec<(String, String)>),
    /// A choice among a few `(value, label)` pairs whose labels are sentences: each one
    /// shown with its radio button, since a phone's list would cut them.
    Radio(Vec<(String, String)>),
}

impl Field {
    pub fn new(id: impl Into<String>, label: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            path: path.into(),
            hint: None,
            kind: Kind::Text,
        }
    }

    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// A labelled input bound to the draft, with its issues under it.
pub fn field(draft: Draft, field: Field, get: Get, set: Set) -> impl IntoView {
    let Field {
        id,
        label,
        path,
        hint,
        kind,
    } = field;
    let issues = Memo::new({
        let path = path.clone();
        move |_| draft.issues_at(&path)
    });
    let value = move || draft.edition.with(|e| e.as_ref().map(|e| get(e)).unwrap_or_default());
    let write = move |text: String| draft.update(|e| set(e, text));
    let issues_id = format!("{id}-issues");
    let hint_id = format!("{id}-aide");
    let described = match &hint {
        Some(_) => format!("{hint_id} {issues_id}"),
        None => issues_id.clone(),
    };
    let invalid = move || issues.with(|i| (!i.errors.is_empty()).then_some("true"));
    if let Kind::Radio(options) = kind {
        let buttons = options
            .into_iter()
            .map(|(v, l)| {
                let input = format!("{id}-{v}");
                let checked = {
                    let (value, v) = (value.clone(), v.clone());
                    move || value() == v
                };
                let (write, label_for) = (write.clone(), input.clone());
                view! {
                    <label class="checkbox" for=label_for>
                        <input type="radio" id=input name=id.clone() value=v.clone() prop:checked=checked aria-invalid=invalid
                            on:change=move |_| write(v.clone()) />
                        {l}
                    </label>
                }
            })
            .collect_view();
        return view! {
            <fieldset class="field" class:field-invalid=move || issues.with(|i| !i.errors.is_empty())
                aria-describedby=described>
                <legend>{label}</legend>
                {hint.map(|h| view! { <p id=hint_id class="hint">{h}</p> })}
                {buttons}
                <IssuesAt id=issues_id issues />
            </fieldset>
        }
        .into_any();
    }
    let input = match kind {
        Kind::LongText => view! {
            <textarea id=id.clone() rows="4" aria-describedby=described aria-invalid=invalid
                prop:value=value on:input=move |ev| write(event_target_value(&ev))></textarea>
        }
        .into_any(),
        Kind::Lines => view! {
            <textarea id=id.clone() rows="4" aria-describedby=described aria-invalid=invalid
                prop:value=value on:change=move |ev| write(event_target_value(&ev))></textarea>
        }
        .into_any(),
        Kind::List => view! {
            <input id=id.clone() type="text" aria-describedby=described aria-invalid=invalid
                prop:value=value on:change=move |ev| write(event_target_value(&ev)) />
        }
        .into_any(),
        Kind::Choice(options) | Kind::Radio(options) => view! {
            <select id=id.clone() aria-describedby=described aria-invalid=invalid
                prop:value=value on:change=move |ev| write(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        other => {
            let kind = match other {
                Kind::Time => "time",
                Kind::Date => "date",
                Kind::Email => "email",
                Kind::Url => "url",
                _ => "text",
            };
            view! {
                <input id=id.clone() type=kind aria-describedby=described aria-invalid=invalid
                    prop:value=value on:input=move |ev| write(event_target_value(&ev)) />
            }
            .into_any()
        }
    };
    view! {
        <div class="field" class:field-invalid=move || issues.with(|i| !i.errors.is_empty())>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p id=hint_id class="hint">{h}</p> })}
            {input}
            <IssuesAt id=issues_id issues />
        </div>
    }
    .into_any()
}

/// The errors and warnings of one field, announced as they appear.
#[component]
pub fn IssuesAt(id: String, issues: Memo<crate::draft::FieldIssues>) -> impl IntoView {
    view! {
        <div id=id class="field-issues" aria-live="polite">
            {move || issues.with(|i| {
                let errors = i.errors.iter().map(|m| view! { <p class="field-error">{m.clone()}</p> });
                let warnings = i.warnings.iter().map(|m| view! { <p class="field-warning">{format!("À vérifier\u{a0}: {m}")}</p> });
                (errors.collect_view(), warnings.collect_view())
            })}
        </div>
    }
}

/// `Get` from a closure.
pub fn get(f: impl Fn(&Edition) -> String + Send + Sync + 'static) -> Get {
    std::sync::Arc::new(f)
}

/// `Set` from a closure.
pub fn set(f: impl Fn(&mut Edition, String) + Send + Sync + 'static) -> Set {
    std::sync::Arc::new(f)
}

/// Text for an optional field: empty when absent.
pub fn text_of(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// An optional field from its text: absent when blank.
pub fn optional(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then_some(text)
}

/// A list typed as "a, b, c".
pub fn list_text(items: &[String]) -> String {
    items.join(", ")
}

/// The items of "a, b, c", without blanks.
pub fn list_of(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A date typed in a date field ("2014-10-07"). Read by hand, as the model's
/// `parse_local_datetime` does: chrono's format parser would weigh on the download.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    agir_model::time::parse_local_datetime(&format!("{}T00:00", text.trim())).map(|t| t.date())
}

/// A time typed in a time field ("14:15").
pub fn parse_time(text: &str) -> Option<chrono::NaiveTime> {
    agir_model::time::parse_local_datetime(&format!("2000-01-01T{}", text.trim())).map(|t| t.time())
}
