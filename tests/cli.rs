//! `aster decode`, the native CLI of DESIGN §5, run as a user runs it.

use crate::common;
use common::corpus_dir;
use serde_json::Value;
use std::process::Command;

fn aster(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_aster"))
        .args(args)
        .output()
        .expect("run aster");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn corpus(rel: &str) -> String {
    corpus_dir().join(rel).display().to_string()
}

#[test]
fn aggregate_has_exactly_the_documented_shape() {
    let f = corpus("genai/anthropic/tool_stream/response_000.txt");
    let (code, out, err) = aster(&["decode", "--format", "anthropic", "--aggregate", &f]);
    assert_eq!(code, 0, "stderr: {err}");
    let v: Value = serde_json::from_str(out.trim()).expect("one JSON object");
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["text", "reasoning", "toolCalls", "usage", "finishReason"]
    );
    let call = &v["toolCalls"][0];
    assert_eq!(
        call.as_object().expect("call").keys().collect::<Vec<_>>(),
        ["id", "name", "arguments"]
    );
    assert!(
        call["arguments"].is_object(),
        "arguments are the parsed JSON value: {call}"
    );
    let usage_keys: Vec<&str> = v["usage"]
        .as_object()
        .expect("usage")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        usage_keys,
        [
            "inputTokens",
            "outputTokens",
            "cacheReadTokens",
            "cacheWriteTokens"
        ]
    );
    assert_eq!(v["finishReason"], "tool_calls");
}

#[test]
fn every_chunk_size_prints_the_same_chunks() {
    let f = corpus("cassettes/bedrock/test_bedrock_model_stream/00/body.eventstream");
    let (code, whole, err) = aster(&["decode", "--format", "bedrock-converse", &f]);
    assert_eq!(code, 0, "stderr: {err}");
    assert!(whole.lines().count() > 3, "chunk lines: {whole}");
    for n in ["1", "2", "7", "64", "1000"] {
        let (code, out, _) = aster(&[
            "decode",
            "--format",
            "bedrock-converse",
            "--chunk-bytes",
            n,
            &f,
        ]);
        assert_eq!(code, 0);
        assert_eq!(out, whole, "--chunk-bytes {n}");
    }
    for line in whole.lines() {
        let v: Value = serde_json::from_str(line).expect("a JSON chunk per line");
        assert!(v["type"].is_string());
    }
}

#[test]
fn many_files_give_one_object_each_and_json_bodies_are_whole() {
    let a = corpus("chunks/anthropic/anthropic-text.json");
    let b = corpus("genai/anthropic/usage_stream/response_000.txt");
    let (code, out, err) = aster(&["decode", "-f", "anthropic", "-a", &a, &b]);
    assert_eq!(code, 0, "stderr: {err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], a.as_str());
    assert!(!lines[1]["text"].as_str().unwrap_or("").is_empty());
}

#[test]
fn failures_are_reported_with_a_code_and_exit_status() {
    let f = corpus("chunks/google/google-429-retry-info.json");
    let (code, out, _) = aster(&["decode", "--format", "gemini", "--aggregate", &f]);
    assert_eq!(code, 1, "a body that is an error exits 1");
    let v: Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(v["error"]["code"], "rate_limit");
    assert_eq!(v["error"]["retryAfterMs"], 34400);

    let (code, _, err) = aster(&["decode", "--format", "nope", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown format `nope`"), "{err}");
    let (code, _, err) = aster(&["decode", "--format", "gemini"]);
    assert_eq!(code, 2);
    assert!(err.contains("no input files"), "{err}");
}
