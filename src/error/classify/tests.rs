use super::*;
use crate::retry::{decide, GiveUpReason, RetryConfig, RetryDecision};
use alloc::string::ToString;
use serde_json::json;

const NOW: u64 = 1_714_566_896_000; // 2024-05-01T12:34:56Z

fn h(pairs: &[(&str, &str)]) -> Headers {
    pairs.iter().map(|(k, v)| (*k, *v)).collect()
}

fn c(status: u16, body: &str) -> ProviderError {
    classify(status, &Headers::new(), body.as_bytes(), "p", NOW)
}

fn cj(status: u16, body: Value) -> ProviderError {
    c(status, &body.to_string())
}

#[test]
fn js_codes_are_stable() {
    let codes: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(
        codes,
        [
            "authentication",
            "rate_limit",
            "model_not_found",
            "invalid_request",
            "context_length_exceeded",
            "overloaded",
            "server_error",
            "network",
            "timeout",
            "aborted",
            "decode",
            "config",
            "internal"
        ]
    );
}

#[test]
fn status_map_with_empty_and_plain_bodies() {
    use ErrorKind::*;
    let table = [
        (400, InvalidRequest, false, "Bad Request"),
        (401, AuthenticationError, false, "Unauthorized"),
        (403, AuthenticationError, false, "Forbidden"),
        (404, InvalidRequest, false, "Not Found"),
        (408, Timeout, true, "Request Timeout"),
        (409, ServerError, true, "Conflict"),
        (413, InvalidRequest, false, "Payload Too Large"),
        (422, InvalidRequest, false, "Unprocessable Entity"),
        (429, RateLimitError, true, "Too Many Requests"),
        (500, ServerError, true, "Internal Server Error"),
        (502, ServerError, true, "Bad Gateway"),
        (503, ServerError, true, "Service Unavailable"),
        (504, ServerError, true, "Gateway Timeout"),
        (529, Overloaded, true, "Overloaded"),
        (418, InvalidRequest, false, "HTTP error"),
        (520, ServerError, true, "HTTP error"),
    ];
    for (status, kind, retryable, msg) in table {
        for body in ["", "   \n"] {
            let e = c(status, body);
            assert_eq!(e.kind, kind, "{status}");
            assert_eq!(e.status, Some(status));
            assert_eq!(e.is_retryable(), retryable, "{status}");
            assert_eq!(e.message, msg);
            assert_eq!(e.provider.as_deref(), Some("p"));
            assert_eq!(e.retry_after_ms, None);
        }
        let e = c(status, "upstream said no");
        assert_eq!(e.kind, kind, "{status} plain");
        assert_eq!(e.message, "upstream said no");
    }
    assert_eq!(c(503, "The server is overloaded").kind, Overloaded);
    assert_eq!(c(404, "model llama9 not found").kind, ModelNotFound);
    assert_eq!(c(402, "").kind, RateLimitError);
    assert!(!c(402, "").is_retryable());
    // classify() is for errors: a 200/302 here is something we could not read.
    assert_eq!(c(200, "").kind, Decode);
    assert_eq!(c(302, "").kind, Decode);
}

#[test]
fn html_error_pages_contribute_their_title_only() {
    let page = "<html><head><TITLE>502 Bad Gateway</TITLE></head><body><h1>cloudflare</h1>\
                <script>var x=1;</script></body></html>";
    let e = c(502, page);
    assert_eq!(e.kind, ErrorKind::ServerError);
    assert_eq!(e.message, "502 Bad Gateway");
    let e = c(503, "<!DOCTYPE html><html><body>down</body></html>");
    assert_eq!(e.message, "Service Unavailable");
    assert_eq!(c(500, "<title>").message, "Internal Server Error");
}

