//! Decimal text ⇄ `f64` through serde_json's number code, which the crate links anyway for
//! JSON. `core`'s own float formatting (`{}` on an `f64`, ~14 KB of wasm) and parsing
//! (`str::parse::<f64>`, ~4 KB plus its tables) would otherwise be linked for a handful of
//! warning texts and header values.

use alloc::string::{String, ToString};
use serde_json::{Number, Value};

/// `x` as the shortest decimal that reads back as `x` (as serde_json writes numbers),
/// written as `{}` would for the values warnings show: `0.7`, `1.5`, `2` (not `2.0`). Below
/// 1e-5 and from 1e16 the exponent form is used (`1e-7`), still the same value.
pub(crate) fn fmt_f64(x: f64) -> String {
    let Some(n) = Number::from_f64(x) else {
        return String::from(if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        });
    };
    let s = n.to_string();
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => s,
    }
}

/// A JSON number (`12`, `-1.5`, `2e3`, surrounding whitespace allowed) as an `f64`, the value
/// serde_json gives the same number inside a JSON document. `None` for anything else
/// (including `inf`, `NaN` and numbers out of range).
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    // Only number-shaped text reaches the JSON parser: a string or object is not a number.
    let t = s.trim();
    if !t.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return None;
    }
    match serde_json::from_str::<Value>(t) {
        Ok(Value::Number(n)) => n.as_f64(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn formats_like_display_for_ordinary_values() {
        for x in [
            0.0,
            0.7,
            1.0,
            1.5,
            2.0,
            0.95,
            0.1 + 0.2,
            123.456,
            1e-5,
            1e15,
            -3.25,
        ] {
            assert_eq!(fmt_f64(x), format!("{x}"), "{x:?}");
        }
        assert_eq!(fmt_f64(1e-7), "1e-7");
        assert_eq!(fmt_f64(f64::NAN), "NaN");
        assert_eq!(fmt_f64(f64::INFINITY), "inf");
        assert_eq!(fmt_f64(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn parses_json_numbers_to_the_same_value_as_str_parse() {
        for s in [
            "0", "12", "1.5", " 0.3 ", "-2", "2e3", "0.000123", "86400", "2.5e-3",
        ] {
            assert_eq!(parse_f64(s), s.trim().parse::<f64>().ok(), "{s}");
        }
        for s in [
            "", "x", "inf", "NaN", "\"1\"", "[1]", "1 2", "1e999", "+1", ".5",
        ] {
            assert_eq!(parse_f64(s), None, "{s}");
        }
    }
}
