//! Expected aggregates of a decoded case, written down from the raw capture.

use super::Outcome;
use aster::chunk::FinishReason;
use serde_json::Value;

/// Expected answer text.
#[derive(Debug)]
pub enum Text {
    /// The whole text.
    Exact(&'static str),
    /// A long text: its start, its end and its length in characters.
    Long {
        /// First characters.
        starts: &'static str,
        /// Last characters.
        ends: &'static str,
        /// Length in characters.
        chars: usize,
    },
}

/// What one case must aggregate to.
#[derive(Debug)]
pub struct Expect {
    /// Case name (path relative to the corpus).
    pub case: &'static str,
    /// Answer text.
    pub text: Text,
    /// Length of the reasoning text in characters.
    pub reasoning_chars: usize,
    /// Tool calls: id (`""`: generated), name, arguments JSON.
    pub tools: &'static [(&'static str, &'static str, &'static str)],
    /// `[input, output, cache read, cache write, reasoning]`; `None`: not reported (estimated).
    pub usage: Option<[u64; 5]>,
    /// Provider-reported cost.
    pub cost: Option<f64>,
    /// Finish reason and raw reason.
    pub finish: (FinishReason, Option<&'static str>),
}

/// Checks `out` against `e`.
pub fn check_expect(e: &Expect, out: &Outcome) {
    let name = e.case;
    assert!(
        out.error.is_none(),
        "{name}: unexpected error {:?}",
        out.error
    );
    let resp = out.response();
    match e.text {
        Text::Exact(t) => assert_eq!(resp.text, t, "{name}: text"),
        Text::Long {
            starts,
            ends,
            chars,
        } => {
            assert!(
                resp.text.starts_with(starts),
                "{name}: text start {:?}",
                &resp.text
            );
            assert!(resp.text.ends_with(ends), "{name}: text end");
            assert_eq!(resp.text.chars().count(), chars, "{name}: text length");
        }
    }
    assert_eq!(
        out.reasoning().chars().count(),
        e.reasoning_chars,
        "{name}: reasoning length"
    );
    let calls = out.tool_calls();
    assert_eq!(calls.len(), e.tools.len(), "{name}: tool calls {calls:?}");
    for ((id, tool, input), (eid, ename, eargs)) in calls.iter().zip(e.tools) {
        if eid.is_empty() {
            assert!(!id.is_empty(), "{name}: generated id");
        } else {
            assert_eq!(id, eid, "{name}: tool id");
        }
        assert_eq!(tool, ename, "{name}: tool name");
        let expected: Value = serde_json::from_str(eargs).unwrap_or(Value::Null);
        assert_eq!(input, &expected, "{name}: tool input");
    }
    let u = out.usage();
    match e.usage {
        Some([input, output, read, write, reasoning]) => {
            assert!(!u.estimated, "{name}: usage marked estimated");
            assert_eq!(
                [
                    u.input_tokens,
                    u.output_tokens,
                    u.cache_read_tokens,
                    u.cache_write_tokens,
                    u.reasoning_tokens
                ],
                [input, output, read, write, reasoning],
                "{name}: usage"
            );
        }
        None => assert!(u.estimated, "{name}: usage should be estimated"),
    }
    match (e.cost, u.total_cost) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-12, "{name}: cost {b} != {a}"),
        (a, b) => assert_eq!(a, b, "{name}: cost"),
    }
    let (reason, raw) = out.finish();
    assert_eq!((reason, raw.as_deref()), e.finish, "{name}: finish");
}
