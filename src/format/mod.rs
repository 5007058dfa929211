//! Wire formats: canonical ⇄ wire conversion and the stream state machines (DESIGN §2).
//!
//! Every format module has the same shape:
//!
//! * `encode(&Request, &EncodeContext) -> Result<Encoded>`: canonical request → wire JSON body,
//!   with a [`Warning`] for every setting it cannot express;
//! * `decode_body(&Value, &mut Emitter) -> Result<()>`: a non-streaming body → chunks;
//! * `Stream`: a state machine implementing [`StreamMachine`], fed framed events.
//!
//! [`StreamDecoder`] glues a framing codec, a format state machine and the [`Emitter`] into
//! `feed(bytes) → chunks`; [`decode_body_with`] does the same for whole bodies. Dispatch is one
//! `match` on [`WireFormat`].

use crate::chunk::Chunk;
use crate::codec::{Decoder, EventStreamDecoder, Frame, NdjsonDecoder, SseDecoder, SseEvent};
use crate::error::{ProviderError, Result};
use crate::message::{Request, Warning};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

/// A format's typed reading of one event (`typed!(data, scan)`): what its hand-written scanner
/// `scan` reads, else what serde's typed parse reads (the reference the scanner agrees with,
/// for the shapes the scanner is unsure of); `None` sends the format to its `Value` path.
///
/// Without `fast-decode` (the size-first `browser` build) there is no typed reading: every
/// event takes the `Value` path, which decodes the same chunks (each format's tests decode odd
/// shapes, which only the `Value` path reads, like plain ones), and none of the serde-derived
/// deserializers of the typed structs is linked in: 45 KB of `.wasm`, 15 KB gzip
/// (bench/README.md).
#[cfg(feature = "fast-decode")]
macro_rules! typed {
    ($data:expr, $scan:path) => {{
        let data: &str = $data;
        $scan(data).or_else(|| serde_json::from_str(data).ok())
    }};
}
#[cfg(not(feature = "fast-decode"))]
macro_rules! typed {
    ($data:expr, $scan:path) => {{
        let _: &str = $data;
        None
    }};
}

/// For the tests of the light readings (events read without a `Value`): whether `$read`
/// (`fn(&str) -> Option<_>`) reads `$data`, which nothing does without `fast-decode`.
#[cfg(test)]
macro_rules! reads_light {
    ($read:path, $data:expr) => {{
        #[cfg(feature = "fast-decode")]
        let read = $read($data).is_some();
        #[cfg(not(feature = "fast-decode"))]
        let read = {
            let _: &str = $data;
            false
        };
        read
    }};
}

mod build;
mod emitter;
#[cfg(feature = "fast-decode")]
pub(crate) mod scan;
pub use emitter::{Emitter, ToolKey};
#[cfg(test)]
mod seed_tests;
mod wire_util;

pub mod anthropic;
pub mod bedrock_converse;
pub mod gemini;
pub mod mistral;
pub mod ollama;
pub mod openai_chat;
pub mod openai_responses;
pub mod tgi;

/// The eight wire formats aster speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WireFormat {
    /// OpenAI Chat Completions and its compatible hosts.
    OpenAiChat,
    /// OpenAI Responses API.
    OpenAiResponses,
    /// Anthropic Messages.
    Anthropic,
    /// Gemini generateContent / streamGenerateContent (Google AI and Vertex).
    Gemini,
    /// Ollama native `/api/chat` (NDJSON).
    Ollama,
    /// Mistral chat (OpenAI-like with content chunks, thinking, 9-char tool ids).
    Mistral,
    /// Bedrock Converse / ConverseStream.
    BedrockConverse,
    /// Text Generation Inference (`inputs`/`parameters` generate and generate_stream).
    Tgi,
}

impl WireFormat {
    /// Every format.
    pub const ALL: [WireFormat; 8] = [
        WireFormat::OpenAiChat,
        WireFormat::OpenAiResponses,
        WireFormat::Anthropic,
        WireFormat::Gemini,
        WireFormat::Ollama,
        WireFormat::Mistral,
        WireFormat::BedrockConverse,
        WireFormat::Tgi,
    ];

