//! The organizers' calls about « Je veux m'engager »: each stand's counts and private link
//! for its association, made, changed or withdrawn. Never the requests themselves.

use agir_model::engagement::StandRequests;
use gloo_net::http::Request;

use super::{get, json, post, send, ApiError};

fn stand_url(stand: &str, edition: &str) -> String {
    format!("/api/admin/engagement/{stand}/lien?edition={edition}")
}

/// `GET /api/admin/engagement?edition=`: one line per stand that looks for volunteers.
pub async fn stands(edition: &str) -> Result<Vec<StandRequests>, ApiError> {
    json(send(get(&format!("/api/admin/engagement?edition={edition}")).build()).await?).await
}

/// Makes a new private link for the stand; the previous one stops working at once.
pub async fn new_link(stand: &str, edition: &str) -> Result<StandRequests, ApiError> {
    json(send(post(&stand_url(stand, edition)).build()).await?).await
}

/// Withdraws the stand's link: nobody reaches its requests any more.
pub async fn revoke_link(stand: &str, edition: &str) -> Result<StandRequests, ApiError> {
    let request = Request::delete(&stand_url(stand, edition))
        .header("Accept", "application/json")
        .build();
    json(send(request).await?).await
}
