//! Embeddings (`aster::embed`): each provider's request (URL, auth, body) as its API documents
//! it, each wire shape decoded from a documentation-built fixture (`tests/fixtures/embed`),
//! providers without embeddings refused by name, and the client loop (`embed/client.rs`):
//! batches split and rejoined in order, faults retried as for chat, usage and cost.

use crate::common::CANARY_KEY as CANARY;
use aster::embed::{self, EmbedRequest, InputType, Shape};
use aster::error::ErrorKind;
use aster::http::Headers;
use aster::provider::sigv4::AwsCredentials;
use aster::provider::{Api, ProviderConfig, ProviderKind, Secret, Timestamp};
use serde_json::{json, Value};
use std::path::Path;

mod client;

const NOW: u64 = 1_764_000_000_000;

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/embed")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn cfg(kind: ProviderKind, model: &str) -> ProviderConfig {
    ProviderConfig::new(kind)
        .with_api_key(CANARY)
        .with_model(model)
}

fn req(texts: &[&str]) -> EmbedRequest {
    EmbedRequest {
        input: texts.iter().map(|s| s.to_string()).collect(),
        ..EmbedRequest::default()
    }
}

/// URL, headers and JSON body of batch 0 of `r` against `c`.
fn built(c: &ProviderConfig, r: &EmbedRequest) -> (String, Headers, Value, embed::Plan) {
    let plan = embed::plan(c, r).unwrap_or_else(|e| panic!("{}: {e}", c.name));
    let http = embed::build(c, &plan, r, 0, Timestamp::from_unix_millis(NOW)).unwrap();
    let body: Value = serde_json::from_slice(&http.body).unwrap();
    (http.url.clone(), http.headers.clone(), body, plan)
}

#[test]
fn openai_compatible_providers() {
    let mut r = req(&["a", "b"]);
    r.dimensions = Some(256);
    let (url, h, body, plan) = built(&cfg(ProviderKind::OpenAi, "text-embedding-3-small"), &r);
    assert_eq!(url, "https://api.openai.com/v1/embeddings");
    assert_eq!(
        h.get("authorization"),
        Some(format!("Bearer {CANARY}").as_str())
    );
    assert_eq!(
        body,
        json!({"model": "text-embedding-3-small", "input": ["a", "b"], "dimensions": 256})
    );
    assert!(plan.warnings.is_empty());

    // Responses configured: embeddings still sit beside Chat Completions.
    let mut c = cfg(ProviderKind::OpenAi, "text-embedding-3-small");
    c.api = Some(Api::Responses);
    assert_eq!(built(&c, &r).0, "https://api.openai.com/v1/embeddings");

    let cases: [(ProviderConfig, &str); 5] = [
        (
            cfg(ProviderKind::OpenRouter, "openai/text-embedding-3-small"),
            "https://openrouter.ai/api/v1/embeddings",
        ),
        (
            cfg(ProviderKind::LiteLlm, "text-embedding-3-small"),
            "http://localhost:4000/embeddings",
        ),
        (
            cfg(ProviderKind::Venice, "text-embedding-bge-m3"),
            "https://api.venice.ai/api/v1/embeddings",
        ),
        (
            {
                let mut c = cfg(ProviderKind::Databricks, "databricks-gte-large-en");
                c.endpoint = Some("https://adb-1.azuredatabricks.net".into());
                c
            },
            "https://adb-1.azuredatabricks.net/serving-endpoints/embeddings",
        ),
        (
            {
                let mut c = cfg(ProviderKind::Custom, "nomic-embed-text");
                c.name = "groq".into();
                c.base_url = Some("https://api.groq.com/openai/v1".into());
                c
            },
            "https://api.groq.com/openai/v1/embeddings",
        ),
    ];
    for (c, want) in cases {
        let (url, h, body, plan) = built(&c, &req(&["x"]));
        assert_eq!(url, want, "{}", c.name);
        assert_eq!(plan.shape, Shape::OpenAi);
        assert_eq!(body["input"], json!(["x"]));
        assert!(h.get("authorization").is_some_and(|a| a.ends_with(CANARY)));
    }
}

