//! Streamed function-call arguments (Vertex `streamFunctionCallArguments`).
//!
//! With that option a call arrives in pieces, each part a `functionCall` of its own:
//! `{name, willContinue: true}` opens it (carrying the thought signature), then parts with
//! `partialArgs: [{jsonPath: "$.recipe.steps[0]", stringValue | numberValue | boolValue |
//! nullValue, willContinue}]` set values one JSON path at a time (a string split over several
//! parts continues while its `willContinue` is true), `{willContinue: true}` alone is a
//! keep-alive, and a `functionCall` without `willContinue` (often `{}`) closes it. Some streams
//! never send the closing part (corpus:
//! `google-stream-tool-call-array-arguments-missing-terminal-function-call`); the call is then
//! closed by the next call, by the `finishReason`, or by the end of the body.
//!
//! The arguments object is rebuilt here and sent whole when the call closes (JSON paths arrive
//! in no particular nesting order, so a text prefix of the final JSON cannot be streamed).
//! Paths follow RFC 9535 in the subset Gemini emits: `$`, `.name`, `['name']` / `["name"]`,
//! `[index]`. A path outside that subset, or an absurd index, is skipped rather than trusted.

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// Bounds that keep a hostile path from allocating without limit.
const MAX_DEPTH: usize = 64;
const MAX_INDEX_GAP: usize = 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A call whose arguments are being streamed.
#[derive(Debug)]
pub(super) struct PartialArgs {
    args: Value,
    /// The path of the last string piece, while it said `willContinue`.
    continuing: Option<String>,
}

impl PartialArgs {
    /// Starts from the call's `args`, if it carried any.
    pub(super) fn new(initial: Option<&Value>) -> Self {
        let args = match initial {
            Some(v @ Value::Object(_)) => v.clone(),
            _ => Value::Object(Map::new()),
        };
        PartialArgs {
            args,
            continuing: None,
        }
    }

    /// Applies one `partialArgs` entry.
    pub(super) fn apply(&mut self, p: &Value) {
        let Some(path) = p.get("jsonPath").and_then(Value::as_str) else {
            return;
        };
        let Some(segs) = parse_path(path) else {
            return;
        };
        let continues = p.get("willContinue").and_then(Value::as_bool) == Some(true);
        let value = if let Some(s) = p.get("stringValue").and_then(Value::as_str) {
            let append = self.continuing.as_deref() == Some(path);
            self.continuing = if continues {
                Some(String::from(path))
            } else {
                None
            };
            if let Some(slot) = slot(&mut self.args, &segs) {
                match slot {
                    Value::String(existing) if append => existing.push_str(s),
                    other => *other = Value::String(String::from(s)),
                }
            }
            return;
        } else if let Some(n) = p.get("numberValue").filter(|n| n.is_number()) {
            n.clone()
        } else if let Some(b) = p.get("boolValue").and_then(Value::as_bool) {
            Value::Bool(b)
        } else if p.get("nullValue").is_some() {
            Value::Null
        } else {
            return;
        };
        self.continuing = None;
        if let Some(slot) = slot(&mut self.args, &segs) {
            *slot = value;
        }
    }

    /// The arguments as JSON text.
    pub(super) fn finish(&self) -> String {
        serde_json::to_string(&self.args).unwrap_or_default()
    }
}

fn parse_path(path: &str) -> Option<Vec<Seg>> {
    let mut rest = path.strip_prefix('$')?;
    let mut segs = Vec::new();
    while !rest.is_empty() {
        if segs.len() >= MAX_DEPTH {
            return None;
        }
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let (name, after) = r.split_at(end);
            if name.is_empty() {
                return None;
            }
            segs.push(Seg::Key(String::from(name)));
            rest = after;
        } else if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            let (inner, after) = r.split_at(close);
            rest = after.get(1..)?;
            let quoted = inner
                .strip_prefix('\'')
                .and_then(|s| s.strip_suffix('\''))
                .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')));
            match quoted {
                Some(name) => segs.push(Seg::Key(String::from(name))),
                None => segs.push(Seg::Index(inner.trim().parse().ok()?)),
            }
        } else {
            return None;
        }
    }
    Some(segs)
}

