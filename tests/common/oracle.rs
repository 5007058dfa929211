//! Independent expectations for the conformance test, derived straight from the raw events.
//!
//! Deliberately simple and separate from `src/format`: a minimal blank-line SSE split, then for
//! each format the few fields that define the answer (text, client tool calls, reported usage
//! under DESIGN §3.2's rule, the raw finish reason). The decoders must agree with these.

use serde_json::Value;

/// What the raw data says the answer is.
#[derive(Debug, Default, PartialEq)]
pub struct Expect {
    pub text: String,
    /// (name, arguments as parsed JSON) of client function calls, in order.
    pub tool_calls: Vec<(String, Value)>,
    /// (inputTokens, outputTokens) as DESIGN §3.2 defines them, if the provider reported usage.
    pub usage: Option<(u64, u64)>,
    /// The provider's own final stop/finish reason, if it sent one.
    pub raw_finish: Option<String>,
    /// False when the arguments were streamed in a form the oracle does not rebuild (Vertex
    /// `partialArgs`): then only the call names are compared.
    pub args_unchecked: bool,
}

/// The `data` payloads of an SSE body (or of a `.chunks.txt` file: one payload per line).
pub fn payloads(body: &str, chunks_txt: bool) -> Vec<Value> {
    let texts: Vec<String> = if chunks_txt {
        body.lines().map(str::to_string).collect()
    } else {
        let norm = body.replace("\r\n", "\n").replace('\r', "\n");
        norm.split("\n\n")
            .map(|ev| {
                ev.lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(|d| d.strip_prefix(' ').unwrap_or(d))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    };
    texts
        .iter()
        .filter(|t| !t.trim().is_empty() && t.trim() != "[DONE]")
        .filter_map(|t| serde_json::from_str(t.trim()).ok())
        .collect()
}

fn u(v: &Value, path: &[&str]) -> Option<u64> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_u64()
}

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

fn parse_args(text: &str) -> Value {
    if text.trim().is_empty() {
        return Value::Object(Default::default());
    }
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// OpenAI Chat Completions (and Mistral's dialect): stream chunks or one `chat.completion`.
pub fn openai_chat(events: &[Value]) -> Expect {
    let mut e = Expect::default();
    let mut calls: Vec<(Option<u64>, String, String)> = Vec::new();
    for ev in events {
        for ch in ev
            .get("choices")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if ch.get("index").and_then(Value::as_u64).unwrap_or(0) != 0 {
                continue;
            }
            let d = ch
                .get("delta")
                .or_else(|| ch.get("message"))
                .unwrap_or(&Value::Null);
            match d.get("content") {
                Some(Value::String(t)) => e.text.push_str(t),
                Some(Value::Array(parts)) => {
                    for p in parts {
                        if p.get("type").and_then(Value::as_str) == Some("text") {
                            e.text.push_str(s(p, &["text"]).unwrap_or(""));
                        }
                    }
                }
                _ => {}
            }
            for (n, tc) in d
                .get("tool_calls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let idx = tc.get("index").and_then(Value::as_u64);
                let name = s(tc, &["function", "name"]).unwrap_or("");
                let args = match tc.get("function").and_then(|f| f.get("arguments")) {
                    Some(Value::String(a)) => a.clone(),
                    Some(v @ Value::Object(_)) => v.to_string(),
                    _ => String::new(),
                };
                let id = s(tc, &["id"]);
                // A delta continues a call when it has the same index (streams), or carries no
                // id and no name (continuation of the last call).
                let slot = match idx {
                    Some(i)
                        if ev.get("object").and_then(Value::as_str) != Some("chat.completion") =>
                    {
                        calls
                            .iter()
                            .position(|c| c.0 == Some(i) && (id.is_none() || name.is_empty()))
                    }
                    None if name.is_empty() && id.is_none() && !calls.is_empty() => {
                        Some(calls.len() - 1)
                    }
                    _ => None,
                };
                match slot {
                    Some(k) => {
                        if calls[k].1.is_empty() {
                            calls[k].1 = name.to_string();
                        }
                        calls[k].2.push_str(&args);
                    }
                    None => calls.push((idx.or(Some(1000 + n as u64)), name.to_string(), args)),
                }
            }
            // Snowflake sends `finish_reason: ""` on every body: no reason at all.
            if let Some(f) = ch
                .get("finish_reason")
                .and_then(Value::as_str)
                .filter(|f| !f.is_empty())
            {
                e.raw_finish = Some(f.to_string());
            }
        }
        let usage = ev
            .get("usage")
            .filter(|v| v.is_object())
            .or_else(|| ev.get("x_groq").and_then(|x| x.get("usage")));
        if let Some(us) = usage {
            if let (Some(i), Some(o)) = (u(us, &["prompt_tokens"]), u(us, &["completion_tokens"])) {
                // xAI leaves reasoning out of completion_tokens: its total is prompt +
                // completion + reasoning. Reasoning is output (DESIGN §3.2), so add it there.
                let r = u(us, &["completion_tokens_details", "reasoning_tokens"]).unwrap_or(0);
                let apart = r > 0 && u(us, &["total_tokens"]) == Some(i + o + r);
                e.usage = Some((i, if apart { o + r } else { o }));
            }
        }
    }
    e.tool_calls = calls
        .into_iter()
        .map(|(_, n, a)| (n, parse_args(&a)))
        .collect();
    e
}

/// Anthropic Messages: stream events or one `message` body. A recording may hold several
/// messages back to back (programmatic tool calling, tool search): their usage adds up, and
/// tool calls come from `tool_use` blocks whether streamed (start + `input_json_delta`) or
/// carried whole (in `message_start.message.content` or `content_block_start.input`).
pub fn anthropic(events: &[Value]) -> Expect {
    #[derive(Default, Clone, Copy)]
    struct MsgUsage {
        input: Option<u64>,
        output: Option<u64>,
        read: u64,
        write: u64,
    }
    fn take(m: &mut MsgUsage, us: &Value) {
        if let Some(i) = u(us, &["input_tokens"]) {
            m.input = Some(i);
        }
        if let Some(o) = u(us, &["output_tokens"]) {
            m.output = Some(o);
        }
        if let Some(r) = u(us, &["cache_read_input_tokens"]) {
            m.read = r;
        }
        if let Some(w) = u(us, &["cache_creation_input_tokens"]) {
            m.write = w;
        }
    }
    let mut e = Expect::default();
    // (block index, name, streamed args, whole input given at start)
    let mut blocks: Vec<(u64, String, String, Option<Value>)> = Vec::new();
    let mut messages: Vec<MsgUsage> = Vec::new();
    let mut last_id: Option<String> = None;
    let whole_tool = |b: &Value| {
        (
            s(b, &["name"]).unwrap_or("").to_string(),
            b.get("input").cloned().unwrap_or(Value::Null),
        )
    };
    for ev in events {
        match s(ev, &["type"]).unwrap_or("") {
            "message" => {
                for b in ev
                    .get("content")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    match s(b, &["type"]) {
                        Some("text") => e.text.push_str(s(b, &["text"]).unwrap_or("")),
                        Some("tool_use") => e.tool_calls.push(whole_tool(b)),
                        _ => {}
                    }
                }
                let mut m = MsgUsage::default();
                if let Some(us) = ev.get("usage") {
                    take(&mut m, us);
                }
                messages.push(m);
                e.raw_finish = s(ev, &["stop_reason"]).map(str::to_string);
            }
            "message_start" => {
                let msg = ev.get("message").unwrap_or(&Value::Null);
                let id = s(msg, &["id"]).map(str::to_string);
                if id.is_some() && id == last_id {
                    continue; // a repeated message_start of the same message
                }
                last_id = id;
                let mut m = MsgUsage::default();
                if let Some(us) = msg.get("usage") {
                    take(&mut m, us);
                }
                messages.push(m);
                for b in msg
                    .get("content")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if s(b, &["type"]) == Some("tool_use") {
                        e.tool_calls.push(whole_tool(b));
                    }
                }
            }
            "content_block_start" => {
                let b = ev.get("content_block").unwrap_or(&Value::Null);
                if s(b, &["type"]) == Some("tool_use") {
                    let idx = u(ev, &["index"]).unwrap_or(0);
                    let given = b
                        .get("input")
                        .filter(|v| v.as_object().is_some_and(|o| !o.is_empty()))
                        .cloned();
                    blocks.push((
                        idx,
                        s(b, &["name"]).unwrap_or("").to_string(),
                        String::new(),
                        given,
                    ));
                }
            }
            "content_block_delta" => {
                let d = ev.get("delta").unwrap_or(&Value::Null);
                match s(d, &["type"]) {
                    Some("text_delta") => e.text.push_str(s(d, &["text"]).unwrap_or("")),
                    Some("input_json_delta") => {
                        let idx = u(ev, &["index"]).unwrap_or(0);
                        if let Some(b) = blocks.iter_mut().rev().find(|b| b.0 == idx) {
                            b.2.push_str(s(d, &["partial_json"]).unwrap_or(""));
                        }
                    }
                    _ => {}
                }
            }
            "content_block_stop" => {
                let idx = u(ev, &["index"]).unwrap_or(0);
                if let Some(pos) = blocks.iter().rposition(|b| b.0 == idx) {
                    let (_, name, args, given) = blocks.remove(pos);
                    let input = match given {
                        Some(v) if args.trim().is_empty() => v,
                        _ => parse_args(&args),
                    };
                    e.tool_calls.push((name, input));
                }
            }
            "message_delta" => {
                if let (Some(us), Some(m)) = (ev.get("usage"), messages.last_mut()) {
                    take(m, us);
                }
                if let Some(r) = s(ev, &["delta", "stop_reason"]) {
                    e.raw_finish = Some(r.to_string());
                }
            }
            _ => {}
        }
    }
    // Blocks never stopped (a cut stream) still count as calls.
    e.tool_calls.extend(blocks.into_iter().map(|(_, n, a, g)| {
        (
            n,
            g.filter(|_| a.trim().is_empty())
                .unwrap_or_else(|| parse_args(&a)),
        )
    }));
    if !messages.is_empty()
        && messages
            .iter()
            .all(|m| m.input.is_some() && m.output.is_some())
    {
        let i = messages
            .iter()
            .map(|m| m.input.unwrap_or(0) + m.read + m.write)
            .sum();
        let o = messages.iter().map(|m| m.output.unwrap_or(0)).sum();
        e.usage = Some((i, o));
    }
    e
}

