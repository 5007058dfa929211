//! [`ChunkStream`]: one request's attempts, retries and decoding, one network read at a time.

use super::{scrub, Backend, Endpoint, ResponseBody, Transport};
use crate::chunk::Chunk;
use crate::error::{classify, ProviderError, Result};
use crate::format::{decode_body_with, Emitter, Framing, StreamDecoder, WireFormat};
use crate::http::{Headers, HttpRequest, HttpResponseHead};
use crate::message::{Request, Warning};
use crate::retry::RetryConfig;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

/// Largest error body read for classification; the rest is not needed and not trusted.
pub(super) const ERROR_BODY_LIMIT: usize = 64 * 1024;
/// Largest non-streaming body accepted when a provider answers a stream request with JSON.
const JSON_BODY_LIMIT: usize = 16 * 1024 * 1024;

enum Source {
    Http(Rc<dyn Endpoint>),
    Mock {
        chunks: Vec<Chunk>,
        next: usize,
        delay_ms: u64,
    },
}

impl Source {
    /// The provider endpoint of an HTTP call; `None` for the mock, which has no secrets,
    /// prices, retries or endpoint rules. The one place the two sources are told apart after
    /// the call started (`begin` produces the mock's steps).
    fn endpoint(&self) -> Option<&Rc<dyn Endpoint>> {
        match self {
            Source::Http(e) => Some(e),
            Source::Mock { .. } => None,
        }
    }
}

enum State<B> {
    /// No attempt in flight: the next step sends one.
    Idle,
    /// Streaming a 2xx body through the decoder.
    Reading {
        /// `None` once the edge took the body to read it itself ([`ChunkStream::detach_body`]).
        body: Option<B>,
        // Boxed: the decoder is large and the other states are small.
        decoder: alloc::boxed::Box<StreamDecoder>,
        request_id: Option<String>,
    },
    /// The request of an attempt was handed to the edge to send ([`ChunkStream::send_request`]);
    /// its response comes back through [`ChunkStream::on_response`].
    Sent {
        format: WireFormat,
        framing: Framing,
    },
    /// The send of an attempt failed; the next step reports it (and may retry).
    Failed(ProviderError),
    /// The response is an error status or an HTML page: the next step reads its body (bounded)
    /// to classify it (and may retry).
    Rejected {
        head: HttpResponseHead,
        body: B,
        format: WireFormat,
        request_id: Option<String>,
    },
    /// A 2xx JSON body (the provider ignored `stream`): buffered, then decoded whole.
    Buffering {
        body: B,
        bytes: Vec<u8>,
        format: WireFormat,
        request_id: Option<String>,
    },
    /// Finished (successfully or not).
    Done,
}

/// The chunks of one request, delivered in batches: one batch per network read.
///
/// Create it with `Client::stream`. Nothing is sent until the first [`ChunkStream::next_batch`]
/// (or [`ChunkStream::start`]).
pub struct ChunkStream<T: Transport> {
    transport: T,
    source: Source,
    request: Request,
    state: State<T::Body>,
    retry: RetryConfig,
    attempt: u32,
    /// Non-output chunks held back until output arrives (or the stream ends), so that a retry
    /// never repeats something the caller saw.
    pending: Vec<Chunk>,
    delivered_output: bool,
    /// An error to report after the batch that preceded it was delivered.
    deferred_error: Option<ProviderError>,
    /// The model the provider said served the request (for pricing).
    reported_model: Option<String>,
    warnings: Vec<Warning>,
    /// The request id of the upstream response being read (`x-request-id`, `request-id`, …).
    upstream_request_id: Option<String>,
    /// The wait before the retry a failed [`ChunkStream::feed`] decided on: taken by the next
    /// step, which then sends the next attempt.
    retry_wait: Option<u64>,
}