    /// The CLI / JS name (`openai-chat`, `bedrock-converse`, …).
    pub fn name(self) -> &'static str {
        match self {
            WireFormat::OpenAiChat => "openai-chat",
            WireFormat::OpenAiResponses => "openai-responses",
            WireFormat::Anthropic => "anthropic",
            WireFormat::Gemini => "gemini",
            WireFormat::Ollama => "ollama",
            WireFormat::Mistral => "mistral",
            WireFormat::BedrockConverse => "bedrock-converse",
            WireFormat::Tgi => "tgi",
        }
    }

    /// Parses a name as written by [`WireFormat::name`].
    pub fn from_name(name: &str) -> Option<WireFormat> {
        WireFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The framing this format streams in on its native endpoint.
    pub fn default_framing(self) -> Framing {
        match self {
            WireFormat::Ollama => Framing::Ndjson,
            WireFormat::BedrockConverse => Framing::EventStream,
            _ => Framing::Sse,
        }
    }
}

/// How a streamed body is framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// Server-sent events.
    Sse,
    /// Newline-delimited JSON.
    Ndjson,
    /// AWS event-stream frames whose payloads are JSON events (Bedrock ConverseStream).
    EventStream,
    /// AWS event-stream `PayloadPart` frames whose `Bytes` carry an SSE stream (SageMaker
    /// `InvokeEndpointWithResponseStream` in front of TGI).
    EventStreamSse,
}

/// One framed event, handed to a format's state machine.
#[derive(Debug)]
pub enum WireEvent<'a> {
    /// An SSE event.
    Sse(&'a SseEvent),
    /// One NDJSON line.
    Line(&'a str),
    /// One AWS event-stream frame.
    Frame(&'a Frame),
}

/// A format's stream state machine.
pub trait StreamMachine {
    /// Handles one framed event.
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()>;
    /// The body ended. A complete stream calls `em.end()`; a stream that ended before its
    /// terminal event returns an error (use `em.fail`).
    fn on_end(&mut self, em: &mut Emitter) -> Result<()>;
}

/// Settings that shape a request body beyond the canonical request itself. Build one with
/// `EncodeContext::new` (in `provider::encode_context`): it takes the host's rules from its
/// kind's row, so no encoder looks a kind up by name. `Default` is OpenAI's rules, no provider.
#[derive(Clone, Debug, Default)]
pub struct EncodeContext {
    /// The model id as the provider knows it.
    pub model: String,
    /// Streaming or not.
    pub stream: bool,
    /// aster provider name, the `providerOptions` key (the rules are in `chat`/`responses`).
    pub provider: String,
    /// The host's Chat Completions rules (its kind's `KindInfo::chat`).
    pub(crate) chat: openai_chat::rules::ChatRules,
    /// The host's Responses rules (its kind's `KindInfo::responses`).
    pub(crate) responses: openai_responses::rules::ResponsesRules,
}

/// An encoded request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Encoded {
    /// The JSON body.
    pub body: Value,
    /// Settings that could not be expressed.
    pub warnings: Vec<Warning>,
}

/// A request the gateway received in a client's wire format (OpenAI chat or Anthropic).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Inbound {
    /// The canonical request (its `model` is left `None`; see `model`).
    pub request: Request,
    /// The model name the client asked for (the gateway routes on it).
    pub model: String,
    /// Whether the client asked for a stream.
    pub stream: bool,
    /// OpenAI `stream_options.include_usage`: send a final usage chunk.
    pub include_usage: bool,
}

/// Encodes `req` in `format`.
pub fn encode(format: WireFormat, req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    match format {
        WireFormat::OpenAiChat => openai_chat::encode(req, ctx),
        WireFormat::OpenAiResponses => openai_responses::encode(req, ctx),
        WireFormat::Anthropic => anthropic::encode(req, ctx),
        WireFormat::Gemini => gemini::encode(req, ctx),
        WireFormat::Ollama => ollama::encode(req, ctx),
        WireFormat::Mistral => mistral::encode(req, ctx),
        WireFormat::BedrockConverse => bedrock_converse::encode(req, ctx),
        WireFormat::Tgi => tgi::encode(req, ctx),
    }
}

