//! The kind travels, the name labels: a provider configured under another name (a gateway
//! section, say) encodes, retries, reads usage and prices exactly as its kind does. And the
//! OpenAI-compatible presets: detected from their key variables, at their documented URLs,
//! their usage quirks read from recorded streams, priced from the catalog.

use crate::common::script::{drain, Fake, Script, Step};
use crate::common::{corpus_dir, CANARY_KEY as CANARY};
use aster::chunk::{Chunk, Usage};
use aster::client::{Backend, Client, Endpoint, ProviderEndpoint};
use aster::message::{Message, Request};
use aster::provider::detect::detect_env;
use aster::provider::env::fill_from_env;
use aster::provider::mock::MockConfig;
use aster::provider::{resolve_target, Env, ProviderConfig, ProviderKind};
use aster::retry::RetryConfig;
use std::rc::Rc;

fn env(pairs: &[(&str, &str)]) -> Env {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A recorded Chat Completions stream saved as one event per line → its SSE body.
fn chunks_as_sse(rel: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(corpus_dir().join("chunks").join(rel)).unwrap();
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str("data: ");
        out.push_str(line);
        out.push_str("\n\n");
    }
    out.push_str("data: [DONE]\n\n");
    out.into_bytes()
}

fn cassette(rel: &str) -> Vec<u8> {
    std::fs::read(corpus_dir().join("cassettes").join(rel)).unwrap()
}

/// Streams `body` from `cfg` over the scripted transport: the chunks and the request sent.
fn run(cfg: ProviderConfig, body: &[u8]) -> (Vec<Chunk>, aster::http::HttpRequest) {
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().push_back(Step::Respond {
        status: 200,
        headers: vec![("content-type", "text/event-stream".into())],
        pieces: body.chunks(97).map(<[u8]>::to_vec).collect(),
        then: None,
    });
    let client = Client::new(
        Backend::from_config(cfg, None, MockConfig::default()),
        Fake(script.clone()),
    );
    let req = Request {
        messages: vec![Message::user("Hello")],
        max_tokens: Some(100),
        ..Request::default()
    };
    let (chunks, err) = drain(client.stream(req));
    assert!(err.is_none(), "{err:?}");
    let sent = script.sent.borrow()[0].clone();
    (chunks, sent)
}

fn usage_of(chunks: &[Chunk]) -> Usage {
    chunks
        .iter()
        .find_map(|c| match c {
            Chunk::Usage(u) => Some(u.clone()),
            _ => None,
        })
        .expect("a usage chunk")
}

/// The chunks with the configured name (a label) taken out of the metadata.
fn unlabelled(chunks: &[Chunk]) -> Vec<Chunk> {
    chunks
        .iter()
        .cloned()
        .map(|mut c| {
            if let Chunk::Metadata { provider, .. } = &mut c {
                *provider = String::new();
            }
            c
        })
        .collect()
}

#[test]
fn a_section_of_kind_openai_under_another_name_behaves_as_openai() {
    let body = cassette("openai/test_openai_moderation_stream/00/body.sse");
    let openai = ProviderConfig::new(ProviderKind::OpenAi)
        .with_api_key(CANARY)
        .with_model("gpt-4o");
    // What the gateway makes of `[providers.work-openai] type = "openai"`.
    let mut work = openai.clone();
    work.name = "work-openai".into();

    // Retry defaults: the kind's (OpenAI: 4 retries), not the general default.
    let retry = ProviderEndpoint::new(work.clone(), None).retry_config();
    assert_eq!(
        retry,
        ProviderEndpoint::new(openai.clone(), None).retry_config()
    );
    assert_eq!(retry.max_retries, 4);

    let (a, sent_a) = run(openai, &body);
    let (b, sent_b) = run(work, &body);
    // The same body (OpenAI's dialect: `max_completion_tokens`), usage and price.
    assert_eq!(sent_a.body, sent_b.body);
    let v: serde_json::Value = serde_json::from_slice(&sent_b.body).unwrap();
    assert!(v.get("max_completion_tokens").is_some(), "{v}");
    assert_eq!(unlabelled(&a), unlabelled(&b));
    let u = usage_of(&b);
    assert!(u.total_cost.is_some_and(|c| c > 0.0), "{u:?}");
    // The name still labels.
    assert!(b
        .iter()
        .any(|c| matches!(c, Chunk::Metadata { provider, .. } if provider == "work-openai")));
}

