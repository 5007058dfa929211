use super::*;
use crate::error::ErrorKind;
use serde_json::json;

fn req(v: Value) -> Request {
    match parse_request(&v) {
        Ok(r) => r,
        Err(e) => panic!("{v}: {e}"),
    }
}

/// The error message of parsing `v`, which must fail as an invalid request.
fn err(v: Value) -> String {
    match parse_request(&v) {
        Ok(r) => panic!("{v} parsed: {r:?}"),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::InvalidRequest, "{e}");
            e.message
        }
    }
}

fn with_content(content: Value) -> Value {
    json!({"messages": [{"role": "user", "content": content}]})
}

fn one_block(block: Value) -> ContentBlock {
    let r = req(with_content(json!([block])));
    r.messages.into_iter().next().unwrap().content.remove(0)
}

#[test]
fn string_content_is_one_text_block() {
    let r = req(json!({"messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": ""}
    ]}));
    assert_eq!(r.messages, [Message::user("hi"), Message::assistant("")]);
    assert_eq!(
        r,
        Request {
            messages: r.messages.clone(),
            ..Request::default()
        }
    );
    assert_eq!(
        parse_messages(&json!([{"role":"user","content":"x"}])).unwrap(),
        [Message::user("x")]
    );
    assert_eq!(parse_messages(&json!([])).unwrap(), []);
}

#[test]
fn text_blocks_with_cache_control() {
    assert_eq!(
        one_block(json!({"type":"text","text":"a"})),
        ContentBlock::text("a")
    );
    let b = one_block(
        json!({"type":"text","text":"a","cache_control":{"type":"ephemeral","ttl":"1h"},"citations":null}),
    );
    assert_eq!(
        b.cache_control(),
        Some(&CacheControl {
            kind: "ephemeral".into(),
            ttl: Some("1h".into())
        })
    );
    let b = one_block(json!({"type":"text","text":"a","cache_control":{"type":"ephemeral"}}));
    assert_eq!(b.cache_control().and_then(|c| c.ttl.clone()), None);
    let b = one_block(json!({"type":"text","text":"a","cache_control":null}));
    assert_eq!(b.cache_control(), None);
}