/// Decodes a whole non-streaming body into the chunks a stream of it would have produced, with
/// an emitter set up by the caller (its label and host rules: `crate::decode::decode_body`
/// builds one from a provider name).
pub fn decode_body_with(format: WireFormat, mut em: Emitter, body: &[u8]) -> Result<Vec<Chunk>> {
    let value: Value = crate::json::value(body).map_err(|e| {
        em.fail(ProviderError::decode(alloc::format!(
            "response body is not JSON: {e}"
        )))
    })?;
    let r = match format {
        WireFormat::OpenAiChat => openai_chat::decode_body(&value, &mut em),
        WireFormat::OpenAiResponses => openai_responses::decode_body(&value, &mut em),
        WireFormat::Anthropic => anthropic::decode_body(&value, &mut em),
        WireFormat::Gemini => gemini::decode_body(&value, &mut em),
        WireFormat::Ollama => ollama::decode_body(&value, &mut em),
        WireFormat::Mistral => mistral::decode_body(&value, &mut em),
        WireFormat::BedrockConverse => bedrock_converse::decode_body(&value, &mut em),
        WireFormat::Tgi => tgi::decode_body(&value, &mut em),
    };
    r.map_err(|e| em.fail(e))?;
    em.end();
    let mut out = Vec::new();
    em.drain_into(&mut out);
    Ok(out)
}

enum Machine {
    OpenAiChat(openai_chat::Stream),
    OpenAiResponses(openai_responses::Stream),
    Anthropic(anthropic::Stream),
    Gemini(gemini::Stream),
    Ollama(ollama::Stream),
    Mistral(mistral::Stream),
    BedrockConverse(bedrock_converse::Stream),
    Tgi(tgi::Stream),
}

impl Machine {
    fn new(format: WireFormat) -> Self {
        match format {
            WireFormat::OpenAiChat => Machine::OpenAiChat(Default::default()),
            WireFormat::OpenAiResponses => Machine::OpenAiResponses(Default::default()),
            WireFormat::Anthropic => Machine::Anthropic(Default::default()),
            WireFormat::Gemini => Machine::Gemini(Default::default()),
            WireFormat::Ollama => Machine::Ollama(Default::default()),
            WireFormat::Mistral => Machine::Mistral(Default::default()),
            WireFormat::BedrockConverse => Machine::BedrockConverse(Default::default()),
            WireFormat::Tgi => Machine::Tgi(Default::default()),
        }
    }

    fn get(&mut self) -> &mut dyn StreamMachine {
        match self {
            Machine::OpenAiChat(m) => m,
            Machine::OpenAiResponses(m) => m,
            Machine::Anthropic(m) => m,
            Machine::Gemini(m) => m,
            Machine::Ollama(m) => m,
            Machine::Mistral(m) => m,
            Machine::BedrockConverse(m) => m,
            Machine::Tgi(m) => m,
        }
    }
}

enum Deframer {
    Sse(SseDecoder, Vec<SseEvent>),
    Ndjson(NdjsonDecoder, Vec<String>),
    EventStream(EventStreamDecoder, Vec<Frame>),
    EventStreamSse(EventStreamDecoder, Vec<Frame>, SseDecoder, Vec<SseEvent>),
}

/// Bytes in, normalized chunks out: framing codec + format state machine + [`Emitter`].
pub struct StreamDecoder {
    deframer: Deframer,
    machine: Machine,
    em: Emitter,
    failed: bool,
}

impl StreamDecoder {
    /// A decoder for `format` framed as `framing`, labelling chunks with `provider`.
    pub fn new(format: WireFormat, framing: Framing, provider: &str) -> Self {
        let deframer = match framing {
            Framing::Sse => Deframer::Sse(SseDecoder::new(), Vec::new()),
            Framing::Ndjson => Deframer::Ndjson(NdjsonDecoder::new(), Vec::new()),
            Framing::EventStream => Deframer::EventStream(EventStreamDecoder::new(), Vec::new()),
            Framing::EventStreamSse => Deframer::EventStreamSse(
                EventStreamDecoder::new(),
                Vec::new(),
                SseDecoder::new(),
                Vec::new(),
            ),
        };
        StreamDecoder {
            deframer,
            machine: Machine::new(format),
            em: Emitter::new(provider),
            failed: false,
        }
    }

    /// A decoder with the format's default framing.
    pub fn for_format(format: WireFormat, provider: &str) -> Self {
        Self::new(format, format.default_framing(), provider)
    }

    /// The estimated prompt tokens, used when the provider reports no usage.
    pub fn set_input_estimate(&mut self, tokens: u64) {
        self.em.set_input_estimate(tokens);
    }

