//! The gateway's upstreams: the [`Backend`] serving one `provider/model` target.
//!
//! An HTTP target is the client's [`ProviderEndpoint`] over the operator's provider
//! configuration: every URL and header of an upstream request comes from
//! `provider::build_request` over that configuration and the environment; nothing from the
//! caller's request except the canonical request itself (messages and options) reaches it.

use crate::client::{Backend, ProviderEndpoint};
use crate::provider::mock::MockConfig;
use crate::provider::ProviderConfig;
use crate::retry::RetryConfig;
use alloc::rc::Rc;
use alloc::string::String;

/// One `provider/model` target, ready to be called.
#[derive(Clone)]
pub struct Target {
    /// The provider name (`openai`, a custom name, `mock`).
    pub provider: String,
    /// The model as the provider knows it.
    pub model: String,
    /// The provider kind's name, under which the model catalog prices the model (a section
    /// named `backup` of kind `anthropic` is priced as `anthropic`).
    pub catalog: String,
    /// Where requests go.
    pub backend: Backend,
}

impl core::fmt::Debug for Target {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Target({}/{})", self.provider, self.model)
    }
}

impl Target {
    /// A target served by a configured provider; `retry` overrides the provider's default
    /// retry settings.
    pub fn http(cfg: &ProviderConfig, model: &str, retry: Option<&RetryConfig>) -> Target {
        let cfg = cfg.clone().with_model(model);
        Target {
            provider: cfg.name.clone(),
            model: String::from(model),
            catalog: String::from(cfg.rules_name()),
            backend: Backend::Http(Rc::new(ProviderEndpoint::new(cfg, retry.cloned()))),
        }
    }

    /// A target served by the built-in mock provider.
    pub fn mock(model: &str, delay_ms: u64, chunk_size: usize) -> Target {
        Target {
            provider: String::from(crate::provider::mock::PROVIDER_NAME),
            model: String::from(model),
            catalog: String::from(crate::provider::mock::PROVIDER_NAME),
            backend: Backend::Mock(MockConfig {
                model: String::from(model),
                delay_ms,
                chunk_size,
            }),
        }
    }
}
