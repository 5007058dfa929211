//! Detection order, environment variables per provider, model-name inference, the registry.
//! (Configurations are objects here: TOML parses to the same `Config`, tests/providers/config.rs.)

use super::{env, now};
use aster::provider::config::{ConfigSource, SnowflakeTokenType};
use aster::provider::detect::{detect_env, infer_kind, Source};
use aster::provider::env::{ollama_base_url, ollama_probe_request};
use aster::provider::{
    build_request_from_body, create, create_with_named_model, refresh_custom_providers,
    CustomRegistry, Detection, Env, ProviderConfig, ProviderKind,
};
use serde_json::json;

fn found(d: Detection) -> aster::provider::detect::Found {
    match d {
        Detection::Found(f) => *f,
        other => panic!("expected a provider, got {other:?}"),
    }
}

fn detected(pairs: &[(&str, &str)]) -> ProviderConfig {
    detect_env(&env(pairs))
        .unwrap()
        .expect("a provider")
        .provider
}

#[test]
fn environment_comes_first_in_the_seed_order() {
    let e = env(&[
        ("ANTHROPIC_API_KEY", "a"),
        ("OPENAI_API_KEY", "o"),
        ("MISTRAL_API_KEY", "m"),
    ]);
    let cfg =
        json!({"provider": {"type": "mistral", "api_key": "cfg"}, "retry": {"max_retries": 1}});
    let f = found(create(&e, Some(ConfigSource::Object(&cfg)), None).unwrap());
    assert_eq!(f.provider.kind, ProviderKind::OpenAi);
    assert_eq!(f.source, Source::Env("OPENAI_API_KEY"));
    assert_eq!(
        f.retry.unwrap().max_retries,
        1,
        "the configuration's retry still applies"
    );

    // No provider variable: the configuration, with its key from the environment.
    let e = env(&[("ACME_API_KEY", "gsk-env")]);
    let cfg = json!({"provider": {"type": "acme"}, "custom_providers": [{"name": "acme",
        "base_url": "https://llm.acme.example/v1", "api_key_env": "ACME_API_KEY"}]});
    let f = found(create(&e, Some(ConfigSource::Object(&cfg)), None).unwrap());
    assert_eq!(f.source, Source::Config);
    assert_eq!(f.provider.api_key.unwrap().expose(), "gsk-env");
    assert_eq!(f.custom_providers.len(), 1);

    // Neither: probe Ollama, then decide.
    let e = env(&[("OLLAMA_HOST", "0.0.0.0:11434")]);
    let url = match create(&e, None, None).unwrap() {
        Detection::ProbeOllama { url } => url,
        other => panic!("{other:?}"),
    };
    assert_eq!(url, "http://localhost:11434");
    assert_eq!(
        ollama_probe_request(&url).url,
        "http://localhost:11434/api/tags"
    );
    let f = found(create(&e, None, Some(true)).unwrap());
    assert_eq!(
        (f.provider.kind, f.source),
        (ProviderKind::Ollama, Source::Ollama)
    );
    let e = create(&env(&[]), None, Some(false)).unwrap_err();
    assert_eq!(e.code(), "config");
    assert!(e.message.contains("OPENAI_API_KEY"));
}

