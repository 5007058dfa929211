//! One request through the gateway, up to the point where upstreams are called: CORS, routing,
//! the token, the body limit, parsing and model resolution. Sans-IO: the edge hands in the
//! request head, then (if asked to) the body, and sends what comes back.
//!
//! ```text
//! Gateway::begin(head) ─► Begin::Reply(reply)            preflight, /health, /v1/models, errors
//!                     └─► Begin::ReadBody(pending) ─► pending.finish(body, now) ─► Call │ Reply
//! ```
//!
//! Every reply carries the request id (`x-request-id`, and `request-id` for Anthropic
//! clients): the upstream's when there is one (set by [`Call`]), else the fresh one the edge
//! made for the request ([`RequestHead::request_id`]: the core has no randomness).

use super::auth::{self, AuthResult};
use super::config::GatewayConfig;
use super::cors::{self, Cors};
use super::model_list;
use super::providers::Providers;
use super::routes::{self, Endpoint};
use super::run::Call;
use super::wire::{ClientApi, Reply};
use crate::error::{ErrorKind, ProviderError};
use crate::http::Headers;
use crate::provider::Env;
use crate::retry::RetryConfig;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Value};

/// The head of an incoming request.
#[derive(Clone, Debug)]
pub struct RequestHead {
    /// Method (`GET`, `POST`, …).
    pub method: String,
    /// The full request URL (`https://host/path?query`), as the runtime reports it.
    pub url: String,
    /// Request headers.
    pub headers: Headers,
    /// A fresh id for this request (`req_…`), made by the edge; replies carry it unless the
    /// upstream gave its own.
    pub request_id: String,
}

/// What to do after the head.
#[derive(Debug)]
pub enum Begin {
    /// Answer with this, without reading the body.
    Reply(Reply),
    /// Read the body (at most [`Pending::limit`] bytes) and call [`Pending::finish`].
    ReadBody(Pending),
}

/// A generation request that passed every check on its head.
#[derive(Debug)]
pub struct Pending {
    api: ClientApi,
    /// `POST /v1/messages/count_tokens` rather than a generation.
    count: bool,
    /// `POST /v1/embeddings` (else a generation request).
    embed: bool,
    cors: Headers,
    limit: usize,
    request_id: String,
    gw: Rc<Ready>,
}

/// A configured gateway, ready to take requests.
#[derive(Debug)]
struct Ready {
    config: GatewayConfig,
    providers: Providers,
    /// `[retry]` of the configuration; `None`: each provider's default retry settings.
    retry: Option<RetryConfig>,
}

/// The gateway: configuration, providers and token. Build it once per Worker instance.
#[derive(Debug)]
pub struct Gateway {
    state: Result<Rc<Ready>, ProviderError>,
    token: Option<String>,
    warnings: Vec<String>,
}

/// Splits a URL into `scheme://authority` and the path (query and fragment dropped).
fn split_url(url: &str) -> (&str, &str) {
    let Some(scheme_end) = url.find("://") else {
        return ("", url.split(['?', '#']).next().unwrap_or("/"));
    };
    let rest = url.get(scheme_end + 3..).unwrap_or("");
    let auth_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = url.get(..scheme_end + 3 + auth_len).unwrap_or(url);
    let tail = rest.get(auth_len..).unwrap_or("");
    let path = tail.split(['?', '#']).next().unwrap_or("");
    (origin, if path.is_empty() { "/" } else { path })
}

fn error(kind: ErrorKind, status: u16, message: impl Into<String>) -> ProviderError {
    ProviderError::new(kind, message).with_status(status)
}

impl Gateway {
    /// A gateway configured by `config_text` (TOML or JSON, see [`GatewayConfig`]) with the
    /// Worker environment `env` (variables and secrets: the gateway token, provider keys).
    /// A bad configuration does not fail here: every API request then answers 500 with the
    /// reason, which is what an operator looking at the Worker sees first.
    pub fn new(config_text: &str, env: &Env) -> Gateway {
        let mut warnings = Vec::new();
        let state = GatewayConfig::parse(config_text).and_then(|config| {
            let (providers, w) = Providers::resolve(&config, env)?;
            warnings.extend(w);
            let retry = config.retry.clone();
            Ok(Rc::new(Ready {
                config,
                providers,
                retry,
            }))
        });
        let token = env
            .get(auth::TOKEN_ENV)
            .map(|t| String::from(t.trim()))
            .filter(|t| !t.is_empty());
        Gateway {
            state,
            token,
            warnings,
        }
    }

