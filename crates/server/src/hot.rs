//! The read path's shortcut. Every open app asks `GET /api/edition` again and again to
//! learn of a new revision, nearly always to get a 304. Through axum's router that answer
//! cost twice nginx's time for the same bytes: the profile showed the route lookup, the
//! boxed route cloned per request, the layers each moving the response, and the request's
//! headers copied into the handler. So the connection hands that one request here before
//! the router: the same function answers it (`edition::current`) with the same security
//! headers (`security::stamp`), and a test compares it with the routed answer. Its most
//! frequent form, the 304, is even answered before hyper parses it (`wire`).

pub mod wire;

use axum::{
    http::{Method, Request},
    response::{IntoResponse, Response},
};

use crate::{edition, security, AppState};

/// The path answered here.
pub const PATH: &str = "/api/edition";

/// The answer to `request` if it is the hot one, else `None` (the router answers).
pub fn answer<B>(state: &AppState, request: &Request<B>) -> Option<Response> {
    if request.method() != Method::GET || request.uri().path() != PATH {
        return None;
    }
    let response = edition::current(state, request.headers()).unwrap_or_else(IntoResponse::into_response);
    Some(stamped(state, response))
}

/// `response` with the security headers every answer of the server carries.
fn stamped(state: &AppState, mut response: Response) -> Response {
    security::stamp(response.headers_mut(), &state.assets.csp);
    response
}
