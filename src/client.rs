//! The [`Provider`] trait and [`Client`]: build → send → classify → retry → decode.
//!
//! The client is generic over a [`Transport`], the only thing that does IO: it sends an
//! [`HttpRequest`] and hands back the response head and a body read chunk by chunk, and it
//! owns time (`now_ms`, a cancellable `sleep`) and randomness (`random`, for retry jitter).
//! The wasm bindings plug in `fetch`; tests plug in scripted transports; the native CLI can
//! plug in anything. Everything else — request building, error classification, the retry
//! decision, decoding — is the sans-IO core, so this module is `no_std` + `alloc` too.
//!
//! Futures are not `Send`: in wasm everything runs on one thread and JS values are `!Send`,
//! so the traits use plain `async fn` (hence `allow(async_fn_in_trait)`).
//!
//! Retries follow DESIGN §3.4 and happen inside [`ChunkStream::next_batch`]: a failed attempt
//! is retried only while it produced no output (text, reasoning, tool calls), whether or not
//! that output already reached the caller, so that the decision does not depend on how the
//! network split the body. Chunks that are not output (`metadata`) are held back until the
//! first output chunk, so a retried attempt never duplicates anything the caller saw.

use crate::embed::{EmbedRequest, Plan as EmbedPlan};
use crate::error::{ProviderError, Result};
use crate::format::{Framing, WireFormat};
use crate::http::{HttpRequest, HttpResponseHead};
use crate::message::{Request, Warning};
use crate::provider::mock::MockConfig;
use crate::provider::{ProviderConfig, ProviderKind, Secret};
use crate::response::{Accumulator, CompletionResponse};
use crate::retry::RetryConfig;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

mod count;
mod embed;
mod endpoint;
mod glue;
mod stream;
pub use count::TokenCount;
pub use endpoint::ProviderEndpoint;
pub use stream::ChunkStream;

/// Sends requests and owns time and randomness: the IO edge of the client.
#[allow(async_fn_in_trait)] // wasm futures hold JS values and are never `Send`.
pub trait Transport {
    /// The body of a response, read chunk by chunk.
    type Body: ResponseBody;

    /// Sends `req`; resolves once the response head arrived. Network failures, timeouts and
    /// cancellation are errors of kind `NetworkError`, `Timeout` and `Aborted`.
    async fn send(&self, req: &HttpRequest) -> Result<(HttpResponseHead, Self::Body)>;

    /// Waits `ms` milliseconds. Cancelling the call (AbortSignal) ends the wait early with an
    /// `Aborted` error.
    async fn sleep(&self, ms: u64) -> Result<()>;

    /// Wall-clock time in Unix milliseconds (for SigV4 dates and HTTP-date `retry-after`).
    fn now_ms(&self) -> u64;

    /// A random number in `[0, 1)`, for retry jitter.
    fn random(&self) -> f64;

    /// Signs `message` with RSASSA-PKCS1-v1_5 / SHA-256 under a PEM PKCS#8 key (Vertex
    /// service accounts). Transports without a signer fail with a `config` error.
    async fn sign_rs256(&self, private_key_pem: &Secret, message: &[u8]) -> Result<Vec<u8>> {
        let _ = (private_key_pem, message);
        Err(ProviderError::config(
            "this transport cannot sign RS256 (needed for a service account): use an access token",
        ))
    }
}

/// A response body read as the network delivers it.
#[allow(async_fn_in_trait)]
pub trait ResponseBody {
    /// The next piece of the body, or `None` at its end. Dropping the body before its end
    /// cancels the request.
    async fn next(&mut self) -> Result<Option<Vec<u8>>>;
}

/// A request ready to send, with what is needed to decode its response.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The HTTP request (URL, headers with credentials, body).
    pub http: HttpRequest,
    /// The wire format of the response.
    pub format: WireFormat,
    /// How the streamed response body is framed.
    pub framing: Framing,
    /// Settings of the request the provider cannot honour.
    pub warnings: Vec<Warning>,
}