/// Whether `segs` can be set without going through a value of another kind or jumping too far
/// past an array's end, checked before anything is created so a bad path changes nothing.
fn feasible(root: &Value, segs: &[Seg]) -> bool {
    let mut cur = Some(root);
    for seg in segs {
        let here = cur.filter(|c| !c.is_null());
        cur = match seg {
            Seg::Key(k) => match here {
                None => None,
                Some(Value::Object(m)) => m.get(k),
                Some(_) => return false,
            },
            Seg::Index(i) => {
                let arr = match here {
                    None => None,
                    Some(Value::Array(a)) => Some(a),
                    Some(_) => return false,
                };
                if *i >= arr.map_or(0, Vec::len) + MAX_INDEX_GAP {
                    return false;
                }
                arr.and_then(|a| a.get(*i))
            }
        };
    }
    true
}

/// The value at `segs`, created (objects, arrays padded with `null`) as needed. `None` when the
/// path is not [`feasible`].
fn slot<'a>(root: &'a mut Value, segs: &[Seg]) -> Option<&'a mut Value> {
    if !feasible(root, segs) {
        return None;
    }
    let mut cur = root;
    for seg in segs {
        cur = match seg {
            Seg::Key(k) => {
                if cur.is_null() {
                    *cur = Value::Object(Map::new());
                }
                cur.as_object_mut()?.entry(k.clone()).or_insert(Value::Null)
            }
            Seg::Index(i) => {
                if cur.is_null() {
                    *cur = Value::Array(Vec::new());
                }
                let arr = cur.as_array_mut()?;
                if *i >= arr.len() + MAX_INDEX_GAP {
                    return None;
                }
                if arr.len() <= *i {
                    arr.resize(*i + 1, Value::Null);
                }
                arr.get_mut(*i)?
            }
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(parts: &[Value]) -> Value {
        let mut p = PartialArgs::new(None);
        for x in parts {
            p.apply(x);
        }
        serde_json::from_str(&p.finish()).unwrap()
    }

    #[test]
    fn nested_paths_and_continued_strings() {
        let v = run(&[
            json!({"jsonPath": "$.recipe.steps[1]", "stringValue": "Cook noodles", "willContinue": true}),
            json!({"jsonPath": "$.recipe.steps[1]", "stringValue": ".", "willContinue": true}),
            json!({"jsonPath": "$.recipe.steps[1]", "stringValue": ""}),
            json!({"jsonPath": "$.recipe.steps[0]", "stringValue": "Preheat"}),
            json!({"jsonPath": "$.ops[0].price", "numberValue": 0.5}),
            json!({"jsonPath": "$['odd key']", "boolValue": true}),
            json!({"jsonPath": "$.gone", "nullValue": "NULL_VALUE"}),
        ]);
        assert_eq!(
            v,
            json!({"recipe": {"steps": ["Preheat", "Cook noodles."]}, "ops": [{"price": 0.5}],
                   "odd key": true, "gone": null})
        );
    }

    #[test]
    fn a_new_piece_for_a_path_replaces_unless_continuing() {
        let v = run(&[
            json!({"jsonPath": "$.a", "stringValue": "x"}),
            json!({"jsonPath": "$.a", "stringValue": "y"}),
        ]);
        assert_eq!(v, json!({"a": "y"}));
    }

    #[test]
    fn hostile_paths_are_skipped() {
        let v = run(&[
            json!({"jsonPath": "$.a[99999999]", "stringValue": "x"}),
            json!({"jsonPath": "a.b", "stringValue": "x"}),
            json!({"jsonPath": "$.a[", "stringValue": "x"}),
            json!({"jsonPath": "$..a", "stringValue": "x"}),
            json!({"jsonPath": "$.s", "stringValue": "v"}),
            json!({"jsonPath": "$.s.t", "stringValue": "through a string"}),
        ]);
        assert_eq!(v, json!({"s": "v"}));
    }
}
