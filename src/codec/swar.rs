//! Eight bytes at a time in a `u64` ("SIMD within a register"): the byte searches of the line
//! splitter and the JSON scanner. wasm32 has native 64-bit integer operations, so a word
//! costs about what one byte does in a byte loop.
//!
//! Each mask has the high bit set in the bytes that match. Only its lowest set bit is exact
//! (a borrow can set bits above a real match, never below one), so callers take the first
//! match with [`first`] and never count matches; an OR of masks keeps that property.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The word of the eight bytes `b[i..i + 8]` (little-endian), or `None` past the end.
pub(crate) fn word(b: &[u8], i: usize) -> Option<u64> {
    let mut a = [0u8; 8];
    a.copy_from_slice(b.get(i..i.checked_add(8)?)?);
    Some(u64::from_le_bytes(a))
}

/// The bytes of `w` equal to `x`.
pub(crate) fn eq(w: u64, x: u8) -> u64 {
    let z = w ^ (LO * u64::from(x));
    z.wrapping_sub(LO) & !z & HI
}

/// The bytes of `w` below `n` (`n` ≤ 0x80).
#[cfg(any(test, feature = "fast-decode"))]
pub(crate) fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(LO * u64::from(n)) & !w & HI
}

/// Whether all eight bytes of `w` are ASCII (the batch encoding's UTF-16 lengths).
#[cfg(feature = "wasm")]
pub(crate) fn is_ascii(w: u64) -> bool {
    w & HI == 0
}

/// The index (0–7) of the first matching byte of a non-zero mask.
pub(crate) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a byte loop, for every byte value at every position, with every other byte
    /// of the word set to a value that provokes borrows (0x00, 0x01, 0x80, 0xff, the target).
    #[test]
    fn masks_find_the_first_match_exactly() {
        let fill = [0x00u8, 0x01, 0x1f, 0x20, 0x22, 0x5c, 0x80, 0xa2, 0xff];
        for &f in &fill {
            for pos in 0..8 {
                for v in 0..=255u8 {
                    let mut b = [f; 8];
                    b[pos] = v;
                    let w = word(&b, 0).unwrap();
                    for x in [b'"', b'\\', b'\n', b'\r', 0u8, 0xff] {
                        let m = eq(w, x);
                        assert_eq!(
                            (m != 0).then(|| first(m)),
                            b.iter().position(|&c| c == x),
                            "{b:?} eq {x}"
                        );
                    }
                    for n in [0x20u8, 0x01, 0x80] {
                        let m = below(w, n);
                        assert_eq!(
                            (m != 0).then(|| first(m)),
                            b.iter().position(|&c| c < n),
                            "{b:?} below {n}"
                        );
                    }
                    let m = eq(w, b'"') | eq(w, b'\\') | below(w, 0x20);
                    assert_eq!(
                        (m != 0).then(|| first(m)),
                        b.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20),
                        "{b:?} string stop"
                    );
                }
            }
        }
    }
}