/// Each preset: its key variable selects it, at its documented URL, with its default model,
/// which the catalog prices (the recorded streams below name models the catalog has retired).
#[test]
fn presets_are_detected_from_their_key_variables() {
    let cases = [
        (
            "GROQ_API_KEY",
            ProviderKind::Groq,
            "https://api.groq.com/openai/v1/chat/completions",
        ),
        (
            "DEEPSEEK_API_KEY",
            ProviderKind::DeepSeek,
            "https://api.deepseek.com/chat/completions",
        ),
        (
            "TOGETHER_API_KEY",
            ProviderKind::Together,
            "https://api.together.xyz/v1/chat/completions",
        ),
        (
            "FIREWORKS_API_KEY",
            ProviderKind::Fireworks,
            "https://api.fireworks.ai/inference/v1/chat/completions",
        ),
        (
            "CEREBRAS_API_KEY",
            ProviderKind::Cerebras,
            "https://api.cerebras.ai/v1/chat/completions",
        ),
        (
            "PERPLEXITY_API_KEY",
            ProviderKind::Perplexity,
            "https://api.perplexity.ai/chat/completions",
        ),
    ];
    for (var, kind, url) in cases {
        let found = detect_env(&env(&[(var, "k")])).unwrap().expect(var);
        assert_eq!(found.provider.kind, kind);
        assert_eq!(found.provider.api_key.as_ref().unwrap().expose(), "k");
        let t = resolve_target(&found.provider, None, true).unwrap();
        assert_eq!(t.url, url, "{var}");
        let model = kind.info().default_model.unwrap();
        assert_eq!(t.model, model);
        // The default model is in the catalog (priced) where LiteLLM lists the provider.
        let catalog = kind.info().catalog.unwrap();
        assert!(aster::models::PROVIDERS.contains(&catalog));
        assert!(
            aster::models::lookup(kind.name(), model).is_some_and(|m| m.price.is_some()),
            "{}: {model} is not priced",
            kind.name()
        );
    }
}

#[test]
fn groq_usage_comes_from_x_groq() {
    let cfg = ProviderConfig::new(ProviderKind::Groq)
        .with_api_key(CANARY)
        .with_model("llama-3.3-70b-versatile");
    let (chunks, sent) = run(cfg, &chunks_as_sse("groq/groq-text.chunks.txt"));
    assert_eq!(sent.url, "https://api.groq.com/openai/v1/chat/completions");
    let u = usage_of(&chunks);
    assert_eq!(
        (u.input_tokens, u.output_tokens, u.estimated),
        (45, 662, false)
    );
}

#[test]
fn deepseek_usage_reads_its_cache_fields() {
    let cfg = ProviderConfig::new(ProviderKind::DeepSeek)
        .with_api_key(CANARY)
        .with_model("deepseek-reasoner");
    let body = cassette("deepseek/test_deepseek_model_thinking_stream/00/body.sse");
    let (chunks, sent) = run(cfg, &body);
    assert_eq!(sent.url, "https://api.deepseek.com/chat/completions");
    let u = usage_of(&chunks);
    // `prompt_cache_hit_tokens` 0 + `prompt_cache_miss_tokens` 6; 212 generated, 198 reasoning.
    assert_eq!(
        (
            u.input_tokens,
            u.cache_read_tokens,
            u.output_tokens,
            u.reasoning_tokens
        ),
        (6, 0, 212, 198)
    );
    // DeepSeek's reasoning is streamed as `reasoning_content`.
    assert!(chunks.iter().any(|c| matches!(c, Chunk::Reasoning { .. })));
}

