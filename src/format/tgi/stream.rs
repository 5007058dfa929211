//! The TGI `generate_stream` state machine (see the module docs).

use super::response::{check_error, on_details};
use crate::error::{ProviderError, Result};
use crate::format::openai_chat::json::{non_null, str_field};
use crate::format::{Emitter, StreamMachine, WireEvent};
use serde_json::Value;

/// Stream state machine for `generate_stream` SSE.
#[derive(Debug, Default)]
pub struct Stream {
    done: bool,
}

impl Stream {
    fn on_data(&mut self, data: &str, em: &mut Emitter) -> Result<()> {
        let data = data.trim();
        if data.is_empty() {
            return Ok(());
        }
        if data == "[DONE]" {
            // Not sent by TGI's generate route; tolerated from proxies that add it.
            return Ok(());
        }
        let v: Value = serde_json::from_str(data).map_err(|e| {
            em.fail(ProviderError::decode(alloc::format!(
                "TGI stream event is not JSON: {e}"
            )))
        })?;
        check_error(&v, em).map_err(|e| em.fail(e))?;
        em.metadata(None, None);
        if let Some(token) = non_null(&v, "token") {
            let special = token
                .get("special")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if !special {
                em.text(str_field(token, "text").unwrap_or(""));
            }
        }
        if let Some(details) = non_null(&v, "details") {
            on_details(details, em);
            self.done = true;
        } else if non_null(&v, "generated_text").is_some() {
            // The final event without `details` (details: false): the end all the same.
            self.done = true;
        }
        Ok(())
    }
}

impl StreamMachine for Stream {
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()> {
        match event {
            WireEvent::Sse(ev) => self.on_data(&ev.data, em),
            WireEvent::Line(line) => self.on_data(line.strip_prefix("data:").unwrap_or(line), em),
            WireEvent::Frame(_) => Err(em.fail(ProviderError::decode(
                "unexpected event-stream frame in a TGI stream",
            ))),
        }
    }

    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        if self.done {
            em.end();
            return Ok(());
        }
        Err(em.fail(ProviderError::network(
            "TGI stream ended before its final event (generated_text/details)",
        )))
    }
}
