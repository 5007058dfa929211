//! The client loop (build → send → classify → retry → decode) over a scripted transport:
//! retries before output, never after, retry-after honoured, credentials never in errors,
//! the Vertex token exchange through the signing hook, and the mock's pacing. The retry rules
//! are checked on both ways a stream is read: `next_batch` alone, and by the edge (the npm
//! package sends the first request and reads the body itself, see `drain_by_edge`).

use crate::common;
use aster::chunk::Chunk;
use aster::client::{Backend, ChunkStream, Client, Provider, ResponseBody, Transport};
use aster::decode::decode_stream;
use aster::error::{ErrorKind, ProviderError};
use aster::format::WireFormat;
use aster::message::{Message, Request};
use aster::provider::mock::MockConfig;
use aster::provider::{ProviderConfig, ProviderKind};
use std::rc::Rc;

use common::script::{
    block_on, drain, error_step, ok_sse, scripted_client, token_answer, vertex_service_account,
    Fake, Script, Step,
};
use common::CANARY_KEY as CANARY;
use serde_json::json;

#[test]
fn connection_failures_are_retried() {
    each_drain(|drain| {
        let script = Rc::new(Script::default());
        script.steps.borrow_mut().extend([
            Step::Fail(ProviderError::network("connection refused")),
            ok_sse(&corpus_body(STREAM), 333),
        ]);
        let (chunks, err) = drain(
            anthropic(&script, 1).stream(request()),
            &Fake(script.clone()),
        );
        assert!(err.is_none(), "{err:?}");
        assert_eq!(without_cost(&chunks), expected());
        assert_eq!(script.sent.borrow().len(), 2);
    });
}

fn corpus_body(rel: &str) -> Vec<u8> {
    std::fs::read(common::corpus_dir().join("cassettes").join(rel)).expect("corpus file")
}

fn anthropic(script: &Rc<Script>, retries: u32) -> Client<Fake> {
    let mut cfg = ProviderConfig::new(ProviderKind::Anthropic)
        .with_api_key(CANARY)
        .with_model("claude-sonnet-4-5");
    cfg.base_url = Some("http://replay.test/v1".into());
    scripted_client(cfg, script, retries)
}

fn request() -> Request {
    Request {
        messages: vec![Message::user("Hello")],
        max_tokens: Some(100),
        ..Request::default()
    }
}

/// Chunks compared without `totalCost`, which the client fills in from the price table while
/// the bare decoder leaves it empty.
fn without_cost(chunks: &[Chunk]) -> Vec<Chunk> {
    chunks
        .iter()
        .cloned()
        .map(|mut c| {
            if let Chunk::Usage(u) = &mut c {
                u.total_cost = None;
            }
            c
        })
        .collect()
}

const STREAM: &str = "anthropic/test_anthropic_advisor_tool_stream/00/body.sse";

fn expected() -> Vec<Chunk> {
    let d = decode_stream(WireFormat::Anthropic, "anthropic", &corpus_body(STREAM), 0);
    assert!(d.error.is_none(), "{:?}", d.error);
    d.chunks
}

#[test]
fn streams_a_recorded_body_like_the_decoder() {
    each_drain(|drain| {
        let script = Rc::new(Script::default());
        script
            .steps
            .borrow_mut()
            .push_back(ok_sse(&corpus_body(STREAM), 7));
        let client = anthropic(&script, 2);
        let (chunks, err) = drain(client.stream(request()), &Fake(script.clone()));
        assert!(err.is_none(), "{err:?}");
        assert_eq!(without_cost(&chunks), expected());
        // The price table fills in the cost the provider does not report.
        assert!(chunks
            .iter()
            .any(|c| matches!(c, Chunk::Usage(u) if u.total_cost.is_some_and(|c| c > 0.0))));
        let sent = script.sent.borrow();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].url, "http://replay.test/v1/messages");
        assert_eq!(sent[0].headers.get("x-api-key"), Some(CANARY));
    });
}

