//! The ConverseStream state machine.
//!
//! Input is AWS event-stream frames (`:message-type` `event` with `:event-type`
//! `messageStart`, `contentBlockStart`, `contentBlockDelta`, `contentBlockStop`,
//! `messageStop`, `metadata`; `exception` frames with `:exception-type`). Each event's payload
//! is the inner object. The same events as JSON lines wrapped in their name
//! (`{"contentBlockDelta": {…}}`, the shape AWS SDKs yield and the recorded
//! `chunks/bedrock-converse/*.chunks.txt` hold) are read too.
//!
//! `metadata` (usage) comes *after* `messageStop`, so the stream ends at the end of the body:
//! a body that saw `messageStop` is complete; one that did not was cut (`network` error).

use super::error::{exception_error, frame_error};
use super::finish::finish_reason;
use super::usage::usage_from;
use crate::error::{ProviderError, Result};
use crate::format::{Emitter, StreamMachine, ToolKey, WireEvent};
use alloc::format;
use serde_json::Value;

/// The ConverseStream state machine. See the module docs.
#[derive(Debug, Default)]
pub struct Stream {
    stopped: bool,
}

fn index_of(v: &Value) -> u64 {
    v.get("contentBlockIndex")
        .and_then(Value::as_u64)
        .unwrap_or(0)
}

impl Stream {
    /// Handles one event given its name and payload.
    fn on_named(&mut self, name: &str, v: &Value, em: &mut Emitter) -> Result<()> {
        match name {
            "messageStart" => em.metadata(None, None),
            "contentBlockStart" => {
                if let Some(tu) = v.get("start").and_then(|s| s.get("toolUse")) {
                    let s = |k: &str| tu.get(k).and_then(Value::as_str);
                    em.tool_start(
                        ToolKey::Index(index_of(v)),
                        s("toolUseId"),
                        s("name").unwrap_or(""),
                    );
                }
            }
            "contentBlockDelta" => {
                let d = v.get("delta").unwrap_or(&Value::Null);
                if let Some(t) = d.get("text").and_then(Value::as_str) {
                    em.text(t);
                } else if let Some(r) = d.get("reasoningContent") {
                    let s = |k: &str| r.get(k).and_then(Value::as_str);
                    em.reasoning(
                        s("text").unwrap_or(""),
                        s("signature"),
                        s("redactedContent"),
                    );
                } else if let Some(input) = d
                    .get("toolUse")
                    .and_then(|t| t.get("input"))
                    .and_then(Value::as_str)
                {
                    em.tool_delta(&ToolKey::Index(index_of(v)), input)?;
                }
            }
            "contentBlockStop" => em.tool_end(&ToolKey::Index(index_of(v))),
            "messageStop" => {
                if let Some(r) = v.get("stopReason").and_then(Value::as_str) {
                    em.set_finish(finish_reason(r), Some(r));
                }
                self.stopped = true;
            }
            "metadata" => {
                if let Some(u) = v.get("usage") {
                    em.set_usage(usage_from(u));
                }
            }
            n if n.ends_with("Exception") => {
                return Err(exception_error(n, v));
            }
            // Anything new.
            _ => {}
        }
        Ok(())
    }

    fn on_line(&mut self, line: &str, em: &mut Emitter) -> Result<()> {
        if line.trim().is_empty() {
            return Ok(());
        }
        let v: Value = serde_json::from_str(line)
            .map_err(|e| ProviderError::decode(format!("stream event is not JSON: {e}")))?;
        let Some(obj) = v.as_object() else {
            return Err(ProviderError::decode("stream event is not a JSON object"));
        };
        for (name, payload) in obj {
            self.on_named(name, payload, em)?;
        }
        Ok(())
    }
}

impl StreamMachine for Stream {
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()> {
        match event {
            WireEvent::Frame(f) => {
                if let Some(e) = frame_error(f) {
                    return Err(e);
                }
                let Some(name) = f.header_str(":event-type") else {
                    return Ok(());
                };
                let v: Value = if f.payload.is_empty() {
                    Value::Null
                } else {
                    crate::json::value(&f.payload).map_err(|e| {
                        ProviderError::decode(format!("{name} payload is not JSON: {e}"))
                    })?
                };
                self.on_named(name, &v, em)
            }
            WireEvent::Line(line) => self.on_line(line, em),
            WireEvent::Sse(ev) => self.on_line(&ev.data, em),
        }
    }

    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        if self.stopped {
            em.end();
            Ok(())
        } else {
            Err(em.fail(ProviderError::network("stream ended before messageStop")))
        }
    }
}
