//! Error objects inside 200 streams, Bedrock exception frames, context-length messages.
use super::super::*;
use serde_json::json;

#[test]
fn stream_errors() {
    use ErrorKind::*;
    let e = classify_stream_error(
        &json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}),
        "anthropic",
    );
    assert_eq!((e.kind, e.status), (Overloaded, None));
    assert!(e.is_retryable());
    let e = classify_stream_error(
        &json!({"type":"error","error":{"type":"api_error","message":"Internal server error"}}),
        "anthropic",
    );
    assert_eq!(e.kind, ServerError);
    let e = classify_stream_error(
        &json!({"error":{"message":"Tool call validation failed","type":"invalid_request_error","code":"tool_use_failed","status_code":400}}),
        "groq",
    );
    assert_eq!((e.kind, e.status), (InvalidRequest, Some(400)));
    let e = classify_stream_error(
        &json!({"id":"gen-1","error":{"code":400,"message":"Token limit reached"},"choices":[]}),
        "openrouter",
    );
    assert_eq!((e.kind, e.status), (InvalidRequest, Some(400)));
    assert_eq!(e.message, "Token limit reached");
    let e = classify_stream_error(
        &json!({"error":"an error was encountered while running the model: unexpected EOF"}),
        "ollama",
    );
    assert_eq!((e.kind, e.status), (ServerError, None));
    let e = classify_stream_error(
        &json!({"type":"error","code":"server_error","message":"The server had an error","param":null,"sequence_number":4}),
        "openai",
    );
    assert_eq!(e.kind, ServerError);
    assert_eq!(e.provider_code.as_deref(), Some("server_error"));
    let e = classify_stream_error(
        &json!({"type":"response.failed","response":{"id":"r","status":"failed","error":{"code":"rate_limit_exceeded","message":"slow down"}}}),
        "openai",
    );
    assert_eq!((e.kind, e.message.as_str()), (RateLimitError, "slow down"));
    let e = classify_stream_error(
        &json!({"type":"response.failed","response":{"error":{"code":"invalid_prompt","message":"flagged"}}}),
        "openai",
    );
    assert_eq!(e.kind, InvalidRequest);
    let e = classify_stream_error(&json!({}), "p");
    assert_eq!(e.kind, ServerError);
    assert_eq!(e.message, "the provider reported an error");
    let e = classify_stream_error(&json!("plain text error"), "p");
    assert_eq!(e.message, "plain text error");
}

#[test]
fn bedrock_stream_exceptions() {
    use ErrorKind::*;
    let cases = [
        ("throttlingException", RateLimitError),
        ("modelStreamErrorException", ServerError),
        ("internalServerException", ServerError),
        ("serviceUnavailableException", Overloaded),
        ("modelTimeoutException", Timeout),
        ("validationException", InvalidRequest),
        ("somethingNewException", ServerError),
    ];
    for (ty, kind) in cases {
        let e = classify_stream_exception(ty, &json!({"message":"m"}), "bedrock");
        assert_eq!(e.kind, kind, "{ty}");
        assert_eq!(e.message, "m");
        assert_eq!(e.status, None);
    }
    let e = classify_stream_exception(
        "validationException",
        &json!({"message":"The model returned the following errors: prompt is too long: 201234 tokens > 200000 maximum"}),
        "bedrock",
    );
    assert_eq!(e.kind, ContextLengthExceeded);
    assert_eq!(e.provider_code.as_deref(), Some("ValidationException"));
}

#[test]
fn context_length_messages() {
    let yes = [
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
        "prompt is too long: 208310 tokens > 200000 maximum",
        "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
        "Input is too long for requested model.",
        "too many input tokens",
        "The request exceeds the context window of this model",
        "Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length",
        "Please reduce the length of the messages or completion.",
        "This endpoint's maximum context length is 8192 tokens. However, you requested about 9000 tokens",
        "This model's maximum prompt length is 131072 but the request contains 200000 tokens.",
        "Input validation error: `inputs` must have less than 4096 tokens. Given: 5000",
        "the request exceeds the available context size, try increasing it",
        "error code: CONTEXT_LENGTH_EXCEEDED",
    ];
    for m in yes {
        assert!(is_context_length_message(m), "{m}");
    }
    let no = [
        "",
        "Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Requested 50000",
        "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens",
        "Token limit reached",
        "Invalid 'temperature'",
    ];
    for m in no {
        assert!(!is_context_length_message(m), "{m}");
    }
}
