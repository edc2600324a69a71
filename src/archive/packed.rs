//! Columns for the catalog's tables: numbers kept as little-endian bytes on disk, so bincode
//! copies a column whole, and text kept as one string. A table read from the cache does not
//! copy them at all: while [`with_mapping`] runs, columns decoded from the mapped catalog
//! point into it and read their values in place (a warm open of 251,287 cables then reads
//! only the pages its first screen touches).

use bincode::{Decode, Encode};
use memmap2::Mmap;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

/// Bytes inside a memory-mapped catalog.
#[derive(Debug, Clone)]
pub struct Mapped {
    map: Arc<Mmap>,
    range: Range<usize>,
}

impl Mapped {
    fn bytes(&self) -> &[u8] {
        self.map.get(self.range.clone()).unwrap_or_default()
    }
}

thread_local! {
    /// The catalog being decoded on this thread by [`with_mapping`].
    static MAPPING: RefCell<Option<Arc<Mmap>>> = const { RefCell::new(None) };
}

/// Run `decode` over the bytes of `map`; columns it borrow-decodes from them point into the
/// mapping instead of copying their bytes.
pub fn with_mapping<R>(map: &Arc<Mmap>, decode: impl FnOnce(&[u8]) -> R) -> R {
    /// Puts back the mapping that was set before (none, unless calls nest).
    struct Restore(Option<Arc<Mmap>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            MAPPING.with(|m| *m.borrow_mut() = before);
        }
    }
    let _restore = Restore(MAPPING.with(|m| m.borrow_mut().replace(Arc::clone(map))));
    decode(&map[..])
}

/// `bytes` as a place in the catalog being mapped, if they lie inside it.
fn mapped(bytes: &[u8]) -> Option<Mapped> {
    MAPPING.with(|m| {
        let map = m.borrow().clone()?;
        let base = map.as_ptr() as usize;
        let start = (bytes.as_ptr() as usize).checked_sub(base)?;
        let range = start..start.checked_add(bytes.len())?;
        (range.end <= map.len()).then_some(Mapped { map, range })
    })
}

/// A number column: owned while built, or in place in a mapped catalog.
#[derive(Debug, Clone)]
pub enum Packed<T> {
    Owned(Vec<T>),
    Mapped(Mapped),
}

impl<T> Default for Packed<T> {
    fn default() -> Self {
        Packed::Owned(Vec::new())
    }
}

impl<T> From<Vec<T>> for Packed<T> {
    fn from(values: Vec<T>) -> Self {
        Packed::Owned(values)
    }
}

/// Bytes of an owned column encoded at a time.
const CHUNK: usize = 64 << 10;

/// The numbers a [`Packed`] column holds.
pub trait Number: Copy {
    const WIDTH: usize;
    fn put(self, out: &mut Vec<u8>);
    fn take(bytes: &[u8]) -> Self;
}

/// An integer column's values, checked a whole column at a time.
pub trait Integer: Number + Ord {
    /// The largest of the values stored back to back in `bytes` (0 for none): one pass
    /// without a branch, for checking a mapped column.
    fn max_stored(bytes: &[u8]) -> Self;
    /// Whether the values stored back to back in `bytes` never go down.
    fn sorted_stored(bytes: &[u8]) -> bool;
}

macro_rules! number {
    ($t:ty, $w:expr) => {
        impl Number for $t {
            const WIDTH: usize = $w;
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn take(bytes: &[u8]) -> Self {
                bytes.try_into().map_or(0, <$t>::from_le_bytes)
            }
        }
        impl Integer for $t {
            fn max_stored(bytes: &[u8]) -> Self {
                let (values, _) = bytes.as_chunks::<$w>();
                values
                    .iter()
                    .map(|v| <$t>::from_le_bytes(*v))
                    .fold(0, <$t>::max)
            }
            fn sorted_stored(bytes: &[u8]) -> bool {
                let (values, _) = bytes.as_chunks::<$w>();
                values.windows(2).fold(true, |sorted, pair| {
                    sorted & (<$t>::from_le_bytes(pair[0]) <= <$t>::from_le_bytes(pair[1]))
                })
            }
        }
    };
}
number!(u8, 1);
number!(u32, 4);
number!(u64, 8);

