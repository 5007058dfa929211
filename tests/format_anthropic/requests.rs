//! Encoding: canonical requests equivalent to the recorded Messages requests
//! (`cassettes/anthropic/*/NN/request.json`) encode to the recorded bodies.
//!
//! The canonical request is built from the recorded body by a minimal test-only reader (the
//! gateway's `parse_inbound` is checked on the same bodies separately). Server-tool blocks in
//! a replayed history (`server_tool_use`, `*_tool_result`) have no canonical form; they are
//! removed from the expectation and reported as a contract gap.

use aster::format::{anthropic, EncodeContext};
use aster::message::{
    CacheControl, ContentBlock, Message, Reasoning, Request, Role, Source, Tool, ToolChoice,
    ToolResultContent,
};
use serde_json::{json, Map, Value};

fn cache(v: &Value) -> Option<CacheControl> {
    let c = v.get("cache_control")?;
    Some(CacheControl {
        kind: c["type"].as_str().unwrap_or("ephemeral").into(),
        ttl: c.get("ttl").and_then(Value::as_str).map(Into::into),
    })
}

fn source(v: &Value) -> Source {
    match v["type"].as_str() {
        Some("url") => Source::Url {
            url: v["url"].as_str().unwrap_or("").into(),
        },
        Some("text") => Source::Text {
            media_type: "text/plain".into(),
            data: v["data"].as_str().unwrap_or("").into(),
        },
        _ => Source::Base64 {
            media_type: v["media_type"].as_str().unwrap_or("").into(),
            data: v["data"].as_str().unwrap_or("").into(),
        },
    }
}

fn block(b: &Value) -> Option<ContentBlock> {
    let s = |k: &str| b[k].as_str().unwrap_or("").to_string();
    Some(match b["type"].as_str()? {
        "text" => ContentBlock::Text {
            text: s("text"),
            cache_control: cache(b),
        },
        "image" => ContentBlock::Image {
            source: source(&b["source"]),
            cache_control: cache(b),
        },
        "document" => ContentBlock::Document {
            source: source(&b["source"]),
            title: b.get("title").and_then(Value::as_str).map(Into::into),
            cache_control: cache(b),
        },
        "tool_use" => ContentBlock::ToolUse {
            id: s("id"),
            name: s("name"),
            input: b["input"].clone(),
            cache_control: cache(b),
        },
        "tool_result" => ContentBlock::ToolResult {
            tool_use_id: s("tool_use_id"),
            content: match &b["content"] {
                Value::String(t) => vec![ToolResultContent::Text { text: t.clone() }],
                Value::Array(items) => items
                    .iter()
                    .map(|i| match i["type"].as_str() {
                        Some("image") => ToolResultContent::Image {
                            source: source(&i["source"]),
                        },
                        _ => ToolResultContent::Text {
                            text: i["text"].as_str().unwrap_or("").into(),
                        },
                    })
                    .collect(),
                _ => vec![],
            },
            is_error: b["is_error"].as_bool().unwrap_or(false),
            cache_control: cache(b),
        },
        "thinking" => ContentBlock::Thinking {
            thinking: s("thinking"),
            signature: b.get("signature").and_then(Value::as_str).map(Into::into),
        },
        "redacted_thinking" => ContentBlock::RedactedThinking { data: s("data") },
        _ => return None,
    })
}

fn blocks(v: &Value) -> Vec<ContentBlock> {
    match v {
        Value::String(t) => vec![ContentBlock::text(t.clone())],
        Value::Array(a) => a.iter().filter_map(block).collect(),
        _ => vec![],
    }
}

