//! The status list itself (draft-ietf-oauth-status-list §4): a packed array of 1, 2, 4 or 8 bits
//! per credential, compressed with DEFLATE in the ZLIB format for transport.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::{Compression, Decompress, FlushDecompress};

use crate::cose::cbor::Value;
use crate::error::StatusListError;

/// Largest decompressed list accepted, in bytes: 2^24 entries at 8 bits, or 2^27 at 1 bit.
/// Bounds what a hostile `lst` (a "zip bomb") can make a verifier allocate.
pub const MAX_LIST_BYTES: usize = 16 * 1024 * 1024;

/// Status Type values (draft §7): what one entry of the list says about a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// 0x00 VALID.
    Valid,
    /// 0x01 INVALID: revoked, for good.
    Revoked,
    /// 0x02 SUSPENDED: temporarily invalid.
    Suspended,
    /// Any other value (0x03 and 0x0C-0x0F are application specific, the rest unassigned).
    Other(u8),
}

impl Status {
    /// The status of an entry value (any `bits`-wide value).
    pub fn from_value(value: u8) -> Status {
        match value {
            0 => Status::Valid,
            1 => Status::Revoked,
            2 => Status::Suspended,
            other => Status::Other(other),
        }
    }

    /// The entry value: 0 valid, 1 revoked, 2 suspended, or the other value.
    pub fn value(self) -> u8 {
        match self {
            Status::Valid => 0,
            Status::Revoked => 1,
            Status::Suspended => 2,
            Status::Other(v) => v,
        }
    }
}

/// A status list: `len()` entries of `bits()` bits each, packed least significant bit first.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusList {
    bits: u8,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for StatusList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusList").field("bits", &self.bits).field("len", &self.len()).finish()
    }
}

impl StatusList {
    /// A list of at least `entries` entries, all VALID. The size is rounded up to whole bytes.
    pub fn new(bits: u8, entries: usize) -> Result<StatusList, StatusListError> {
        check_bits(bits)?;
        let per_byte = 8 / bits as usize;
        let len = entries.div_ceil(per_byte);
        if entries == 0 || len > MAX_LIST_BYTES {
            return Err(StatusListError::invalid(format!(
                "a status list holds 1 to {} entries at {bits} bit(s)",
                MAX_LIST_BYTES * per_byte
            )));
        }
        Ok(StatusList { bits, bytes: vec![0; len] })
    }

    /// A list over an uncompressed byte array (the draft's "byte array").
    pub fn from_bytes(bits: u8, bytes: Vec<u8>) -> Result<StatusList, StatusListError> {
        check_bits(bits)?;
        if bytes.is_empty() || bytes.len() > MAX_LIST_BYTES {
            return Err(StatusListError::invalid(format!("a status list is 1 to {MAX_LIST_BYTES} bytes")));
        }
        Ok(StatusList { bits, bytes })
    }

    /// Bits per entry: 1, 2, 4 or 8.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// Number of entries (whole bytes × entries per byte).
    pub fn len(&self) -> usize {
        self.bytes.len() * (8 / self.bits as usize)
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The uncompressed byte array.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The raw value at `index`, or `None` past the end.
    pub fn get(&self, index: u64) -> Option<u8> {
        let (byte, shift) = self.position(index)?;
        Some((self.bytes[byte] >> shift) & self.mask())
    }

    /// The status of entry `index`, or `None` if the index is outside the list.
    pub fn status(&self, index: u64) -> Option<Status> {
        self.get(index).map(Status::from_value)
    }

    /// Sets the value at `index`; fails past the end or when `value` needs more than `bits()` bits.
    pub fn set(&mut self, index: u64, value: u8) -> Result<(), StatusListError> {
        if value > self.mask() {
            return Err(StatusListError::invalid(format!("status {value} does not fit in {} bit(s)", self.bits)));
        }
        let (byte, shift) = self
            .position(index)
            .ok_or_else(|| StatusListError::invalid(format!("index {index} is past the end ({})", self.len())))?;
        let mask = self.mask();
        self.bytes[byte] = (self.bytes[byte] & !(mask << shift)) | (value << shift);
        Ok(())
    }

    /// DEFLATE/ZLIB at the highest level, as the draft recommends.
    pub fn compress(&self) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        // Writing into a Vec cannot fail.
        encoder.write_all(&self.bytes).expect("in-memory compression");
        encoder.finish().expect("in-memory compression")
    }