/// Every `*_BASE_URL` variable has the meaning it has for the provider's own SDK: a host for
/// Anthropic, Mistral, Groq, Cerebras (the SDK adds the version path); a URL with the version
/// path for OpenAI, OpenRouter, xAI, Together; Perplexity and DeepSeek have none. Both
/// spellings work where an SDK adds a path.
#[test]
fn base_url_variables_mean_what_the_providers_sdks_mean() {
    let cases = [
        (
            ProviderKind::OpenAi,
            "OPENAI_BASE_URL",
            "https://h.example/v1",
            "https://h.example/v1/chat/completions",
        ),
        (
            ProviderKind::Anthropic,
            "ANTHROPIC_BASE_URL",
            "https://h.example",
            "https://h.example/v1/messages",
        ),
        (
            ProviderKind::Anthropic,
            "ANTHROPIC_BASE_URL",
            "https://h.example/v1",
            "https://h.example/v1/messages",
        ),
        (
            ProviderKind::Mistral,
            "MISTRAL_BASE_URL",
            "https://h.example",
            "https://h.example/v1/chat/completions",
        ),
        (
            ProviderKind::OpenRouter,
            "OPENROUTER_BASE_URL",
            "https://h.example/api/v1",
            "https://h.example/api/v1/chat/completions",
        ),
        (
            ProviderKind::Xai,
            "XAI_BASE_URL",
            "https://h.example/v1",
            "https://h.example/v1/chat/completions",
        ),
        (
            ProviderKind::LiteLlm,
            "LITELLM_PROXY_API_BASE",
            "https://h.example",
            "https://h.example/chat/completions",
        ),
        (
            ProviderKind::Groq,
            "GROQ_BASE_URL",
            "https://h.example",
            "https://h.example/openai/v1/chat/completions",
        ),
        (
            ProviderKind::Groq,
            "GROQ_BASE_URL",
            "https://h.example/openai/v1",
            "https://h.example/openai/v1/chat/completions",
        ),
        (
            ProviderKind::Cerebras,
            "CEREBRAS_BASE_URL",
            "https://h.example",
            "https://h.example/v1/chat/completions",
        ),
        (
            ProviderKind::DeepSeek,
            "DEEPSEEK_BASE_URL",
            "https://h.example",
            "https://h.example/chat/completions",
        ),
        (
            ProviderKind::Together,
            "TOGETHER_BASE_URL",
            "https://h.example/v1",
            "https://h.example/v1/chat/completions",
        ),
        (
            ProviderKind::Perplexity,
            "PERPLEXITY_BASE_URL",
            "https://h.example",
            "https://h.example/chat/completions",
        ),
        // LiteLLM's second spelling, the proxy's address.
        (
            ProviderKind::LiteLlm,
            "LITELLM_BASE_URL",
            "http://localhost:4000",
            "http://localhost:4000/chat/completions",
        ),
        // Snowflake's REST base, with its Cortex path, as its docs write it.
        (
            ProviderKind::Snowflake,
            "SNOWFLAKE_BASE_URL",
            "https://h.example/api/v2/cortex/v1",
            "https://h.example/api/v2/cortex/v1/chat/completions",
        ),
        // `host[:port]`, as the Ollama CLI reads it.
        (
            ProviderKind::Ollama,
            "OLLAMA_HOST",
            "h.example:11434",
            "http://h.example:11434/api/chat",
        ),
    ];
    let mut covered = std::collections::BTreeSet::new();
    for (kind, var, value, url) in cases {
        let mut cfg = ProviderConfig::new(kind).with_api_key("k");
        fill_from_env(&mut cfg, &env(&[(var, value)])).unwrap();
        let t = resolve_target(&cfg, Some("m"), true).unwrap();
        assert_eq!(t.url, url, "{var}={value}");
        covered.insert(var);
    }
    // Every base-URL variable of every kind is pinned above.
    for kind in ProviderKind::ALL {
        for var in kind.info().base_url_env {
            assert!(covered.contains(var), "{var} has no test");
        }
    }
}