/// A configured HTTP provider, as the client needs it: the bridge to `crate::provider`.
pub trait Endpoint {
    /// The provider's configured name (`openai`, a gateway section's name, a custom
    /// provider's): a label for chunks and errors.
    fn provider_name(&self) -> &str;
    /// The name provider rules and prices are keyed on (the kind's name; see
    /// `ProviderConfig::rules_name`).
    fn rules_name(&self) -> &str {
        self.provider_name()
    }
    /// A response header the host puts its own request id in, preferred over the usual ones.
    fn request_id_header(&self) -> Option<&'static str> {
        None
    }
    /// The configured model.
    fn model(&self) -> &str;
    /// Retry settings for this provider.
    fn retry_config(&self) -> RetryConfig;
    /// Builds the streaming request for `req` at `now_unix_ms` (request signing needs the
    /// time). Called once per attempt, so a retry after a long wait carries a fresh signature.
    fn prepare(&self, req: &Request, now_unix_ms: u64) -> Result<Prepared>;
    /// The credentials of this configuration, so that no error message can leak them.
    fn secrets(&self) -> Vec<String>;

    /// Plans an embedding request (`crate::embed::plan`). Endpoints without embeddings answer
    /// `invalid_request` naming the provider.
    fn embed_plan(&self, req: &EmbedRequest) -> Result<EmbedPlan> {
        let _ = req;
        Err(ProviderError::invalid_request(alloc::format!(
            "{} does not serve embeddings",
            self.provider_name()
        ))
        .with_provider(self.provider_name()))
    }

    /// Builds the request of batch `batch` of `plan` at `now_unix_ms`; called once per
    /// attempt, like [`Endpoint::prepare`].
    fn prepare_embed(
        &self,
        plan: &EmbedPlan,
        req: &EmbedRequest,
        batch: usize,
        now_unix_ms: u64,
    ) -> Result<HttpRequest> {
        let _ = (plan, req, batch, now_unix_ms);
        Err(ProviderError::internal("this endpoint has no embeddings"))
    }

    /// A credential exchange to run before [`Endpoint::prepare`] (a Vertex service account
    /// without a valid cached token), or `None`.
    fn exchange_needed(&self, now_unix_ms: u64) -> Option<Exchange> {
        let _ = now_unix_ms;
        None
    }

    /// The token-exchange request for the signed `exchange`.
    fn exchange_request(&self, exchange: &Exchange, signature: &[u8]) -> Result<HttpRequest> {
        let _ = (exchange, signature);
        Err(ProviderError::internal(
            "this endpoint has no credential exchange",
        ))
    }

    /// Stores the result of the exchange (the token endpoint's status and body).
    fn exchange_done(&self, status: u16, body: &[u8], now_unix_ms: u64) -> Result<()> {
        let _ = (status, body, now_unix_ms);
        Ok(())
    }
}

/// A credential exchange the client performs for an endpoint: sign `signing_input` with
/// `private_key` (RS256), then send [`Endpoint::exchange_request`].
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The PEM private key (redacted in `Debug`).
    pub private_key: Secret,
    /// The bytes to sign.
    pub signing_input: String,
}

/// Where a client's responses come from.
#[derive(Clone)]
pub enum Backend {
    /// A real provider over HTTP.
    Http(Rc<dyn Endpoint>),
    /// The built-in mock provider: no key, no network.
    Mock(MockConfig),
}

impl Backend {
    /// The backend for a provider configuration: the built-in mock for `type = "mock"` (with
    /// `mock` pacing settings), else HTTP. `retry` overrides the provider's retry defaults.
    pub fn from_config(cfg: ProviderConfig, retry: Option<RetryConfig>, mock: MockConfig) -> Self {
        if cfg.kind == ProviderKind::Mock {
            let mut m = mock;
            if let Some(model) = cfg.model.filter(|m| !m.is_empty()) {
                m.model = model;
            }
            return Backend::Mock(m);
        }
        Backend::Http(Rc::new(ProviderEndpoint::new(cfg, retry)))
    }
}

