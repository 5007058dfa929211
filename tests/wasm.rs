//! Tests of the wasm bindings, run by `wasm-pack test --node` and `wasm-pack test --headless
//! --chrome`: decoding, error objects, the mock stream through the JS-facing handle, and the
//! browser guard (which differs between a page and Node).
#![cfg(target_arch = "wasm32")]

use aster::error::{ErrorKind, ProviderError};
use aster::wasm::api::{decode_body_js, WasmClient, WasmDecoder};
use aster::wasm::error::to_js_error;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

/// A small Anthropic stream written for this test (message_start → text → tool call → stop).
const SSE: &str = concat!(
    "event: message_start\n",
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_w\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n",
    "event: content_block_start\n",
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
    "event: content_block_delta\n",
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Héllo\"}}\n\n",
    "event: content_block_stop\n",
    "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
    "event: content_block_start\n",
    "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
    "event: content_block_delta\n",
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\":\"}}\n\n",
    "event: content_block_delta\n",
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}\n\n",
    "event: content_block_stop\n",
    "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
    "event: message_delta\n",
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n",
    "event: message_stop\n",
    "data: {\"type\":\"message_stop\"}\n\n",
);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn parse(text: &str) -> Array {
    JSON::parse(text).expect("JSON").unchecked_into()
}

/// The chunks of one stream read: the batch string of `aster::wasm::batch` (records
/// `<tag><length>:<payload>`, the length in UTF-16 units; `t` text, `r` plain reasoning, `s`
/// reasoning with a second payload, its signature, `j` a chunk's JSON), read as `decodeBatch`
/// in js/core.js reads it.
fn parse_batch(text: &str) -> Array {
    let units: Vec<u16> = text.encode_utf16().collect();
    let out = Array::new();
    let mut i = 0;
    // The payload `<length>:<text>` at `i`; `i` moves past it.
    let payload = |i: &mut usize| {
        let mut j = *i;
        let mut n = 0usize;
        while units[j] != u16::from(b':') {
            n = n * 10 + usize::from(units[j] - u16::from(b'0'));
            j += 1;
        }
        *i = j + 1 + n;
        String::from_utf16(&units[j + 1..j + 1 + n]).expect("UTF-16")
    };
    while i < units.len() {
        let tag = units[i];
        i += 1;
        let p = payload(&mut i);
        let o = js_sys::Object::new();
        let set = |k: &str, v: &str| Reflect::set(&o, &k.into(), &v.into()).expect("set");
        let chunk = match u8::try_from(tag).expect("an ASCII tag") {
            b't' => {
                set("type", "text");
                set("text", &p);
                o.into()
            }
            b'r' | b's' => {
                set("type", "reasoning");
                set("reasoning", &p);
                if tag == u16::from(b's') {
                    set("signature", &payload(&mut i));
                }
                o.into()
            }
            b'j' => JSON::parse(&p).expect("a chunk's JSON"),
            other => panic!("unknown batch record tag {other}"),
        };
        out.push(&chunk);
    }
    out
}

fn types(chunks: &Array) -> Vec<String> {
    chunks
        .iter()
        .map(|c| get(&c, "type").as_string().unwrap_or_default())
        .collect()
}

fn in_page() -> bool {
    let g = js_sys::global();
    !get(&g, "window").is_undefined() && !get(&g, "document").is_undefined()
}

#[wasm_bindgen_test]
fn decodes_a_stream_whole_and_byte_by_byte() {
    let whole = decode_body_js("anthropic", SSE.as_bytes(), "anthropic", None).expect("decode");
    let chunks = parse(&whole);
    assert_eq!(
        types(&chunks),
        [
            "metadata",
            "text",
            "tool_call_start",
            "tool_call_delta",
            "tool_call_delta",
            "tool_call",
            "usage",
            "finish"
        ]
    );
    let call = chunks.get(5);
    assert_eq!(
        get(&get(&call, "input"), "location").as_string().as_deref(),
        Some("Paris")
    );
    assert_eq!(
        get(&chunks.get(7), "reason").as_string().as_deref(),
        Some("tool_calls")
    );

    let mut d = WasmDecoder::new("anthropic", "anthropic", "").expect("decoder");
    let mut pieces = Vec::new();
    for b in SSE.as_bytes() {
        pieces.extend(parse(&d.feed(&[*b]).expect("feed")).iter());
    }
    pieces.extend(parse(&d.finish().expect("finish")).iter());
    let again = JSON::stringify(&pieces.into_iter().collect::<Array>()).expect("json");
    assert_eq!(again.as_string().as_deref(), Some(whole.as_str()));
}

