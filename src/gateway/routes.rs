//! Routing: the request path to an endpoint, and a model name to its `provider/model`
//! targets.
//!
//! A model name resolves, in order: a configured route (alias or fallback list), then
//! `provider/model` for a provider the gateway has. The provider part picks an operator
//! configured provider, never a host: there is no way for a caller to name a URL.

use super::config::{GatewayConfig, MockSettings};
use super::providers::Providers;
use super::upstream::Target;
use super::wire::ClientApi;
use crate::error::{ErrorKind, ProviderError, Result};
use crate::retry::RetryConfig;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// What a request path and method ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST /v1/chat/completions`, `POST /v1/responses` or `POST /v1/messages`.
    Generate(ClientApi),
    /// `POST /v1/messages/count_tokens`.
    CountTokens,
    /// `POST /v1/embeddings`.
    Embeddings,
    /// `GET /v1/models`.
    Models,
    /// `GET /v1/models/{id}` (the id percent-decoded: it holds a `/`).
    Model(String),
    /// `GET /health`.
    Health,
    /// A CORS preflight (`OPTIONS` on an API path).
    Preflight,
    /// A known path with the wrong method; the value is the `Allow` header.
    MethodNotAllowed(&'static str),
    /// Anything else.
    NotFound,
}

/// Routes `method` + `path` (without the query string).
pub fn endpoint(method: &str, path: &str) -> Endpoint {
    let path = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    };
    let (allow, ep) = match path {
        "/v1/chat/completions" => ("POST", Endpoint::Generate(ClientApi::OpenAi)),
        "/v1/responses" => ("POST", Endpoint::Generate(ClientApi::Responses)),
        "/v1/messages" => ("POST", Endpoint::Generate(ClientApi::Anthropic)),
        "/v1/messages/count_tokens" => ("POST", Endpoint::CountTokens),
        "/v1/embeddings" => ("POST", Endpoint::Embeddings),
        "/v1/models" => ("GET", Endpoint::Models),
        "/health" => ("GET", Endpoint::Health),
        _ => match path.strip_prefix("/v1/models/").map(percent_decode) {
            Some(Some(id)) if !id.is_empty() => ("GET", Endpoint::Model(id)),
            _ => return Endpoint::NotFound,
        },
    };
    if method.eq_ignore_ascii_case("OPTIONS") {
        Endpoint::Preflight
    } else if method.eq_ignore_ascii_case(allow)
        || (allow == "GET" && method.eq_ignore_ascii_case("HEAD"))
    {
        ep
    } else {
        Endpoint::MethodNotAllowed(if allow == "POST" {
            "POST, OPTIONS"
        } else {
            "GET, HEAD, OPTIONS"
        })
    }
}

/// `%XX` escapes decoded (clients encode the `/` of `provider/model` in a path segment);
/// `None` when the result is not UTF-8 or an escape is malformed.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = core::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_found(message: String) -> ProviderError {
    ProviderError::new(ErrorKind::ModelNotFound, message).with_status(404)
}

fn short(s: &str) -> String {
    s.chars().take(120).collect()
}

