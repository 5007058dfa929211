//! Every stream and body, in every chunking, against an oracle read from its own events.

use super::*;

/// Hand-edited fixtures whose text deltas are not the beginning of their `output_text.done`
/// text ("successfully." streamed, "successfully in the container…" done): the streamed text
/// stands, as the caller already has it.
const DELTAS_DISAGREE_WITH_DONE: [&str; 1] = ["openai-shell-container.1.chunks.txt"];

/// Checks a decoded stream against what its own events say.
fn check_against_events(label: &str, provider: &str, body: &[u8], s: &Summary) {
    let evs = events(body);
    let mut text_done = String::new();
    let mut saw_text_done = false;
    let mut calls = Vec::new();
    let mut encrypted = Vec::new();
    let mut terminal: Option<&Value> = None;
    for e in &evs {
        let ty = e["type"].as_str().unwrap_or("");
        match ty {
            "response.output_text.done" => {
                saw_text_done = true;
                text_done.push_str(e["text"].as_str().unwrap_or(""));
            }
            "response.output_item.done" => {
                let item = &e["item"];
                match item["type"].as_str() {
                    Some("function_call") => calls.push((
                        item["name"].as_str().unwrap_or("").to_string(),
                        serde_json::from_str::<Value>(item["arguments"].as_str().unwrap_or(""))
                            .unwrap_or(Value::Null),
                    )),
                    Some("custom_tool_call") if provider != "xai" => calls.push((
                        item["name"].as_str().unwrap_or("").to_string(),
                        item["input"].clone(),
                    )),
                    Some("reasoning") => {
                        if let Some(enc) = item["encrypted_content"].as_str() {
                            encrypted.push(enc.to_string());
                        }
                    }
                    _ => {}
                }
            }
            "response.completed" | "response.incomplete" => {
                terminal = Some(e);
                break;
            }
            _ => {}
        }
    }
    if saw_text_done && !DELTAS_DISAGREE_WITH_DONE.iter().any(|f| label.ends_with(f)) {
        assert_eq!(
            s.text, text_done,
            "{label}: text = the output_text.done texts"
        );
    }
    let got: Vec<(String, Value)> = s
        .calls
        .iter()
        .map(|c| (c.name.clone(), c.input.clone()))
        .collect();
    if !calls.iter().any(|(n, _)| n == "parallel") {
        assert_eq!(got, calls, "{label}: calls = the finished call items");
    }
    assert_eq!(
        s.redacted, encrypted,
        "{label}: encrypted reasoning, from the done items"
    );
    let Some(t) = terminal else {
        return;
    };
    let u = &t["response"]["usage"];
    let usage = s.usage.as_ref().expect("usage");
    if u.is_object() {
        assert!(!usage.estimated, "{label}: reported usage");
        assert_eq!(
            usage.input_tokens,
            u["input_tokens"].as_u64().unwrap_or(0),
            "{label}"
        );
        assert_eq!(
            usage.output_tokens,
            u["output_tokens"].as_u64().unwrap_or(0),
            "{label}"
        );
        assert_eq!(
            usage.cache_read_tokens,
            u["input_tokens_details"]["cached_tokens"]
                .as_u64()
                .unwrap_or(0),
            "{label}"
        );
        assert_eq!(
            usage.reasoning_tokens,
            u["output_tokens_details"]["reasoning_tokens"]
                .as_u64()
                .unwrap_or(0),
            "{label}"
        );
    } else {
        assert!(usage.estimated, "{label}: no usage reported → estimated");
    }
    if t["type"] == "response.completed" {
        let want = if s.calls.is_empty() {
            FinishReason::Stop
        } else {
            FinishReason::ToolCalls
        };
        assert_eq!(s.finish, Some(want), "{label}: finish");
    }
}

/// Streams that do not end in a successful response, and why.
fn expected_stream_error(label: &str) -> Option<ErrorKind> {
    if label.contains("openai-error.1.chunks.txt") {
        // `error` event (insufficient_quota) then response.failed.
        return Some(ErrorKind::RateLimitError);
    }
    if label.contains("parallel-tool-call-wrapper.1.chunks.txt") {
        // The fixture's response.created / response.completed lines are cut off mid-object.
        return Some(ErrorKind::Decode);
    }
    if label.contains("azure-deepseek-reasoning.1.chunks.txt") {
        // Chat Completions chunks filed under azure-responses: no Responses terminal event.
        return Some(ErrorKind::NetworkError);
    }
    None
}

#[test]
fn every_stream_decodes_in_every_chunking() {
    let all = streams();
    let mut ok = 0;
    let mut failed = 0;
    for (label, provider, body) in &all {
        let d = decode_every_way(F, provider, body, label);
        let s = summarize(&d, label);
        match (expected_stream_error(label), &s.error) {
            (None, None) => {
                check_against_events(label, provider, body, &s);
                ok += 1;
            }
            (Some(kind), Some(e)) => {
                assert_eq!(e.kind, kind, "{label}: {e}");
                assert_eq!(e.provider.as_deref(), Some(*provider), "{label}");
                failed += 1;
            }
            (want, got) => panic!("{label}: expected error {want:?}, got {got:?}"),
        }
    }
    eprintln!(
        "openai-responses streams: {ok} ok + {failed} expected errors = {}",
        all.len()
    );
    assert_eq!(ok + failed, all.len());
    assert!(all.len() >= 75, "all stream cases found ({})", all.len());
}

#[test]
fn every_body_decodes() {
    let all = bodies();
    let mut ok = 0;
    let mut errors = 0;
    for (label, provider, status, headers, body) in &all {
        let d = decode_body_case(provider, *status, headers, body);
        let s = summarize(&d, label);
        let want: Option<ErrorKind> = if label.ends_with("openai-error.1.json") {
            Some(ErrorKind::RateLimitError)
        } else if label.ends_with("reasoning-model-temperature-error.json")
            || label.contains("test_openai_responses_model_http_error")
            || label.contains("rejects_interleaved_function_calls")
        {
            Some(ErrorKind::InvalidRequest)
        } else if label.ends_with("azure-deepseek-reasoning.1.json") {
            // A chat completion filed under azure-responses.
            Some(ErrorKind::Decode)
        } else {
            None
        };
        match (want, &s.error) {
            (None, None) => {
                let v: Value = serde_json::from_slice(body).expect("json");
                let u = &v["usage"];
                let usage = s.usage.as_ref().expect("usage");
                if u.is_object() {
                    assert_eq!(
                        usage.input_tokens,
                        u["input_tokens"].as_u64().unwrap(),
                        "{label}"
                    );
                    assert_eq!(
                        usage.output_tokens,
                        u["output_tokens"].as_u64().unwrap(),
                        "{label}"
                    );
                }
                ok += 1;
            }
            (Some(kind), Some(e)) => {
                assert_eq!(e.kind, kind, "{label}: {e}");
                errors += 1;
            }
            (want, got) => panic!("{label}: expected {want:?}, got {got:?}"),
        }
    }
    eprintln!(
        "openai-responses bodies: {ok} ok + {errors} errors = {}",
        all.len()
    );
    assert_eq!(ok + errors, all.len());
    assert!(all.len() >= 45, "all body cases found ({})", all.len());
}
