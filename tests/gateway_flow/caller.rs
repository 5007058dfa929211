//! Drives one request through the gateway as the Worker edge does: head, body, run, then the
//! stream read piece by piece: pulled through `SseStream::next` ([`call`]), or, as the Worker
//! does for an HTTP upstream, the upstream body detached and each read fed to
//! `SseStream::feed` ([`call_fed`]).

use super::script::Script;
use crate::common::script::block_on;
use aster::client::ResponseBody;
use aster::gateway::{Begin, Gateway, Outcome, RequestHead};
use aster::http::Headers;
use serde_json::Value;

pub struct Answer {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
    /// Body pieces as the edge would send them (one per upstream read).
    pub pieces: usize,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// The JSON of every `data:` line of an SSE body (except `[DONE]`).
    pub fn events(&self) -> Vec<Value> {
        self.text()
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter(|d| *d != "[DONE]")
            .map(|d| serde_json::from_str(d).unwrap())
            .collect()
    }
}

pub fn call(
    gw: &Gateway,
    script: &Script,
    path: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> Answer {
    call_as(gw, script, path, headers, body, false)
}

/// [`call`], with the stream's upstream body read by the edge and fed to the gateway (where it
/// can be detached: an HTTP upstream's streamed body).
pub fn call_fed(
    gw: &Gateway,
    script: &Script,
    path: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> Answer {
    call_as(gw, script, path, headers, body, true)
}

fn call_as(
    gw: &Gateway,
    script: &Script,
    path: &str,
    headers: &[(&str, &str)],
    body: &Value,
    fed: bool,
) -> Answer {
    let mut h: Headers = headers.iter().map(|(k, v)| (*k, *v)).collect();
    let bytes = serde_json::to_vec(body).unwrap();
    h.set("content-length", bytes.len().to_string());
    let head = RequestHead {
        method: "POST".into(),
        url: format!("http://127.0.0.1:8787{path}"),
        headers: h,
        request_id: "req_test".into(),
    };
    let pending = match gw.begin(&head) {
        Begin::Reply(r) => {
            return Answer {
                status: r.status,
                headers: r.headers,
                body: r.body,
                pieces: 1,
            }
        }
        Begin::ReadBody(p) => p,
    };
    let call = match pending.finish(&bytes, 1_750_000_000_000) {
        Ok(c) => c,
        Err(r) => {
            return Answer {
                status: r.status,
                headers: r.headers,
                body: r.body,
                pieces: 1,
            }
        }
    };
    match block_on(call.run(script.transport())) {
        Outcome::Reply(r) => Answer {
            status: r.status,
            headers: r.headers,
            body: r.body,
            pieces: 1,
        },
        Outcome::Stream(mut s) => {
            let headers = s.headers().clone();
            let mut body = Vec::new();
            let mut pieces = 0;
            let mut push = |p: Vec<u8>| {
                if !p.is_empty() {
                    body.extend_from_slice(&p);
                    pieces += 1;
                }
            };
            let detached = if fed { s.detach_body() } else { None };
            match detached {
                Some(mut upstream) => {
                    push(s.take_first().unwrap_or_default());
                    while !s.is_finished() {
                        let read = block_on(upstream.next());
                        let last = !matches!(read, Ok(Some(_)));
                        push(match &read {
                            Ok(b) => s.feed(Ok(b.as_deref())),
                            Err(e) => s.feed(Err(e.clone())),
                        });
                        if last {
                            break;
                        }
                    }
                }
                None => {
                    while let Some(p) = block_on(s.next()) {
                        push(p);
                    }
                }
            }
            Answer {
                status: 200,
                headers,
                body,
                pieces,
            }
        }
    }
}
