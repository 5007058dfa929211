//! Calling the targets of a request, with fallback, and turning their chunks into the caller's
//! API — generic over the client's [`Transport`], so this runs natively in tests and over
//! `fetch` in the Worker.
//!
//! Fallback rule: a target that fails **before any output reached the caller** is replaced by
//! the next one. The client's [`ChunkStream`] already retries an attempt and holds back
//! non-output chunks (`metadata`) until output arrives, so "no batch delivered yet" is exactly
//! "nothing sent yet". A non-streaming request has sent nothing until the end, so any failure
//! falls back. An aborted request is never retried elsewhere. When every target failed, the
//! caller gets the last target's error, with its status, in the caller's API shape.
//!
//! Streaming: [`SseStream::next`] does one upstream read (one step of the client) and returns
//! the SSE bytes of the chunks it completed: one call per read, nothing buffered whole.
//!
//! An edge may also step a streamed call itself ([`Call::step`], [`Stepped`]): it sends the
//! first target's request, hands over the response and feeds the first reads synchronously,
//! with no future around them (the Worker). Anything but a 2xx stream reaching its first output
//! (an error status, a retry, a failure before output, the next target) goes on through
//! [`Stepped::resume`], which is [`Call::run`] from where the steps left off.

use super::embed::EmbedInbound;
use super::upstream::Target;
use super::wire::{stream_headers, ClientApi, Reply, Writer};
use crate::chunk::{Chunk, Usage};
use crate::client::{ChunkStream, Client, Transport};
use crate::error::{ErrorKind, ProviderError};
use crate::format::Inbound;
use crate::http::{Headers, HttpRequest, HttpResponseHead};
use crate::response::Accumulator;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// A parsed request with its targets, ready to run.
#[derive(Debug)]
pub struct Call {
    api: ClientApi,
    inbound: Inbound,
    /// An embeddings request (`POST /v1/embeddings`) instead of a generation.
    embed: Option<EmbedInbound>,
    targets: Vec<Target>,
    cors: Headers,
    created: u64,
    /// The edge's fresh id, used when the upstream gives none.
    request_id: String,
    /// Count the prompt's tokens (`count_tokens`) instead of generating.
    count: bool,
}

/// The result of running a call.
pub enum Outcome<T: Transport> {
    /// A complete reply (a non-streaming response, or an error before any output).
    Reply(Reply),
    /// A streamed reply: status 200 with these headers, body from [`SseStream::next`].
    Stream(Box<SseStream<T>>),
}

/// The body of a streamed reply.
pub struct SseStream<T: Transport> {
    headers: Headers,
    first: Option<Vec<u8>>,
    stream: Option<ChunkStream<T>>,
    writer: Writer,
    /// The provider kind the model is priced under.
    catalog: String,
    model: String,
}

impl Call {
    pub(super) fn new(
        api: ClientApi,
        inbound: Inbound,
        targets: Vec<Target>,
        cors: Headers,
        created: u64,
    ) -> Call {
        Call {
            api,
            inbound,
            embed: None,
            targets,
            cors,
            created,
            request_id: String::new(),
            count: false,
        }
    }

    pub(super) fn embeddings(
        embed: EmbedInbound,
        targets: Vec<Target>,
        cors: Headers,
        created: u64,
    ) -> Call {
        let inbound = Inbound {
            model: embed.model.clone(),
            ..Inbound::default()
        };
        Call {
            api: ClientApi::OpenAi,
            inbound,
            embed: Some(embed),
            targets,
            cors,
            created,
            request_id: String::new(),
            count: false,
        }
    }

    pub(super) fn set_request_id(&mut self, id: &str, count: bool) {
        self.request_id = String::from(id);
        self.count = count;
    }

    /// `reply` with the request id: the upstream's `upstream`, else this call's own.
    fn tagged(&self, mut reply: Reply, upstream: Option<&str>) -> Reply {
        let id = upstream.unwrap_or(&self.request_id);
        self.api.set_request_id(&mut reply.headers, id);
        reply
    }

    fn error_reply(&self, e: &ProviderError) -> Reply {
        self.tagged(self.api.error_reply(e, &self.cors), e.request_id.as_deref())
    }

    /// `count_tokens`: the first target that can count answers (`x-aster-estimated` says
    /// whether the count is the estimator's).
    async fn count<T: Transport + Clone>(&self, transport: T) -> Reply {
        let mut last = None;
        for target in &self.targets {
            let mut request = self.inbound.request.clone();
            request.model = Some(target.model.clone());
            let client = Client::new(target.backend.clone(), transport.clone());
            match client.count_tokens(&request, Some(&target.catalog)).await {
                Ok(c) => {
                    let mut body = serde_json::json!({"input_tokens": c.input_tokens});
                    if let (Some(cost), Some(m)) = (c.total_cost, body.as_object_mut()) {
                        m.insert("cost".into(), cost.into());
                    }
                    let mut r = Reply::json(200, &body, &self.cors);
                    r.headers.set(
                        "x-aster-estimated",
                        if c.estimated { "true" } else { "false" },
                    );
                    return self.tagged(r, None);
                }
                Err(e) => last = Some(e),
            }
        }
        let e = last.unwrap_or_else(|| ProviderError::internal("no targets to call"));
        self.error_reply(&e)
    }

