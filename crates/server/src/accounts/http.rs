//! `/api/comptes/…`: choosing a password from a one-time link, signing in and out, who is
//! signed in; and what every organizers' route needs from a session: the cookie, the
//! account it opens, and the `Origin` check that keeps another site from using it.

use axum::{
    extract::{DefaultBodyLimit, FromRequestParts, State},
    http::{header, request::Parts, HeaderMap, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{new_token, password, slowdown, token_digest, Account, Email, Me, SESSION_HOURS};
use crate::{
    error::Json,
    ratelimit::{retry_after_secs, ClientAddress},
    routing::Area,
    AppState, Error,
};

/// The session cookie's name.
pub const COOKIE: &str = "agir_session";

/// An e-mail address and a password are far below this.
const BODY_LIMIT: usize = 16 * 1024;

pub fn router() -> Area {
    Area::new()
        .post("/api/comptes/mot-de-passe", password_update)
        .post("/api/comptes/connexion", session_create)
        .post("/api/comptes/deconnexion", session_destroy)
        .post("/api/comptes/deconnexion-partout", sessions_destroy)
        .get("/api/comptes/moi", me_show)
        .map_router(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)))
}

/// The session token the browser sent, if any.
fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .filter(|token| !token.is_empty())
}

/// The account the request's session opens: none without a cookie, `signed_out` for a
/// session unknown or expired, `account_disabled` for a disabled account (disabling ends
/// its sessions; this refuses any that were left all the same).
pub async fn session_account(headers: &HeaderMap, state: &AppState) -> Result<Option<Account>, Error> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    let account = state
        .store
        .session_account(&token_digest(token), state.clock.now())
        .await?
        .ok_or(Error::SignedOut)?;
    if account.disabled {
        return Err(Error::AccountDisabled);
    }
    Ok(Some(account))
}

/// A signed-in person, whatever their role.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Account);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        session_account(&parts.headers, state)
            .await?
            .map(SignedIn)
            .ok_or(Error::SignedOut)
    }
}

/// `scheme://host[:port]` of a public URL, as a browser writes it in `Origin` (lower case,
/// no default port, no path).
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split('/').next().unwrap_or_default().to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    format!("{scheme}://{authority}")
}

/// Whether a method may change something (everything but GET, HEAD, OPTIONS, TRACE).
pub fn changes_state(method: &Method) -> bool {
    !method.is_safe()
}

/// Refuses a request whose `Origin` is not the console's own: that of the public URL, or
/// the very address the request was sent to (`Host`, in http or https: the console opened
/// on the server's own machine while phones use the public address). A cookie goes with
/// every request to this site, whichever page makes it; the origin tells whether our page
/// made it, and no other site can send ours.
pub fn check_origin(headers: &HeaderMap, state: &AppState) -> Result<(), Error> {
    let Some(sent) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Err(Error::BadOrigin);
    };
    let public = state.public_origin.as_deref();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let own = host
        .into_iter()
        .flat_map(|host| ["http", "https"].map(|scheme| origin_of(&format!("{scheme}://{host}"))));
    if public
        .into_iter()
        .map(str::to_owned)
        .chain(own)
        .any(|o| sent.eq_ignore_ascii_case(&o))
    {
        Ok(())
    } else {
        Err(Error::BadOrigin)
    }
}

/// The origin check for the requests that carry no session yet (sign-in, choosing a
/// password): only when the browser sent an `Origin`, since a script sends none.
fn check_origin_if_sent(headers: &HeaderMap, state: &AppState) -> Result<(), Error> {
    if headers.contains_key(header::ORIGIN) {
        check_origin(headers, state)
    } else {
        Ok(())
    }
}

/// `Set-Cookie` for a new session, or (`None`) for ending it in this browser.
fn set_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let max_age = if token.is_some() { SESSION_HOURS * 3600 } else { 0 };
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}",
        token.unwrap_or_default()
    );
    // A token is base64url: always a valid header value.
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("agir_session=; Max-Age=0"))
}

/// 204 with the cookie cleared.
fn signed_out(state: &AppState) -> Response {
    (
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, set_cookie(None, state.secure_cookies()))],
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewPassword {
    /// The token of the link (what follows `#`); the whole link pasted is accepted too.
    lien: String,
    mot_de_passe: String,
}

