//! The Worker's way of reading an HTTP upstream's stream (the body detached, each read fed to
//! `SseStream::feed` synchronously) sends the caller the same bytes as the pulled way
//! (`SseStream::next`): in every caller API, whatever the read sizes, and when the upstream
//! fails after output (a reset, a malformed event).

use super::caller::{call, call_fed};
use super::script::{Script, Scripted};
use super::{anthropic_auth, corpus, env, openai_auth, CONFIG};
use aster::gateway::Gateway;
use serde_json::{json, Value};

/// Both ways over the same scripted upstream; returns the fed answer's body.
fn same(gw: &Gateway, up: &Scripted, path: &str, auth: &[(&str, &str)], req: &Value) -> String {
    let pulled = call(gw, &Script::new(vec![up.clone()]), path, auth, req);
    let fed = call_fed(gw, &Script::new(vec![up.clone()]), path, auth, req);
    assert_eq!(pulled.status, 200, "{}", pulled.text());
    assert_eq!(fed.status, pulled.status);
    assert_eq!(fed.text(), pulled.text(), "{path}");
    fed.text()
}

/// A streamed request for `model` in the API of `path`.
fn request(path: &str, model: &str) -> Value {
    if path == "/v1/responses" {
        json!({"model": model, "stream": true, "input": "x"})
    } else {
        json!({"model": model, "stream": true, "max_tokens": 64,
               "stream_options": {"include_usage": true},
               "messages": [{"role": "user", "content": "x"}]})
    }
}

fn apis() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("/v1/chat/completions", openai_auth().to_vec()),
        ("/v1/messages", anthropic_auth().to_vec()),
        ("/v1/responses", openai_auth().to_vec()),
    ]
}

#[test]
fn fed_and_pulled_streams_send_the_same_bytes() {
    let gw = Gateway::new(CONFIG, &env());
    let cases = [
        (
            "openai/gpt-4o",
            corpus("openai/test_openai_moderation_stream/00/body.sse"),
        ),
        (
            "anthropic/claude-sonnet-4-5",
            corpus("anthropic/test_anthropic_model_thinking_part_stream/00/body.sse"),
        ),
    ];
    for (model, body) in &cases {
        for (path, auth) in apis() {
            let req = request(path, model);
            for piece in [1, 7, 100, body.len()] {
                let text = same(&gw, &Scripted::sse(body, piece), path, &auth, &req);
                assert!(
                    !text.contains("\"error\":{"),
                    "{model} {path} {piece}: {text}"
                );
            }
        }
    }
}

#[test]
fn fed_streams_end_with_the_same_error_after_output() {
    let gw = Gateway::new(CONFIG, &env());
    let body = corpus("openai/test_openai_moderation_stream/00/body.sse");
    let mut reset = Scripted::sse(&body[..900], 300);
    reset.reset = true;
    let start = body
        .windows(6)
        .rposition(|w| w == b"data: ")
        .expect("an event");
    let mut bad = body[..start].to_vec();
    bad.extend_from_slice(b"data: {\"choices\":[{\"delta\":\n\n");
    for up in [reset, Scripted::sse(&bad, 50)] {
        for (path, auth) in apis() {
            let text = same(&gw, &up, path, &auth, &request(path, "openai/gpt-4o"));
            assert!(text.contains("\"error\":{"), "{path}: {text}");
        }
    }
}
