//! The chunks of one network read as one string for JS, decoded by `decodeBatch` in
//! `js/core.js` into exactly the objects `JSON.parse` of the serde JSON would give.
//!
//! Text and plain reasoning deltas are almost every chunk of a stream. Sending them as JSON
//! cost an escape pass here and a `JSON.parse` there; measured in Node 20 on a batch of 60 text
//! chunks (`node bench/handoff.mjs`), `JSON.parse` took 11–12 µs where reading this encoding
//! into the same objects took 1.0 µs. So the batch is a run of records
//! `<tag><length>:<payload>`, the length in UTF-16 code units (what JS string offsets count):
//! `t` a text chunk (payload: the text), `r` a reasoning chunk without signature or redacted
//! data (payload: the reasoning), `s` a reasoning chunk with a signature and no redacted data
//! (payload: the reasoning, then a second `<length>:<payload>`, the signature: Gemini and
//! Anthropic signatures are kilobytes of base64 that JSON would escape-check twice); the three
//! chunks every call ends or starts with, whose `JSON.parse` measured 4–8 µs of a short call:
//! `m` metadata (a digit of flags, 1 = `id` present, 2 = `model` present, then a payload for
//! each present one and one for `provider`), `u` usage (payload: the counts, the cost (empty
//! for null) and `1`/`0` for `estimated`, comma-separated, in the key order), `f` finish (a
//! digit, 1 = `rawReason` present, then a payload for `reason` and one for `rawReason`);
//! `j` any other chunk (payload: its JSON, parsed by JS). Still one crossing per read
//! (DESIGN §6).

use crate::chunk::Chunk;
use alloc::string::String;
use alloc::vec::Vec;

/// The batch string of `chunks`.
pub fn encode(chunks: &[Chunk]) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    let mut json = Vec::new();
    for c in chunks {
        match c {
            Chunk::Metadata {
                id,
                model,
                provider,
            } => {
                out.push('m');
                out.push(flags(id.is_some(), model.is_some()));
                for p in [id.as_deref(), model.as_deref(), Some(provider.as_str())]
                    .into_iter()
                    .flatten()
                {
                    payload(&mut out, p);
                }
            }
            Chunk::Usage(u) => {
                let mut fields = String::new();
                for n in [
                    u.input_tokens,
                    u.output_tokens,
                    u.cache_read_tokens,
                    u.cache_write_tokens,
                    u.reasoning_tokens,
                ] {
                    push_decimal(&mut fields, n);
                    fields.push(',');
                }
                // The cost as serde_json writes a float (the same digits JSON.parse would
                // read); null (empty) when unknown or not finite, as JSON has it.
                if let Some(cost) = u.total_cost.filter(|c| c.is_finite()) {
                    json.clear();
                    serde_json::to_writer(&mut json, &cost)?;
                    fields.push_str(core::str::from_utf8(&json).unwrap_or_default());
                }
                fields.push(',');
                fields.push(if u.estimated { '1' } else { '0' });
                record(&mut out, 'u', &fields);
            }
            Chunk::Finish { reason, raw_reason } => {
                out.push('f');
                out.push(flags(raw_reason.is_some(), false));
                payload(&mut out, reason.as_str());
                if let Some(raw) = raw_reason {
                    payload(&mut out, raw);
                }
            }
            Chunk::Text { text } => record(&mut out, 't', text),
            Chunk::Reasoning {
                reasoning,
                signature: None,
                redacted: None,
            } => record(&mut out, 'r', reasoning),
            Chunk::Reasoning {
                reasoning,
                signature: Some(signature),
                redacted: None,
            } => {
                record(&mut out, 's', reasoning);
                payload(&mut out, signature);
            }
            other => {
                json.clear();
                serde_json::to_writer(&mut json, other)?;
                // serde_json writes UTF-8 only.
                let text = core::str::from_utf8(&json).unwrap_or_default();
                record(&mut out, 'j', text);
            }
        }
    }
    Ok(out)
}

fn record(out: &mut String, tag: char, text: &str) {
    out.push(tag);
    payload(out, text);
}

