//! Helpers shared by the chat-format conformance tests (`format_openai_chat`,
//! `format_mistral`, `format_ollama`, `format_tgi`): corpus case discovery, decoding under
//! several chunkings, the chunk-contract check and aggregation.
#![allow(dead_code)]

pub mod expect;
pub mod openai_chat_cases;
pub mod openai_chat_expect;
pub mod responses_gemini;

#[allow(unused_imports)]
pub use expect::check_expect;

use crate::common::{corpus_dir, files_under, Rng};
use aster::chunk::{Chunk, FinishReason};
use aster::decode::{decode_body, stream_decoder};
use aster::error::{ErrorKind, ProviderError};
use aster::format::{Framing, WireFormat};
use aster::message::ContentBlock;
use aster::response::{Accumulator, CompletionResponse};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One recorded response.
#[derive(Clone, Debug)]
pub struct Case {
    /// Path of the body file.
    pub path: PathBuf,
    /// Short name: path relative to the corpus.
    pub name: String,
    /// aster provider name the chunks are labelled with.
    pub provider: String,
    /// HTTP status (200 for chunk files).
    pub status: u16,
    /// Stream or whole body.
    pub stream: bool,
    /// How the stream is framed (chunk files are one JSON event per line: NDJSON).
    pub framing: Framing,
}

/// The outcome of decoding one case.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Every chunk produced (also on failure).
    pub chunks: Vec<Chunk>,
    /// The error, if decoding failed.
    pub error: Option<ProviderError>,
}

impl Outcome {
    /// The aggregated response.
    pub fn response(&self) -> CompletionResponse {
        let mut acc = Accumulator::new();
        acc.extend(&self.chunks);
        acc.finish()
    }

    /// The reasoning text, all thinking blocks joined.
    pub fn reasoning(&self) -> String {
        self.chunks
            .iter()
            .filter_map(|c| match c {
                Chunk::Reasoning { reasoning, .. } => Some(reasoning.as_str()),
                _ => None,
            })
            .collect()
    }

    /// `(id, name, parsed input)` of every tool call.
    pub fn tool_calls(&self) -> Vec<(String, String, Value)> {
        self.chunks
            .iter()
            .filter_map(|c| match c {
                Chunk::ToolCall {
                    id, name, input, ..
                } => Some((id.clone(), name.clone(), input.clone())),
                _ => None,
            })
            .collect()
    }

    /// The error kind, panicking with the chunks when decoding succeeded.
    pub fn error_kind(&self) -> ErrorKind {
        match &self.error {
            Some(e) => e.kind,
            None => panic!("expected an error, got chunks {:?}", self.chunks),
        }
    }

