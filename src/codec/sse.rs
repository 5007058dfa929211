//! Server-sent events decoder (the WHATWG `text/event-stream` grammar).
//!
//! Design:
//!
//! * Lines end with LF, CR or CRLF, and a CRLF split across two feeds is one line ending
//!   (see `lines.rs`, shared with NDJSON). Bytes are decoded as UTF-8 — lossily, as the spec
//!   says — only once complete: a field value when its line is, an event's data when the
//!   event is dispatched; so a character split across feeds is decoded whole (the corpus case
//!   `genai/openai_resp/utf8_chunking_bug`).
//! * A leading UTF-8 BOM is stripped; `:` lines are comments (OpenRouter sends
//!   `: OPENROUTER PROCESSING`); `data`, `event`, `id` and `retry` are the fields, others are
//!   ignored; one space after the colon is dropped; a line with no colon is a field with an
//!   empty value; `data` lines are joined with `\n`; a blank line dispatches the event, unless
//!   no `data` was seen, in which case only the event type is reset.
//! * `id` persists across events (the spec's "last event ID"); an `id` containing NUL is
//!   ignored. `retry` is accepted only when it is all ASCII digits.
//! * Memory is bounded: a line, or the data of one event, longer than the limit
//!   ([`DEFAULT_MAX_EVENT_LEN`] unless set with [`SseDecoder::with_max_len`]) is
//!   [`CodecError::TooLarge`].
//!
//! End of stream ([`SseDecoder::finish`]): bytes after the last line terminator are a cut
//! line and give [`CodecError::Truncated`]. Complete field lines not followed by the final blank
//! line *are* dispatched: the spec would drop them, but a server that omits the last blank line
//! (common with hand-rolled servers and proxies) still sent a whole event, and whether the
//! stream as a whole is complete is decided by the format layer (a `message_stop`,
//! `[DONE]`, `response.completed`…), which sees that event and reports a truncated stream
//! itself. Every SSE body in the corpus ends with a blank line, so this choice changes nothing
//! on recorded traffic; it only makes the lenient case work. The corpus does show its limit:
//! Bedrock Mantle sends `data:` *before* `event:`, so a stream cut between those two lines
//! yields a last event with no type. Format layers must therefore treat an event they do not
//! recognise as "not the terminal event", which makes them report the truncation.

use super::lines::{LineSplitter, Terminators};
use super::CodecError;
use alloc::borrow::{Cow, ToOwned};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Default bound on one line and on the data of one event: 16 MiB.
pub const DEFAULT_MAX_EVENT_LEN: usize = 16 * 1024 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One dispatched SSE event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// `event:` field (empty means the default, `message`).
    pub event: String,
    /// `data:` lines joined with `\n`.
    pub data: String,
    /// Last event id (`id:` field), if one was set. It persists across events, as the spec's
    /// "last event ID buffer" does; an `id:` with an empty value clears it (`None`), because
    /// the spec does not distinguish an empty id from no id.
    pub id: Option<String>,
    /// `retry:` reconnection time in ms, if a valid `retry` field arrived since the previous
    /// dispatched event (a `retry` in a block without data is carried to the next event, so
    /// it is never lost).
    pub retry: Option<u64>,
}

/// Incremental SSE decoder: `feed` bytes as they arrive, then `finish` once.
///
/// After an error every later call returns the same error. After a successful `finish` the
/// decoder is reset and can decode a new stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseDecoder {
    lines: LineSplitter,
    state: EventState,
    max_len: usize,
    error: Option<CodecError>,
}

/// The per-stream buffers of the WHATWG event-stream interpretation.
#[derive(Clone, Debug, PartialEq, Eq)]
struct EventState {
    /// No line was seen yet: a BOM may still come.
    at_start: bool,
    /// The data buffer: every `data` value followed by `\n`, as received (decoded from UTF-8
    /// when the event is dispatched).
    data: Vec<u8>,
    /// The event type buffer.
    event: String,
    /// The last event ID buffer.
    last_id: String,
    /// A `retry` not yet reported on an event.
    retry: Option<u64>,
    /// Buffers of events the caller handed back (`SseDecoder::recycle`), reused for later
    /// events' `data` and `event`, so a steady stream allocates nothing per event.
    spare_data: Spares,
    spare_event: Spares,
    max_len: usize,
}

/// Spare buffers, bounded: at most [`SPARES`] of at most [`SPARE_CAPACITY`] bytes each, so
/// they never hold more than 256 KB. One network read often holds dozens of events, all
/// decoded before the caller hands any back: one spare would serve only the first of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Spares(Vec<String>);

const SPARES: usize = 64;
const SPARE_CAPACITY: usize = 4096;

