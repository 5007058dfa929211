//! Error classification on every error in the corpus: the recorded HTTP error responses
//! (status >= 400), the error bodies among `chunks/*/*.json`, and the error events inside 200
//! streams. Each one found must have an expectation here, so a new capture cannot slip by.

use crate::common;
use aster::error::{classify, classify_stream_error, ErrorKind};
use aster::http::Headers;
use aster::retry::{decide, GiveUpReason, RetryConfig, RetryDecision};
use aster::ProviderError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const NOW: u64 = 1_763_474_589_000;

struct Want {
    kind: ErrorKind,
    status: Option<u16>,
    retryable: bool,
    retry_after_ms: Option<u64>,
    provider_code: Option<&'static str>,
    request_id: Option<&'static str>,
    message: &'static str,
}

const fn want(kind: ErrorKind, status: u16, message: &'static str) -> Want {
    Want {
        kind,
        status: Some(status),
        retryable: false,
        retry_after_ms: None,
        provider_code: None,
        request_id: None,
        message,
    }
}

fn check(got: &ProviderError, w: &Want, name: &str) {
    assert_eq!(got.kind, w.kind, "{name}: {got:?}");
    assert_eq!(got.status, w.status, "{name}");
    assert_eq!(got.is_retryable(), w.retryable, "{name}");
    assert_eq!(got.retry_after_ms, w.retry_after_ms, "{name}");
    assert_eq!(got.provider_code.as_deref(), w.provider_code, "{name}");
    assert_eq!(got.request_id.as_deref(), w.request_id, "{name}");
    assert_eq!(got.message, w.message, "{name}");
    let decision = decide(&RetryConfig::default(), 0, got, false, 0.5);
    if w.retryable {
        assert!(
            matches!(decision, RetryDecision::Retry { .. }),
            "{name}: {decision:?}"
        );
    } else {
        assert_eq!(
            decision,
            RetryDecision::GiveUp(GiveUpReason::NotRetryable),
            "{name}"
        );
    }
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn cassette_expectations() -> BTreeMap<&'static str, Want> {
    use ErrorKind::*;
    let openrouter = || Want {
        retryable: true,
        ..want(
            RateLimitError,
            429,
            "Provider returned error (Google): google/gemini-2.0-flash-exp:free is temporarily \
             rate-limited upstream. Please retry shortly, or add your own key to accumulate your \
             rate limits: https://openrouter.ai/settings/integrations",
        )
    };
    let bedrock = || {
        want(
            ModelNotFound,
            400,
            "The provided model identifier is invalid.",
        )
    };
    let groq = |message| Want {
        provider_code: Some("tool_use_failed"),
        ..want(InvalidRequest, 400, message)
    };
    BTreeMap::from([
        (
            "anthropic/test_anthropic_count_tokens_error/00",
            Want {
                provider_code: Some("not_found_error"),
                request_id: Some("req_011CVEA3SF7rnb3DuBZytqQa"),
                ..want(ModelNotFound, 404, "model: claude-does-not-exist")
            },
        ),
        (
            "anthropic/test_anthropic_explicit_effort_xhigh_unsupported_model_errors/00",
            Want {
                provider_code: Some("invalid_request_error"),
                request_id: Some("req_011Ca7jT9AHpgXgdv8igm4z9"),
                ..want(
                    InvalidRequest,
                    400,
                    "This model does not support effort level 'xhigh'. Supported levels: high, \
                     low, max, medium.",
                )
            },
        ),
        ("bedrock/test_bedrock_count_tokens_error/00", bedrock()),
        ("bedrock/test_bedrock_error/00", bedrock()),
        ("bedrock/test_bedrock_streaming_error/00", bedrock()),
        (
            "deepseek_responses/test_deepseek_responses_rejects_interleaved_function_calls/00",
            Want {
                provider_code: Some("invalid_request_error"),
                ..want(
                    InvalidRequest,
                    400,
                    "No tool output found for tool call call-a.",
                )
            },
        ),
        (
            "groq/test_tool_use_failed_error/00",
            groq(
                "Tool call validation failed: tool call validation failed: parameters for tool \
                 get_something_by_name did not match schema: errors: [missing properties: \
                 'name', additionalProperties 'foo' not allowed]",
            ),
        ),
        (
            "groq/test_tool_use_failed_error_with_text/00",
            groq("Tool choice is required, but model did not call a tool"),
        ),
        (
            "openai/test_openai_o1_mini_system_role_developer/00",
            Want {
                provider_code: Some("unsupported_value"),
                ..want(
                    InvalidRequest,
                    400,
                    "Unsupported value: 'messages[0].role' does not support 'developer' with \
                     this model.",
                )
            },
        ),
        (
            "openai/test_openai_web_search_tool_model_not_supported/00",
            Want {
                provider_code: Some("invalid_request_error"),
                ..want(
                    InvalidRequest,
                    400,
                    "Web search options not supported with this model.",
                )
            },
        ),
        (
            "openai_responses/test_openai_responses_model_http_error/00",
            Want {
                provider_code: Some("decimal_below_min_value"),
                ..want(
                    InvalidRequest,
                    400,
                    "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, \
                     but got -1 instead.",
                )
            },
        ),
        ("openrouter/test_openrouter_errors_raised/00", openrouter()),
        ("openrouter/test_openrouter_errors_raised/01", openrouter()),
        ("openrouter/test_openrouter_errors_raised/02", openrouter()),
    ])
}

