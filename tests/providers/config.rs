//! Configuration: the seed's TOML and the JS-object form, for every provider, and bad input.
// Most cases are TOML, compared with the object form; the npm build leaves the parser out.
#![cfg(feature = "toml")]

use aster::provider::config::{Api, Config, SnowflakeTokenType};
use aster::provider::ProviderKind;
use aster::RetryConfig;
use serde_json::json;

fn toml(text: &str) -> Config {
    Config::from_toml(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn err_toml(text: &str) -> String {
    let e = Config::from_toml(text).unwrap_err();
    assert_eq!(e.code(), "config");
    e.message
}

fn err_obj(v: serde_json::Value) -> String {
    let e = Config::from_object(&v).unwrap_err();
    assert_eq!(e.code(), "config");
    e.message
}

#[test]
fn seed_examples_parse() {
    let c = toml(
        r#"[provider]
type = "openai"
api_key = "sk-seed-openai"
model = "gpt-4o"
base_url = "https://api.openai.com/v1"  # optional
"#,
    );
    let p = c.provider.unwrap();
    assert_eq!(p.kind, ProviderKind::OpenAi);
    assert_eq!(p.api_key.as_ref().unwrap().expose(), "sk-seed-openai");
    assert_eq!(p.base_url.as_deref(), Some("https://api.openai.com/v1"));

    let p = toml("[provider]\ntype = \"anthropic\"\napi_key = \"sk-ant-seed\"\nmodel = \"claude-3-5-sonnet-20241022\"\n").provider.unwrap();
    assert_eq!(
        (p.kind, p.model.as_deref()),
        (ProviderKind::Anthropic, Some("claude-3-5-sonnet-20241022"))
    );

    let p = toml("[provider]\ntype = \"ollama\"\nmodel = \"llama3.2\"\nbase_url = \"http://localhost:11434\"\n").provider.unwrap();
    assert_eq!(p.kind, ProviderKind::Ollama);
    assert!(p.api_key.is_none());

    let p = toml(
        "[provider]\ntype = \"azure\"\napi_key = \"azure-seed\"\ndeployment = \"gpt-4o\"\nendpoint = \"https://xxx.openai.azure.com\"\napi_version = \"2024-02-15-preview\"\n",
    )
    .provider
    .unwrap();
    assert_eq!(p.deployment.as_deref(), Some("gpt-4o"));
    assert_eq!(p.endpoint.as_deref(), Some("https://xxx.openai.azure.com"));
    assert_eq!(p.api_version.as_deref(), Some("2024-02-15-preview"));
}

#[test]
fn every_provider_parses_from_toml_and_object() {
    let tables = [
        ("openai", "api = \"responses\"", json!({"api": "responses"})),
        ("anthropic", "", json!({})),
        ("google", "", json!({})),
        ("azure", "endpoint = \"https://r.openai.azure.com\"\nazure_ad_token = \"entra\"", json!({"endpoint": "https://r.openai.azure.com", "azureAdToken": "entra"})),
        ("bedrock", "region = \"us-west-2\"\naccess_key_id = \"AKID\"\nsecret_access_key = \"s\"\nsession_token = \"t\"", json!({"region": "us-west-2", "accessKeyId": "AKID", "secretAccessKey": "s", "sessionToken": "t"})),
        ("gcpvertexai", "project = \"p\"\nlocation = \"global\"\naccess_token = \"ya29\"\napi_version = \"v1beta1\"", json!({"project": "p", "location": "global", "accessToken": "ya29", "apiVersion": "v1beta1"})),
        ("ollama", "api = \"native\"", json!({"api": "native"})),
        ("openrouter", "referer = \"https://app.example\"\ntitle = \"App\"", json!({"referer": "https://app.example", "title": "App"})),
        ("litellm", "base_url = \"http://proxy:4000\"", json!({"baseUrl": "http://proxy:4000"})),
        ("xai", "", json!({})),
        ("venice", "", json!({})),
        ("databricks", "endpoint = \"https://dbc.cloud.databricks.com\"", json!({"endpoint": "https://dbc.cloud.databricks.com"})),
        ("snowflake", "account = \"org-acct\"\ntoken_type = \"jwt\"", json!({"account": "org-acct", "tokenType": "jwt"})),
        ("sagemaker_tgi", "region = \"eu-west-1\"", json!({"region": "eu-west-1"})),
        ("mistral", "", json!({})),
        ("groq", "api = \"responses\"", json!({"api": "responses"})),
        ("deepseek", "", json!({})),
        ("together", "", json!({})),
        ("fireworks", "", json!({})),
        ("cerebras", "", json!({})),
        ("perplexity", "", json!({})),
        ("custom", "base_url = \"https://api.example/v1\"", json!({"baseUrl": "https://api.example/v1"})),
        ("mock", "", json!({})),
    ];
    assert_eq!(tables.len(), ProviderKind::ALL.len());
    for (ty, extra, obj) in tables {
        let text = format!("[provider]\ntype = \"{ty}\"\nmodel = \"m\"\n{extra}\n");
        let from_toml = toml(&text);
        let mut o = obj.as_object().unwrap().clone();
        o.insert("type".into(), json!(ty));
        o.insert("model".into(), json!("m"));
        let flat = Config::from_object(&json!(o)).unwrap();
        let sectioned = Config::from_object(&json!({"provider": o})).unwrap();
        assert_eq!(from_toml, flat, "{ty}");
        assert_eq!(from_toml, sectioned, "{ty}");
        assert_eq!(
            from_toml.provider.unwrap().kind,
            ProviderKind::from_name(ty).unwrap()
        );
    }
    let p = toml("[provider]\ntype = \"snowflake\"\naccount = \"a\"\ntoken_type = \"jwt\"")
        .provider
        .unwrap();
    assert_eq!(p.token_type, Some(SnowflakeTokenType::KeypairJwt));
    let p = toml("[provider]\ntype = \"vertex\"\nproject = \"p\"")
        .provider
        .unwrap();
    assert_eq!(p.kind, ProviderKind::GcpVertexAi);
}

#[test]
fn custom_providers_and_retry() {
    let c = toml(
        r#"
[provider]
type = "acme"

[[custom_providers]]
name = "acme"
base_url = "https://llm.acme.example/v1/"
api_key_env = "ACME_API_KEY"
models = ["llama-3.3-70b-versatile", "openai/gpt-oss-120b"]
headers = { "X-Team" = "core" }

[[custom_providers]]
name = "lab-responses"
base_url = "https://lab.example"
api_key = "sk-lab"
api = "responses"

[retry]
max_retries = 5
backoff_multiplier = 1.5
"#,
    );
    assert_eq!(c.custom_providers.len(), 2);
    let acme = &c.custom_providers[0];
    assert_eq!(acme.base_url, "https://llm.acme.example/v1");
    assert_eq!(acme.api, Api::Chat);
    assert_eq!(acme.headers.get("x-team"), Some("core"));
    assert_eq!(c.custom_providers[1].api, Api::Responses);
    let p = c.provider.unwrap();
    assert_eq!((p.kind, p.name.as_str()), (ProviderKind::Custom, "acme"));
    assert_eq!(p.model.as_deref(), Some("llama-3.3-70b-versatile"));
    assert_eq!(p.api_key_env.as_deref(), Some("ACME_API_KEY"));
    assert_eq!(
        c.retry,
        Some(RetryConfig {
            max_retries: 5,
            backoff_multiplier: 1.5,
            ..RetryConfig::default()
        })
    );
    let o = Config::from_object(&json!({
        "retry": {"maxRetries": 0, "initialDelayMs": 10, "maxDelayMs": 20, "backoffMultiplier": 3, "maxRetryAfterMs": 5000, "retryAllErrors": true},
        "customProviders": [{"name": "lab", "baseUrl": "http://10.0.0.2:8000/v1"}]
    }))
    .unwrap();
    assert!(o.provider.is_none());
    assert_eq!(
        o.retry,
        Some(RetryConfig {
            max_retries: 0,
            initial_delay_ms: 10,
            max_delay_ms: 20,
            backoff_multiplier: 3.0,
            max_retry_after_ms: 5000,
            retry_all_errors: true,
        })
    );
    assert_eq!(o.custom_providers[0].name, "lab");
}

#[test]
fn bad_configs_name_the_key_and_the_problem() {
    let cases: Vec<(String, &str)> = vec![
        (err_toml("[provider]\nmodel = \"x\""), "provider.type: required"),
        (err_toml("[provider]\ntype = \"openia\""), "provider.type: unknown provider"),
        (err_toml("[provider]\ntype = \"openai\"\napikey = \"k\""), "provider.apikey: unknown key"),
        (err_toml("[provider]\ntype = \"openai\"\nregion = \"us-east-1\""), "provider.region: not used by openai"),
        (err_toml("[provider]\ntype = \"openai\"\napi_key = 42"), "provider.api_key: expected a string, found a number"),
        (err_toml("[provider]\ntype = \"openai\"\nbase_url = \"ftp://x\""), "provider.base_url: must start with https:// or http://"),
        (err_toml("[provider]\ntype = \"openai\"\nbase_url = \"https://\""), "provider.base_url: must name a host"),
        (err_toml("[provider]\ntype = \"openai\"\nbase_url = \"https://h/v1?x=1\""), "provider.base_url: must not contain a query"),
        (err_toml("[provider]\ntype = \"openrouter\"\nreferer = \"my app\""), "provider.referer: must not contain spaces"),
        (err_toml("[provider]\ntype = \"bedrock\"\nregion = \"us-east-1.evil.com/x\""), "provider.region: not a valid region"),
        (err_toml("[provider]\ntype = \"bedrock\"\naccess_key_id = \"AKID\""), "provider.secret_access_key: required"),
        (err_toml("[provider]\ntype = \"snowflake\"\ntoken_type = \"basic\""), "provider.token_type: expected"),
        (err_toml("[provider]\ntype = \"ollama\"\napi = \"responses\""), "provider.api: not available for ollama"),
        (err_toml("[provider]\ntype = \"openai\"\nheaders = { \"bad header\" = \"x\" }"), "provider.headers.bad header: not a valid header name"),
        (err_toml("[provider]\ntype = \"openai\"\n[wat]"), "wat: unknown key"),
        (err_toml("[retry]\nmax_retries = -1"), "retry.max_retries: expected a whole number"),
        (err_toml("[retry]\nbackoff_multiplier = 0.5"), "retry.backoff_multiplier: must be between 1 and 100"),
        (err_toml("[retry]\ninitial_delay_ms = 5000\nmax_delay_ms = 10"), "retry.initial_delay_ms: must not exceed max_delay_ms"),
        (err_toml("[[custom_providers]]\nname = \"openai\"\nbase_url = \"https://x\""), "custom_providers[0].name: is the name of a built-in provider"),
        (err_toml("[[custom_providers]]\nname = \"a\""), "custom_providers[0].base_url: required"),
        (err_toml("[[custom_providers]]\nname = \"a\"\nbase_url = \"https://x\"\n[[custom_providers]]\nname = \"a\"\nbase_url = \"https://y\""), "custom_providers[1].name: defined twice"),
        (err_toml("[provider]\ntype = \"gcpvertexai\"\ncredentials = \"{}\""), "provider.credentials: service account credentials lack client_email"),
        (err_obj(json!({"type": "openai", "apiKey": ["k"]})), "apiKey: expected a string, found a list"),
        (err_obj(json!({"provider": {"type": "azure", "baseURL": 3}})), "provider.baseURL: expected a string"),
        (err_obj(json!({"type": "openai", "customProviders": {}})), "customProviders: expected a list"),
        (err_obj(json!("openai")), "configuration must be an object"),
    ];
    for (msg, want) in cases {
        assert!(msg.contains(want), "`{msg}` should contain `{want}`");
    }
}

#[test]
fn toml_syntax_errors_never_echo_a_credential() {
    let msg = err_toml("[provider]\ntype = \"openai\"\napi_key = sk-live-SECRET\n");
    assert!(msg.contains("line 3"), "{msg}");
    assert!(!msg.contains("SECRET"), "{msg}");
}

#[test]
fn debug_of_any_config_redacts_every_secret() {
    let secrets = [
        "sk-AAA",
        "entra-BBB",
        "aws-secret-CCC",
        "aws-session-DDD",
        "ya29-EEE",
        "PEM-FFF",
        "sk-custom-GGG",
        "hdr-HHH",
    ];
    let c = Config::from_object(&json!({
        "provider": {"type": "azure", "apiKey": "sk-AAA", "azureAdToken": "entra-BBB",
                     "endpoint": "https://r.openai.azure.com", "headers": {"Authorization": "hdr-HHH", "X-Internal-Token": "hdr-III"}},
        "customProviders": [{"name": "x", "baseUrl": "https://x.example", "apiKey": "sk-custom-GGG", "headers": {"X-Key": "hdr-JJJ"}}]
    }))
    .unwrap();
    let aws = Config::from_object(&json!({"type": "bedrock", "accessKeyId": "AKID", "secretAccessKey": "aws-secret-CCC", "sessionToken": "aws-session-DDD"})).unwrap();
    let vertex = Config::from_object(&json!({"type": "gcpvertexai", "accessToken": "ya29-EEE",
        "credentials": {"client_email": "a@b", "private_key": "PEM-FFF"}}))
    .unwrap();
    let debug = format!("{c:?}\n{aws:?}\n{vertex:?}\n{c:#?}");
    for s in secrets {
        assert!(!debug.contains(s), "{s} shown in {debug}");
    }
    assert!(debug.contains("<redacted>"));
    assert!(
        debug.contains("X-Internal-Token"),
        "header names stay visible"
    );
}
