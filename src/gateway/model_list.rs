//! `GET /v1/models`: the names a caller may send, in the caller's API shape.
//!
//! Listed, in order: the configured routes, the mock models, then `provider/model` for the
//! catalog's chat models of every provider that can be called (unless `list_catalog = false`) and
//! each provider's configured default model. OpenAI clients get `{"object": "list", "data":
//! [{id, object, created, owned_by}]}`; Anthropic clients (`anthropic-version` header) get
//! `{"data": [{type, id, display_name, created_at}], "has_more", "first_id", "last_id"}`.
//! `GET /v1/models/{id}` answers one entry of the same shape ([`one`]).

use super::config::GatewayConfig;
use super::providers::Providers;
use super::wire::ClientApi;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Value};

/// Mock models worth showing (any `mock/<name>` works; `reason`/`think` in it adds reasoning).
const MOCK_MODELS: [&str; 2] = ["mock/echo", "mock/reasoning"];

/// `(id, owner)` of every listed model, without duplicates.
pub fn entries(cfg: &GatewayConfig, providers: &Providers) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |id: String, owner: &str| {
        if !out.iter().any(|(i, _)| *i == id) {
            out.push((id, String::from(owner)));
        }
    };
    for r in &cfg.routes {
        push(r.name.clone(), "aster-gateway");
    }
    if cfg.mock.enabled {
        for m in MOCK_MODELS {
            push(String::from(m), "mock");
        }
    }
    for p in providers.available() {
        if let Some(m) = p.effective_model() {
            push(format!("{}/{m}", p.name), &p.name);
        }
        if cfg.list_catalog {
            // Chat models: this list feeds model pickers (the playground's among them), and an
            // embedding model there could only fail. Embedding models are called by name.
            for info in crate::models::list(p.kind.name()) {
                if !info.capabilities.embedding {
                    push(format!("{}/{}", p.name, info.id), &p.name);
                }
            }
        }
    }
    out
}

/// One model in `api`'s shape (the list entries and `GET /v1/models/{id}`).
pub fn entry(api: ClientApi, id: &str, owner: &str) -> Value {
    match api {
        ClientApi::OpenAi | ClientApi::Responses => {
            json!({"id": id, "object": "model", "created": 0, "owned_by": owner})
        }
        ClientApi::Anthropic => json!({"type": "model", "id": id, "display_name": id,
                                       "created_at": "1970-01-01T00:00:00Z"}),
    }
}

/// The response body for `api`.
pub fn body(api: ClientApi, cfg: &GatewayConfig, providers: &Providers) -> Value {
    let list = entries(cfg, providers);
    let data: Vec<Value> = list
        .iter()
        .map(|(id, owner)| entry(api, id, owner))
        .collect();
    match api {
        ClientApi::OpenAi | ClientApi::Responses => json!({"object": "list", "data": data}),
        ClientApi::Anthropic => json!({
            "data": data,
            "has_more": false,
            "first_id": list.first().map(|(i, _)| i.as_str()),
            "last_id": list.last().map(|(i, _)| i.as_str()),
        }),
    }
}

/// `GET /v1/models/{id}`: a listed model, or any name the gateway can route (a route,
/// `mock/<anything>`, `provider/model` of a configured provider); `None` for the rest.
pub fn one(api: ClientApi, id: &str, cfg: &GatewayConfig, providers: &Providers) -> Option<Value> {
    if let Some((i, owner)) = entries(cfg, providers).into_iter().find(|(i, _)| i == id) {
        return Some(entry(api, &i, &owner));
    }
    let targets = super::routes::resolve_model(id, cfg, providers, None).ok()?;
    let owner = match cfg.route(id) {
        Some(_) => "aster-gateway",
        None => targets
            .first()
            .map_or("aster-gateway", |t| t.provider.as_str()),
    };
    Some(entry(api, id, owner))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Env;

    #[test]
    fn lists_routes_mock_and_catalog() {
        let cfg = GatewayConfig::parse("[routes]\nfast = \"openai/gpt-4o-mini\"\n").unwrap();
        let env: Env = [("OPENAI_API_KEY".into(), "k".into())]
            .into_iter()
            .collect();
        let (p, _) = Providers::resolve(&cfg, &env).unwrap();
        let ids: Vec<String> = entries(&cfg, &p).into_iter().map(|(i, _)| i).collect();
        assert_eq!(ids[..3], ["fast", "mock/echo", "mock/reasoning"]);
        assert!(ids.iter().any(|i| i == "openai/gpt-4o"));
        assert!(!ids.iter().any(|i| i == "openai/text-embedding-3-small"));
        assert!(ids.iter().all(|i| !i.starts_with("anthropic/")));
        let v = body(ClientApi::Anthropic, &cfg, &p);
        assert_eq!(v["first_id"], "fast");
        assert_eq!(v["data"][1]["type"], "model");
        let m = one(ClientApi::OpenAi, "mock/anything", &cfg, &p).unwrap();
        assert_eq!(
            (m["id"].as_str(), m["owned_by"].as_str()),
            (Some("mock/anything"), Some("mock"))
        );
        assert_eq!(
            one(ClientApi::Anthropic, "fast", &cfg, &p).unwrap()["type"],
            "model"
        );
        assert!(one(ClientApi::OpenAi, "nope/x", &cfg, &p).is_none());
    }
}
