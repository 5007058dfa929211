//! The gateway (feature `gateway`): an OpenAI- and Anthropic-compatible API in front of every
//! provider, run by the Worker in `worker/` through `src/wasm/gateway.rs`.
//!
//! * `POST /v1/chat/completions` and `POST /v1/responses` (OpenAI) and `POST /v1/messages`
//!   (Anthropic), streaming or not: any caller format to any provider, with per-route
//!   fallbacks;
//! * `POST /v1/messages/count_tokens` (the provider's count where it has a counting API, else
//!   the estimator's, flagged by `x-aster-estimated`);
//! * `POST /v1/embeddings` (OpenAI, float or base64) to every provider that serves embeddings
//!   ([`embed`]);
//! * `GET /v1/models`, `GET /v1/models/{id}`, `GET /health`; CORS preflights;
//! * a request id on every reply (`x-request-id`, and `request-id` for Anthropic clients).
//!
//! Security (DESIGN §7): every API request needs the gateway token ([`auth`], constant-time);
//! provider keys come from the Worker's secrets only ([`providers`]); the caller picks a model
//! name, never a URL or a host ([`routes`]); bodies are bounded (413); CORS is deliberate
//! ([`cors`]); errors come back in the caller's API shape ([`wire`]).
//!
//! Everything here is sans-IO except [`run`], which is generic over the client's `Transport`:
//! the Worker plugs in `fetch`, the tests a scripted transport.

pub mod auth;
pub mod config;
pub mod cors;
pub mod embed;
pub mod handle;
pub mod model_list;
pub mod providers;
pub mod routes;
pub mod run;
pub mod upstream;
pub mod wire;

pub use config::GatewayConfig;
pub use handle::{Begin, Gateway, Pending, RequestHead};
pub use run::{Call, Fed, Outcome, SseStream, Stepped};
pub use wire::{ClientApi, Reply};
