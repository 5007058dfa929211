//! The one scripted [`Transport`] of the tests (the client's, the gateway flow's, the provider
//! kinds'): each `send` takes the next [`Step`] (a response head and body pieces, optionally
//! failing after them, or a connection error; none left: a refused connection), and every sent
//! request and every retry wait is recorded. Nothing waits, so [`block_on`] drives it.

use aster::chunk::Chunk;
use aster::client::{Backend, ChunkStream, Client, ResponseBody, Transport};
use aster::error::{ErrorKind, ProviderError, Result};
use aster::http::{Headers, HttpRequest, HttpResponseHead};
use aster::provider::mock::MockConfig;
use aster::provider::{ProviderConfig, Secret};
use aster::retry::RetryConfig;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Runs a future whose awaits all complete at once (the scripted transport never waits).
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("future did not complete");
}

/// One scripted response: a head and body pieces, or a connection error; optionally an error
/// after the pieces (a reset mid-body).
pub enum Step {
    Respond {
        status: u16,
        headers: Vec<(&'static str, String)>,
        pieces: Vec<Vec<u8>>,
        then: Option<ProviderError>,
    },
    Fail(ProviderError),
}

#[derive(Default)]
pub struct Script {
    pub steps: RefCell<VecDeque<Step>>,
    pub sent: RefCell<Vec<HttpRequest>>,
    pub sleeps: RefCell<Vec<u64>>,
    pub abort_sleeps: bool,
}

#[derive(Clone)]
pub struct Fake(pub Rc<Script>);

pub struct Body {
    pieces: VecDeque<Vec<u8>>,
    then: Option<ProviderError>,
}

impl ResponseBody for Body {
    async fn next(&mut self) -> Result<Option<Vec<u8>>> {
        if let Some(p) = self.pieces.pop_front() {
            return Ok(Some(p));
        }
        match self.then.take() {
            Some(e) => Err(e),
            None => Ok(None),
        }
    }
}

impl Transport for Fake {
    type Body = Body;

    async fn send(&self, req: &HttpRequest) -> Result<(HttpResponseHead, Body)> {
        self.0.sent.borrow_mut().push(req.clone());
        // No step left: nothing listens there.
        let step = self.0.steps.borrow_mut().pop_front();
        match step.unwrap_or_else(|| Step::Fail(ProviderError::network("connection refused"))) {
            Step::Fail(e) => Err(e),
            Step::Respond {
                status,
                headers,
                pieces,
                then,
            } => Ok((
                HttpResponseHead {
                    status,
                    headers: headers.into_iter().collect::<Headers>(),
                },
                Body {
                    pieces: pieces.into(),
                    then,
                },
            )),
        }
    }

    async fn sleep(&self, ms: u64) -> Result<()> {
        self.0.sleeps.borrow_mut().push(ms);
        if self.0.abort_sleeps {
            return Err(ProviderError::new(ErrorKind::Aborted, "aborted"));
        }
        Ok(())
    }

    fn now_ms(&self) -> u64 {
        1_764_000_000_000
    }

    fn random(&self) -> f64 {
        0.5
    }

    async fn sign_rs256(&self, _key: &Secret, message: &[u8]) -> Result<Vec<u8>> {
        assert!(!message.is_empty());
        Ok(b"fake-signature".to_vec())
    }
}

pub fn ok_sse(body: &[u8], piece: usize) -> Step {
    Step::Respond {
        status: 200,
        headers: vec![("content-type", "text/event-stream".into())],
        pieces: body.chunks(piece).map(<[u8]>::to_vec).collect(),
        then: None,
    }
}

/// A JSON answer with status 200, its body in `pieces` reads.
pub fn ok_json(v: &Value, pieces: usize) -> Step {
    let body = serde_json::to_vec(v).unwrap();
    let size = body.len().div_ceil(pieces.max(1));
    Step::Respond {
        status: 200,
        headers: vec![("content-type", "application/json".into())],
        pieces: body.chunks(size).map(<[u8]>::to_vec).collect(),
        then: None,
    }
}

/// A client of `cfg` over `script`, retrying up to `max_retries` times.
pub fn scripted_client(cfg: ProviderConfig, script: &Rc<Script>, max_retries: u32) -> Client<Fake> {
    let retry = RetryConfig {
        max_retries,
        ..RetryConfig::default()
    };
    Client::new(
        Backend::from_config(cfg, Some(retry), MockConfig::default()),
        Fake(script.clone()),
    )
}

/// A Vertex AI configuration of `model` (project `proj`, plus `extra` settings) that
/// authenticates with a service account: its JWT is signed by [`Fake::sign_rs256`] and
/// exchanged at Google's token endpoint, which the script answers with [`token_answer`].
pub fn vertex_service_account(model: &str, extra: Value) -> ProviderConfig {
    let mut obj = serde_json::json!({
        "type": "gcpvertexai",
        "model": model,
        "credentials": {
            "type": "service_account",
            "client_email": "svc@proj.iam.gserviceaccount.com",
            "private_key": "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
            "project_id": "proj",
        },
    });
    if let (Some(o), Value::Object(e)) = (obj.as_object_mut(), extra) {
        o.extend(e);
    }
    aster::provider::Config::from_object(&obj)
        .expect("config")
        .provider
        .expect("provider")
}

/// Google's token endpoint granting `ya29.token` for `expires_in` seconds.
pub fn token_answer(expires_in: u64) -> Step {
    error_step(
        200,
        vec![],
        &format!(
            r#"{{"access_token":"ya29.token","expires_in":{expires_in},"token_type":"Bearer"}}"#
        ),
    )
}

pub fn error_step(status: u16, headers: Vec<(&'static str, String)>, body: &str) -> Step {
    Step::Respond {
        status,
        headers,
        pieces: vec![body.as_bytes().to_vec()],
        then: None,
    }
}

/// Drains a stream; returns the chunks and the error that ended it.
pub fn drain(mut s: ChunkStream<Fake>) -> (Vec<Chunk>, Option<ProviderError>) {
    let mut out = Vec::new();
    loop {
        match block_on(s.next_batch()) {
            Ok(Some(b)) => out.extend(b),
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e)),
        }
    }
}