    /// Things the operator should know (providers without keys, ignored variables). Never
    /// contains a secret.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The configuration error, if the configuration could not be used.
    pub fn config_error(&self) -> Option<&ProviderError> {
        self.state.as_ref().err()
    }

    /// Handles a request head.
    pub fn begin(&self, head: &RequestHead) -> Begin {
        let (_, path) = split_url(&head.url);
        let ep = routes::endpoint(&head.method, path);
        let api = match ep {
            Endpoint::Generate(api) => api,
            Endpoint::CountTokens => ClientApi::Anthropic,
            Endpoint::Embeddings => ClientApi::OpenAi,
            _ if head.headers.get("anthropic-version").is_some() => ClientApi::Anthropic,
            _ => ClientApi::OpenAi,
        };
        match self.begin_at(head, ep, api) {
            Begin::Reply(mut r) => {
                api.set_request_id(&mut r.headers, &head.request_id);
                Begin::Reply(r)
            }
            b => b,
        }
    }

    fn begin_at(&self, head: &RequestHead, ep: Endpoint, api: ClientApi) -> Begin {
        let (self_origin, path) = split_url(&head.url);
        let allowed: &[String] = match &self.state {
            Ok(r) => &r.config.cors_origins,
            Err(_) => &[],
        };
        let verdict = cors::decide(head.headers.get("origin"), self_origin, allowed);
        let cors_headers = cors::reply_headers(&verdict);
        let fail = |e: ProviderError| Begin::Reply(api.error_reply(&e, &cors_headers));
        if verdict == Cors::Denied {
            let e = error(
                ErrorKind::AuthenticationError,
                403,
                "this origin may not call the gateway (add it to cors_origins)",
            );
            return fail(e);
        }
        let ready = match ep {
            Endpoint::Preflight => {
                let h = cors::preflight_headers(
                    &verdict,
                    head.headers.get("access-control-request-headers"),
                );
                return Begin::Reply(Reply::empty(204, h));
            }
            Endpoint::Health => {
                return Begin::Reply(Reply::json(200, &json!({"status": "ok"}), &cors_headers))
            }
            Endpoint::NotFound => {
                return fail(error(
                    ErrorKind::InvalidRequest,
                    404,
                    format!("no route for {} {}", short(&head.method), short(path)),
                ))
            }
            Endpoint::MethodNotAllowed(allow) => {
                let e = error(
                    ErrorKind::InvalidRequest,
                    405,
                    format!(
                        "{} is not allowed here (allowed: {allow})",
                        short(&head.method)
                    ),
                );
                let mut r = api.error_reply(&e, &cors_headers);
                r.headers.set("allow", allow);
                return Begin::Reply(r);
            }
            Endpoint::Generate(_)
            | Endpoint::CountTokens
            | Endpoint::Embeddings
            | Endpoint::Models
            | Endpoint::Model(_) => match &self.state {
                Ok(r) => r,
                Err(e) => return fail(e.clone().with_status(500)),
            },
        };
        if let Some(e) = self.token_error(&head.headers) {
            return fail(e);
        }
        let count = match &ep {
            Endpoint::Generate(_) | Endpoint::Embeddings => false,
            Endpoint::CountTokens => true,
            Endpoint::Model(id) => {
                return match model_list::one(api, id, &ready.config, &ready.providers) {
                    Some(body) => Begin::Reply(Reply::json(200, &body, &cors_headers)),
                    None => fail(error(
                        ErrorKind::ModelNotFound,
                        404,
                        format!("model `{}` is not known to this gateway", short(id)),
                    )),
                };
            }
            _ => {
                let body = model_list::body(api, &ready.config, &ready.providers);
                return Begin::Reply(Reply::json(200, &body, &cors_headers));
            }
        };
        let limit = ready.config.max_body_bytes;
        if let Some(e) = length_error(head.headers.get("content-length"), limit) {
            return fail(e);
        }
        Begin::ReadBody(Pending {
            api,
            count,
            embed: ep == Endpoint::Embeddings,
            cors: cors_headers,
            limit,
            request_id: head.request_id.clone(),
            gw: Rc::clone(ready),
        })
    }

