//! Malformed and hostile chunks: the decoder reports errors, never panics, and a stream with
//! odd but well-formed chunks still ends cleanly.

use super::*;

const ODD_CHUNKS: &[&str] = &[
    r#"{"candidates":"x"}"#,
    r#"{"candidates":[]}"#,
    r#"{"candidates":[{"content":{"parts":"x"}}]}"#,
    r#"{"candidates":[{"content":{"parts":[{"functionCall":{"name":5}},{"functionCall":{"partialArgs":"x"}},{"text":5},{"thought":true},{"inlineData":{"mimeType":"image/png","data":"AAAA"}},{"executableCode":{"code":"x"}}]}}]}"#,
    r#"{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","willContinue":true,"args":[1]}}]}}]}"#,
    r#"{"candidates":[{"content":{"parts":[{"functionCall":{"partialArgs":[{"jsonPath":"$[0]","stringValue":"x"},{"jsonPath":"$.a","numberValue":"no"},{"jsonPath":"$.b[9999999999]","boolValue":true},{"jsonPath":"$.c","nullValue":"NULL_VALUE"},{"stringValue":"no path"}],"willContinue":true}}]}}]}"#,
    r#"{"candidates":[{"content":{"parts":[{"functionCall":{}}]}}]}"#,
    r#"{"candidates":[{"content":{"parts":[{"functionCall":{"partialArgs":[{"jsonPath":"$.x","stringValue":"orphan"}]}}]}}]}"#,
    r#"{"usageMetadata":{"promptTokenCount":-5,"candidatesTokenCount":1.5}}"#,
    r#"{"promptFeedback":{"blockReason":7}}"#,
    r#"{"candidates":[{"finishReason":5}]}"#,
    r#"{"responseId":5,"modelVersion":["x"]}"#,
];

#[test]
fn odd_chunks_do_not_break_a_stream() {
    let mut lines: Vec<String> = ODD_CHUNKS.iter().map(|s| s.to_string()).collect();
    lines.push(r#"{"candidates":[{"finishReason":"STOP"}]}"#.into());
    let d = decode_every_way(F, "google", &to_sse(&lines, false, true), "odd chunks");
    let s = summarize(&d, "odd chunks");
    assert!(s.error.is_none(), "{:?}", s.error);
    assert_eq!(calls(&s), vec![call("f", json!({"c": null}))]);
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
    for c in ODD_CHUNKS {
        decode_every_way(F, "google", &to_sse(&[c.to_string()], false, true), c);
    }
}

#[test]
fn failures_are_errors_not_panics() {
    for (data, kind) in [
        ("{not json", ErrorKind::Decode),
        ("[1]", ErrorKind::Decode),
        (
            r#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"quota"}}"#,
            ErrorKind::RateLimitError,
        ),
        (
            r#"{"candidates":[{"content":{"parts":[{"text":"cut"}]}}]}"#,
            ErrorKind::NetworkError,
        ),
    ] {
        let d = aster::decode::decode_stream(F, "google", &to_sse(&[data.into()], false, true), 0);
        assert_eq!(d.error.map(|e| e.kind), Some(kind), "{data}");
    }
    for body in [
        "7",
        "{}",
        r#"{"error":"x"}"#,
        r#"[{"error":{"code":500,"message":"x"}}]"#,
    ] {
        let d = decode_whole(F, "google", body.as_bytes());
        assert!(d.error.is_some(), "{body}");
    }
}
