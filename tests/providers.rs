//! The provider layer: requests for every provider kind (documented fixtures and the recorded
//! corpus requests), configuration, detection, model-name inference, SigV4 and Vertex auth, and what the kind
//! decides whatever a provider is named.

#[path = "providers/auth.rs"]
mod auth;
#[path = "providers/config.rs"]
mod config;
#[path = "providers/corpus.rs"]
mod corpus;
#[path = "providers/detect.rs"]
mod detect;
#[path = "providers/kinds.rs"]
mod kinds;
#[path = "providers/requests.rs"]
mod requests;

use aster::provider::Timestamp;
use std::path::PathBuf;

/// The time every signed test request is built at (matches the botocore fixture).
pub fn now() -> Timestamp {
    Timestamp::parse_rfc3339("2025-01-02T03:04:05Z").unwrap()
}

/// This test suite's own fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/providers")
        .join(name)
}

/// An environment map from pairs.
pub fn env(pairs: &[(&str, &str)]) -> aster::provider::Env {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