    /// Sets the Responses host rules (see [`Emitter::set_responses_rules`]); whoever builds
    /// the decoder from a provider kind sets them (`crate::decode::stream_decoder`).
    pub(crate) fn set_responses_rules(&mut self, rules: openai_responses::rules::ResponsesRules) {
        self.em.set_responses_rules(rules);
    }

    /// The usage the provider reported so far (Anthropic reports the prompt in
    /// `message_start`, before any output), normalized; `None` before any report.
    pub fn usage_so_far(&self) -> Option<&crate::chunk::Usage> {
        self.em.usage()
    }

    /// Whether caller-visible output was produced (retry is then no longer allowed).
    pub fn output_emitted(&self) -> bool {
        self.em.output_emitted()
    }

    /// Feeds body bytes; the chunks they complete are appended to `out`. After an error the
    /// decoder is finished: later calls return the same kind of error.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Chunk>) -> Result<()> {
        let r = self.run(bytes, false);
        self.em.drain_into(out);
        r
    }

    /// Ends the body: flushes the framing and lets the format check the stream was complete.
    pub fn finish(&mut self, out: &mut Vec<Chunk>) -> Result<()> {
        let r = self.run(&[], true).and_then(|()| {
            if self.failed {
                return Ok(());
            }
            let m = self.machine.get();
            m.on_end(&mut self.em)
        });
        let r = r.map_err(|e| self.fail(e));
        self.em.drain_into(out);
        r
    }

    fn fail(&mut self, e: ProviderError) -> ProviderError {
        self.failed = true;
        self.em.fail(e)
    }

    fn run(&mut self, bytes: &[u8], finish: bool) -> Result<()> {
        if self.failed {
            return Err(ProviderError::internal(
                "stream decoder used after an error",
            ));
        }
        let r = self.run_inner(bytes, finish);
        r.map_err(|e| self.fail(e))
    }

    fn run_inner(&mut self, bytes: &[u8], finish: bool) -> Result<()> {
        let machine = self.machine.get();
        let em = &mut self.em;
        // Each arm is one `deframe` step (a framing error after the events framed before it).
        match &mut self.deframer {
            Deframer::Sse(dec, buf) => deframe(dec, buf, bytes, finish, |dec, ev| {
                machine.on_event(WireEvent::Sse(&ev), em)?;
                dec.recycle(ev);
                Ok(())
            })?,
            Deframer::Ndjson(dec, buf) => deframe(dec, buf, bytes, finish, |_, line| {
                machine.on_event(WireEvent::Line(&line), em)
            })?,
            Deframer::EventStream(dec, buf) => deframe(dec, buf, bytes, finish, |_, frame| {
                machine.on_event(WireEvent::Frame(&frame), em)
            })?,
            Deframer::EventStreamSse(dec, frames, sse, events) => {
                deframe(dec, frames, bytes, finish, |_, frame| {
                    let inner = match tgi::sagemaker_payload(&frame)? {
                        Some(payload) => sse.feed(&payload, events).map_err(ProviderError::from),
                        None => machine.on_event(WireEvent::Frame(&frame), em),
                    };
                    for ev in events.drain(..) {
                        machine.on_event(WireEvent::Sse(&ev), em)?;
                        sse.recycle(ev);
                    }
                    inner
                })?;
                if finish {
                    let flushed = sse.finish(events);
                    for ev in events.drain(..) {
                        machine.on_event(WireEvent::Sse(&ev), em)?;
                    }
                    flushed?;
                }
            }
        }
        Ok(())
    }
}

/// One framing step on any codec ([`crate::codec::Decoder`]): `feed` (or, when `finish`, the
/// end of the body), then `each` on every event it completed, in order. A framing error is
/// returned only after those events were handled: they came first in the stream, and handling
/// them must not depend on whether the network delivered them in the same read as the bad
/// bytes.
fn deframe<D: Decoder>(
    dec: &mut D,
    buf: &mut Vec<D::Event>,
    bytes: &[u8],
    finish: bool,
    mut each: impl FnMut(&mut D, D::Event) -> Result<()>,
) -> Result<()> {
    let framed = if finish {
        dec.finish(buf)
    } else {
        dec.feed(bytes, buf)
    };
    for ev in buf.drain(..) {
        each(dec, ev)?;
    }
    framed.map_err(ProviderError::from)
}
