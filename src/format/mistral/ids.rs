//! Mistral's tool-call id rule: exactly 9 characters from `[a-zA-Z0-9]`.

use alloc::string::String;

const ALPHABET: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The id to send to Mistral for a tool-call id: unchanged when it already follows the rule,
/// else 9 base-62 digits of a 64-bit FNV-1a hash of it. Deterministic, so the `tool_use` and
/// the `tool_result` that refers to it get the same id.
pub fn tool_id(id: &str) -> String {
    if id.len() == 9 && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return String::from(id);
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut out = String::with_capacity(9);
    for _ in 0..9 {
        let digit = (h % 62) as usize;
        out.push(char::from(ALPHABET.get(digit).copied().unwrap_or(b'0')));
        h /= 62;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_valid_ids_and_maps_others_consistently() {
        assert_eq!(tool_id("gSIMJiOkT"), "gSIMJiOkT");
        let a = tool_id("call_yakbak_fixture_0");
        assert_eq!(a.len(), 9);
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(a, tool_id("call_yakbak_fixture_0"));
        assert_ne!(a, tool_id("call_yakbak_fixture_1"));
    }
}