#[test]
fn retries_after_429_honouring_retry_after() {
    each_drain(|drain| {
        let script = Rc::new(Script::default());
        script.steps.borrow_mut().extend([
            error_step(
                429,
                vec![("retry-after", "2".into())],
                r#"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#,
            ),
            ok_sse(&corpus_body(STREAM), 64),
        ]);
        let (chunks, err) = drain(
            anthropic(&script, 2).stream(request()),
            &Fake(script.clone()),
        );
        assert!(err.is_none(), "{err:?}");
        assert_eq!(without_cost(&chunks), expected());
        assert_eq!(*script.sleeps.borrow(), vec![2000]);
        assert_eq!(script.sent.borrow().len(), 2);
    });
}

#[test]
fn retries_after_503_with_jittered_backoff() {
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().extend([
        error_step(503, vec![], "upstream unavailable"),
        ok_sse(&corpus_body(STREAM), 1000),
    ]);
    let (chunks, err) = drain(anthropic(&script, 2).stream(request()));
    assert!(err.is_none(), "{err:?}");
    assert_eq!(without_cost(&chunks), expected());
    // Full jitter with random() = 0.5 over the 1 s initial ceiling.
    assert_eq!(*script.sleeps.borrow(), vec![500]);
}

#[test]
fn gives_up_after_max_retries_with_the_last_error() {
    let script = Rc::new(Script::default());
    script
        .steps
        .borrow_mut()
        .extend([error_step(500, vec![], "{}"), error_step(500, vec![], "{}")]);
    let (chunks, err) = drain(anthropic(&script, 1).stream(request()));
    assert!(chunks.is_empty());
    let err = err.expect("error");
    assert_eq!(err.kind, ErrorKind::ServerError);
    assert_eq!(err.status, Some(500));
    assert_eq!(script.sent.borrow().len(), 2);
}

#[test]
fn never_retries_after_output_was_delivered() {
    each_drain(|drain| {
        let body = corpus_body(STREAM);
        // Cut the body after the first text delta so output reaches the caller, then reset.
        let cut = find(&body, b"text_delta").expect("a text delta") + 200;
        let script = Rc::new(Script::default());
        script.steps.borrow_mut().push_back(Step::Respond {
            status: 200,
            headers: vec![],
            pieces: vec![body[..cut].to_vec()],
            then: Some(ProviderError::network("connection reset")),
        });
        let (chunks, err) = drain(
            anthropic(&script, 3).stream(request()),
            &Fake(script.clone()),
        );
        let err = err.expect("the reset is reported");
        assert_eq!(err.kind, ErrorKind::NetworkError);
        assert!(chunks.iter().any(Chunk::is_output));
        // The usage of what was consumed, estimated, comes before the error.
        assert!(matches!(chunks.last(), Some(Chunk::Usage(u)) if u.estimated));
        assert_eq!(script.sent.borrow().len(), 1, "no retry");
        assert!(script.sleeps.borrow().is_empty());
    });
}

#[test]
fn retries_an_error_event_that_arrives_before_output() {
    each_drain(|drain| {
        let overloaded = b"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
        let script = Rc::new(Script::default());
        script
            .steps
            .borrow_mut()
            .extend([ok_sse(overloaded, 10), ok_sse(&corpus_body(STREAM), 100)]);
        let (chunks, err) = drain(
            anthropic(&script, 2).stream(request()),
            &Fake(script.clone()),
        );
        assert!(err.is_none(), "{err:?}");
        // The failed attempt's metadata was held back: nothing is duplicated.
        assert_eq!(without_cost(&chunks), expected());
        assert_eq!(script.sent.borrow().len(), 2);
        assert_eq!(script.sleeps.borrow().len(), 1, "one retry wait");
    });
}

#[test]
fn authentication_errors_are_not_retried_and_never_show_the_key() {
    let script = Rc::new(Script::default());
    let echo = format!(
        r#"{{"type":"error","error":{{"type":"authentication_error","message":"invalid x-api-key {CANARY}"}}}}"#
    );
    script.steps.borrow_mut().push_back(error_step(
        401,
        vec![("request-id", "req_123".into())],
        &echo,
    ));
    let (_, err) = drain(anthropic(&script, 3).stream(request()));
    let err = err.expect("error");
    assert_eq!(err.kind, ErrorKind::AuthenticationError);
    assert_eq!(err.request_id.as_deref(), Some("req_123"));
    assert_eq!(script.sent.borrow().len(), 1);
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(CANARY), "{shown}");
}

