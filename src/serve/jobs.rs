//! The routes that run a job on the pool: render, validate, preview,
//! import. Each is admitted first (503 when the queue is full, before its
//! body is read), reads its body within the cap (413), runs on a worker
//! within the time limit (504), and answers the engine's errors as JSON.

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde_json::json;

use super::App;
use super::error::ApiError;
use super::routes::{Shared, json_response, lang};
use crate::engine::{Formats, RenderOptions};
use crate::error::Diagnostic;
use crate::i18n::{Lang, Msg};
use crate::input;
use crate::pdf::{PdfOptions, PdfStandard};

/// The name documents from requests have in the engine's errors.
const FILE: &str = "request";

/// Seconds a client is told to wait before trying again after a 503.
const RETRY_AFTER: u64 = 1;

/// The lowest and highest preview resolutions the service draws.
const MIN_DPI: f32 = 10.0;
const MAX_DPI: f32 = 200.0;
const DEFAULT_DPI: f32 = 60.0;

/// Admits a request, reads its body within `limit`, and runs `work` on a
/// worker with it, all within the time limit.
async fn job<T: Send + 'static>(
    app: &Shared,
    lang: Lang,
    body: Body,
    limit: usize,
    format: &'static str,
    work: impl FnOnce(&App, Bytes) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let Some(ticket) = app.pool.admit() else {
        app.metrics.reject("queue_full");
        drain(body, limit, app.timeout).await;
        let m = crate::msg!("serve-busy", seconds = RETRY_AFTER);
        return Err(ApiError::retry(
            StatusCode::SERVICE_UNAVAILABLE,
            &m,
            lang,
            RETRY_AFTER,
        ));
    };
    let run = async {
        let bytes = read_body(app, body, limit, lang).await?;
        let shared = app.clone();
        match ticket.run(format, move || work(&shared, bytes)).await {
            Ok(out) => out,
            Err(_) => Err(ApiError::msg(
                StatusCode::INTERNAL_SERVER_ERROR,
                &crate::msg!("serve-internal"),
                lang,
            )),
        }
    };
    match tokio::time::timeout(app.timeout, run).await {
        Ok(out) => out,
        Err(_) => {
            app.metrics.reject("timeout");
            let m = crate::msg!("serve-timeout", seconds = app.timeout.as_secs_f64());
            Err(ApiError::retry(
                StatusCode::GATEWAY_TIMEOUT,
                &m,
                lang,
                RETRY_AFTER,
            ))
        }
    }
}

/// The body, refused with 413 once it passes `limit` (at once when its
/// `Content-Length` says so); no more than `limit` bytes are ever held.
/// What is over is read and dropped, up to as much again, so that the
/// client (still writing) reads the 413 rather than a broken connection.
async fn read_body(app: &App, mut body: Body, limit: usize, lang: Lang) -> Result<Bytes, ApiError> {
    let too_large = || {
        app.metrics.reject("body_too_large");
        let m = crate::msg!("serve-body-too-large", limit = limit);
        ApiError::msg(StatusCode::PAYLOAD_TOO_LARGE, &m, lang)
    };
    let declared = axum::body::HttpBody::size_hint(&body).lower();
    if declared > limit as u64 {
        drain(body, limit.saturating_mul(2), app.timeout).await;
        return Err(too_large());
    }
    let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(ApiError::msg(
                StatusCode::BAD_REQUEST,
                &crate::msg!("serve-body-unreadable"),
                lang,
            ));
        };
        if let Ok(data) = frame.into_data() {
            if out.len().saturating_add(data.len()) > limit {
                drain(body, limit, app.timeout).await;
                return Err(too_large());
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(out))
}

