//! The Worker's way of reading an HTTP upstream's stream (the body detached, each read fed to
//! `SseStream::feed` synchronously) sends the caller the same bytes as the pulled way
//! (`SseStream::next`): in every caller API, whatever the read sizes, and when the upstream
//! fails after output (a reset, a malformed event). So does the Worker's way of stepping a
//! request (`Call::step`: the first request sent and the first reads fed by the edge), and it
//! answers every failure before output (an error status, a reset, a malformed or empty
//! stream, the fallback to the next target) as `Call::run` does.

use super::caller::{call, call_by, Answer, Edge};
use super::script::{Script, Scripted};
use super::{anthropic_auth, corpus, env, openai_auth, CONFIG};
use aster::gateway::Gateway;
use serde_json::{json, Value};

/// The three ways over the same scripted upstream; returns the fed answer's body.
fn same(gw: &Gateway, up: &Scripted, path: &str, auth: &[(&str, &str)], req: &Value) -> String {
    let pulled = call(gw, &Script::new(vec![up.clone()]), path, auth, req);
    let fed = call_by(
        gw,
        &Script::new(vec![up.clone()]),
        path,
        auth,
        req,
        Edge::Fed,
    );
    let stepped = call_by(
        gw,
        &Script::new(vec![up.clone()]),
        path,
        auth,
        req,
        Edge::Stepped,
    );
    assert_eq!(pulled.status, 200, "{}", pulled.text());
    assert_eq!(fed.status, pulled.status);
    assert_eq!(fed.text(), pulled.text(), "{path}");
    assert_eq!(stepped.status, pulled.status);
    assert_eq!(stepped.text(), pulled.text(), "{path}");
    fed.text()
}

/// A request stepped by the edge and the same request run whole, each over its own copy of
/// the scripted upstreams: the same answer (status, headers, bytes) and the same upstream
/// requests.
fn same_stepped(
    gw: &Gateway,
    ups: &[Scripted],
    path: &str,
    auth: &[(&str, &str)],
    req: &Value,
) -> Answer {
    let run_script = Script::new(ups.to_vec());
    let run = call(gw, &run_script, path, auth, req);
    let step_script = Script::new(ups.to_vec());
    let stepped = call_by(gw, &step_script, path, auth, req, Edge::Stepped);
    assert_eq!(stepped.status, run.status, "{path}: {}", stepped.text());
    assert_eq!(stepped.text(), run.text(), "{path}");
    let pairs = |a: &Answer| {
        a.headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(pairs(&stepped), pairs(&run), "{path}");
    let urls = |s: &Script| s.sent().iter().map(|r| r.url.clone()).collect::<Vec<_>>();
    assert_eq!(urls(&step_script), urls(&run_script), "{path}");
    // Every streamed request to an HTTP upstream is stepped; the rest are run.
    let http_stream = req["stream"] == true && !req["model"].as_str().unwrap().starts_with("mock/");
    assert_eq!(stepped.stepped, http_stream, "{path} {req}");
    stepped
}

#[test]
fn stepped_calls_answer_failures_before_output_as_run_does() {
    let gw = Gateway::new(CONFIG, &env());
    let body = corpus("openai/test_openai_moderation_stream/00/body.sse");
    let anthropic = corpus("anthropic/test_anthropic_model_thinking_part_stream/00/body.sse");
    let reset_at_once = Scripted {
        status: 200,
        headers: vec![("content-type", "text/event-stream".into())],
        pieces: vec![],
        reset: true,
    };
    // A reset after the role chunk (metadata) but before any text.
    let first_event = body
        .windows(2)
        .position(|w| w == b"\n\n")
        .expect("an event")
        + 2;
    let mut reset_after_metadata = Scripted::sse(&body[..first_event], 50);
    reset_after_metadata.reset = true;
    let malformed = Scripted::sse(b"data: {\"choices\":[{\"delta\":\n\n", 5);
    let empty = Scripted::sse(b"", 1);
    let done_only = Scripted::sse(b"data: [DONE]\n\n", 3);
    let metadata_only = Scripted::sse(&body[..first_event], 7);
    let failures = [
        Scripted::error(500, "{\"error\":{\"message\":\"boom\"}}", &[]),
        Scripted::error(429, "{}", &[("retry-after", "1")]),
        Scripted::error(401, "{}", &[]),
        reset_at_once,
        reset_after_metadata,
        malformed,
        empty,
        done_only,
        metadata_only,
    ];
    let retrying = Gateway::new(
        &CONFIG.replace("max_retries = 0", "max_retries = 1"),
        &env(),
    );
    for failure in &failures {
        for (path, auth) in apis() {
            // Retried once on the same target where the failure is retryable.
            same_stepped(
                &retrying,
                &[failure.clone(), Scripted::sse(&body, 100)],
                path,
                &auth,
                &request(path, "openai/gpt-4o"),
            );
            // One target: the failure is the answer (or, for a stream without output that
            // ended cleanly, what the gateway makes of it).
            same_stepped(
                &gw,
                std::slice::from_ref(failure),
                path,
                &auth,
                &request(path, "openai/gpt-4o"),
            );
            // A fallback route: the next target answers, a stream or the mock.
            let a = same_stepped(
                &gw,
                &[failure.clone(), Scripted::sse(&anthropic, 64)],
                path,
                &auth,
                &request(path, "fallback"),
            );
            assert_eq!(a.status, 200, "{path}: {}", a.text());
            let a = same_stepped(
                &gw,
                &[failure.clone(), failure.clone()],
                path,
                &auth,
                &request(path, "fallback"),
            );
            assert_eq!(a.status, 200, "{path}: {}", a.text());
        }
    }
    // Not stepped, run: the mock, and a reply that is not streamed.
    let mut not_streamed = request("/v1/chat/completions", "openai/gpt-4o");
    not_streamed["stream"] = json!(false);
    let json_body = Scripted {
        status: 200,
        headers: vec![("content-type", "application/json".into())],
        pieces: vec![br#"{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}"#.to_vec()],
        reset: false,
    };
    let a = same_stepped(
        &gw,
        &[json_body],
        "/v1/chat/completions",
        &openai_auth(),
        &not_streamed,
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let a = same_stepped(
        &gw,
        &[],
        "/v1/chat/completions",
        &openai_auth(),
        &request("/v1/chat/completions", "mock/echo"),
    );
    assert_eq!(a.status, 200, "{}", a.text());
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
