//! The built-in mock's embeddings (`mock/embed`, or any mock model): deterministic unit
//! vectors derived from the text alone, so tests and the playground need no key. The same
//! text always gives the same vector, on every platform; different texts give different ones.

use super::{estimate, EmbedRequest, EmbedResponse, EmbedUsage};
use alloc::string::String;
use alloc::vec::Vec;

/// Vector length when the request asks for none.
pub const DEFAULT_DIMENSIONS: u32 = 16;
/// Longest vector the mock makes (a bound on memory for any `dimensions`).
pub const MAX_DIMENSIONS: u32 = 4096;

/// Embeds `req` on the mock `model`.
pub fn embed(req: &EmbedRequest, model: &str) -> EmbedResponse {
    let dims = req
        .dimensions
        .unwrap_or(DEFAULT_DIMENSIONS)
        .clamp(1, MAX_DIMENSIONS) as usize;
    let embeddings = req.input.iter().map(|t| vector(t, dims)).collect();
    EmbedResponse {
        embeddings,
        // Free, as the mock's chat usage is.
        usage: EmbedUsage {
            input_tokens: estimate(&req.input),
            total_cost: Some(0.0),
            estimated: false,
        },
        model: String::from(model),
        warnings: Vec::new(),
    }
}

/// The unit vector of `text` with `dims` components: component `i` is FNV-1a of the text
/// seeded with `i`, mapped to [-1, 1], then the whole vector is scaled to length 1.
pub fn vector(text: &str, dims: usize) -> Vec<f64> {
    let mut v: Vec<f64> = (0..dims as u64)
        .map(|i| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            for b in text.as_bytes() {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            // Mix the high bits down: FNV's low bits are weak.
            h ^= h >> 33;
            h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
            h ^= h >> 33;
            (h >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
        })
        .collect();
    let norm = sqrt(v.iter().map(|x| x * x).sum::<f64>());
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    } else if let Some(first) = v.first_mut() {
        *first = 1.0;
    }
    // Values a float32 holds exactly: base64 (float32) and float answers of the gateway agree.
    v.into_iter().map(|x| f64::from(x as f32)).collect()
}

/// Square root by Newton's method (`core` has no `f64::sqrt` without `std`); exact to the
/// last bit or two for the sums of squares above, which lie in (0, dims].
fn sqrt(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let mut r = if x > 1.0 { x } else { 1.0 };
    for _ in 0..64 {
        let next = 0.5 * (r + x / r);
        if next >= r {
            break;
        }
        r = next;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_length_and_deterministic() {
        let a = vector("hello", 16);
        assert_eq!(a, vector("hello", 16));
        assert_ne!(a, vector("hellp", 16));
        let n: f64 = a.iter().map(|x| x * x).sum();
        assert!((n - 1.0).abs() < 1e-5, "{n}");
        assert_eq!(sqrt(2.25), 1.5);
        assert_eq!(sqrt(16.0), 4.0);
    }
}