    /// Why the request may not use the gateway, if it may not: the gateway token unset or too
    /// short (the operator's error, 500), or missing or wrong in the request (401).
    fn token_error(&self, headers: &Headers) -> Option<ProviderError> {
        let Some(t) = self.token.as_deref() else {
            return Some(error(
                ErrorKind::Config,
                500,
                format!(
                    "the gateway token is not set: set the {} secret",
                    auth::TOKEN_ENV
                ),
            ));
        };
        if t.len() < auth::MIN_TOKEN_LEN {
            return Some(error(
                ErrorKind::Config,
                500,
                format!(
                    "the gateway token is too short: {} needs at least {} characters",
                    auth::TOKEN_ENV,
                    auth::MIN_TOKEN_LEN
                ),
            ));
        }
        match auth::check(t, headers) {
            AuthResult::Ok => None,
            AuthResult::Missing => Some(error(
                ErrorKind::AuthenticationError,
                401,
                "missing gateway token: send `Authorization: Bearer <token>` or \
                 `x-api-key: <token>`",
            )),
            AuthResult::Wrong => Some(error(
                ErrorKind::AuthenticationError,
                401,
                "invalid gateway token",
            )),
        }
    }
}

/// A declared `Content-Length` the gateway refuses before reading: larger than `limit` (413)
/// or not a number (400).
fn length_error(declared: Option<&str>, limit: usize) -> Option<ProviderError> {
    match declared?.trim().parse::<u64>() {
        Ok(n) if n > limit as u64 => Some(too_large(limit)),
        Ok(_) => None,
        Err(_) => Some(error(
            ErrorKind::InvalidRequest,
            400,
            "invalid Content-Length",
        )),
    }
}

fn short(s: &str) -> String {
    s.chars().take(100).collect()
}

fn too_large(limit: usize) -> ProviderError {
    error(
        ErrorKind::InvalidRequest,
        413,
        format!("request body is larger than this gateway accepts ({limit} bytes)"),
    )
}

impl Pending {
    /// The most body bytes to read: one more means 413 ([`Pending::too_large`]).
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// An error reply with this request's id.
    fn error_reply(&self, e: &ProviderError) -> Reply {
        let mut r = self.api.error_reply(e, &self.cors);
        self.api.set_request_id(&mut r.headers, &self.request_id);
        r
    }

    /// The reply when the body turned out larger than the limit while it was read.
    pub fn too_large(&self) -> Reply {
        self.error_reply(&too_large(self.limit))
    }

    /// The reply when the body could not be read (the client went away, say).
    pub fn unreadable(&self, message: &str) -> Reply {
        let e = error(
            ErrorKind::InvalidRequest,
            400,
            format!("request body: {message}"),
        );
        self.error_reply(&e)
    }

    /// Parses the body and resolves the model; `now_unix_ms` dates the response.
    pub fn finish(self, body: &[u8], now_unix_ms: u64) -> Result<Call, Reply> {
        if body.len() > self.limit {
            return Err(self.too_large());
        }
        let fail = |e: ProviderError| self.error_reply(&e);
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            fail(error(
                ErrorKind::InvalidRequest,
                400,
                format!(
                    "request body is not valid JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            ))
        })?;
        if self.embed {
            let inbound = super::embed::parse(&value).map_err(|e| fail(e.with_status(400)))?;
            let targets = routes::resolve_model(
                &inbound.model,
                &self.gw.config,
                &self.gw.providers,
                self.gw.retry.as_ref(),
            )
            .map_err(fail)?;
            let mut call =
                Call::embeddings(inbound, targets, self.cors.clone(), now_unix_ms / 1000);
            call.set_request_id(&self.request_id, false);
            return Ok(call);
        }
        let parsed = if self.count {
            crate::format::anthropic::parse_count_tokens(&value)
        } else {
            self.api.parse(&value)
        };
        let inbound = parsed.map_err(|e| {
            let status = e.status.unwrap_or(400);
            fail(e.with_status(status))
        })?;
        let targets = routes::resolve_model(
            &inbound.model,
            &self.gw.config,
            &self.gw.providers,
            self.gw.retry.as_ref(),
        )
        .map_err(fail)?;
        let mut call = Call::new(
            self.api,
            inbound,
            targets,
            self.cors.clone(),
            now_unix_ms / 1000,
        );
        call.set_request_id(&self.request_id, self.count);
        Ok(call)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        assert_eq!(
            split_url("http://127.0.0.1:8787/v1/models?x=1"),
            ("http://127.0.0.1:8787", "/v1/models")
        );
        assert_eq!(split_url("https://a.b"), ("https://a.b", "/"));
        assert_eq!(split_url("https://a.b?q"), ("https://a.b", "/"));
        assert_eq!(split_url("/health"), ("", "/health"));
    }
}