#[test]
fn every_recorded_http_error_response() {
    let dir = common::corpus_dir().join("cassettes");
    let mut expectations = cassette_expectations();
    let mut seen = 0;
    for resp in common::files_under(&dir, &|p| p.ends_with("response.json")) {
        let head = read_json(&resp);
        let status = head["status"].as_u64().unwrap() as u16;
        if status < 400 {
            continue;
        }
        let case = resp.parent().unwrap();
        let name = case.strip_prefix(&dir).unwrap().display().to_string();
        let w = expectations
            .remove(name.as_str())
            .unwrap_or_else(|| panic!("no expectation for {name}"));
        let headers: Headers = head["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect();
        let body_file = common::files_under(case, &|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("body.")
        });
        let body = std::fs::read(&body_file[0]).unwrap();
        let provider = name.split('/').next().unwrap();
        let e = classify(status, &headers, &body, provider, NOW);
        assert_eq!(e.provider.as_deref(), Some(provider));
        check(&e, &w, &name);
        seen += 1;
    }
    assert!(
        expectations.is_empty(),
        "missing from corpus: {:?}",
        expectations.keys()
    );
    assert_eq!(seen, 14);
}

/// Error bodies saved beside the streams. Their statuses were not recorded: the ones the
/// providers document for them are used (429 for quota, 400 for a bad parameter).
#[test]
fn every_error_body_in_chunks() {
    use ErrorKind::*;
    let quota = "You exceeded your current quota, please check your plan and billing details. \
                 For more information on this error, read the docs: \
                 https://platform.openai.com/docs/guides/error-codes/api-errors.";
    let mut expectations: BTreeMap<&str, (u16, Want)> = BTreeMap::from([
        (
            "google/google-429-retry-info.json",
            (
                429,
                Want {
                    retryable: true,
                    retry_after_ms: Some(34_400),
                    provider_code: Some("RESOURCE_EXHAUSTED"),
                    ..want(
                        RateLimitError,
                        429,
                        "You exceeded your current quota, please check your plan.",
                    )
                },
            ),
        ),
        (
            "openai-chat/reasoning-model-legacy-parameter-error.json",
            (
                400,
                Want {
                    provider_code: Some("unsupported_parameter"),
                    ..want(
                        InvalidRequest,
                        400,
                        "Unsupported parameter: 'max_tokens' is not supported with this model. \
                         Use 'max_completion_tokens' instead.",
                    )
                },
            ),
        ),
        (
            "openai-responses/openai-error.1.json",
            (
                429,
                Want {
                    provider_code: Some("insufficient_quota"),
                    ..want(RateLimitError, 429, quota)
                },
            ),
        ),
        (
            "openai-responses/reasoning-model-temperature-error.json",
            (
                400,
                Want {
                    provider_code: Some("invalid_request_error"),
                    ..want(
                        InvalidRequest,
                        400,
                        "Unsupported parameter: 'temperature' is not supported with this model.",
                    )
                },
            ),
        ),
    ]);
    let dir = common::corpus_dir().join("chunks");
    for f in common::files_under(&dir, &|p| p.extension().is_some_and(|e| e == "json")) {
        let v = read_json(&f);
        // An error body: an `error` object and nothing of a response (no id, no output).
        let is_error_body = v.get("error").is_some_and(Value::is_object) && v.get("id").is_none();
        if !is_error_body {
            continue;
        }
        let name = f.strip_prefix(&dir).unwrap().display().to_string();
        let (status, w) = expectations
            .remove(name.as_str())
            .unwrap_or_else(|| panic!("no expectation for {name}"));
        let body = std::fs::read(&f).unwrap();
        check(
            &classify(status, &Headers::new(), &body, "p", NOW),
            &w,
            &name,
        );
    }
    assert!(
        expectations.is_empty(),
        "missing from corpus: {:?}",
        expectations.keys()
    );
}

