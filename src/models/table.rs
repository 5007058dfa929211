//! Reading the generated catalog string (`data::CATALOG`): sections and rows.
//!
//! The format (written by `tools/gen_models.py`): an `@provider` line opens a section, then
//! one `id|context|max_output|input|output|cache_read|cache_write|flags` line per model, prices
//! in USD per million tokens, empty fields unknown. Parsing is by hand (integers and short
//! decimals) so the wasm build carries no float parser for it; a malformed line is skipped,
//! never a panic.

use super::data::CATALOG;
use super::{Capabilities, ModelInfo, ModelPrice};
use core::str::Lines;

/// One catalog line, fields still unparsed.
#[derive(Clone, Copy, Debug)]
pub(super) struct Row {
    pub(super) id: &'static str,
    context: &'static str,
    max_output: &'static str,
    input: &'static str,
    output: &'static str,
    cache_read: &'static str,
    cache_write: &'static str,
    flags: &'static str,
}

impl Row {
    fn parse(line: &'static str) -> Option<Row> {
        let mut f = line.split('|');
        let row = Row {
            id: f.next().filter(|s| !s.is_empty())?,
            context: f.next()?,
            max_output: f.next()?,
            input: f.next()?,
            output: f.next()?,
            cache_read: f.next()?,
            cache_write: f.next()?,
            flags: f.next()?,
        };
        f.next().is_none().then_some(row)
    }

    /// Whether the row carries `flag` (see the module docs of the generator).
    pub(super) fn has(&self, flag: char) -> bool {
        self.flags.contains(flag)
    }

    /// The prices, when both the input and the output price are known.
    pub(super) fn price(&self) -> Option<ModelPrice> {
        Some(ModelPrice {
            input: decimal(self.input)?,
            output: decimal(self.output)?,
            cache_read: decimal(self.cache_read),
            cache_write: decimal(self.cache_write),
        })
    }

    /// The public view of this row, as served by `provider`.
    pub(super) fn info(&self, provider: &'static str) -> ModelInfo {
        ModelInfo {
            id: self.id,
            provider,
            context_window: self.context.parse().ok(),
            max_output_tokens: self.max_output.parse().ok(),
            price: self.price(),
            capabilities: Capabilities {
                vision: self.has('v'),
                tools: self.has('t'),
                reasoning: self.has('r'),
                prompt_caching: self.has('c'),
                pdf_input: self.has('p'),
                json_schema: self.has('j'),
                embedding: self.has('e'),
            },
        }
    }
}

/// The rows of one provider's section.
pub(super) struct Rows {
    lines: Lines<'static>,
}

impl Iterator for Rows {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        loop {
            let line = self.lines.next()?;
            if line.starts_with('@') {
                return None;
            }
            if let Some(row) = Row::parse(line) {
                return Some(row);
            }
        }
    }
}

/// Where the next section header (a line starting with `@`) of `s` begins.
///
/// `str::find(char)` runs core's word-at-a-time `memchr`: a lookup runs on every call and
/// skips whole sections to reach its own, which a byte-by-byte loop made a measurable part of
/// a short stream's cost (5% of the bench's Anthropic recording in a CPU profile).
fn next_header(s: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + s.get(from..)?.find('@')?;
        // `@` also occurs inside ids (Vertex `claude-…@20250929`): a header's is at a line start.
        if at == 0 || s.as_bytes().get(at - 1) == Some(&b'\n') {
            return Some(at);
        }
        from = at + 1;
    }
}

/// The section of `provider` (ASCII case-insensitive): its name as stored, and its rows.
///
/// Jumps from header to header instead of walking every row: a lookup runs on every call
/// (prices for the usage chunk, Anthropic's output cap), and tries several id forms.
pub(super) fn section(provider: &str) -> Option<(&'static str, Rows)> {
    let (name, body) = section_text(provider)?;
    Some((
        name,
        Rows {
            lines: body.lines(),
        },
    ))
}

/// The name and the text of `provider`'s section (its rows, up to the next header).
fn section_text(provider: &str) -> Option<(&'static str, &'static str)> {
    let mut rest: &'static str = CATALOG;
    while let Some(at) = next_header(rest) {
        let head = rest.get(at + 1..)?;
        let (name, body) = head.split_once('\n').unwrap_or((head, ""));
        let end = next_header(body).unwrap_or(body.len());
        if name.eq_ignore_ascii_case(provider) {
            return Some((name, body.get(..end)?));
        }
        rest = body.get(end..)?;
    }
    None
}

/// The row `id` (ASCII case-insensitive) in `provider`'s section. Rows are told apart by
/// their first field, compared in place; only the matching line is parsed.
pub(super) fn find(provider: &str, id: &str) -> Option<(&'static str, Row)> {
    if id.is_empty() {
        return None;
    }
    let (name, text) = section_text(provider)?;
    let n = id.len();
    text.split('\n')
        .filter(|line| {
            let b = line.as_bytes();
            b.get(n) == Some(&b'|')
                && b.get(..n)
                    .is_some_and(|f| f.eq_ignore_ascii_case(id.as_bytes()))
        })
        .find_map(|line| Row::parse(line.trim_end_matches('\r')))
        .map(|r| (name, r))
}

/// Parses a short unsigned decimal (`2.5`, `0.0412`, `15`); `None` for empty or malformed text.
fn decimal(s: &str) -> Option<f64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut scale = 1.0f64;
    for (i, b) in int.bytes().chain(frac.bytes()).enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        if i >= int.len() {
            scale *= 10.0;
        }
    }
    // Both operands are exact (mantissa < 2^53 for catalog values), so one rounding.
    Some(mantissa as f64 / scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(decimal("2.5"), Some(2.5));
        assert_eq!(decimal("15"), Some(15.0));
        assert_eq!(decimal("0.0412"), Some(0.0412));
        assert_eq!(decimal("0"), Some(0.0));
        assert_eq!(decimal(""), None);
        assert_eq!(decimal("1.2.3"), None);
        assert_eq!(decimal("-1"), None);
        assert_eq!(decimal("99999999999999999999999"), None);
    }

    #[test]
    fn rows_parse_and_malformed_lines_are_skipped() {
        assert!(Row::parse("a|1|2|3|4|||vt").is_some());
        assert!(Row::parse("a|1|2|3|4||").is_none());
        assert!(Row::parse("a|1|2|3|4||||x").is_none());
        assert!(Row::parse("|1|2|3|4|||").is_none());
    }

    #[test]
    fn every_catalog_line_parses() {
        for line in CATALOG.lines().filter(|l| !l.starts_with('@')) {
            let row = Row::parse(line);
            assert!(row.is_some(), "malformed catalog line {line:?}");
            if let Some(row) = row {
                for field in [row.input, row.output, row.cache_read, row.cache_write] {
                    assert!(field.is_empty() || decimal(field).is_some(), "{line:?}");
                }
            }
        }
    }
}