/// Reads a refused request's body to its end and drops it, a frame at a
/// time (no more held than one frame), up to `limit` bytes and within
/// `time`: a client writes its whole body before it reads the answer, and
/// one whose connection is closed under it sees a broken pipe, not the
/// 503 (or 413) it should act on. What is over `limit` is left unread.
async fn drain(mut body: Body, limit: usize, time: std::time::Duration) {
    let read = async {
        let mut seen = 0usize;
        while seen <= limit {
            match body.frame().await {
                Some(Ok(frame)) => {
                    seen = seen.saturating_add(frame.data_ref().map_or(0, |d| d.len()));
                }
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(time, read).await;
}

/// The query's pairs, each name known to the route and given once.
fn query(uri: &Uri, known: &[&str], lang: Lang) -> Result<Vec<(String, String)>, ApiError> {
    let bad = |m: Msg| ApiError::msg(StatusCode::BAD_REQUEST, &m, lang);
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map_err(|_| bad(crate::msg!("serve-query-unreadable")))?;
    for (i, (name, _)) in pairs.iter().enumerate() {
        if !known.contains(&name.as_str()) {
            return Err(bad(crate::msg!(
                "serve-query-unknown",
                name = short(name),
                known = known.join(", ")
            )));
        }
        if pairs.iter().take(i).any(|(n, _)| n == name) {
            return Err(bad(crate::msg!("serve-query-twice", name = short(name))));
        }
    }
    Ok(pairs)
}

/// A bad value of a query parameter: 400 naming it and what it takes.
fn bad_value(name: &str, value: &str, expected: &str, lang: Lang) -> ApiError {
    let m = crate::msg!(
        "serve-query-value",
        name = name,
        value = short(value),
        expected = expected
    );
    ApiError::msg(StatusCode::BAD_REQUEST, &m, lang)
}

/// At most 100 characters of a text a request sent, for a message.
pub(crate) fn short(s: &str) -> String {
    let mut out: String = s.chars().take(100).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn boolean(name: &str, value: &str, lang: Lang) -> Result<bool, ApiError> {
    match value.to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(bad_value(name, value, "true, false", lang)),
    }
}

/// The output a render asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Pdf,
    Docx,
    Zip,
}

impl Output {
    /// What the engine renders for it.
    fn formats(self) -> Formats {
        match self {
            Output::Pdf => Formats::PDF,
            Output::Docx => Formats::DOCX,
            Output::Zip => Formats::ALL,
        }
    }

    /// Its file extension, also its metrics label.
    fn ext(self) -> &'static str {
        match self {
            Output::Pdf => "pdf",
            Output::Docx => "docx",
            Output::Zip => "zip",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Output::Pdf => "application/pdf",
            Output::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Output::Zip => "application/zip",
        }
    }
}

/// The query parameters of `render` and `validate`: the output and the
/// PDF options of `vanban render` (`standard` or `pdf_standard`,
/// `attach_source`, `signature_fields` or `no_sign_field`).
const RENDER_QUERY: &[&str] = &[
    "format",
    "standard",
    "pdf_standard",
    "attach_source",
    "signature_fields",
    "no_sign_field",
];

fn render_query(uri: &Uri, lang: Lang) -> Result<(Output, PdfOptions), ApiError> {
    let mut output = Output::Pdf;
    let mut standard = None;
    let mut attach_source = false;
    let mut sign_fields = true;
    for (name, value) in query(uri, RENDER_QUERY, lang)? {
        match name.as_str() {
            "format" => {
                output = match value.to_ascii_lowercase().as_str() {
                    "pdf" => Output::Pdf,
                    "docx" => Output::Docx,
                    "zip" | "pdf,docx" => Output::Zip,
                    _ => return Err(bad_value(&name, &value, "pdf, docx, zip", lang)),
                }
            }
            "standard" | "pdf_standard" => {
                standard = Some(PdfStandard::parse(&value).map_err(|_| {
                    bad_value(
                        &name,
                        &value,
                        "a-2a,ua-1, a-3a,ua-1, a-2b, a-2u, a-3b, a-3u, ua-1, none",
                        lang,
                    )
                })?)
            }
            "attach_source" => attach_source = boolean(&name, &value, lang)?,
            "signature_fields" => sign_fields = boolean(&name, &value, lang)?,
            _ => sign_fields = !boolean(&name, &value, lang)?,
        }
    }
    // As on the command line: tagged, PDF/A-3 with the source attached.
    let standard = standard.unwrap_or_else(|| PdfStandard::default_for(attach_source));
    Ok((
        output,
        PdfOptions {
            standard,
            attach_source,
            sign_fields,
        },
    ))
}

impl App {
    /// The render options of a request: images from the assets folder and
    /// confined to it; without one, from nowhere (the empty path resolves
    /// to no file: the engine reads none even if a path got past
    /// [`App::refuse_image_paths`]).
    fn options(&self, formats: Formats, pdf: PdfOptions) -> RenderOptions {
        let dir = self.assets_dir.clone().unwrap_or_default();
        RenderOptions {
            formats,
            pdf,
            assets_dir: Some(dir.clone()),
            images_root: Some(dir),
        }
    }

    /// Refuses every image path of `doc` that is not a `data:` URL and not
    /// a file inside the assets folder (any path when none is configured),
    /// each a problem at its JSON path. The answer is the same for a file
    /// outside the folder and for one that does not exist, and names no
    /// folder of the server.
    fn refuse_image_paths(&self, doc: &input::Document, lang: Lang) -> Result<(), ApiError> {
        let refused: Vec<Diagnostic> = crate::picture::image_sources(doc)
            .into_iter()
            .filter(|(source, _)| !crate::picture::is_data_url(source))
            .filter_map(|(source, path)| {
                let m = match &self.assets_dir {
                    None => crate::msg!("serve-image-no-assets", image = short(source)),
                    Some(dir) => match crate::picture::resolve(dir, dir, source) {
                        Some(_) => return None,
                        None => crate::msg!("serve-image-outside", image = short(source)),
                    },
                };
                Some(Diagnostic::new(path.as_str(), m))
            })
            .collect();
        match refused.is_empty() {
            true => Ok(()),
            false => Err(ApiError::problems(&refused, lang)),
        }
    }

    /// Parses and checks a document, refusing image paths.
    fn checked(&self, json: &[u8], lang: Lang) -> Result<input::Document, ApiError> {
        let doc = self
            .engine
            .check(json, FILE)
            .map_err(|e| ApiError::engine(&e, lang))?;
        self.refuse_image_paths(&doc, lang)?;
        Ok(doc)
    }
}

/// `POST /v1/render?format=pdf|docx|zip&standard=…`: the file.
pub(crate) async fn render(
    State(app): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = lang(&headers);
    let (output, pdf) = render_query(&uri, lang)?;
    let formats = output.formats();
    let limit = app.max_body;
    let (bytes, stem) = job(&app, lang, body, limit, output.ext(), move |app, json| {
        let doc = app.checked(&json, lang)?;
        let options = app.options(formats, pdf);
        let rendered = app
            .engine
            .render_checked(&doc, &json, FILE, &options)
            .map_err(|e| ApiError::engine(&e, lang))?;
        let stem = super::names::Stem::of(&doc);
        let bytes = match output {
            Output::Pdf => rendered.pdf.unwrap_or_default(),
            Output::Docx => rendered.docx.unwrap_or_default(),
            Output::Zip => super::names::zip(&stem, &rendered).map_err(|_| {
                ApiError::msg(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &crate::msg!("serve-internal"),
                    lang,
                )
            })?,
        };
        Ok((bytes, stem))
    })
    .await?;
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(output.content_type()),
        )],
        bytes,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&stem.content_disposition(output.ext())) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `POST /v1/validate`: 200 with no problems, 422 with every problem.