/// `<length>:<text>`, the length in UTF-16 units.
fn payload(out: &mut String, text: &str) {
    push_decimal(out, utf16_len(text) as u64);
    out.push(':');
    out.push_str(text);
}

/// A digit of two flags: 1 for `a`, 2 for `b`.
fn flags(a: bool, b: bool) -> char {
    char::from(b'0' + u8::from(a) + 2 * u8::from(b))
}

/// The length of `s` in UTF-16 code units: one per character, two for those outside the
/// BMP (the four-byte UTF-8 sequences). Eight bytes at a time where they are ASCII (one unit
/// each): long payloads (signatures, big deltas) are nearly all ASCII.
fn utf16_len(s: &str) -> usize {
    let b = s.as_bytes();
    let units = |bytes: &[u8]| -> usize {
        bytes
            .iter()
            .map(|&c| usize::from(c & 0xC0 != 0x80) + usize::from(c >= 0xF0))
            .sum()
    };
    let mut n = 0;
    let mut i = 0;
    while let Some(w) = crate::codec::swar::word(b, i) {
        n += if w & 0x8080_8080_8080_8080 == 0 {
            8
        } else {
            units(b.get(i..i + 8).unwrap_or_default())
        };
        i += 8;
    }
    n + units(b.get(i..).unwrap_or_default())
}

/// `n` in decimal, without `core::fmt`.
fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &d in digits.get(i..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_count_utf16_units() {
        let chunks = [
            Chunk::Text {
                text: String::from("a😀é:\u{0}"),
            },
            Chunk::Reasoning {
                reasoning: String::new(),
                signature: None,
                redacted: None,
            },
            Chunk::Reasoning {
                reasoning: String::from("x"),
                signature: Some(String::from("s")),
                redacted: None,
            },
        ];
        let s = encode(&chunks).unwrap();
        assert_eq!(s, "t6:a😀é:\u{0}r0:s1:x1:s");
        // Every length of text, ASCII or not, across the eight-byte words.
        for text in [
            "",
            "abcdefgh",
            "abcdefghi",
            "é😀abcdefghijklmnop😀",
            "ab😀cdefgh😀ij",
        ] {
            for cut in 0..text.len() {
                if let Some(t) = text.get(cut..) {
                    assert_eq!(utf16_len(t), t.encode_utf16().count(), "{t}");
                }
            }
        }
        let mut d = String::new();
        push_decimal(&mut d, u64::MAX);
        assert_eq!(d, "18446744073709551615");
    }

    /// Metadata, usage and finish records: every optional field present and absent.
    #[test]
    fn metadata_usage_and_finish_records() {
        use crate::chunk::{FinishReason, Usage};
        let usage = |total_cost, estimated| {
            Chunk::Usage(Usage {
                input_tokens: 10,
                output_tokens: 2,
                cache_read_tokens: 3,
                cache_write_tokens: 4,
                reasoning_tokens: u64::MAX,
                total_cost,
                estimated,
            })
        };
        let chunks = [
            Chunk::Metadata {
                id: Some(String::from("msg_1")),
                model: Some(String::from("c")),
                provider: String::from("anthropic"),
            },
            Chunk::Metadata {
                id: None,
                model: Some(String::from("m😀")),
                provider: String::from("p"),
            },
            Chunk::Metadata {
                id: Some(String::new()),
                model: None,
                provider: String::new(),
            },
            usage(None, false),
            usage(Some(0.000_123_45), true),
            usage(Some(f64::NAN), false),
            Chunk::Finish {
                reason: FinishReason::ToolCalls,
                raw_reason: Some(String::from("tool_use")),
            },
            Chunk::Finish {
                reason: FinishReason::Stop,
                raw_reason: None,
            },
        ];
        let max = u64::MAX;
        assert_eq!(
            encode(&chunks).unwrap(),
            format!(
                "m35:msg_11:c9:anthropic\
                 m23:m😀1:p\
                 m10:0:\
                 u32:10,2,3,4,{max},,0\
                 u42:10,2,3,4,{max},0.00012345,1\
                 u32:10,2,3,4,{max},,0\
                 f110:tool_calls8:tool_use\
                 f04:stop"
            )
        );
    }
}