#[test]
fn azure_routes_and_key() {
    let mut c = cfg(ProviderKind::Azure, "text-embedding-3-large");
    c.endpoint = Some("https://res.openai.azure.com".into());
    c.deployment = Some("emb-large".into());
    let (url, h, body, _) = built(&c, &req(&["x"]));
    assert_eq!(
        url,
        "https://res.openai.azure.com/openai/deployments/emb-large/embeddings?api-version=2024-10-21"
    );
    assert_eq!(h.get("api-key"), Some(CANARY));
    assert_eq!(body["input"], json!(["x"]));
    // Without a deployment: the v1 route, model in the body.
    c.deployment = None;
    let (url, _, body, _) = built(&c, &req(&["x"]));
    assert_eq!(url, "https://res.openai.azure.com/openai/v1/embeddings");
    assert_eq!(body["model"], "text-embedding-3-large");
}

#[test]
fn mistral_names_the_length_output_dimension() {
    let mut r = req(&["x"]);
    r.dimensions = Some(512);
    r.input_type = Some(InputType::Query);
    let (url, _, body, plan) = built(&cfg(ProviderKind::Mistral, "codestral-embed"), &r);
    assert_eq!(url, "https://api.mistral.ai/v1/embeddings");
    assert_eq!(
        body,
        json!({"model": "codestral-embed", "input": ["x"], "output_dimension": 512})
    );
    // No query/document setting: a warning, not a failure.
    assert_eq!(plan.warnings.len(), 1);
    assert_eq!(plan.warnings[0].setting, "inputType");
}

#[test]
fn gemini_batch_embed_contents() {
    let mut r = req(&["what is rust", "a language"]);
    r.input_type = Some(InputType::Query);
    r.dimensions = Some(768);
    let (url, h, body, _) = built(&cfg(ProviderKind::Google, "gemini-embedding-001"), &r);
    assert_eq!(
        url,
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents"
    );
    assert_eq!(h.get("x-goog-api-key"), Some(CANARY));
    let one = |t: &str| {
        json!({"model": "models/gemini-embedding-001", "content": {"parts": [{"text": t}]},
               "taskType": "RETRIEVAL_QUERY", "outputDimensionality": 768})
    };
    assert_eq!(
        body,
        json!({"requests": [one("what is rust"), one("a language")]})
    );
}

#[test]
fn vertex_predict() {
    let mut c = ProviderConfig::new(ProviderKind::GcpVertexAi).with_model("text-embedding-005");
    c.project = Some("proj".into());
    c.access_token = Some(Secret::new(CANARY));
    let mut r = req(&["doc one"]);
    r.input_type = Some(InputType::Document);
    r.dimensions = Some(256);
    let (url, h, body, plan) = built(&c, &r);
    assert_eq!(
        url,
        "https://us-central1-aiplatform.googleapis.com/v1/projects/proj/locations/us-central1/publishers/google/models/text-embedding-005:predict"
    );
    assert_eq!(
        h.get("authorization"),
        Some(format!("Bearer {CANARY}").as_str())
    );
    assert_eq!(
        body,
        json!({"instances": [{"content": "doc one", "task_type": "RETRIEVAL_DOCUMENT"}],
               "parameters": {"outputDimensionality": 256}})
    );
    assert_eq!(plan.shape, Shape::Vertex);
    // Claude on Vertex has no embeddings.
    c.model = Some("claude-sonnet-4-5".into());
    let e = embed::plan(&c, &r).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidRequest);
    assert!(e.message.contains("gcpvertexai"), "{}", e.message);
}

fn bedrock(model: &str) -> ProviderConfig {
    let mut c = ProviderConfig::new(ProviderKind::Bedrock).with_model(model);
    c.region = Some("us-east-1".into());
    c.aws = Some(AwsCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: Secret::new(CANARY),
        session_token: None,
    });
    c
}

