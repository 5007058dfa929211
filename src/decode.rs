//! Decoding recorded bodies: the engine of `aster decode` (DESIGN §5), the JS `decode()` and the
//! conformance tests. A body is either a whole non-streaming JSON body or a stream, fed to the
//! decoder in pieces of `chunk_bytes` as a network would deliver it.

use crate::chunk::Chunk;
use crate::error::{ProviderError, Result};
use crate::format::{decode_body_with, Emitter, Framing, StreamDecoder, WireFormat};
use crate::provider::responses_rules;
use crate::response::Accumulator;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// The result of decoding one body: every chunk produced, and the error that ended it, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// Chunks in order (including any emitted before an error).
    pub chunks: Vec<Chunk>,
    /// The error that ended the body, if it did not end successfully.
    pub error: Option<ProviderError>,
}

/// A stream decoder for responses from `provider` (a label, or a kind's name or alias: a
/// kind's name also picks that host's decoding rules, as `ProviderConfig::rules_name` does).
/// `format` alone never looks a provider up by name; this layer does.
pub fn stream_decoder(format: WireFormat, framing: Framing, provider: &str) -> StreamDecoder {
    let mut dec = StreamDecoder::new(format, framing, provider);
    dec.set_responses_rules(responses_rules(provider));
    dec
}

/// Decodes a whole non-streaming body from `provider` (as for [`stream_decoder`]) into the
/// chunks a stream of it would have produced.
pub fn decode_body(format: WireFormat, provider: &str, body: &[u8]) -> Result<Vec<Chunk>> {
    let mut em = Emitter::new(provider);
    em.set_responses_rules(responses_rules(provider));
    decode_body_with(format, em, body)
}

/// Decodes a stream body fed `chunk_bytes` at a time (0 = all at once).
pub fn decode_stream(
    format: WireFormat,
    provider: &str,
    body: &[u8],
    chunk_bytes: usize,
) -> Decoded {
    let mut dec = stream_decoder(format, format.default_framing(), provider);
    let mut chunks = Vec::new();
    let step = if chunk_bytes == 0 {
        body.len().max(1)
    } else {
        chunk_bytes
    };
    for piece in body.chunks(step) {
        if let Err(e) = dec.feed(piece, &mut chunks) {
            return Decoded {
                chunks,
                error: Some(e),
            };
        }
    }
    let error = dec.finish(&mut chunks).err();
    Decoded { chunks, error }
}

/// Decodes a whole non-streaming JSON body.
pub fn decode_whole(format: WireFormat, provider: &str, body: &[u8]) -> Decoded {
    match decode_body(format, provider, body) {
        Ok(chunks) => Decoded {
            chunks,
            error: None,
        },
        Err(e) => Decoded {
            chunks: Vec::new(),
            error: Some(e),
        },
    }
}

/// The aggregate JSON of DESIGN §5: `{"text","reasoning","toolCalls":[{"id","name",
/// "arguments"}],"usage":{…},"finishReason"}`, with `"error"` added when the body failed.
/// `arguments` is the parsed JSON value (the raw text when it is not valid JSON).
pub fn aggregate(decoded: &Decoded) -> Value {
    let mut acc = Accumulator::new();
    acc.extend(&decoded.chunks);
    let mut reasoning = String::new();
    let mut tool_calls = Vec::new();
    for c in &decoded.chunks {
        match c {
            Chunk::Reasoning { reasoning: r, .. } => reasoning.push_str(r),
            Chunk::ToolCall {
                id,
                name,
                arguments,
                input,
                error,
                ..
            } => {
                let args = if error.is_some() {
                    Value::String(arguments.clone())
                } else {
                    input.clone()
                };
                tool_calls.push(json!({"id": id, "name": name, "arguments": args}));
            }
            _ => {}
        }
    }
    let resp = acc.response();
    let mut out = Map::new();
    out.insert("text".into(), Value::String(resp.text.clone()));
    out.insert("reasoning".into(), Value::String(reasoning));
    out.insert("toolCalls".into(), Value::Array(tool_calls));
    let has_usage = decoded.chunks.iter().any(|c| matches!(c, Chunk::Usage(_)));
    let usage = if has_usage {
        let u = &resp.usage;
        json!({
            "inputTokens": u.input_tokens,
            "outputTokens": u.output_tokens,
            "cacheReadTokens": u.cache_read_tokens,
            "cacheWriteTokens": u.cache_write_tokens,
        })
    } else {
        Value::Null
    };
    out.insert("usage".into(), usage);
    let finish = if acc.is_finished() {
        Value::String(resp.stop_reason.as_str().into())
    } else {
        Value::Null
    };
    out.insert("finishReason".into(), finish);
    if let Some(e) = &decoded.error {
        let mut err = Map::new();
        err.insert("code".into(), Value::String(e.code().into()));
        err.insert("message".into(), Value::String(e.message.clone()));
        if let Some(s) = e.status {
            err.insert("status".into(), json!(s));
        }
        if let Some(ms) = e.retry_after_ms {
            err.insert("retryAfterMs".into(), json!(ms));
        }
        out.insert("error".into(), Value::Object(err));
    }
    Value::Object(out)
}

/// For the typed decoding paths' tests: a body of odd shapes (which the general `Value` path
/// reads) must decode exactly like its plain twin (which the typed path reads), without error
/// and to more than `min` chunks.
#[cfg(test)]
pub(crate) fn assert_decodes_alike(format: WireFormat, plain: &str, odd: &str, min: usize) {
    let a = decode_stream(format, "p", plain.as_bytes(), 0);
    let b = decode_stream(format, "p", odd.as_bytes(), 7);
    assert_eq!(a, b);
    assert!(a.error.is_none() && a.chunks.len() > min, "{a:?}");
}