#[wasm_bindgen_test]
fn a_truncated_stream_throws_with_the_chunks_so_far() {
    let cut = SSE.find("content_block_stop").expect("cut point");
    let err = decode_body_js("anthropic", &SSE.as_bytes()[..cut], "anthropic", None)
        .expect_err("truncated");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("network"));
    let chunks = parse(&get(&err, "chunksJson").as_string().expect("chunks"));
    assert!(types(&chunks).contains(&"text".to_string()));
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_the_design_fields() {
    let mut e = ProviderError::new(ErrorKind::RateLimitError, "slow down")
        .with_status(429)
        .with_provider("openai")
        .with_retry_after_ms(1500);
    e.request_id = Some("req_1".into());
    let js = to_js_error(&e);
    assert!(js.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&js, "name").as_string().as_deref(), Some("AsterError"));
    assert_eq!(get(&js, "code").as_string().as_deref(), Some("rate_limit"));
    assert_eq!(get(&js, "status").as_f64(), Some(429.0));
    assert_eq!(get(&js, "provider").as_string().as_deref(), Some("openai"));
    assert_eq!(get(&js, "retryable").as_bool(), Some(true));
    assert_eq!(get(&js, "retryAfterMs").as_f64(), Some(1500.0));
    assert_eq!(get(&js, "requestId").as_string().as_deref(), Some("req_1"));
    assert_eq!(
        get(&js, "message").as_string().as_deref(),
        Some("openai: slow down (HTTP 429)")
    );
    let plain = to_js_error(&ProviderError::config("bad"));
    assert!(get(&plain, "status").is_null());
    assert_eq!(get(&plain, "retryable").as_bool(), Some(false));
}

#[wasm_bindgen_test]
async fn the_mock_streams_through_the_js_handle() {
    let client = WasmClient::new(r#"{"type":"mock","chunkSize":4}"#, "", "{}").expect("client");
    assert_eq!(client.provider(), "mock");
    let req = r#"{"messages":[{"role":"user","content":"weather in Oslo?"}],
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}"#;
    let mut stream = client.stream(req, None);
    let mut all = Vec::new();
    loop {
        let v = JsFuture::from(stream.next()).await.expect("next");
        if v.is_undefined() {
            break;
        }
        all.extend(parse_batch(&v.as_string().expect("a batch string")).iter());
    }
    let all: Array = all.into_iter().collect();
    let t = types(&all);
    assert_eq!(t.first().map(String::as_str), Some("metadata"));
    assert_eq!(t.last().map(String::as_str), Some("finish"));
    let call = all
        .iter()
        .find(|c| get(c, "type").as_string().as_deref() == Some("tool_call"))
        .expect("a tool call");
    assert_eq!(
        get(&get(&call, "input"), "location").as_string().as_deref(),
        Some("Oslo")
    );

    let done =
        JsFuture::from(client.complete(r#"{"messages":[{"role":"user","content":"hi"}]}"#, None))
            .await
            .expect("complete");
    let resp = JSON::parse(&done.as_string().expect("json")).expect("parse");
    assert_eq!(
        get(&resp, "stopReason").as_string().as_deref(),
        Some("stop")
    );
}

#[wasm_bindgen_test]
async fn a_bad_request_errors_the_stream() {
    let client = WasmClient::new(r#"{"type":"mock"}"#, "", "{}").expect("client");
    let mut stream = client.stream(r#"{"messages":5}"#, None);
    let err = JsFuture::from(stream.next()).await.expect_err("invalid");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_request")
    );
}

#[wasm_bindgen_test]
fn keys_in_a_page_need_the_opt_in() {
    let cfg = r#"{"type":"anthropic","apiKey":"sk-ant-test","model":"claude-test"}"#;
    let r = WasmClient::new(cfg, "", "{}");
    if in_page() {
        let err = r.err().expect("refused in a page");
        assert_eq!(get(&err, "code").as_string().as_deref(), Some("config"));
        let msg = get(&err, "message").as_string().unwrap_or_default();
        assert!(msg.contains("dangerouslyAllowBrowser") && !msg.contains("sk-ant-test"));
        assert!(WasmClient::new(cfg, r#"{"dangerouslyAllowBrowser":true}"#, "{}").is_ok());
    } else {
        assert!(r.is_ok());
    }
}
