//! The organizers' side of « Je veux m'engager » (role `organisateur`): for each stand that
//! looks for volunteers, how many requests it holds and has received, never what they say;
//! and its association's private link, made, made again (the previous one stops working at
//! once) or revoked. The per-stand counts also go into the bilan.

use std::collections::HashMap;

use agir_model::{bilan::StandBilan, engagement::StandRequests, Edition, StandId};
use axum::extract::State;
use serde::Deserialize;

use super::{association::link_path, retention::held_since};
use crate::{
    accounts::new_token,
    admin::{target, Organizer},
    catalog::Published,
    error::{Json, Path, Query},
    routing::Area,
    store::engagement::{AssociationLink, StandCounts},
    AppState, Error,
};

pub fn router() -> Area {
    Area::new()
        .get("/api/admin/engagement", engagement_index)
        .post("/api/admin/engagement/{stand}/lien", link_create)
        .delete("/api/admin/engagement/{stand}/lien", link_destroy)
}

/// Which edition; the current one by default.
#[derive(Debug, Deserialize)]
struct EditionParam {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
}

/// `GET /api/admin/engagement?edition=`: a line per stand that looks for volunteers, in
/// the edition's order.
async fn engagement_index(
    _: Organizer,
    State(state): State<AppState>,
    Query(param): Query<EditionParam>,
) -> Result<Json<Vec<StandRequests>>, Error> {
    let published = target(&state, param.edition.as_deref())?;
    let edition = &published.edition;
    let (counts, links) = figures(&state, edition).await?;
    let lines = edition
        .stands
        .iter()
        .filter(|s| s.volunteering.is_some())
        .map(|s| line(s.id.as_str(), &counts, &links))
        .collect();
    Ok(Json(lines))
}

/// `POST /api/admin/engagement/{stand}/lien?edition=`: a new private link for the stand's
/// association; the one it had stops working at once.
async fn link_create(
    organizer: Organizer,
    state: State<AppState>,
    stand: Path<String>,
    param: Query<EditionParam>,
) -> Result<Json<StandRequests>, Error> {
    link_update(organizer, state, stand, param, true).await
}

/// `DELETE /api/admin/engagement/{stand}/lien?edition=`: the stand's association has no
/// link any more; its address answers as any unknown one.
async fn link_destroy(
    organizer: Organizer,
    state: State<AppState>,
    stand: Path<String>,
    param: Query<EditionParam>,
) -> Result<Json<StandRequests>, Error> {
    link_update(organizer, state, stand, param, false).await
}

/// Makes (`make`) or revokes the stand's link; answers the stand's line.
async fn link_update(
    _: Organizer,
    State(state): State<AppState>,
    Path(stand): Path<String>,
    Query(param): Query<EditionParam>,
    make: bool,
) -> Result<Json<StandRequests>, Error> {
    let (published, stand) = volunteering_stand(&state, &stand, param.edition.as_deref())?;
    let (slug, id) = (published.slug().as_str(), stand.as_str());
    if make {
        let token = new_token();
        state
            .store
            .association_link_make(slug, id, &token, state.clock.now())
            .await?;
    } else {
        state.store.association_link_revoke(slug, id).await?;
    }
    let (counts, links) = figures(&state, &published.edition).await?;
    Ok(Json(line(id, &counts, &links)))
}

/// A stand of the edition that looks for volunteers.
fn volunteering_stand(
    state: &AppState,
    stand: &str,
    edition: Option<&str>,
) -> Result<(std::sync::Arc<Published>, StandId), Error> {
    let published = target(state, edition)?;
    let id = StandId::parse(stand)
        .ok()
        .filter(|id| published.edition.stand(id).is_some_and(|s| s.volunteering.is_some()))
        .ok_or_else(|| Error::StandNotFound(stand.chars().take(80).collect()))?;
    Ok((published, id))
}

/// The edition's counts per stand, and its links.
async fn figures(
    state: &AppState,
    edition: &Edition,
) -> Result<(HashMap<String, StandCounts>, Vec<AssociationLink>), Error> {
    let slug = edition.edition.as_str();
    let counts = state
        .store
        .contact_counts(slug, &held_since(edition, state.clock.now()))
        .await?;
    let mut links = state.store.association_links().await?;
    links.retain(|l| l.edition == slug);
    Ok((counts, links))
}

fn line(stand: &str, counts: &HashMap<String, StandCounts>, links: &[AssociationLink]) -> StandRequests {
    let counted = counts.get(stand).copied().unwrap_or_default();
    let link = links.iter().find(|l| l.stand == stand);
    StandRequests {
        stand: stand.to_owned(),
        demandes: counted.held,
        recues: counted.received,
        lien: link.map(|l| link_path(&l.token)),
        lien_cree_le: link.map(|l| l.created_at.clone()),
    }
}

/// The bilan's line per stand: each stand that looks for volunteers or received requests,
/// the most asked first, then in the edition's order.
pub async fn bilan_lines(state: &AppState, edition: &Edition) -> Result<Vec<StandBilan>, Error> {
    let (counts, _) = figures(state, edition).await?;
    let mut lines: Vec<StandBilan> = edition
        .stands
        .iter()
        .filter(|s| s.volunteering.is_some() || counts.contains_key(s.id.as_str()))
        .map(|s| StandBilan {
            stand: s.id.to_string(),
            nom: s.name.clone(),
            demandes: counts.get(s.id.as_str()).map_or(0, |c| c.received),
        })
        .collect();
    // Stable: equal counts keep the edition's order.
    lines.sort_by_key(|l| std::cmp::Reverse(l.demandes));
    Ok(lines)
}
