//! Results → HTTP: the JSON API and the web page, over the same [`Engine`] as the CLI.
//!
//! The server is built to stay up whatever clients send: every search runs on the blocking
//! pool under a deadline and a concurrency cap (so slow queries cannot pin every core nor
//! starve the cheap ones), URLs and header blocks are size-limited, slow clients are cut off by
//! a header read timeout, and the number of open connections is capped.

pub mod params;
pub mod protocol_errors;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::query::{DEFAULT_FACETS, Engine, FacetKind, QueryError};
use params::{Params, decode};

/// The web page, embedded so that the binary is all there is to deploy.
const PAGE: &str = include_str!("page.html");

/// Longest URL accepted (path and query string); longer ones get 414.
pub const MAX_URI_BYTES: usize = 8192;

/// How the server bounds its work.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Time a request may take, waiting for a search slot included; then 503.
    pub timeout: Duration,
    /// Searches running at once (the rest wait for a slot): the number of cores keeps the
    /// machine busy without oversubscribing it.
    pub concurrency: usize,
    /// Open connections at most; further clients wait in the kernel's accept queue.
    pub max_connections: usize,
    /// Time a client has to send a request's headers before the connection is closed.
    pub header_timeout: Duration,
    /// Log one line per request on stderr.
    pub log: bool,
}

/// The address `serve` listens on by default: loopback, since the API has no authentication.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7700";

/// Seconds a request may take by default (`--timeout`).
pub const DEFAULT_TIMEOUT_SECS: f64 = 5.0;

/// Open connections at most, by default (`--max-connections`).
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// Seconds a client has to send its headers, by default (`--header-timeout`).
pub const DEFAULT_HEADER_TIMEOUT_SECS: f64 = 10.0;

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            timeout: Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS),
            concurrency: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_timeout: Duration::from_secs_f64(DEFAULT_HEADER_TIMEOUT_SECS),
            log: true,
        }
    }
}

#[derive(Clone)]
struct AppState {
    engine: Arc<Engine>,
    searches: Arc<Semaphore>,
    timeout: Duration,
    /// Taken by the one `/api/stats` caller making the figures of a new generation; the
    /// others wait on it holding no search slot, then answer from the cache.
    stats_turn: Arc<tokio::sync::Mutex<()>>,
}

/// An API error: a status and `{"error": "..."}`.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> ApiError {
        match e {
            QueryError::BadRequest(m) => ApiError::new(StatusCode::BAD_REQUEST, m),
            QueryError::Timeout => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
            QueryError::Index(e) => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("index error: {e}"),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &serde_json::json!({ "error": self.message }))
    }
}

fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot encode the answer: {e}"),
        )
            .into_response(),
    }
}

type ApiResult = Result<Response, ApiError>;

impl AppState {
    /// Runs `f` on the blocking pool once a search slot is free, with the request's deadline.
    /// The slot travels with the work, so a query that overruns its deadline still occupies
    /// its slot until tantivy returns, and new work waits rather than piling onto the cores.
    async fn blocking<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine, Instant) -> Result<T, QueryError> + Send + 'static,
    {
        let busy = || ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is busy");
        let deadline = Instant::now() + self.timeout;
        let permit = tokio::time::timeout(self.timeout, self.searches.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        let engine = self.engine.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _slot = permit;
            f(&engine, deadline)
        });
        let grace = deadline.saturating_duration_since(Instant::now()) + Duration::from_secs(1);
        match tokio::time::timeout(grace, task).await {
            Err(_) => Err(QueryError::Timeout.into()),
            Ok(Err(e)) => Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the request failed: {e}"),
            )),
            Ok(Ok(r)) => r.map_err(ApiError::from),
        }
    }
}

/// The routes: the page, the API, and JSON 404/405 for everything else.
fn router(state: AppState, log: bool) -> Router {
    let app = Router::new()
        .route("/", get(page))
        .route("/healthz", get(healthz))
        .route("/api/search", get(search))
        .route("/api/stats", get(stats))
        .route("/api/articles/{*id}", get(article))
        .route("/api/facets/{*kind}", get(facet_values))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    app.layer(axum::middleware::from_fn(move |req, next| {
        log_and_limit(req, next, log)
    }))
}

async fn log_and_limit(req: Request, next: Next, log: bool) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let uri = req.uri().to_string();
    let uri_len = uri.len();
    let shown = if log { shorten(&uri) } else { String::new() };
    let resp = if uri_len > MAX_URI_BYTES {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("the URL is {uri_len} bytes; the limit is {MAX_URI_BYTES}"),
        )
        .into_response()
    } else {
        next.run(req).await
    };
    if log {
        eprintln!(
            "{method} {shown} {} {:.1}ms",
            resp.status().as_u16(),
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    resp
}

/// The URI for the log line, cut to a readable length (hostile URLs can be megabytes).
fn shorten(s: &str) -> String {
    if s.len() <= 300 {
        return s.to_string();
    }
    let mut end = 300;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…({} bytes)", &s[..end], s.len())
}

async fn page() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
                     connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'",
                ),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        Html(PAGE),
    )
        .into_response()
}

