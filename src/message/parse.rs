//! Parsing of the canonical request from JSON.
use super::{Message, Request};
use crate::error::{ProviderError, Result};
use alloc::vec::Vec;
use serde_json::Value;

/// Parses a request object (messages plus options, camelCase or snake_case).
pub fn parse_request(_v: &Value) -> Result<Request> {
    Err(ProviderError::internal("not implemented"))
}

/// Parses a `messages` array.
pub fn parse_messages(_v: &Value) -> Result<Vec<Message>> {
    Err(ProviderError::internal("not implemented"))
}
