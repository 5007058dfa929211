//! `Client::embed_with` over the scripted transport: batches sent in order and rejoined,
//! faults retried as for chat (429 with `retry-after`, 5xx, a body cut mid-way), errors
//! classified and scrubbed, usage summed and priced, and the mock's vectors.

use super::{bedrock, cfg, req, CANARY};
use crate::common::script::{
    block_on, error_step, ok_json, scripted_client, token_answer, vertex_service_account, Fake,
    Script, Step,
};
use aster::client::Client;
use aster::embed::{EmbedRequest, InputType};
use aster::error::{ErrorKind, ProviderError};
use aster::provider::{ProviderConfig, ProviderKind};
use serde_json::{json, Value};
use std::rc::Rc;

fn client(c: ProviderConfig, script: &Rc<Script>) -> Client<Fake> {
    scripted_client(c, script, 2)
}

/// A Gemini batch answer whose vectors carry the global index of their text.
fn gemini_answer(from: usize, n: usize) -> Value {
    let e: Vec<Value> = (from..from + n)
        .map(|i| json!({"values": [i as f64, 1.0]}))
        .collect();
    json!({ "embeddings": e })
}

#[test]
fn batches_are_sent_in_order_and_rejoined() {
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().extend([
        ok_json(&gemini_answer(0, 100), 7),
        ok_json(&gemini_answer(100, 100), 1),
        ok_json(&gemini_answer(200, 30), 3),
    ]);
    let c = client(cfg(ProviderKind::Google, "gemini-embedding-001"), &script);
    let r = EmbedRequest {
        input: (0..230).map(|i| format!("text number {i}")).collect(),
        input_type: Some(InputType::Document),
        ..EmbedRequest::default()
    };
    let resp = block_on(c.embed_with(Fake(script.clone()), &r)).unwrap();
    assert_eq!(resp.embeddings.len(), 230);
    for (i, v) in resp.embeddings.iter().enumerate() {
        assert_eq!(v[0], i as f64);
    }
    let sent = script.sent.borrow();
    assert_eq!(sent.len(), 3);
    let second: Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(second["requests"].as_array().unwrap().len(), 100);
    assert_eq!(
        second["requests"][0]["content"]["parts"][0]["text"],
        "text number 100"
    );
    // Gemini reports no tokens: estimated, and priced from the catalog.
    assert!(resp.usage.estimated);
    assert!(resp.usage.input_tokens > 230);
    assert!(resp.usage.total_cost.is_some_and(|c| c > 0.0));
    assert_eq!(resp.model, "gemini-embedding-001");
}