/// The table lists every variable any kind reads (the one list `scripts/dev.mjs` copies).
#[test]
fn the_table_lists_every_variable_read() {
    let all = ProviderKind::all_env_vars();
    for v in [
        "GROQ_API_KEY",
        "DEEPSEEK_API_KEY",
        "TOGETHER_API_KEY",
        "FIREWORKS_API_KEY",
        "CEREBRAS_API_KEY",
        "PERPLEXITY_API_KEY",
        "GOOGLE_PRIVATE_KEY_ID",
        "AZURE_OPENAI_DEPLOYMENT",
        "OPENAI_API_VERSION",
        "SAGEMAKER_ENDPOINT_NAME",
        "OLLAMA_HOST",
        "SNOWFLAKE_TOKEN_TYPE",
    ] {
        assert!(all.contains(&v), "{v}");
    }
    let mut sorted = all.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), all.len(), "each once");
}

/// Retry defaults travel with the kind: the row's, under any name.
#[test]
fn retry_defaults_are_the_kinds() {
    for kind in ProviderKind::ALL {
        let mut cfg = ProviderConfig::new(kind);
        cfg.name = "renamed".into();
        assert_eq!(
            ProviderEndpoint::new(cfg, None).retry_config(),
            *kind.info().retry,
            "{}",
            kind.name()
        );
    }
    assert!(ProviderKind::Ollama.info().retry.retry_all_errors);
    assert_eq!(ProviderKind::GcpVertexAi.info().retry.max_retries, 4);
    assert_eq!(RetryConfig::for_provider("gemini").initial_delay_ms, 2_000);
}

/// A host's own request-id header (LiteLLM's `x-litellm-call-id`) reaches `requestId`, before
/// an upstream id the proxy passes through.
#[test]
fn litellm_call_ids_reach_request_id() {
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().push_back(Step::Respond {
        status: 400,
        headers: vec![
            ("x-request-id", "upstream-id".into()),
            ("x-litellm-call-id", "c0ffee-call".into()),
        ],
        pieces: vec![br#"{"error":{"message":"bad","type":"invalid_request_error"}}"#.to_vec()],
        then: None,
    });
    let cfg = ProviderConfig::new(ProviderKind::LiteLlm).with_model("gpt-4o");
    let client = Client::new(
        Backend::from_config(cfg, Some(RetryConfig::none()), MockConfig::default()),
        Fake(script.clone()),
    );
    let req = Request {
        messages: vec![Message::user("Hello")],
        ..Request::default()
    };
    let (_, err) = drain(client.stream(req));
    let err = err.expect("an error");
    assert_eq!(err.request_id.as_deref(), Some("c0ffee-call"));
    // Other kinds keep the usual headers.
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().push_back(Step::Respond {
        status: 400,
        headers: vec![
            ("x-request-id", "upstream-id".into()),
            ("x-litellm-call-id", "c0ffee-call".into()),
        ],
        pieces: vec![b"{}".to_vec()],
        then: None,
    });
    let cfg = ProviderConfig::new(ProviderKind::OpenAi)
        .with_api_key("k")
        .with_model("gpt-4o");
    let client = Client::new(
        Backend::from_config(cfg, Some(RetryConfig::none()), MockConfig::default()),
        Fake(script.clone()),
    );
    let (_, err) = drain(client.stream(Request {
        messages: vec![Message::user("Hello")],
        ..Request::default()
    }));
    assert_eq!(err.unwrap().request_id.as_deref(), Some("upstream-id"));
}

/// Azure: API versions before 2024-09-01 know only `max_tokens` (openai/openai-python#1724);
/// later ones and the v1 route take `max_completion_tokens`.
#[test]
fn azure_chooses_the_max_tokens_field_by_api_version() {
    let req = Request {
        messages: vec![Message::user("Hi")],
        max_tokens: Some(64),
        ..Request::default()
    };
    for (version, field, url) in [
        (Some("2024-06-01"), "max_tokens", "https://r.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01"),
        (Some("2024-08-01-preview"), "max_tokens", "https://r.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-08-01-preview"),
        (Some("2024-10-21"), "max_completion_tokens", "https://r.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"),
        (Some("2025-04-01-preview"), "max_completion_tokens", "https://r.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2025-04-01-preview"),
        (None, "max_completion_tokens", "https://r.openai.azure.com/openai/v1/chat/completions"),
    ] {
        let mut cfg = ProviderConfig::new(ProviderKind::Azure)
            .with_api_key("k")
            .with_model("gpt-4o");
        cfg.endpoint = Some("https://r.openai.azure.com".into());
        cfg.api_version = version.map(String::from);
        let built = aster::provider::build_request(&cfg, &req, true, crate::providers::now()).unwrap();
        assert_eq!(built.http.url, url);
        let body: serde_json::Value = serde_json::from_slice(&built.http.body).unwrap();
        assert_eq!(body[field], 64, "{version:?}: {body}");
        let other = if field == "max_tokens" { "max_completion_tokens" } else { "max_tokens" };
        assert!(body.get(other).is_none(), "{version:?}: {body}");
    }
}

/// The README documents every base-URL variable the table reads (with its SDK meaning).
#[test]
fn the_readme_documents_every_base_url_variable() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for kind in ProviderKind::ALL {
        for var in kind.info().base_url_env {
            assert!(
                readme.contains(&format!("`{var}`")),
                "{var} is not in the README"
            );
        }
    }
}