impl<T: Transport> ChunkStream<T> {
    pub(super) fn new(backend: Backend, transport: T, request: Request) -> Self {
        let (source, retry) = match backend {
            Backend::Http(e) => {
                let retry = e.retry_config();
                (Source::Http(e), retry)
            }
            Backend::Mock(cfg) => (
                Source::Mock {
                    chunks: crate::provider::mock::generate(&request, &cfg, mock_nonce(&transport)),
                    next: 0,
                    delay_ms: cfg.delay_ms,
                },
                RetryConfig::none(),
            ),
        };
        ChunkStream {
            transport,
            source,
            request,
            state: State::Idle,
            retry,
            attempt: 0,
            pending: Vec::new(),
            delivered_output: false,
            deferred_error: None,
            reported_model: None,
            warnings: Vec::new(),
            upstream_request_id: None,
            retry_wait: None,
        }
    }

    /// Settings of the request the provider could not honour (known once the request was
    /// built, i.e. after the first step).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The request id the provider gave the response being read, once its head arrived.
    pub fn request_id(&self) -> Option<&str> {
        self.upstream_request_id.as_deref()
    }

    /// The usage the provider reported so far in the body being read (see
    /// `StreamDecoder::usage_so_far`).
    pub fn usage_so_far(&self) -> Option<&crate::chunk::Usage> {
        match &self.state {
            State::Reading { decoder, .. } => decoder.usage_so_far(),
            _ => None,
        }
    }

    /// Retries made so far.
    pub fn retries(&self) -> u32 {
        self.attempt
    }

    /// Whether an error waits to be reported by the next call (it came with the last batch).
    pub fn has_deferred_error(&self) -> bool {
        self.deferred_error.is_some()
    }