pub(crate) async fn validate(
    State(app): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = lang(&headers);
    let (output, pdf) = render_query(&uri, lang)?;
    let formats = output.formats();
    let limit = app.max_body;
    job(&app, lang, body, limit, "validate", move |app, json| {
        app.checked(&json, lang)?;
        app.engine
            .validate_with(&json, FILE, &app.options(formats, pdf))
            .map_err(|e| ApiError::engine(&e, lang))
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({"ok": true, "problems": []}),
    ))
}

/// `POST /v1/preview?page=N&dpi=D`: one page as PNG, the page count in
/// `X-Vanban-Pages`.
pub(crate) async fn preview(
    State(app): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = lang(&headers);
    let mut page = 1usize;
    let mut dpi = DEFAULT_DPI;
    for (name, value) in query(&uri, &["page", "dpi"], lang)? {
        if name == "page" {
            page = value
                .parse()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| bad_value(&name, &value, "1, 2, 3, …", lang))?;
        } else {
            dpi = value
                .parse()
                .ok()
                .filter(|d: &f32| (MIN_DPI..=MAX_DPI).contains(d))
                .ok_or_else(|| bad_value(&name, &value, "10 … 200", lang))?;
        }
    }
    let limit = app.max_body;
    let (png, pages) = job(&app, lang, body, limit, "png", move |app, json| {
        app.checked(&json, lang)?;
        let options = app.options(Formats::PDF, PdfOptions::default());
        let engine_error = |e: crate::Error| ApiError::engine(&e, lang);
        let pages = app
            .engine
            .pages(&json, FILE, &options)
            .map_err(engine_error)?;
        let one = crate::preview::page_of(&pages, page.saturating_sub(1)).map_err(engine_error)?;
        let png = crate::preview::png(one, app.engine.fonts(), dpi).map_err(engine_error)?;
        Ok((png, pages.len()))
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::HeaderName::from_static("x-vanban-pages"),
                HeaderValue::from(pages),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        png,
    )
        .into_response())
}

/// `POST /v1/import?name=FILE`: the raw file in, the document JSON and the
/// repairs and warnings out.
pub(crate) async fn import(
    State(app): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = lang(&headers);
    let mut options = crate::import::ImportOptions::default();
    for (name, value) in query(&uri, &["name", "kind", "encoding"], lang)? {
        match name.as_str() {
            // The format is told from the bytes; the name is for people.
            "name" => {}
            "kind" => options.kind = Some(value),
            _ => {
                use crate::import::Encoding;
                options.encoding = match value.to_ascii_lowercase().as_str() {
                    "auto" => Encoding::Auto,
                    "utf8" | "utf-8" => Encoding::Utf8,
                    "tcvn3" => Encoding::Tcvn3,
                    "vni" => Encoding::Vni,
                    _ => return Err(bad_value(&name, &value, "auto, utf8, tcvn3, vni", lang)),
                }
            }
        }
    }
    let limit = app.max_upload;
    let value = job(&app, lang, body, limit, "import", move |app, bytes| {
        let imported = crate::import::import_bytes_with(&bytes, &options, app.engine.limits())
            .map_err(|e| ApiError::engine(&e, lang))?;
        let repairs: Vec<String> = imported
            .repairs
            .iter()
            .map(|r| {
                crate::msg!(
                    "serve-import-repair",
                    line = r.line,
                    what = r.what.as_str(),
                    from = r.from.as_str(),
                    to = r.to.as_str()
                )
                .text(lang)
            })
            .collect();
        let warnings: Vec<serde_json::Value> = imported
            .warnings
            .iter()
            .map(|w| json!({"line": w.line, "message": w.message}))
            .collect();
        Ok(json!({
            "document": imported.json(),
            "encoding": imported.encoding,
            "repairs": repairs,
            "warnings": warnings,
        }))
    })
    .await?;
    Ok(json_response(StatusCode::OK, &value))
}