fn openai_answer(n: usize, tokens: u64) -> Value {
    let data: Vec<Value> = (0..n)
        .map(|i| json!({"object": "embedding", "index": i, "embedding": [0.6, 0.8]}))
        .collect();
    json!({"object": "list", "data": data, "model": "text-embedding-3-small",
           "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})
}

#[test]
fn faults_are_retried_as_for_chat() {
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().extend([
        error_step(
            429,
            vec![("retry-after", "2".into())],
            r#"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
        ),
        error_step(503, vec![], r#"{"error":{"message":"overloaded","type":"server_error"}}"#),
        // A body cut mid-way: the connection drops after some bytes.
        {
            let body = serde_json::to_vec(&openai_answer(2, 6)).unwrap();
            Step::Respond {
                status: 200,
                headers: vec![("content-type", "application/json".into())],
                pieces: vec![body[..body.len() / 2].to_vec()],
                then: Some(ProviderError::network("connection reset")),
            }
        },
    ]);
    let c = client(cfg(ProviderKind::OpenAi, "text-embedding-3-small"), &script);
    let e = block_on(c.embed_with(Fake(script.clone()), &req(&["a", "b"]))).unwrap_err();
    // Two retries allowed: 429 → wait 2 s, 503 → backoff, then the reset is the last error.
    assert_eq!(e.kind, ErrorKind::NetworkError);
    assert_eq!(script.sent.borrow().len(), 3);
    assert_eq!(script.sleeps.borrow()[0], 2000);

    // The same faults, then success.
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().extend([
        error_step(429, vec![("retry-after", "1".into())], "{}"),
        {
            // A complete-looking response whose JSON is cut: also retried.
            let body = serde_json::to_vec(&openai_answer(2, 6)).unwrap();
            Step::Respond {
                status: 200,
                headers: vec![],
                pieces: vec![body[..body.len() - 10].to_vec()],
                then: None,
            }
        },
        ok_json(&openai_answer(2, 6), 5),
    ]);
    let c = client(cfg(ProviderKind::OpenAi, "text-embedding-3-small"), &script);
    let resp = block_on(c.embed_with(Fake(script.clone()), &req(&["a", "b"]))).unwrap();
    assert_eq!(resp.embeddings, vec![vec![0.6, 0.8], vec![0.6, 0.8]]);
    assert_eq!((resp.usage.input_tokens, resp.usage.estimated), (6, false));
    // 6 tokens at $0.02 per million.
    assert!((resp.usage.total_cost.unwrap() - 6.0 * 0.02 / 1e6).abs() < 1e-15);
    // The provider's wait first, then the client's backoff.
    assert_eq!(script.sleeps.borrow().len(), 2);
    assert_eq!(script.sleeps.borrow()[0], 1000);
}

#[test]
fn errors_are_classified_and_never_carry_the_key() {
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().push_back(error_step(
        401,
        vec![("x-request-id", "req_123".into())],
        &format!(
            r#"{{"error":{{"message":"Incorrect API key provided: {CANARY}","type":"invalid_request_error","code":"invalid_api_key"}}}}"#
        ),
    ));
    let c = client(cfg(ProviderKind::OpenAi, "text-embedding-3-small"), &script);
    let e = block_on(c.embed_with(Fake(script.clone()), &req(&["a"]))).unwrap_err();
    assert_eq!(e.kind, ErrorKind::AuthenticationError);
    assert_eq!(e.request_id.as_deref(), Some("req_123"));
    assert!(!format!("{e:?}").contains(CANARY));
    assert_eq!(script.sent.borrow().len(), 1, "not retried");
}

#[test]
fn bedrock_titan_one_call_per_text_tokens_summed() {
    let script = Rc::new(Script::default());
    for i in 0..3 {
        script.steps.borrow_mut().push_back(ok_json(
            &json!({"embedding": [i as f64, 0.5], "inputTextTokenCount": 4}),
            2,
        ));
    }
    let c = client(bedrock("amazon.titan-embed-text-v2:0"), &script);
    let resp = block_on(c.embed_with(Fake(script.clone()), &req(&["a", "b", "c"]))).unwrap();
    assert_eq!(resp.embeddings.len(), 3);
    assert_eq!(resp.embeddings[2][0], 2.0);
    assert_eq!(resp.usage.input_tokens, 12);
    assert!(resp.usage.total_cost.is_some());
    for s in script.sent.borrow().iter() {
        assert!(s
            .headers
            .get("authorization")
            .unwrap()
            .starts_with("AWS4-HMAC-SHA256"));
    }
}

#[test]
fn a_provider_without_embeddings_fails_before_any_request() {
    let script = Rc::new(Script::default());
    let c = client(cfg(ProviderKind::Anthropic, "claude-sonnet-4-5"), &script);
    let e = block_on(c.embed_with(Fake(script.clone()), &req(&["a"]))).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidRequest);
    assert!(
        e.message.contains("anthropic does not serve embeddings"),
        "{}",
        e.message
    );
    assert!(script.sent.borrow().is_empty());
}

#[test]
fn the_mock_embeds_deterministically_without_network() {
    let script = Rc::new(Script::default());
    let c = client(
        ProviderConfig::new(ProviderKind::Mock).with_model("embed"),
        &script,
    );
    let r = req(&["alpha", "beta", "alpha"]);
    let a = block_on(c.embed_with(Fake(script.clone()), &r)).unwrap();
    let b = block_on(c.embed_with(Fake(script.clone()), &r)).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.model, "embed");
    assert_eq!(a.embeddings[0], a.embeddings[2]);
    assert_ne!(a.embeddings[0], a.embeddings[1]);
    for v in &a.embeddings {
        assert_eq!(v.len(), 16);
        let n: f64 = v.iter().map(|x| x * x).sum();
        assert!((n - 1.0).abs() < 1e-5);
    }
    let mut r = r;
    r.dimensions = Some(3);
    let c3 = block_on(c.embed_with(Fake(script.clone()), &r)).unwrap();
    assert_eq!(c3.embeddings[0].len(), 3);
    assert!(a.usage.input_tokens > 0);
    assert!(script.sent.borrow().is_empty());
}

#[test]
fn vertex_service_account_token_exchange_comes_first() {
    let cfg = vertex_service_account("text-embedding-005", json!({}));
    let script = Rc::new(Script::default());
    script.steps.borrow_mut().extend([
        token_answer(3600),
        error_step(503, vec![], "busy"),
        ok_json(
            &json!({"predictions": [{"embeddings": {"values": [0.1, 0.2],
                "statistics": {"token_count": 3, "truncated": false}}}]}),
            2,
        ),
    ]);
    let c = client(cfg, &script);
    let resp = block_on(c.embed_with(Fake(script.clone()), &req(&["doc"]))).unwrap();
    assert_eq!(resp.embeddings, vec![vec![0.1, 0.2]]);
    assert_eq!(resp.usage.input_tokens, 3);
    let sent = script.sent.borrow();
    assert_eq!(
        sent.len(),
        3,
        "one exchange, then two attempts with the cached token"
    );
    assert_eq!(sent[0].url, "https://oauth2.googleapis.com/token");
    for s in &sent[1..] {
        assert!(
            s.url.ends_with("/models/text-embedding-005:predict"),
            "{}",
            s.url
        );
        assert_eq!(s.headers.get("authorization"), Some("Bearer ya29.token"));
    }
}

#[test]
fn a_provider_reported_cost_wins_over_the_catalog() {
    let script = Rc::new(Script::default());
    let mut body = openai_answer(1, 10);
    body["usage"]["cost"] = json!(0.00042);
    script.steps.borrow_mut().push_back(ok_json(&body, 1));
    let c = client(
        cfg(ProviderKind::OpenRouter, "openai/text-embedding-3-small"),
        &script,
    );
    let resp = block_on(c.embed_with(Fake(script.clone()), &req(&["a"]))).unwrap();
    assert_eq!(resp.usage.total_cost, Some(0.00042));
    assert_eq!(resp.usage.input_tokens, 10);
}