    /// Whether the stream ended (all chunks delivered, or failed).
    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done) && self.deferred_error.is_none()
    }

    /// Sends the request (retrying as allowed) until the provider accepted it.
    pub async fn start(&mut self) -> Result<()> {
        let mut out = Vec::new();
        while matches!(self.state, State::Idle) {
            if let Err(e) = self.step(&mut out).await {
                self.state = State::Done;
                return Err(self.scrubbed(e));
            }
        }
        self.pending.append(&mut out);
        Ok(())
    }

    /// The next batch of chunks: everything one network read completed. `Ok(None)` at the end.
    /// A failure after some chunks were produced delivers those chunks first and the error on
    /// the next call; after an error the stream is finished.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<Chunk>>> {
        if let Some(e) = self.deferred_error.take() {
            return Err(e);
        }
        loop {
            if matches!(self.state, State::Done) {
                let rest = core::mem::take(&mut self.pending);
                return Ok((!rest.is_empty()).then_some(rest));
            }
            let mut out = Vec::new();
            let r = self.step(&mut out).await;
            if let Some(batch) = self.settle(r, out)? {
                return Ok(Some(batch));
            }
        }
    }

    /// What one step gave, as [`ChunkStream::next_batch`] reports it: `Ok(None)` when nothing
    /// may be delivered yet.
    fn settle(&mut self, r: Result<()>, out: Vec<Chunk>) -> Result<Option<Vec<Chunk>>> {
        match r {
            Ok(()) => {
                let done = matches!(self.state, State::Done);
                let batch = self.release(out, done);
                Ok((!batch.is_empty()).then_some(batch))
            }
            Err(e) => {
                self.state = State::Done;
                let e = self.scrubbed(e);
                let batch = self.release(out, true);
                if batch.is_empty() {
                    return Err(e);
                }
                self.deferred_error = Some(e);
                Ok(Some(batch))
            }
        }
    }

    /// Takes the body being read out of the stream, so that the edge reads it itself (the
    /// gateway Worker and the npm package, without a Rust future per read) and hands each read
    /// to [`ChunkStream::feed`]. Only from a streamed 2xx body (not a buffered JSON one):
    /// `None` otherwise. Before output was delivered a failed read may still be retried: `feed`
    /// then drops the attempt ([`ChunkStream::is_reading`] turns false) and the next
    /// [`ChunkStream::next_batch`] waits and sends the next one.
    pub fn detach_body(&mut self) -> Option<T::Body> {
        if self.deferred_error.is_some() {
            return None;
        }
        match &mut self.state {
            State::Reading { body, .. } => body.take(),
            _ => None,
        }
    }

    /// One read of a detached body ([`ChunkStream::detach_body`]): a piece, the end
    /// (`Ok(None)`) or the failure of the read. Synchronous: the same decoding and delivery
    /// rules as [`ChunkStream::next_batch`], without the read. `Ok(None)` back: nothing to
    /// deliver yet, or the end ([`ChunkStream::is_done`] says which).
    pub fn feed(&mut self, read: Result<Option<&[u8]>>) -> Result<Option<Vec<Chunk>>> {
        if let Some(e) = self.deferred_error.take() {
            return Err(e);
        }
        if matches!(self.state, State::Done) {
            let rest = core::mem::take(&mut self.pending);
            return Ok((!rest.is_empty()).then_some(rest));
        }
        let mut out = Vec::new();
        let r = match self.on_read(read, &mut out) {
            Err(e) => match self.retry_or(e, &mut out) {
                Ok(delay) => {
                    self.retry_wait = Some(delay);
                    return Ok(None);
                }
                Err(e) => Err(e),
            },
            ok => ok,
        };
        self.settle(r, out)
    }

    /// Whether a streamed 2xx body is being decoded (read by the stream or the edge). False
    /// after a failed [`ChunkStream::feed`] decided to retry: the edge drops its body and
    /// goes on with [`ChunkStream::next_batch`].
    pub fn is_reading(&self) -> bool {
        matches!(self.state, State::Reading { .. })
    }

    /// The request of the first attempt, for an edge that sends it itself (the npm package,
    /// without a Rust future around `fetch`) and hands the response to
    /// [`ChunkStream::on_response`]. `None` when the stream must start through
    /// [`ChunkStream::next_batch`]: a mock, a credential exchange to run first, an attempt
    /// already made, a request the provider's rules refuse (`next_batch` reports it).
    pub fn send_request(&mut self) -> Option<HttpRequest> {
        if !matches!(self.state, State::Idle) || self.attempt > 0 || self.retry_wait.is_some() {
            return None;
        }
        let ep = self.source.endpoint()?.clone();
        let now = self.transport.now_ms();
        if ep.exchange_needed(now).is_some() {
            return None;
        }
        self.prepare_attempt(&*ep, now).ok()
    }

    /// Builds an attempt's request: its warnings kept, the stream waiting for the response.
    fn prepare_attempt(&mut self, ep: &dyn Endpoint, now: u64) -> Result<HttpRequest> {
        let prepared = ep.prepare(&self.request, now)?;
        self.warnings = prepared.warnings;
        self.state = State::Sent {
            format: prepared.format,
            framing: prepared.framing,
        };
        Ok(prepared.http)
    }

    /// The response to [`ChunkStream::send_request`]'s request, or the failure of its send. A
    /// streamed 2xx body is then [being read](ChunkStream::is_reading) (the edge may
    /// [detach](ChunkStream::detach_body) it); anything else is reported, or retried, by the
    /// next [`ChunkStream::next_batch`].
    pub fn on_response(&mut self, sent: Result<(HttpResponseHead, T::Body)>) {
        let State::Sent { format, framing } = self.state else {
            return;
        };
        self.state = match (sent, self.source.endpoint().cloned()) {
            (Ok((head, body)), Some(ep)) => {
                let request_id = request_id_of(&*ep, &head.headers);
                self.upstream_request_id.clone_from(&request_id);
                self.response_state(&*ep, (format, framing), head, body, request_id)
            }
            (Err(e), _) => State::Failed(e),
            (Ok(_), None) => State::Done,
        };
    }

    /// What an attempt's response leads to: a 2xx stream to decode or JSON body to buffer, or
    /// a rejection whose body the next step reads to classify.
    fn response_state(
        &self,
        ep: &dyn Endpoint,
        (format, framing): (WireFormat, Framing),
        head: HttpResponseHead,
        body: T::Body,
        request_id: Option<String>,
    ) -> State<T::Body> {
        let content_type = head.headers.get("content-type").unwrap_or("").trim_start();
        // A proxy, captive portal or misrouted base URL can answer with a web page: decoding
        // it as a stream would only report a "truncated" (retryable) stream, and retrying
        // gets the same page.
        let html = content_type
            .get(..9)
            .is_some_and(|t| t.eq_ignore_ascii_case("text/html"));
        if !(200..300).contains(&head.status) || html {
            return State::Rejected {
                head,
                body,
                format,
                request_id,
            };
        }
        if content_type.starts_with("application/json") && framing != Framing::Ndjson {
            return State::Buffering {
                body,
                bytes: Vec::new(),
                format,
                request_id,
            };
        }
        let mut decoder = StreamDecoder::new(format, framing, ep.provider_name());
        decoder.set_responses_rules(crate::provider::responses_rules(ep.rules_name()));
        let model = self.request.model.as_deref().unwrap_or(ep.model());
        decoder.set_input_estimate(crate::usage::estimate_request_tokens(&self.request, model));
        State::Reading {
            body: Some(body),
            decoder: alloc::boxed::Box::new(decoder),
            request_id,
        }
    }

    /// Decodes one read of a 2xx streamed body into `out`; the end or a failure finishes the
    /// decoder (and the stream).
    fn on_read(&mut self, read: Result<Option<&[u8]>>, out: &mut Vec<Chunk>) -> Result<()> {
        let State::Reading {
            decoder,
            request_id,
            ..
        } = &mut self.state
        else {
            return Ok(());
        };
        let r = match read {
            Ok(Some(bytes)) => decoder.feed(bytes, out),
            Ok(None) => {
                let r = decoder.finish(out);
                self.state = State::Done;
                return r;
            }
            Err(e) => {
                // The usage of what was already produced, marked estimated; the
                // truncation error `finish` reports is the same failure.
                let _ = decoder.finish(out);
                Err(e)
            }
        };
        r.map_err(|e| with_request_id(e, request_id))
    }

    /// Moves `out` into the pending chunks and returns what may be delivered now.
    fn release(&mut self, mut out: Vec<Chunk>, force: bool) -> Vec<Chunk> {
        if let Some(ep) = self.source.endpoint() {
            for c in out.iter_mut() {
                match c {
                    Chunk::Metadata { model: Some(m), .. } if self.reported_model.is_none() => {
                        self.reported_model = Some(m.clone());
                    }
                    Chunk::Usage(u) => {
                        let model = self.reported_model.as_deref().unwrap_or(self.model());
                        super::glue::fill_cost(ep.rules_name(), model, u);
                    }
                    _ => {}
                }
            }
        }
        let has_output = out.iter().any(Chunk::is_output);
        self.pending.append(&mut out);
        if self.delivered_output || has_output || force {
            self.delivered_output |= has_output;
            core::mem::take(&mut self.pending)
        } else {
            Vec::new()
        }
    }

    fn model(&self) -> &str {
        if let Some(m) = self.request.model.as_deref() {
            return m;
        }
        self.source.endpoint().map_or("", |e| e.model())
    }

    fn scrubbed(&self, e: ProviderError) -> ProviderError {
        match self.source.endpoint() {
            Some(ep) => scrub(e, &ep.secrets()),
            None => e,
        }
    }

    /// One step (send, or one read), retrying a failed attempt while that is allowed.
    async fn step(&mut self, out: &mut Vec<Chunk>) -> Result<()> {
        if let Some(delay) = self.retry_wait.take() {
            self.transport.sleep(delay).await?;
        }
        loop {
            let e = match self.advance(out).await {
                Ok(()) => return Ok(()),
                Err(e) => e,
            };
            let delay = self.retry_or(e, out)?;
            self.transport.sleep(delay).await?;
        }
    }

    /// After an attempt failed with `e`: the wait before the next attempt, with this one
    /// dropped, or `e` when it may not be retried.
    fn retry_or(&mut self, e: ProviderError, out: &mut Vec<Chunk>) -> Result<u64> {
        // Output the attempt produced ends retrying even if it has not reached the caller
        // yet (it arrived in the same read as the error): whether a retry happens must not
        // depend on how the network split the body.
        let produced_output = out.iter().any(Chunk::is_output);
        let Some(delay) = self.retry_delay(&e).filter(|_| !produced_output) else {
            return Err(e);
        };
        // Nothing but metadata came from this attempt: drop it and start over.
        out.clear();
        self.pending.clear();
        self.state = State::Idle;
        self.attempt += 1;
        Ok(delay)
    }

    /// How long to wait before retrying after `e`, or `None` to fail now.
    fn retry_delay(&self, e: &ProviderError) -> Option<u64> {
        if self.delivered_output || self.source.endpoint().is_none() {
            return None;
        }
        retry_decision(&self.retry, self.attempt, e, self.transport.random())
    }

    async fn advance(&mut self, out: &mut Vec<Chunk>) -> Result<()> {
        match &mut self.state {
            State::Idle => self.begin(out).await,
            State::Reading { body, .. } => {
                let read = match body {
                    Some(b) => b.next().await,
                    // Detached: the edge reads the body and calls `feed`; waiting here
                    // would wait forever.
                    None => {
                        return Err(ProviderError::internal(
                            "the response body is read by the edge (ChunkStream::feed)",
                        ))
                    }
                };
                match read {
                    Ok(bytes) => self.on_read(Ok(bytes.as_deref()), out),
                    Err(e) => self.on_read(Err(e), out),
                }
            }
            State::Buffering {
                body,
                bytes,
                format,
                request_id,
            } => match body.next().await {
                Ok(Some(b)) if bytes.len() + b.len() > JSON_BODY_LIMIT => Err(with_request_id(
                    ProviderError::decode("response body too large"),
                    request_id,
                )),
                Ok(Some(b)) => {
                    bytes.extend_from_slice(&b);
                    Ok(())
                }
                Ok(None) => {
                    let em = match self.source.endpoint() {
                        Some(e) => {
                            let mut em = Emitter::new(e.provider_name());
                            em.set_responses_rules(crate::provider::responses_rules(
                                e.rules_name(),
                            ));
                            em
                        }
                        None => Emitter::new(crate::provider::mock::PROVIDER_NAME),
                    };
                    let r = decode_body_with(*format, em, bytes)
                        .map(|mut chunks| out.append(&mut chunks))
                        .map_err(|e| with_request_id(e, request_id));
                    self.state = State::Done;
                    r
                }
                Err(e) => Err(with_request_id(e, request_id)),
            },
            State::Sent { .. } => Err(ProviderError::internal(
                "the request was handed to the edge to send (ChunkStream::on_response)",
            )),
            State::Failed(_) | State::Rejected { .. } => self.rejection().await,
            State::Done => Ok(()),
        }
    }

    /// The error of a failed attempt ([`State::Failed`], [`State::Rejected`]: its body read,
    /// bounded, and classified); the stream goes back to idle, for a retry or the end.
    async fn rejection(&mut self) -> Result<()> {
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Failed(e) => Err(e),
            State::Rejected {
                head,
                mut body,
                format,
                request_id,
            } => {
                let bytes = read_bounded(&mut body, ERROR_BODY_LIMIT).await;
                let provider = self
                    .source
                    .endpoint()
                    .map_or(crate::provider::mock::PROVIDER_NAME, |ep| {
                        ep.provider_name()
                    });
                let mut e = if (200..300).contains(&head.status) {
                    ProviderError::decode(alloc::format!(
                        "expected a {} response but got an HTML page (status {}, content-type \
                         text/html): is the base URL right, or is a proxy in the way?",
                        format.name(),
                        head.status
                    ))
                    .with_provider(provider)
                    .with_status(head.status)
                } else {
                    classify(
                        head.status,
                        &head.headers,
                        &bytes,
                        provider,
                        self.transport.now_ms(),
                    )
                };
                if request_id.is_some() {
                    e.request_id = request_id;
                }
                Err(e)
            }
            other => {
                self.state = other;
                Ok(())
            }
        }
    }

    /// Starts an attempt (HTTP), or produces the next paced mock step.
    async fn begin(&mut self, out: &mut Vec<Chunk>) -> Result<()> {
        let ep = match &mut self.source {
            Source::Http(ep) => ep.clone(),
            Source::Mock {
                chunks,
                next,
                delay_ms,
            } => {
                if *next > 0 && *delay_ms > 0 {
                    self.transport.sleep(*delay_ms).await?;
                }
                // Paced: one chunk per step; unpaced: everything in one batch.
                let take = if *delay_ms > 0 { 1 } else { chunks.len() };
                let end = next.saturating_add(take).min(chunks.len());
                out.extend(chunks.get(*next..end).unwrap_or(&[]).iter().cloned());
                *next = end;
                if end >= chunks.len() {
                    self.state = State::Done;
                }
                return Ok(());
            }
        };
        exchange_if_needed(ep.as_ref(), &self.transport).await?;
        let http = self.prepare_attempt(&*ep, self.transport.now_ms())?;
        let sent = self.transport.send(&http).await;
        self.on_response(sent);
        self.rejection().await
    }
}

