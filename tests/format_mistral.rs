//! Conformance of the `mistral` format: the Mistral cassettes whose request URI ends in
//! `/chat/completions` (`test_mistral_model_thinking_part` is an OpenAI Responses capture
//! stored under mistral: out of this format's scope) and the vercel/ai Mistral chunk files.

use crate::common;
use crate::format_support;
use aster::chunk::{Chunk, FinishReason};
use aster::error::ErrorKind;
use aster::format::{mistral, EncodeContext, Framing, WireFormat};
use aster::message::parse_request;
use format_support::expect::{Expect, Text};
use format_support::*;
use serde_json::json;

const F: WireFormat = WireFormat::Mistral;

fn all_cases() -> Vec<Case> {
    let mut cases = cassette_cases("mistral", "/chat/completions", Framing::Sse);
    cases.extend(chunk_file_cases("mistral", "mistral"));
    cases
}

/// Aggregates written down from the raw captures.
const EXPECT: &[Expect] = &[
    Expect {
        case: "cassettes/mistral/test_image_as_binary_content_tool_response/00/body.json",
        text: Text::Exact(""),
        reasoning_chars: 0,
        tools: &[("FI5qQGzDE", "get_image", r#"{}"#)],
        usage: Some([65, 16, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::ToolCalls, Some("tool_calls")),
    },
    Expect {
        case: "cassettes/mistral/test_image_as_binary_content_tool_response/01/body.json",
        text: Text::Long {
            starts: "The image shows a kiwi fruit that has be",
            ends: "vitamin C and fiber.",
            chars: 227,
        },
        reasoning_chars: 0,
        tools: &[],
        usage: Some([1540, 54, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::Stop, Some("stop")),
    },
    Expect {
        case: "cassettes/mistral/test_mistral_forwards_penalties/00/body.json",
        text: Text::Long {
            starts: "Hello! 😊 How can I assist you today? Whe",
            ends: "t, I'm here for you!",
            chars: 131,
        },
        reasoning_chars: 0,
        tools: &[],
        usage: Some([4, 36, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::Stop, Some("stop")),
    },
    Expect {
        case: "cassettes/mistral/test_mistral_history_uses_prompt_cache/00/body.json",
        text: Text::Exact("cache probe one."),
        reasoning_chars: 0,
        tools: &[],
        usage: Some([253, 5, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::Stop, Some("stop")),
    },
    Expect {
        case: "cassettes/mistral/test_mistral_history_uses_prompt_cache/01/body.json",
        text: Text::Exact("cache probe two."),
        reasoning_chars: 0,
        tools: &[],
        usage: Some([268, 5, 224, 0, 0]),
        cost: None,
        finish: (FinishReason::Stop, Some("stop")),
    },
    Expect {
        case: "chunks/mistral/mistral-incremental-tool-call.chunks.txt",
        text: Text::Exact(""),
        reasoning_chars: 0,
        tools: &[(
            "chatcmpl-tool-9f149c74c42f265b",
            "webSearchTool",
            r#"{"query":"current Berlin weather"}"#,
        )],
        usage: Some([171, 14, 128, 0, 0]),
        cost: None,
        finish: (FinishReason::ToolCalls, Some("tool_calls")),
    },
    Expect {
        case: "chunks/mistral/mistral-reasoning.chunks.txt",
        text: Text::Exact("2 + 2 = 4"),
        reasoning_chars: 60,
        tools: &[],
        usage: Some([10, 46, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::Stop, Some("stop")),
    },
    Expect {
        case: "chunks/mistral/mistral-reasoning.json",
        text: Text::Exact("2 + 2 = 4"),
        reasoning_chars: 60,
        tools: &[],
        usage: Some([10, 46, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::Stop, Some("stop")),
    },
    Expect {
        case: "chunks/mistral/mistral-text.chunks.txt",
        text: Text::Exact("Hello, world! This is a test response."),
        reasoning_chars: 0,
        tools: &[],
        usage: Some([13, 8, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::Stop, Some("stop")),
    },
    Expect {
        case: "chunks/mistral/mistral-text.json",
        text: Text::Long {
            starts: "**Holiday Name: \"World Kindness Day of S",
            ends: "t would you share? 😊",
            chars: 1925,
        },
        reasoning_chars: 0,
        tools: &[],
        usage: Some([13, 434, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::Stop, Some("stop")),
    },
    Expect {
        case: "chunks/mistral/mistral-tool-call.chunks.txt",
        text: Text::Exact(""),
        reasoning_chars: 0,
        tools: &[("gSIMJiOkT", "weather", r#"{"location":"San Francisco"}"#)],
        usage: Some([124, 22, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::ToolCalls, Some("tool_calls")),
    },
    Expect {
        case: "chunks/mistral/mistral-tool-call.json",
        text: Text::Exact(""),
        reasoning_chars: 0,
        tools: &[("gSIMJiOkT", "weather", r#"{"location":"San Francisco"}"#)],
        usage: Some([124, 22, 0, 0, 0]),
        cost: None,
        finish: (FinishReason::ToolCalls, Some("tool_calls")),
    },
];

#[test]
fn every_case_decodes_identically_at_any_chunking() {
    let cases = all_cases();
    let (mut ok, mut failed) = (0, 0);
    for case in &cases {
        let out = decode_case(F, case);
        match &out.error {
            None => {
                let e = EXPECT.iter().find(|e| e.case == case.name);
                check_expect(
                    e.unwrap_or_else(|| panic!("{}: no expectation", case.name)),
                    &out,
                );
                ok += 1;
            }
            Some(e) => {
                // A Voxtral transcription response: not a chat completion.
                assert_eq!(case.name, "chunks/mistral/mistral-transcription.json");
                assert_eq!(e.kind, ErrorKind::Decode);
                failed += 1;
            }
        }
    }
    println!(
        "mistral: {} cases, {ok} decoded, {failed} errors as expected",
        cases.len()
    );
    assert_eq!((cases.len(), ok, failed), (13, 12, 1));
}

#[test]
fn thinking_chunks_become_reasoning_before_the_text() {
    let case = all_cases()
        .into_iter()
        .find(|c| c.name.ends_with("mistral-reasoning.chunks.txt"));
    let out = decode_case(F, &case.unwrap_or_else(|| panic!("case")));
    let kinds: Vec<&str> = out
        .chunks
        .iter()
        .map(|c| match c {
            Chunk::Reasoning { .. } => "reasoning",
            Chunk::Text { .. } => "text",
            _ => "other",
        })
        .filter(|k| *k != "other")
        .collect();
    assert_eq!(kinds, ["reasoning", "reasoning", "text"]);
    assert_eq!(
        out.reasoning(),
        "The user is asking for 2+2. This is basic arithmetic. 2+2=4."
    );
}

fn enc(req: serde_json::Value, model: &str) -> aster::format::Encoded {
    let req = parse_request(&req).unwrap_or_else(|e| panic!("{e}"));
    let ctx = EncodeContext::new("mistral", model, true);
    mistral::encode(&req, &ctx).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn encoder_speaks_the_mistral_dialect() {
    let e = enc(
        json!({
            "messages": [
                {"role": "user", "content": [
                    {"type": "text", "text": "Read"},
                    {"type": "document", "source": {"type": "url", "url": "https://x/a.pdf"}},
                ]},
                {"role": "assistant", "content": [
                    {"type": "thinking", "thinking": "plan", "signature": "s"},
                    {"type": "text", "text": "Calling."},
                    {"type": "tool_use", "id": "call_yakbak_fixture_0", "name": "read", "input": {}},
                ]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "call_yakbak_fixture_0", "content": "ok"}]},
            ],
            "tools": [{"name": "read", "input_schema": {"type": "object"}}],
            "toolChoice": {"type": "any"}, "maxTokens": 64, "user": "u", "reasoning": {"effort": "high"},
            "providerOptions": {"mistral": {"safe_prompt": true, "seed": 7}},
        }),
        "magistral-medium-latest",
    );
    let b = &e.body;
    assert_eq!(
        b["messages"][0]["content"][1],
        json!({"type": "document_url", "document_url": "https://x/a.pdf"})
    );
    assert_eq!(
        b["messages"][1]["content"],
        json!([
            {"type": "thinking", "thinking": [{"type": "text", "text": "plan"}]},
            {"type": "text", "text": "Calling."},
        ])
    );
    // A long id is mapped to 9 alphanumerics, the same for the call and its result.
    let id = b["messages"][1]["tool_calls"][0]["id"]
        .as_str()
        .unwrap_or("");
    assert_eq!(id, mistral::tool_id("call_yakbak_fixture_0"));
    assert!(id.len() == 9 && id.bytes().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(b["messages"][2]["tool_call_id"], id);
    assert_eq!(b["tool_choice"], "any");
    assert_eq!(b["max_tokens"], 64);
    assert_eq!(b["prompt_mode"], "reasoning");
    assert_eq!(
        (b["safe_prompt"].clone(), b["random_seed"].clone()),
        (json!(true), json!(7))
    );
    assert!(
        b.get("seed").is_none() && b.get("stream_options").is_none() && b.get("user").is_none()
    );
    assert_eq!(b["stream"], true);
    assert!(e.warnings.iter().any(|w| w.setting == "user"));
    // Reasoning on a non-Magistral model is a warning.
    let e = enc(
        json!({"messages": [{"role": "user", "content": "Hi"}], "reasoning": {"effort": "low"}}),
        "mistral-small-latest",
    );
    assert!(
        e.body.get("prompt_mode").is_none() && e.warnings.iter().any(|w| w.setting == "reasoning")
    );
}

#[test]
fn corpus_request_re_encodes_with_the_same_shape() {
    // The request of test_image_as_binary_content_tool_response/01: a tool call whose result is
    // an image sent in the following user message.
    let root = common::corpus_dir()
        .join("cassettes/mistral/test_image_as_binary_content_tool_response/01/request.json");
    let original = read_json(&root)["body"].clone();
    let inbound =
        aster::format::openai_chat::parse_inbound(&original).unwrap_or_else(|e| panic!("{e}"));
    let ctx = EncodeContext::new("mistral", inbound.model.clone(), false);
    let e = mistral::encode(&inbound.request, &ctx).unwrap_or_else(|e| panic!("{e}"));
    let roles: Vec<&str> = e.body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["role"].as_str())
        .collect();
    assert_eq!(roles, ["user", "assistant", "tool", "assistant", "user"]);
    assert_eq!(e.body["messages"][1]["tool_calls"][0]["id"], "FI5qQGzDE");
    assert_eq!(e.body["messages"][2]["tool_call_id"], "FI5qQGzDE");
    assert_eq!(
        e.body["messages"][4]["content"][1]["image_url"]["url"],
        original["messages"][4]["content"][1]["image_url"]["url"]
    );
    assert_eq!(e.body["tool_choice"], "auto");
    assert_eq!(e.body["top_p"], 1.0);
}

#[test]
fn finish_reason_model_length_is_length() {
    let body = b"data: {\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"model_length\"}]}\n\ndata: [DONE]\n\n";
    let out = decode_stream_bytes(F, Framing::Sse, "mistral", body, Chunking::Bytes1);
    assert_eq!(
        out.finish(),
        (FinishReason::Length, Some("model_length".into()))
    );
}

#[test]
fn mutated_corpus_never_panics() {
    for case in all_cases() {
        mutations_never_panic(F, &case, 50);
    }
}
