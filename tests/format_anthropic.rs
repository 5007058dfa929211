//! Anthropic Messages format against the corpus: every recorded stream and body decodes, with
//! concrete values checked for many cases, identically under any chunking; the gateway
//! direction round-trips; encoded requests match recorded ones.

use crate::common;
#[path = "format_anthropic/requests.rs"]
mod requests;
#[path = "format_anthropic/roundtrip.rs"]
mod roundtrip;
use common::claude_support as support;

use aster::codec::SseEvent;
use aster::decode::{decode_whole, Decoded};
use aster::error::ErrorKind;
use aster::format::{anthropic, Framing, WireEvent, WireFormat};
use common::{corpus_dir, files_under};
use serde_json::json;
use std::path::{Path, PathBuf};
use support::*;

/// How a corpus file is framed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// Raw SSE bytes.
    Sse,
    /// One event JSON per line (`*.chunks.txt`).
    Lines,
    /// A whole non-streaming body.
    Body,
}

/// Every Anthropic case in the corpus with its framing.
pub fn cases() -> Vec<(PathBuf, Kind)> {
    let root = corpus_dir();
    let mut out = Vec::new();
    let name = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    };
    for p in files_under(&root.join("chunks/anthropic"), &|_| true) {
        let n = name(&p);
        if n.ends_with(".chunks.txt") {
            out.push((p, Kind::Lines));
        } else if n.ends_with(".json") {
            out.push((p, Kind::Body));
        }
    }
    for p in files_under(&root.join("cassettes/anthropic"), &|p| {
        p.file_name()
            .is_some_and(|n| n == "body.sse" || n == "body.json")
    }) {
        let kind = if name(&p) == "body.sse" {
            Kind::Sse
        } else {
            Kind::Body
        };
        out.push((p, kind));
    }
    for p in files_under(&root.join("genai/anthropic"), &|p| {
        p.extension().is_some_and(|e| e == "txt")
    }) {
        out.push((p, Kind::Sse));
    }
    out
}

/// Test-only SSE splitter (LF or CRLF lines; `event:`/`data:` fields), used to drive the state
/// machine independently of the SSE codec.
pub fn split_sse(text: &str) -> Vec<SseEvent> {
    let mut out = Vec::new();
    let mut cur = SseEvent::default();
    let mut has_data = false;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            if has_data {
                out.push(std::mem::take(&mut cur));
            }
            cur = SseEvent::default();
            has_data = false;
        } else if let Some(v) = line.strip_prefix("data:") {
            if has_data {
                cur.data.push('\n');
            }
            cur.data.push_str(v.strip_prefix(' ').unwrap_or(v));
            has_data = true;
        } else if let Some(v) = line.strip_prefix("event:") {
            cur.event = v.trim_start().to_string();
        }
    }
    if has_data {
        out.push(cur);
    }
    out
}

/// Decodes a case by feeding its events straight into the state machine.
pub fn decode_case(path: &Path, kind: Kind) -> Decoded {
    let bytes = std::fs::read(path).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    match kind {
        Kind::Body => decode_whole(WireFormat::Anthropic, "anthropic", &bytes),
        Kind::Sse => {
            let evs = split_sse(&text);
            let wire: Vec<WireEvent<'_>> = evs.iter().map(WireEvent::Sse).collect();
            run_machine::<anthropic::Stream>("anthropic", &wire)
        }
        Kind::Lines => {
            let lines: Vec<&str> = text.lines().collect();
            let wire: Vec<WireEvent<'_>> = lines.iter().map(|l| WireEvent::Line(l)).collect();
            run_machine::<anthropic::Stream>("anthropic", &wire)
        }
    }
}