#[test]
fn bedrock_titan_and_cohere_invoke_model_signed() {
    let mut r = req(&["hello world"]);
    r.dimensions = Some(512);
    let (url, h, body, plan) = built(&bedrock("amazon.titan-embed-text-v2:0"), &r);
    assert_eq!(
        url,
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke"
    );
    let auth = h.get("authorization").expect("SigV4");
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
        "{auth}"
    );
    assert!(auth.contains("/us-east-1/bedrock/aws4_request"), "{auth}");
    assert!(!auth.contains(CANARY));
    assert_eq!(
        body,
        json!({"inputText": "hello world", "dimensions": 512, "normalize": true})
    );
    assert_eq!(plan.shape, Shape::Titan);

    let mut r = req(&["q"]);
    r.input_type = Some(InputType::Query);
    r.dimensions = Some(256);
    let (url, _, body, plan) = built(&bedrock("cohere.embed-english-v3"), &r);
    assert!(
        url.ends_with("/model/cohere.embed-english-v3/invoke"),
        "{url}"
    );
    // v3 has a fixed length: warned, not sent; input_type is required and mapped.
    assert_eq!(body, json!({"texts": ["q"], "input_type": "search_query"}));
    assert_eq!(plan.warnings[0].setting, "dimensions");
    let (_, _, body, _) = built(&bedrock("us.cohere.embed-v4:0"), &r);
    assert_eq!(
        body,
        json!({"texts": ["q"], "input_type": "search_query", "output_dimension": 256})
    );
    // Without a type Cohere still needs one: documents.
    let (_, _, body, _) = built(&bedrock("cohere.embed-english-v3"), &req(&["d"]));
    assert_eq!(body["input_type"], "search_document");

    let e = embed::plan(&bedrock("anthropic.claude-3-haiku-20240307-v1:0"), &r).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidRequest);
    assert!(
        e.message.contains("not an embedding model"),
        "{}",
        e.message
    );
}

#[test]
fn ollama_native_and_openai_api() {
    let mut r = req(&["a", "b"]);
    r.dimensions = Some(64);
    let c = ProviderConfig::new(ProviderKind::Ollama).with_model("all-minilm");
    let (url, h, body, _) = built(&c, &r);
    assert_eq!(url, "http://localhost:11434/api/embed");
    assert!(h.get("authorization").is_none());
    assert_eq!(
        body,
        json!({"model": "all-minilm", "input": ["a", "b"], "dimensions": 64})
    );
    let mut c = c;
    c.api = Some(Api::Chat);
    let (url, _, _, plan) = built(&c, &r);
    assert_eq!(url, "http://localhost:11434/v1/embeddings");
    assert_eq!(plan.shape, Shape::OpenAi);
}

#[test]
fn snowflake_inference_embed() {
    let mut c = cfg(ProviderKind::Snowflake, "snowflake-arctic-embed-m-v1.5");
    c.account = Some("MY_ORG-ACCT".into());
    let mut r = req(&["a"]);
    r.dimensions = Some(256);
    let (url, h, body, plan) = built(&c, &r);
    assert_eq!(
        url,
        "https://my-org-acct.snowflakecomputing.com/api/v2/cortex/inference:embed"
    );
    assert_eq!(
        h.get("x-snowflake-authorization-token-type"),
        Some("PROGRAMMATIC_ACCESS_TOKEN")
    );
    assert_eq!(
        body,
        json!({"model": "snowflake-arctic-embed-m-v1.5", "text": ["a"]})
    );
    assert_eq!(plan.warnings[0].setting, "dimensions");
}

#[test]
fn providers_without_embeddings_are_invalid_requests_naming_them() {
    for (kind, model) in [
        (ProviderKind::Anthropic, "claude-sonnet-4-5"),
        (ProviderKind::Xai, "grok-4"),
        (ProviderKind::SagemakerTgi, "my-endpoint"),
        (ProviderKind::Groq, "llama-3.3-70b-versatile"),
        (ProviderKind::DeepSeek, "deepseek-chat"),
        (ProviderKind::Cerebras, "gpt-oss-120b"),
        (ProviderKind::Perplexity, "sonar"),
    ] {
        let mut c = cfg(kind, model);
        c.region = Some("us-east-1".into());
        let e = embed::plan(&c, &req(&["x"])).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidRequest, "{kind:?}");
        assert_eq!(e.provider.as_deref(), Some(kind.name()));
        assert!(e.message.contains(kind.name()), "{}", e.message);
        assert!(!embed::serves_embeddings(kind));
    }
}

