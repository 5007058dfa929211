//! Encoder rules of Chat Completions (the corpus tests cover decoding and the gateway).

use super::encode;
use crate::format::{EncodeContext, Encoded};
use crate::message::parse_request;
use serde_json::{json, Value};

fn enc(provider: &str, model: &str, stream: bool, req: Value) -> Encoded {
    let req = parse_request(&req).unwrap_or_else(|e| panic!("{e}"));
    let ctx = EncodeContext::new(provider, model, stream);
    encode(&req, &ctx).unwrap_or_else(|e| panic!("{e}"))
}

fn warned(e: &Encoded, setting: &str) -> bool {
    e.warnings.iter().any(|w| w.setting == setting)
}

#[test]
fn basic_request_for_openai_and_a_compatible_host() {
    let req = json!({
        "system": "Be brief.",
        "messages": [{"role": "user", "content": "Weather?"}],
        "tools": [{"name": "weather", "description": "Get weather", "input_schema": {"type": "object"}}],
        "toolChoice": {"type": "any"}, "maxTokens": 100, "temperature": 0.5, "topK": 3,
        "stopSequences": ["END"], "user": "u1", "parallelToolCalls": false,
    });
    let e = enc("openai", "gpt-4o", true, req.clone());
    assert_eq!(
        e.body,
        json!({
            "model": "gpt-4o",
            "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Weather?"}],
            "tools": [{"type": "function", "function": {"name": "weather", "description": "Get weather", "parameters": {"type": "object"}}}],
            "parallel_tool_calls": false,
            "tool_choice": "required",
            "max_completion_tokens": 100,
            "temperature": 0.5,
            "stop": ["END"],
            "user": "u1",
            "stream": true,
            "stream_options": {"include_usage": true},
        })
    );
    assert!(warned(&e, "topK"));
    let e = enc("groq", "llama-3.3-70b-versatile", false, req);
    assert_eq!(e.body["max_tokens"], 100);
    assert!(e.body.get("max_completion_tokens").is_none() && e.body.get("stream").is_none());
}

#[test]
fn openai_reasoning_models() {
    let req = json!({"system": "S", "messages": [{"role": "user", "content": "Hi"}],
        "temperature": 0.2, "topP": 0.9, "maxTokens": 50, "reasoning": {"budgetTokens": 3000}});
    let e = enc("openai", "o3-mini", false, req.clone());
    assert_eq!(e.body["messages"][0]["role"], "developer");
    assert_eq!(e.body["reasoning_effort"], "low");
    assert_eq!(e.body["max_completion_tokens"], 50);
    assert!(
        e.body.get("temperature").is_none() && warned(&e, "temperature") && warned(&e, "top_p")
    );
    // o1-mini rejects system and developer messages (corpus: test_openai_o1_mini_system_role_developer).
    let e = enc("openai", "o1-mini", false, req.clone());
    assert_eq!(
        e.body["messages"][0],
        json!({"role": "user", "content": "S"})
    );
    assert!(warned(&e, "system"));
    // gpt-5 takes `minimal`; other models get `low`.
    let minimal = json!({"messages": [{"role": "user", "content": "Hi"}], "reasoning": {"effort": "minimal"}});
    assert_eq!(
        enc("openai", "gpt-5", false, minimal.clone()).body["reasoning_effort"],
        "minimal"
    );
    assert_eq!(
        enc("openai", "o4-mini", false, minimal.clone()).body["reasoning_effort"],
        "low"
    );
    // A non-reasoning OpenAI model: a warning; hosts get `reasoning_effort` or their own field.
    assert!(warned(
        &enc("openai", "gpt-4o", false, minimal.clone()),
        "reasoning"
    ));
    let high =
        json!({"messages": [{"role": "user", "content": "Hi"}], "reasoning": {"effort": "high"}});
    assert_eq!(
        enc("groq", "openai/gpt-oss-120b", false, high.clone()).body["reasoning_effort"],
        "high"
    );
    assert_eq!(
        enc("openrouter", "x/y", false, high.clone()).body["reasoning"],
        json!({"effort": "high"})
    );
    let budget = json!({"messages": [{"role": "user", "content": "Hi"}], "reasoning": {"budgetTokens": 5000}});
    assert_eq!(
        enc("openrouter", "x/y", false, budget).body["reasoning"],
        json!({"max_tokens": 5000})
    );
    // A name that is no kind (a custom provider) gets the plain compatible rules.
    let custom = enc("my-glm-host", "glm-4.7", false, high.clone());
    assert_eq!(custom.body["reasoning_effort"], "high");
    assert_eq!(custom.body.get("thinking"), None);
    assert!(warned(
        &enc("deepseek", "deepseek-chat", false, high),
        "reasoning"
    ));
}

