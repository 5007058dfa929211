//! The built-in deterministic mock: no network, no key. The client and the gateway answer it
//! with `provider::mock` and never send its requests; `mock://` is its base URL so that a
//! request built for it could never reach a network.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "mock",
        display_name: "Mock",
        default_base_url: Some("mock://aster/v1"),
        auth: AuthScheme::None,
        default_model: Some("mock"),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        fill: super::fill_nothing,
        signal: super::no_signal,
        claims_model,
        ..OPENAI_COMPATIBLE
    },
);

/// The model named `mock`.
fn claims_model(m: &str) -> bool {
    m == "mock"
}
