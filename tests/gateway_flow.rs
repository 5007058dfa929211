//! The gateway end to end, natively: request head → body → targets → upstream (scripted, with
//! recorded corpus streams) → the bytes the caller gets. The same code runs in the Worker over
//! `fetch`; the JS tests in `tests/gateway/` run it there with the official clients.
#![cfg(feature = "gateway")]

use crate::common;
#[path = "gateway_flow/caller.rs"]
mod caller;
#[path = "gateway_flow/script.rs"]
mod script;

use aster::gateway::{Begin, Gateway, RequestHead};
use aster::provider::Env;
use caller::call;
use script::{Script, Scripted};
use serde_json::{json, Value};

const TOKEN: &str = "test-token-0123456789";

const CONFIG: &str = r#"
[providers.openai]
base_url = "http://127.0.0.1:9/v1"
[providers.anthropic]
base_url = "http://127.0.0.1:9/anthropic/v1"
[routes]
fast = "openai/gpt-4o-mini"
fallback = ["openai/gpt-4o", "anthropic/claude-sonnet-4-5", "mock/echo"]
[retry]
max_retries = 0
"#;

fn env() -> Env {
    [
        ("ASTER_GATEWAY_TOKEN", TOKEN),
        ("OPENAI_API_KEY", "sk-upstream-secret-1"),
        ("ANTHROPIC_API_KEY", "sk-ant-upstream-secret-2"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn corpus(rel: &str) -> Vec<u8> {
    std::fs::read(common::corpus_dir().join("cassettes").join(rel)).expect("corpus file")
}

fn openai_auth() -> [(&'static str, &'static str); 1] {
    [("authorization", "Bearer test-token-0123456789")]
}

fn anthropic_auth() -> [(&'static str, &'static str); 2] {
    [("x-api-key", TOKEN), ("anthropic-version", "2023-06-01")]
}

#[test]
fn mock_streams_to_an_openai_client() {
    let gw = Gateway::new("[mock]\nchunk_size = 4\ndelay_ms = 10\n", &env());
    let script = Script::default();
    let a = call(
        &gw,
        &script,
        "/v1/chat/completions",
        &openai_auth(),
        &json!({"model": "mock/echo", "stream": true, "stream_options": {"include_usage": true},
                "messages": [{"role": "user", "content": "hello"}]}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(
        a.headers.get("content-type"),
        Some("text/event-stream; charset=utf-8")
    );
    let events = a.events();
    let text: String = events
        .iter()
        .filter_map(|e| e["choices"][0]["delta"]["content"].as_str())
        .collect();
    assert_eq!(text, "This is the aster mock provider. You said: \"hello\"");
    assert!(events.iter().all(|e| e["model"] == "mock/echo"));
    let usage = &events.last().unwrap()["usage"];
    assert!(usage["prompt_tokens"].as_u64().unwrap() > 0);
    assert_eq!(usage["cost"], 0.0);
    assert!(a.text().ends_with("data: [DONE]\n\n"));
    // Paced: one chunk per step, so many pieces, not one buffered body.
    assert!(a.pieces > 10, "{} pieces", a.pieces);
    assert!(script.sent().is_empty(), "the mock makes no request");
}

#[test]
fn mock_completes_for_an_anthropic_client_with_reasoning() {
    let gw = Gateway::new("", &env());
    let a = call(
        &gw,
        &Script::default(),
        "/v1/messages",
        &anthropic_auth(),
        &json!({"model": "mock/reasoning", "max_tokens": 200,
                "messages": [{"role": "user", "content": "hi"}]}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["type"], "message");
    assert_eq!(v["model"], "mock/reasoning");
    assert_eq!(v["content"][0]["type"], "thinking");
    assert_eq!(v["content"][0]["signature"], "mock-signature");
    assert_eq!(v["content"][1]["type"], "text");
    assert_eq!(v["stop_reason"], "end_turn");
    assert_eq!(v["usage"]["cost"], 0.0);
    assert!(v["usage"]["output_tokens"].as_u64().unwrap() > 0);
}

#[test]
fn openai_stream_from_the_corpus_reaches_an_anthropic_client() {
    let gw = Gateway::new(CONFIG, &env());
    let script = Script::new(vec![Scripted::sse(
        &corpus("openai/test_openai_moderation_stream/00/body.sse"),
        7,
    )]);
    let a = call(
        &gw,
        &script,
        "/v1/messages",
        &anthropic_auth(),
        &json!({"model": "openai/gpt-5", "max_tokens": 100, "stream": true,
                "messages": [{"role": "user", "content": "What is the capital of France?"}]}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let events = a.events();
    assert_eq!(events[0]["type"], "message_start");
    assert_eq!(events[0]["message"]["model"], "openai/gpt-5");
    let text: String = events
        .iter()
        .filter_map(|e| e["delta"]["text"].as_str())
        .collect();
    assert_eq!(text, "Paris.");
    let delta = events
        .iter()
        .find(|e| e["type"] == "message_delta")
        .unwrap();
    assert_eq!(delta["usage"]["input_tokens"], 13);
    assert_eq!(delta["usage"]["output_tokens"], 11);
    assert!(delta["usage"]["cost"].as_f64().unwrap() > 0.0, "{delta}");
    assert_eq!(events.last().unwrap()["type"], "message_stop");

    // The upstream request: the operator's URL and key, none of the caller's headers.
    let sent = script.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url, "http://127.0.0.1:9/v1/chat/completions");
    assert_eq!(
        sent[0].headers.get("authorization"),
        Some("Bearer sk-upstream-secret-1")
    );
    assert!(sent[0].headers.get("x-api-key").is_none());
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(body["model"], "gpt-5");
    assert_eq!(body["stream"], true);
}

#[test]
fn anthropic_thinking_stream_reaches_an_openai_client_whole() {
    let gw = Gateway::new(CONFIG, &env());
    let script = Script::new(vec![Scripted::sse(
        &corpus("anthropic/test_anthropic_model_thinking_part_stream/00/body.sse"),
        50,
    )]);
    let a = call(
        &gw,
        &script,
        "/v1/chat/completions",
        &openai_auth(),
        &json!({"model": "anthropic/claude-sonnet-4-5",
                "messages": [{"role": "user", "content": "How do I cross the street?"}]}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["object"], "chat.completion");
    let msg = &v["choices"][0]["message"];
    assert!(msg["reasoning_content"]
        .as_str()
        .unwrap()
        .starts_with("This is"));
    assert!(!msg["content"].as_str().unwrap().is_empty());
    assert_eq!(v["choices"][0]["finish_reason"], "stop");
    assert_eq!(v["usage"]["prompt_tokens"], 43);
    assert!(v["usage"]["cost"].as_f64().unwrap() > 0.0);
    assert_eq!(
        script.sent()[0].url,
        "http://127.0.0.1:9/anthropic/v1/messages"
    );
    assert_eq!(
        script.sent()[0].headers.get("x-api-key"),
        Some("sk-ant-upstream-secret-2")
    );
}

#[test]
fn the_token_is_required() {
    let gw = Gateway::new("", &env());
    let body = json!({"model": "mock/echo", "messages": [{"role": "user", "content": "x"}]});
    let s = Script::default();
    let a = call(&gw, &s, "/v1/chat/completions", &[], &body);
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error"]["type"], "authentication_error");
    let a = call(
        &gw,
        &s,
        "/v1/chat/completions",
        &[("authorization", "Bearer test-token-0123456789x")],
        &body,
    );
    assert_eq!(a.status, 401);
    let a = call(&gw, &s, "/v1/messages", &[("x-api-key", "nope")], &body);
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["type"], "error");
    assert_eq!(a.json()["error"]["type"], "authentication_error");
    // No token configured: refused, never open.
    let mut e = env();
    e.remove("ASTER_GATEWAY_TOKEN");
    let a = call(
        &Gateway::new("", &e),
        &s,
        "/v1/chat/completions",
        &openai_auth(),
        &body,
    );
    assert_eq!(a.status, 500);
    assert!(a.text().contains("ASTER_GATEWAY_TOKEN"));
    e.insert("ASTER_GATEWAY_TOKEN".into(), "short".into());
    let a = call(
        &Gateway::new("", &e),
        &s,
        "/v1/chat/completions",
        &openai_auth(),
        &body,
    );
    assert_eq!(a.status, 500);
}

#[test]
fn oversized_bodies_get_413() {
    let gw = Gateway::new("max_body_bytes = 200\n", &env());
    let big =
        json!({"model": "mock/echo", "messages": [{"role": "user", "content": "x".repeat(300)}]});
    let a = call(
        &gw,
        &Script::default(),
        "/v1/messages",
        &anthropic_auth(),
        &big,
    );
    assert_eq!(a.status, 413);
    assert_eq!(a.json()["error"]["type"], "request_too_large");
    // Without a Content-Length, the count while reading decides.
    let head = RequestHead {
        method: "POST".into(),
        url: "http://127.0.0.1:8787/v1/chat/completions".into(),
        headers: openai_auth().into_iter().collect(),
        request_id: "req_test".into(),
    };
    let Begin::ReadBody(p) = gw.begin(&head) else {
        panic!("expected to read the body")
    };
    assert_eq!(p.limit(), 200);
    let r = p.finish(&serde_json::to_vec(&big).unwrap(), 0).unwrap_err();
    assert_eq!(r.status, 413);
}

#[test]
fn upstream_errors_come_back_in_each_api_shape() {
    let gw = Gateway::new(CONFIG, &env());
    let rate = r#"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#;
    let req = json!({"model": "fast", "max_tokens": 10, "stream": true,
                     "messages": [{"role": "user", "content": "x"}]});
    let s = Script::new(vec![Scripted::error(429, rate, &[("retry-after", "7")])]);
    let a = call(&gw, &s, "/v1/chat/completions", &openai_auth(), &req);
    assert_eq!(a.status, 429);
    assert_eq!(a.headers.get("retry-after"), Some("7"));
    assert_eq!(a.json()["error"]["message"], "Rate limit reached");
    assert_eq!(a.json()["error"]["type"], "rate_limit_error");

    let s = Script::new(vec![Scripted::error(503, "upstream unavailable", &[])]);
    let a = call(&gw, &s, "/v1/messages", &anthropic_auth(), &req);
    assert_eq!(a.status, 503);
    assert_eq!(a.json()["type"], "error");
    assert_eq!(a.json()["error"]["type"], "api_error");
    assert!(!a.text().contains("sk-upstream"));
}

#[test]
fn a_reset_after_output_ends_the_stream_with_an_error_event() {
    let gw = Gateway::new(CONFIG, &env());
    let body = corpus("openai/test_openai_moderation_stream/00/body.sse");
    let mut cut = Scripted::sse(&body[..900], 300);
    cut.reset = true;
    let req = json!({"model": "openai/gpt-5", "max_tokens": 10, "stream": true,
                     "messages": [{"role": "user", "content": "x"}]});
    let a = call(
        &gw,
        &Script::new(vec![cut.clone()]),
        "/v1/messages",
        &anthropic_auth(),
        &req,
    );
    assert_eq!(a.status, 200);
    let text = a.text();
    assert!(text.contains("\"text\":\"Paris\""), "{text}");
    assert!(text.ends_with("\n\n"));
    let last = a.events().pop().unwrap();
    assert_eq!(last["type"], "error");
    assert_eq!(last["error"]["type"], "api_error");

    let a = call(
        &gw,
        &Script::new(vec![cut]),
        "/v1/chat/completions",
        &openai_auth(),
        &req,
    );
    assert_eq!(a.status, 200);
    let last = a.events().pop().unwrap();
    assert!(
        last["error"]["message"].as_str().unwrap().contains("reset"),
        "{last}"
    );
}

#[test]
fn fallback_moves_on_before_output_only() {
    let gw = Gateway::new(CONFIG, &env());
    let req = json!({"model": "fallback", "stream": true, "max_tokens": 50,
                     "messages": [{"role": "user", "content": "ping"}]});
    // openai: 500; anthropic: reset before any byte; then the mock answers.
    let reset = Scripted {
        status: 200,
        headers: vec![("content-type", "text/event-stream".into())],
        pieces: vec![],
        reset: true,
    };
    let s = Script::new(vec![Scripted::error(500, "{}", &[]), reset]);
    let a = call(&gw, &s, "/v1/chat/completions", &openai_auth(), &req);
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(a.text().contains("\"id\":\"mock-"), "{}", a.text());
    assert_eq!(s.sent().len(), 2);
    assert!(s.sent()[1].url.ends_with("/anthropic/v1/messages"));

    // Output already sent: no fallback, the stream ends with the error.
    let body = corpus("openai/test_openai_moderation_stream/00/body.sse");
    let mut cut = Scripted::sse(&body[..900], 900);
    cut.reset = true;
    let s = Script::new(vec![cut]);
    let a = call(&gw, &s, "/v1/chat/completions", &openai_auth(), &req);
    assert_eq!(s.sent().len(), 1);
    assert!(!a.text().contains("\"id\":\"mock-"));
    assert!(a.events().last().unwrap().get("error").is_some());
}

#[test]
fn routing_errors_and_caller_urls() {
    let gw = Gateway::new(CONFIG, &env());
    let s = Script::default();
    for model in ["gpt-4o", "google/gemini-2.5-pro", "http://evil.test/v1"] {
        let req = json!({"model": model, "messages": [{"role": "user", "content": "x"}]});
        let a = call(&gw, &s, "/v1/chat/completions", &openai_auth(), &req);
        assert_eq!(a.status, 404, "{model}");
        assert_eq!(a.json()["error"]["code"], "model_not_found");
    }
    assert!(s.sent().is_empty());
    let a = call(&gw, &s, "/v1/messages", &anthropic_auth(), &json!([1]));
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"]["type"], "invalid_request_error");
}

#[test]
fn cors_preflight_models_and_health() {
    let gw = Gateway::new("cors_origins = [\"https://app.example\"]\n", &env());
    let head = |method: &str, path: &str, h: &[(&str, &str)]| RequestHead {
        method: method.into(),
        url: format!("http://127.0.0.1:8787{path}"),
        headers: h.iter().map(|(k, v)| (*k, *v)).collect(),
        request_id: "req_test".into(),
    };
    let reply = |b: Begin| match b {
        Begin::Reply(r) => r,
        Begin::ReadBody(_) => panic!("expected a reply"),
    };
    let r = reply(gw.begin(&head(
        "OPTIONS",
        "/v1/chat/completions",
        &[
            ("origin", "https://app.example"),
            (
                "access-control-request-headers",
                "authorization, content-type",
            ),
        ],
    )));
    assert_eq!(r.status, 204);
    assert_eq!(
        r.headers.get("access-control-allow-origin"),
        Some("https://app.example")
    );
    let r = reply(gw.begin(&head(
        "POST",
        "/v1/messages",
        &[("origin", "https://evil.example")],
    )));
    assert_eq!(r.status, 403);
    assert!(r.headers.get("access-control-allow-origin").is_none());
    let r = reply(gw.begin(&head("GET", "/health", &[])));
    assert_eq!(
        (r.status, r.body.as_slice()),
        (200, &b"{\"status\":\"ok\"}"[..])
    );
    let r = reply(gw.begin(&head("GET", "/v1/models", &[])));
    assert_eq!(r.status, 401);
    let r = reply(gw.begin(&head("GET", "/v1/models", &openai_auth())));
    let v: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["object"], "list");
    assert!(v["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"] == "mock/echo"));
    assert!(v["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"] == "openai/gpt-4o"));
    let r = reply(gw.begin(&head("GET", "/v1/chat/completions", &openai_auth())));
    assert_eq!(r.status, 405);
    assert_eq!(r.headers.get("allow"), Some("POST, OPTIONS"));
}

#[test]
fn bad_configuration_answers_500_without_secrets() {
    let gw = Gateway::new("[providers.openai]\napi_key = \"sk-in-config\"\n", &env());
    assert!(gw.config_error().is_some());
    let req = json!({"model": "mock/echo", "messages": [{"role": "user", "content": "x"}]});
    let a = call(
        &gw,
        &Script::default(),
        "/v1/chat/completions",
        &openai_auth(),
        &req,
    );
    assert_eq!(a.status, 500);
    assert!(a.text().contains("api_key_env"));
    assert!(!a.text().contains("sk-in-config"));
}

/// Regression (gateway fault matrix): malformed data before any output used to be answered 200
/// with a stream of only an error event (the client hands over its held-back metadata with the
/// failure), so the caller got a broken stream instead of an error and no fallback was tried.
#[test]
fn a_decode_error_before_output_is_a_plain_error_and_falls_back() {
    let gw = Gateway::new(CONFIG, &env());
    let bad = b"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\n\n";
    let req = json!({"model": "anthropic/claude-sonnet-4-5", "max_tokens": 10, "stream": true,
                     "messages": [{"role": "user", "content": "x"}]});
    for (path, auth) in [
        ("/v1/chat/completions", &openai_auth()[..]),
        ("/v1/messages", &anthropic_auth()[..]),
    ] {
        let s = Script::new(vec![Scripted::sse(bad, 17)]);
        let a = call(&gw, &s, path, auth, &req);
        assert_eq!(a.status, 502, "{path}: {}", a.text());
    }
    // Through a fallback route, the next target answers.
    let req = json!({"model": "fallback", "stream": true, "max_tokens": 50,
                     "messages": [{"role": "user", "content": "ping"}]});
    let s = Script::new(vec![
        Scripted::error(500, "{}", &[]),
        Scripted::sse(bad, 17),
    ]);
    let a = call(&gw, &s, "/v1/chat/completions", &openai_auth(), &req);
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(a.text().contains("\"id\":\"mock-"), "{}", a.text());
}

/// The kind travels, the name labels: a section of kind OpenAI under another name encodes,
/// reads usage and prices exactly as `openai` does.
#[test]
fn a_section_of_kind_openai_under_another_name_is_openai() {
    let config = format!(
        "{CONFIG}\n[providers.work-openai]\ntype = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\n"
    );
    let gw = Gateway::new(&config, &env());
    let mut answers = Vec::new();
    for model in ["openai/gpt-5", "work-openai/gpt-5"] {
        let script = Script::new(vec![Scripted::sse(
            &corpus("openai/test_openai_moderation_stream/00/body.sse"),
            7,
        )]);
        let a = call(
            &gw,
            &script,
            "/v1/messages",
            &anthropic_auth(),
            &json!({"model": model, "max_tokens": 100, "stream": true,
                    "messages": [{"role": "user", "content": "What is the capital of France?"}]}),
        );
        assert_eq!(a.status, 200, "{}", a.text());
        let delta = a
            .events()
            .into_iter()
            .find(|e| e["type"] == "message_delta")
            .unwrap();
        let sent: Value = serde_json::from_slice(&script.sent()[0].body).unwrap();
        answers.push((delta["usage"].clone(), sent));
    }
    assert_eq!(answers[0], answers[1]);
    assert!(
        answers[1].0["cost"].as_f64().unwrap() > 0.0,
        "{:?}",
        answers[1]
    );
}

#[test]
fn embeddings_route_fall_back_and_price() {
    let config = CONFIG.replacen(
        "[routes]\n",
        "[routes]\nembed = [\"openai/text-embedding-3-small\", \"mock/embed\"]\n",
        1,
    );
    let gw = Gateway::new(&config, &env());
    let ok = Scripted {
        status: 200,
        headers: vec![("content-type", "application/json".into())],
        pieces: vec![br#"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":3,"total_tokens":3}}"#.to_vec()],
        reset: false,
    };
    let s = Script::new(vec![ok]);
    let a = call(
        &gw,
        &s,
        "/v1/embeddings",
        &openai_auth(),
        &json!({"model": "openai/text-embedding-3-small", "input": "hello", "encoding_format": "base64"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    // 0.6f32, 0.8f32 little-endian.
    let mut bytes = Vec::new();
    for x in [0.6f32, 0.8] {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    use base64::Engine;
    let want = base64::engine::general_purpose::STANDARD.encode(bytes);
    assert_eq!(v["data"][0]["embedding"], want.as_str());
    assert_eq!(v["usage"]["prompt_tokens"], 3);
    assert!(v["usage"]["cost"].as_f64().unwrap() > 0.0);
    let sent = s.sent();
    assert_eq!(sent[0].url, "http://127.0.0.1:9/v1/embeddings");
    assert!(!String::from_utf8_lossy(&sent[0].body).contains("encoding_format"));

    // The first target fails before anything was sent: the next one answers.
    let s = Script::new(vec![Scripted::error(500, "{}", &[])]);
    let a = call(
        &gw,
        &s,
        "/v1/embeddings",
        &openai_auth(),
        &json!({"model": "embed", "input": ["a", "b"], "dimensions": 4}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["model"], "embed");
    assert_eq!(v["data"][1]["embedding"].as_array().unwrap().len(), 4);
    assert_eq!(s.sent().len(), 1);

    // A provider without embeddings, in the OpenAI error shape.
    let a = call(
        &gw,
        &Script::default(),
        "/v1/embeddings",
        &openai_auth(),
        &json!({"model": "anthropic/claude-sonnet-4-5", "input": "x"}),
    );
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"]["type"], "invalid_request_error");
}

#[path = "gateway_flow/fed.rs"]
mod fed;
#[path = "gateway_flow/surface.rs"]
mod surface;
