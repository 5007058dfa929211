//! A scripted [`Transport`] for the gateway flow tests: each `send` takes the next scripted
//! response (status, headers, body pieces, optional failure after the pieces) and records the
//! request; sleeping returns at once. With every future ready on first poll, `block_on` is a
//! single poll with a no-op waker.

use aster::client::{ResponseBody, Transport};
use aster::error::{ProviderError, Result};
use aster::http::{Headers, HttpRequest, HttpResponseHead};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// One scripted upstream response.
#[derive(Clone, Debug)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub pieces: Vec<Vec<u8>>,
    /// Fail the body read after the pieces (a connection reset).
    pub reset: bool,
}

impl Scripted {
    /// A 200 SSE response whose body arrives in pieces of `piece` bytes.
    pub fn sse(body: &[u8], piece: usize) -> Scripted {
        Scripted {
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            pieces: body.chunks(piece.max(1)).map(<[u8]>::to_vec).collect(),
            reset: false,
        }
    }

    /// An error response with a JSON body.
    pub fn error(status: u16, body: &str, headers: &[(&str, &str)]) -> Scripted {
        let mut h: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        h.push(("content-type".into(), "application/json".into()));
        Scripted {
            status,
            headers: h,
            pieces: vec![body.as_bytes().to_vec()],
            reset: false,
        }
    }
}

#[derive(Clone, Default)]
pub struct Script {
    pub responses: Rc<RefCell<VecDeque<Scripted>>>,
    pub requests: Rc<RefCell<Vec<HttpRequest>>>,
}

impl Script {
    pub fn new(responses: Vec<Scripted>) -> Script {
        Script {
            responses: Rc::new(RefCell::new(responses.into())),
            requests: Rc::default(),
        }
    }

    pub fn sent(&self) -> Vec<HttpRequest> {
        self.requests.borrow().clone()
    }
}

pub struct Body {
    pieces: VecDeque<Vec<u8>>,
    reset: bool,
}

impl ResponseBody for Body {
    async fn next(&mut self) -> Result<Option<Vec<u8>>> {
        match self.pieces.pop_front() {
            Some(p) => Ok(Some(p)),
            None if self.reset => {
                self.reset = false;
                Err(ProviderError::network("connection reset by peer"))
            }
            None => Ok(None),
        }
    }
}

impl Transport for Script {
    type Body = Body;

    async fn send(&self, req: &HttpRequest) -> Result<(HttpResponseHead, Body)> {
        self.requests.borrow_mut().push(req.clone());
        let Some(r) = self.responses.borrow_mut().pop_front() else {
            return Err(ProviderError::network("connection refused"));
        };
        let headers: Headers = r.headers.iter().cloned().collect();
        Ok((
            HttpResponseHead {
                status: r.status,
                headers,
            },
            Body {
                pieces: r.pieces.into(),
                reset: r.reset,
            },
        ))
    }

    async fn sleep(&self, _ms: u64) -> Result<()> {
        Ok(())
    }

    fn now_ms(&self) -> u64 {
        1_750_000_000_000
    }

    fn random(&self) -> f64 {
        0.5
    }
}
