//! Serving connections: our accept loop, because `axum::serve` gives hyper no timer, and
//! without one a client sending its headers a byte at a time held a connection (and a task)
//! forever. Here every connection has `Limits::headers` to send its headers, every
//! request `Limits::request` to be answered (its body read included: a body trickled one
//! byte a second gets a 408), and a stop lets the requests in flight finish within
//! `Limits::stop` while the question streams are ended cleanly.

use std::{future::Future, io, net::SocketAddr, time::Duration};

use axum::{http::StatusCode, Router};
use hyper::server::conn::http1;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::net::TcpListener;
use tower_http::timeout::TimeoutLayer;
use tower_service::Service;

/// The time bounds of serving.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a client may take to send a request's line and headers.
    pub headers: Duration,
    /// From the headers read to the response's headers sent, body read included. Question
    /// streams are not cut: their response starts at once and only its body goes on.
    pub request: Duration,
    /// How long requests in flight may take to finish once a stop is asked.
    pub stop: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            headers: Duration::from_secs(10),
            request: Duration::from_secs(30),
            stop: Duration::from_secs(10),
        }
    }
}

/// Serves `router` on `listener` until `stop` resolves; then stops accepting, runs
/// `closing` (which ends the long-lived streams) and waits for the connections in flight,
/// at most `limits.stop`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
    closing: impl FnOnce(),
) -> io::Result<()> {
    let router = router.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        limits.request,
    ));
    let mut make = router.into_make_service_with_connect_info::<SocketAddr>();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.headers);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, rather than spin.
                    tracing::warn!(error = %e, "connexion refusée");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Nagle's algorithm with delayed ACKs added ~40 ms to small answers (TOOLCHAIN.md).
        let _ = tcp.set_nodelay(true);
        let service = match make.call(remote).await {
            Ok(service) => service,
            Err(never) => match never {},
        };
        let connection = http.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = watched.await {
                tracing::debug!(error = %e, "connexion terminée sur une erreur");
            }
        });
    }
    drop(listener);
    closing();
    if tokio::time::timeout(limits.stop, graceful.shutdown()).await.is_err() {
        tracing::warn!(
            secondes = limits.stop.as_secs(),
            "des requêtes n'étaient pas finies au bout du délai d'arrêt : abandonnées"
        );
    }
    Ok(())
}