/// Recorded body → (canonical request, encode context).
pub fn canonical(body: &Value) -> (Request, EncodeContext) {
    let mut r = Request::default();
    let mut pass = Map::new();
    for (k, v) in body.as_object().cloned().unwrap_or_default() {
        match k.as_str() {
            "model" | "stream" => {}
            "messages" => {
                r.messages = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|m| Message {
                        role: if m["role"] == "assistant" {
                            Role::Assistant
                        } else {
                            Role::User
                        },
                        content: blocks(&m["content"]),
                    })
                    .collect()
            }
            "system" => r.system = blocks(&v),
            "max_tokens" => r.max_tokens = v.as_u64().map(|n| n as u32),
            "temperature" => r.temperature = v.as_f64(),
            "top_p" => r.top_p = v.as_f64(),
            "top_k" => r.top_k = v.as_u64().map(|n| n as u32),
            "stop_sequences" => r.stop_sequences = serde_json::from_value(v).unwrap_or_default(),
            "thinking" if v["type"] == "enabled" => {
                r.reasoning = Some(Reasoning {
                    effort: None,
                    budget_tokens: v["budget_tokens"].as_u64().map(|n| n as u32),
                })
            }
            "tools" => {
                let mut server = Vec::new();
                for t in v.as_array().into_iter().flatten() {
                    if t.get("input_schema").is_some() {
                        r.tools.push(Tool {
                            name: t["name"].as_str().unwrap_or("").into(),
                            description: t
                                .get("description")
                                .and_then(Value::as_str)
                                .map(Into::into),
                            input_schema: t["input_schema"].clone(),
                            cache_control: cache(t),
                        });
                    } else {
                        server.push(t.clone());
                    }
                }
                if !server.is_empty() {
                    pass.insert("tools".into(), Value::Array(server));
                }
            }
            "tool_choice" => {
                r.tool_choice = match v["type"].as_str() {
                    Some("auto") => Some(ToolChoice::Auto),
                    Some("any") => Some(ToolChoice::Any),
                    Some("none") => Some(ToolChoice::None),
                    Some("tool") => Some(ToolChoice::Tool(v["name"].as_str().unwrap_or("").into())),
                    _ => None,
                };
                if v["disable_parallel_tool_use"] == true {
                    r.parallel_tool_calls = Some(false);
                }
            }
            "metadata" => r.user = v["user_id"].as_str().map(Into::into),
            _ => {
                pass.insert(k, v);
            }
        }
    }
    if r.tools.is_empty() {
        // A tool choice over server tools only travels with them.
        if let Some(tc) = body.get("tool_choice") {
            pass.insert("tool_choice".into(), tc.clone());
            r.tool_choice = None;
        }
    }
    if !pass.is_empty() {
        r.provider_options
            .insert("anthropic".into(), Value::Object(pass));
    }
    let ctx = EncodeContext::new(
        "anthropic",
        body["model"].as_str().unwrap_or(""),
        body["stream"].as_bool().unwrap_or(false),
    );
    (r, ctx)
}

/// The recorded body without the history blocks that have no canonical form.
pub fn expressible(body: &Value) -> Value {
    let mut b = body.clone();
    if let Some(ms) = b["messages"].as_array_mut() {
        for m in ms {
            if let Some(content) = m["content"].as_array_mut() {
                content.retain(|c| block(c).is_some());
            }
        }
    }
    b
}

pub fn recorded_requests() -> Vec<(String, Value)> {
    let root = super::common::corpus_dir().join("cassettes/anthropic");
    super::common::files_under(&root, &|p| {
        p.file_name().is_some_and(|n| n == "request.json")
    })
    .into_iter()
    .filter_map(|p| {
        let v: Value = serde_json::from_slice(&std::fs::read(&p).ok()?).ok()?;
        let name = p.strip_prefix(&root).ok()?.to_string_lossy().into_owned();
        Some((name, v["body"].clone()))
    })
    .collect()
}

