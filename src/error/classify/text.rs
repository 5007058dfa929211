//! Message heuristics (context length, "about a model", overload), the message clean-up
//! (length bound, credential redaction) and HTTP reason phrases.

use alloc::string::String;

/// Phrases providers use when the prompt exceeds the context window. Each entry matches when
/// *all* its parts occur in the lowercased message. (Every phrase here is ASCII, so ASCII
/// lowercasing finds the same matches without linking Unicode's case tables into the wasm.)
const CONTEXT_PHRASES: &[&[&str]] = &[
    // OpenAI, Azure, Groq, Cerebras, DeepSeek, OpenRouter, vLLM ("This model's maximum context
    // length is 128000 tokens"); Mistral ("… too large for model with 32768 maximum context
    // length"); the error code itself, which some hosts put in the message.
    &["maximum context length"],
    &["context_length_exceeded"],
    &["context length exceeded"],
    &["exceeds the context length"],
    &["reduce the length of the messages"],
    &["too large for model with"],
    // Anthropic (and Claude on Bedrock / Vertex): "prompt is too long: 208310 tokens > 200000".
    &["prompt is too long"],
    // Gemini: "The input token count (1234567) exceeds the maximum number of tokens allowed".
    &["input token count", "exceeds the maximum"],
    &["exceeds the maximum number of tokens allowed"],
    // Bedrock: "Input is too long for requested model.", "too many input tokens", "… exceeds
    // the context window", Nova "input tokens exceed …".
    &["input is too long"],
    &["too many input tokens"],
    &["context window", "exceed"],
    &["input tokens exceed"],
    // xAI: "This model's maximum prompt length is 131072 but the request contains …".
    &["maximum prompt length"],
    // TGI: "`inputs` tokens + `max_new_tokens` must be <= 4096", "`inputs` must have less
    // than 4096 tokens".
    &["`inputs` tokens + `max_new_tokens` must be"],
    &["`inputs` must have less than", "tokens"],
    // llama.cpp / Ollama OpenAI-compatible servers.
    &["exceeds the available context size"],
];

/// Whether a provider's error message says the prompt is longer than the context window.
pub fn is_context_length_message(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    CONTEXT_PHRASES
        .iter()
        .any(|parts| parts.iter().all(|p| m.contains(p)))
}

/// Whether a not-found message is about a model or deployment (Anthropic "model:
/// claude-x", Gemini "models/x is not found", Ollama "model 'x' not found", Azure
/// "DeploymentNotFound") rather than about some other resource or a wrong URL.
pub(super) fn is_about_model(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("model") || m.contains("deployment")
}

/// Whether a 400-class message says the model itself is unknown (Bedrock "The provided model
/// identifier is invalid.", Mistral "Invalid model: x", OpenAI-compatible hosts answering 400
/// to "The model `x` does not exist").
pub(super) fn says_model_unknown(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    if !m.contains("model") {
        return false;
    }
    [
        "model identifier is invalid",
        "invalid model",
        "unknown model",
        "no such model",
        "model not found",
        "does not exist",
        "is not found",
    ]
    .iter()
    .any(|p| m.contains(p))
}

/// Whether a server error says the service is overloaded or out of capacity.
pub(super) fn says_overloaded(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("overloaded") || m.contains("over capacity") || m.contains("at capacity")
}

/// Longest message kept, in bytes: a proxy can answer with megabytes of text.
const MAX_MESSAGE: usize = 2000;

/// Bounds the message length and redacts anything that looks like a credential. Providers
/// sometimes echo a key back ("Incorrect API key provided: sk-…"); most mask it, this makes
/// sure (DESIGN §7: messages never contain a credential).
pub(super) fn clean_message(m: &str) -> String {
    let m = m.trim();
    let bounded = if m.len() > MAX_MESSAGE {
        let mut end = MAX_MESSAGE;
        while !m.is_char_boundary(end) {
            end -= 1;
        }
        m.get(..end).unwrap_or("")
    } else {
        m
    };
    let mut out = redact(bounded);
    if bounded.len() < m.len() {
        out.push('…');
    }
    out
}

/// Prefixes of API keys and tokens of the providers aster talks to. A safety net over any
/// service's keys (`hf_`, `r8_`, `nvapi-` are no kind of aster's: a custom or gateway host may
/// echo them), not a kind's rule, so it stays here below `provider` (which depends on `error`)
/// rather than in the kind rows.
const KEY_PREFIXES: [&str; 12] = [
    "sk-", "sk_", "AIza", "gsk_", "xai-", "hf_", "r8_", "pplx-", "csk-", "nvapi-", "AKIA", "ASIA",
];

/// A run of token characters this long, starting with a key prefix, is treated as a key.
const MIN_KEY_LEN: usize = 20;

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Replaces key-like runs (a known key prefix and at least [`MIN_KEY_LEN`] token characters,
/// or whatever follows `Bearer `) with `[REDACTED]`.
pub(super) fn redact(m: &str) -> String {
    let mut out = String::with_capacity(m.len());
    let mut rest = m;
    let mut after_bearer = false;
    while !rest.is_empty() {
        let run_len = rest
            .char_indices()
            .find(|(_, c)| !is_token_char(*c))
            .map_or(rest.len(), |(i, _)| i);
        if run_len == 0 {
            // One separator character, copied as is.
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
                if c != ' ' {
                    after_bearer = false;
                }
            }
            rest = chars.as_str();
            continue;
        }
        let (run, tail) = rest.split_at(run_len);
        let keyish = run.len() >= MIN_KEY_LEN && KEY_PREFIXES.iter().any(|p| run.starts_with(p));
        if keyish || (after_bearer && run.len() >= 8) {
            out.push_str("[REDACTED]");
        } else {
            out.push_str(run);
        }
        after_bearer = run.eq_ignore_ascii_case("bearer");
        rest = tail;
    }
    out
}

/// The reason phrase of an HTTP status, for messages when the body says nothing.
pub(super) fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        424 => "Failed Dependency",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        529 => "Overloaded",
        _ => "HTTP error",
    }
}