impl<T: Number> Packed<T> {
    /// An empty column (usable in constants).
    pub const fn new() -> Self {
        Packed::Owned(Vec::new())
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Packed::Owned(v) => v.len(),
            Packed::Mapped(m) => m.range.len() / T::WIDTH,
        }
    }

    /// True when the column holds no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Value `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<T> {
        match self {
            Packed::Owned(v) => v.get(i).copied(),
            Packed::Mapped(m) => {
                let at = i.checked_mul(T::WIDTH)?;
                m.bytes().get(at..at.checked_add(T::WIDTH)?).map(T::take)
            }
        }
    }

    /// The last value.
    pub fn last(&self) -> Option<T> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Values `range` (none of them when it is out of bounds).
    pub fn slice(&self, range: Range<usize>) -> impl Iterator<Item = T> + '_ {
        // One of the two is empty: a concrete iterator over either storage.
        let (owned, mapped): (&[T], &[u8]) = match self {
            Packed::Owned(v) => (v.get(range).unwrap_or_default(), &[]),
            Packed::Mapped(m) => {
                let bytes = range
                    .start
                    .checked_mul(T::WIDTH)
                    .zip(range.end.checked_mul(T::WIDTH))
                    .and_then(|(from, to)| m.bytes().get(from..to));
                (&[], bytes.unwrap_or_default())
            }
        };
        owned
            .iter()
            .copied()
            .chain(mapped.chunks_exact(T::WIDTH).map(T::take))
    }

    /// The largest of values `range` (`None` when there is none): for checking a column.
    pub fn max_in(&self, range: Range<usize>) -> Option<T>
    where
        T: Integer,
    {
        if range.is_empty() {
            return None;
        }
        match self {
            Packed::Owned(v) => v.get(range)?.iter().copied().max(),
            Packed::Mapped(m) => {
                let bytes = m
                    .bytes()
                    .get(range.start * T::WIDTH..range.end * T::WIDTH)?;
                Some(T::max_stored(bytes))
            }
        }
    }

    /// Whether values `range` never go down (out of bounds: false).
    pub fn sorted_in(&self, range: Range<usize>) -> bool
    where
        T: Integer,
    {
        match self {
            Packed::Owned(v) => v.get(range).is_some_and(<[T]>::is_sorted),
            Packed::Mapped(m) => m
                .bytes()
                .get(range.start * T::WIDTH..range.end * T::WIDTH)
                .is_some_and(T::sorted_stored),
        }
    }

    /// Every value.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.slice(0..self.len())
    }

    /// The bytes of each value of a mapped column, as stored (none for an owned column,
    /// whose values were made in memory): for checking a column read from disk.
    pub fn stored_values(&self) -> impl Iterator<Item = &[u8]> {
        let bytes = match self {
            Packed::Owned(_) => &[],
            Packed::Mapped(m) => m.bytes(),
        };
        bytes.chunks_exact(T::WIDTH)
    }

    /// An owned copy of the column.
    pub fn to_owned_column(&self) -> Packed<T> {
        Packed::Owned(self.iter().collect())
    }

    /// Room for `more` values beyond those held, so pushing them does not grow the column
    /// again and again (a mapped column is left as it is).
    pub fn reserve(&mut self, more: usize) {
        if let Packed::Owned(v) = self {
            v.reserve(more);
        }
    }

    /// Add a value at the end (a mapped column is copied first).
    pub fn push(&mut self, value: T) {
        if let Packed::Mapped(_) = self {
            *self = self.to_owned_column();
        }
        if let Packed::Owned(v) = self {
            v.push(value);
        }
    }

    /// The numbers of a column's bytes; an error when they are not a whole number of values.
    fn from_bytes(bytes: &[u8]) -> Result<Self, bincode::error::DecodeError> {
        if !bytes.len().is_multiple_of(T::WIDTH) {
            return Err(bincode::error::DecodeError::Other(
                "a number column of odd length",
            ));
        }
        Ok(match mapped(bytes) {
            Some(m) => Packed::Mapped(m),
            None => Packed::Owned(bytes.chunks_exact(T::WIDTH).map(T::take).collect()),
        })
    }
}

impl<T: Number + PartialEq> PartialEq for Packed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: Number> Encode for Packed<T> {
    fn encode<E: bincode::enc::Encoder>(
        &self,
        encoder: &mut E,
    ) -> Result<(), bincode::error::EncodeError> {
        // As a `Vec<u8>` of the values' bytes is encoded (its length, then the bytes), a
        // chunk at a time: no copy of the column is made (a catalog is written straight
        // into its file).
        use bincode::enc::write::Writer;
        let len = self.len() * T::WIDTH;
        (len as u64).encode(encoder)?;
        if let Packed::Mapped(m) = self {
            return encoder.writer().write(m.bytes());
        }
        let mut chunk = Vec::with_capacity(CHUNK);
        for v in self.iter() {
            v.put(&mut chunk);
            if chunk.len() + T::WIDTH > CHUNK {
                encoder.writer().write(&chunk)?;
                chunk.clear();
            }
        }
        encoder.writer().write(&chunk)
    }
}

impl<Context, T: Number> Decode<Context> for Packed<T> {
    fn decode<D: bincode::de::Decoder<Context = Context>>(
        decoder: &mut D,
    ) -> Result<Self, bincode::error::DecodeError> {
        Self::from_bytes(&Vec::<u8>::decode(decoder)?)
    }
}

impl<'de, Context, T: Number> bincode::BorrowDecode<'de, Context> for Packed<T> {
    /// Straight from the bytes being decoded: in place when they are a mapped catalog.
    fn borrow_decode<D: bincode::de::BorrowDecoder<'de, Context = Context>>(
        decoder: &mut D,
    ) -> Result<Self, bincode::error::DecodeError> {
        let bytes: &'de [u8] = bincode::BorrowDecode::borrow_decode(decoder)?;
        Self::from_bytes(bytes)
    }
}