#[test]
fn recorded_messages_requests_are_reproduced() {
    let mut n = 0;
    for (name, body) in recorded_requests() {
        if body.get("max_tokens").is_none() {
            // `test_anthropic_count_tokens_error` is a count_tokens request, not Messages.
            assert!(name.contains("count_tokens"), "{name}");
            continue;
        }
        let (req, ctx) = canonical(&body);
        let enc = anthropic::encode(&req, &ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(enc.body, expressible(&body), "{name}");
        assert!(enc.warnings.is_empty(), "{name}: {:?}", enc.warnings);
        n += 1;
    }
    assert_eq!(n, 16);
}

#[test]
fn canonical_features_encode_as_documented() {
    let req = Request {
        system: vec![ContentBlock::Text {
            text: "You are terse.".into(),
            cache_control: Some(CacheControl {
                kind: "ephemeral".into(),
                ttl: Some("1h".into()),
            }),
        }],
        messages: vec![
            Message {
                role: Role::User,
                content: vec![
                    ContentBlock::Image {
                        source: Source::Url {
                            url: "data:image/png;base64,iVBORw0KGgo=".into(),
                        },
                        cache_control: None,
                    },
                    ContentBlock::Image {
                        source: Source::Url {
                            url: "https://example.com/a.jpg".into(),
                        },
                        cache_control: None,
                    },
                    ContentBlock::Document {
                        source: Source::Base64 {
                            media_type: "application/pdf".into(),
                            data: "JVBERi0=".into(),
                        },
                        title: Some("Spec".into()),
                        cache_control: Some(CacheControl {
                            kind: "ephemeral".into(),
                            ttl: None,
                        }),
                    },
                    ContentBlock::text(""),
                ],
            },
            Message {
                role: Role::Assistant,
                content: vec![
                    ContentBlock::Thinking {
                        thinking: "unsigned".into(),
                        signature: None,
                    },
                    ContentBlock::ToolUse {
                        id: "t1".into(),
                        name: "get".into(),
                        input: Value::Null,
                        cache_control: None,
                    },
                ],
            },
            Message {
                role: Role::User,
                content: vec![ContentBlock::ToolResult {
                    tool_use_id: "t1".into(),
                    content: vec![
                        ToolResultContent::Text {
                            text: "failed".into(),
                        },
                        ToolResultContent::Image {
                            source: Source::Base64 {
                                media_type: "image/png".into(),
                                data: "AA==".into(),
                            },
                        },
                    ],
                    is_error: true,
                    cache_control: None,
                }],
            },
        ],
        tools: vec![Tool {
            name: "get".into(),
            description: None,
            input_schema: json!({"type": "object"}),
            cache_control: Some(CacheControl {
                kind: "ephemeral".into(),
                ttl: None,
            }),
        }],
        parallel_tool_calls: Some(false),
        stop_sequences: vec!["END".into()],
        response_format: Some(aster::message::ResponseFormat::JsonSchema {
            name: "x".into(),
            schema: json!({"type": "object"}),
            strict: true,
        }),
        user: Some("user-1".into()),
        ..Request::default()
    };
    let ctx = EncodeContext::new("anthropic", "claude-sonnet-4-5", true);
    let enc = anthropic::encode(&req, &ctx).expect("encodes");
    let b = &enc.body;
    assert_eq!(b["max_tokens"], anthropic::DEFAULT_MAX_TOKENS);
    assert_eq!(
        b["system"],
        json!([{"type": "text", "text": "You are terse.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}])
    );
    let user = &b["messages"][0]["content"];
    assert_eq!(
        user[0]["source"],
        json!({"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="})
    );
    assert_eq!(
        user[1]["source"],
        json!({"type": "url", "url": "https://example.com/a.jpg"})
    );
    assert_eq!(user[2]["title"], "Spec");
    assert_eq!(user[2]["cache_control"], json!({"type": "ephemeral"}));
    assert_eq!(
        user.as_array().map(Vec::len),
        Some(3),
        "the empty text block is dropped"
    );
    let assistant = &b["messages"][1]["content"];
    assert_eq!(
        assistant,
        &json!([{"type": "tool_use", "id": "t1", "name": "get", "input": {}}])
    );
    let result = &b["messages"][2]["content"][0];
    assert_eq!(result["is_error"], true);
    assert_eq!(result["content"][1]["type"], "image");
    assert_eq!(b["tools"][0]["cache_control"], json!({"type": "ephemeral"}));
    assert_eq!(
        b["tool_choice"],
        json!({"type": "auto", "disable_parallel_tool_use": true})
    );
    assert_eq!(b["stop_sequences"], json!(["END"]));
    assert_eq!(
        b["output_config"],
        json!({"format": {"type": "json_schema", "schema": {"type": "object"}}})
    );
    assert_eq!(b["metadata"], json!({"user_id": "user-1"}));
    assert_eq!(b["stream"], true);
    let warned: Vec<&str> = enc.warnings.iter().map(|w| w.setting.as_str()).collect();
    assert_eq!(warned, ["messages[0].content[3]", "messages[1].content[0]"]);
}

#[test]
fn tool_choice_variants() {
    let base = Request {
        messages: vec![Message::user("hi")],
        tools: vec![Tool {
            name: "f".into(),
            description: None,
            input_schema: json!({"type": "object"}),
            cache_control: None,
        }],
        ..Request::default()
    };
    let ctx = EncodeContext::new("", "m", false);
    let tc = |c: Option<ToolChoice>| {
        let r = Request {
            tool_choice: c,
            ..base.clone()
        };
        anthropic::encode(&r, &ctx)
            .map(|e| e.body["tool_choice"].clone())
            .unwrap_or_default()
    };
    assert_eq!(tc(None), Value::Null);
    assert_eq!(tc(Some(ToolChoice::Any)), json!({"type": "any"}));
    assert_eq!(tc(Some(ToolChoice::None)), json!({"type": "none"}));
    assert_eq!(
        tc(Some(ToolChoice::Tool("f".into()))),
        json!({"type": "tool", "name": "f"})
    );
}

#[test]
fn gateway_inbound_requests_re_encode_to_the_recorded_bodies() {
    let mut n = 0;
    for (name, body) in recorded_requests() {
        if body.get("max_tokens").is_none() {
            continue; // count_tokens
        }
        let inbound = anthropic::parse_inbound(&body);
        let has_server_blocks = expressible(&body) != body;
        if has_server_blocks {
            // Replayed server-tool blocks have no canonical form: the canonical parser refuses
            // them with their path rather than silently changing the conversation.
            let e = inbound.expect_err(&name);
            assert_eq!(e.kind, aster::ErrorKind::InvalidRequest, "{name}");
            assert!(
                e.message.starts_with("messages[1].content["),
                "{name}: {}",
                e.message
            );
            continue;
        }
        let inbound = inbound.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            Some(inbound.model.as_str()),
            body["model"].as_str(),
            "{name}"
        );
        assert_eq!(Some(inbound.stream), body["stream"].as_bool(), "{name}");
        let ctx = EncodeContext::new("anthropic", inbound.model.clone(), inbound.stream);
        let enc =
            anthropic::encode(&inbound.request, &ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(enc.body, body, "{name}");
        n += 1;
    }
    assert_eq!(n, 14);
}

#[test]
fn gateway_inbound_reads_anthropic_only_fields() {
    let body = json!({
        "model": "openai/gpt-4o",
        "max_tokens": 100,
        "stream": true,
        "system": "Be brief.",
        "messages": [{"role": "user", "content": "hi"}],
        "thinking": {"type": "enabled", "budget_tokens": 2000},
        "tools": [
            {"name": "f", "input_schema": {"type": "object"}},
            {"type": "web_search_20250305", "name": "web_search"}
        ],
        "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
        "metadata": {"user_id": "u1"},
        "output_config": {"effort": "high", "format": {"type": "json_schema", "schema": {"type": "object"}}},
        "mcp_servers": [{"type": "url", "url": "https://x", "name": "x"}]
    });
    let i = anthropic::parse_inbound(&body).expect("parses");
    assert_eq!((i.model.as_str(), i.stream), ("openai/gpt-4o", true));
    let r = &i.request;
    assert_eq!(r.model, None);
    assert_eq!(r.max_tokens, Some(100));
    assert_eq!(
        r.reasoning.as_ref().and_then(|x| x.budget_tokens),
        Some(2000)
    );
    assert_eq!(r.tools.len(), 1);
    assert_eq!(r.tool_choice, Some(ToolChoice::Auto));
    assert_eq!(r.parallel_tool_calls, Some(false));
    assert_eq!(r.user.as_deref(), Some("u1"));
    assert!(matches!(
        r.response_format,
        Some(aster::message::ResponseFormat::JsonSchema { .. })
    ));
    let pass = &r.provider_options["anthropic"];
    assert_eq!(
        pass["tools"],
        json!([{"type": "web_search_20250305", "name": "web_search"}])
    );
    assert_eq!(pass["output_config"], json!({"effort": "high"}));
    assert_eq!(pass["mcp_servers"][0]["name"], "x");
    assert_eq!(
        anthropic::parse_inbound(&json!({"messages": []}))
            .map(|_| ())
            .unwrap_err()
            .kind,
        aster::ErrorKind::InvalidRequest
    );
}