impl Spares {
    /// A spare buffer (empty), or a new one.
    fn take(&mut self) -> String {
        self.0.pop().unwrap_or_default()
    }

    /// Keeps `s` for a later event, if it has room and there are not too many already.
    fn keep(&mut self, mut s: String) {
        let cap = s.capacity();
        if cap > 0 && cap <= SPARE_CAPACITY && self.0.len() < SPARES {
            s.clear();
            self.0.push(s);
        }
    }
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    /// A new decoder with the default size limit ([`DEFAULT_MAX_EVENT_LEN`]).
    pub fn new() -> Self {
        Self::with_max_len(DEFAULT_MAX_EVENT_LEN)
    }

    /// A new decoder that rejects a line, or the data of one event, longer than `max_len`
    /// bytes.
    pub fn with_max_len(max_len: usize) -> Self {
        SseDecoder {
            lines: LineSplitter::new(Terminators::AnyNewline, max_len),
            state: EventState::new(max_len),
            max_len,
            error: None,
        }
    }

    /// Feeds bytes; complete events are appended to `out`. The bytes may be split anywhere.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<SseEvent>) -> Result<(), CodecError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let state = &mut self.state;
        let r = self.lines.feed(input, |line| state.on_line(line, out));
        if let Err(e) = &r {
            self.error = Some(e.clone());
        }
        r
    }

    /// Hands back an event the caller is done with: its buffers are reused for a later
    /// event. Optional; it only saves allocations.
    pub fn recycle(&mut self, ev: SseEvent) {
        self.state.spare_data.keep(ev.data);
        self.state.spare_event.keep(ev.event);
    }

    /// Ends the stream. A cut line is [`CodecError::Truncated`]; complete field lines
    /// that no blank line ended are dispatched (see the module docs for why).
    pub fn finish(&mut self, out: &mut Vec<SseEvent>) -> Result<(), CodecError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        // A body that is only a BOM is an empty stream, not a cut line.
        let partial = self
            .lines
            .finish()
            .filter(|p| !(self.state.at_start && p.as_slice() == BOM));
        if let Some(partial) = partial {
            let e = CodecError::Truncated(format!(
                "SSE stream ends inside a line ({} bytes after the last line break)",
                partial.len()
            ));
            self.error = Some(e.clone());
            return Err(e);
        }
        self.state.dispatch(out);
        *self = Self::with_max_len(self.max_len);
        Ok(())
    }
}

impl EventState {
    fn new(max_len: usize) -> Self {
        EventState {
            at_start: true,
            data: Vec::new(),
            event: String::new(),
            last_id: String::new(),
            retry: None,
            spare_data: Spares::default(),
            spare_event: Spares::default(),
            max_len,
        }
    }

