//! [`ProviderEndpoint`]: a `provider::ProviderConfig` as the client's [`Endpoint`], including
//! the Vertex service-account token exchange (RS256 JWT → OAuth access token, cached).

use super::{Endpoint, Exchange, Prepared};
use crate::embed::{EmbedRequest, Plan as EmbedPlan};
use crate::error::{ProviderError, Result};
use crate::http::{Headers, HttpRequest};
use crate::message::Request;
use crate::provider::kind::AuthScheme;
use crate::provider::vertex::{self, TokenCache};
use crate::provider::{build_request, ProviderConfig, Secret, Timestamp};
use crate::retry::RetryConfig;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

/// A configured HTTP provider.
pub struct ProviderEndpoint {
    cfg: ProviderConfig,
    model: String,
    retry: RetryConfig,
    tokens: RefCell<TokenCache>,
}

impl ProviderEndpoint {
    /// An endpoint for `cfg`; `retry` overrides the provider's default retry settings.
    pub fn new(cfg: ProviderConfig, retry: Option<RetryConfig>) -> Self {
        let retry = retry.unwrap_or_else(|| RetryConfig::for_provider(&cfg.name));
        let model = String::from(cfg.effective_model().unwrap_or(""));
        ProviderEndpoint {
            cfg,
            model,
            retry,
            tokens: RefCell::new(TokenCache::default()),
        }
    }

    /// The provider configuration.
    pub fn config(&self) -> &ProviderConfig {
        &self.cfg
    }

    /// The configuration requests are built from: with a service account, a copy holding the
    /// access token the exchange obtained.
    fn signing_config(&self, now: Timestamp) -> Result<Cow<'_, ProviderConfig>> {
        if !self.uses_service_account() {
            return Ok(Cow::Borrowed(&self.cfg));
        }
        let mut cfg = self.cfg.clone();
        let sa = cfg.service_account.as_ref().ok_or_else(|| {
            ProviderError::internal("service account vanished").with_provider(&self.cfg.name)
        })?;
        let token = self.tokens.borrow().token_for(sa, now).cloned();
        cfg.access_token = Some(token.ok_or_else(|| {
            ProviderError::internal("no access token after the token exchange")
                .with_provider(&self.cfg.name)
        })?);
        Ok(Cow::Owned(cfg))
    }

    /// Whether requests need a token obtained from the service account.
    fn uses_service_account(&self) -> bool {
        self.cfg.kind.info().auth == AuthScheme::GoogleOAuth
            && self.cfg.access_token.as_ref().is_none_or(Secret::is_empty)
            && self.cfg.service_account.is_some()
    }
}

impl Endpoint for ProviderEndpoint {
    fn provider_name(&self) -> &str {
        &self.cfg.name
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn retry_config(&self) -> RetryConfig {
        self.retry.clone()
    }

    fn prepare(&self, req: &Request, now_unix_ms: u64) -> Result<Prepared> {
        let now = Timestamp::from_unix_millis(now_unix_ms);
        let built = build_request(&*self.signing_config(now)?, req, true, now)?;
        Ok(Prepared {
            http: built.http,
            format: built.format,
            framing: built.framing,
            warnings: built.warnings,
        })
    }

    fn embed_plan(&self, req: &EmbedRequest) -> Result<EmbedPlan> {
        crate::embed::plan(&self.cfg, req)
    }

    fn prepare_embed(
        &self,
        plan: &EmbedPlan,
        req: &EmbedRequest,
        batch: usize,
        now_unix_ms: u64,
    ) -> Result<HttpRequest> {
        let now = Timestamp::from_unix_millis(now_unix_ms);
        crate::embed::build(&*self.signing_config(now)?, plan, req, batch, now)
    }

    fn secrets(&self) -> Vec<String> {
        let c = &self.cfg;
        let mut out: Vec<String> = Vec::new();
        let mut add = |s: Option<&Secret>| {
            if let Some(s) = s.filter(|s| !s.is_empty()) {
                out.push(String::from(s.expose()));
            }
        };
        add(c.api_key.as_ref());
        add(c.azure_ad_token.as_ref());
        add(c.access_token.as_ref());
        if let Some(aws) = &c.aws {
            add(Some(&aws.secret_access_key));
            add(aws.session_token.as_ref());
        }
        if let Some(sa) = &c.service_account {
            add(Some(&sa.private_key));
        }
        for (k, v) in c.headers.iter() {
            if Headers::is_secret(k) && !v.is_empty() {
                out.push(String::from(v));
                // `Authorization: Bearer <token>`: the token alone may be echoed too.
                if let Some((_, t)) = v.split_once(' ') {
                    out.push(String::from(t.trim()));
                }
            }
        }
        out
    }

    fn exchange_needed(&self, now_unix_ms: u64) -> Option<Exchange> {
        if !self.uses_service_account() {
            return None;
        }
        let sa = self.cfg.service_account.as_ref()?;
        let now = Timestamp::from_unix_millis(now_unix_ms);
        if self.tokens.borrow().token_for(sa, now).is_some() {
            return None;
        }
        Some(Exchange {
            private_key: sa.private_key.clone(),
            signing_input: vertex::jwt_signing_input(sa, now),
        })
    }

    fn exchange_request(&self, exchange: &Exchange, signature: &[u8]) -> Result<HttpRequest> {
        let sa = self.cfg.service_account.as_ref().ok_or_else(|| {
            ProviderError::internal("no service account").with_provider(&self.cfg.name)
        })?;
        let assertion = vertex::assemble_assertion(&exchange.signing_input, signature);
        Ok(vertex::token_request(sa, &assertion))
    }

    fn exchange_done(&self, status: u16, body: &[u8], now_unix_ms: u64) -> Result<()> {
        let sa = self.cfg.service_account.as_ref().ok_or_else(|| {
            ProviderError::internal("no service account").with_provider(&self.cfg.name)
        })?;
        let now = Timestamp::from_unix_millis(now_unix_ms);
        let token = vertex::parse_token_response(status, body, now)
            .map_err(|e| e.with_provider(&self.cfg.name))?;
        self.tokens.borrow_mut().insert(sa.cache_key(), token);
        Ok(())
    }
}