    /// Decompresses an `lst`: one complete ZLIB stream, nothing after it, at most [`MAX_LIST_BYTES`]
    /// of output (checked while inflating, so a bomb stops early).
    pub fn decompress(bits: u8, lst: &[u8]) -> Result<StatusList, StatusListError> {
        check_bits(bits)?;
        let corrupt = || StatusListError::invalid("lst is not one complete ZLIB/DEFLATE stream");
        let mut inflater = Decompress::new(true);
        let mut bytes: Vec<u8> = Vec::new();
        loop {
            if bytes.len() > MAX_LIST_BYTES {
                return Err(StatusListError::invalid(format!("lst decompresses to more than {MAX_LIST_BYTES} bytes")));
            }
            if bytes.len() == bytes.capacity() {
                let room = MAX_LIST_BYTES + 1 - bytes.len();
                bytes.reserve_exact(bytes.len().max(4096).min(room));
            }
            let before = (inflater.total_in(), inflater.total_out());
            let input = lst.get(inflater.total_in() as usize..).ok_or_else(corrupt)?;
            let state = inflater.decompress_vec(input, &mut bytes, FlushDecompress::None).map_err(|_| corrupt())?;
            if state == flate2::Status::StreamEnd {
                break;
            }
            if (inflater.total_in(), inflater.total_out()) == before {
                return Err(corrupt());
            }
        }
        if bytes.len() > MAX_LIST_BYTES {
            return Err(StatusListError::invalid(format!("lst decompresses to more than {MAX_LIST_BYTES} bytes")));
        }
        if inflater.total_in() != lst.len() as u64 {
            return Err(StatusListError::invalid("lst has bytes after the end of the ZLIB stream"));
        }
        StatusList::from_bytes(bits, bytes)
    }

    /// The encoded CBOR `StatusList` (what an issuer keeps between changes).
    pub fn to_cbor_bytes(&self) -> Vec<u8> {
        self.to_cbor().to_vec()
    }

    /// Reads an encoded CBOR `StatusList` written by [`StatusList::to_cbor_bytes`].
    pub fn from_cbor_bytes(bytes: &[u8]) -> Result<StatusList, StatusListError> {
        let value = crate::cose::cbor::decode(bytes, crate::cose::Limits { max_depth: 4, max_items: 8 })
            .map_err(|e| StatusListError::invalid(e.to_string()))?;
        StatusList::from_cbor(&value)
    }

    /// The draft's CBOR `StatusList`: `{"bits": uint, "lst": bstr}`.
    pub(crate) fn to_cbor(&self) -> Value {
        Value::Map(vec![
            (Value::text("bits"), Value::int(self.bits)),
            (Value::text("lst"), Value::Bytes(self.compress())),
        ])
    }

    /// Reads a CBOR `StatusList`. `aggregation_uri` and unknown entries are ignored.
    pub(crate) fn from_cbor(value: &Value) -> Result<StatusList, StatusListError> {
        if value.as_map().is_none() {
            return Err(StatusListError::invalid("status_list is not a map"));
        }
        let bits = value
            .get(&Value::text("bits"))
            .and_then(Value::as_integer)
            .and_then(|b| u8::try_from(b).ok())
            .ok_or_else(|| StatusListError::invalid("status_list bits is not 1, 2, 4 or 8"))?;
        let lst = value
            .get(&Value::text("lst"))
            .and_then(Value::as_bytes)
            .ok_or_else(|| StatusListError::invalid("status_list lst is not a byte string"))?;
        if let Some(uri) = value.get(&Value::text("aggregation_uri")) {
            uri.as_text().ok_or_else(|| StatusListError::invalid("status_list aggregation_uri is not text"))?;
        }
        StatusList::decompress(bits, lst)
    }