#[test]
fn batches_follow_each_provider_limit() {
    let texts: Vec<String> = (0..250).map(|i| format!("t{i}")).collect();
    let r = EmbedRequest {
        input: texts,
        ..EmbedRequest::default()
    };
    let sizes = |c: &ProviderConfig| -> Vec<usize> {
        embed::plan(c, &r)
            .unwrap()
            .batches
            .iter()
            .map(|b| b.len())
            .collect()
    };
    assert_eq!(
        sizes(&cfg(ProviderKind::Google, "gemini-embedding-001")),
        [100, 100, 50]
    );
    assert_eq!(
        sizes(&cfg(ProviderKind::OpenAi, "text-embedding-3-small")),
        [250]
    );
    assert_eq!(sizes(&bedrock("cohere.embed-english-v3")), [96, 96, 58]);
    assert_eq!(sizes(&bedrock("amazon.titan-embed-text-v2:0")).len(), 250);
    let mut v = ProviderConfig::new(ProviderKind::GcpVertexAi).with_model("gemini-embedding-001");
    v.project = Some("p".into());
    assert_eq!(sizes(&v).len(), 250);
    v.model = Some("text-embedding-005".into());
    assert_eq!(sizes(&v), [250]);
}

fn texts(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("text {i}")).collect()
}

fn plan_for(shape_cfg: &ProviderConfig, n: usize) -> (embed::Plan, Vec<String>) {
    let t = texts(n);
    let r = EmbedRequest {
        input: t.clone(),
        ..EmbedRequest::default()
    };
    (embed::plan(shape_cfg, &r).unwrap(), t)
}

#[test]
fn every_shape_decodes_its_documented_response() {
    let none = Headers::new();
    let (p, t) = plan_for(&cfg(ProviderKind::OpenAi, "text-embedding-3-small"), 2);
    let b = embed::decode(&p, &t, &none, &fixture("openai.json")).unwrap();
    // Put back in `index` order.
    assert_eq!(b.vectors[1], [0.6, -0.8, 0.0]);
    assert_eq!(
        (b.input_tokens, b.model.as_deref()),
        (Some(8), Some("text-embedding-3-small"))
    );

    let (p, t) = plan_for(&cfg(ProviderKind::Mistral, "mistral-embed"), 2);
    let b = embed::decode(&p, &t, &none, &fixture("mistral.json")).unwrap();
    assert_eq!((b.vectors.len(), b.input_tokens), (2, Some(15)));

    let (p, t) = plan_for(&cfg(ProviderKind::Google, "gemini-embedding-001"), 2);
    let b = embed::decode(&p, &t, &none, &fixture("gemini_batch.json")).unwrap();
    assert_eq!((b.vectors[0][0], b.input_tokens), (0.013168523, None));

    let mut v = ProviderConfig::new(ProviderKind::GcpVertexAi).with_model("text-embedding-005");
    v.project = Some("p".into());
    let (p, t) = plan_for(&v, 2);
    let b = embed::decode(&p, &t, &none, &fixture("vertex_predict.json")).unwrap();
    assert_eq!((b.vectors[1][0], b.input_tokens), (-0.0334, Some(10)));

    let (p, t) = plan_for(&bedrock("amazon.titan-embed-text-v2:0"), 1);
    let b = embed::decode(&p, &t, &none, &fixture("titan_v2.json")).unwrap();
    assert_eq!((b.vectors[0].len(), b.input_tokens), (3, Some(7)));

    let h: Headers = [("x-amzn-bedrock-input-token-count", "5")]
        .into_iter()
        .collect();
    let (p, t) = plan_for(&bedrock("cohere.embed-english-v3"), 2);
    let b = embed::decode(&p, &t, &h, &fixture("cohere_v3.json")).unwrap();
    assert_eq!((b.vectors[1][1], b.input_tokens), (0.0507, Some(5)));
    let (p, t) = plan_for(&bedrock("cohere.embed-v4:0"), 2);
    let b = embed::decode(&p, &t, &none, &fixture("cohere_v4.json")).unwrap();
    assert_eq!((b.vectors[0][2], b.input_tokens), (0.0412, None));

    let (p, t) = plan_for(
        &ProviderConfig::new(ProviderKind::Ollama).with_model("all-minilm"),
        2,
    );
    let b = embed::decode(&p, &t, &none, &fixture("ollama_embed.json")).unwrap();
    assert_eq!((b.vectors[1][1], b.input_tokens), (0.06042469, Some(8)));

    let mut s = cfg(ProviderKind::Snowflake, "snowflake-arctic-embed-m-v1.5");
    s.account = Some("a".into());
    let (p, t) = plan_for(&s, 2);
    let b = embed::decode(&p, &t, &none, &fixture("snowflake_embed.json")).unwrap();
    assert_eq!(
        (b.vectors[1].clone(), b.input_tokens),
        (vec![-0.0129, 0.0415, 0.0033], Some(9))
    );
}

