//! The in-scope Chat Completions cases of the corpus and the ones that must fail.

use super::*;
use aster::error::ErrorKind;
use aster::format::Framing;

/// Every in-scope Chat Completions case of the corpus.
pub fn all_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for p in [
        "groq",
        "openrouter",
        "deepseek",
        "cerebras",
        "crusoe",
        "huggingface",
        "snowflake",
        "zai",
        "openai",
        "bedrock_mantle",
        "stream_close",
        "ollama",
    ] {
        cases.extend(cassette_cases(p, "/chat/completions", Framing::Sse));
    }
    cases.extend(chunk_file_cases("openai-chat", "openai"));
    cases.extend(chunk_file_cases("openai-compatible", "openai-compatible"));
    cases.extend(chunk_file_cases("groq", "groq"));
    cases.extend(chunk_file_cases("xai-chat", "xai"));
    for (dir, provider) in [
        ("openai", "openai"),
        ("github_copilot", "github-copilot"),
        ("aihubmix", "aihubmix"),
    ] {
        cases.extend(genai_cases(dir, provider, Framing::Sse));
    }
    // OpenCode Go serves two formats: `openai_*` are Chat Completions, `minimax_*` Anthropic.
    cases.extend(
        genai_cases("opencode_go", "opencode", Framing::Sse)
            .into_iter()
            .filter(|c| c.name.contains("/openai_")),
    );
    cases
}

/// The cases that must fail, with the error kind: HTTP error bodies, errors inside a 200
/// stream, and bodies that are not chat completions at all.
pub const ERRORS: &[(&str, ErrorKind)] = &[
    (
        "cassettes/groq/test_tool_use_failed_error/00/body.json",
        ErrorKind::InvalidRequest,
    ),
    (
        "cassettes/groq/test_tool_use_failed_error_streaming/00/body.sse",
        ErrorKind::InvalidRequest,
    ),
    (
        "cassettes/groq/test_tool_use_failed_error_with_text/00/body.json",
        ErrorKind::InvalidRequest,
    ),
    (
        "cassettes/openrouter/test_openrouter_errors_raised/00/body.json",
        ErrorKind::RateLimitError,
    ),
    (
        "cassettes/openrouter/test_openrouter_errors_raised/01/body.json",
        ErrorKind::RateLimitError,
    ),
    (
        "cassettes/openrouter/test_openrouter_errors_raised/02/body.json",
        ErrorKind::RateLimitError,
    ),
    (
        "cassettes/openrouter/test_openrouter_stream_error/00/body.sse",
        ErrorKind::InvalidRequest,
    ),
    (
        "cassettes/openai/test_openai_o1_mini_system_role_developer/00/body.json",
        ErrorKind::InvalidRequest,
    ),
    (
        "cassettes/openai/test_openai_web_search_tool_model_not_supported/00/body.json",
        ErrorKind::InvalidRequest,
    ),
    (
        "chunks/openai-chat/reasoning-model-legacy-parameter-error.json",
        ErrorKind::InvalidRequest,
    ),
    // A Groq transcription response: not a chat completion.
    (
        "chunks/groq/groq-transcription-text.json",
        ErrorKind::Decode,
    ),
];

/// Every in-scope request body of the corpus, as a client sent it.
pub fn corpus_requests() -> Vec<(String, String, serde_json::Value)> {
    let root = crate::common::corpus_dir().join("cassettes");
    let mut out = Vec::new();
    for p in [
        "groq",
        "openrouter",
        "deepseek",
        "cerebras",
        "crusoe",
        "huggingface",
        "snowflake",
        "zai",
        "openai",
        "bedrock_mantle",
        "stream_close",
        "ollama",
        "mistral",
    ] {
        let files = crate::common::files_under(&root.join(p), &|f| f.ends_with("request.json"));
        for f in files {
            let req = read_json(&f);
            if req["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("/chat/completions"))
            {
                out.push((f.display().to_string(), p.to_string(), req["body"].clone()));
            }
        }
    }
    out
}

pub fn roles(messages: &[serde_json::Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in messages {
        let r = match m["role"].as_str().unwrap_or("") {
            "system" | "developer" => continue,
            "tool" => "user",
            r => r,
        };
        if out.last().map(String::as_str) != Some(r) {
            out.push(r.to_string());
        }
    }
    out
}
