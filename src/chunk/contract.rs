//! [`check_contract`]: DESIGN §3.2 as code, the one checker the format tests, the corpus
//! conformance and the fuzz targets run on every decoded stream.

use super::Chunk;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Checks the chunk contract on one decoded stream. `failed`: the stream ended with an error.
///
/// * `metadata` comes first, at most once;
/// * every tool call goes `tool_call_start` → `tool_call_delta`s → `tool_call`, with one id, an
///   index not reused while open, and deltas that add up to the final `arguments`;
/// * a successful stream ends with exactly one `usage` then one `finish`, every call completed;
/// * a failed stream has no `finish` and at most one `usage`: last, and estimated.
///
/// The error says what is wrong, with the chunk's position.
pub fn check_contract(chunks: &[Chunk], failed: bool) -> Result<(), String> {
    let mut open: Vec<(u32, &str, String)> = Vec::new();
    let (mut metas, mut usages, mut finishes) = (0usize, 0usize, 0usize);
    for (i, c) in chunks.iter().enumerate() {
        match c {
            Chunk::Metadata { .. } => {
                metas += 1;
                if i != 0 || metas > 1 {
                    return Err(format!("chunk {i}: metadata is not first or not once"));
                }
            }
            Chunk::ToolCallStart { index, id, .. } => {
                if open.iter().any(|(o, _, _)| o == index) {
                    return Err(format!("chunk {i}: call {index} started twice"));
                }
                open.push((*index, id.as_str(), String::new()));
            }
            Chunk::ToolCallDelta {
                index,
                id,
                arguments_delta,
            } => {
                let Some(slot) = open.iter_mut().find(|(o, _, _)| o == index) else {
                    return Err(format!("chunk {i}: delta of call {index}, never started"));
                };
                if slot.1 != id {
                    return Err(format!("chunk {i}: delta id {id} of call {}", slot.1));
                }
                slot.2.push_str(arguments_delta);
            }
            Chunk::ToolCall {
                index,
                id,
                arguments,
                ..
            } => {
                let Some(pos) = open.iter().position(|(o, _, _)| o == index) else {
                    return Err(format!("chunk {i}: tool_call {index}, never started"));
                };
                let (_, started, sum) = open.remove(pos);
                if started != id {
                    return Err(format!("chunk {i}: tool_call id {id} of call {started}"));
                }
                if sum != *arguments {
                    return Err(format!(
                        "chunk {i}: the deltas of call {id} do not add up to its arguments"
                    ));
                }
            }
            Chunk::Usage(_) => usages += 1,
            Chunk::Finish { .. } => finishes += 1,
            _ => {}
        }
    }
    let n = chunks.len();
    if failed {
        if finishes != 0 {
            return Err(String::from("a failed stream has a finish"));
        }
        if usages > 1 {
            return Err(format!("a failed stream has {usages} usage chunks"));
        }
        if usages == 1 && !matches!(chunks.last(), Some(Chunk::Usage(u)) if u.estimated) {
            return Err(String::from(
                "a failed stream's usage is not last and estimated",
            ));
        }
        return Ok(());
    }
    if (usages, finishes) != (1, 1) {
        return Err(format!(
            "a successful stream has {usages} usage and {finishes} finish chunks"
        ));
    }
    if !matches!(chunks.get(n.wrapping_sub(2)), Some(Chunk::Usage(_)))
        || !matches!(chunks.last(), Some(Chunk::Finish { .. }))
    {
        return Err(String::from(
            "a successful stream does not end with usage, finish",
        ));
    }
    if let Some((index, id, _)) = open.first() {
        return Err(format!("call {index} ({id}) never completed"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn chunks(v: Value) -> Vec<Chunk> {
        serde_json::from_value(v).unwrap()
    }

    fn usage(estimated: bool) -> Value {
        json!({"type": "usage", "inputTokens": 1, "outputTokens": 2, "cacheReadTokens": 0,
               "cacheWriteTokens": 0, "reasoningTokens": 0, "totalCost": null, "estimated": estimated})
    }

    #[test]
    fn a_complete_stream_keeps_the_contract() {
        let ok = chunks(json!([
            {"type": "metadata", "provider": "p"},
            {"type": "text", "text": "hi"},
            {"type": "tool_call_start", "index": 0, "id": "c", "name": "f"},
            {"type": "tool_call_delta", "index": 0, "id": "c", "argumentsDelta": "{\"a\":"},
            {"type": "tool_call_delta", "index": 0, "id": "c", "argumentsDelta": "1}"},
            {"type": "tool_call", "index": 0, "id": "c", "name": "f", "arguments": "{\"a\":1}", "input": {"a": 1}},
            usage(false),
            {"type": "finish", "reason": "tool_calls", "rawReason": null}
        ]));
        assert_eq!(check_contract(&ok, false), Ok(()));
        // The same chunks as a failed stream: a finish is not allowed.
        assert!(check_contract(&ok, true).is_err());
        assert_eq!(check_contract(&[], true), Ok(()));
    }

    #[test]
    fn each_rule_is_checked() {
        let bad = [
            // Deltas that do not add up.
            json!([{"type": "tool_call_start", "index": 0, "id": "c", "name": "f"},
                   {"type": "tool_call_delta", "index": 0, "id": "c", "argumentsDelta": "{"},
                   {"type": "tool_call", "index": 0, "id": "c", "name": "f", "arguments": "{}", "input": {}},
                   usage(false), {"type": "finish", "reason": "stop", "rawReason": null}]),
            // A call never started, a call never completed.
            json!([{"type": "tool_call_delta", "index": 1, "id": "c", "argumentsDelta": "{"},
                   usage(false), {"type": "finish", "reason": "stop", "rawReason": null}]),
            json!([{"type": "tool_call_start", "index": 0, "id": "c", "name": "f"},
                   usage(false), {"type": "finish", "reason": "stop", "rawReason": null}]),
            // Metadata not first; usage after finish; two usages.
            json!([{"type": "text", "text": "a"}, {"type": "metadata", "provider": "p"},
                   usage(false), {"type": "finish", "reason": "stop", "rawReason": null}]),
            json!([{"type": "finish", "reason": "stop", "rawReason": null}, usage(false)]),
            json!([usage(false), usage(false), {"type": "finish", "reason": "stop", "rawReason": null}]),
        ];
        for b in bad {
            assert!(check_contract(&chunks(b.clone()), false).is_err(), "{b}");
        }
        // A failed stream: its one usage is last and estimated.
        let failed = chunks(json!([{"type": "text", "text": "a"}, usage(true)]));
        assert_eq!(check_contract(&failed, true), Ok(()));
        let failed = chunks(json!([usage(false), {"type": "text", "text": "a"}]));
        assert!(check_contract(&failed, true).is_err());
    }
}