/// `POST /api/comptes/mot-de-passe`: sets the password of the account a link was made
/// for. The link then stops working, and so do the account's sessions.
async fn password_update(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<NewPassword>,
) -> Result<StatusCode, Error> {
    check_origin_if_sent(&headers, &state)?;
    let token = body.lien.rsplit('#').next().unwrap_or_default().trim();
    let digest = token_digest(token);
    let account = state
        .store
        .password_link_account(&digest, state.clock.now())
        .await?
        .ok_or(Error::LinkInvalid)?;
    password::check(&body.mot_de_passe, &account.email).map_err(Error::WeakPassword)?;
    let chosen = body.mot_de_passe;
    let phc = tokio::task::spawn_blocking(move || password::hash(&chosen))
        .await
        .map_err(Error::internal)?
        .map_err(|e| Error::internal(e.to_string()))?;
    // Valid a moment ago, but the link may have been used in another tab meanwhile.
    if !state.store.password_link_use(&digest, &phc, state.clock.now()).await? {
        return Err(Error::LinkInvalid);
    }
    tracing::info!(account = %account.id, "mot de passe choisi");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    email: String,
    mot_de_passe: String,
}

/// `POST /api/comptes/connexion`: opens a 12-hour session. Unknown address, wrong password
/// and password not chosen yet get the same answer, in the same time, so nobody can find
/// out who has an account; a disabled account is said so only after the right password.
async fn session_create(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Json(body): Json<Credentials>,
) -> Result<Response, Error> {
    check_origin_if_sent(&headers, &state)?;
    let key: String = Email::key_of(&body.email).chars().take(254).collect();
    let mut subjects = vec![(slowdown::account_subject(&key), slowdown::PER_ACCOUNT)];
    if let Some(ip) = client {
        subjects.push((slowdown::address_subject(ip), slowdown::PER_ADDRESS));
    }
    // One check at a time, so that a burst of guesses sent together cannot all pass the
    // slowing down before the first failure is recorded.
    let _one_at_a_time = state.sign_in.lock().await;
    let now = state.clock.now();
    if let Some(wait) = slowdown::wait(&state.store, &subjects, now).await? {
        return Err(Error::SlowDown {
            retry_after_secs: retry_after_secs(wait),
        });
    }
    let account = state.store.account_by_email(&key).await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let typed = body.mot_de_passe;
    let matches = tokio::task::spawn_blocking(move || password::verify(&typed, stored.as_deref()))
        .await
        .map_err(Error::internal)?;
    let Some(account) = account.filter(|_| matches) else {
        let forget_before = now - chrono::Duration::from_std(slowdown::WINDOW).unwrap_or_default();
        let names: Vec<String> = subjects.into_iter().map(|(subject, _)| subject).collect();
        state.store.failure_record(&names, now, forget_before).await?;
        return Err(Error::BadCredentials);
    };
    state.store.failures_clear(&subjects[0].0).await?;
    if account.disabled {
        return Err(Error::AccountDisabled);
    }
    let token = new_token();
    state
        .store
        .session_create(&token_digest(&token), &account.id, now)
        .await?;
    tracing::info!(account = %account.id, "connexion");
    Ok((
        [(header::SET_COOKIE, set_cookie(Some(&token), state.secure_cookies()))],
        Json(Me::from(&account)),
    )
        .into_response())
}

/// `POST /api/comptes/deconnexion`: ends this browser's session (if it still had one).
async fn session_destroy(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    if let Some(token) = cookie_token(&headers) {
        check_origin(&headers, &state)?;
        state.store.session_end(&token_digest(token)).await?;
    }
    Ok(signed_out(&state))
}

/// `POST /api/comptes/deconnexion-partout`: ends every session of the account (a phone
/// left on a table, a shared computer).
async fn sessions_destroy(
    SignedIn(account): SignedIn,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    check_origin(&headers, &state)?;
    state.store.sessions_end_all(&account.id).await?;
    Ok(signed_out(&state))
}

/// `GET /api/comptes/moi`: who is signed in.
async fn me_show(SignedIn(account): SignedIn) -> Json<Me> {
    Json(Me::from(&account))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            origin_of("https://Agir.Angers.fr/organisateurs"),
            "https://agir.angers.fr"
        );
        assert_eq!(origin_of("https://agir.angers.fr:443"), "https://agir.angers.fr");
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(origin_of("http://localhost:80/"), "http://localhost");
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        assert_eq!(cookie_token(&headers), None);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=sombre; agir_session_old=x; agir_session=abc-_1"),
        );
        assert_eq!(cookie_token(&headers), Some("abc-_1"));
        headers.insert(header::COOKIE, HeaderValue::from_static("agir_session="));
        assert_eq!(cookie_token(&headers), None);
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_over_https() {
        let plain = set_cookie(Some("t"), false);
        assert_eq!(
            plain.to_str().unwrap(),
            "agir_session=t; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200"
        );
        let cleared = set_cookie(None, true);
        assert_eq!(
            cleared.to_str().unwrap(),
            "agir_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure"
        );
    }
}
