//! Every stream and body, in every chunking, against an oracle read from its own chunks.

use super::*;

fn map_finish(r: &str) -> FinishReason {
    match r {
        "STOP" => FinishReason::Stop,
        "MAX_TOKENS" => FinishReason::Length,
        "SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" => {
            FinishReason::ContentFilter
        }
        "MALFORMED_FUNCTION_CALL" => FinishReason::Error,
        _ => FinishReason::Other,
    }
}

/// Checks a decoded stream against its own chunks.
fn check_against_chunks(label: &str, body: &[u8], s: &Summary) {
    let mut text = String::new();
    let mut thoughts = String::new();
    let mut calls = Vec::new();
    let mut sigs = Vec::new();
    let mut partial = false;
    let mut usage = None;
    let mut finish = None;
    for c in chunks_of(body) {
        if c["usageMetadata"].get("promptTokenCount").is_some() {
            usage = Some(c["usageMetadata"].clone());
        }
        let cand = &c["candidates"][0];
        for p in cand["content"]["parts"].as_array().into_iter().flatten() {
            let sig = p["thoughtSignature"].as_str();
            if let Some(fc) = p.get("functionCall") {
                sigs.extend(sig.map(String::from));
                if fc.get("partialArgs").is_some() || fc.get("willContinue").is_some() {
                    partial = true;
                } else if let Some(name) = fc["name"].as_str() {
                    let args = if fc["args"].is_null() {
                        json!({})
                    } else {
                        fc["args"].clone()
                    };
                    calls.push((name.to_string(), args));
                }
            } else if let Some(t) = p["text"].as_str() {
                sigs.extend(sig.map(String::from));
                if p["thought"] == true {
                    thoughts.push_str(t);
                } else {
                    text.push_str(t);
                }
            }
        }
        if let Some(r) = cand["finishReason"].as_str() {
            finish = Some(map_finish(r));
        }
    }
    assert_eq!(s.text, text, "{label}: text = the non-thought text parts");
    assert_eq!(
        s.reasoning, thoughts,
        "{label}: reasoning = the thought parts"
    );
    assert_eq!(s.signatures, sigs, "{label}: every signature, in order");
    assert!(s.redacted.is_empty(), "{label}");
    if !partial {
        let got: Vec<(String, Value)> = s
            .calls
            .iter()
            .map(|c| (c.name.clone(), c.input.clone()))
            .collect();
        assert_eq!(got, calls, "{label}: calls = the functionCall parts");
    }
    let u = usage.expect("usage reported");
    let got = s.usage.as_ref().unwrap();
    let n = |k: &str| u[k].as_u64().unwrap_or(0);
    assert_eq!(
        counts(got),
        (
            n("promptTokenCount") + n("toolUsePromptTokenCount"),
            n("candidatesTokenCount") + n("thoughtsTokenCount"),
            n("cachedContentTokenCount"),
            0,
            n("thoughtsTokenCount")
        ),
        "{label}: the last usage report"
    );
    assert!(!got.estimated);
    let want = match finish.expect("finishReason") {
        FinishReason::Stop if !s.calls.is_empty() => FinishReason::ToolCalls,
        f => f,
    };
    assert_eq!(s.finish, Some(want), "{label}: finish");
}

#[test]
fn every_stream_decodes_in_every_chunking() {
    let all = streams();
    for (label, provider, body) in &all {
        let d = decode_every_way(F, provider, body, label);
        let s = summarize(&d, label);
        assert!(s.error.is_none(), "{label}: {:?}", s.error);
        check_against_chunks(label, body, &s);
    }
    eprintln!("gemini streams: {} ok", all.len());
    assert_eq!(all.len(), 25, "all stream cases found");
}

#[test]
fn every_body_decodes() {
    let all = bodies();
    let mut errors = 0;
    for (label, provider, body) in &all {
        let d = decode_whole(F, provider, body);
        let s = summarize(&d, label);
        if label.ends_with("google-429-retry-info.json") {
            let e = s.error.expect("error body");
            assert_eq!(e.kind, ErrorKind::RateLimitError);
            assert_eq!(e.status, Some(429));
            assert_eq!(e.retry_after_ms, Some(34_400), "RetryInfo.retryDelay 34.4s");
            assert_eq!(e.provider_code.as_deref(), Some("RESOURCE_EXHAUSTED"));
            errors += 1;
            continue;
        }
        assert!(s.error.is_none(), "{label}: {:?}", s.error);
        // The oracle of the streams applies to a body too: it is one chunk.
        let v: Value = serde_json::from_slice(body).unwrap();
        let sse = format!("data: {}\r\n\r\n", serde_json::to_string(&v).unwrap());
        check_against_chunks(label, sse.as_bytes(), &s);
    }
    eprintln!(
        "gemini bodies: {} ok + {errors} errors = {}",
        all.len() - errors,
        all.len()
    );
    assert_eq!(all.len(), 11, "all body cases found");
    assert_eq!(errors, 1);
}
