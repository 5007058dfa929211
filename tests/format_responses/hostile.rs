//! Malformed and hostile events: the decoder reports errors, never panics, and a stream with
//! odd but well-formed events still ends cleanly.

use super::*;

const ODD_EVENTS: &[&str] = &[
    r#"{"type":"response.created"}"#,
    r#"{"type":"response.created","response":7}"#,
    r#"{"type":"response.output_item.added"}"#,
    r#"{"type":"response.output_item.added","item":5,"output_index":"x"}"#,
    r#"{"type":"response.output_item.added","item":{"type":"function_call"},"output_index":0}"#,
    r#"{"type":"response.function_call_arguments.delta","delta":7}"#,
    r#"{"type":"response.function_call_arguments.delta","output_index":18446744073709551615,"delta":"{"}"#,
    r#"{"type":"response.function_call_arguments.done","item_id":"nowhere","arguments":"{}"}"#,
    r#"{"type":"response.output_item.done","item":{"type":"function_call","arguments":{"a":1}},"output_index":0}"#,
    r#"{"type":"response.output_item.added","item":{"type":"custom_tool_call","name":"c"},"output_index":3}"#,
    r#"{"type":"response.custom_tool_call_input.delta","output_index":3,"delta":"\u0000\"\n"}"#,
    r#"{"type":"response.custom_tool_call_input.done","output_index":3,"input":"\u0000\"\n"}"#,
    r#"{"type":"response.reasoning_summary_text.delta","summary_index":99999,"delta":"r"}"#,
    r#"{"type":"response.output_text.done","output_index":4,"text":"é"}"#,
    r#"{"type":"response.output_text.delta","output_index":5,"delta":"ab"}"#,
    r#"{"type":"response.output_text.done","output_index":5,"text":"a"}"#,
    r#"{"type":"response.output_item.done","item":{"type":"reasoning","summary":"x","encrypted_content":5}}"#,
    r#"{"type":"response.output_item.done","item":{"type":"message","content":[{"type":"output_text"}]},"output_index":9}"#,
    r#"{"type":"response.output_item.done","item":{"type":"function_call","name":"parallel","arguments":"{\"tool_uses\":[{}]}"},"output_index":11}"#,
    r#"{"type":"something.new","x":[1,2,3]}"#,
    r#"[1,2]"#,
    r#""a string""#,
    r#"null"#,
];

#[test]
fn odd_events_do_not_break_a_stream() {
    let mut lines: Vec<String> = ODD_EVENTS.iter().map(|s| s.to_string()).collect();
    lines.push(
        r#"{"type":"response.completed","response":{"status":"completed","usage":{"input_tokens":"x"}}}"#
            .into(),
    );
    let body = to_sse(&lines, true, false);
    let d = decode_every_way(F, "openai", &body, "odd events");
    let s = summarize(&d, "odd events");
    assert!(s.error.is_none(), "{:?}", s.error);
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
    // Each odd event alone, then a terminal event: never a panic, at worst an error.
    for e in ODD_EVENTS {
        let lines = vec![
            e.to_string(),
            r#"{"type":"response.completed"}"#.to_string(),
        ];
        decode_every_way(F, "openai", &to_sse(&lines, true, false), e);
    }
}

#[test]
fn failures_are_errors_not_panics() {
    for (data, kind) in [
        ("{not json", ErrorKind::Decode),
        (r#"{"type":"error"}"#, ErrorKind::ServerError),
        (r#"{"type":"response.failed"}"#, ErrorKind::ServerError),
        (
            r#"{"type":"response.failed","response":{"status":"failed","error":{"code":"rate_limit_exceeded","message":"slow down"}}}"#,
            ErrorKind::RateLimitError,
        ),
    ] {
        let d = aster::decode::decode_stream(F, "openai", &to_sse(&[data.into()], true, false), 0);
        assert_eq!(d.error.map(|e| e.kind), Some(kind), "{data}");
    }
    for body in [
        "[]",
        "7",
        r#"{"status":"completed"}"#,
        r#"{"error":{"message":"x"}}"#,
    ] {
        let d = decode_whole(F, "openai", body.as_bytes());
        assert!(d.error.is_some(), "{body}");
    }
    let d = decode_whole(F, "openai", b"not json");
    assert_eq!(d.error.unwrap().kind, ErrorKind::Decode);
}

#[test]
fn final_arguments_that_contradict_the_deltas_win() {
    let lines: Vec<String> = [
        r#"{"type":"response.output_item.added","item":{"type":"function_call","name":"f","call_id":"c"},"output_index":0}"#,
        r#"{"type":"response.function_call_arguments.delta","output_index":0,"delta":"{\"a\":1"}"#,
        r#"{"type":"response.function_call_arguments.done","output_index":0,"arguments":"{\"b\":2}"}"#,
        r#"{"type":"response.completed"}"#,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let d = decode_every_way(F, "openai", &to_sse(&lines, true, false), "contradiction");
    let call = d
        .chunks
        .iter()
        .find_map(|c| match c {
            aster::Chunk::ToolCall {
                arguments, input, ..
            } => Some((arguments.clone(), input.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(call, (r#"{"b":2}"#.to_string(), json!({"b": 2})));
}