/// The targets serving the model name `name`, in fallback order.
pub fn resolve_model(
    name: &str,
    cfg: &GatewayConfig,
    providers: &Providers,
    retry: Option<&RetryConfig>,
) -> Result<Vec<Target>> {
    let names: Vec<&str> = match cfg.route(name) {
        Some(r) => r.targets.iter().map(String::as_str).collect(),
        None => alloc::vec![name],
    };
    let mut out = Vec::with_capacity(names.len());
    let mut first_err = None;
    for n in names {
        match target(n, &cfg.mock, providers, retry) {
            Ok(t) => out.push(t),
            // A route may list a provider this deployment lacks: skip it, keep the others.
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match (out.is_empty(), first_err) {
        (true, Some(e)) => Err(e),
        (true, None) => Err(not_found(format!("model `{}` has no targets", short(name)))),
        _ => Ok(out),
    }
}

fn target(
    name: &str,
    mock: &MockSettings,
    providers: &Providers,
    retry: Option<&RetryConfig>,
) -> Result<Target> {
    let Some((provider, model)) = name
        .split_once('/')
        .filter(|(p, m)| !p.is_empty() && !m.is_empty() && !m.chars().any(char::is_control))
    else {
        return Err(not_found(format!(
            "model `{}` is not known to this gateway: use `provider/model` (e.g. `mock/echo`) \
             or a configured route; GET /v1/models lists them",
            short(name)
        )));
    };
    if provider.eq_ignore_ascii_case(crate::provider::mock::PROVIDER_NAME) && mock.enabled {
        return Ok(Target::mock(model, mock.delay_ms, mock.chunk_size));
    }
    match providers.get(provider) {
        Some(k) => match &k.unavailable {
            None => Ok(Target::http(&k.cfg, model, retry)),
            Some(why) => Err(not_found(why.clone())),
        },
        None => Err(not_found(format!(
            "provider `{}` is not configured on this gateway (its key is not set)",
            short(provider)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Env;

    #[test]
    fn endpoints() {
        assert_eq!(
            endpoint("POST", "/v1/chat/completions"),
            Endpoint::Generate(ClientApi::OpenAi)
        );
        assert_eq!(
            endpoint("post", "/v1/messages/"),
            Endpoint::Generate(ClientApi::Anthropic)
        );
        assert_eq!(endpoint("GET", "/v1/models"), Endpoint::Models);
        assert_eq!(endpoint("POST", "/v1/embeddings"), Endpoint::Embeddings);
        assert_eq!(endpoint("HEAD", "/health"), Endpoint::Health);
        assert_eq!(endpoint("OPTIONS", "/v1/messages"), Endpoint::Preflight);
        assert_eq!(
            endpoint("GET", "/v1/messages"),
            Endpoint::MethodNotAllowed("POST, OPTIONS")
        );
        assert_eq!(endpoint("GET", "/v1/other"), Endpoint::NotFound);
        assert_eq!(
            endpoint("POST", "/v1/responses"),
            Endpoint::Generate(ClientApi::Responses)
        );
        assert_eq!(
            endpoint("POST", "/v1/messages/count_tokens"),
            Endpoint::CountTokens
        );
        assert_eq!(
            endpoint("GET", "/v1/models/mock%2Fecho"),
            Endpoint::Model("mock/echo".into())
        );
        assert_eq!(
            endpoint("GET", "/v1/models/openai/gpt-4o"),
            Endpoint::Model("openai/gpt-4o".into())
        );
        assert_eq!(endpoint("GET", "/v1/models/%zz"), Endpoint::NotFound);
        assert_eq!(endpoint("GET", "/"), Endpoint::NotFound);
    }

    fn setup(toml: &str, env: &[(&str, &str)]) -> (GatewayConfig, Providers) {
        let cfg = GatewayConfig::parse(toml).unwrap();
        let env: Env = env
            .iter()
            .map(|(k, v)| (String::from(*k), String::from(*v)))
            .collect();
        let (p, _) = Providers::resolve(&cfg, &env).unwrap();
        (cfg, p)
    }

    fn names(ts: &[Target]) -> Vec<String> {
        ts.iter()
            .map(|t| format!("{}/{}", t.provider, t.model))
            .collect()
    }

    #[test]
    fn models_resolve_through_routes_and_prefixes() {
        let (cfg, p) = setup(
            "[routes]\nfast = \"openai/gpt-4o-mini\"\nsmart = [\"google/gemini-2.5-pro\", \"openai/gpt-4o\", \"mock/echo\"]\n",
            &[("OPENAI_API_KEY", "k")],
        );
        let r = Some(&RetryConfig::default());
        assert_eq!(
            names(&resolve_model("fast", &cfg, &p, r).unwrap()),
            ["openai/gpt-4o-mini"]
        );
        // google has no key here: skipped, the rest kept in order.
        assert_eq!(
            names(&resolve_model("smart", &cfg, &p, r).unwrap()),
            ["openai/gpt-4o", "mock/echo"]
        );
        assert_eq!(
            names(&resolve_model("mock/anything at all", &cfg, &p, r).unwrap()),
            ["mock/anything at all"]
        );
        assert_eq!(
            names(&resolve_model("openai/gpt-4.1", &cfg, &p, r).unwrap()),
            ["openai/gpt-4.1"]
        );
        let e = resolve_model("gpt-4o", &cfg, &p, r).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::ModelNotFound, Some(404)));
        let e = resolve_model("anthropic/claude", &cfg, &p, r).unwrap_err();
        assert!(e.message.contains("not configured"), "{}", e.message);
        // A URL is just an unknown provider name.
        assert!(resolve_model("http://evil.test/v1", &cfg, &p, r).is_err());
    }

    #[test]
    fn mock_can_be_disabled() {
        let (cfg, p) = setup("[mock]\nenabled = false\n", &[]);
        assert!(resolve_model("mock/echo", &cfg, &p, None).is_err());
    }
}
