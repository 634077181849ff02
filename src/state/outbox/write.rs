//! What the outbox keeps: each kind of write a person makes, as its endpoint takes it, and
//! the request that delivers it.

use agir_model::engagement::NewContactRequest;
use agir_model::outbox::Keyed;
use serde::{Deserialize, Serialize};

/// An answer of the satisfaction questionnaire, as the backend takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// `day` or a session id.
    pub target: String,
    pub rating: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Made on the phone: the same answer sent twice is counted once.
    pub key: String,
}

/// One attendee's answers to the edition's questionnaire, as `POST /api/reponses` takes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Responses {
    pub key: String,
    pub edition: String,
    pub version: u32,
    pub answers: std::collections::BTreeMap<String, agir_model::questionnaire::Answer>,
}

/// Which sessions this device bookmarked, told anonymously to the organizers; `sessions`
/// is `None` to withdraw what was told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interest {
    pub key: String,
    /// A random id made on this device, nothing else about it.
    pub device: String,
    pub edition: String,
    pub sessions: Option<Vec<String>>,
}

/// A question asked from the floor of a session, as `POST /api/sessions/{id}/questions`
/// takes it (`key` is its idempotency key: a retry never asks twice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ask {
    pub key: String,
    pub edition: String,
    pub seance: String,
    /// The device's random id for questions.
    pub device: String,
    pub texte: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prenom: Option<String>,
}

/// "Moi aussi" on a question, given (`soutien`) or withdrawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Support {
    pub key: String,
    pub question: i64,
    pub device: String,
    pub soutien: bool,
}

/// The body of `POST /api/sessions/{id}/questions`.
#[derive(Serialize)]
struct AskBody<'a> {
    cle: &'a str,
    appareil: &'a str,
    texte: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    prenom: Option<&'a str>,
}

/// A request to be contacted by a stand's association; its key is the request's own `cle`,
/// the secret that withdraws it. Kept as the JSON body it is sent as: the app never reads a
/// request back, and so carries no code to parse one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub key: String,
    pub demande: String,
}

impl Contact {
    pub fn new(request: &NewContactRequest) -> Self {
        Self {
            key: request.cle.clone(),
            demande: serde_json::to_string(request).unwrap_or_default(),
        }
    }
}

/// The withdrawal of the request whose key is `retrait`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub key: String,
    pub retrait: String,
}

/// The body of `PUT /api/interet/{device}`.
#[derive(Serialize)]
struct InterestBody<'a> {
    edition: &'a str,
    sessions: &'a [String],
}

/// A write the outbox keeps and sends. Untagged: an outbox stored before questionnaires
/// held only quick ratings, and still reads as such.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Write {
    Contact(Contact),
    Withdrawal(Withdrawal),
    Ask(Ask),
    Support(Support),
    Responses(Responses),
    Interest(Interest),
    Rating(Answer),
}

/// Reads a stored write as the untagged enum would (the first kind whose fields are there:
/// answers, then interest, then a quick rating), through one flat struct: serde's untagged
/// enums buffer the value in a generic `Content` first, which costs the wasm a deserializer
/// per variant (README, « Ce que coûte un motif, mesuré »). One difference, for damaged
/// storage only: a field of the wrong type makes the write unreadable even where a later
/// kind would not have read that field.
impl<'de> Deserialize<'de> for Write {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            key: Option<String>,
            edition: Option<String>,
            version: Option<u32>,
            answers: Option<std::collections::BTreeMap<String, agir_model::questionnaire::Answer>>,
            device: Option<String>,
            sessions: Option<Vec<String>>,
            target: Option<String>,
            rating: Option<u8>,
            comment: Option<String>,
            seance: Option<String>,
            texte: Option<String>,
            prenom: Option<String>,
            question: Option<i64>,
            soutien: Option<bool>,
            demande: Option<String>,
            retrait: Option<String>,
        }
        let f = Fields::deserialize(deserializer)?;
        let Some(key) = f.key else {
            return Err(serde::de::Error::missing_field("key"));
        };
        if let Some(demande) = f.demande {
            return Ok(Self::Contact(Contact { key, demande }));
        }
        if let Some(retrait) = f.retrait {
            return Ok(Self::Withdrawal(Withdrawal { key, retrait }));
        }
        if let (Some(edition), Some(seance), Some(device), Some(texte)) = (&f.edition, &f.seance, &f.device, &f.texte) {
            return Ok(Self::Ask(Ask {
                key,
                edition: edition.clone(),
                seance: seance.clone(),
                device: device.clone(),
                texte: texte.clone(),
                prenom: f.prenom,
            }));
        }
        if let (Some(question), Some(device), Some(soutien)) = (f.question, &f.device, f.soutien) {
            return Ok(Self::Support(Support {
                key,
                question,
                device: device.clone(),
                soutien,
            }));
        }
        Ok(match (f.edition, f.version, f.answers, f.device, f.target, f.rating) {
            (Some(edition), Some(version), Some(answers), ..) => Self::Responses(Responses {
                key,
                edition,
                version,
                answers,
            }),
            (Some(edition), _, _, Some(device), ..) => Self::Interest(Interest {
                key,
                device,
                edition,
                sessions: f.sessions,
            }),
            (.., Some(target), Some(rating)) => Self::Rating(Answer {
                target,
                rating,
                comment: f.comment,
                key,
            }),
            _ => {
                return Err(serde::de::Error::custom(
                    "data did not match any variant of untagged enum Write",
                ))
            }
        })
    }
}

