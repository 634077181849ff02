//! The app (`dist/`): security headers, the fallback to index.html, the announced public URL,
//! content types and cache policy.

use reqwest::StatusCode;

use crate::helpers::{assert_error, header_of, spawn_app, spawn_app_with, Options, INLINE_SCRIPT};

#[tokio::test]
async fn csp_allows_the_inline_script_by_hash_only() {
    // Arrange
    let app = spawn_app().await;
    let hash = agir_server::security::sha256_source(INLINE_SCRIPT);
    for path in ["/", "/api/edition", "/api/nope", "/programme/debat"] {
        // Act
        let response = app.get(path).await;
        // Assert
        let csp = header_of(&response, "content-security-policy");
        let script_src = csp.split("; ").find(|d| d.starts_with("script-src")).unwrap();
        assert!(script_src.contains(&hash), "{path}: {csp}");
        assert!(script_src.contains("'wasm-unsafe-eval'"));
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        for directive in [
            "default-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{directive} in {csp}");
        }
        assert_eq!(header_of(&response, "x-content-type-options"), "nosniff");
        assert_eq!(
            header_of(&response, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
    }
}

#[tokio::test]
async fn app_routes_fall_back_to_index_but_api_and_files_do_not() {
    // Arrange
    let app = spawn_app().await;
    // Act
    // `/mon-programme` is an app route the server does not draw (`first_html` for those it does).
    let root = app.get("/index.html").await;
    let spa = app.get("/mon-programme").await;
    let api = app.get("/api/nope").await;
    let api_deep = app.get("/api/admin/nope").await;
    let file = app.get("/missing.js").await;
    let post = app.client.post(app.url("/programme")).send().await.unwrap();
    let wrong_method = app.client.delete(app.url("/api/edition")).send().await.unwrap();
    // Assert
    assert_eq!(root.status(), StatusCode::OK);
    let index = root.text().await.unwrap();
    assert!(index.contains("<script type=\"module\">"));
    assert_eq!(spa.status(), StatusCode::OK);
    assert!(header_of(&spa, "content-type").starts_with("text/html"));
    assert_eq!(spa.text().await.unwrap(), index);
    assert_error(api, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(api_deep, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(file, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(post, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    assert_error(wrong_method, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn the_public_url_is_announced_to_the_app_and_nothing_else_changes() {
    // Arrange
    let plain = spawn_app().await;
    let announced = spawn_app_with(Options {
        public_url: Some("https://agir.angers.fr/"),
        ..Options::default()
    })
    .await;
    // Act
    // App routes the server does not draw: the shell itself.
    let without = plain.get("/index.html").await.text().await.unwrap();
    let with = announced.get("/mon-programme").await;
    let csp = header_of(&with, "content-security-policy");
    let with = with.text().await.unwrap();
    // Assert
    assert!(!without.contains("agir-public-url"));
    assert!(
        with.contains(r#"<meta name="agir-public-url" content="https://agir.angers.fr" />"#),
        "{with}"
    );
    assert_eq!(
        with.replace(
            r#"<meta name="agir-public-url" content="https://agir.angers.fr" />"#,
            ""
        ),
        without
    );
    assert_eq!(csp, header_of(&plain.get("/").await, "content-security-policy"));
}

#[tokio::test]
async fn files_have_their_content_type_and_cache_policy() {
    // Arrange
    let app = spawn_app().await;
    let expected = [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        ("/sw.js", "text/javascript; charset=utf-8", "no-cache"),
        ("/manifest.webmanifest", "application/manifest+json", "no-cache"),
        (
            "/app-0123456789abcdef.js",
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        (
            "/app-0123456789abcdef_bg.wasm",
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        ("/icons/icon.svg", "image/svg+xml", "no-cache"),
        ("/icon-192.png", "image/png", "no-cache"),
    ];
    for (path, content_type, cache) in expected {
        // Act
        let response = app.get(path).await;
        // Assert
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&response, "content-type"), content_type, "{path}");
        assert_eq!(header_of(&response, "cache-control"), cache, "{path}");
    }
    let wasm = app.get("/app-0123456789abcdef_bg.wasm").await;
    let etag = header_of(&wasm, "etag");
    let again = app.revalidate("/app-0123456789abcdef_bg.wasm", &etag).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}