/// Gemini GenerateContentResponse events (or one body, or a JSON array of them).
pub fn gemini(events: &[Value]) -> Expect {
    let mut e = Expect::default();
    let flat: Vec<&Value> = events
        .iter()
        .flat_map(|v| match v {
            Value::Array(a) => a.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
        .collect();
    for ev in flat {
        let cand = ev.get("candidates").and_then(|c| c.get(0));
        if let Some(c) = cand {
            for p in c
                .get("content")
                .and_then(|c| c.get("parts"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let thought = p.get("thought").and_then(Value::as_bool).unwrap_or(false);
                if let Some(t) = s(p, &["text"]) {
                    if !thought {
                        e.text.push_str(t);
                    }
                }
                if let Some(fc) = p.get("functionCall") {
                    let named = s(fc, &["name"]).is_some_and(|n| !n.is_empty());
                    if fc.get("partialArgs").is_some() || fc.get("willContinue").is_some() || !named
                    {
                        // Vertex streams arguments as partialArgs pieces: a named part opens
                        // the call, unnamed parts continue it.
                        e.args_unchecked = true;
                        if named {
                            e.tool_calls
                                .push((s(fc, &["name"]).unwrap_or("").to_string(), Value::Null));
                        }
                        continue;
                    }
                    let args = fc
                        .get("args")
                        .cloned()
                        .unwrap_or(Value::Object(Default::default()));
                    e.tool_calls
                        .push((s(fc, &["name"]).unwrap_or("").to_string(), args));
                }
            }
            if let Some(f) = s(c, &["finishReason"]) {
                e.raw_finish = Some(f.to_string());
            }
        }
        if let Some(um) = ev.get("usageMetadata") {
            let i = u(um, &["promptTokenCount"]).unwrap_or(0)
                + u(um, &["toolUsePromptTokenCount"]).unwrap_or(0);
            let o = u(um, &["candidatesTokenCount"]).unwrap_or(0)
                + u(um, &["thoughtsTokenCount"]).unwrap_or(0);
            e.usage = Some((i, o));
        }
    }
    e
}

/// A Responses function call as the caller sees it: the `multi_tool_use.parallel` wrapper some
/// models emit (`{"tool_uses":[{"recipient_name":"functions.x","parameters":{…}}]}`) stands for
/// the calls inside it.
fn responses_calls(name: &str, arguments: &str) -> Vec<(String, Value)> {
    let args = parse_args(arguments);
    if name == "multi_tool_use.parallel" || name == "parallel" {
        if let Some(uses) = args.get("tool_uses").and_then(Value::as_array) {
            return uses
                .iter()
                .map(|u| {
                    let n = s(u, &["recipient_name"]).unwrap_or("");
                    (
                        n.strip_prefix("functions.").unwrap_or(n).to_string(),
                        u.get("parameters").cloned().unwrap_or(Value::Null),
                    )
                })
                .collect();
        }
    }
    vec![(name.to_string(), args)]
}

/// A client tool-call item (`function_call`, or `custom_tool_call` whose free-form input is a
/// JSON string); xAI runs its `custom_tool_call` items itself, so they are not client calls.
fn responses_item_calls(it: &Value, provider: &str) -> Vec<(String, Value)> {
    match s(it, &["type"]) {
        Some("function_call") => responses_calls(
            s(it, &["name"]).unwrap_or(""),
            s(it, &["arguments"]).unwrap_or(""),
        ),
        Some("custom_tool_call") if !provider.starts_with("xai") => {
            vec![(
                s(it, &["name"]).unwrap_or("").to_string(),
                Value::String(s(it, &["input"]).unwrap_or("").to_string()),
            )]
        }
        _ => vec![],
    }
}

/// OpenAI Responses: stream events or one `response` body. A stream ends at its first
/// `response.completed`/`incomplete`/`failed`: anything after it is not part of that response.
/// A text part's `output_text.done` is its full text when it extends the deltas (some streams
/// drop deltas); when it contradicts them, the streamed text stands.
pub fn responses(events: &[Value], provider: &str) -> Expect {
    let mut e = Expect::default();
    let mut body_response = None;
    let mut parts: Vec<(String, String)> = Vec::new(); // (part key, text)
                                                       // Keyed by position, not item_id: some hosts rotate item ids on every event.
    let key = |ev: &Value| {
        format!(
            "{}/{}",
            u(ev, &["output_index"]).unwrap_or(0),
            u(ev, &["content_index"]).unwrap_or(0)
        )
    };
    for ev in events {
        let ty = s(ev, &["type"]).unwrap_or("");
        match ty {
            "response.output_text.delta" => {
                let k = key(ev);
                let d = s(ev, &["delta"]).unwrap_or("");
                match parts.iter_mut().find(|p| p.0 == k) {
                    Some(p) => p.1.push_str(d),
                    None => parts.push((k, d.to_string())),
                }
            }
            "response.output_text.done" => {
                let k = key(ev);
                let full = s(ev, &["text"]).unwrap_or("");
                match parts.iter_mut().find(|p| p.0 == k) {
                    Some(p) if full.starts_with(p.1.as_str()) => p.1 = full.to_string(),
                    Some(_) => {}
                    None => parts.push((k, full.to_string())),
                }
            }
            "response.output_item.done" => {
                e.tool_calls.extend(responses_item_calls(
                    ev.get("item").unwrap_or(&Value::Null),
                    provider,
                ));
            }
            "response.completed" | "response.incomplete" | "response.failed" => {
                let r = ev.get("response").unwrap_or(&Value::Null);
                if let Some(us) = r.get("usage").filter(|v| v.is_object()) {
                    e.usage = Some((
                        u(us, &["input_tokens"]).unwrap_or(0),
                        u(us, &["output_tokens"]).unwrap_or(0),
                    ));
                }
                e.raw_finish = s(r, &["status"]).map(str::to_string);
                break;
            }
            _ if ev.get("object").and_then(Value::as_str) == Some("response") => {
                body_response = Some(ev)
            }
            _ => {}
        }
    }
    e.text = parts.into_iter().map(|p| p.1).collect();
    if let Some(r) = body_response {
        for it in r
            .get("output")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if s(it, &["type"]) == Some("message") {
                for c in it
                    .get("content")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if s(c, &["type"]) == Some("output_text") {
                        e.text.push_str(s(c, &["text"]).unwrap_or(""));
                    }
                }
            }
            e.tool_calls.extend(responses_item_calls(it, provider));
        }
        if let Some(us) = r.get("usage").filter(|v| v.is_object()) {
            e.usage = Some((
                u(us, &["input_tokens"]).unwrap_or(0),
                u(us, &["output_tokens"]).unwrap_or(0),
            ));
        }
        e.raw_finish = s(r, &["status"]).map(str::to_string);
    }
    e
}

/// Bedrock Converse: stream payloads keyed by event type, or one Converse body.
pub fn bedrock(events: &[Value]) -> Expect {
    let mut e = Expect::default();
    let mut calls: Vec<(u64, String, String)> = Vec::new();
    let usage_of = |us: &Value| {
        let i = u(us, &["inputTokens"]).unwrap_or(0)
            + u(us, &["cacheReadInputTokens"]).unwrap_or(0)
            + u(us, &["cacheWriteInputTokens"]).unwrap_or(0);
        (i, u(us, &["outputTokens"]).unwrap_or(0))
    };
    for ev in events {
        if let Some(m) = ev.get("output").and_then(|o| o.get("message")) {
            for c in m
                .get("content")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(t) = s(c, &["text"]) {
                    e.text.push_str(t);
                }
                if let Some(tu) = c.get("toolUse") {
                    e.tool_calls.push((
                        s(tu, &["name"]).unwrap_or("").to_string(),
                        tu.get("input").cloned().unwrap_or(Value::Null),
                    ));
                }
            }
            e.raw_finish = s(ev, &["stopReason"]).map(str::to_string);
            if let Some(us) = ev.get("usage") {
                e.usage = Some(usage_of(us));
            }
            continue;
        }
        let (kind, body) = match ev.as_object().and_then(|o| o.iter().next()) {
            Some((k, v)) if ev.as_object().map(|o| o.len()) == Some(1) => (k.as_str(), v),
            _ => (s(ev, &["__type"]).unwrap_or(""), ev),
        };
        match kind {
            "contentBlockStart" => {
                if let Some(tu) = body.get("start").and_then(|s| s.get("toolUse")) {
                    calls.push((
                        u(body, &["contentBlockIndex"]).unwrap_or(0),
                        s(tu, &["name"]).unwrap_or("").to_string(),
                        String::new(),
                    ));
                }
            }
            "contentBlockDelta" => {
                let d = body.get("delta").unwrap_or(&Value::Null);
                if let Some(t) = s(d, &["text"]) {
                    e.text.push_str(t);
                }
                if let Some(inp) = s(d, &["toolUse", "input"]) {
                    let idx = u(body, &["contentBlockIndex"]).unwrap_or(0);
                    if let Some(c) = calls.iter_mut().rev().find(|c| c.0 == idx) {
                        c.2.push_str(inp);
                    }
                }
            }
            "messageStop" => e.raw_finish = s(body, &["stopReason"]).map(str::to_string),
            "metadata" => {
                if let Some(us) = body.get("usage") {
                    e.usage = Some(usage_of(us));
                }
            }
            _ => {}
        }
    }
    e.tool_calls
        .extend(calls.into_iter().map(|(_, n, a)| (n, parse_args(&a))));
    e
}

/// Ollama `/api/chat` NDJSON lines or one body.
pub fn ollama(events: &[Value]) -> Expect {
    let mut e = Expect::default();
    for ev in events {
        if let Some(m) = ev.get("message") {
            e.text.push_str(s(m, &["content"]).unwrap_or(""));
            for tc in m
                .get("tool_calls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let args = tc
                    .get("function")
                    .and_then(|f| f.get("arguments"))
                    .cloned()
                    .unwrap_or(Value::Null);
                e.tool_calls
                    .push((s(tc, &["function", "name"]).unwrap_or("").to_string(), args));
            }
        }
        if ev.get("done").and_then(Value::as_bool) == Some(true) {
            e.raw_finish = s(ev, &["done_reason"]).map(str::to_string);
            if let (Some(i), Some(o)) = (u(ev, &["prompt_eval_count"]), u(ev, &["eval_count"])) {
                e.usage = Some((i, o));
            }
        }
    }
    e
}