/// The seed's provider interface: a configured model that completes and streams requests.
#[allow(async_fn_in_trait)]
pub trait Provider {
    /// The stream of chunks [`Provider::stream_complete`] returns.
    type Stream;
    /// The model requests go to unless they name another.
    fn get_active_model_name(&self) -> &str;
    /// Runs `request` to the end and folds the chunks into one response.
    async fn complete(&self, request: &Request) -> Result<CompletionResponse>;
    /// Starts `request` and returns its chunk stream once the provider accepted it (errors
    /// before the first byte, after retries, are returned here).
    async fn stream_complete(&self, request: &Request) -> Result<Self::Stream>;
}

/// A provider client over a transport. Cheap to clone when the transport is.
#[derive(Clone)]
pub struct Client<T: Transport> {
    backend: Backend,
    transport: T,
}

impl<T: Transport + Clone> Client<T> {
    /// A client for `backend` that sends through `transport`.
    pub fn new(backend: Backend, transport: T) -> Self {
        Client { backend, transport }
    }

    /// The backend.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The aster provider name.
    pub fn provider_name(&self) -> &str {
        match &self.backend {
            Backend::Http(e) => e.provider_name(),
            Backend::Mock(_) => crate::provider::mock::PROVIDER_NAME,
        }
    }

    /// The configured model.
    pub fn model(&self) -> &str {
        match &self.backend {
            Backend::Http(e) => e.model(),
            Backend::Mock(m) => &m.model,
        }
    }

    /// A lazy stream of `request`: nothing is sent before the first
    /// [`ChunkStream::next_batch`].
    pub fn stream(&self, request: Request) -> ChunkStream<T> {
        self.stream_with(self.transport.clone(), request)
    }

    /// Like [`Client::stream`] through another transport (e.g. one bound to a call's
    /// AbortSignal and timeouts).
    pub fn stream_with(&self, transport: T, request: Request) -> ChunkStream<T> {
        ChunkStream::new(self.backend.clone(), transport, request)
    }

    /// Runs `request` through `transport` and folds the chunks into one response.
    pub async fn complete_with(
        &self,
        transport: T,
        request: Request,
    ) -> Result<CompletionResponse> {
        collect(self.stream_with(transport, request)).await
    }
}

impl<T: Transport + Clone> Client<T> {
    /// Embeds `req` through `transport`: one request per batch the provider accepts, each
    /// with the client's error classification and retry (DESIGN §3.3, §3.4), the vectors
    /// rejoined in input order. The mock embeds locally.
    pub async fn embed_with(
        &self,
        transport: T,
        req: &EmbedRequest,
    ) -> Result<crate::embed::EmbedResponse> {
        embed::run(&self.backend, &transport, req).await
    }
}

/// Drains a stream into a [`CompletionResponse`].
pub async fn collect<T: Transport>(mut stream: ChunkStream<T>) -> Result<CompletionResponse> {
    let mut acc = Accumulator::new();
    while let Some(batch) = stream.next_batch().await? {
        acc.extend(&batch);
    }
    Ok(acc.finish())
}

impl<T: Transport + Clone> Provider for Client<T> {
    type Stream = ChunkStream<T>;

    fn get_active_model_name(&self) -> &str {
        self.model()
    }

    async fn complete(&self, request: &Request) -> Result<CompletionResponse> {
        collect(self.stream(request.clone())).await
    }

    async fn stream_complete(&self, request: &Request) -> Result<ChunkStream<T>> {
        let mut s = self.stream(request.clone());
        s.start().await?;
        Ok(s)
    }
}

/// Replaces every occurrence of a credential in an error's text fields with `[redacted]`.
/// Applied to every error the client returns, as a last line of defence: providers echo keys
/// in messages ("Incorrect API key provided: sk-…"), and URLs may carry them (`?key=`).
pub fn scrub(mut err: ProviderError, secrets: &[String]) -> ProviderError {
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        if err.message.contains(s.as_str()) {
            err.message = err.message.replace(s.as_str(), "[redacted]");
        }
        if let Some(c) = &err.provider_code {
            if c.contains(s.as_str()) {
                err.provider_code = Some(c.replace(s.as_str(), "[redacted]"));
            }
        }
        if let Some(r) = &err.request_id {
            if r.contains(s.as_str()) {
                err.request_id = None;
            }
        }
    }
    err
}
