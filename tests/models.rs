//! The model catalog: it is exactly what `tools/gen_models.py` makes of the shared LiteLLM data,
//! and lookups resolve the id forms real traffic uses (the corpus cassettes' model ids among
//! them).

use crate::common;
use aster::models::{self, ModelInfo, ModelPrice, PROVIDERS};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data_dir() -> PathBuf {
    common::corpus_dir().join("../data")
}

fn price(provider: &str, model: &str) -> ModelPrice {
    match models::lookup(provider, model) {
        Some(ModelInfo { price: Some(p), .. }) => p,
        other => panic!("no price for {provider} {model}: {other:?}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn catalog_is_generated_from_the_shared_data() {
    let dir = data_dir();
    let json = dir.join("litellm_model_prices.json");
    let bytes = std::fs::read(&json).unwrap_or_else(|e| {
        panic!(
            "the LiteLLM price data is missing ({}): {e}",
            json.display()
        )
    });
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        digest,
        models::SOURCE_SHA256,
        "{} changed: rerun `python3 tools/gen_models.py`",
        json.display()
    );

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("tools/gen_models.py"))
        .arg("--stdout")
        .arg("--data")
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 for tools/gen_models.py: {e}"));
    assert!(
        out.status.success(),
        "gen_models.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = std::fs::read_to_string(root.join("src/models/data.rs"))
        .unwrap_or_else(|e| panic!("src/models/data.rs: {e}"));
    let generated = String::from_utf8_lossy(&out.stdout);
    if committed != generated {
        let first = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "src/models/data.rs is stale (first difference at line {}): rerun \
             `python3 tools/gen_models.py`",
            first + 1
        );
    }
}

#[test]
fn every_provider_with_data_lists_models() {
    let mut total = 0;
    for p in PROVIDERS {
        let list = models::list(p);
        let expect_empty = matches!(p, "openrouter" | "litellm" | "venice" | "sagemaker_tgi");
        assert_eq!(list.is_empty(), expect_empty, "{p}: {} models", list.len());
        for m in &list {
            assert_eq!(m.provider, p);
            assert!(!m.id.is_empty());
            if let Some(price) = m.price {
                assert!(price.input >= 0.0 && price.output >= 0.0, "{p} {}", m.id);
            }
        }
        total += list.len();
    }
    assert!((300..1200).contains(&total), "{total} models");
    assert_eq!(models::list("gemini"), models::list("google"));
}

#[test]
fn exact_ids_and_fields() {
    let m = models::lookup("openai", "gpt-4o").expect("gpt-4o");
    assert_eq!((m.id, m.provider), ("gpt-4o", "openai"));
    assert_eq!(m.context_window, Some(128_000));
    assert_eq!(m.max_output_tokens, Some(16_384));
    let p = m.price.expect("price");
    assert!(close(p.input, 2.5) && close(p.output, 10.0));
    assert_eq!(p.cache_read, Some(1.25));
    assert!(m.capabilities.vision && m.capabilities.tools && m.capabilities.json_schema);
    assert!(!m.capabilities.reasoning);

    let c = models::lookup("anthropic", "claude-sonnet-4-6").expect("claude");
    let p = c.price.expect("price");
    assert!(close(p.input, 3.0) && close(p.output, 15.0));
    assert_eq!((p.cache_read, p.cache_write), (Some(0.3), Some(3.75)));
    assert!(c.capabilities.reasoning && c.capabilities.prompt_caching);
    assert!(c.capabilities.pdf_input);
}

#[test]
fn tolerant_id_forms() {
    // Dated snapshots collapse onto their alias.
    let snap = models::lookup("openai", "gpt-4o-2024-08-06").expect("snapshot");
    assert_eq!(snap.id, "gpt-4o");
    assert_eq!(
        models::lookup("anthropic", "claude-haiku-4-5-20251001").map(|m| m.price),
        models::lookup("anthropic", "claude-haiku-4-5").map(|m| m.price)
    );
    // Own provider prefixes, Gemini resource names, case.
    assert!(models::lookup("openai", "openai/gpt-4o").is_some());
    assert!(models::lookup("google", "models/gemini-2.5-flash").is_some());
    assert!(models::lookup("google", "gemini/gemini-2.5-pro").is_some());
    assert!(models::lookup("gemini", "GEMINI-2.5-PRO").is_some());
    assert!(models::lookup("mistral", "mistral/mistral-large-latest").is_some());
    // Vertex: `@` versions, publisher paths, fall-through to Google / Anthropic.
    assert!(models::lookup("gcpvertexai", "claude-sonnet-4-6@default").is_some());
    assert!(models::lookup(
        "gcpvertexai",
        "projects/p/locations/us-central1/publishers/google/models/gemini-3-flash-preview"
    )
    .is_some());
    let v = models::lookup("gcpvertexai", "gemini-flash-latest").expect("vertex → google");
    assert_eq!(v.provider, "google");
    // Azure deployments named after the model fall back to OpenAI.
    let a = models::lookup("azure", "gpt-5.6").expect("azure");
    assert_eq!(a.provider, "azure");
    assert_eq!(
        models::lookup("azure", "o3-pro").map(|m| m.provider),
        Some("openai")
    );
    // Ollama tags.
    assert!(models::lookup("ollama", "llama3:latest").is_some());
    assert!(models::lookup("ollama", "gpt-oss:20b-cloud").is_some());
    // Unknown and empty.
    assert!(models::lookup("openai", "no-such-model").is_none());
    assert!(models::lookup("openai", "").is_none());
    assert!(models::lookup("no-such-provider", "gpt-4o").is_none());
    assert!(models::lookup("venice", "llama-3.3-70b").is_none());
    assert!(models::lookup("sagemaker_tgi", "gpt-4o").is_none());
}