#[test]
fn an_aborted_retry_wait_ends_the_stream() {
    let script = Rc::new(Script {
        abort_sleeps: true,
        ..Script::default()
    });
    script
        .steps
        .borrow_mut()
        .push_back(error_step(503, vec![], "busy"));
    let (_, err) = drain(anthropic(&script, 3).stream(request()));
    assert_eq!(err.expect("error").kind, ErrorKind::Aborted);
    assert_eq!(script.sent.borrow().len(), 1);
}

#[test]
fn complete_and_stream_complete_fold_the_same_chunks() {
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().extend([
        ok_sse(&corpus_body(STREAM), 50),
        ok_sse(&corpus_body(STREAM), 50),
    ]);
    let client = anthropic(&script, 0);
    assert_eq!(client.get_active_model_name(), "claude-sonnet-4-5");
    let resp = block_on(client.complete(&request())).expect("complete");
    let mut acc = aster::Accumulator::new();
    acc.extend(&expected());
    assert_eq!(resp.text, acc.response().text);
    assert_eq!(resp.content, acc.response().content);
    let s = block_on(client.stream_complete(&request())).expect("started");
    let (chunks, err) = drain(s);
    assert!(err.is_none());
    assert_eq!(without_cost(&chunks), expected());
}

#[test]
fn vertex_service_accounts_exchange_a_signed_jwt_first() {
    vertex_exchange(3600);
}

/// A token google-auth would use once (`expires_in` 300 s, the cache's margin): used too.
#[test]
fn vertex_short_lived_tokens_are_used() {
    vertex_exchange(300);
}

fn vertex_exchange(expires_in: u64) {
    let cfg = vertex_service_account("claude-sonnet-4-5", json!({"location": "us-central1"}));
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().extend([
        token_answer(expires_in),
        error_step(503, vec![], "busy"),
        error_step(503, vec![], "busy"),
    ]);
    let client = scripted_client(cfg, &script, 1);
    let (_, err) = drain(client.stream(request()));
    let err = err.expect("503");
    assert_eq!(err.status, Some(503), "{err:?}");
    let sent = script.sent.borrow();
    assert_eq!(
        sent.len(),
        3,
        "one exchange, then two attempts with the cached token"
    );
    assert_eq!(sent[0].url, "https://oauth2.googleapis.com/token");
    let form = String::from_utf8_lossy(&sent[0].body);
    assert!(form.contains("assertion="), "{form}");
    assert!(
        form.contains("ZmFrZS1zaWduYXR1cmU"),
        "signature in the JWT: {form}"
    );
    for s in &sent[1..] {
        assert!(s.url.contains("aiplatform.googleapis.com"), "{}", s.url);
        assert_eq!(s.headers.get("authorization"), Some("Bearer ya29.token"));
    }
}

