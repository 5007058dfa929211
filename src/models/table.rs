//! Reading the generated catalog string (`data::CATALOG`): sections and rows.
//!
//! The format (written by `tools/gen_models.py`): an `@provider` line opens a section, then
//! one `id|context|max_output|input|output|cache_read|cache_write|flags` line per model, prices
//! in USD per million tokens, empty fields unknown. Parsing is by hand (integers and short
//! decimals) so the wasm build carries no float parser for it; a malformed line is skipped,
//! never a panic.

use super::data::CATALOG;
use super::{Capabilities, ModelInfo, ModelPrice};
use core::cmp::Ordering;
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

/// Where one section of the catalog is: its name (after the `@`) and its rows, as byte ranges
/// of [`CATALOG`].
#[derive(Clone, Copy)]
struct Section {
    name: (usize, usize),
    rows: (usize, usize),
}

/// Whether byte `i` of `b` opens a section header: an `@` at a line start (`@` also occurs
/// inside ids, as in Vertex's `claude-…@20250929`).
const fn is_header(b: &[u8], i: usize) -> bool {
    b[i] == b'@' && (i == 0 || b[i - 1] == b'\n')
}

const fn count_sections(b: &[u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        if is_header(b, i) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The sections of `b`, in order (computed when compiling: no lookup walks the catalog to
/// find its section).
const fn index<const N: usize>(b: &[u8]) -> [Section; N] {
    let mut out = [Section {
        name: (0, 0),
        rows: (0, 0),
    }; N];
    let (mut i, mut k) = (0, 0);
    while i < b.len() {
        if is_header(b, i) {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'\n' {
                j += 1;
            }
            if k > 0 {
                out[k - 1].rows.1 = i;
            }
            out[k] = Section {
                name: (i + 1, j),
                rows: (if j < b.len() { j + 1 } else { j }, b.len()),
            };
            k += 1;
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

// Every byte offset of the catalog is a char boundary (`find` relies on it).
const _: () = assert!(CATALOG.is_ascii());

static SECTIONS: [Section; count_sections(CATALOG.as_bytes())] = index(CATALOG.as_bytes());

/// The section of `provider` (ASCII case-insensitive): its name as stored, and its rows.
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
    SECTIONS.iter().find_map(|s| {
        let name = CATALOG.get(s.name.0..s.name.1)?;
        name.eq_ignore_ascii_case(provider)
            .then(|| Some((name, CATALOG.get(s.rows.0..s.rows.1)?)))?
    })
}

/// `a` and `b` compared as their ASCII lowercase forms: the order of a section's rows.
fn cmp_ignore_case(a: &[u8], b: &[u8]) -> Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

/// The row `id` (ASCII case-insensitive) in `provider`'s section, by binary search over its
/// lines: rows are sorted by their id in ASCII lowercase (`tools/gen_models.py`). A lookup runs
/// on every call (prices for the usage chunk, Anthropic's output cap) and tries several id
/// forms, most of them misses; a walk over Bedrock's 155 rows took ~5 µs per form. Only the
/// matching line is parsed.
pub(super) fn find(provider: &str, id: &str) -> Option<(&'static str, Row)> {
    if id.is_empty() {
        return None;
    }
    let (name, text) = section_text(provider)?;
    let b = text.as_bytes();
    // `lo` is always a line start; `hi` a line start or the end.
    let (mut lo, mut hi) = (0, b.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // `str`'s searches run core's word-at-a-time memchr (the catalog is ASCII, so every
        // byte offset is a char boundary).
        let start = text.get(lo..mid)?.rfind('\n').map_or(lo, |p| lo + p + 1);
        let end = text.get(start..hi)?.find('\n').map_or(hi, |p| start + p);
        let line = b.get(start..end)?;
        let field = line.split(|&c| c == b'|').next()?;
        match cmp_ignore_case(field, id.as_bytes()) {
            Ordering::Less => lo = (end + 1).min(hi),
            Ordering::Greater => hi = start,
            Ordering::Equal => {
                let line = text.get(start..end)?.trim_end_matches('\r');
                return Row::parse(line).map(|r| (name, r));
            }
        }
    }
    None
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

    /// Every row is found by its id, in any case, by the binary search; so the sections are
    /// in the order it needs. Near misses are not found.
    #[test]
    fn every_row_is_found() {
        assert!(SECTIONS.len() > 10);
        for s in SECTIONS {
            let name = &CATALOG[s.name.0..s.name.1];
            assert!(section(name).is_some());
            let mut prev: Option<&str> = None;
            for line in CATALOG[s.rows.0..s.rows.1].lines() {
                let id = line.split('|').next().unwrap_or("");
                if let Some(p) = prev {
                    assert_eq!(
                        cmp_ignore_case(p.as_bytes(), id.as_bytes()),
                        Ordering::Less,
                        "{name}: {p} before {id}"
                    );
                }
                prev = Some(id);
                let hit = |q: &str| find(name, q).map(|(n, r)| (n, r.id));
                assert_eq!(hit(id), Some((name, id)), "{name}: {id}");
                assert_eq!(hit(&id.to_ascii_uppercase()), Some((name, id)));
                assert_eq!(hit(&alloc::format!("{id}-")), None);
                // A shorter id hits only a row of its own.
                let short = &id[..id.len() - 1];
                assert!(
                    hit(short).is_none_or(|(_, r)| r == short),
                    "{name}: {short}"
                );
            }
        }
        assert!(find("anthropic", "").is_none());
        assert!(find("no-such-section", "gpt-4o").is_none());
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
