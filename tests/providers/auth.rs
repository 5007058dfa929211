//! SigV4 on real endpoints (cross-checked against botocore) and the Vertex service-account flow.

use super::{fixture, now};
use aster::provider::sigv4::AwsCredentials;
use aster::provider::vertex::{
    assemble_assertion, jwt_signing_input, parse_token_response, token_request, AccessToken,
    ServiceAccount, TokenCache,
};
use aster::provider::{build_request_from_body, ProviderConfig, ProviderKind, Secret, Timestamp};
use base64::Engine as _;
use serde_json::Value;

#[test]
fn bedrock_and_sagemaker_signatures_match_botocore() {
    let text = std::fs::read_to_string(fixture("sigv4_botocore.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    for case in v["cases"].as_array().unwrap() {
        let url = case["url"].as_str().unwrap();
        let kind = match case["service"].as_str().unwrap() {
            "bedrock" => ProviderKind::Bedrock,
            _ => ProviderKind::SagemakerTgi,
        };
        let mut cfg = ProviderConfig::new(kind);
        cfg.region = Some(case["region"].as_str().unwrap().to_string());
        cfg.aws = Some(AwsCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            session_token: case["session_token"].as_str().map(Secret::new),
        });
        let id = url.split('/').nth(4).unwrap().replace("%3A", ":");
        let stream = url.ends_with("-stream");
        let body: Value = serde_json::from_str(case["body"].as_str().unwrap()).unwrap();
        let time = Timestamp::parse_rfc3339(case["time"].as_str().unwrap()).unwrap();
        let built = build_request_from_body(&cfg, Some(&id), body, stream, time).unwrap();
        assert_eq!(built.http.url, url);
        assert_eq!(built.http.body, case["body"].as_str().unwrap().as_bytes());
        for (k, want) in case["expected"].as_object().unwrap() {
            assert_eq!(built.http.headers.get(k), want.as_str(), "{url}: {k}");
        }
        let debug = format!("{built:?}");
        assert!(
            !debug.contains("Signature=") && !debug.contains("EXAMPLEKEY"),
            "{debug}"
        );
    }
}

fn service_account() -> ServiceAccount {
    ServiceAccount::from_json(
        r#"{"type": "service_account", "project_id": "my-proj", "private_key_id": "kid-1",
            "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n",
            "client_email": "svc@my-proj.iam.gserviceaccount.com",
            "token_uri": "https://oauth2.googleapis.com/token"}"#,
    )
    .unwrap()
}

fn b64json(part: &str) -> Value {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn service_account_jwt_has_the_documented_claims() {
    let sa = service_account();
    let input = jwt_signing_input(&sa, now());
    let (h, c) = input.split_once('.').unwrap();
    assert_eq!(
        b64json(h),
        serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": "kid-1"})
    );
    let claims = b64json(c);
    assert_eq!(claims["iss"], "svc@my-proj.iam.gserviceaccount.com");
    assert_eq!(
        claims["scope"],
        "https://www.googleapis.com/auth/cloud-platform"
    );
    assert_eq!(claims["aud"], "https://oauth2.googleapis.com/token");
    assert_eq!(claims["iat"], now().unix_secs());
    assert_eq!(claims["exp"], now().unix_secs() + 3600);

    // The signature comes from the transport's hook; the core never sees an RSA implementation.
    let assertion = assemble_assertion(&input, &[1u8, 2, 3, 250]).unwrap();
    assert_eq!(assertion.expose(), format!("{input}.AQID-g"));

    let req = token_request(&sa, &assertion);
    assert_eq!(req.url, "https://oauth2.googleapis.com/token");
    assert_eq!(
        req.headers.get("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = String::from_utf8(req.body.clone()).unwrap();
    assert_eq!(
        body,
        format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={input}.AQID-g")
    );
    assert!(!format!("{sa:?}").contains("MIIEfake"));

    assert_eq!(
        assemble_assertion(&input, &[]).unwrap_err().code(),
        "authentication"
    );
}

#[test]
fn token_responses_and_the_cache() {
    let ok = br#"{"access_token": "ya29.fresh", "expires_in": 3599, "token_type": "Bearer"}"#;
    let t = parse_token_response(200, ok, now()).unwrap();
    assert_eq!(t.token.expose(), "ya29.fresh");
    assert_eq!(t.expires_at, now().plus_secs(3599));
    assert!(!format!("{t:?}").contains("ya29"));

    let err = br#"{"error": "invalid_grant", "error_description": "Invalid JWT Signature."}"#;
    let e = parse_token_response(400, err, now()).unwrap_err();
    assert_eq!(e.code(), "authentication");
    assert!(e.message.contains("invalid_grant") && e.message.contains("Invalid JWT Signature."));
    assert_eq!(
        parse_token_response(503, b"oops", now())
            .unwrap_err()
            .code(),
        "server_error"
    );
    assert_eq!(
        parse_token_response(200, b"{}", now()).unwrap_err().code(),
        "decode"
    );

    let sa = service_account();
    let mut cache = TokenCache::new(300);
    assert!(cache.token_for(&sa, now()).is_none());
    cache.insert(
        sa.cache_key(),
        AccessToken {
            token: Secret::new("ya29.a"),
            expires_at: now().plus_secs(3600),
            issued_at: now(),
        },
    );
    assert_eq!(
        cache
            .token_for(&sa, now().plus_secs(3299))
            .map(Secret::expose),
        Some("ya29.a")
    );
    assert!(
        cache.token_for(&sa, now().plus_secs(3300)).is_none(),
        "expired within the margin"
    );
    cache.invalidate(&sa.cache_key());
    assert!(cache.token_for(&sa, now()).is_none());

    // A token that lives no longer than the margin (`expires_in` 300) is used for half its life,
    // not never.
    let short = br#"{"access_token": "ya29.short", "expires_in": 300}"#;
    cache.insert(
        sa.cache_key(),
        parse_token_response(200, short, now()).unwrap(),
    );
    assert_eq!(
        cache.token_for(&sa, now()).map(Secret::expose),
        Some("ya29.short")
    );
    assert!(cache.token_for(&sa, now().plus_secs(149)).is_some());
    assert!(cache.token_for(&sa, now().plus_secs(150)).is_none());
}

#[test]
fn bad_service_accounts_are_config_errors_without_the_key() {
    for (json, what) in [
        (
            r#"{"type": "authorized_user", "client_email": "a", "private_key": "SECRETPEM"}"#,
            "not supported",
        ),
        (r#"{"client_email": "a"}"#, "private_key"),
        (r#"{"private_key": "SECRETPEM"}"#, "client_email"),
        (
            r#"{"client_email": "a", "private_key": "SECRETPEM", "token_uri": "http://evil"}"#,
            "https",
        ),
        ("not json SECRETPEM", "not valid JSON"),
    ] {
        let e = ServiceAccount::from_json(json).unwrap_err();
        assert_eq!(e.code(), "config");
        assert!(e.message.contains(what), "{}", e.message);
        assert!(!e.message.contains("SECRETPEM"));
    }
}
