//! The split-invariance check the three codec targets share: whole input, input split at a
//! data-derived point, and input fed byte by byte must give the same events and the same end.

use aster::codec::{CodecError, EventStreamDecoder, NdjsonDecoder, SseDecoder};

/// A codec's `feed`/`finish` pair, whatever its event type.
pub trait Codec: Default {
    type Event: PartialEq + core::fmt::Debug;
    fn feed(&mut self, input: &[u8], out: &mut Vec<Self::Event>) -> Result<(), CodecError>;
    fn finish(&mut self, out: &mut Vec<Self::Event>) -> Result<(), CodecError>;
}

macro_rules! codec {
    ($t:ty, $e:ty) => {
        impl Codec for $t {
            type Event = $e;
            fn feed(&mut self, input: &[u8], out: &mut Vec<$e>) -> Result<(), CodecError> {
                <$t>::feed(self, input, out)
            }
            fn finish(&mut self, out: &mut Vec<$e>) -> Result<(), CodecError> {
                <$t>::finish(self, out)
            }
        }
    };
}
codec!(SseDecoder, aster::codec::SseEvent);
codec!(NdjsonDecoder, String);
codec!(EventStreamDecoder, aster::codec::Frame);

fn run<C: Codec>(parts: &[&[u8]]) -> (Vec<C::Event>, Result<(), CodecError>) {
    let mut dec = C::default();
    let mut out = Vec::new();
    for p in parts {
        if let Err(e) = dec.feed(p, &mut out) {
            return (out, Err(e));
        }
    }
    let r = dec.finish(&mut out);
    (out, r)
}

/// Asserts split invariance for `data`; the cut point comes from `seed`.
pub fn check<C: Codec>(data: &[u8], seed: Option<&u8>) {
    let cut = seed.map_or(0, |b| *b as usize * 7919) % (data.len() + 1);
    let whole = run::<C>(&[data]);
    let split = run::<C>(&[&data[..cut], &data[cut..]]);
    let bytes = data.iter().map(core::slice::from_ref).collect::<Vec<_>>();
    let single = run::<C>(&bytes);
    assert_eq!(whole, split, "split at {cut}");
    assert_eq!(whole, single, "byte by byte");
}
