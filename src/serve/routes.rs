//! The router, its middleware (request counting, the token) and the small
//! routes (the editor's files, health, metrics, schema, layouts, the JSON
//! 404 and 405). The routes that run jobs are in [`super::jobs`].

use std::sync::Arc;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::{ApiError, JSON};
use super::metrics::{Metrics, RequestLabels};
use super::pool::Pool;
use super::{App, Config, jobs};
use crate::i18n::Lang;

/// The shared state, as handlers take it.
pub(crate) type Shared = Arc<App>;

/// Every route of the contract.
pub(crate) fn router(config: Config) -> Router {
    let metrics = Arc::new(Metrics::new());
    let app = Arc::new(App {
        token_digest: config
            .token
            .as_deref()
            .map(|t| Sha256::digest(t.as_bytes()).into()),
        pool: Pool::new(config.jobs, config.queue, metrics.clone()),
        metrics,
        max_body: config.max_body,
        max_upload: config.max_upload,
        timeout: config.timeout,
        assets_dir: config.assets_dir,
        engine: config.engine,
    });
    let protected = Router::new()
        .route("/v1/render", post(jobs::render))
        .route("/v1/validate", post(jobs::validate))
        .route("/v1/preview", post(jobs::preview))
        .route("/v1/import", post(jobs::import))
        .route("/v1/schema", get(schema))
        .route("/v1/layouts", get(layouts))
        .route("/metrics", get(metrics_text))
        .route_layer(middleware::from_fn_with_state(app.clone(), auth));
    Router::new()
        .route("/", get(index_html))
        .route("/editor.js", get(editor_js))
        .route("/editor.css", get(editor_css))
        .route("/healthz", get(healthz))
        .merge(protected)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(app.clone(), count))
        .with_state(app)
}

/// The language of the answer: what `Accept-Language` prefers, English
/// when it names neither Vietnamese nor English.
pub(crate) fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::En, Lang::from_accept_language)
}

/// Counts every answer by route pattern and status.
async fn count(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |m| m.as_str().to_string());
    let response = next.run(req).await;
    app.metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// Lets a request through when the service has no token or the request
/// carries it (`Authorization: Bearer TOKEN`); 401 otherwise.
async fn auth(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let Some(expected) = &app.token_digest else {
        return next.run(req).await;
    };
    let lang = lang(req.headers());
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    let refused = match given {
        None => Some(crate::msg!("serve-no-token")),
        Some(token) => {
            let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
            match bool::from(digest.ct_eq(expected)) {
                true => None,
                false => Some(crate::msg!("serve-bad-token")),
            }
        }
    };
    match refused {
        None => next.run(req).await,
        Some(m) => {
            app.metrics.reject("token");
            let mut response = ApiError::msg(StatusCode::UNAUTHORIZED, &m, lang).into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"vanban\""),
            );
            response
        }
    }
}

/// One of the editor's files, never cached stale (the page and the server
/// change together).
fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

async fn index_html() -> Response {
    asset(
        "text/html; charset=utf-8",
        include_str!("../../assets/editor/index.html"),
    )
}

async fn editor_js() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../../assets/editor/editor.js"),
    )
}

async fn editor_css() -> Response {
    asset(
        "text/css; charset=utf-8",
        include_str!("../../assets/editor/editor.css"),
    )
}

/// A JSON answer.
pub(crate) fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    (status, [(header::CONTENT_TYPE, JSON)], value.to_string()).into_response()
}

async fn healthz() -> Response {
    json_response(StatusCode::OK, &json!({"status": "ok"}))
}

async fn metrics_text(State(app): State<Shared>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.encode(),
    )
        .into_response()
}

/// The JSON Schema of the input: what `vanban schema` prints.
async fn schema() -> Response {
    json_response(StatusCode::OK, &crate::input::input_schema())
}

/// The layouts and the kinds of document each knows: what `vanban
/// layouts` lists. `kinds` holds the kinds' names; `titles` each kind's
/// printed title (null for one without, e.g. a công văn).
async fn layouts(State(app): State<Shared>) -> Response {
    let list: Vec<serde_json::Value> = app
        .engine
        .layouts()
        .map(|l| {
            let kinds: Vec<&str> = l.kinds.keys().map(String::as_str).collect();
            let titles: serde_json::Map<String, serde_json::Value> = l
                .kinds
                .iter()
                .map(|(k, v)| (k.clone(), json!(v.title)))
                .collect();
            json!({
                "name": l.name,
                "description": l.description,
                "kinds": kinds,
                "titles": titles,
            })
        })
        .collect();
    json_response(StatusCode::OK, &serde_json::Value::Array(list))
}

async fn not_found(headers: HeaderMap, uri: Uri) -> Response {
    let m = crate::msg!("serve-not-found", path = uri.path());
    ApiError::msg(StatusCode::NOT_FOUND, &m, lang(&headers)).into_response()
}

async fn method_not_allowed(headers: HeaderMap, method: Method, uri: Uri) -> Response {
    let m = crate::msg!(
        "serve-method-not-allowed",
        method = method.as_str(),
        path = uri.path()
    );
    ApiError::msg(StatusCode::METHOD_NOT_ALLOWED, &m, lang(&headers)).into_response()
}