fn rel(p: &Path) -> String {
    p.strip_prefix(corpus_dir())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Cases that must end in an error, and the kind.
const ERRORS: [(&str, ErrorKind); 1] = [("spliced-message-start", ErrorKind::Decode)];
/// Error bodies (classified by `error::classify_stream_error`).
const ERROR_BODIES: [(&str, ErrorKind); 2] = [
    (
        "test_anthropic_count_tokens_error",
        ErrorKind::ModelNotFound,
    ),
    (
        "test_anthropic_explicit_effort_xhigh_unsupported_model_errors",
        ErrorKind::InvalidRequest,
    ),
];

#[test]
fn every_case_decodes() {
    let cases = cases();
    let (mut streams, mut bodies) = (0, 0);
    for (path, kind) in &cases {
        let name = rel(path);
        let d = decode_case(path, *kind);
        assert_contract(&d, &name);
        if let Some((_, k)) = ERRORS.iter().find(|(n, _)| name.contains(n)) {
            assert_eq!(d.error.as_ref().map(|e| e.kind), Some(*k), "{name}");
        } else if let Some((_, k)) = ERROR_BODIES.iter().find(|(n, _)| name.contains(n)) {
            assert_eq!(d.error.as_ref().map(|e| e.kind), Some(*k), "{name}");
            assert!(d.chunks.is_empty(), "{name}");
        } else {
            assert!(d.error.is_none(), "{name}: {:?}", d.error);
            assert!(finish(&d).is_some(), "{name}");
            assert!(
                usage(&d).is_some_and(|u| !u.estimated),
                "{name}: usage reported"
            );
        }
        if *kind == Kind::Body {
            bodies += 1;
        } else {
            streams += 1;
        }
    }
    // 31 chunk streams + 10 cassette streams + 5 genai streams; 31 + 7 bodies.
    assert_eq!((streams, bodies), (46, 38), "corpus cases found");
}

#[test]
fn every_stream_decodes_identically_in_any_chunking() {
    for (path, kind) in cases() {
        let framing = match kind {
            Kind::Sse => Framing::Sse,
            Kind::Lines => Framing::Ndjson,
            Kind::Body => continue,
        };
        let name = rel(&path);
        let body = std::fs::read(&path).unwrap_or_default();
        let whole =
            assert_chunking_invariant(WireFormat::Anthropic, framing, "anthropic", &body, &name);
        let direct = decode_case(&path, kind);
        assert_same_chunks(
            &whole.chunks,
            &direct.chunks,
            &format!("{name}: codec vs direct feed"),
        );
    }
}

/// Expected aggregate values of a case, derived by reading the raw data.
struct Expect {
    file: &'static str,
    text: Text,
    reasoning_len: usize,
    tools: &'static [(&'static str, &'static str, &'static str)],
    /// input (all), output, cache read, cache write.
    usage: (u64, u64, u64, u64),
    finish: (&'static str, &'static str),
}

