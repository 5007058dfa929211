//! The Ollama NDJSON stream state machine (see the module docs).

use super::response::on_object;
use crate::error::{ProviderError, Result};
use crate::format::{Emitter, StreamMachine, WireEvent};
use serde_json::Value;

/// Stream state machine for `/api/chat` NDJSON.
#[derive(Debug, Default)]
pub struct Stream {
    done: bool,
}

impl Stream {
    fn on_text(&mut self, line: &str, em: &mut Emitter) -> Result<()> {
        let line = line.trim();
        if line.is_empty() {
            return Ok(());
        }
        let v: Value = serde_json::from_str(line).map_err(|e| {
            em.fail(ProviderError::decode(alloc::format!(
                "Ollama stream line is not JSON: {e}"
            )))
        })?;
        if on_object(&v, em).map_err(|e| em.fail(e))? {
            self.done = true;
        }
        Ok(())
    }
}

impl StreamMachine for Stream {
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()> {
        match event {
            WireEvent::Line(line) => self.on_text(line, em),
            // The same objects framed as SSE (some proxies re-frame NDJSON).
            WireEvent::Sse(ev) => self.on_text(&ev.data, em),
            WireEvent::Frame(_) => Err(em.fail(ProviderError::decode(
                "unexpected binary frame in an Ollama stream",
            ))),
        }
    }

    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        if self.done {
            em.end();
            return Ok(());
        }
        Err(em.fail(ProviderError::network(
            "Ollama stream ended before its done: true line",
        )))
    }
}