#[test]
fn the_mock_streams_with_pacing() {
    let script = Rc::new(Script::default());
    let mock = MockConfig {
        delay_ms: 25,
        chunk_size: 5,
        ..MockConfig::default()
    };
    let client = Client::new(Backend::Mock(mock), Fake(script.clone()));
    let (chunks, err) = drain(client.stream(request()));
    assert!(err.is_none());
    assert!(chunks.len() > 5);
    assert!(matches!(chunks.last(), Some(Chunk::Finish { .. })));
    // One pause before every chunk after the first; no network.
    assert_eq!(script.sleeps.borrow().len(), chunks.len() - 1);
    assert!(script.sleeps.borrow().iter().all(|&ms| ms == 25));
    assert!(script.sent.borrow().is_empty());
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn output_in_the_same_read_as_the_error_also_ends_retrying() {
    // Text and an error event in one piece: the caller has not seen the text yet, but the
    // decision must not depend on how the network split the body.
    let body = b"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    let script = Rc::new(Script::default());
    script
        .steps
        .borrow_mut()
        .extend([ok_sse(body, body.len()), ok_sse(&corpus_body(STREAM), 100)]);
    let (chunks, err) = drain(anthropic(&script, 3).stream(request()));
    assert_eq!(err.expect("the error").kind, ErrorKind::Overloaded);
    assert!(chunks
        .iter()
        .any(|c| matches!(c, Chunk::Text { text } if text == "Hi")));
    assert!(matches!(chunks.last(), Some(Chunk::Usage(u)) if u.estimated));
    assert_eq!(script.sent.borrow().len(), 1, "not retried");
}

/// Regression (fault matrix): a 200 HTML page from a proxy was decoded as a cut SSE stream, a
/// retryable network error, and retried into the same page.
#[test]
fn an_html_page_with_status_200_is_a_decode_error_not_retried() {
    let script = Rc::new(Script::default());
    let page = "<!DOCTYPE html><html><body><h1>Sign in to the Wi-Fi</h1></body></html>";
    script.steps.borrow_mut().push_back(error_step(
        200,
        vec![("content-type", "text/html; charset=utf-8".into())],
        page,
    ));
    let (chunks, err) = drain(anthropic(&script, 3).stream(request()));
    let err = err.expect("error");
    assert_eq!(err.kind, ErrorKind::Decode, "{err}");
    assert!(err.message.contains("HTML page"), "{err}");
    assert!(chunks.is_empty());
    assert_eq!(script.sent.borrow().len(), 1, "not retried");
}

/// Drains a stream the way the npm package does (js/core.js): the edge sends the first
/// attempt's request itself and reads a streamed body itself, handing each read to `feed`;
/// whatever has to wait in Rust (an error status to classify, a retry) goes through
/// `next_batch`, after which the edge takes the new body over.
fn drain_by_edge(mut s: ChunkStream<Fake>, transport: &Fake) -> Drained {
    let mut out = Vec::new();
    let mut body = s.send_request().and_then(|req| {
        s.on_response(block_on(transport.send(&req)));
        s.detach_body()
    });
    loop {
        let r = match body.as_mut() {
            Some(b) => {
                let read = block_on(b.next());
                let r = s.feed(read.as_ref().map(|p| p.as_deref()).map_err(Clone::clone));
                if !s.is_reading() {
                    // The end, a failure, or a retry to come: `next_batch` goes on.
                    body = None;
                }
                r
            }
            None => {
                let r = block_on(s.next_batch());
                if matches!(r, Ok(None)) {
                    return (out, None);
                }
                body = s.detach_body();
                r
            }
        };
        match r {
            Ok(Some(b)) => out.extend(b),
            Ok(None) => {}
            Err(e) => return (out, Some(e)),
        }
    }
}

type Drained = (Vec<Chunk>, Option<ProviderError>);

/// Both ways a stream is read: `next_batch` alone, and by the edge as the npm package does.
fn each_drain(mut test: impl FnMut(&dyn Fn(ChunkStream<Fake>, &Fake) -> Drained)) {
    test(&|s, _| drain(s));
    test(&drain_by_edge);
}

/// The edge's way really is taken: the first request comes out to be sent by the edge, and a
/// streamed 2xx body is handed over before any output; an error status is not.
#[test]
fn the_edge_sends_the_first_request_and_takes_a_streamed_body() {
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().extend([
        ok_sse(&corpus_body(STREAM), 333),
        error_step(503, vec![], "busy"),
    ]);
    let transport = Fake(script.clone());
    let client = anthropic(&script, 0);
    for streamed in [true, false] {
        let mut s = client.stream(request());
        let req = s.send_request().expect("the edge sends the first request");
        assert_eq!(req.url, "http://replay.test/v1/messages");
        assert!(s.send_request().is_none(), "one first request");
        s.on_response(block_on(transport.send(&req)));
        assert_eq!(s.is_reading(), streamed);
        assert_eq!(s.detach_body().is_some(), streamed);
    }
}