/// Host rules follow the kind, not the name: a DeepSeek section under another name replays
/// reasoning as `reasoning_content` and warns about the reasoning setting, as `deepseek` does;
/// an xAI section replays xAI's encrypted reasoning in the Responses API.
#[test]
fn host_rules_follow_the_kind_under_another_name() {
    use aster::provider::{build_request, Api, Timestamp};
    let req = aster::message::parse_request(&serde_json::json!({
        "messages": [
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": [
                {"type": "thinking", "thinking": "Let me think.", "signature": "s"},
                {"type": "redacted_thinking", "data": "xai-encrypted-blob"},
                {"type": "text", "text": "Hello"}]},
            {"role": "user", "content": "Again"}],
        "reasoning": {"effort": "high"},
    }))
    .unwrap();
    let body = |cfg: &ProviderConfig| {
        let b = build_request(cfg, &req, true, Timestamp::from_unix_secs(1_764_000_000)).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&b.http.body).unwrap();
        (v, b.warnings)
    };
    for (kind, api) in [
        (ProviderKind::DeepSeek, Api::Chat),
        (ProviderKind::Xai, Api::Responses),
    ] {
        let mut own = ProviderConfig::new(kind).with_api_key("k").with_model("m");
        own.api = Some(api);
        let mut named = own.clone();
        named.name = "work-llm".into();
        let (a, wa) = body(&own);
        let (b, wb) = body(&named);
        assert_eq!(a, b, "{kind:?}");
        assert_eq!(wa, wb, "{kind:?}");
    }
    let mut ds = ProviderConfig::new(ProviderKind::DeepSeek)
        .with_api_key("k")
        .with_model("m");
    ds.name = "work-deepseek".into();
    let (v, w) = body(&ds);
    assert_eq!(
        v["messages"][1]["reasoning_content"], "Let me think.",
        "{v}"
    );
    assert!(v.get("reasoning_effort").is_none(), "{v}");
    assert!(w.iter().any(|w| w.setting == "reasoning"), "{w:?}");
    let mut xai = ProviderConfig::new(ProviderKind::Xai)
        .with_api_key("k")
        .with_model("m");
    xai.name = "work-grok".into();
    xai.api = Some(Api::Responses);
    let (v, _) = body(&xai);
    assert!(
        v.to_string().contains("xai-encrypted-blob"),
        "xAI's own encrypted reasoning is replayed: {v}"
    );
}
