//! `parse_request` on the request bodies of the recorded Anthropic exchanges.
//!
//! Every body either parses, and the result matches the body, or fails with the one justified
//! error: a server tool (`web_search_20250305`, `code_execution_…`, `advisor_…`) or a server
//! block in the history (`server_tool_use`, `web_search_tool_result`, `advisor_tool_result`),
//! which aster does not carry. The test derives that expected error from the JSON itself, and
//! checks that the same body without those parts parses.

use crate::common;
use aster::message::{parse_request, Effort, ToolChoice};
use aster::{ContentBlock, ErrorKind};
use serde_json::Value;

const SUPPORTED_BLOCKS: [&str; 7] = [
    "text",
    "image",
    "document",
    "tool_use",
    "tool_result",
    "thinking",
    "redacted_thinking",
];

fn is_server_tool(t: &Value) -> bool {
    !matches!(
        t.get("type").and_then(Value::as_str),
        None | Some("custom") | Some("function")
    )
}

/// The error the parser must report for `body`, found the way the parser walks: messages in
/// order, then tools.
fn expected_error(body: &Value) -> Option<String> {
    let messages = body["messages"].as_array()?;
    for (i, m) in messages.iter().enumerate() {
        if let Some(blocks) = m["content"].as_array() {
            for (j, b) in blocks.iter().enumerate() {
                let ty = b["type"].as_str().unwrap_or("");
                if !SUPPORTED_BLOCKS.contains(&ty) {
                    return Some(format!(
                        "messages[{i}].content[{j}].type: unsupported content block type \"{ty}\""
                    ));
                }
            }
        }
    }
    let tools = body.get("tools").and_then(Value::as_array)?;
    tools.iter().enumerate().find_map(|(k, t)| {
        is_server_tool(t).then(|| {
            format!(
                "tools[{k}].type: unsupported tool type \"{}\"",
                t["type"].as_str().unwrap_or("")
            )
        })
    })
}

/// `body` without server tools and server blocks.
fn strip_out_of_scope(body: &Value) -> Value {
    let mut b = body.clone();
    if let Some(msgs) = b["messages"].as_array_mut() {
        for m in msgs {
            if let Some(blocks) = m["content"].as_array_mut() {
                blocks.retain(|x| SUPPORTED_BLOCKS.contains(&x["type"].as_str().unwrap_or("")));
            }
        }
    }
    if let Some(tools) = b.get_mut("tools").and_then(Value::as_array_mut) {
        tools.retain(|t| !is_server_tool(t));
    }
    b
}

/// The parsed request says what the body says.
fn check_matches(body: &Value, name: &str) {
    let r = parse_request(body).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(r.model.as_deref(), body["model"].as_str(), "{name}");
    assert_eq!(
        r.max_tokens.map(u64::from),
        body["max_tokens"].as_u64(),
        "{name}"
    );
    let msgs = body["messages"].as_array().unwrap();
    assert_eq!(r.messages.len(), msgs.len(), "{name}");
    for (m, raw) in r.messages.iter().zip(msgs) {
        let want = match &raw["content"] {
            Value::String(_) => 1,
            Value::Array(a) => a.len(),
            _ => unreachable!(),
        };
        assert_eq!(m.content.len(), want, "{name}");
        for (b, rb) in m
            .content
            .iter()
            .zip(raw["content"].as_array().into_iter().flatten())
        {
            assert_eq!(b.type_name(), rb["type"].as_str().unwrap(), "{name}");
            if let ContentBlock::Thinking { signature, .. } = b {
                assert_eq!(signature.as_deref(), rb["signature"].as_str(), "{name}");
            }
        }
    }
    match body.get("thinking") {
        Some(t) if t["type"] == "enabled" => {
            let r = r.reasoning.as_ref().expect(name);
            assert_eq!(r.budget_tokens.map(u64::from), t["budget_tokens"].as_u64());
            assert_eq!(r.effort, None::<Effort>);
        }
        _ => assert_eq!(r.reasoning, None, "{name}"),
    }
    if body.get("tool_choice").is_some() {
        assert_eq!(r.tool_choice, Some(ToolChoice::Auto), "{name}");
    }
    let tools = body.get("tools").and_then(Value::as_array);
    assert_eq!(r.tools.len(), tools.map_or(0, Vec::len), "{name}");
    if let Some(sys) = body.get("system").and_then(Value::as_array) {
        assert_eq!(r.system.len(), sys.len(), "{name}");
    }
}

#[test]
fn anthropic_cassette_requests_parse_or_fail_precisely() {
    let dir = common::corpus_dir().join("cassettes/anthropic");
    let files = common::files_under(&dir, &|p| p.ends_with("request.json"));
    assert!(files.len() >= 17, "corpus not found at {}", dir.display());
    let (mut parsed, mut rejected) = (0, 0);
    for f in &files {
        let name = f.strip_prefix(&dir).unwrap().display().to_string();
        let rec: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        let body = &rec["body"];
        match expected_error(body) {
            None => {
                check_matches(body, &name);
                parsed += 1;
            }
            Some(want) => {
                let e = parse_request(body).expect_err(&name);
                assert_eq!(e.kind, ErrorKind::InvalidRequest, "{name}");
                assert!(
                    e.message.starts_with(&want),
                    "{name}: {} does not start with {want}",
                    e.message
                );
                // Nothing else in the body is a problem.
                check_matches(&strip_out_of_scope(body), &name);
                rejected += 1;
            }
        }
    }
    // 7 plain requests; 10 use Anthropic server tools (web search, code execution, advisor).
    assert_eq!((parsed, rejected), (7, 10));
}