    /// Whether the caller asked for a stream.
    pub fn is_stream(&self) -> bool {
        self.inbound.stream
    }

    /// `provider/model` of the targets, in fallback order (for logs).
    pub fn target_names(&self) -> Vec<String> {
        self.targets
            .iter()
            .map(|t| alloc::format!("{}/{}", t.provider, t.model))
            .collect()
    }

    /// Runs the call through `transport`.
    pub async fn run<T: Transport + Clone>(self, transport: T) -> Outcome<T> {
        if self.count {
            return Outcome::Reply(self.count(transport).await);
        }
        if let Some(e) = &self.embed {
            let reply = super::embed::run(e, &self.targets, transport, &self.cors).await;
            return Outcome::Reply(self.tagged(reply, None));
        }
        self.run_targets(transport, None).await
    }

    /// The client stream of `target`.
    fn target_stream<T: Transport + Clone>(&self, target: &Target, transport: T) -> ChunkStream<T> {
        let mut request = self.inbound.request.clone();
        request.model = Some(target.model.clone());
        Client::new(target.backend.clone(), transport).stream(request)
    }

    /// Calls the targets in order until one gives a reply or a stream. `started`: the first
    /// target's stream and its first step, already taken by an edge ([`Stepped::resume`]).
    async fn run_targets<T: Transport + Clone>(
        &self,
        transport: T,
        mut started: Option<(ChunkStream<T>, Result<First, ProviderError>)>,
    ) -> Outcome<T> {
        let mut last: Option<ProviderError> = None;
        for target in &self.targets {
            let (stream, result) = match started.take() {
                Some(s) => s,
                None => {
                    let mut stream = self.target_stream(target, transport.clone());
                    let result = if self.inbound.stream {
                        first_batch(&mut stream, Vec::new()).await
                    } else {
                        collect(&mut stream, &target.catalog, &target.model)
                            .await
                            .map(|resp| {
                                let r = self.api.response_reply(
                                    &resp,
                                    &self.inbound.model,
                                    self.created,
                                    &self.cors,
                                );
                                First::Reply(self.tagged(r, stream.request_id()))
                            })
                    };
                    (stream, result)
                }
            };
            match result {
                Ok(First::Reply(r)) => return Outcome::Reply(r),
                Ok(First::Batch(batch)) => {
                    return Outcome::Stream(Box::new(self.sse_stream(target, stream, batch)))
                }
                Err(e) if e.kind == ErrorKind::Aborted => {
                    return Outcome::Reply(self.error_reply(&e))
                }
                Err(e) => last = Some(e),
            }
        }
        let e = last.unwrap_or_else(|| ProviderError::internal("no targets to call"));
        Outcome::Reply(self.error_reply(&e))
    }

    /// The streamed reply of `target`, whose stream gave `batch` (its first output).
    fn sse_stream<T: Transport>(
        &self,
        target: &Target,
        stream: ChunkStream<T>,
        batch: Vec<Chunk>,
    ) -> SseStream<T> {
        let mut headers = stream_headers(&self.cors);
        let id = stream.request_id().unwrap_or(&self.request_id);
        self.api.set_request_id(&mut headers, id);
        let mut writer = self.api.writer(
            &self.inbound.model,
            self.created,
            self.inbound.include_usage,
        );
        if self.api == ClientApi::Anthropic {
            // Only Anthropic's stream reports the prompt before the end: the estimate is not
            // worth its cost elsewhere.
            writer.set_start_usage(prompt_usage(&stream, &self.inbound, &target.model));
        }
        let mut s = SseStream {
            headers,
            first: None,
            stream: Some(stream),
            writer,
            catalog: target.catalog.clone(),
            model: target.model.clone(),
        };
        let mut out = Vec::new();
        s.write(batch, &mut out);
        s.first = Some(out);
        s
    }