#[test]
fn each_provider_is_detected_from_its_variables() {
    assert_eq!(
        detected(&[
            ("OPENAI_API_KEY", "k"),
            ("OPENAI_BASE_URL", "https://gw.example/v1/")
        ])
        .base_url
        .as_deref(),
        Some("https://gw.example/v1")
    );
    assert_eq!(
        detected(&[("ANTHROPIC_API_KEY", "k")]).kind,
        ProviderKind::Anthropic
    );
    assert_eq!(
        detected(&[("GOOGLE_API_KEY", "k")]).kind,
        ProviderKind::Google
    );
    assert_eq!(
        detected(&[("GEMINI_API_KEY", "g"), ("GOOGLE_API_KEY", "k")])
            .api_key
            .unwrap()
            .expose(),
        "g"
    );

    // Azure needs its endpoint; without it the key alone selects nothing.
    assert!(detect_env(&env(&[("AZURE_OPENAI_API_KEY", "k")]))
        .unwrap()
        .is_none());
    let az = detected(&[
        ("AZURE_OPENAI_API_KEY", "k"),
        ("AZURE_OPENAI_ENDPOINT", "https://r.openai.azure.com"),
        ("OPENAI_API_VERSION", "2024-10-21"),
        ("AZURE_OPENAI_DEPLOYMENT", "gpt4o"),
    ]);
    assert_eq!(
        (az.kind, az.api_version.as_deref(), az.deployment.as_deref()),
        (ProviderKind::Azure, Some("2024-10-21"), Some("gpt4o"))
    );

    let br = detected(&[
        ("AWS_BEARER_TOKEN_BEDROCK", "ABSK"),
        ("AWS_REGION", "eu-west-3"),
    ]);
    assert_eq!(
        (br.kind, br.region.as_deref(), br.api_key.unwrap().expose()),
        (ProviderKind::Bedrock, Some("eu-west-3"), "ABSK")
    );
    let f = detect_env(&env(&[
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
        ("AWS_SESSION_TOKEN", "t"),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(f.provider.kind, ProviderKind::Bedrock);
    assert_eq!(f.provider.region.as_deref(), Some("us-east-1"));
    assert!(f.warnings[0].contains("AWS_REGION"));
    assert!(f.provider.aws.unwrap().session_token.is_some());
    let sm = detected(&[
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
        ("SAGEMAKER_ENDPOINT_NAME", "tgi-ep"),
        ("AWS_DEFAULT_REGION", "us-west-2"),
    ]);
    assert_eq!(
        (sm.kind, sm.model.as_deref(), sm.region.as_deref()),
        (
            ProviderKind::SagemakerTgi,
            Some("tgi-ep"),
            Some("us-west-2")
        )
    );

    let sa = r#"{"type":"service_account","project_id":"proj-from-key","client_email":"a@b.iam.gserviceaccount.com","private_key":"PEM"}"#;
    let vx = detected(&[
        ("GOOGLE_APPLICATION_CREDENTIALS", sa),
        ("GOOGLE_CLOUD_LOCATION", "europe-west4"),
    ]);
    assert_eq!(vx.kind, ProviderKind::GcpVertexAi);
    assert_eq!(
        vx.service_account.as_ref().unwrap().project_id.as_deref(),
        Some("proj-from-key")
    );
    assert_eq!(vx.location.as_deref(), Some("europe-west4"));
    // A key-file path cannot be read by the core; a project alone selects nothing.
    assert!(detect_env(&env(&[
        ("GOOGLE_APPLICATION_CREDENTIALS", "/k.json"),
        ("GOOGLE_CLOUD_PROJECT", "p")
    ]))
    .unwrap()
    .is_none());
    let vx = detected(&[
        ("GOOGLE_CLIENT_EMAIL", "a@b"),
        ("GOOGLE_PRIVATE_KEY", "-----BEGIN\\nX"),
        ("GOOGLE_VERTEX_PROJECT", "p"),
    ]);
    assert_eq!(
        vx.service_account.unwrap().private_key.expose(),
        "-----BEGIN\nX"
    );
    assert_eq!(
        detected(&[
            ("CLOUDSDK_AUTH_ACCESS_TOKEN", "ya29"),
            ("GOOGLE_CLOUD_PROJECT", "p")
        ])
        .access_token
        .unwrap()
        .expose(),
        "ya29"
    );

    assert_eq!(
        detected(&[("OPENROUTER_API_KEY", "k")]).kind,
        ProviderKind::OpenRouter
    );
    assert_eq!(detected(&[("XAI_API_KEY", "k")]).kind, ProviderKind::Xai);
    assert_eq!(
        detected(&[("VENICE_API_KEY", "k")]).kind,
        ProviderKind::Venice
    );
    let db = detected(&[
        ("DATABRICKS_TOKEN", "dapi"),
        ("DATABRICKS_HOST", "adb-1.azuredatabricks.net"),
    ]);
    assert_eq!(
        db.endpoint.as_deref(),
        Some("https://adb-1.azuredatabricks.net")
    );
    let sf = detected(&[("SNOWFLAKE_JWT", "eyJ"), ("SNOWFLAKE_ACCOUNT", "org-acct")]);
    assert_eq!(
        (sf.kind, sf.token_type),
        (
            ProviderKind::Snowflake,
            Some(SnowflakeTokenType::KeypairJwt)
        )
    );
    let sf = detected(&[
        ("SNOWFLAKE_TOKEN", "t"),
        ("SNOWFLAKE_TOKEN_TYPE", "oauth"),
        ("SNOWFLAKE_ACCOUNT", "a"),
    ]);
    assert_eq!(sf.token_type, Some(SnowflakeTokenType::OAuth));
    assert_eq!(
        detected(&[("MISTRAL_API_KEY", "k")]).kind,
        ProviderKind::Mistral
    );
    let ll = detected(&[("LITELLM_PROXY_API_BASE", "http://litellm:4000")]);
    assert_eq!(
        (ll.kind, ll.base_url.as_deref()),
        (ProviderKind::LiteLlm, Some("http://litellm:4000"))
    );
    let ol = detected(&[("OLLAMA_API_KEY", "k")]);
    assert_eq!(
        (ol.kind, ol.base_url.as_deref()),
        (ProviderKind::Ollama, Some("https://ollama.com"))
    );

    // Blank values count as unset; values that would be spliced into a host are checked.
    assert!(detect_env(&env(&[("OPENAI_API_KEY", "  ")]))
        .unwrap()
        .is_none());
    let e = detect_env(&env(&[
        ("AWS_BEARER_TOKEN_BEDROCK", "k"),
        ("AWS_REGION", "x.evil.com/"),
    ]))
    .unwrap_err();
    assert!(e.message.starts_with("AWS_REGION"), "{}", e.message);
}

#[test]
fn detected_providers_build_requests() {
    let e: Env = env(&[
        ("DATABRICKS_TOKEN", "dapi-x"),
        ("DATABRICKS_HOST", "https://dbc.cloud.databricks.com/"),
    ]);
    let f = found(create(&e, None, None).unwrap());
    let b =
        build_request_from_body(&f.provider, None, json!({"messages": []}), true, now()).unwrap();
    assert_eq!(
        b.http.url,
        "https://dbc.cloud.databricks.com/serving-endpoints/chat/completions"
    );
    assert_eq!(b.http.headers.get("authorization"), Some("Bearer dapi-x"));
}

#[test]
fn ollama_host_forms() {
    for (host, want) in [
        ("", "http://localhost:11434"),
        ("0.0.0.0", "http://localhost:11434"),
        ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://ollama.internal", "https://ollama.internal:11434"),
        ("http://gpu-box:11434/", "http://gpu-box:11434"),
    ] {
        assert_eq!(
            ollama_base_url(&env(&[("OLLAMA_HOST", host)])),
            want,
            "{host}"
        );
    }
}

#[test]
fn model_names_infer_their_provider() {
    for (name, kind) in [
        ("gpt-4o", ProviderKind::OpenAi),
        ("o1", ProviderKind::OpenAi),
        ("o3-mini", ProviderKind::OpenAi),
        ("o4-mini-2025-04-16", ProviderKind::OpenAi),
        ("claude-3-5-sonnet", ProviderKind::Anthropic),
        ("gemini-2.5-pro", ProviderKind::Google),
        ("grok-4", ProviderKind::Xai),
        ("mistral-large-latest", ProviderKind::Mistral),
        ("magistral-medium-latest", ProviderKind::Mistral),
        ("codestral-latest", ProviderKind::Mistral),
        (
            "anthropic.claude-3-haiku-20240307-v1:0",
            ProviderKind::Bedrock,
        ),
        ("us.amazon.nova-micro-v1:0", ProviderKind::Bedrock),
        ("meta.llama3-70b-instruct-v1:0", ProviderKind::Bedrock),
        (
            "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            ProviderKind::Bedrock,
        ),
        ("llama3.2:latest", ProviderKind::Ollama),
        ("gpt-oss:20b", ProviderKind::Ollama),
        // The conventions overlap: a tag makes it Ollama's, a Bedrock id stays Bedrock's.
        ("o3-mini:latest", ProviderKind::Ollama),
        ("openai.gpt-oss-20b-1:0", ProviderKind::Bedrock),
        (
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/x",
            ProviderKind::Bedrock,
        ),
        ("databricks-dbrx-instruct", ProviderKind::Databricks),
        ("mock", ProviderKind::Mock),
    ] {
        assert_eq!(infer_kind(name), Some(kind), "{name}");
    }
    for name in ["o5x", "omni", "llama3.2", "some-model"] {
        assert_eq!(infer_kind(name), None, "{name}");
    }
}

#[test]
fn create_with_named_model_resolves_prefixes_registry_and_credentials() {
    let e = env(&[
        ("ANTHROPIC_API_KEY", "sk-ant"),
        ("OPENROUTER_API_KEY", "sk-or"),
        ("ACME_API_KEY", "gsk"),
    ]);
    let mut reg = CustomRegistry::default();
    let n = refresh_custom_providers(
        &mut reg,
        ConfigSource::Object(
            &json!({"customProviders": [{"name": "acme", "baseUrl": "https://llm.acme.example/v1",
            "apiKeyEnv": "ACME_API_KEY", "models": ["llama-3.3-70b-versatile"]}]}),
        ),
    )
    .unwrap();
    assert_eq!(n, 1);

    let c = create_with_named_model("claude-3-5-sonnet", &e, &reg).unwrap();
    assert_eq!(
        (c.kind, c.model.as_deref(), c.api_key.unwrap().expose()),
        (ProviderKind::Anthropic, Some("claude-3-5-sonnet"), "sk-ant")
    );
    let c = create_with_named_model("openrouter/anthropic/claude-sonnet-4.5", &e, &reg).unwrap();
    assert_eq!(
        (c.kind, c.model.as_deref()),
        (
            ProviderKind::OpenRouter,
            Some("anthropic/claude-sonnet-4.5")
        )
    );
    let c = create_with_named_model("acme/openai/gpt-oss-120b", &e, &reg).unwrap();
    assert_eq!(
        (
            c.name.as_str(),
            c.model.as_deref(),
            c.api_key.unwrap().expose()
        ),
        ("acme", Some("openai/gpt-oss-120b"), "gsk")
    );
    let c = create_with_named_model("llama-3.3-70b-versatile", &e, &reg).unwrap();
    assert_eq!(c.name, "acme");
    let c = create_with_named_model("mock", &env(&[]), &reg).unwrap();
    assert_eq!(c.kind, ProviderKind::Mock);
    let c = create_with_named_model(
        "vertex/gemini-2.5-pro",
        &env(&[("CLOUDSDK_AUTH_ACCESS_TOKEN", "t")]),
        &reg,
    )
    .unwrap();
    assert_eq!(c.kind, ProviderKind::GcpVertexAi);

    let err = create_with_named_model("gpt-4o", &e, &reg).unwrap_err();
    assert_eq!(err.code(), "config");
    assert!(err.message.contains("OPENAI_API_KEY"), "{}", err.message);
    let err = create_with_named_model("who-knows", &e, &reg).unwrap_err();
    assert!(err.message.contains("provider/model"), "{}", err.message);

    // A bad refresh leaves the registry as it was.
    let bad = json!({"customProviders": [{"name": 1}]});
    assert!(refresh_custom_providers(&mut reg, ConfigSource::Object(&bad)).is_err());
    assert_eq!(reg.providers().len(), 1);
    refresh_custom_providers(&mut reg, ConfigSource::Object(&json!({}))).unwrap();
    assert!(reg.get("acme").is_none());
}
