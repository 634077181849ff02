//! Serving connections the way nginx does: one acceptor hands each connection to one of N
//! single-threaded runtimes, one per core, and a connection lives on its thread from its
//! first byte to its last. The multi-threaded runtime woke a second thread for most
//! requests (twice nginx's context switches per request on the read path); here a request
//! is read, answered and written without crossing threads. The database, the background
//! tasks and the signals stay on the main runtime.

use std::{
    convert::Infallible,
    future::{ready, Future},
    io,
    net::SocketAddr,
    pin::pin,
    thread,
    time::Duration,
};

use axum::{body::Body, extract::ConnectInfo, http::Request, response::Response, Router};
use futures_util::future::Either;
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto::Builder, graceful::GracefulShutdown},
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::{mpsc, watch},
};
use tower::ServiceExt;

use crate::{hot, AppState};

/// How long a stop waits for the requests in flight before closing what is left.
pub const GRACE: Duration = Duration::from_secs(10);

/// How long a client may take to send a request's head (its line and headers): a client
/// that trickles them is cut off instead of holding a connection forever.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(20);

/// A connection and who opened it.
type Accepted = (TcpStream, SocketAddr);

/// Serves the app on `listener` until `stop` completes, then lets the requests in flight
/// finish (up to [`GRACE`]) and returns.
pub async fn serve(listener: TcpListener, state: AppState, stop: impl Future<Output = ()>) -> io::Result<()> {
    let router = crate::app(state.clone());
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
                .spawn(move || worker(connections, app, stopped))?,
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
                    let _ = queues[next].send((tcp, peer));
                    next = (next + 1) % count;
                }
                // Out of file descriptors and the like: wait, as axum::serve does.
                Err(e) => {
                    tracing::warn!(error = %e, "connexion refusée");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
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

/// One thread: a single-threaded runtime serving the connections it is handed.
fn worker(mut connections: mpsc::UnboundedReceiver<Accepted>, app: App, mut stopped: watch::Receiver<bool>) {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "fil du serveur impossible à démarrer");
            return;
        }
    };
    runtime.block_on(async move {
        let graceful = GracefulShutdown::new();
        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEAD_TIMEOUT);
        loop {
            tokio::select! {
                _ = stopped.wait_for(|s| *s) => break,
                accepted = connections.recv() => match accepted {
                    Some((tcp, peer)) => {
                        let service = app.service(peer);
                        let conn = builder.serve_connection_with_upgrades(TokioIo::new(tcp), service);
                        let conn = graceful.watch(conn.into_owned());
                        tokio::spawn(async move {
                            if let Err(e) = conn.await {
                                tracing::trace!(error = %e, "connexion interrompue");
                            }
                        });
                    }
                    None => break,
                },
            }
        }
        if tokio::time::timeout(GRACE, graceful.shutdown()).await.is_err() {
            tracing::warn!("arrêt : des requêtes n'étaient pas finies après {} s", GRACE.as_secs());
        }
    });
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
