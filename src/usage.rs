//! Usage estimation and cost (DESIGN §3.2).

/// Estimates tokens from a UTF-8 byte length (about four bytes a token for English text).
pub fn estimate_tokens_from_len(bytes: u64) -> u64 {
    bytes.div_ceil(4)
}
