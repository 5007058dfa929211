//! `seed` in every wire format: sent where the API takes one, a warning (never a failure)
//! where it does not.

use super::{encode, EncodeContext, WireFormat};
use crate::message::{Message, Request};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Value};

fn encoded(format: WireFormat, provider: &str, model: &str) -> (Value, Vec<String>) {
    let req = Request {
        messages: alloc::vec![Message::user("hi")],
        seed: Some(42),
        ..Request::default()
    };
    let ctx = EncodeContext::new(provider, model, true);
    let e = encode(format, &req, &ctx).expect("encodes");
    (e.body, e.warnings.into_iter().map(|w| w.setting).collect())
}

#[test]
fn seed_goes_where_the_api_takes_one() {
    let (b, w) = encoded(WireFormat::OpenAiChat, "openai", "gpt-4o");
    assert_eq!((b["seed"].clone(), w.is_empty()), (json!(42), true));
    let (b, w) = encoded(WireFormat::Mistral, "mistral", "mistral-large-latest");
    assert_eq!(
        (b["random_seed"].clone(), b.get("seed"), w.is_empty()),
        (json!(42), None, true)
    );
    let (b, _) = encoded(WireFormat::Gemini, "google", "gemini-2.5-flash");
    assert_eq!(b["generationConfig"]["seed"], json!(42));
    let (b, _) = encoded(WireFormat::Ollama, "ollama", "llama3.2");
    assert_eq!(b["options"]["seed"], json!(42));
    let (b, _) = encoded(WireFormat::Tgi, "sagemaker_tgi", "tgi");
    assert_eq!(b["parameters"]["seed"], json!(42));
}

#[test]
fn seed_is_a_warning_where_the_api_has_none() {
    for (format, provider, model) in [
        (WireFormat::Anthropic, "anthropic", "claude-sonnet-4-5"),
        (WireFormat::OpenAiResponses, "openai", "gpt-4o"),
        (
            WireFormat::BedrockConverse,
            "bedrock",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
    ] {
        let (b, w) = encoded(format, provider, model);
        assert!(w.iter().any(|s| s == "seed"), "{format:?}: {w:?}");
        assert!(!b.to_string().contains("42"), "{format:?}: {b}");
    }
}

#[test]
fn the_gateway_reads_an_openai_callers_seed() {
    let body = json!({"model": "m", "messages": [{"role": "user", "content": "hi"}], "seed": 5});
    let (inbound, warnings) =
        super::openai_chat::parse_inbound_with_warnings(&body).expect("parses");
    assert_eq!(inbound.request.seed, Some(5));
    assert!(warnings.iter().all(|w| w.setting != "seed"));
    // A message is needed: an empty `messages` is refused first (as the API does).
    let bad =
        json!({"model": "m", "messages": [{"role": "user", "content": "hi"}], "seed": "five"});
    let err = super::openai_chat::parse_inbound(&bad).expect_err("not an integer");
    assert!(err.message.starts_with("seed"), "{}", err.message);
}
