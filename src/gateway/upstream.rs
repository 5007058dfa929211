//! The gateway's upstreams: a [`ProviderConfig`] as the client's [`Endpoint`], and the
//! [`Backend`] serving one `provider/model` target.
//!
//! Every URL and header of an upstream request comes from [`crate::provider::build_request`]
//! over the operator's configuration and environment; nothing from the caller's request
//! except the canonical request itself (messages and options) reaches it.

use crate::client::{Backend, Endpoint, Prepared};
use crate::error::Result;
use crate::message::Request;
use crate::provider::mock::MockConfig;
use crate::provider::{build_request, ProviderConfig, Timestamp};
use crate::retry::RetryConfig;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

/// A configured provider as an [`Endpoint`] of the client.
#[derive(Debug)]
pub struct ProviderEndpoint {
    cfg: ProviderConfig,
    retry: RetryConfig,
}

impl ProviderEndpoint {
    /// An endpoint for `cfg` (credentials already filled in) with `retry`.
    pub fn new(cfg: ProviderConfig, retry: RetryConfig) -> Self {
        ProviderEndpoint { cfg, retry }
    }
}

impl Endpoint for ProviderEndpoint {
    fn provider_name(&self) -> &str {
        &self.cfg.name
    }

    fn model(&self) -> &str {
        self.cfg.effective_model().unwrap_or("")
    }

    fn retry_config(&self) -> RetryConfig {
        self.retry.clone()
    }

    fn prepare(&self, req: &Request, now_unix_ms: u64) -> Result<Prepared> {
        let built = build_request(
            &self.cfg,
            req,
            true,
            Timestamp::from_unix_millis(now_unix_ms),
        )?;
        Ok(Prepared {
            http: built.http,
            format: built.format,
            framing: built.framing,
            warnings: built.warnings,
        })
    }

    fn secrets(&self) -> Vec<String> {
        let c = &self.cfg;
        let mut out: Vec<String> = [&c.api_key, &c.azure_ad_token, &c.access_token]
            .into_iter()
            .flatten()
            .map(|s| String::from(s.expose()))
            .collect();
        if let Some(aws) = &c.aws {
            out.push(String::from(aws.secret_access_key.expose()));
            if let Some(t) = &aws.session_token {
                out.push(String::from(t.expose()));
            }
        }
        out
    }
}

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
    /// A target served by a configured provider.
    pub fn http(cfg: &ProviderConfig, model: &str, retry: &RetryConfig) -> Target {
        let cfg = cfg.clone().with_model(model);
        Target {
            provider: cfg.name.clone(),
            model: String::from(model),
            catalog: String::from(cfg.kind.name()),
            backend: Backend::Http(Rc::new(ProviderEndpoint::new(cfg, retry.clone()))),
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