#[test]
fn image_and_document_sources() {
    let b = one_block(
        json!({"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}}),
    );
    assert_eq!(
        b,
        ContentBlock::Image {
            source: Source::Base64 {
                media_type: "image/png".into(),
                data: "iVBO".into()
            },
            cache_control: None
        }
    );
    let b = one_block(json!({"type":"image","source":{"type":"url","url":"https://x/y.png"}}));
    assert!(
        matches!(b, ContentBlock::Image { source: Source::Url { ref url }, .. } if url == "https://x/y.png")
    );
    let b = one_block(
        json!({"type":"document","title":"T","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"},"cache_control":{"type":"ephemeral"}}),
    );
    match b {
        ContentBlock::Document {
            source: Source::Base64 { media_type, .. },
            title,
            cache_control,
        } => {
            assert_eq!(media_type, "application/pdf");
            assert_eq!(title.as_deref(), Some("T"));
            assert!(cache_control.is_some());
        }
        other => panic!("{other:?}"),
    }
    let b = one_block(json!({"type":"document","source":{"type":"url","url":"https://x/a.pdf"}}));
    assert!(matches!(
        b,
        ContentBlock::Document {
            source: Source::Url { .. },
            title: None,
            ..
        }
    ));
    let b = one_block(
        json!({"type":"document","source":{"type":"text","media_type":"text/plain","data":"hello"}}),
    );
    assert!(
        matches!(b, ContentBlock::Document { source: Source::Text { ref data, .. }, .. } if data == "hello")
    );
    let b = one_block(json!({"type":"document","source":{"type":"text","data":"hello"}}));
    assert!(
        matches!(b, ContentBlock::Document { source: Source::Text { ref media_type, .. }, .. } if media_type == "text/plain")
    );
}

#[test]
fn tool_use_and_tool_result() {
    let b = one_block(json!({"type":"tool_use","id":"toolu_1","name":"get","input":{"a":1}}));
    assert_eq!(
        b,
        ContentBlock::ToolUse {
            id: "toolu_1".into(),
            name: "get".into(),
            input: json!({"a":1}),
            cache_control: None
        }
    );
    let b = one_block(json!({"type":"tool_use","id":"t","name":"n"}));
    assert!(matches!(b, ContentBlock::ToolUse { ref input, .. } if *input == json!({})));
    let b = one_block(json!({"type":"tool_result","tool_use_id":"t","content":"42"}));
    assert_eq!(
        b,
        ContentBlock::ToolResult {
            tool_use_id: "t".into(),
            content: vec![ToolResultContent::Text { text: "42".into() }],
            is_error: false,
            cache_control: None
        }
    );
    let b = one_block(
        json!({"type":"tool_result","tool_use_id":"t","is_error":true,"content":[
            {"type":"text","text":"a","cache_control":{"type":"ephemeral"}},
            {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j"}},
            {"type":"document","source":{"type":"text","data":"doc"}}
        ]}),
    );
    match b {
        ContentBlock::ToolResult {
            content, is_error, ..
        } => {
            assert!(is_error);
            assert_eq!(content.len(), 3);
            assert!(matches!(content[1], ToolResultContent::Image { .. }));
            assert!(matches!(content[2], ToolResultContent::Document { .. }));
        }
        other => panic!("{other:?}"),
    }
    let b = one_block(json!({"type":"tool_result","tool_use_id":"t"}));
    assert!(matches!(b, ContentBlock::ToolResult { ref content, .. } if content.is_empty()));
}

#[test]
fn thinking_blocks() {
    let b = one_block(json!({"type":"thinking","thinking":"hmm","signature":"sig"}));
    assert_eq!(
        b,
        ContentBlock::Thinking {
            thinking: "hmm".into(),
            signature: Some("sig".into())
        }
    );
    let b = one_block(json!({"type":"thinking","thinking":""}));
    assert_eq!(
        b,
        ContentBlock::Thinking {
            thinking: "".into(),
            signature: None
        }
    );
    let b = one_block(json!({"type":"redacted_thinking","data":"opaque"}));
    assert_eq!(
        b,
        ContentBlock::RedactedThinking {
            data: "opaque".into()
        }
    );
}

#[test]
fn message_errors_name_the_path() {
    let cases = [
        (json!(null), "request: expected an object, got null"),
        (json!({}), "messages: expected an array of messages, but it is missing"),
        (json!({"messages": {}}), "messages: expected an array of messages, got an object"),
        (json!({"messages": [1]}), "messages[0]: expected an object, got a number"),
        (json!({"messages": [{"content": "x"}]}), "messages[0].role: expected a string, but it is missing"),
        (json!({"messages": [{"role": "system", "content": "x"}]}),
            "messages[0].role: expected one of \"user\", \"assistant\", got \"system\" (pass the system prompt as the `system` option)"),
        (json!({"messages": [{"role": "bot", "content": "x"}]}),
            "messages[0].role: expected one of \"user\", \"assistant\", got \"bot\""),
        (json!({"messages": [{"role": "user"}]}),
            "messages[0].content: expected a string or an array of content blocks, but it is missing"),
        (json!({"messages": [{"role": "user", "content": 5}]}),
            "messages[0].content: expected a string or an array of content blocks, got a number"),
        (with_content(json!(["hi"])), "messages[0].content[0]: expected an object, got a string"),
        (with_content(json!([{"text": "x"}])), "messages[0].content[0].type: expected a string, but it is missing"),
        (with_content(json!([{"type": "text"}])), "messages[0].content[0].text: expected a string, but it is missing"),
        (with_content(json!([{"type": "text", "text": 1}])), "messages[0].content[0].text: expected a string, got a number"),
        (with_content(json!([{"type": "text", "text": "a", "cache_control": "ephemeral"}])),
            "messages[0].content[0].cache_control: expected an object, got a string"),
        (with_content(json!([{"type": "text", "text": "a", "cache_control": {}}])),
            "messages[0].content[0].cache_control.type: expected a string, but it is missing"),
        (with_content(json!([{"type": "image"}])), "messages[0].content[0].source: expected an object, but it is missing"),
        (with_content(json!([{"type": "image", "source": {"type": "base64", "media_type": 3, "data": "x"}}])),
            "messages[0].content[0].source.media_type: expected a string, got a number"),
        (with_content(json!([{"type": "image", "source": {"type": "base64", "media_type": "image/png"}}])),
            "messages[0].content[0].source.data: expected a string, but it is missing"),
        (with_content(json!([{"type": "image", "source": {"type": "file", "file_id": "f"}}])),
            "messages[0].content[0].source.type: expected one of \"base64\", \"url\", got \"file\""),
        (with_content(json!([{"type": "image", "source": {"type": "text", "data": "x"}}])),
            "messages[0].content[0].source.type: expected one of \"base64\", \"url\", got \"text\""),
        (with_content(json!([{"type": "document", "source": {"type": "content", "content": []}}])),
            "messages[0].content[0].source.type: expected one of \"base64\", \"url\", \"text\", got \"content\""),
        (with_content(json!([{"type": "document", "source": {"type": "url"}}])),
            "messages[0].content[0].source.url: expected a string, but it is missing"),
        (with_content(json!([{"type": "document", "title": 1, "source": {"type": "url", "url": "u"}}])),
            "messages[0].content[0].title: expected a string, got a number"),
        (with_content(json!([{"type": "tool_use", "name": "n", "input": {}}])),
            "messages[0].content[0].id: expected a string, but it is missing"),
        (with_content(json!([{"type": "tool_use", "id": "i", "input": {}}])),
            "messages[0].content[0].name: expected a string, but it is missing"),
        (with_content(json!([{"type": "tool_use", "id": "i", "name": "n", "input": "{}"}])),
            "messages[0].content[0].input: expected an object, got a string"),
        (with_content(json!([{"type": "tool_result", "content": "x"}])),
            "messages[0].content[0].tool_use_id: expected a string, but it is missing"),
        (with_content(json!([{"type": "tool_result", "tool_use_id": "t", "content": 1}])),
            "messages[0].content[0].content: expected a string or an array of content blocks, got a number"),
        (with_content(json!([{"type": "tool_result", "tool_use_id": "t", "content": [{"type": "tool_use"}]}])),
            "messages[0].content[0].content[0].type: expected one of \"text\", \"image\", \"document\", got \"tool_use\""),
        (with_content(json!([{"type": "tool_result", "tool_use_id": "t", "content": [{"type": "text"}]}])),
            "messages[0].content[0].content[0].text: expected a string, but it is missing"),
        (with_content(json!([{"type": "tool_result", "tool_use_id": "t", "is_error": "yes"}])),
            "messages[0].content[0].is_error: expected a boolean, got a string"),
        (with_content(json!([{"type": "thinking", "signature": "s"}])),
            "messages[0].content[0].thinking: expected a string, but it is missing"),
        (with_content(json!([{"type": "redacted_thinking"}])),
            "messages[0].content[0].data: expected a string, but it is missing"),
        (with_content(json!([{"type": "server_tool_use", "id": "s", "name": "web_search", "input": {}}])),
            "messages[0].content[0].type: unsupported content block type \"server_tool_use\" (supported: text, image, document, tool_use, tool_result, thinking, redacted_thinking)"),
    ];
    for (input, want) in cases {
        assert_eq!(err(input.clone()), want, "{input}");
    }
    // The path counts messages and blocks.
    let v = json!({"messages": [
        {"role": "user", "content": "a"},
        {"role": "assistant", "content": "b"},
        {"role": "user", "content": [{"type": "text", "text": "c"}, {"type": "image", "source": {"type": "base64", "media_type": [], "data": ""}}]}
    ]});
    assert_eq!(
        err(v),
        "messages[2].content[1].source.media_type: expected a string, got an array"
    );
    // A long unknown string is cut short in the message.
    let long = "x".repeat(500);
    assert!(err(with_content(json!([{"type": long}]))).len() < 250);
}

#[test]
fn never_panics_on_odd_json() {
    let odd = [
        json!([]),
        json!("messages"),
        json!({"messages": [null, true]}),
        json!({"messages": [{"role": null, "content": null}]}),
        json!({"messages": [{"role": "user", "content": [[], {}, null]}]}),
        json!({"messages": [], "tools": [null], "toolChoice": {"type": null}}),
        json!({"messages": [], "reasoning": {"effort": null, "budgetTokens": 1e300}}),
    ];
    for v in odd {
        let _ = parse_request(&v);
    }
}
