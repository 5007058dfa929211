//! The chunks of one network read as one string for JS, decoded by `decodeBatch` in
//! `js/core.js` into exactly the objects `JSON.parse` of the serde JSON would give.
//!
//! Text and plain reasoning deltas are almost every chunk of a stream. Sending them as JSON
//! cost an escape pass here and a `JSON.parse` there; measured in Node 20 on a batch of 60 text
//! chunks (`node bench/handoff.mjs`), `JSON.parse` took 11–12 µs where reading this encoding
//! into the same objects took 1.0 µs. So the batch is a run of records
//! `<tag><length>:<payload>`, the length in UTF-16 code units (what JS string offsets count):
//! `t` a text chunk (payload: the text), `r` a reasoning chunk without signature or redacted
//! data (payload: the reasoning), `j` any other chunk (payload: its JSON, parsed by JS). Still
//! one crossing per read (DESIGN §6).

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
/// BMP (the four-byte UTF-8 sequences).
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
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
        assert_eq!(
            s,
            "t7:a😀é:\u{0}r0:j54:{\"type\":\"reasoning\",\"reasoning\":\"x\",\"signature\":\"s\"}"
        );
        let mut d = String::new();
        push_decimal(&mut d, 1234567890);
        assert_eq!(d, "1234567890");
    }
}