    /// The first target's stream and the request it sends first, for an edge that sends it
    /// and feeds the first reads itself ([`Stepped`]). `Err(self)`: [`run`](Call::run) the
    /// call instead (counting, embeddings, a reply that is not streamed, a stream that does
    /// not start with a plain request: a mock, a credential exchange).
    pub fn step<T: Transport + Clone>(
        self: Box<Self>,
        transport: T,
    ) -> Result<(Box<Stepped<T>>, HttpRequest), Box<Call>> {
        if self.count || self.embed.is_some() || !self.inbound.stream {
            return Err(self);
        }
        let Some(target) = self.targets.first() else {
            return Err(self);
        };
        let mut stream = self.target_stream(target, transport);
        match stream.send_request() {
            Some(http) => Ok((
                Box::new(Stepped {
                    call: *self,
                    stream,
                    held: Vec::new(),
                    failed: None,
                }),
                http,
            )),
            None => Err(self),
        }
    }
}

/// A streamed call whose first target's request was sent by the edge ([`Call::step`]), fed
/// its first reads until its first output.
pub struct Stepped<T: Transport> {
    call: Call,
    stream: ChunkStream<T>,
    /// What came before the first output (metadata), held as [`first_batch`] holds it.
    held: Vec<Chunk>,
    /// A failure before any output: the next target's turn ([`Stepped::resume`]).
    failed: Option<ProviderError>,
}

/// What one fed read decided ([`Stepped::feed`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fed {
    /// Read on.
    More,
    /// The first output arrived: [`Stepped::into_outcome`] is the reply.
    Ready,
    /// Read no more: go on with [`Stepped::resume`] (the end before any output, a retry, a
    /// failure).
    Resume,
}

impl<T: Transport + Clone> Stepped<T> {
    /// The response to the request [`Call::step`] gave, or the failure of its send. True when
    /// the edge reads the body now ([`Stepped::detach_body`], then [`Stepped::feed`]); false:
    /// [`Stepped::resume`] (an error status to classify, a retry, a JSON body).
    pub fn on_response(
        &mut self,
        sent: Result<(HttpResponseHead, T::Body), ProviderError>,
    ) -> bool {
        self.stream.on_response(sent);
        self.stream.is_reading()
    }

    /// The body being read, for the edge to read ([`ChunkStream::detach_body`]).
    pub fn detach_body(&mut self) -> Option<T::Body> {
        self.stream.detach_body()
    }

    /// One read of the detached body: a piece, its end (`Ok(None)`) or the read's failure.
    pub fn feed(&mut self, read: Result<Option<&[u8]>, ProviderError>) -> Fed {
        match self.stream.feed(read) {
            Ok(Some(batch)) => {
                let output = batch.iter().any(Chunk::is_output);
                self.held.extend(batch);
                if output {
                    Fed::Ready
                } else if self.stream.is_reading() {
                    Fed::More
                } else {
                    Fed::Resume
                }
            }
            Ok(None) if self.stream.is_reading() => Fed::More,
            Ok(None) => Fed::Resume,
            Err(e) => {
                self.failed = Some(e);
                Fed::Resume
            }
        }
    }

    /// The reply after [`Fed::Ready`]: the stream, its first piece what was held.
    pub fn into_outcome(self) -> Outcome<T> {
        let Stepped {
            call, stream, held, ..
        } = self;
        match call.targets.first() {
            Some(target) => Outcome::Stream(Box::new(call.sse_stream(target, stream, held))),
            // Not reached: `step` makes a stream only for a first target.
            None => {
                Outcome::Reply(call.error_reply(&ProviderError::internal("no targets to call")))
            }
        }
    }

    /// The rest of the call, as [`Call::run`] would have gone on from here: the first target
    /// read to its first output through the stream (a response to classify, a retry), or its
    /// failure; then the next targets.
    pub async fn resume(self, transport: T) -> Outcome<T> {
        let Stepped {
            call,
            mut stream,
            held,
            failed,
        } = self;
        let first = match failed {
            Some(e) => Err(e),
            None => first_batch(&mut stream, held).await,
        };
        call.run_targets(transport, Some((stream, first))).await
    }
}

/// The prompt usage to announce when a stream starts: what the upstream reported before its
/// first output (Anthropic's and Bedrock Claude's `message_start`), else the estimator's count.
fn prompt_usage<T: Transport>(s: &ChunkStream<T>, inbound: &Inbound, model: &str) -> Usage {
    match s.usage_so_far().filter(|u| u.input_tokens > 0) {
        Some(u) => u.clone(),
        None => Usage {
            input_tokens: crate::usage::estimate_request_tokens(&inbound.request, model),
            estimated: true,
            ..Usage::default()
        },
    }
}

/// What the first step of a target gave.
enum First {
    /// A finished non-streaming reply.
    Reply(Reply),
    /// The first batch of a stream (it holds output, or the whole stream).
    Batch(Vec<Chunk>),
}

