//! Providers: the `ProviderKind` table, configuration, detection, auth and signing.
use crate::codec::Frame;
use crate::error::Result;

pub mod mock;

/// The bytes of a SageMaker `PayloadPart` frame, or `None` for other frames.
pub fn sagemaker_payload(_frame: &Frame) -> Result<Option<&[u8]>> {
    Ok(None)
}
