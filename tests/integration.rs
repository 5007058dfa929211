//! The integration tests, linked as one test binary (`cargo test --test integration`): one
//! module per area, the shared helpers in `common` and `format_support`. One crate instead of
//! one per file keeps CI from linking two dozen binaries against the library.

mod common;
mod format_support;

mod cli;
mod client;
mod codec_corpus;
mod conformance;
mod embed;
mod error_corpus;
mod format_anthropic;
mod format_bedrock;
mod format_gemini;
mod format_mistral;
mod format_ollama;
mod format_openai_chat;
mod format_responses;
mod format_tgi;
mod gateway_flow;
mod models;
mod providers;
mod request_corpus;
mod roundtrip_props;
mod secrets;
mod sigv4_suite;
mod usage_estimator;
