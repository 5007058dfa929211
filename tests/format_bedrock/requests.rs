//! Encoding: canonical requests equivalent to the recorded Converse requests
//! (`cassettes/bedrock/*/NN/request.json`) encode to the recorded bodies.
//!
//! The canonical request is rebuilt from the recorded Converse body by a test-only reader.
//! Differences by design, normalized before comparing: aster leaves out an empty `system` /
//! `inferenceConfig`, and with Claude thinking on it always sends a `maxTokens` above the
//! budget (the recorded client relied on Bedrock's default).

use aster::format::{bedrock_converse, EncodeContext};
use aster::message::{
    CacheControl, ContentBlock, Message, Reasoning, Request, ResponseFormat, Role, Source, Tool,
    ToolChoice, ToolResultContent,
};
use serde_json::{json, Value};

fn media_type(format: &str, image: bool) -> String {
    match (format, image) {
        ("txt", false) => "text/plain".into(),
        ("pdf", false) => "application/pdf".into(),
        ("md", false) => "text/markdown".into(),
        ("csv", false) => "text/csv".into(),
        ("html", false) => "text/html".into(),
        (f, true) => format!("image/{f}"),
        (f, false) => format!("application/{f}"),
    }
}

fn ephemeral() -> Option<CacheControl> {
    Some(CacheControl {
        kind: "ephemeral".into(),
        ttl: None,
    })
}

fn set_cache(b: &mut ContentBlock) {
    match b {
        ContentBlock::Text { cache_control, .. }
        | ContentBlock::Image { cache_control, .. }
        | ContentBlock::Document { cache_control, .. }
        | ContentBlock::ToolUse { cache_control, .. }
        | ContentBlock::ToolResult { cache_control, .. } => *cache_control = ephemeral(),
        _ => {}
    }
}

fn blocks(content: &Value) -> Vec<ContentBlock> {
    let mut out: Vec<ContentBlock> = Vec::new();
    for c in content.as_array().into_iter().flatten() {
        let b = if let Some(t) = c.get("text").and_then(Value::as_str) {
            ContentBlock::text(t)
        } else if c.get("cachePoint").is_some() {
            if let Some(last) = out.last_mut() {
                set_cache(last);
            }
            continue;
        } else if let Some(d) = c.get("document") {
            ContentBlock::Document {
                source: Source::Base64 {
                    media_type: media_type(d["format"].as_str().unwrap_or(""), false),
                    data: d["source"]["bytes"].as_str().unwrap_or("").into(),
                },
                title: None,
                cache_control: None,
            }
        } else if let Some(i) = c.get("image") {
            ContentBlock::Image {
                source: Source::Base64 {
                    media_type: media_type(i["format"].as_str().unwrap_or(""), true),
                    data: i["source"]["bytes"].as_str().unwrap_or("").into(),
                },
                cache_control: None,
            }
        } else if let Some(t) = c.get("toolUse") {
            ContentBlock::ToolUse {
                id: t["toolUseId"].as_str().unwrap_or("").into(),
                name: t["name"].as_str().unwrap_or("").into(),
                input: t["input"].clone(),
                cache_control: None,
            }
        } else if let Some(t) = c.get("toolResult") {
            ContentBlock::ToolResult {
                tool_use_id: t["toolUseId"].as_str().unwrap_or("").into(),
                content: t["content"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|i| ToolResultContent::Text {
                        text: i["text"].as_str().unwrap_or("").into(),
                    })
                    .collect(),
                is_error: t["status"] == "error",
                cache_control: None,
            }
        } else if let Some(r) = c.get("reasoningContent") {
            match r.get("redactedContent").and_then(Value::as_str) {
                Some(d) => ContentBlock::RedactedThinking { data: d.into() },
                None => ContentBlock::Thinking {
                    thinking: r["reasoningText"]["text"].as_str().unwrap_or("").into(),
                    signature: r["reasoningText"]["signature"].as_str().map(Into::into),
                },
            }
        } else {
            panic!("unexpected Converse block {c}");
        };
        out.push(b);
    }
    out
}