/// A number that differs between mock responses: the transport's randomness mixed with its
/// clock (a scripted transport with fixed randomness still gets distinct ids over time).
fn mock_nonce<T: Transport>(t: &T) -> u64 {
    let r = (t.random() * 9_007_199_254_740_992.0) as u64; // 2^53: all of an f64's precision
    r ^ t.now_ms().rotate_left(32)
}

/// Runs the endpoint's credential exchange (a Vertex service account) when it needs one.
pub(super) async fn exchange_if_needed<T: Transport>(
    ep: &dyn Endpoint,
    transport: &T,
) -> Result<()> {
    if let Some(ex) = ep.exchange_needed(transport.now_ms()) {
        let sig = transport
            .sign_rs256(&ex.private_key, ex.signing_input.as_bytes())
            .await?;
        let token_req = ep.exchange_request(&ex, &sig)?;
        let (head, mut body) = transport.send(&token_req).await?;
        let bytes = read_bounded(&mut body, ERROR_BODY_LIMIT).await;
        ep.exchange_done(head.status, &bytes, transport.now_ms())?;
    }
    Ok(())
}

/// The retry decision of DESIGN §3.4 for the client: `Some(delay)` to retry.
fn retry_decision(cfg: &RetryConfig, attempt: u32, e: &ProviderError, jitter: f64) -> Option<u64> {
    super::glue::retry_delay(cfg, attempt, e, jitter)
}

pub(super) fn with_request_id(mut e: ProviderError, id: &Option<String>) -> ProviderError {
    if e.request_id.is_none() {
        e.request_id = id.clone();
    }
    e
}

/// The request id of a response: the host's own header first (`KindInfo::request_id_header`,
/// LiteLLM's `x-litellm-call-id`), then the usual ones.
pub(super) fn request_id_of(ep: &dyn Endpoint, h: &Headers) -> Option<String> {
    ep.request_id_header()
        .and_then(|n| h.get(n))
        .map(String::from)
        .or_else(|| crate::error::request_id_from_headers(h))
}

/// Reads at most `limit` bytes of an error body. A failed read keeps what arrived: the status
/// alone still classifies the error.
pub(super) async fn read_bounded<B: ResponseBody>(body: &mut B, limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while out.len() < limit {
        match body.next().await {
            Ok(Some(b)) => {
                let room = limit - out.len();
                out.extend_from_slice(b.get(..room).unwrap_or(&b));
            }
            _ => break,
        }
    }
    out
}