    fn mask(&self) -> u8 {
        ((1u16 << self.bits) - 1) as u8
    }

    /// Byte index and bit shift of an entry: entries fill each byte from the least significant bit.
    fn position(&self, index: u64) -> Option<(usize, u32)> {
        let per_byte = 8 / self.bits as u64;
        let byte = usize::try_from(index / per_byte).ok().filter(|&b| b < self.bytes.len())?;
        Some((byte, (index % per_byte) as u32 * self.bits as u32))
    }
}

fn check_bits(bits: u8) -> Result<(), StatusListError> {
    match bits {
        1 | 2 | 4 | 8 => Ok(()),
        _ => Err(StatusListError::invalid(format!("bits must be 1, 2, 4 or 8, not {bits}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_least_significant_bit_first_as_the_draft_figures_show() {
        // Draft §4.1, first figure: 16 one-bit entries → b9 a3.
        let mut list = StatusList::new(1, 16).unwrap();
        for i in [0, 3, 4, 5, 7, 8, 9, 13, 15] {
            list.set(i, 1).unwrap();
        }
        assert_eq!(list.as_bytes(), [0xb9, 0xa3]);
        // Second figure: 12 two-bit entries → c9 44 f9.
        let mut list = StatusList::new(2, 12).unwrap();
        for (i, v) in [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3].into_iter().enumerate() {
            list.set(i as u64, v).unwrap();
        }
        assert_eq!(list.as_bytes(), [0xc9, 0x44, 0xf9]);
        assert_eq!(list.status(1), Some(Status::Suspended));
        assert_eq!(list.status(3), Some(Status::Other(3)));
    }

    #[test]
    fn set_overwrites_only_its_own_bits_and_checks_bounds() {
        for bits in [1u8, 2, 4, 8] {
            let mut list = StatusList::new(bits, 64).unwrap();
            let max = ((1u16 << bits) - 1) as u8;
            list.set(5, max).unwrap();
            list.set(5, 1).unwrap();
            assert_eq!(list.get(5), Some(1));
            assert_eq!(list.get(4), Some(0));
            assert_eq!(list.get(6), Some(0));
            assert!(list.set(64, 1).is_err());
            assert_eq!(list.get(64), None);
            assert_eq!(list.get(u64::MAX), None);
            if bits < 8 {
                assert!(list.set(0, max + 1).is_err());
            }
        }
        assert!(StatusList::new(3, 8).is_err());
        assert!(StatusList::new(1, 0).is_err());
    }

    #[test]
    fn compression_round_trips() {
        let mut list = StatusList::new(2, 100_000).unwrap();
        list.set(99_999, 2).unwrap();
        list.set(7, 1).unwrap();
        let back = StatusList::from_cbor(&list.to_cbor()).unwrap();
        assert_eq!(back, list);
        assert!(list.compress().len() < 200);
    }

    #[test]
    fn rejects_hostile_lst() {
        assert!(StatusList::decompress(1, b"not zlib").is_err());
        assert!(StatusList::decompress(1, &[]).is_err());
        let mut good = StatusList::new(1, 8).unwrap().compress();
        assert!(StatusList::decompress(1, &good[..good.len() - 1]).is_err());
        good.push(0);
        assert!(StatusList::decompress(1, &good).is_err());
        // A bomb: MAX_LIST_BYTES + 1 zero bytes compress to a few KB.
        let bomb = StatusList { bits: 8, bytes: vec![0; MAX_LIST_BYTES + 1] }.compress();
        assert!(bomb.len() < 64 * 1024);
        assert!(StatusList::decompress(8, &bomb).is_err());
        // An empty array is no list.
        let empty = StatusList { bits: 1, bytes: Vec::new() }.compress();
        assert!(StatusList::decompress(1, &empty).is_err());
        assert!(StatusList::decompress(3, &StatusList::new(1, 8).unwrap().compress()).is_err());
    }
}