/// Waits for a stream's first output (or its end), holding what came before. An empty stream
/// counts as a failure (nothing to send). A failure before any output is an error here, not a
/// batch: the caller then gets a plain error reply with the right status and the next
/// fallback target is tried. (The client hands over the held-back metadata before a failure
/// that ends the stream; answering 200 on it would turn "failed before output" into a broken
/// stream.)
/// `held`: what an edge's own reads already held ([`Stepped`]).
async fn first_batch<T: Transport>(
    s: &mut ChunkStream<T>,
    mut held: Vec<Chunk>,
) -> Result<First, ProviderError> {
    loop {
        match s.next_batch().await? {
            Some(batch) => {
                let output = batch.iter().any(Chunk::is_output);
                held.extend(batch);
                if output {
                    return Ok(First::Batch(held));
                }
            }
            None if held.is_empty() => {
                return Err(ProviderError::decode("the upstream sent an empty response"))
            }
            None => return Ok(First::Batch(held)),
        }
    }
}

/// Reads a whole stream into a response, pricing its usage.
async fn collect<T: Transport>(
    s: &mut ChunkStream<T>,
    catalog: &str,
    model: &str,
) -> Result<crate::response::CompletionResponse, ProviderError> {
    let mut acc = Accumulator::new();
    while let Some(mut batch) = s.next_batch().await? {
        price(&mut batch, catalog, model);
        acc.extend(&batch);
    }
    if !acc.is_finished() {
        return Err(ProviderError::decode("the upstream response ended early"));
    }
    Ok(acc.finish())
}

/// Fills in `totalCost` from the catalog where the provider reported none.
fn price(batch: &mut [Chunk], catalog: &str, model: &str) {
    for c in batch {
        if let Chunk::Usage(u) = c {
            crate::usage::fill_cost(u, catalog, model, None);
        }
    }
}

impl<T: Transport> SseStream<T> {
    /// Status of the reply (always 200: errors before output are plain replies).
    pub fn status(&self) -> u16 {
        200
    }

    /// Headers of the reply.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    fn write(&mut self, mut batch: Vec<Chunk>, out: &mut Vec<u8>) {
        price(&mut batch, &self.catalog, &self.model);
        for c in &batch {
            self.writer.push(c, out);
        }
    }

    /// The next piece of the body: the SSE bytes of one upstream read, or `None` at the end.
    /// A failure after output ends the stream with an error event in the caller's API.
    pub async fn next(&mut self) -> Option<Vec<u8>> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        loop {
            let stream = self.stream.as_mut()?;
            let r = stream.next_batch().await;
            if matches!(r, Ok(None)) {
                self.stream = None;
                return None;
            }
            let mut out = Vec::new();
            self.emit(r, &mut out);
            if !out.is_empty() {
                return Some(out);
            }
        }
    }

    /// Writes what one step of the client gave: a batch, or the error event that ends the
    /// stream.
    fn emit(&mut self, r: Result<Option<Vec<Chunk>>, ProviderError>, out: &mut Vec<u8>) {
        match r {
            Ok(Some(batch)) => self.write(batch, out),
            Ok(None) => {}
            Err(e) => {
                self.stream = None;
                self.writer.error(&e, out);
            }
        }
    }

    /// The first piece of the body (the SSE bytes of the first batch), once; then `next`
    /// or `feed` give the rest.
    pub fn take_first(&mut self) -> Option<Vec<u8>> {
        self.first.take()
    }

    /// Takes the upstream body, for an edge that reads it itself and hands each read to
    /// [`SseStream::feed`] synchronously (the Worker: no Rust future per read). `None`: read
    /// with [`SseStream::next`] instead (a mock stream, a buffered JSON body, a stream
    /// already over).
    pub fn detach_body(&mut self) -> Option<T::Body> {
        self.stream.as_mut()?.detach_body()
    }

    /// One read of a detached body (a piece, its end as `Ok(None)`, or the read's failure):
    /// the caller's SSE bytes it completes, the error event included when the stream failed.
    pub fn feed(&mut self, read: Result<Option<&[u8]>, ProviderError>) -> Vec<u8> {
        let mut out = Vec::new();
        let Some(stream) = self.stream.as_mut() else {
            return out;
        };
        let end = matches!(read, Ok(None));
        let r = stream.feed(read);
        self.emit(r, &mut out);
        if let Some(stream) = self.stream.as_mut() {
            if stream.has_deferred_error() {
                // The read failed after completing some output: nothing more will be read,
                // so the error event follows now rather than on a read that never comes.
                let r = stream.feed(Ok(None));
                self.emit(r, &mut out);
            } else if end || stream.is_done() {
                self.stream = None;
            }
        }
        out
    }

    /// Whether the body is complete (its end or an error event was written).
    pub fn is_finished(&self) -> bool {
        self.first.is_none() && self.stream.is_none()
    }

    /// Stops the stream: drops the upstream body (which cancels its request).
    pub fn cancel(&mut self) {
        self.first = None;
        self.stream = None;
    }
}