    /// Interprets one complete line (terminator removed). The field name is matched on the
    /// bytes (no character of a lossily decoded line can equal an ASCII name unless the bytes
    /// do), and a `data` value is appended as bytes: the event's data is decoded once, when it
    /// is dispatched.
    fn on_line(&mut self, line: &[u8], out: &mut Vec<SseEvent>) -> Result<(), CodecError> {
        let mut line = line;
        if self.at_start {
            self.at_start = false;
            if let Some(rest) = line.strip_prefix(BOM) {
                line = rest;
            }
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(0) => return Ok(()),
            Some(i) => (
                line.get(..i).unwrap_or_default(),
                line.get(i + 1..).unwrap_or_default(),
            ),
            None if line.is_empty() => {
                self.dispatch(out);
                return Ok(());
            }
            None => (line, &[][..]),
        };
        let value = value.strip_prefix(b" ").unwrap_or(value);
        match field {
            b"data" => {
                let len = self
                    .data
                    .len()
                    .saturating_add(value.len())
                    .saturating_add(1);
                if len > self.max_len {
                    return Err(CodecError::TooLarge(format!(
                        "SSE event data longer than {} bytes",
                        self.max_len
                    )));
                }
                // Room for the line break too: `extend` alone sizes the buffer exactly, and the
                // push would then grow it again.
                self.data.reserve(value.len() + 1);
                self.data.extend_from_slice(value);
                self.data.push(b'\n');
            }
            b"event" => {
                self.event.clear();
                self.event.push_str(&lossy(value));
            }
            b"id" if !value.contains(&0) => {
                self.last_id.clear();
                self.last_id.push_str(&lossy(value));
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // All digits but beyond u64: not a usable interval, ignored like any bad value.
                if let Some(ms) = core::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse::<u64>().ok())
                {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The spec's "dispatch the event": nothing is emitted when no data was buffered, but the
    /// event type is reset either way.
    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        if self.data.is_empty() {
            self.event.clear();
            return;
        }
        // Every value was pushed with a '\n' after it; the last one is not part of the data.
        self.data.pop();
        // The event takes the data buffer itself (no copy) and the decoder goes on with a
        // recycled one (see `recycle`), so a steady stream neither copies nor allocates.
        let spare = self.spare_data.take().into_bytes();
        let bytes = core::mem::replace(&mut self.data, spare);
        self.data.clear();
        // Lines are decoded lossily, as the spec says; a line break is ASCII, so decoding
        // the joined lines at once gives what decoding each line would.
        let data = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let mut event = if self.event.is_empty() {
            String::new()
        } else {
            self.spare_event.take()
        };
        event.push_str(&self.event);
        self.event.clear();
        out.push(SseEvent {
            event,
            data,
            id: (!self.last_id.is_empty()).then(|| self.last_id.to_owned()),
            retry: self.retry.take(),
        });
    }
}

/// `bytes` as text, invalid UTF-8 replaced: borrowed when valid. (`String::from_utf8_lossy`
/// walks its chunks even then; validating first is much cheaper for the valid text of nearly
/// every line.)
fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match core::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// Events handed back are reused for the events of later reads, all of them up to the
    /// bound (a read holds many), never more than the bound, and never a large buffer.
    #[test]
    fn recycled_buffers_are_pooled_within_bounds() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        let many: String = (0..100)
            .map(|i| format!("event: e\ndata: {i}\n\n"))
            .collect();
        d.feed(many.as_bytes(), &mut out).unwrap();
        assert_eq!(out.len(), 100);
        for ev in out.drain(..) {
            d.recycle(ev);
        }
        assert_eq!(d.state.spare_data.0.len(), SPARES);
        assert_eq!(d.state.spare_event.0.len(), SPARES);
        // The next read takes its buffers from the pool; the events are the same.
        d.feed(b"data: x\n\nevent: e\ndata: y\n\n", &mut out)
            .unwrap();
        assert_eq!(out, vec![ev("", "x"), ev("e", "y")]);
        assert_eq!(d.state.spare_data.0.len(), SPARES - 2);
        assert_eq!(d.state.spare_event.0.len(), SPARES - 1);
        let big = format!("data: {}\n\n", "z".repeat(SPARE_CAPACITY + 1));
        let mut d = SseDecoder::new();
        d.feed(big.as_bytes(), &mut out).unwrap();
        d.recycle(out.pop().unwrap());
        assert!(d.state.spare_data.0.is_empty());
    }

    fn ev(event: &str, data: &str) -> SseEvent {
        SseEvent {
            event: event.into(),
            data: data.into(),
            ..SseEvent::default()
        }
    }

    fn decode(pieces: &[&[u8]]) -> Result<Vec<SseEvent>, CodecError> {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for p in pieces {
            d.feed(p, &mut out)?;
        }
        d.finish(&mut out)?;
        Ok(out)
    }

    /// Every 2-way and 3-way split of `body` decodes like the whole body.
    fn assert_split_invariant(body: &[u8]) {
        let whole = decode(&[body]);
        for i in 0..=body.len() {
            for j in i..=body.len() {
                let (a, rest) = body.split_at(i);
                let (b, c) = rest.split_at(j - i);
                assert_eq!(decode(&[a, b, c]), whole, "split at {i}, {j}");
            }
        }
    }

    #[test]
    fn line_endings_lf_cr_crlf_are_equivalent() {
        let want = vec![ev("a", "1\n2"), ev("", "3")];
        for nl in ["\n", "\r", "\r\n"] {
            let body = format!("event: a{nl}data: 1{nl}data:2{nl}{nl}data: 3{nl}{nl}");
            assert_eq!(decode(&[body.as_bytes()]).unwrap(), want, "{nl:?}");
            assert_split_invariant(body.as_bytes());
        }
    }

    #[test]
    fn mixed_cr_and_crlf_count_each_line_ending_once() {
        // CR CR LF is two line endings: the CR ends "data: x", the CRLF is the blank line.
        assert_eq!(
            decode(&[b"data: x\r\r\ndata: y\n\n"]).unwrap(),
            vec![ev("", "x"), ev("", "y")]
        );
        assert_split_invariant(b"data: x\r\r\ndata: y\n\n");
    }

    #[test]
    fn a_body_of_only_a_bom_is_an_empty_stream() {
        // Found by tests/roundtrip_props.rs: the lone BOM was reported as a cut line.
        assert_eq!(decode(&[b"\xEF\xBB\xBF"]).unwrap(), vec![]);
        assert_eq!(decode(&[b"\xEF", b"\xBB\xBF"]).unwrap(), vec![]);
        assert!(decode(&[b"\xEF\xBB"]).is_err());
    }