#[test]
fn cut_bodies_are_network_errors_and_bad_ones_decode_errors() {
    let (p, t) = plan_for(&cfg(ProviderKind::OpenAi, "text-embedding-3-small"), 2);
    let body = fixture("openai.json");
    for cut in [1, body.len() / 3, body.len() - 3] {
        let e = embed::decode(&p, &t, &Headers::new(), &body[..cut]).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::NetworkError,
            "cut at {cut}: {}",
            e.message
        );
        assert!(e.is_retryable());
    }
    let e = embed::decode(&p, &t, &Headers::new(), b"{\"data\": 3}").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    // One vector too few.
    let e = embed::decode(&p, &t[..1], &Headers::new(), &body).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    assert!(
        e.message.contains("expected 1 embeddings, got 2"),
        "{}",
        e.message
    );
}

#[test]
fn requests_parse_in_both_spellings() {
    let r = embed::parse_request(&json!({"input": "one", "inputType": "query", "dimensions": 8}))
        .unwrap();
    assert_eq!(r.input, ["one"]);
    assert_eq!(
        (r.input_type, r.dimensions),
        (Some(InputType::Query), Some(8))
    );
    let r = embed::parse_request(&json!({"input": ["a", "b"], "input_type": "document",
        "model": "m", "encoding_format": "base64", "dimensions": null}))
    .unwrap();
    assert_eq!((r.input.len(), r.model.as_deref()), (2, Some("m")));
    assert_eq!(r.input_type, Some(InputType::Document));
    for (bad, field) in [
        (json!({}), "input"),
        (json!({"input": []}), "input"),
        (json!({"input": [1, 2]}), "input[0]"),
        (json!({"input": "x", "dimensions": 0}), "dimensions"),
        (json!({"input": "x", "inputType": "passage"}), "inputType"),
    ] {
        let e = embed::parse_request(&bad).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidRequest);
        assert!(e.message.starts_with(field), "{}", e.message);
    }
}

#[test]
fn catalog_prices_embedding_models() {
    let u = embed::priced(1_000_000, false, "openai", "text-embedding-3-small");
    assert_eq!(u.total_cost, Some(0.02));
    let u = embed::priced(1_000_000, false, "bedrock", "amazon.titan-embed-text-v2:0");
    assert_eq!(u.total_cost, Some(0.02));
    let m = aster::models::lookup("mistral", "mistral-embed").expect("mistral-embed");
    assert!(m.capabilities.embedding);
    assert_eq!(m.price.map(|p| p.output), Some(0.0));
    assert!(
        !aster::models::lookup("openai", "gpt-4o")
            .unwrap()
            .capabilities
            .embedding
    );
    // Azure falls through to OpenAI, Vertex to Gemini, as for chat.
    assert!(embed::priced(10, false, "azure", "text-embedding-3-small")
        .total_cost
        .is_some());
}