impl Keyed for Write {
    fn key(&self) -> &str {
        match self {
            Self::Contact(c) => &c.key,
            Self::Withdrawal(w) => &w.key,
            Self::Ask(a) => &a.key,
            Self::Support(s) => &s.key,
            Self::Responses(r) => &r.key,
            Self::Interest(i) => &i.key,
            Self::Rating(a) => &a.key,
        }
    }
}

impl Write {
    /// The request that delivers this write.
    pub(super) fn request(&self) -> Result<gloo_net::http::Request, gloo_net::Error> {
        use gloo_net::http::Request;
        match self {
            Self::Contact(c) => Request::post("/api/engagement/demandes")
                .header("Content-Type", "application/json")
                .body(c.demande.clone()),
            Self::Withdrawal(w) => Request::delete(&format!("/api/engagement/demandes/{}", w.retrait)).build(),
            Self::Ask(a) => {
                Request::post(&format!("/api/sessions/{}/questions?edition={}", a.seance, a.edition)).json(&AskBody {
                    cle: &a.key,
                    appareil: &a.device,
                    texte: &a.texte,
                    prenom: a.prenom.as_deref(),
                })
            }
            Self::Support(s) => {
                let url = format!("/api/questions/{}/soutiens/{}", s.question, s.device);
                if s.soutien {
                    Request::put(&url).build()
                } else {
                    Request::delete(&url).build()
                }
            }
            Self::Responses(r) => Request::post("/api/reponses").json(r),
            Self::Rating(a) => Request::post("/api/feedback").json(a),
            Self::Interest(i) => {
                let url = format!("/api/interet/{}", i.device);
                match &i.sessions {
                    Some(sessions) => Request::put(&url).json(&InterestBody {
                        edition: &i.edition,
                        sessions,
                    }),
                    None => Request::delete(&format!("{url}?edition={}", i.edition)).build(),
                }
            }
        }
    }

    /// A newer write makes this one pointless: the device's interest told again, "Moi
    /// aussi" on the same question tapped again, or a request withdrawn before it was sent.
    pub(super) fn superseded_by(&self, newer: &Write) -> bool {
        match (self, newer) {
            (Self::Interest(a), Self::Interest(b)) => a.device == b.device && a.edition == b.edition,
            (Self::Support(a), Self::Support(b)) => a.device == b.device && a.question == b.question,
            // Withdrawn before it left the phone: it never leaves.
            (Self::Contact(a), Self::Withdrawal(b)) => a.key == b.retrait,
            _ => false,
        }
    }
}

impl From<Contact> for Write {
    fn from(contact: Contact) -> Self {
        Self::Contact(contact)
    }
}

impl From<Withdrawal> for Write {
    fn from(withdrawal: Withdrawal) -> Self {
        Self::Withdrawal(withdrawal)
    }
}

impl From<Answer> for Write {
    fn from(answer: Answer) -> Self {
        Self::Rating(answer)
    }
}

impl From<Interest> for Write {
    fn from(interest: Interest) -> Self {
        Self::Interest(interest)
    }
}

impl From<Ask> for Write {
    fn from(ask: Ask) -> Self {
        Self::Ask(ask)
    }
}

impl From<Support> for Write {
    fn from(support: Support) -> Self {
        Self::Support(support)
    }
}

impl From<Responses> for Write {
    fn from(responses: Responses) -> Self {
        Self::Responses(responses)
    }
}
