//! Conformance of the `tgi` format (Text Generation Inference `/generate` and
//! `/generate_stream`) on aster's own fixtures (`tests/fixtures/tgi`, written from TGI's
//! documented types): the corpus has no TGI capture. TGI's Messages route is `openai-chat`.

use crate::format_support;
use aster::chunk::{Chunk, FinishReason};
use aster::error::ErrorKind;
use aster::format::{tgi, EncodeContext, Framing, StreamDecoder, WireFormat};
use aster::http::Headers;
use aster::message::parse_request;
use format_support::*;
use serde_json::json;
use std::path::Path;

const F: WireFormat = WireFormat::Tgi;

fn fixture(name: &str) -> Case {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tgi")
        .join(name);
    Case {
        name: name.to_string(),
        path,
        provider: "sagemaker".into(),
        status: 200,
        stream: name.ends_with(".sse"),
        framing: Framing::Sse,
    }
}

const CASES: [&str; 8] = [
    "stream_eos.sse",
    "stream_stop_sequence.sse",
    "stream_length_crlf.sse",
    "stream_error.sse",
    "stream_cut.sse",
    "generate.json",
    "generate_list.json",
    "validation_error.json",
];

#[test]
fn every_fixture_decodes_identically_at_any_chunking() {
    let mut ok = 0;
    for name in CASES {
        let out = decode_case(F, &fixture(name));
        let expected = match name {
            "stream_error.sse" => Some(ErrorKind::ServerError),
            "stream_cut.sse" => Some(ErrorKind::NetworkError),
            "validation_error.json" => Some(ErrorKind::ContextLengthExceeded),
            _ => None,
        };
        assert_eq!(
            out.error.as_ref().map(|e| e.kind),
            expected,
            "{name}: {:?}",
            out.error
        );
        ok += usize::from(expected.is_none());
    }
    println!(
        "tgi: {} fixtures, {ok} decoded, {} errors as expected",
        CASES.len(),
        CASES.len() - ok
    );
    assert_eq!(ok, 5);
}

#[test]
fn streams_skip_special_tokens_and_read_details() {
    let case = fixture("stream_eos.sse");
    let bytes = std::fs::read(&case.path).unwrap_or_default();
    let mut dec = StreamDecoder::new(F, Framing::Sse, "sagemaker");
    dec.set_input_estimate(9);
    let mut chunks = Vec::new();
    dec.feed(&bytes, &mut chunks)
        .unwrap_or_else(|e| panic!("{e}"));
    dec.finish(&mut chunks).unwrap_or_else(|e| panic!("{e}"));
    let out = Outcome {
        chunks,
        error: None,
    };
    assert_eq!(
        out.response().text,
        "Deep learning is a subset of machine learning."
    );
    let u = out.usage();
    assert_eq!(
        (u.input_tokens, u.output_tokens, u.estimated),
        (9, 10, true)
    );
    assert_eq!(out.finish(), (FinishReason::Stop, Some("eos_token".into())));

    let out = decode_case(F, &fixture("stream_stop_sequence.sse"));
    assert_eq!(out.response().text, "1, 2,");
    let u = out.usage();
    assert_eq!(
        (u.input_tokens, u.output_tokens, u.estimated),
        (21, 4, false)
    );
    assert_eq!(
        out.finish(),
        (FinishReason::Stop, Some("stop_sequence".into()))
    );

    let out = decode_case(F, &fixture("stream_length_crlf.sse"));
    assert_eq!(out.response().text, "Hello world été");
    assert_eq!(out.finish(), (FinishReason::Length, Some("length".into())));

    let out = decode_case(F, &fixture("stream_error.sse"));
    assert!(out
        .error
        .as_ref()
        .is_some_and(|e| e.message.contains("Out of available cache blocks")));
    assert!(matches!(out.chunks.last(), Some(Chunk::Usage(u)) if u.estimated));
}

#[test]
fn bodies() {
    let out = decode_case(F, &fixture("generate.json"));
    assert_eq!(out.response().text, "Deep learning uses neural networks.");
    let u = out.usage();
    assert_eq!(
        (u.input_tokens, u.output_tokens, u.estimated),
        (6, 6, false)
    );
    assert_eq!(out.finish(), (FinishReason::Length, Some("length".into())));
    let out = decode_case(F, &fixture("generate_list.json"));
    assert_eq!(out.response().text, "Paris is the capital of France.");
    assert!(out.usage().estimated);
    // The 422 body, classified by status as the client does.
    let body = std::fs::read(fixture("validation_error.json").path).unwrap_or_default();
    let err = aster::error::classify(422, &Headers::new(), &body, "sagemaker", 0);
    assert_eq!(
        (err.kind, err.status),
        (ErrorKind::ContextLengthExceeded, Some(422))
    );
}

fn enc(req: serde_json::Value, stream: bool) -> aster::format::Encoded {
    let req = parse_request(&req).unwrap_or_else(|e| panic!("{e}"));
    let ctx = EncodeContext::new("sagemaker", "tgi", stream);
    tgi::encode(&req, &ctx).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn encoder_renders_the_prompt_and_parameters() {
    let e = enc(
        json!({
            "system": "Be brief.",
            "messages": [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello!"},
                {"role": "user", "content": [{"type": "text", "text": "Capital of France?"},
                    {"type": "image", "source": {"type": "url", "url": "https://x/y.png"}}]},
            ],
            "maxTokens": 50, "temperature": 0.7, "topP": 0.9, "topK": 40, "stopSequences": ["</s>"],
            "tools": [{"name": "t", "input_schema": {"type": "object"}}],
            "providerOptions": {"sagemaker": {"template": "llama3", "repetition_penalty": 1.1}},
        }),
        true,
    );
    assert_eq!(
        e.body,
        json!({
            "inputs": "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nCapital of France?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            "parameters": {"max_new_tokens": 50, "temperature": 0.7, "top_p": 0.9, "top_k": 40, "do_sample": true,
                "stop": ["</s>"], "details": true, "return_full_text": false, "repetition_penalty": 1.1},
            "stream": true,
        })
    );
    let settings: Vec<&str> = e.warnings.iter().map(|w| w.setting.as_str()).collect();
    assert_eq!(settings, ["messages[2].content[1]", "tools"]);
    // Default template ChatML; temperature 0 means greedy (TGI rejects 0).
    let e = enc(
        json!({"messages": [{"role": "user", "content": "Hi"}], "temperature": 0.0}),
        false,
    );
    assert_eq!(
        e.body["inputs"],
        "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
    );
    assert_eq!(e.body["parameters"]["do_sample"], false);
    assert!(e.body["parameters"].get("temperature").is_none());
    // An unknown template name falls back to ChatML with a warning.
    let e = enc(
        json!({"messages": [{"role": "user", "content": "Hi"}], "providerOptions": {"sagemaker": {"template": "vicuna"}}}),
        false,
    );
    assert!(e
        .warnings
        .iter()
        .any(|w| w.setting == "providerOptions.template"));
}

#[test]
fn mutated_fixtures_never_panic() {
    for name in CASES {
        mutations_never_panic(F, &fixture(name), 100);
    }
}