    #[test]
    fn bom_is_stripped_only_at_the_start() {
        let body = b"\xEF\xBB\xBFdata: a\n\n\xEF\xBB\xBFdata: b\n\ndata: c\n\n";
        // The second BOM makes the field name "\u{feff}data", an unknown field: ignored.
        assert_eq!(decode(&[body]).unwrap(), vec![ev("", "a"), ev("", "c")]);
        assert_split_invariant(b"\xEF\xBB\xBFdata: a\n\n");
    }

    #[test]
    fn comments_unknown_fields_and_colon_rules() {
        let body = b": OPENROUTER PROCESSING\n\nfoo: bar\ndata\ndata:  two spaces\ndata:x:y\n\n";
        assert_eq!(decode(&[body]).unwrap(), vec![ev("", "\n two spaces\nx:y")]);
    }

    #[test]
    fn blank_line_without_data_resets_event_type_only() {
        let body = b"event: ping\n\ndata: after\n\nevent: x\ndata\n\n";
        // `data` with no colon appends an empty line: the event has empty data, not none.
        assert_eq!(decode(&[body]).unwrap(), vec![ev("", "after"), ev("x", "")]);
    }

    #[test]
    fn id_persists_and_nul_ids_are_ignored() {
        let body = b"id: 1\ndata: a\n\ndata: b\n\nid: 2\0\ndata: c\n\nid\ndata: d\n\n";
        let got = decode(&[body]).unwrap();
        let ids: Vec<_> = got.iter().map(|e| e.id.as_deref()).collect();
        assert_eq!(ids, vec![Some("1"), Some("1"), Some("1"), None]);
    }

    #[test]
    fn retry_needs_ascii_digits_and_is_reported_once() {
        let body = b"retry: 1500\n\ndata: a\n\nretry: 12x\ndata: b\n\nretry: 30\ndata: c\n\n";
        let got = decode(&[body]).unwrap();
        let retries: Vec<_> = got.iter().map(|e| e.retry).collect();
        assert_eq!(retries, vec![Some(1500), None, Some(30)]);
        let huge = b"retry: 99999999999999999999999\ndata: a\n\n";
        assert_eq!(decode(&[huge]).unwrap()[0].retry, None);
    }

    #[test]
    fn utf8_split_across_feeds_is_decoded_whole() {
        let body = "data: h\u{e9}llo \u{1F600}\n\n".as_bytes();
        assert_split_invariant(body);
        assert_eq!(decode(&[body]).unwrap()[0].data, "h\u{e9}llo \u{1F600}");
        // Invalid UTF-8 is replaced, not an error (the spec decodes lossily).
        assert_eq!(decode(&[b"data: \xFFx\n\n"]).unwrap()[0].data, "\u{FFFD}x");
    }

    #[test]
    fn end_of_stream() {
        // A complete field line without the final blank line is dispatched.
        assert_eq!(decode(&[b"data: a\n"]).unwrap(), vec![ev("", "a")]);
        assert_eq!(decode(&[b"data: a\r"]).unwrap(), vec![ev("", "a")]);
        // A cut line is an error.
        assert!(matches!(
            decode(&[b"data: a\n\ndata: {\"x\""]),
            Err(CodecError::Truncated(_))
        ));
        // Nothing at all is an empty stream, not an error.
        assert_eq!(decode(&[]).unwrap(), vec![]);
    }

    #[test]
    fn errors_are_sticky_and_finish_resets() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.feed(b"data: a", &mut out).unwrap();
        assert!(d.finish(&mut out).is_err());
        assert!(d.feed(b"\n\n", &mut out).is_err());

        let mut d = SseDecoder::new();
        d.feed(b"id: 7\ndata: a\n\n", &mut out).unwrap();
        d.finish(&mut out).unwrap();
        d.feed(b"data: b\n\n", &mut out).unwrap();
        assert_eq!(out.last().map(|e| e.id.clone()), Some(None));
    }

    #[test]
    fn size_limits() {
        let mut d = SseDecoder::with_max_len(8);
        let mut out = Vec::new();
        assert!(matches!(
            d.feed(b"data: 0123456789", &mut out),
            Err(CodecError::TooLarge(_))
        ));
        // Many short data lines: the event data is bounded too.
        let mut d = SseDecoder::with_max_len(8);
        assert!(matches!(
            d.feed(b"data: abc\ndata: def\ndata: ghi\n", &mut out),
            Err(CodecError::TooLarge(_))
        ));
    }
}
