//! The gateway flow tests' way of writing upstream responses ([`Scripted`]: status, headers,
//! body pieces, a reset after them), played by the one scripted transport of the tests,
//! `common::script`. [`Script`] is a handle to it that records what was sent.

use crate::common::script::{self as common, Fake, Step};
use aster::error::ProviderError;
use aster::http::HttpRequest;
use std::rc::Rc;

/// One scripted upstream response.
#[derive(Clone, Debug)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub pieces: Vec<Vec<u8>>,
    /// Fail the body read after the pieces (a connection reset).
    pub reset: bool,
}

impl Scripted {
    /// A 200 SSE response whose body arrives in pieces of `piece` bytes.
    pub fn sse(body: &[u8], piece: usize) -> Scripted {
        Scripted {
            status: 200,
            headers: vec![("content-type", "text/event-stream".into())],
            pieces: body.chunks(piece.max(1)).map(<[u8]>::to_vec).collect(),
            reset: false,
        }
    }

    /// An error response with a JSON body.
    pub fn error(status: u16, body: &str, headers: &[(&'static str, &str)]) -> Scripted {
        let mut h: Vec<(&'static str, String)> =
            headers.iter().map(|(k, v)| (*k, v.to_string())).collect();
        h.push(("content-type", "application/json".into()));
        Scripted {
            status,
            headers: h,
            pieces: vec![body.as_bytes().to_vec()],
            reset: false,
        }
    }

    fn step(self) -> Step {
        Step::Respond {
            status: self.status,
            headers: self.headers,
            pieces: self.pieces,
            then: self
                .reset
                .then(|| ProviderError::network("connection reset by peer")),
        }
    }
}

/// The scripted upstream: a queue of responses (none left: a refused connection).
#[derive(Clone, Default)]
pub struct Script(Rc<common::Script>);

impl Script {
    pub fn new(responses: Vec<Scripted>) -> Script {
        let s = common::Script::default();
        s.steps
            .borrow_mut()
            .extend(responses.into_iter().map(Scripted::step));
        Script(Rc::new(s))
    }

    /// The transport to run a call on.
    pub fn transport(&self) -> Fake {
        Fake(self.0.clone())
    }

    pub fn sent(&self) -> Vec<HttpRequest> {
        self.0.sent.borrow().clone()
    }
}