/// The JSON events of a recorded stream (SSE `data:` lines or one event per line).
fn events(p: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(p).unwrap();
    text.lines()
        .map(|l| l.strip_prefix("data:").unwrap_or(l).trim())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(Value::is_object)
        .collect()
}

fn is_error_event(v: &Value) -> bool {
    let has_error = v.get("error").is_some_and(|e| !e.is_null());
    let ty = v.get("type").and_then(Value::as_str);
    has_error || matches!(ty, Some("error" | "response.failed"))
}

#[test]
fn every_error_event_inside_a_200_stream() {
    use ErrorKind::*;
    let quota = "You exceeded your current quota, please check your plan and billing details. \
                 For more information on this error, read the docs: \
                 https://platform.openai.com/docs/guides/error-codes/api-errors.";
    let mut expectations: BTreeMap<&str, Vec<Want>> = BTreeMap::from([
        (
            "cassettes/groq/test_tool_use_failed_error_streaming/00/body.sse",
            vec![Want {
                provider_code: Some("tool_use_failed"),
                ..want(
                    InvalidRequest,
                    400,
                    "Tool call validation failed: tool call validation failed: parameters for \
                     tool get_something_by_name did not match schema: errors: [missing \
                     properties: 'name', additionalProperties 'invalid_param' not allowed]",
                )
            }],
        ),
        (
            "cassettes/openrouter/test_openrouter_stream_error/00/body.sse",
            vec![want(InvalidRequest, 400, "Token limit reached")],
        ),
        (
            "chunks/openai-responses/openai-error.1.chunks.txt",
            // The `error` event, then `response.failed` repeating it.
            vec![
                Want {
                    status: None,
                    provider_code: Some("insufficient_quota"),
                    ..want(RateLimitError, 0, quota)
                },
                Want {
                    status: None,
                    provider_code: Some("insufficient_quota"),
                    ..want(RateLimitError, 0, quota)
                },
            ],
        ),
    ]);
    let root = common::corpus_dir();
    let streams = common::files_under(&root, &|p| {
        let n = p.to_string_lossy();
        n.ends_with(".sse") || n.ends_with(".chunks.txt") || n.ends_with(".ndjson")
    });
    assert!(streams.len() > 100, "corpus not found");
    for f in streams {
        let errors: Vec<Value> = events(&f).into_iter().filter(is_error_event).collect();
        if errors.is_empty() {
            continue;
        }
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        let wants = expectations
            .remove(name.as_str())
            .unwrap_or_else(|| panic!("no expectation for {name}"));
        assert_eq!(errors.len(), wants.len(), "{name}");
        for (ev, w) in errors.iter().zip(&wants) {
            let e = classify_stream_error(ev, "p");
            check(&e, w, &name);
            // Before any output an error event may be retried if its kind allows; after
            // output, never.
            assert_eq!(
                decide(&RetryConfig::default(), 0, &e, true, 0.5),
                RetryDecision::GiveUp(GiveUpReason::OutputEmitted)
            );
        }
    }
    assert!(
        expectations.is_empty(),
        "missing from corpus: {:?}",
        expectations.keys()
    );
}
