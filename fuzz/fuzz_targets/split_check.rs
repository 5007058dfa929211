//! The split-invariance check the three codec targets share: whole input, input split at a
//! data-derived point, and input fed byte by byte must give the same events and the same end.

use aster::codec::{decode_parts, Decoder};
use core::fmt::Debug;

/// Asserts split invariance for `data`; the cut point comes from `seed`.
pub fn check<D: Decoder>(data: &[u8], seed: Option<&u8>)
where
    D::Event: PartialEq + Debug,
{
    let cut = seed.map_or(0, |b| *b as usize * 7919) % (data.len() + 1);
    let whole = decode_parts::<D>(&[data]);
    let split = decode_parts::<D>(&[&data[..cut], &data[cut..]]);
    let bytes = data.iter().map(core::slice::from_ref).collect::<Vec<_>>();
    let single = decode_parts::<D>(&bytes);
    assert_eq!(whole, split, "split at {cut}");
    assert_eq!(whole, single, "byte by byte");
}
