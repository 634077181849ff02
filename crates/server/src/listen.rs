//! Serving connections: our accept loop, for two reasons.
//!
//! - Time bounds. `axum::serve` gives hyper no timer, and without one a client sending its
//!   headers a byte at a time held a connection (and a task) forever. Here every connection
//!   has `Limits::headers` to send its headers, every request `Limits::request` to be
//!   answered (its body read included: a body trickled one byte a second gets a 408), and a
//!   stop lets the requests in flight finish within `Limits::stop` while the question
//!   streams are ended cleanly.
//! - The read path, served the way nginx serves it: one acceptor hands each connection to
//!   one of N single-threaded runtimes, one per core, and a connection lives on its thread
//!   from its first byte to its last. The multi-threaded runtime woke a second thread for
//!   most requests (0.54 context switches per request against nginx's 0.15). The database,
//!   the background tasks and the signals stay on the main runtime. The hot request
//!   (`hot`) is answered before the router, and its 304 before hyper (`early`).

use std::{
    convert::Infallible,
    future::{ready, Future},
    io,
    net::SocketAddr,
    pin::pin,
    thread,
    time::{Duration, Instant},
};

use axum::{body::Body, extract::ConnectInfo, http::Request, http::StatusCode, response::Response, Router};
use futures_util::future::Either;
use hyper::{body::Incoming, server::conn::http1};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::{mpsc, watch},
};
use tower::ServiceExt;
use tower_http::timeout::TimeoutLayer;

use crate::{hot, AppState};

mod prefixed;
use prefixed::Prefixed;

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

/// A connection and who opened it, between two runtimes.
type Accepted = (std::net::TcpStream, SocketAddr);

/// Serves the app on `listener` until `stop` resolves; then stops accepting, runs `closing`
/// (which ends the long-lived streams) and waits for the connections in flight, at most
/// `limits.stop`.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    limits: Limits,
    stop: impl Future<Output = ()>,
    closing: impl FnOnce(),
) -> io::Result<()> {
    let router = crate::app(state.clone()).layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        limits.request,
    ));
    let count = thread::available_parallelism().map_or(1, |n| n.get());
    let (stopping, stopped) = watch::channel(false);
    let mut workers = Vec::with_capacity(count);
    let mut queues = Vec::with_capacity(count);
    for n in 0..count {
        let (queue, connections) = mpsc::unbounded_channel::<Accepted>();
        let (app, stopped) = (App(state.clone(), router.clone()), stopped.clone());
        workers.push(
            thread::Builder::new()
                .name(format!("agir-http-{n}"))
                .spawn(move || worker(connections, app, limits, stopped))?,
        );
        queues.push(queue);
    }
    let mut stop = pin!(stop);
    let mut next = 0;
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => {
                    // Nagle's algorithm with delayed ACKs added ~40 ms to small answers.
                    let _ = tcp.set_nodelay(true);
                    // Out of this runtime's reactor, into the worker's: else every read and
                    // write would be announced here and relayed to the worker's thread.
                    if let Ok(tcp) = tcp.into_std() {
                        let _ = queues[next].send((tcp, peer));
                        next = (next + 1) % count;
                    }
                }
                // Out of file descriptors and the like: wait, rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "connexion refusée");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    closing();
    let _ = stopping.send(true);
    drop(queues);
    tokio::task::spawn_blocking(move || {
        for w in workers {
            let _ = w.join();
        }
    })
    .await
    .map_err(io::Error::other)
}

/// One thread: a single-threaded runtime serving the connections it is handed, until the
/// stop; then it waits for its connections in flight, at most `limits.stop`.
fn worker(
    mut connections: mpsc::UnboundedReceiver<Accepted>,
    app: App,
    limits: Limits,
    mut stopped: watch::Receiver<bool>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "fil du serveur impossible à démarrer");
            return;
        }
    };
    runtime.block_on(async move {
        let graceful = GracefulShutdown::new();
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(limits.headers);
        // This thread's own copy of the stop, so that its connections never wait on a
        // channel the other threads touch.
        let (stop_here, stopped_here) = watch::channel(false);
        loop {
            tokio::select! {
                _ = stopped.wait_for(|s| *s) => break,
                accepted = connections.recv() => match accepted {
                    Some((tcp, peer)) => {
                        let Ok(tcp) = TcpStream::from_std(tcp) else { continue };
                        let (app, http) = (app.clone(), http.clone());
                        let (watcher, stopped) = (graceful.watcher(), stopped_here.clone());
                        tokio::spawn(async move {
                            let Some(io) = early(tcp, &app.0, limits.headers, stopped).await else {
                                return;
                            };
                            let connection = http.serve_connection(TokioIo::new(io), app.service(peer));
                            if let Err(e) = watcher.watch(connection).await {
                                tracing::debug!(error = %e, "connexion terminée sur une erreur");
                            }
                        });
                    }
                    None => break,
                },
            }
        }
        let _ = stop_here.send(true);
        if tokio::time::timeout(limits.stop, graceful.shutdown()).await.is_err() {
            tracing::warn!(
                secondes = limits.stop.as_secs(),
                "des requêtes n'étaient pas finies au bout du délai d'arrêt : abandonnées"
            );
        }
    });
}

/// Answers the hot 304 (`hot::wire`) on `tcp` for as long as the client asks only for that,
/// each request within `headers` of the previous answer; then returns the connection, with
/// the bytes read and not answered, for hyper. `None` once the connection is closed, idle
/// too long, or the server stopping.
async fn early(
    mut tcp: TcpStream,
    state: &AppState,
    headers: Duration,
    mut stopped: watch::Receiver<bool>,
) -> Option<Prefixed> {
    let mut read = Vec::with_capacity(1024);
    let mut out = Vec::new();
    let mut asked = Instant::now();
    // One timer for the connection, pushed back only when it fires: a reset per request was
    // a measurable part of hyper's cost.
    let mut idle = pin!(tokio::time::sleep(headers));
    let mut stop = pin!(stopped.wait_for(|s| *s));
    loop {
        tokio::select! {
            biased;
            got = tcp.read_buf(&mut read) => match got {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            },
            () = &mut idle => {
                if asked.elapsed() >= headers {
                    return None;
                }
                idle.as_mut().reset((asked + headers).into());
                continue;
            }
            _ = &mut stop => return None,
        }
        let mut used = 0;
        while let Some(n) = hot::wire::not_modified(state, &read[used..], &mut out) {
            used += n;
        }
        if !out.is_empty() {
            tcp.write_all(&out).await.ok()?;
            out.clear();
        }
        read.drain(..used);
        if !read.is_empty() {
            return Some(Prefixed::new(read, tcp));
        }
        asked = Instant::now();
    }
}

/// What a worker serves: the hot request (`hot`), and the router for every other.
#[derive(Clone)]
struct App(AppState, Router);

impl App {
    /// The app as hyper calls it for one connection, with the client's address for the
    /// rate limits.
    fn service(
        &self,
        peer: SocketAddr,
    ) -> impl hyper::service::Service<Request<Incoming>, Response = Response, Error = Infallible, Future: Send> + Clone
    {
        let App(state, router) = self.clone();
        hyper::service::service_fn(move |request: Request<Incoming>| {
            if let Some(answer) = hot::answer(&state, &request) {
                return Either::Left(ready(Ok(answer)));
            }
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            Either::Right(router.clone().oneshot(request))
        })
    }
}