#[test]
fn anthropic_error_types() {
    use ErrorKind::*;
    let cases = [
        (529, "overloaded_error", "Overloaded", Overloaded),
        (
            429,
            "rate_limit_error",
            "Number of requests exceeded",
            RateLimitError,
        ),
        (
            401,
            "authentication_error",
            "invalid x-api-key",
            AuthenticationError,
        ),
        (403, "permission_error", "no access", AuthenticationError),
        (404, "not_found_error", "model: claude-x", ModelNotFound),
        (404, "not_found_error", "file_abc not found", InvalidRequest),
        (
            400,
            "invalid_request_error",
            "max_tokens: too big",
            InvalidRequest,
        ),
        (500, "api_error", "Internal server error", ServerError),
        (
            413,
            "request_too_large",
            "Request exceeds 32 MB",
            InvalidRequest,
        ),
        (504, "timeout_error", "Request timed out", Timeout),
        // The body is more specific than a status: an overload sent as a 500.
        (500, "overloaded_error", "Overloaded", Overloaded),
        (
            400,
            "invalid_request_error",
            "prompt is too long: 208310 tokens > 200000 maximum",
            ContextLengthExceeded,
        ),
    ];
    for (status, ty, msg, kind) in cases {
        let e = cj(
            status,
            json!({"type":"error","error":{"type":ty,"message":msg},"request_id":"req_1"}),
        );
        assert_eq!(e.kind, kind, "{ty} {msg}");
        assert_eq!(e.message, msg);
        assert_eq!(e.provider_code.as_deref(), Some(ty));
        assert_eq!(e.request_id.as_deref(), Some("req_1"));
    }
    let billing = cj(
        402,
        json!({"type":"error","error":{"type":"billing_error","message":"credit balance too low"}}),
    );
    assert_eq!(billing.kind, RateLimitError);
    assert!(!billing.is_retryable());
}

