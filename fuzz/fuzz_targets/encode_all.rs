//! What the request-parsing targets share: a parsed request encoded in every wire format.

use aster::format::{encode, EncodeContext, WireFormat};
use aster::message::Request;

/// Encodes `req` for `model` in every format; errors are fine, panics are findings.
pub fn encode_all(req: &Request, model: &str, stream: bool) {
    for format in WireFormat::ALL {
        let ctx = EncodeContext::new(format.name(), model, stream);
        let _ = encode(format, req, &ctx);
    }
}