/// Recorded Converse body and URI → (canonical request, context).
fn canonical(uri: &str, body: &Value) -> (Request, EncodeContext) {
    let model = uri
        .split("/model/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("")
        .replace("%3A", ":");
    let stream = uri.ends_with("/converse-stream");
    let mut r = Request {
        messages: body["messages"]
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
            .collect(),
        ..Request::default()
    };
    r.system = blocks(&body["system"]);
    let inf = &body["inferenceConfig"];
    r.max_tokens = inf["maxTokens"].as_u64().map(|n| n as u32);
    r.temperature = inf["temperature"].as_f64();
    r.top_p = inf["topP"].as_f64();
    r.stop_sequences = serde_json::from_value(inf["stopSequences"].clone()).unwrap_or_default();
    for t in body["toolConfig"]["tools"].as_array().into_iter().flatten() {
        if let Some(s) = t.get("toolSpec") {
            r.tools.push(Tool {
                name: s["name"].as_str().unwrap_or("").into(),
                description: s["description"].as_str().map(Into::into),
                input_schema: s["inputSchema"]["json"].clone(),
                cache_control: None,
            });
        } else if t.get("cachePoint").is_some() {
            if let Some(last) = r.tools.last_mut() {
                last.cache_control = ephemeral();
            }
        }
    }
    let tc = &body["toolConfig"]["toolChoice"];
    r.tool_choice = if tc.get("auto").is_some() {
        Some(ToolChoice::Auto)
    } else if tc.get("any").is_some() {
        Some(ToolChoice::Any)
    } else {
        tc["tool"]["name"]
            .as_str()
            .map(|n| ToolChoice::Tool(n.into()))
    };
    let extra = &body["additionalModelRequestFields"];
    if extra["thinking"]["type"] == "enabled" {
        r.reasoning = Some(Reasoning {
            effort: None,
            budget_tokens: extra["thinking"]["budget_tokens"]
                .as_u64()
                .map(|n| n as u32),
        });
    }
    let ctx = EncodeContext::new("bedrock", model, stream);
    (r, ctx)
}

fn normalize(mut v: Value) -> Value {
    if let Some(m) = v.as_object_mut() {
        for key in ["system", "inferenceConfig"] {
            let empty = m.get(key).is_some_and(|x| {
                x.as_array().is_some_and(Vec::is_empty)
                    || x.as_object().is_some_and(|o| o.is_empty())
            });
            if empty {
                m.remove(key);
            }
        }
    }
    v
}

#[test]
fn recorded_converse_requests_are_reproduced() {
    let root = super::common::corpus_dir().join("cassettes/bedrock");
    let mut n = 0;
    for p in super::common::files_under(&root, &|p| {
        p.file_name().is_some_and(|n| n == "request.json")
    }) {
        let name = p
            .strip_prefix(&root)
            .unwrap_or(&p)
            .to_string_lossy()
            .into_owned();
        let rec: Value =
            serde_json::from_slice(&std::fs::read(&p).unwrap_or_default()).unwrap_or_default();
        let uri = rec["uri"].as_str().unwrap_or("");
        if uri.ends_with("/count-tokens") {
            continue; // CountTokens wraps a Converse request; not a Converse call
        }
        let body = &rec["body"];
        let (req, ctx) = canonical(uri, body);
        let enc = bedrock_converse::encode(&req, &ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(enc.warnings.is_empty(), "{name}: {:?}", enc.warnings);
        let mut got = enc.body;
        if let Some(b) = req.reasoning.as_ref().and_then(|r| r.budget_tokens) {
            let max = got["inferenceConfig"]["maxTokens"].as_u64().unwrap_or(0);
            assert!(
                max > u64::from(b),
                "{name}: maxTokens must exceed the thinking budget"
            );
            if body["inferenceConfig"].get("maxTokens").is_none() {
                if let Some(inf) = got["inferenceConfig"].as_object_mut() {
                    inf.remove("maxTokens");
                }
            }
        }
        assert_eq!(normalize(got), normalize(body.clone()), "{name}");
        n += 1;
    }
    assert_eq!(n, 15);
}

#[test]
fn canonical_features_encode_as_documented() {
    let req = Request {
        system: vec![ContentBlock::Text {
            text: "Be brief.".into(),
            cache_control: ephemeral(),
        }],
        messages: vec![
            Message::user("a"),
            Message {
                role: Role::User,
                content: vec![
                    ContentBlock::Image {
                        source: Source::Url {
                            url: "data:image/png;base64,AAAA".into(),
                        },
                        cache_control: ephemeral(),
                    },
                    ContentBlock::Image {
                        source: Source::Url {
                            url: "https://example.com/x.png".into(),
                        },
                        cache_control: None,
                    },
                    ContentBlock::Document {
                        source: Source::Url {
                            url: "s3://bucket/report.pdf".into(),
                        },
                        title: Some("Q3 report.pdf".into()),
                        cache_control: None,
                    },
                    ContentBlock::Document {
                        source: Source::Text {
                            media_type: "text/plain".into(),
                            data: "hi".into(),
                        },
                        title: None,
                        cache_control: None,
                    },
                ],
            },
            Message {
                role: Role::Assistant,
                content: vec![
                    ContentBlock::Thinking {
                        thinking: "no signature".into(),
                        signature: None,
                    },
                    ContentBlock::RedactedThinking {
                        data: "opaque".into(),
                    },
                    ContentBlock::ToolUse {
                        id: "t1".into(),
                        name: "f".into(),
                        input: json!({"a": 1}),
                        cache_control: None,
                    },
                ],
            },
            Message {
                role: Role::User,
                content: vec![ContentBlock::ToolResult {
                    tool_use_id: "t1".into(),
                    content: vec![ToolResultContent::Text { text: "bad".into() }],
                    is_error: true,
                    cache_control: None,
                }],
            },
        ],
        tools: vec![Tool {
            name: "f".into(),
            description: Some("does f".into()),
            input_schema: json!({"type": "object"}),
            cache_control: ephemeral(),
        }],
        tool_choice: Some(ToolChoice::Tool("f".into())),
        max_tokens: Some(500),
        temperature: Some(1.4),
        top_k: Some(40),
        stop_sequences: vec!["STOP".into()],
        response_format: Some(ResponseFormat::JsonSchema {
            name: "out".into(),
            schema: json!({"type": "object"}),
            strict: true,
        }),
        ..Request::default()
    };
    let mut req = req;
    req.provider_options.insert(
        "bedrock".into(),
        json!({"performanceConfig": {"latency": "optimized"}}),
    );
    let ctx = EncodeContext::new(
        "bedrock",
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        true,
    );
    let enc = bedrock_converse::encode(&req, &ctx).expect("encodes");
    let b = &enc.body;
    assert!(
        b.get("model").is_none() && b.get("stream").is_none(),
        "the model and the streaming go in the URL"
    );
    assert_eq!(
        b["system"],
        json!([{"text": "Be brief."}, {"cachePoint": {"type": "default"}}])
    );
    // The two user messages are merged into one turn.
    let user = b["messages"][0]["content"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(user[0], json!({"text": "a"}));
    assert_eq!(
        user[1],
        json!({"image": {"format": "png", "source": {"bytes": "AAAA"}}})
    );
    assert_eq!(user[2], json!({"cachePoint": {"type": "default"}}));
    assert_eq!(
        user[3],
        json!({"document": {"format": "pdf", "name": "Q3 report pdf", "source": {"s3Location": {"uri": "s3://bucket/report.pdf"}}}})
    );
    assert_eq!(
        user[4],
        json!({"document": {"format": "txt", "name": "Document 2", "source": {"bytes": "aGk="}}})
    );
    assert_eq!(user.len(), 5, "the https image is not sent");
    assert_eq!(
        b["messages"][1]["content"],
        json!([
            {"reasoningContent": {"redactedContent": "opaque"}},
            {"toolUse": {"toolUseId": "t1", "name": "f", "input": {"a": 1}}}
        ])
    );
    assert_eq!(
        b["messages"][2]["content"][0]["toolResult"]["status"],
        "error"
    );
    assert_eq!(
        b["inferenceConfig"],
        json!({"maxTokens": 500, "temperature": 1.0, "stopSequences": ["STOP"]})
    );
    assert_eq!(b["additionalModelRequestFields"], json!({"top_k": 40}));
    assert_eq!(
        b["toolConfig"]["tools"][1],
        json!({"cachePoint": {"type": "default"}})
    );
    assert_eq!(
        b["toolConfig"]["toolChoice"],
        json!({"tool": {"name": "f"}})
    );
    assert_eq!(
        b["outputConfig"]["textFormat"]["structure"]["jsonSchema"]["schema"],
        "{\"type\":\"object\"}"
    );
    assert_eq!(b["performanceConfig"], json!({"latency": "optimized"}));
    let warned: Vec<&str> = enc.warnings.iter().map(|w| w.setting.as_str()).collect();
    assert_eq!(
        warned,
        [
            "messages[1].content[1]",
            "messages[2].content[0]",
            "temperature"
        ]
    );
}

#[test]
fn tool_choice_none_and_other_model_families() {
    let base = Request {
        messages: vec![Message::user("hi")],
        tools: vec![Tool {
            name: "f".into(),
            description: None,
            input_schema: json!({"type": "object"}),
            cache_control: None,
        }],
        tool_choice: Some(ToolChoice::None),
        top_k: Some(20),
        reasoning: Some(Reasoning {
            effort: Some(aster::message::Effort::Low),
            budget_tokens: None,
        }),
        ..Request::default()
    };
    let nova = EncodeContext::new("", "us.amazon.nova-micro-v1:0", false);
    let enc = bedrock_converse::encode(&base, &nova).expect("encodes");
    assert!(
        enc.body.get("toolConfig").is_none(),
        "`none` without tool history leaves the tools out"
    );
    assert_eq!(
        enc.body["additionalModelRequestFields"],
        json!({"inferenceConfig": {"topK": 20}})
    );
    assert_eq!(enc.warnings.len(), 1, "reasoning is not mapped for Nova");

    let claude = EncodeContext::new("", "anthropic.claude-3-7-sonnet-20250219-v1:0", false);
    let mut with_history = base.clone();
    with_history.top_k = None;
    with_history.messages.push(Message {
        role: Role::Assistant,
        content: vec![ContentBlock::ToolUse {
            id: "t".into(),
            name: "f".into(),
            input: json!({}),
            cache_control: None,
        }],
    });
    let enc = bedrock_converse::encode(&with_history, &claude).expect("encodes");
    assert!(enc.body["toolConfig"]["tools"].is_array());
    assert!(enc.body["toolConfig"].get("toolChoice").is_none());
    assert_eq!(
        enc.body["additionalModelRequestFields"]["thinking"],
        json!({"type": "enabled", "budget_tokens": 2048})
    );
    // The default maxTokens (4096) already exceeds the budget, but it is sent explicitly.
    assert_eq!(enc.body["inferenceConfig"]["maxTokens"], 4096);
    assert_eq!(
        enc.warnings
            .iter()
            .map(|w| w.setting.as_str())
            .collect::<Vec<_>>(),
        ["toolChoice"]
    );
}
