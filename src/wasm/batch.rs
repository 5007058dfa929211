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
//! Anthropic signatures are kilobytes of base64 that JSON would escape-check twice), `j` any
//! other chunk (payload: its JSON, parsed by JS). Still one crossing per read (DESIGN §6).

use crate::chunk::Chunk;
use alloc::string::String;
use alloc::vec::Vec;

/// The batch string of `chunks`.
pub fn encode(chunks: &[Chunk]) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    let mut json = Vec::new();
    for c in chunks {
        match c {
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
                push_decimal(&mut out, utf16_len(signature));
                out.push(':');
                out.push_str(signature);
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

fn record(out: &mut String, tag: char, payload: &str) {
    out.push(tag);
    push_decimal(out, utf16_len(payload));
    out.push(':');
    out.push_str(payload);
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
    use crate::codec::swar;
    while let Some(w) = swar::word(b, i) {
        n += if swar::is_ascii(w) {
            8
        } else {
            units(b.get(i..i + 8).unwrap_or_default())
        };
        i += 8;
    }
    n + units(b.get(i..).unwrap_or_default())
}

/// `n` in decimal, without `core::fmt`.
fn push_decimal(out: &mut String, mut n: usize) {
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
        push_decimal(&mut d, 1234567890);
        assert_eq!(d, "1234567890");
    }
}