/// A text column: strings back to back, owned while built or in place in a mapped catalog
/// (encoded as a bincode `String`). A string of a mapped column is checked when read.
#[derive(Debug, Clone)]
pub enum Text {
    Owned(String),
    Mapped(Mapped),
}

impl Default for Text {
    fn default() -> Self {
        Text::Owned(String::new())
    }
}

impl Text {
    /// An empty column (usable in constants).
    pub const fn new() -> Self {
        Text::Owned(String::new())
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Text::Owned(s) => s.len(),
            Text::Mapped(m) => m.range.len(),
        }
    }

    /// The string at `range`; "" when it is out of bounds or not UTF-8 on its own.
    pub fn get(&self, range: Range<usize>) -> &str {
        match self {
            Text::Owned(s) => s.get(range).unwrap_or_default(),
            Text::Mapped(m) => m
                .bytes()
                .get(range)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
        }
    }

    /// The bytes at `range` (none when it is out of bounds), not checked for UTF-8.
    pub fn bytes(&self, range: Range<usize>) -> &[u8] {
        self.as_bytes().get(range).unwrap_or_default()
    }

    /// The whole column as text; `None` when it is not UTF-8 (a corrupt mapped column).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Text::Owned(s) => Some(s),
            Text::Mapped(m) => std::str::from_utf8(m.bytes()).ok(),
        }
    }

    /// An owned copy of the column (a mapped one that is not UTF-8 becomes empty).
    pub fn to_owned_text(&self) -> Text {
        Text::Owned(self.as_str().unwrap_or_default().to_string())
    }

    /// Room for `more` bytes beyond those held (a mapped column is left as it is).
    pub fn reserve(&mut self, more: usize) {
        if let Text::Owned(t) = self {
            t.reserve(more);
        }
    }

    /// Add a string at the end (a mapped column is copied first).
    pub fn push_str(&mut self, s: &str) {
        if let Text::Mapped(_) = self {
            *self = self.to_owned_text();
        }
        if let Text::Owned(t) = self {
            t.push_str(s);
        }
    }

    /// The column's bytes, not checked for UTF-8.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Owned(s) => s.as_bytes(),
            Text::Mapped(m) => m.bytes(),
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Encode for Text {
    fn encode<E: bincode::enc::Encoder>(
        &self,
        encoder: &mut E,
    ) -> Result<(), bincode::error::EncodeError> {
        // The same bytes as a `String`'s encoding.
        self.as_bytes().encode(encoder)
    }
}

impl<Context> Decode<Context> for Text {
    fn decode<D: bincode::de::Decoder<Context = Context>>(
        decoder: &mut D,
    ) -> Result<Self, bincode::error::DecodeError> {
        Ok(Text::Owned(String::decode(decoder)?))
    }
}

impl<'de, Context> bincode::BorrowDecode<'de, Context> for Text {
    /// In place when the bytes are a mapped catalog (checked per string when read), else
    /// checked and copied.
    fn borrow_decode<D: bincode::de::BorrowDecoder<'de, Context = Context>>(
        decoder: &mut D,
    ) -> Result<Self, bincode::error::DecodeError> {
        let bytes: &'de [u8] = bincode::BorrowDecode::borrow_decode(decoder)?;
        if let Some(m) = mapped(bytes) {
            return Ok(Text::Mapped(m));
        }
        std::str::from_utf8(bytes)
            .map(|s| Text::Owned(s.to_string()))
            .map_err(|e| bincode::error::DecodeError::Utf8 { inner: e })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored<T: Number>(values: &[T]) -> Vec<u8> {
        let mut out = Vec::new();
        for v in values {
            v.put(&mut out);
        }
        out
    }

    #[test]
    fn stored_values_give_their_largest_and_whether_they_are_in_order() {
        assert_eq!(u32::max_stored(&stored(&[3u32, 9, 2])), 9);
        assert_eq!(u32::max_stored(&[]), 0);
        assert_eq!(u64::max_stored(&stored(&[1u64 << 40, 7])), 1 << 40);
        assert!(u32::sorted_stored(&stored(&[1u32, 1, 5])));
        assert!(!u32::sorted_stored(&stored(&[1u32, 5, 4])));
        assert!(!u64::sorted_stored(&stored(&[2u64, 1 << 40, 1 << 39])));
        assert!(u64::sorted_stored(&[]));
        // An owned column answers the same.
        let owned = Packed::from(vec![4u32, 8, 6]);
        assert_eq!(owned.max_in(0..3), Some(8));
        assert_eq!(owned.max_in(1..1), None);
        assert!(owned.sorted_in(0..2) && !owned.sorted_in(0..3));
        assert!(!owned.sorted_in(2..9), "out of bounds");
    }
}