    /// The usage chunk.
    pub fn usage(&self) -> aster::chunk::Usage {
        self.chunks
            .iter()
            .find_map(|c| match c {
                Chunk::Usage(u) => Some(u.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no usage chunk in {:?}", self.chunks))
    }

    /// The finish chunk's reason and raw reason.
    pub fn finish(&self) -> (FinishReason, Option<String>) {
        self.chunks
            .iter()
            .find_map(|c| match c {
                Chunk::Finish { reason, raw_reason } => Some((*reason, raw_reason.clone())),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no finish chunk (error {:?})", self.error))
    }
}

/// `(status, body file)` pairs of the cassettes of `provider` whose request URI ends with
/// `uri_suffix`.
pub fn cassette_cases(provider: &str, uri_suffix: &str, framing: Framing) -> Vec<Case> {
    let root = corpus_dir();
    let dir = root.join("cassettes").join(provider);
    let requests = files_under(&dir, &|p: &Path| {
        p.file_name().is_some_and(|n| n == "request.json")
    });
    let mut out = Vec::new();
    for req in requests {
        let Some(folder) = req.parent() else { continue };
        let request: Value = read_json(&req);
        let uri = request["uri"].as_str().unwrap_or("");
        if !uri.split('?').next().unwrap_or("").ends_with(uri_suffix) {
            continue;
        }
        let response: Value = read_json(&folder.join("response.json"));
        let status = response["status"].as_u64().unwrap_or(0) as u16;
        for (file, stream) in [
            ("body.sse", true),
            ("body.json", false),
            ("body.ndjson", true),
        ] {
            let path = folder.join(file);
            if path.exists() {
                out.push(Case {
                    name: rel(&path),
                    path,
                    provider: provider.to_string(),
                    status,
                    stream,
                    framing: if file == "body.ndjson" {
                        Framing::Ndjson
                    } else {
                        framing
                    },
                });
            }
        }
    }
    out
}

/// Every file of `chunks/<dir>`: `*.chunks.txt` (JSON events, one per line), `*.sse` and
/// `*.json` (bodies).
pub fn chunk_file_cases(dir: &str, provider: &str) -> Vec<Case> {
    let root = corpus_dir().join("chunks").join(dir);
    files_under(&root, &|_| true)
        .into_iter()
        .map(|path| {
            let name = path.to_string_lossy().to_string();
            let (stream, framing) = if name.ends_with(".chunks.txt") {
                (true, Framing::Ndjson)
            } else if name.ends_with(".sse") {
                (true, Framing::Sse)
            } else {
                (false, Framing::Sse)
            };
            Case {
                name: rel(&path),
                path,
                provider: provider.to_string(),
                status: 200,
                stream,
                framing,
            }
        })
        .collect()
}

/// Every `response_*.txt` of `genai/<dir>`, streamed with `framing`.
pub fn genai_cases(dir: &str, provider: &str, framing: Framing) -> Vec<Case> {
    let root = corpus_dir().join("genai").join(dir);
    files_under(&root, &|p: &Path| p.extension().is_some_and(|e| e == "txt"))
        .into_iter()
        .map(|path| {
            // Whole bodies start with `{`; streams with `data:` (SSE) or one `{` per line.
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let stream = framing == Framing::Ndjson || text.trim_start().starts_with("data:");
            Case {
                name: rel(&path),
                path,
                provider: provider.to_string(),
                status: 200,
                stream,
                framing,
            }
        })
        .collect()
}

fn rel(path: &Path) -> String {
    let root = corpus_dir();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .to_string_lossy()
        .to_string()
}

/// Reads and parses a JSON file.
pub fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// How bytes are fed to a stream decoder.
#[derive(Clone, Copy, Debug)]
pub enum Chunking {
    /// All at once.
    Whole,
    /// One byte per feed.
    Bytes1,
    /// Random piece sizes (1..=64) from a seed.
    Random(u64),
}

/// Decodes a stream body with `format`.
pub fn decode_stream_bytes(
    format: WireFormat,
    framing: Framing,
    provider: &str,
    bytes: &[u8],
    chunking: Chunking,
) -> Outcome {
    let mut dec = stream_decoder(format, framing, provider);
    let mut chunks = Vec::new();
    let mut error = None;
    let mut rng = Rng::new(match chunking {
        Chunking::Random(s) => s,
        _ => 1,
    });
    let mut pos = 0;
    while pos < bytes.len() && error.is_none() {
        let n = match chunking {
            Chunking::Whole => bytes.len(),
            Chunking::Bytes1 => 1,
            Chunking::Random(_) => 1 + rng.below(64),
        };
        let end = (pos + n).min(bytes.len());
        if let Err(e) = dec.feed(&bytes[pos..end], &mut chunks) {
            error = Some(e);
        }
        pos = end;
    }
    if error.is_none() {
        if let Err(e) = dec.finish(&mut chunks) {
            error = Some(e);
        }
    }
    Outcome { chunks, error }
}

/// Decodes a whole body with `format`.
pub fn decode_whole_body(format: WireFormat, provider: &str, bytes: &[u8]) -> Outcome {
    match decode_body(format, provider, bytes) {
        Ok(chunks) => Outcome {
            chunks,
            error: None,
        },
        Err(e) => Outcome {
            chunks: Vec::new(),
            error: Some(e),
        },
    }
}

/// Decodes a case whole, checks the chunk contract, and for streams checks that 1-byte and
/// random chunkings give the identical outcome. Returns the whole-feed outcome.
pub fn decode_case(format: WireFormat, case: &Case) -> Outcome {
    let bytes = std::fs::read(&case.path).unwrap_or_else(|e| panic!("{}: {e}", case.name));
    if !case.stream {
        let out = decode_whole_body(format, &case.provider, &bytes);
        check_contract(&case.name, &out);
        return out;
    }
    let whole = decode_stream_bytes(
        format,
        case.framing,
        &case.provider,
        &bytes,
        Chunking::Whole,
    );
    check_contract(&case.name, &whole);
    let ones = decode_stream_bytes(
        format,
        case.framing,
        &case.provider,
        &bytes,
        Chunking::Bytes1,
    );
    assert_eq!(whole, ones, "{}: 1-byte feeding differs", case.name);
    for seed in [7, 1234, 987_654_321] {
        let random = decode_stream_bytes(
            format,
            case.framing,
            &case.provider,
            &bytes,
            Chunking::Random(seed),
        );
        assert_eq!(
            whole, random,
            "{}: random chunking (seed {seed}) differs",
            case.name
        );
    }
    whole
}

/// Checks DESIGN §3.2 on a chunk sequence with the library's one checker
/// (`aster::chunk::check_contract`).
pub fn check_contract(name: &str, out: &Outcome) {
    if let Err(e) = aster::chunk::check_contract(&out.chunks, out.error.is_some()) {
        panic!("{name}: {e}: {:?}", out.chunks);
    }
}

/// The text of every `text` block of a response.
pub fn text_of(resp: &CompletionResponse) -> &str {
    &resp.text
}

/// The thinking blocks (text, signature) of a response.
pub fn thinking_of(resp: &CompletionResponse) -> Vec<(String, Option<String>)> {
    resp.content
        .iter()
        .filter_map(|b| match b {
            ContentBlock::Thinking {
                thinking,
                signature,
            } => Some((thinking.clone(), signature.clone())),
            _ => None,
        })
        .collect()
}

/// Byte offset where a stream becomes complete: its first non-null `finish_reason`, else
/// `[DONE]`.
pub fn completion_offset(bytes: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(bytes);
    let finish = text
        .match_indices("\"finish_reason\":")
        .find(|(i, m)| !text[i + m.len()..].trim_start().starts_with("null"))
        .map(|(i, _)| i);
    finish.or_else(|| text.find("[DONE]"))
}

/// An SSE body of `data:` events.
pub fn sse(events: &[&str]) -> Vec<u8> {
    events
        .iter()
        .map(|e| format!("data: {e}\n\n"))
        .collect::<String>()
        .into_bytes()
}

/// Feeds mutated copies of `bytes` (bytes overwritten with JSON-significant characters, spans
/// deleted or repeated) to a stream decoder and to the body decoder: nothing may panic, and
/// every outcome keeps the chunk contract.
pub fn mutations_never_panic(format: WireFormat, case: &Case, rounds: u64) {
    let bytes = std::fs::read(&case.path).unwrap_or_default();
    if bytes.is_empty() {
        return;
    }
    const NOISE: &[u8] = b"{}[]\":,0-9e.\n\r \\nulltrue[DONE]";
    for seed in 1..=rounds {
        let mut rng = Rng::new(seed * 7919);
        let mut m = bytes.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(m.len());
            match rng.below(3) {
                0 => m[at] = NOISE[rng.below(NOISE.len())],
                1 => {
                    let end = (at + rng.below(40)).min(m.len());
                    m.drain(at..end);
                }
                _ => {
                    let end = (at + rng.below(40)).min(m.len());
                    let span = m[at..end].to_vec();
                    m.splice(at..at, span);
                }
            }
            if m.is_empty() {
                break;
            }
        }
        let name = format!("{} (mutation {seed})", case.name);
        if case.stream {
            let out = decode_stream_bytes(
                format,
                case.framing,
                &case.provider,
                &m,
                Chunking::Random(seed),
            );
            check_contract(&name, &out);
        } else {
            let out = decode_whole_body(format, &case.provider, &m);
            check_contract(&name, &out);
        }
    }
}

/// `Some(value)` in a build with `fast-decode`, else `None`: the scanners and their test hooks
/// (`scan_check`, `light_check`, `serde_reads`) exist only with it.
macro_rules! fast_decode_only {
    ($value:expr) => {{
        #[cfg(feature = "fast-decode")]
        let v = Some($value as _);
        #[cfg(not(feature = "fast-decode"))]
        let v = None;
        v
    }};
}
pub(crate) use fast_decode_only;

/// The `data:` lines of recorded SSE bodies (`label`, bytes), trimmed, with their label.
pub fn sse_data(bodies: impl IntoIterator<Item = (String, Vec<u8>)>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (label, body) in bodies {
        for line in String::from_utf8_lossy(&body).lines() {
            if let Some(data) = line.strip_prefix("data:") {
                out.push((label.clone(), String::from(data.trim())));
            }
        }
    }
    out
}

/// A format's event scanner against its reference over recorded events (`label`, `data`):
/// every event that `pick` selects goes through `check` (the format's `scan_check` or
/// `light_check`). A scanned event must read exactly as the reference reads it; an event the
/// scanner leaves to the reference goes to `left`, which asserts that it may. `check` is
/// `None` in a build without `fast-decode`, which has no scanner: every picked event is then
/// left, and `left` is not asked. Returns (scanned, left).
pub fn scan_agreement(
    events: impl IntoIterator<Item = (String, String)>,
    pick: impl Fn(&str) -> bool,
    check: Option<fn(&str) -> Option<bool>>,
    mut left: impl FnMut(&str, &str),
) -> (usize, usize) {
    let (mut scanned, mut left_n) = (0, 0);
    for (label, data) in events {
        if !pick(&data) {
            continue;
        }
        match check.and_then(|c| c(&data)) {
            Some(agrees) => {
                assert!(agrees, "{label}: {data}");
                scanned += 1;
            }
            None => {
                if check.is_some() {
                    left(&label, &data);
                }
                left_n += 1;
            }
        }
    }
    (scanned, left_n)
}

/// The end of a scanner's corpus test: with `fast-decode`, the counts pass `enough` (the test's
/// own bar: most events scanned); without it, nothing was scanned and the corpus was walked.
pub fn assert_scanned(scanned: usize, left: usize, enough: bool) {
    if cfg!(feature = "fast-decode") {
        assert!(enough, "scanned {scanned}, left {left}");
    } else {
        assert!(scanned == 0 && left > 0, "scanned {scanned}, left {left}");
    }
}