#[test]
fn openai_error_codes() {
    use ErrorKind::*;
    let e = cj(
        400,
        json!({"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}),
    );
    assert_eq!(e.kind, ContextLengthExceeded);
    assert_eq!(e.provider_code.as_deref(), Some("context_length_exceeded"));
    let e = cj(
        401,
        json!({"error":{"message":"Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}),
    );
    assert_eq!(e.kind, AuthenticationError);
    assert!(!e.message.contains("abcdefghijklmnop"), "{}", e.message);
    assert!(e.message.contains("[REDACTED]"));
    // A generic type must not turn a 401 into an invalid request.
    let e = cj(
        401,
        json!({"error":{"message":"You didn't provide an API key.","type":"invalid_request_error","code":null}}),
    );
    assert_eq!(e.kind, AuthenticationError);
    let e = cj(
        404,
        json!({"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","code":"model_not_found"}}),
    );
    assert_eq!(e.kind, ModelNotFound);
    let e = cj(
        429,
        json!({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}),
    );
    assert_eq!(e.kind, RateLimitError);
    assert_eq!(e.provider_code.as_deref(), Some("insufficient_quota"));
    assert!(!e.is_retryable());
    assert!(is_quota_exhausted(&e));
    assert_eq!(
        decide(&RetryConfig::default(), 0, &e, false, 0.5),
        RetryDecision::GiveUp(GiveUpReason::NotRetryable)
    );
    let headers = h(&[
        ("x-ratelimit-remaining-tokens", "0"),
        ("x-ratelimit-reset-tokens", "1.5s"),
        ("x-ratelimit-reset-requests", "20ms"),
        ("x-request-id", "req_abc"),
    ]);
    let body = json!({"error":{"message":"Rate limit reached for gpt-4o on tokens per min (TPM)","type":"tokens","code":"rate_limit_exceeded"}});
    let e = classify(429, &headers, body.to_string().as_bytes(), "openai", NOW);
    assert_eq!(e.kind, RateLimitError);
    assert!(e.is_retryable());
    assert_eq!(e.retry_after_ms, Some(1500));
    assert_eq!(e.request_id.as_deref(), Some("req_abc"));
    // The same reset headers on a 500 are not a retry hint.
    let e = classify(500, &headers, b"{}", "openai", NOW);
    assert_eq!(e.retry_after_ms, None);
    let e = cj(
        503,
        json!({"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error"}}),
    );
    assert_eq!(e.kind, Overloaded);
}

#[test]
fn gemini_status_objects() {
    use ErrorKind::*;
    let retry = json!({"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"2s"}]}});
    let e = cj(429, retry.clone());
    assert_eq!(e.kind, RateLimitError);
    assert_eq!(e.retry_after_ms, Some(2000));
    assert_eq!(e.provider_code.as_deref(), Some("RESOURCE_EXHAUSTED"));
    // Arrays of Status objects (the non-SSE stream endpoint).
    let e = cj(429, json!([retry]));
    assert_eq!((e.kind, e.retry_after_ms), (RateLimitError, Some(2000)));
    // A header hint wins over the body's RetryInfo.
    let e = classify(
        429,
        &h(&[("retry-after", "5")]),
        retry.to_string().as_bytes(),
        "gemini",
        NOW,
    );
    assert_eq!(e.retry_after_ms, Some(5000));
    let key = json!({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}});
    assert_eq!(cj(400, key).kind, AuthenticationError);
    let ctx = json!({"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}});
    assert_eq!(cj(400, ctx).kind, ContextLengthExceeded);
    let nf = json!({"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.","status":"NOT_FOUND"}});
    assert_eq!(cj(404, nf).kind, ModelNotFound);
    let busy = json!({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}});
    assert_eq!(cj(503, busy).kind, Overloaded);
    let down = json!({"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}});
    assert_eq!(cj(503, down).kind, ServerError);
    let denied =
        json!({"error":{"code":403,"message":"Permission denied","status":"PERMISSION_DENIED"}});
    assert_eq!(cj(403, denied).kind, AuthenticationError);
    let deadline =
        json!({"error":{"code":504,"message":"Deadline expired","status":"DEADLINE_EXCEEDED"}});
    assert_eq!(cj(504, deadline).kind, Timeout);
    let h = h(&[(
        "x-cloud-trace-context",
        "105445aa7843bc8bf206b12000100000/1;o=1",
    )]);
    let e = classify(500, &h, b"", "vertex", NOW);
    assert_eq!(
        e.request_id.as_deref(),
        Some("105445aa7843bc8bf206b12000100000")
    );
}

#[test]
fn bedrock_exceptions() {
    use ErrorKind::*;
    let cases = [
        (429, "ThrottlingException", RateLimitError),
        (400, "ValidationException", InvalidRequest),
        (403, "AccessDeniedException", AuthenticationError),
        (404, "ResourceNotFoundException", ModelNotFound),
        (408, "ModelTimeoutException", Timeout),
        (503, "ServiceUnavailableException", Overloaded),
        (429, "ModelNotReadyException", Overloaded),
        (500, "InternalServerException", ServerError),
        (424, "ModelErrorException", ServerError),
        (424, "ModelStreamErrorException", ServerError),
        (400, "ServiceQuotaExceededException", RateLimitError),
        (403, "UnrecognizedClientException", AuthenticationError),
    ];
    for (status, ty, kind) in cases {
        let headers = h(&[
            (
                "x-amzn-errortype",
                &alloc::format!("{ty}:http://internal.amazon.com/coral/com.amazon.bedrock/"),
            ),
            ("x-amzn-RequestId", "8f0c-1"),
        ]);
        let e = classify(
            status,
            &headers,
            br#"{"message":"something"}"#,
            "bedrock",
            NOW,
        );
        assert_eq!(e.kind, kind, "{ty}");
        assert_eq!(e.provider_code.as_deref(), Some(ty));
        assert_eq!(e.request_id.as_deref(), Some("8f0c-1"));
        assert_eq!(e.message, "something");
    }
    let e = c(
        400,
        r#"{"Message":"Input is too long for requested model.","__type":"com.amazon.coral.validate#ValidationException"}"#,
    );
    assert_eq!(e.kind, ContextLengthExceeded);
    assert_eq!(e.provider_code.as_deref(), Some("ValidationException"));
    let e = c(
        400,
        r#"{"message":"The provided model identifier is invalid."}"#,
    );
    assert_eq!(e.kind, ModelNotFound);
}

#[test]
fn openrouter_wraps_upstream_errors() {
    use ErrorKind::*;
    let e = cj(
        429,
        json!({"error":{"code":429,"message":"Provider returned error","metadata":{"provider_name":"Google","raw":"temporarily rate-limited upstream"}}}),
    );
    assert_eq!(e.kind, RateLimitError);
    assert_eq!(
        e.message,
        "Provider returned error (Google): temporarily rate-limited upstream"
    );
    let raw = json!({"error":{"message":"This model's maximum context length is 8192 tokens","type":"invalid_request_error"}}).to_string();
    let e = cj(
        400,
        json!({"error":{"code":400,"message":"Provider returned error","metadata":{"provider_name":"Groq","raw":raw}}}),
    );
    assert_eq!(e.kind, ContextLengthExceeded);
    assert!(e.message.ends_with("maximum context length is 8192 tokens"));
    let e = cj(
        402,
        json!({"error":{"code":402,"message":"Insufficient credits"}}),
    );
    assert_eq!(e.kind, RateLimitError);
    assert!(!e.is_retryable());
}

#[test]
fn ollama_mistral_tgi_and_fastapi_bodies() {
    use ErrorKind::*;
    let e = cj(
        404,
        json!({"error":"model \"llama9\" not found, try pulling it first"}),
    );
    assert_eq!(e.kind, ModelNotFound);
    assert_eq!(
        e.message,
        "model \"llama9\" not found, try pulling it first"
    );
    assert_eq!(cj(500, json!({"error":"unexpected EOF"})).kind, ServerError);
    let e = cj(
        400,
        json!({"object":"error","message":"Invalid model: mistral-9","type":"invalid_model","param":null,"code":"1500"}),
    );
    assert_eq!(e.kind, ModelNotFound);
    assert_eq!(e.provider_code.as_deref(), Some("invalid_model"));
    let e = cj(
        422,
        json!({"object":"error","message":{"detail":[{"type":"missing","loc":["body","messages"],"msg":"Field required"}]},"type":"invalid_request_error"}),
    );
    assert_eq!(e.kind, InvalidRequest);
    assert_eq!(e.message, "body.messages: Field required");
    let e = cj(
        429,
        json!({"error":"Model is overloaded","error_type":"overloaded"}),
    );
    assert_eq!(e.kind, Overloaded);
    let e = cj(
        422,
        json!({"error":"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 5000","error_type":"validation"}),
    );
    assert_eq!(e.kind, ContextLengthExceeded);
    let e = cj(400, json!({"detail":"Not a chat model"}));
    assert_eq!(
        (e.kind, e.message.as_str()),
        (InvalidRequest, "Not a chat model")
    );
}

#[test]
fn request_ids_in_header_order_then_body() {
    for name in REQUEST_ID_HEADERS {
        let e = classify(500, &h(&[(name, "id-1")]), b"", "p", NOW);
        assert_eq!(e.request_id.as_deref(), Some("id-1"), "{name}");
    }
    let e = classify(
        500,
        &h(&[("x-request-id", "second"), ("Request-Id", "first")]),
        b"",
        "p",
        NOW,
    );
    assert_eq!(e.request_id.as_deref(), Some("first"));
    let e = c(
        500,
        r#"{"type":"error","error":{"type":"api_error","message":"x"},"request_id":"req_body"}"#,
    );
    assert_eq!(e.request_id.as_deref(), Some("req_body"));
}

#[cfg(feature = "std")]
#[test]
fn retry_after_http_date_uses_now() {
    let at = 1_445_412_480_000; // Wed, 21 Oct 2015 07:28:00 GMT
    let headers = h(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]);
    let e = classify(503, &headers, b"", "p", at - 12_000);
    assert_eq!(e.retry_after_ms, Some(12_000));
}

#[test]
fn anthropic_reset_timestamps_use_now() {
    let headers = h(&[
        ("anthropic-ratelimit-tokens-remaining", "0"),
        ("anthropic-ratelimit-tokens-reset", "2024-05-01T12:35:06Z"),
    ]);
    let e = classify(429, &headers, b"", "anthropic", NOW);
    assert_eq!(e.retry_after_ms, Some(10_000));
}

#[test]
fn messages_never_carry_credentials_and_are_bounded() {
    let headers = h(&[
        ("authorization", "Bearer sk-live-secret-0000000000000000"),
        ("x-api-key", "sk-ant-test-secret"),
    ]);
    let e = classify(401, &headers, b"", "p", NOW);
    let shown = alloc::format!("{e} {e:?}");
    assert!(!shown.contains("secret"), "{shown}");
    let e = c(
        401,
        "invalid token: Bearer abcdefgh12345678 and key AIzaSyA1234567890abcdefghijklmno",
    );
    assert_eq!(
        e.message,
        "invalid token: Bearer [REDACTED] and key [REDACTED]"
    );
    // Short ids and masked keys are kept.
    let e = c(
        401,
        "Incorrect API key provided: sk-proj-****abcd. req_011CVEA3SF7rnb3DuBZytqQa",
    );
    assert_eq!(
        e.message,
        "Incorrect API key provided: sk-proj-****abcd. req_011CVEA3SF7rnb3DuBZytqQa"
    );
    let long = "é".repeat(5000);
    let e = c(500, &long);
    assert!(e.message.len() <= 2003 && e.message.ends_with('…'));
    // Invalid UTF-8 and binary junk do not panic.
    let e = classify(500, &Headers::new(), &[0xff, 0xfe, b'{', 0x80], "p", NOW);
    assert_eq!(e.kind, ErrorKind::ServerError);
}

mod stream;

#[test]
fn an_error_keeps_the_headers_a_caller_acts_on_and_nothing_else() {
    let headers = h(&[
        ("Retry-After", "2"),
        ("x-ratelimit-remaining-requests", "0"),
        ("anthropic-ratelimit-tokens-reset", "2024-05-01T12:35:00Z"),
        ("request-id", "req_1"),
        ("set-cookie", "session=secret"),
        ("content-type", "application/json"),
    ]);
    let kept = actionable_headers(&headers);
    let names: Vec<&str> = kept.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "retry-after",
            "x-ratelimit-remaining-requests",
            "anthropic-ratelimit-tokens-reset",
            "request-id"
        ]
    );
    assert_eq!(kept[0].1, "2");
    assert!(actionable_headers(&h(&[("set-cookie", "x")])).is_empty());
}
