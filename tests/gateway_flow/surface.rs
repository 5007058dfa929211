//! The gateway's newer surface, natively: `/v1/responses` (stream and object, a tool loop
//! turn), `count_tokens`, `GET /v1/models/{id}`, request ids, the `message_start` input
//! tokens, and what the real APIs refuse.

use super::caller::call;
use super::script::{Script, Scripted};
use super::{anthropic_auth, corpus, env, openai_auth, CONFIG};
use aster::gateway::Gateway;
use serde_json::{json, Value};

fn types(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["type"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn responses_stream_from_the_mock() {
    let gw = Gateway::new("", &env());
    let a = call(
        &gw,
        &Script::default(),
        "/v1/responses",
        &openai_auth(),
        &json!({"model": "mock/reasoning", "stream": true, "input": "What is the weather in Oslo?",
                "tools": [{"type": "function", "name": "get_weather",
                           "parameters": {"type": "object", "properties": {"location": {"type": "string"}}}}]}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.headers.get("x-request-id"), Some("req_test"));
    let ev = a.events();
    let t = types(&ev);
    assert_eq!(t[0], "response.created");
    assert_eq!(t.last().unwrap(), "response.completed");
    assert!(t
        .iter()
        .any(|x| x == "response.reasoning_summary_text.delta"));
    let args: String = ev
        .iter()
        .filter(|e| e["type"] == "response.function_call_arguments.delta")
        .filter_map(|e| e["delta"].as_str())
        .collect();
    assert_eq!(
        serde_json::from_str::<Value>(&args).unwrap(),
        json!({"location": "Oslo"})
    );
    let done = &ev.last().unwrap()["response"];
    assert!(
        done["usage"]["output_tokens_details"]["reasoning_tokens"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(done["model"], "mock/reasoning");
}

#[test]
fn responses_object_with_a_tool_result_from_an_anthropic_upstream() {
    let gw = Gateway::new(CONFIG, &env());
    let script = Script::new(vec![Scripted::sse(
        &corpus("anthropic/test_anthropic_model_thinking_part_stream/00/body.sse"),
        29,
    )]);
    let a = call(
        &gw,
        &script,
        "/v1/responses",
        &openai_auth(),
        &json!({"model": "anthropic/claude-sonnet-4-5", "instructions": "Be brief.",
                "max_output_tokens": 3000,
                "input": [
                    {"role": "user", "content": "weather?"},
                    {"type": "function_call", "call_id": "c1", "name": "get_weather", "arguments": "{}"},
                    {"type": "function_call_output", "call_id": "c1", "output": "sunny"}]}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["object"], "response");
    assert_eq!(v["status"], "completed");
    assert_eq!(v["output"][0]["type"], "reasoning");
    assert!(v["usage"]["input_tokens"].as_u64().unwrap() > 0);
    let sent: Value = serde_json::from_slice(&script.sent()[0].body).unwrap();
    assert_eq!(sent["max_tokens"], 3000);
    assert_eq!(sent["system"][0]["text"], "Be brief.");
    assert_eq!(sent["messages"][1]["content"][0]["type"], "tool_use");
    assert_eq!(sent["messages"][2]["content"][0]["type"], "tool_result");
}

#[test]
fn count_tokens_models_and_refusals() {
    let gw = Gateway::new(CONFIG, &env());
    let hi = json!([{"role": "user", "content": "hi"}]);
    // Anthropic has a counting API: asked, with the operator's key, and passed through.
    let script = Script::new(vec![Scripted {
        status: 200,
        headers: vec![
            ("content-type", "application/json".into()),
            ("request-id", "req_up".into()),
        ],
        pieces: vec![br#"{"input_tokens": 21}"#.to_vec()],
        reset: false,
    }]);
    let a = call(
        &gw,
        &script,
        "/v1/messages/count_tokens",
        &anthropic_auth(),
        &json!({"model": "anthropic/claude-sonnet-4-5", "messages": hi}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["input_tokens"], 21);
    assert_eq!(a.headers.get("x-aster-estimated"), Some("false"));
    assert_eq!(a.headers.get("request-id"), Some("req_test"));
    let sent = &script.sent()[0];
    assert_eq!(
        sent.url,
        "http://127.0.0.1:9/anthropic/v1/messages/count_tokens"
    );
    assert_eq!(
        sent.headers.get("x-api-key"),
        Some("sk-ant-upstream-secret-2")
    );
    // OpenAI has none: the estimate, flagged, nothing sent.
    let script = Script::default();
    let a = call(
        &gw,
        &script,
        "/v1/messages/count_tokens",
        &anthropic_auth(),
        &json!({"model": "openai/gpt-4o", "messages": hi}),
    );
    assert!(a.json()["input_tokens"].as_u64().unwrap() > 0);
    assert_eq!(a.headers.get("x-aster-estimated"), Some("true"));
    assert!(script.sent().is_empty());

    // Refused as the real APIs refuse them, with the request id.
    for (path, auth, body) in [
        (
            "/v1/chat/completions",
            &openai_auth()[..],
            json!({"model": "mock/echo", "messages": []}),
        ),
        (
            "/v1/messages",
            &anthropic_auth()[..],
            json!({"model": "mock/echo", "max_tokens": 5, "messages": []}),
        ),
        (
            "/v1/messages",
            &anthropic_auth()[..],
            json!({"model": "mock/echo", "messages": hi}),
        ),
    ] {
        let a = call(&gw, &Script::default(), path, auth, &body);
        assert_eq!(a.status, 400, "{path} {body}");
        assert_eq!(a.headers.get("x-request-id"), Some("req_test"));
    }
}

#[test]
fn request_ids_and_message_start_usage_from_the_upstream() {
    let gw = Gateway::new(CONFIG, &env());
    let mut up = Scripted::sse(
        &corpus("anthropic/test_anthropic_model_thinking_part_stream/00/body.sse"),
        31,
    );
    up.headers.push(("request-id", "req_from_anthropic".into()));
    let a = call(
        &gw,
        &Script::new(vec![up]),
        "/v1/messages",
        &anthropic_auth(),
        &json!({"model": "anthropic/claude-sonnet-4-5", "max_tokens": 100, "stream": true,
                "messages": [{"role": "user", "content": "hi"}]}),
    );
    assert_eq!(a.headers.get("request-id"), Some("req_from_anthropic"));
    assert_eq!(a.headers.get("x-request-id"), Some("req_from_anthropic"));
    let ev = a.events();
    let start = ev[0]["message"]["usage"]["input_tokens"].as_u64().unwrap();
    let end = ev.iter().find(|e| e["type"] == "message_delta").unwrap()["usage"]["input_tokens"]
        .as_u64()
        .unwrap();
    assert!(start > 0);
    assert_eq!(start, end, "the upstream's own count, before and after");

    // An OpenAI upstream reports nothing before the end: the estimate.
    let a = call(
        &gw,
        &Script::new(vec![Scripted::sse(
            &corpus("openai/test_openai_moderation_stream/00/body.sse"),
            7,
        )]),
        "/v1/messages",
        &anthropic_auth(),
        &json!({"model": "openai/gpt-5", "max_tokens": 100, "stream": true,
                "messages": [{"role": "user", "content": "What is the capital of France?"}]}),
    );
    assert!(
        a.events()[0]["message"]["usage"]["input_tokens"]
            .as_u64()
            .unwrap()
            > 0
    );
}

#[test]
fn models_by_id() {
    use aster::gateway::{Begin, RequestHead};
    let gw = Gateway::new(CONFIG, &env());
    let get = |path: &str, h: &[(&str, &str)]| {
        let head = RequestHead {
            method: "GET".into(),
            url: format!("http://127.0.0.1:8787{path}"),
            headers: h.iter().map(|(k, v)| (*k, *v)).collect(),
            request_id: "req_get".into(),
        };
        match gw.begin(&head) {
            Begin::Reply(r) => r,
            Begin::ReadBody(_) => panic!("a GET reads no body"),
        }
    };
    let r = get("/v1/models/mock%2Fecho", &openai_auth());
    assert_eq!(r.status, 200);
    let v: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        (v["id"].as_str(), v["object"].as_str()),
        (Some("mock/echo"), Some("model"))
    );
    assert_eq!(r.headers.get("x-request-id"), Some("req_get"));
    let r = get("/v1/models/fast", &anthropic_auth());
    let v: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["type"], "model");
    assert_eq!(r.headers.get("request-id"), Some("req_get"));
    let r = get("/v1/models/google/gemini-2.5-pro", &openai_auth());
    assert_eq!(r.status, 404, "google has no key here");
    let r = get("/v1/models/mock%2Fecho", &[]);
    assert_eq!(r.status, 401);
    assert_eq!(r.headers.get("x-request-id"), Some("req_get"));
}
