//! `cwallet issuer serve`: the issuance service on HTTP (axum on tokio), over the core's
//! [`IssuerService`]. This layer only moves bytes, limits sizes and rates, and maps errors to
//! OpenID4VCI error responses with their HTTP status.

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use citizen_wallet::issuance::messages::ErrorResponse;
use citizen_wallet::issuance::{IssuanceError, IssuerService, MAX_BODY_BYTES, ServiceSettings};
use clap::Args;
use serde::Serialize;

use crate::files::{self, IssuerFile};
use crate::{CliError, CliResult};

/// Name of the state database setting that holds the service URL (read by `issuer offer`).
pub const URL_SETTING: &str = "issuer_url";

#[derive(Args)]
pub struct ServeArgs {
    #[arg(long, default_value = "issuer.json")]
    issuer: PathBuf,
    /// State database (offers, codes, nonces, tokens, status indexes); created if missing.
    #[arg(long, default_value = "issuer-state.db")]
    state: PathBuf,
    /// Address to listen on (port 0: a free port; the URL is printed).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// The public base URL wallets use (default: http://<listen address>).
    #[arg(long)]
    url: Option<String>,
    /// Requests accepted per client address and minute.
    #[arg(long, default_value_t = 600)]
    rate_per_minute: u32,
}

struct App {
    service: IssuerService,
    rate_per_minute: u32,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl App {
    /// A fixed one-minute window per client address (per node; a national deployment limits at
    /// the load balancer as well).
    fn admit(&self, ip: IpAddr) -> Result<(), IssuanceError> {
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start).as_secs() < 60);
        }
        let entry = windows.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0).as_secs() >= 60 {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.rate_per_minute { Err(IssuanceError::RateLimited) } else { Ok(()) }
    }
}

pub fn run(args: ServeArgs) -> CliResult {
    let issuer = files::read_json::<IssuerFile>(&args.issuer)?.to_issuer()?;
    let listener = std::net::TcpListener::bind(args.listen)
        .map_err(|e| CliError::failed(format!("cannot listen on {}: {e}", args.listen)))?;
    let local = listener.local_addr().map_err(CliError::failed)?;
    let url = args.url.unwrap_or_else(|| format!("http://{local}"));
    let service = IssuerService::open(&args.state, issuer, ServiceSettings::new(&url)).map_err(CliError::failed)?;
    let conn = citizen_wallet::issuance::service::open_state(&args.state).map_err(CliError::failed)?;
    conn.execute("INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)", [URL_SETTING, url.as_str()])
        .map_err(CliError::failed)?;
    drop(conn);
    println!("listening on {url}");
    let _ = std::io::stdout().flush();
    serve(listener, service, args.rate_per_minute, async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// A service running on a background thread (the demo's): stopped and joined on drop.
pub struct Background {
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<CliResult>>,
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts `make(url)`'s service on a free 127.0.0.1 port in a background thread.
pub fn spawn_local(make: impl FnOnce(&str) -> Result<IssuerService, CliError>) -> Result<Background, CliError> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| CliError::failed(format!("cannot listen: {e}")))?;
    let url = format!("http://{}", listener.local_addr().map_err(CliError::failed)?);
    let service = make(&url)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        serve(listener, service, 600, async {
            let _ = stopped.await;
        })
    });
    Ok(Background { url, stop: Some(stop), thread: Some(thread) })
}

fn serve(
    listener: std::net::TcpListener,
    service: IssuerService,
    rate_per_minute: u32,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> CliResult {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(CliError::failed)?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(CliError::failed)?;
        let app = Arc::new(App { service, rate_per_minute, windows: Mutex::new(HashMap::new()) });
        axum::serve(listener, router(app).into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| CliError::failed(format!("server failed: {e}")))
    })
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/.well-known/openid-credential-issuer", get(metadata))
        .route("/token", post(token))
        .route("/nonce", post(nonce))
        .route("/credential", post(credential))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
}

type Body = Result<Bytes, BytesRejection>;

async fn metadata(State(app): State<Arc<App>>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    respond(app.admit(peer.ip()).map(|()| app.service.metadata()))
}

async fn token(State(app): State<Arc<App>>, ConnectInfo(peer): ConnectInfo<SocketAddr>, body: Body) -> Response {
    blocking(app, peer, body, |app, body, _| app.service.token(&body), HeaderMap::new()).await
}

async fn nonce(State(app): State<Arc<App>>, ConnectInfo(peer): ConnectInfo<SocketAddr>, body: Body) -> Response {
    blocking(app, peer, body, |app, _, _| app.service.nonce(), HeaderMap::new()).await
}

async fn credential(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    blocking(
        app,
        peer,
        body,
        |app, body, headers| {
            let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
            app.service.credential(authorization, &body)
        },
        headers,
    )
    .await
}

/// Admits, reads the body within the limit, runs the (SQLite, signing) work off the async threads.
async fn blocking<T: Serialize + Send + 'static>(
    app: Arc<App>,
    peer: SocketAddr,
    body: Body,
    work: impl FnOnce(&App, Bytes, HeaderMap) -> Result<T, IssuanceError> + Send + 'static,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = app.admit(peer.ip()) {
        return error_response(&e);
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error_response(&IssuanceError::TooLarge);
        }
        Err(rejection) => return error_response(&IssuanceError::Malformed(rejection.body_text())),
    };
    match tokio::task::spawn_blocking(move || work(&app, body, headers)).await {
        Ok(result) => respond(result),
        Err(_) => error_response(&IssuanceError::Server("a request handler failed".into())),
    }
}

fn respond<T: Serialize>(result: Result<T, IssuanceError>) -> Response {
    match result {
        Ok(value) => {
            let mut response = axum::Json(value).into_response();
            // Tokens and nonces must never be cached (RFC 6749 §5.1).
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => error_response(&e),
    }
}

fn error_response(e: &IssuanceError) -> Response {
    if let IssuanceError::Server(detail) | IssuanceError::Issue(detail) = e {
        eprintln!("issuer service: {}: {detail}", e.code());
    }
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(ErrorResponse::from(e))).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
    }
    response
}
