//! The read path's shortcut: `GET /api/edition` is answered before the router, and must be
//! exactly the answer the router gives for the same document (`/api/editions/{slug}`).

use reqwest::{Method, StatusCode};

use crate::helpers::{header_of, headers_but_date, spawn_app};

/// Status, headers but the date, and body.
async fn seen(response: reqwest::Response) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let (status, headers) = (response.status(), headers_but_date(&response));
    (status, headers, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_edition_answered_before_routing_is_the_routed_answer() {
    // Arrange
    let app = spawn_app().await;
    let client = reqwest::Client::builder().no_brotli().no_gzip().build().unwrap();
    let etag = header_of(&app.get("/api/edition").await, "etag");
    let cases: [&[(&str, &str)]; 5] = [
        &[("accept-encoding", "br")],
        &[("accept-encoding", "gzip")],
        &[("accept-encoding", "identity")],
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
        &[("if-none-match", "\"2013-0\"")],
    ];
    for headers in cases {
        let ask = |path: &str| {
            let mut request = client.request(Method::GET, app.url(path));
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.send()
        };
        // Act
        let hot = seen(ask("/api/edition").await.unwrap()).await;
        let routed = seen(ask("/api/editions/2013").await.unwrap()).await;
        // Assert
        assert_eq!(hot, routed, "{headers:?}");
        assert!(
            hot.1.iter().any(|(n, _)| n == "content-security-policy"),
            "{headers:?}: {:?}",
            hot.1
        );
    }
}

#[tokio::test]
async fn the_edition_still_answers_head_and_a_query_string() {
    // Arrange
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    // Act
    let head = client.head(app.url("/api/edition")).send().await.unwrap();
    let query = app.get("/api/edition?depuis=1").await;
    // Assert
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header_of(&head, "etag"), "\"2013-1\"");
    assert!(head.bytes().await.unwrap().is_empty());
    assert_eq!(query.status(), StatusCode::OK);
    assert_eq!(header_of(&query, "etag"), "\"2013-1\"");
}