#[test]
fn bedrock_profiles_regions_and_arns() {
    let base = price("bedrock", "anthropic.claude-sonnet-4-6");
    // Regional profiles cost 10 % more, `global.` the same.
    let us = price("bedrock", "us.anthropic.claude-sonnet-4-6");
    assert!(close(us.input, base.input * 1.1) && close(us.output, base.output * 1.1));
    assert_eq!(us.cache_read.map(|r| (r * 1e6).round()), Some(330_000.0));
    let global = price("bedrock", "global.anthropic.claude-sonnet-4-6");
    assert!(close(global.input, base.input));
    // A profile kept because its price is its own (Nova's EU price is not the 10 % rule).
    let eu = price("bedrock", "eu.amazon.nova-pro-v1:0");
    assert!(close(eu.input, 1.05));
    // Ids as the corpus sends them: URL-escaped, and ARNs.
    assert!(models::lookup("bedrock", "us.amazon.nova-micro-v1%3A0").is_some());
    let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    assert!(models::lookup("bedrock", arn).is_some());
    // Without the `-v1:0` suffix.
    assert!(models::lookup("bedrock", "anthropic.claude-sonnet-4-5-20250929").is_some());
    // Only offered as profiles: the plain id resolves through `global.`.
    assert!(models::lookup("bedrock", "openai.gpt-5.4").is_some());
}

#[test]
fn openrouter_and_litellm_fall_through_to_the_underlying_model() {
    let direct = price("anthropic", "claude-sonnet-4-5");
    let or = models::lookup("openrouter", "anthropic/claude-sonnet-4.5").expect("openrouter");
    assert_eq!(or.provider, "anthropic");
    assert_eq!(or.price, Some(direct));
    assert_eq!(
        price("openrouter", "openai/gpt-5-mini"),
        price("openai", "gpt-5-mini")
    );
    assert!(models::lookup("openrouter", "x-ai/grok-4.3").is_some());
    let free = price("openrouter", "google/gemini-2.5-flash:free");
    assert_eq!((free.input, free.output), (0.0, 0.0));
    assert!(models::lookup("openrouter", "meta-llama/llama-3.3-70b-instruct").is_none());

    assert_eq!(price("litellm", "anthropic/claude-sonnet-4-5"), direct);
    assert_eq!(price("litellm", "gpt-4o"), price("openai", "gpt-4o"));
    assert_eq!(
        price("litellm", "bedrock/us.anthropic.claude-sonnet-4-6"),
        price("bedrock", "us.anthropic.claude-sonnet-4-6")
    );
    assert_eq!(
        price("litellm", "openrouter/anthropic/claude-sonnet-4.5"),
        direct
    );
    assert!(models::lookup("litellm", "vertex_ai/gemini-3.1-pro-preview").is_some());
}

/// Most model ids in the recorded traffic of catalogued providers resolve.
#[test]
fn corpus_model_ids_resolve() {
    let root = common::corpus_dir().join("cassettes");
    let requests = common::files_under(&root, &|p| p.ends_with("request.json"));
    assert!(
        !requests.is_empty(),
        "no cassettes under {}",
        root.display()
    );
    let (mut seen, mut found) = (0, 0);
    let mut missing = Vec::new();
    for path in requests {
        let dir = path.parent().and_then(Path::parent).and_then(Path::parent);
        let Some(folder) = dir.and_then(|d| d.file_name()).and_then(|s| s.to_str()) else {
            continue;
        };
        let provider = match folder {
            "anthropic" | "openai" | "mistral" | "openrouter" | "snowflake" | "bedrock" => folder,
            "openai_responses" => "openai",
            "google" => "google",
            _ => continue,
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(req) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let uri = req["uri"].as_str().unwrap_or("");
        let model = match req["body"]["model"].as_str() {
            Some(m) => m.to_string(),
            None => model_from_uri(uri),
        };
        if model.is_empty() || model.contains("does-not-exist") || !uri.contains(host(provider)) {
            continue;
        }
        seen += 1;
        if models::lookup(provider, &model).is_some() {
            found += 1;
        } else {
            missing.push(format!("{provider}/{model}"));
        }
    }
    missing.sort();
    missing.dedup();
    println!("corpus model ids: {found}/{seen} resolve; unresolved: {missing:?}");
    assert!(seen >= 40, "only {seen} cassette model ids");
    assert!(
        found * 10 >= seen * 7,
        "{found}/{seen} resolve; unresolved: {missing:?}"
    );
}

fn host(provider: &str) -> &'static str {
    match provider {
        "anthropic" => "api.anthropic.com",
        "openai" => "api.openai.com",
        "mistral" => "api.mistral.ai",
        "openrouter" => "openrouter.ai",
        "snowflake" => "snowflakecomputing.com",
        "bedrock" => "bedrock-runtime",
        _ => "googleapis.com",
    }
}

/// `…/model/{id}/converse` (Bedrock) or `…/models/{id}:generateContent` (Gemini).
fn model_from_uri(uri: &str) -> String {
    for marker in ["/model/", "/models/"] {
        if let Some((_, rest)) = uri.split_once(marker) {
            let end = rest.find(['/', ':', '?']).unwrap_or(rest.len());
            return rest[..end].to_string();
        }
    }
    String::new()
}