enum Text {
    Exact(&'static str),
    /// char count, prefix, suffix
    Shape(usize, &'static str, &'static str),
}

const EXPECT: &[Expect] = &[
    Expect { file: "chunks/anthropic/anthropic-text.chunks.txt", text: Text::Exact("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?"), reasoning_len: 0, tools: &[], usage: (12, 30, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-tool-no-args.chunks.txt", text: Text::Exact("I'll update the issue list for you."), reasoning_len: 0, tools: &[("toolu_01QE1WLsSVp5hy5Q3GmGTmjP", "updateIssueList", "{}")], usage: (565, 48, 0, 0), finish: ("tool_calls", "tool_use") },
    Expect { file: "chunks/anthropic/anthropic-message-delta-input-tokens.chunks.txt", text: Text::Exact("pong"), reasoning_len: 0, tools: &[], usage: (61, 2, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/duplicate-message-start.chunks.txt", text: Text::Exact("Hello, World!"), reasoning_len: 0, tools: &[], usage: (17, 227, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-refusal.chunks.txt", text: Text::Exact(""), reasoning_len: 0, tools: &[], usage: (18, 5, 0, 0), finish: ("content_filter", "refusal") },
    Expect { file: "chunks/anthropic/anthropic-fallback.chunks.txt", text: Text::Exact("The printing press was invented by Johannes Gutenberg around 1440."), reasoning_len: 0, tools: &[], usage: (412, 264, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-clear-thinking.1.chunks.txt", text: Text::Exact("925 ÷ 5 = 185"), reasoning_len: 75, tools: &[], usage: (69, 53, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-json-other-tool.1.chunks.txt", text: Text::Exact(""), reasoning_len: 0, tools: &[("toolu_019Zvehfe1XQWweT1pm7okyt", "weather", r#"{"location":"San Francisco"}"#)], usage: (843, 28, 0, 0), finish: ("tool_calls", "tool_use") },
    Expect { file: "chunks/anthropic/anthropic-json-tool.2.chunks.txt", text: Text::Exact("I'll invoke the JSON response tool."), reasoning_len: 0, tools: &[("toolu_01KFbKqPYSuAKujiL6mTfzYA", "json", r#"{"elements":[{"location":"San Francisco","temperature":58,"condition":"sunny"}]}"#)], usage: (849, 47, 0, 0), finish: ("tool_calls", "tool_use") },
    Expect { file: "chunks/anthropic/anthropic-advisor-stop-reasons.chunks.txt", text: Text::Exact(""), reasoning_len: 0, tools: &[], usage: (10, 20, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt", text: Text::Shape(62, "The sum of the squares of the numbers 1 through 12 is **650*", "is **650**."), reasoning_len: 0, tools: &[], usage: (9632, 198, 6289, 3337), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-mcp.1.chunks.txt", text: Text::Shape(112, "The echo tool responded back with: **hello world**", "sent to it."), reasoning_len: 0, tools: &[], usage: (1250, 83, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-web-search-tool.1.chunks.txt", text: Text::Shape(2402, "Based on my search results, here are the key tech news", "first international retail expansion."), reasoning_len: 0, tools: &[], usage: (15665, 795, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-tool-search-deferred-bm25.chunks.txt", text: Text::Shape(734, "I'll help you with this task. Let me start by reading the no", "- bye\n\nThe operation was successful!"), reasoning_len: 0, tools: &[("toolu_01U8pzAHj2vNdPCA2Kf8JjeN", "readNoteTree", r#"{"noteId":"d10aa585-982b-4bd9-984e-420f9b3717f7"}"#), ("toolu_01QoRrvXNv6w4vZSyo9cnxP2", "executeEditorOperation", r#"{"noteId":"d10aa585-982b-4bd9-984e-420f9b3717f7","operations":[{"op":"insert_node","type":"bulletedListItem","text":"bye","at":{"type":"path","path":[1]}}]}"#)], usage: (879 + 1398 + 1639, 177 + 213 + 95, 0, 0), finish: ("tool_calls", "end_turn") },
    Expect { file: "cassettes/anthropic/test_anthropic_model_thinking_part_stream/00/body.sse", text: Text::Shape(1021, "Here are the basic steps for safely crossing the street:", "safety over speed when crossing streets."), reasoning_len: 202, tools: &[], usage: (43, 282, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "cassettes/anthropic/test_anthropic_model_thinking_part_redacted_stream/00/body.sse", text: Text::Shape(359, "I notice that you've sent what appears to be some kind of te", "with a legitimate task or question?"), reasoning_len: 0, tools: &[], usage: (92, 189, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "cassettes/anthropic/test_anthropic_model_web_search_tool_stream/00/body.sse", text: Text::Shape(1335, "Based on the search results, I can see that the information ", "pleasant day in San Francisco!"), reasoning_len: 405, tools: &[], usage: (22397, 637, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "cassettes/anthropic/test_pause_turn_web_search_streaming_vcr/00/body.sse", text: Text::Shape(166, "I'll run these searches one at a time as requested.", "continuing with the remaining searches:"), reasoning_len: 1051, tools: &[], usage: (404500, 943, 0, 0), finish: ("other", "pause_turn") },
    Expect { file: "cassettes/anthropic/test_request_stream_fallback_for_high_max_tokens/00/body.sse", text: Text::Exact("2"), reasoning_len: 0, tools: &[], usage: (20, 5, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "cassettes/anthropic/test_anthropic_mcp_servers_stream/00/body.sse", text: Text::Shape(806, "**Pydantic-AI** is a framework for building Generative AI ap", "provider-specific complexities."), reasoning_len: 192, tools: &[], usage: (3042, 354, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "genai/anthropic/tool_stream/response_000.txt", text: Text::Exact(""), reasoning_len: 0, tools: &[("toolu_01A2B3C4D5", "get_weather", r#"{"city":"Paris","country":"France","unit":"C"}"#)], usage: (85, 42, 0, 0), finish: ("tool_calls", "tool_use") },
    Expect { file: "genai/anthropic/usage_cache_creation_stream/response_000.txt", text: Text::Exact("OK."), reasoning_len: 0, tools: &[], usage: (4211, 5, 0, 4202), finish: ("stop", "end_turn") },
    Expect { file: "genai/anthropic/usage_cache_stream/response_000.txt", text: Text::Exact("OK."), reasoning_len: 0, tools: &[], usage: (4211, 5, 4202, 0), finish: ("stop", "end_turn") },
    Expect { file: "genai/anthropic/ping_stream/response_000.txt", text: Text::Exact("Hello!"), reasoning_len: 0, tools: &[], usage: (25, 15, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-text.json", text: Text::Exact("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?"), reasoning_len: 0, tools: &[], usage: (12, 29, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-json-tool.1.json", text: Text::Exact(""), reasoning_len: 0, tools: &[("toolu_01Q9ExVZnzZj7E2QQYHYtNUa", "json", r#"{"elements":[{"location":"San Francisco","temperature":-5,"condition":"snowy"},{"location":"London","temperature":0,"condition":"snowy"},{"location":"Paris","temperature":23,"condition":"cloudy"},{"location":"Berlin","temperature":-9,"condition":"snowy"}]}"#)], usage: (1151, 87, 0, 0), finish: ("tool_calls", "tool_use") },
    Expect { file: "chunks/anthropic/anthropic-memory-20250818.1.json", text: Text::Exact(""), reasoning_len: 0, tools: &[("toolu_01TvNvpwszD4hKeudmbfyWiV", "memory", r#"{"command":"view","path":"/memories"}"#)], usage: (1614, 69, 0, 0), finish: ("tool_calls", "tool_use") },
    Expect { file: "chunks/anthropic/anthropic-clear-thinking.1.json", text: Text::Exact("925 ÷ 5 = 185"), reasoning_len: 22, tools: &[], usage: (69, 33, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "chunks/anthropic/anthropic-refusal-no-details.json", text: Text::Exact(""), reasoning_len: 0, tools: &[], usage: (18, 5, 0, 0), finish: ("content_filter", "refusal") },
    Expect { file: "chunks/anthropic/anthropic-claude-opus-5-reasoning-high.1.json", text: Text::Shape(2644, "## Step 1: Set up the problem", ""), reasoning_len: 352, tools: &[], usage: (51, 1699, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "cassettes/anthropic/test_anthropic_always_on_capability_toolset_is_visible/00/body.json", text: Text::Exact("ready"), reasoning_len: 0, tools: &[], usage: (563, 4, 0, 0), finish: ("stop", "end_turn") },
    Expect { file: "cassettes/anthropic/test_anthropic_advisor_tool_message_replay/01/body.json", text: Text::Exact("2 + 2 + 1 = 5."), reasoning_len: 0, tools: &[], usage: (1311, 16, 0, 0), finish: ("stop", "end_turn") },
];

#[test]
fn concrete_values() {
    let all = cases();
    for e in EXPECT {
        let (path, kind) = all
            .iter()
            .find(|(p, _)| rel(p) == e.file)
            .unwrap_or_else(|| panic!("{} missing from the corpus", e.file));
        let d = decode_case(path, *kind);
        assert!(d.error.is_none(), "{}: {:?}", e.file, d.error);
        let t = text(&d);
        match e.text {
            Text::Exact(s) => assert_eq!(t, s, "{}", e.file),
            Text::Shape(n, pre, suf) => {
                assert_eq!(t.chars().count(), n, "{}: text length", e.file);
                assert!(t.starts_with(pre) && t.ends_with(suf), "{}: {t:?}", e.file);
            }
        }
        assert_eq!(
            reasoning(&d).chars().count(),
            e.reasoning_len,
            "{}: reasoning",
            e.file
        );
        let calls = tool_calls(&d);
        let want: Vec<(String, String, serde_json::Value)> = e
            .tools
            .iter()
            .map(|(id, n, a)| {
                (
                    id.to_string(),
                    n.to_string(),
                    serde_json::from_str(a).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(calls, want, "{}: tool calls", e.file);
        let u = usage(&d).unwrap_or_default();
        assert_eq!(
            (
                u.input_tokens,
                u.output_tokens,
                u.cache_read_tokens,
                u.cache_write_tokens
            ),
            e.usage,
            "{}: usage",
            e.file
        );
        let (reason, raw) = finish(&d).unwrap_or_default();
        assert_eq!(
            (reason.as_str(), raw.as_deref()),
            (e.finish.0, Some(e.finish.1)),
            "{}",
            e.file
        );
    }
}

fn case(file: &str) -> Decoded {
    let all = cases();
    let (path, kind) = all
        .iter()
        .find(|(p, _)| rel(p) == file)
        .expect("case exists");
    decode_case(path, *kind)
}

#[test]
fn thinking_signatures_and_redacted_blocks() {
    let d = case("cassettes/anthropic/test_anthropic_model_thinking_part_stream/00/body.sse");
    let (sigs, red) = signatures(&d);
    assert_eq!(sigs.len(), 1);
    assert!(sigs[0].starts_with("EvMCCkYICxgCKkCHP2cSuEdcJK/0rFwqES/ecn+VurRpNTwI4XNyM0vnNfGsc9OmE8YYHauwBZ/uaRpmlEn2I4/kszHlcpptO82JEgyRMSb"));
    assert!(red.is_empty());
    assert!(reasoning(&d).starts_with("This is a straightforward question about pedestria"));

    let d =
        case("cassettes/anthropic/test_anthropic_model_thinking_part_redacted_stream/00/body.sse");
    let (sigs, red) = signatures(&d);
    assert!(sigs.is_empty());
    assert_eq!(red.len(), 2);
    assert!(red[0].starts_with("EqkECkYIBxgCKkA8AZ4noDfV5VcOJe/p3JTRB6Xz5297mrWhl3MbHSXDKTMfuB/Z52U2teiWWTN0gg4eQ4bGS9TPilFX/xWTIq9HEgyOmstSPriNwyn1G7AaDC51r0hQ062qEd55IiIwYQj3Z3MSBBv0bSVdXi60LEHDvC7tzzmpQfw5Hb6R9rtyOz/6vC/xPw9/E1mUqf"));
    assert!(red[1].starts_with("EtgBCkYIBxgCKkDQfGkwzflEJP5asG3oQfJXcTwJLoRznn8CmuczWCsJ36dv93X9H0NCeaJRbi5BrCA2DyMgFnRKRuzZx8VTv5axEgwkFmcHJk8BSiZMZRQaDDYv2KZPfbFgRa2QjyIwm47f5YYsSK9CT/oh/WWpU1HJJVHr8lrC6HG1ItRdtMvYQYmEGy+KhyfcIACfbs"));
}

#[test]
fn server_tools_never_become_client_tool_calls() {
    for file in [
        "cassettes/anthropic/test_anthropic_model_web_search_tool_stream/00/body.sse",
        "cassettes/anthropic/test_anthropic_code_execution_tool_stream/00/body.sse",
        "cassettes/anthropic/test_anthropic_text_editor_code_execution_tool_stream/00/body.sse",
        "cassettes/anthropic/test_anthropic_mcp_servers_stream/00/body.sse",
        "cassettes/anthropic/test_anthropic_advisor_tool_stream/00/body.sse",
        "cassettes/anthropic/test_pause_turn_web_search_streaming_vcr/01/body.sse",
        "chunks/anthropic/anthropic-code-execution-20250825.pptx-skill.chunks.txt",
        "chunks/anthropic/anthropic-web-fetch-tool.1.chunks.txt",
        "chunks/anthropic/anthropic-compaction.1.chunks.txt",
        "chunks/anthropic/anthropic-web-search-tool.1.json",
        "chunks/anthropic/anthropic-code-execution-20250825.pptx-skill.json",
    ] {
        let d = case(file);
        assert!(d.error.is_none(), "{file}");
        assert!(
            tool_calls(&d).is_empty(),
            "{file}: server tools leaked as tool calls"
        );
        assert!(!text(&d).is_empty(), "{file}: the model's text is kept");
        assert!(
            file.contains("compaction")
                || d.chunks
                    .iter()
                    .any(|c| matches!(c, aster::Chunk::ProviderTool { .. })),
            "{file}: the server tools come out as provider_tool chunks"
        );
    }
    // A web search: one chunk per call, with its input and the result block's content.
    let d = case("cassettes/anthropic/test_anthropic_model_web_search_tool_stream/00/body.sse");
    let tools: Vec<(&str, &str, &serde_json::Value, bool)> = d
        .chunks
        .iter()
        .filter_map(|c| match c {
            aster::Chunk::ProviderTool {
                id,
                name,
                input,
                result,
            } => Some((id.as_str(), name.as_str(), input, result.is_some())),
            _ => None,
        })
        .collect();
    assert_eq!(tools.len(), 2);
    assert_eq!(tools[0].0, "srvtoolu_01FYcUbzEaqqQh1WBRj1QX3h");
    assert_eq!(tools[0].1, "web_search");
    assert_eq!(tools[0].2, &json!({"query": "San Francisco weather today"}));
    assert!(tools.iter().all(|t| t.1 == "web_search" && t.3));
    let mut acc = aster::Accumulator::new();
    acc.extend(&d.chunks);
    let resp = acc.finish();
    assert_eq!(resp.provider_tools.len(), 2);
    assert!(resp.provider_tools.iter().all(|t| t.result.is_some()));
    // The same body whole (non-streaming) gives the same chunks.
    let whole = case("chunks/anthropic/anthropic-web-search-tool.1.json");
    let names: Vec<bool> = whole
        .chunks
        .iter()
        .filter_map(|c| match c {
            aster::Chunk::ProviderTool { result, input, .. } => {
                Some(result.is_some() && !input.is_null())
            }
            _ => None,
        })
        .collect();
    assert!(!names.is_empty() && names.iter().all(|b| *b), "{names:?}");
    assert_eq!(resp.stop_reason, aster::FinishReason::Stop);
}

#[test]
fn programmatic_tool_calls_arrive_whole_across_messages() {
    let d = case("chunks/anthropic/anthropic-programmatic-tool-calling.1.chunks.txt");
    assert!(d.error.is_none());
    let calls = tool_calls(&d);
    assert_eq!(calls.len(), 14);
    assert_eq!(calls[0].0, "toolu_019jKkXz4jAdwHweHBw92CVY");
    assert_eq!(calls[13].0, "toolu_01QcWWQcQ1pd7nx9xohX4zAr");
    for (i, (_, name, input)) in calls.iter().enumerate() {
        assert_eq!(name, "rollDie");
        let player = if i % 2 == 0 { "player1" } else { "player2" };
        assert_eq!(input, &json!({ "player": player }));
    }
    let u = usage(&d).unwrap_or_default();
    assert_eq!((u.input_tokens, u.output_tokens), (7920, 922));
}

#[test]
fn spliced_message_start_fails_without_the_second_message() {
    let d = case("chunks/anthropic/spliced-message-start.chunks.txt");
    assert_eq!(d.error.as_ref().map(|e| e.kind), Some(ErrorKind::Decode));
    assert!(d
        .chunks
        .iter()
        .all(|c| !matches!(c, aster::Chunk::Finish { .. })));
    assert!(tool_calls(&d).is_empty(), "the cut call is not completed");
    assert_eq!(reasoning(&d), "I will call the tool.");
    let ids: Vec<_> = d
        .chunks
        .iter()
        .filter_map(|c| match c {
            aster::Chunk::Metadata { id, .. } => id.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["msg_first"]);
}

#[test]
fn a_cut_stream_is_a_network_error() {
    let body = std::fs::read(corpus_dir().join("chunks/anthropic/anthropic-text.chunks.txt"))
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("message_stop"))
        .collect();
    let wire: Vec<WireEvent<'_>> = lines.iter().map(|l| WireEvent::Line(l)).collect();
    let d = run_machine::<anthropic::Stream>("anthropic", &wire);
    assert_eq!(
        d.error.as_ref().map(|e| e.kind),
        Some(ErrorKind::NetworkError)
    );
    // Output was emitted, so an estimated usage precedes the error; no finish.
    assert!(usage(&d).is_some_and(|u| u.estimated));
    assert!(finish(&d).is_none());
    let empty = run_machine::<anthropic::Stream>("anthropic", &[]);
    assert_eq!(empty.error.map(|e| e.kind), Some(ErrorKind::NetworkError));
}

#[test]
fn an_error_event_fails_the_stream() {
    let ev = SseEvent {
        event: "error".into(),
        data: r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
            .into(),
        ..Default::default()
    };
    let start = SseEvent {
        data: r#"{"type":"message_start","message":{"id":"msg_1","model":"m","usage":{"input_tokens":3}}}"#.into(),
        ..Default::default()
    };
    let d = run_machine::<anthropic::Stream>(
        "anthropic",
        &[WireEvent::Sse(&start), WireEvent::Sse(&ev)],
    );
    let e = d.error.clone().expect("error");
    assert_eq!(e.kind, ErrorKind::Overloaded);
    assert_eq!(e.provider_code.as_deref(), Some("overloaded_error"));
    assert_eq!(e.provider.as_deref(), Some("anthropic"));
    assert!(
        usage(&d).is_none(),
        "nothing was output: no usage, the request may be retried"
    );
    // A proxy's `event: error` whose JSON has no `type`.
    let bare = SseEvent {
        event: "error".into(),
        data: r#"{"error":{"type":"rate_limit_error","message":"slow down"}}"#.into(),
        ..Default::default()
    };
    let d = run_machine::<anthropic::Stream>("anthropic", &[WireEvent::Sse(&bare)]);
    assert_eq!(d.error.map(|e| e.kind), Some(ErrorKind::RateLimitError));
}

#[test]
fn malformed_events_never_panic() {
    let lines = [
        r#"{"type":"message_start"}"#,
        r#"{"type":"message_start","message":5}"#,
        r#"{"type":"content_block_start","index":"x","content_block":7}"#,
        r#"{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":5,"input":"str"}}"#,
        r#"{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":7}}"#,
        r#"{"type":"content_block_delta","index":99,"delta":{"type":"input_json_delta","partial_json":"{"}}"#,
        r#"{"type":"content_block_delta","delta":null}"#,
        r#"{"type":"content_block_stop","index":-1}"#,
        r#"{"type":"message_delta","delta":{"stop_reason":7},"usage":{"input_tokens":-3,"output_tokens":1e99}}"#,
        r#"{"type":"message_stop"}"#,
        r#"[1,2,3]"#,
        r#""just a string""#,
        r#"{"type":"error"}"#,
    ];
    for n in 0..=lines.len() {
        let wire: Vec<WireEvent<'_>> = lines[..n].iter().map(|l| WireEvent::Line(l)).collect();
        let d = run_machine::<anthropic::Stream>("anthropic", &wire);
        assert_contract(&d, &format!("first {n} malformed events"));
    }
    for junk in ["{", "not json", "\u{0}"] {
        let d = run_machine::<anthropic::Stream>("anthropic", &[WireEvent::Line(junk)]);
        assert_eq!(d.error.map(|e| e.kind), Some(ErrorKind::Decode));
    }
    for body in [
        &b"{}"[..],
        b"[]",
        b"{\"content\": 5}",
        b"{\"type\":\"error\"}",
        b"\xff",
    ] {
        let d = decode_whole(WireFormat::Anthropic, "anthropic", body);
        assert!(d.error.is_some());
    }
}

/// The `data` of every recorded stream event (SSE and NDJSON captures) with the file it came
/// from.
fn recorded_events() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, kind) in cases() {
        if kind == Kind::Body {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
        for line in text.lines() {
            let data = line.strip_prefix("data:").unwrap_or(line).trim();
            out.push((path.display().to_string(), String::from(data)));
        }
    }
    out
}

/// The hand-written `content_block_delta` scanner (the decoder's fast path) reads every
/// recorded delta, into exactly the struct serde's typed parse builds.
#[test]
fn the_delta_scanner_reads_every_recorded_delta_as_serde_does() {
    let (scanned, left) = crate::format_support::scan_agreement(
        recorded_events(),
        |data| data.contains("\"content_block_delta\""),
        crate::format_support::fast_decode_only!(anthropic::scan_check),
        |label, data| panic!("{label}: left to serde: {data}"),
    );
    println!("anthropic deltas scanned: {scanned}");
    crate::format_support::assert_scanned(scanned, left, scanned > 100);
}

/// The light reading of the events other than deltas (`message_start`, `content_block_start`,
/// `content_block_stop`, `message_delta`, `message_stop`, `ping`: no `Value` tree) reads every
/// recorded one exactly as the `Value` reading does, and reads nearly all of them.
#[test]
fn the_light_reading_reads_recorded_events_as_the_value_does() {
    let (read, left) = crate::format_support::scan_agreement(
        recorded_events(),
        |data| data.starts_with('{') && !data.contains("\"content_block_delta\""),
        crate::format_support::fast_decode_only!(anthropic::light_check),
        |_, _| {},
    );
    println!("anthropic events read light: {read}, left to the Value: {left}");
    crate::format_support::assert_scanned(read, left, read > 100 && read > 4 * left);
}
