//! Conditional requests: `If-None-Match` for cheap revalidation (304) and `If-Match` so
//! that two organizers editing at once never silently overwrite each other.

use axum::{
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use bytes::Bytes;

use crate::compress::Encoded;

/// One entity tag of a header list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tag<'a> {
    Any,
    Strong(&'a str),
    Weak(&'a str),
}

/// Splits `"a", W/"b", *` into tags (the quoted value keeps its quotes).
fn tags(value: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut rest = value.trim();
    while !rest.is_empty() {
        rest = rest.trim_start_matches([',', ' ', '\t']);
        if let Some(r) = rest.strip_prefix('*') {
            out.push(Tag::Any);
            rest = r;
            continue;
        }
        let (weak, r) = match rest.strip_prefix("W/") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        if !r.starts_with('"') {
            // Not a valid tag: skip to the next comma.
            rest = r.find(',').map_or("", |i| &r[i..]);
            continue;
        }
        let end = r[1..].find('"').map_or(r.len(), |i| i + 2);
        let tag = &r[..end];
        out.push(if weak { Tag::Weak(tag) } else { Tag::Strong(tag) });
        rest = &r[end..];
    }
    out
}

fn header_values<'a>(headers: &'a HeaderMap, name: &header::HeaderName) -> Vec<&'a str> {
    headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect()
}

/// `If-None-Match` matches `etag` (weak comparison, as RFC 9110 asks for GET).
pub fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    header_values(headers, &header::IF_NONE_MATCH)
        .into_iter()
        .any(|value| lists(value, etag))
}

/// One `If-None-Match` value names `etag` or `*` (weak comparison). The value a client
/// sends back as it got it is recognized without splitting it into tags.
pub fn lists(value: &str, etag: &str) -> bool {
    value == etag
        || tags(value).into_iter().any(|t| match t {
            Tag::Any => true,
            Tag::Strong(v) | Tag::Weak(v) => v == etag,
        })
}

/// `If-None-Match: *`: the client wants to create something that must not exist yet.
pub fn none_match_any(headers: &HeaderMap) -> bool {
    header_values(headers, &header::IF_NONE_MATCH)
        .into_iter()
        .flat_map(tags)
        .any(|t| t == Tag::Any)
}

/// What `If-Match` says about the revision the client edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// No header, or only `*`, which would defeat the lost-update check.
    Missing,
    /// The header names `etag` (strong comparison).
    Matches,
    /// The header names something else: someone published first.
    Stale,
}

pub fn if_match(headers: &HeaderMap, etag: Option<&str>) -> IfMatch {
    let all: Vec<Tag> = header_values(headers, &header::IF_MATCH)
        .into_iter()
        .flat_map(tags)
        .filter(|t| *t != Tag::Any)
        .collect();
    if all.is_empty() {
        return IfMatch::Missing;
    }
    match etag {
        Some(etag) if all.contains(&Tag::Strong(etag)) => IfMatch::Matches,
        _ => IfMatch::Stale,
    }
}

/// How long a client may reuse what it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Always revalidate (cheap with the ETag): index.html, the edition, the service worker.
    Revalidate,
    /// Content-addressed file names never change meaning.
    Immutable,
}

impl Caching {
    fn header(self) -> HeaderValue {
        match self {
            Self::Revalidate => HeaderValue::from_static("no-cache"),
            Self::Immutable => HeaderValue::from_static("public, max-age=31536000, immutable"),
        }
    }
}

/// The headers of a cached answer with the security headers: ETag, caching, `Vary`, type,
/// encoding, length, and four.
const ANSWER_HEADERS: usize = 11;

/// A body held in memory with everything needed to answer a GET for it.
#[derive(Debug, Clone)]
pub struct Cached {
    pub content_type: HeaderValue,
    pub etag: HeaderValue,
    pub caching: Caching,
    pub body: Encoded,
}

impl Cached {
    /// Answers 304 when the client has it, else the best-compressed variant it accepts.
    pub fn respond(&self, headers: &HeaderMap) -> Response {
        self.respond_with_status(StatusCode::OK, headers)
    }

    pub fn respond_with_status(&self, status: StatusCode, headers: &HeaderMap) -> Response {
        let etag = self.etag.to_str().unwrap_or_default();
        let mut response = if none_match(headers, etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let (coding, bytes): (_, Bytes) = self.body.pick(headers);
            let mut r = (status, bytes).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, self.content_type.clone());
            if let Some(c) = coding.header() {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
            }
            r
        };
        let h = response.headers_mut();
        // Room for these and the security headers at once, instead of growing three times.
        h.reserve(ANSWER_HEADERS);
        h.insert(header::ETAG, self.etag.clone());
        h.insert(header::CACHE_CONTROL, self.caching.header());
        if self.body.varies() {
            h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn if_none_match_uses_weak_comparison_and_lists() {
        assert!(none_match(&with(header::IF_NONE_MATCH, "\"2013-3\""), "\"2013-3\""));
        assert!(none_match(&with(header::IF_NONE_MATCH, "W/\"2013-3\""), "\"2013-3\""));
        assert!(none_match(
            &with(header::IF_NONE_MATCH, "\"2013-2\", \"2013-3\""),
            "\"2013-3\""
        ));
        assert!(none_match(&with(header::IF_NONE_MATCH, "*"), "\"2013-3\""));
        assert!(!none_match(&with(header::IF_NONE_MATCH, "\"2013-2\""), "\"2013-3\""));
        assert!(!none_match(&HeaderMap::new(), "\"2013-3\""));
        assert!(none_match_any(&with(header::IF_NONE_MATCH, "*")));
        assert!(!none_match_any(&with(header::IF_NONE_MATCH, "\"2013-3\"")));
    }

    #[test]
    fn if_match_is_strong_and_star_does_not_count() {
        let etag = Some("\"2013-3\"");
        assert_eq!(if_match(&HeaderMap::new(), etag), IfMatch::Missing);
        assert_eq!(if_match(&with(header::IF_MATCH, "*"), etag), IfMatch::Missing);
        assert_eq!(if_match(&with(header::IF_MATCH, "\"2013-3\""), etag), IfMatch::Matches);
        assert_eq!(if_match(&with(header::IF_MATCH, "W/\"2013-3\""), etag), IfMatch::Stale);
        assert_eq!(if_match(&with(header::IF_MATCH, "\"2013-2\""), etag), IfMatch::Stale);
        assert_eq!(if_match(&with(header::IF_MATCH, "\"2013-2\""), None), IfMatch::Stale);
    }
}
