//! The recorded corpus requests: for the same provider, model and settings, the URL we build is
//! the recorded `uri` and the recorded body goes out unchanged.

use super::now;
use crate::common::{corpus_dir, files_under};
use aster::provider::{build_request_from_body, Api, ProviderConfig, ProviderKind, Secret};
use serde_json::Value;

/// `%XX` → byte, for model ids taken from recorded URLs.
fn decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The configuration a user of that provider would write for the recorded request, the model
/// to pass, and whether it streams. `None` for requests that are not chat requests.
fn config_for(uri: &str, body: &Value) -> Option<(ProviderConfig, Option<String>, bool)> {
    let (scheme, rest) = uri.split_once("://")?;
    let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}")))?;
    let path_only = path.split('?').next().unwrap_or("");
    let stream = body["stream"] == true
        || path.contains("converse-stream")
        || path.contains("streamGenerateContent");
    let body_model = body["model"].as_str().map(String::from);
    let responses = path_only.ends_with("/responses");
    let key = Secret::new("test-key");
    let mut c;
    let mut model = body_model.clone();
    if host == "api.anthropic.com" {
        if path_only != "/v1/messages" {
            return None;
        }
        c = ProviderConfig::new(ProviderKind::Anthropic);
    } else if host == "generativelanguage.googleapis.com" {
        c = ProviderConfig::new(ProviderKind::Google);
        model = Some(
            path_only
                .split("/models/")
                .nth(1)?
                .split(':')
                .next()?
                .to_string(),
        );
    } else if host.ends_with("aiplatform.googleapis.com") {
        let segs: Vec<&str> = path_only.split('/').collect();
        c = ProviderConfig::new(ProviderKind::GcpVertexAi);
        c.api_version = Some(segs[1].to_string());
        c.project = Some(segs[3].to_string());
        c.location = Some(segs[5].to_string());
        c.access_token = Some(Secret::new("ya29.test"));
        model = Some(segs[9].split(':').next()?.to_string());
    } else if let Some(region) = host.strip_prefix("bedrock-runtime.") {
        let (id, op) = path_only.strip_prefix("/model/")?.rsplit_once('/')?;
        if op != "converse" && op != "converse-stream" {
            return None;
        }
        c = ProviderConfig::new(ProviderKind::Bedrock);
        c.region = Some(region.split('.').next()?.to_string());
        model = Some(decode(id));
    } else if host == "openrouter.ai" {
        c = ProviderConfig::new(ProviderKind::OpenRouter);
    } else if let Some(acct) = host.strip_suffix(".snowflakecomputing.com") {
        c = ProviderConfig::new(ProviderKind::Snowflake);
        c.account = Some(acct.to_string());
    } else if host == "api.mistral.ai" {
        c = ProviderConfig::new(ProviderKind::Mistral);
    } else if host == "api.openai.com" {
        c = ProviderConfig::new(ProviderKind::OpenAi);
    } else if host == "ollama.com" || host == "localhost:11434" {
        c = ProviderConfig::new(ProviderKind::Ollama);
        c.base_url = Some(format!("{scheme}://{host}"));
        c.api = Some(Api::Chat);
    } else if let Some(res) = host.strip_suffix(".openai.azure.com") {
        c = ProviderConfig::new(ProviderKind::Azure);
        c.endpoint = Some(format!("https://{res}.openai.azure.com"));
    } else if path_only.ends_with("/chat/completions") || responses {
        // Any other OpenAI-compatible host is a custom provider with that base URL.
        c = ProviderConfig::new(ProviderKind::Custom);
        let base = uri
            .rsplit_once(if responses {
                "/responses"
            } else {
                "/chat/completions"
            })?
            .0;
        c.base_url = Some(base.to_string());
    } else {
        return None;
    }
    if responses {
        c.api = Some(Api::Responses);
    }
    c.api_key = Some(key);
    Some((c, model, stream))
}

#[test]
fn recorded_requests_match_the_urls_we_build() {
    let files = files_under(&corpus_dir().join("cassettes"), &|p| {
        p.ends_with("request.json")
    });
    let (mut checked, mut hosts) = (0, std::collections::BTreeSet::new());
    for f in &files {
        let rec: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        if rec["method"] != "POST" || !rec["body"].is_object() {
            continue;
        }
        // The Anthropic SDK's beta client adds `?beta=true`; the endpoint is the same.
        let uri = rec["uri"]
            .as_str()
            .unwrap()
            .replace("/v1/messages?beta=true", "/v1/messages");
        let Some((cfg, model, stream)) = config_for(&uri, &rec["body"]) else {
            continue;
        };
        let built =
            build_request_from_body(&cfg, model.as_deref(), rec["body"].clone(), stream, now())
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert_eq!(built.http.url, uri, "{}", f.display());
        let body: Value = serde_json::from_slice(&built.http.body).unwrap();
        assert_eq!(body, rec["body"], "{}: body changed", f.display());
        // Non-secret recorded headers that describe the body agree with ours.
        assert_eq!(
            rec["headers"]["content-type"],
            "application/json",
            "{}",
            f.display()
        );
        hosts.insert(uri.split('/').nth(2).unwrap().to_string());
        checked += 1;
    }
    println!(
        "corpus requests checked: {checked} across {} hosts",
        hosts.len()
    );
    assert!(checked >= 150, "only {checked} corpus requests checked");
    for h in [
        "api.openai.com",
        "api.anthropic.com",
        "generativelanguage.googleapis.com",
        "aiplatform.googleapis.com",
        "bedrock-runtime.us-east-1.amazonaws.com",
        "openrouter.ai",
        "myorg-myaccount.snowflakecomputing.com",
        "api.mistral.ai",
        "ollama.com",
        "localhost:11434",
        "api.groq.com",
        "pydantic-ai-realtime-dev.openai.azure.com",
    ] {
        assert!(hosts.contains(h), "no corpus request checked for {h}");
    }
}
