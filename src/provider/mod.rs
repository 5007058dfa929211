//! Providers: the `ProviderKind` table, configuration, detection, auth and signing.
use crate::codec::Frame;
use crate::error::Result;

pub mod auth;
pub mod sigv4;
mod time;

pub use auth::Secret;
pub use time::Timestamp;

/// The bytes of a SageMaker `PayloadPart` frame, or `None` for other frames.
pub fn sagemaker_payload(_frame: &Frame) -> Result<Option<&[u8]>> {
    Ok(None)
}
