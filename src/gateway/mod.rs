//! The gateway: OpenAI- and Anthropic-compatible request handling (feature `gateway`).