#[test]
fn images_documents_and_tool_results() {
    let req = json!({"messages": [
        {"role": "user", "content": [
            {"type": "text", "text": "Look"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "QUJD"}},
            {"type": "image", "source": {"type": "url", "url": "https://x/y.png"}},
            {"type": "document", "title": "a.pdf", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBE"}},
        ]},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "c1", "name": "shot", "input": {"n": 1}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "c1", "is_error": true, "content": [
                {"type": "text", "text": "blurry"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/"}},
            ]},
            {"type": "text", "text": "Again?"},
        ]},
    ]});
    let e = enc("openai", "gpt-4o", false, req.clone());
    let m = &e.body["messages"];
    assert_eq!(
        m[0]["content"][1],
        json!({"type": "image_url", "image_url": {"url": "data:image/png;base64,QUJD"}})
    );
    assert_eq!(m[0]["content"][2]["image_url"]["url"], "https://x/y.png");
    assert_eq!(
        m[0]["content"][3],
        json!({"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBE"}})
    );
    assert_eq!(
        m[1],
        json!({"role": "assistant", "content": null, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "shot", "arguments": "{\"n\":1}"}}]})
    );
    assert_eq!(
        m[2],
        json!({"role": "tool", "tool_call_id": "c1", "content": "Error: blurry"})
    );
    assert_eq!(m[3]["role"], "user");
    assert_eq!(
        m[3]["content"][1]["image_url"]["url"],
        "data:image/jpeg;base64,/9j/"
    );
    assert_eq!(
        m[3]["content"][2],
        json!({"type": "text", "text": "Again?"})
    );
    assert!(warned(&e, "messages[2].content[0].content[1]"));
    // A host without file parts: the PDF is a warning.
    let e = enc("groq", "llama", false, req);
    assert!(warned(&e, "messages[0].content[3]"));
}

#[test]
fn thinking_replay_per_host() {
    let req = json!({"messages": [
        {"role": "user", "content": "Q"},
        {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "hmm", "signature": "sig"},
            {"type": "text", "text": "A"},
        ]},
        {"role": "user", "content": "Q2"},
    ]});
    let e = enc("openai", "gpt-4o", false, req.clone());
    assert_eq!(
        e.body["messages"][1],
        json!({"role": "assistant", "content": "A"})
    );
    assert!(warned(&e, "messages[1]"));
    assert_eq!(
        enc("deepseek", "deepseek-reasoner", false, req.clone()).body["messages"][1]
            ["reasoning_content"],
        "hmm"
    );
    assert_eq!(
        enc("cerebras", "gpt-oss-120b", false, req.clone()).body["messages"][1]["reasoning"],
        "hmm"
    );
    assert_eq!(
        enc("openrouter", "anthropic/claude", false, req).body["messages"][1]["reasoning_details"],
        json!([{"type": "reasoning.text", "text": "hmm", "signature": "sig"}])
    );
}

#[test]
fn response_format_and_provider_options() {
    let req = json!({"messages": [{"role": "user", "content": "Hi"}],
        "responseFormat": {"type": "json_schema", "name": "city", "schema": {"type": "object"}, "strict": true},
        "providerOptions": {"openai": {"service_tier": "flex", "stream_options": {"include_usage": false}}}});
    let e = enc("openai", "gpt-4o", true, req);
    assert_eq!(
        e.body["response_format"],
        json!({"type": "json_schema", "json_schema": {"name": "city", "schema": {"type": "object"}, "strict": true}})
    );
    assert_eq!(e.body["service_tier"], "flex");
    assert_eq!(e.body["stream_options"], json!({"include_usage": false}));
}
