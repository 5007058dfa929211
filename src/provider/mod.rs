//! Providers: the [`ProviderKind`] table, configuration, detection, auth and signing.
//!
//! Everything here is sans-IO: a provider *builds* an [`HttpRequest`](crate::http::HttpRequest)
//! ([`build_request`]), signs it with the time it is given ([`Timestamp`]), and leaves sending to
//! the transport at the edge.
//!
//! * [`kind`]: the one table of the providers, a `match` into `kinds/`: one module per provider
//!   kind with everything that is that provider's own.
//! * [`config`]: TOML and JS-object configuration; [`Secret`] keeps credentials out of `Debug`.
//! * [`detect`]: `create()` detection, `create_with_named_model()`, the custom registry.
//! * [`env`](mod@env): filling a configuration from the environment (the shared steps).
//! * `encode_context`: `EncodeContext::new`, the encoder's context with its kind's rules.
//! * [`request`]: building a request: the kind's target, body and header rules, auth.
//! * [`sigv4`]: AWS Signature Version 4 (Bedrock, SageMaker).
//! * [`vertex`]: Vertex access tokens from a service account (JWT bearer grant, token cache).

pub mod auth;
pub mod config;
mod config_parse;
pub(crate) mod config_value;
pub mod detect;
pub(crate) mod embed_shape;
mod encode_context;
pub(crate) use encode_context::responses_rules;
pub mod env;
pub mod kind;
pub(crate) mod kinds;
pub mod mock;
pub mod request;
pub mod sigv4;
mod time;
pub mod vertex;

pub use auth::Secret;
pub use config::{Api, Config, ConfigSource, CustomProvider, ProviderConfig};
pub use detect::{
    create, create_with_named_model, refresh_custom_providers, CustomRegistry, Detection, Env,
};
pub use kind::{AuthScheme, KindInfo, ProviderKind};
pub use request::{build_request, build_request_from_body, resolve_target, BuiltRequest, Target};
pub use time::Timestamp;