/// Ok with the article count while the index is on disk; 503 once its folder is gone (the
/// server would otherwise go on answering from memory maps of deleted files).
async fn healthz(State(s): State<AppState>) -> Response {
    if let Err(e) = s.engine.index.check_present() {
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response();
    }
    let articles = s.engine.searcher().num_docs();
    json_response(
        StatusCode::OK,
        &serde_json::json!({ "status": "ok", "articles": articles }),
    )
}

async fn search(State(s): State<AppState>, uri: Uri) -> ApiResult {
    let mut req = Params::parse(uri.query())?.search_request()?;
    let resp = s
        .blocking(move |engine, deadline| {
            req.deadline = Some(deadline);
            engine.search(&req)
        })
        .await?;
    Ok(json_response(StatusCode::OK, &resp))
}

/// The figures are made once per index generation: answered from the cache without a search
/// slot when they are made, else by the one caller whose turn it is while the others wait.
async fn stats(State(s): State<AppState>) -> ApiResult {
    if let Some(st) = s.engine.cached_stats(DEFAULT_FACETS) {
        return Ok(json_response(StatusCode::OK, &*st));
    }
    let _turn = s.stats_turn.lock().await;
    if let Some(st) = s.engine.cached_stats(DEFAULT_FACETS) {
        return Ok(json_response(StatusCode::OK, &*st));
    }
    let st = s.blocking(|engine, _| engine.stats(DEFAULT_FACETS)).await?;
    Ok(json_response(StatusCode::OK, &*st))
}

/// The part of the raw path after `prefix`, percent-decoded. Done by hand because axum's path
/// extractor answers a bad encoding in plain text, and the API answers in JSON.
fn path_rest(uri: &Uri, prefix: &str) -> Result<String, ApiError> {
    let raw = uri.path().strip_prefix(prefix).unwrap_or("");
    Ok(decode(raw, "the path")?)
}

async fn article(State(s): State<AppState>, uri: Uri) -> ApiResult {
    let id = path_rest(&uri, "/api/articles/")?;
    let key = id.clone();
    match s.blocking(move |engine, _| engine.article(&key)).await? {
        Some(a) => Ok(json_response(StatusCode::OK, &a)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no article with id {id:?}"),
        )),
    }
}

async fn facet_values(State(s): State<AppState>, uri: Uri) -> ApiResult {
    let kind = match path_rest(&uri, "/api/facets/")?.as_str() {
        "people" => FacetKind::People,
        "places" => FacetKind::Places,
        other => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no facet {other:?}: use people or places"),
            ));
        }
    };
    let p = Params::parse(uri.query())?;
    let mut req = p.search_request()?;
    let prefix = p.get("prefix").unwrap_or("").to_string();
    let limit = p.number("limit", DEFAULT_FACETS)?;
    let values = s
        .blocking(move |engine, deadline| {
            req.deadline = Some(deadline);
            engine.facet_values(kind, &prefix, &req, limit)
        })
        .await?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({ "values": values }),
    ))
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such page: {}", shorten(&uri.to_string())),
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "only GET and HEAD are served",
    )
}

/// Serves `engine` on `listener` until `shutdown` resolves, then lets requests in flight
/// finish (for up to five seconds).
pub async fn run(
    listener: TcpListener,
    engine: Arc<Engine>,
    opts: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let state = AppState {
        engine,
        searches: Arc::new(Semaphore::new(opts.concurrency.max(1))),
        timeout: opts.timeout,
        stats_turn: Arc::default(),
    };
    let app = router(state, opts.log);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(opts.header_timeout)
        // Headers beyond this are refused by hyper itself, before any of our code runs.
        .max_buf_size(64 * 1024)
        .keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let connections = Arc::new(Semaphore::new(opts.max_connections.max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = connections.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    eprintln!("newsdex serve: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small JSON answers must not wait for Nagle's algorithm.
        let _ = stream.set_nodelay(true);
        let conn = http.serve_connection(
            TokioIo::new(protocol_errors::JsonProtocolErrors::new(stream)),
            TowerToHyperService::new(app.clone()),
        );
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // Client resets and timeouts end here; they concern that client only.
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(5)) => {}
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_uris_are_cut_for_the_log() {
        let long: Uri = format!("/api/search?q={}", "é".repeat(500).replace('é', "%C3%A9"))
            .parse()
            .unwrap();
        let s = shorten(&long.to_string());
        assert!(s.len() < 340 && s.ends_with("bytes)"), "{s}");
        let short: Uri = "/healthz".parse().unwrap();
        assert_eq!(shorten(&short.to_string()), "/healthz");
    }

    #[test]
    fn errors_map_to_statuses() {
        let e: ApiError = QueryError::BadRequest("x".into()).into();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        let e: ApiError = QueryError::Timeout.into();
        assert_eq!(e.status, StatusCode::SERVICE_UNAVAILABLE);
    }
}
