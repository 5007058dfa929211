//! Drives one request through the gateway as the Worker edge does: head, body, run, then the
//! stream read piece by piece: pulled through `SseStream::next` ([`call`]), or, as the Worker
//! does for an HTTP upstream, the upstream body detached and each read fed to
//! `SseStream::feed` ([`Edge::Fed`]); or, as the Worker steps a request, the first target's
//! request sent by the edge and its first reads fed to `Stepped::feed` until the first
//! output, anything else resumed in `Stepped::resume` ([`Edge::Stepped`]).

use super::script::Script;
use crate::common::script::block_on;
use aster::client::{ResponseBody, Transport};
use aster::gateway::{Begin, Call, Fed, Gateway, Outcome, RequestHead};
use aster::http::Headers;
use serde_json::Value;

/// How the edge drives a request.
#[derive(Clone, Copy, PartialEq)]
pub enum Edge {
    /// The stream pulled through `SseStream::next`.
    Pulled,
    /// The upstream body detached and each read fed to `SseStream::feed`.
    Fed,
    /// The request stepped ([`Call::step`]), then fed.
    Stepped,
}

pub struct Answer {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
    /// Body pieces as the edge would send them (one per upstream read).
    pub pieces: usize,
    /// Whether the edge sent the first upstream request itself ([`Edge::Stepped`]).
    pub stepped: bool,
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
    call_by(gw, script, path, headers, body, Edge::Pulled)
}

/// [`call`], driven by the edge as `edge` says.
pub fn call_by(
    gw: &Gateway,
    script: &Script,
    path: &str,
    headers: &[(&str, &str)],
    body: &Value,
    edge: Edge,
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
                stepped: false,
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
                stepped: false,
            }
        }
    };
    let (outcome, stepped_body, stepped) = if edge == Edge::Stepped {
        step(call, script)
    } else {
        (block_on(call.run(script.transport())), None, false)
    };
    match outcome {
        Outcome::Reply(r) => Answer {
            status: r.status,
            headers: r.headers,
            body: r.body,
            pieces: 1,
            stepped,
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
            let detached = match edge {
                Edge::Pulled => None,
                Edge::Fed => s.detach_body(),
                Edge::Stepped => stepped_body.or_else(|| s.detach_body()),
            };
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
                stepped,
            }
        }
    }
}

type Body = <crate::common::script::Fake as Transport>::Body;

/// The Worker's steps: the first target's request sent here, its first reads fed until the
/// first output (then the body read on by the caller), anything else resumed. Returns the
/// outcome, for a stream stepped to its first output the body this edge reads, and whether
/// the call was stepped at all.
fn step(call: Call, script: &Script) -> (Outcome<crate::common::script::Fake>, Option<Body>, bool) {
    let transport = script.transport();
    let (mut stepped, http) = match Box::new(call).step(transport.clone()) {
        Ok(s) => s,
        Err(call) => return (block_on(call.run(transport)), None, false),
    };
    let sent = block_on(transport.send(&http));
    if stepped.on_response(sent) {
        let mut upstream = stepped.detach_body().expect("a streamed body to read");
        loop {
            let read = block_on(upstream.next());
            let fed = match &read {
                Ok(b) => stepped.feed(Ok(b.as_deref())),
                Err(e) => stepped.feed(Err(e.clone())),
            };
            match fed {
                Fed::More => continue,
                Fed::Ready => return (stepped.into_outcome(), Some(upstream), true),
                Fed::Resume => break,
            }
        }
    }
    (block_on(stepped.resume(transport)), None, true)
}
