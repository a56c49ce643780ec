//! A small, strict CBOR (RFC 8949) codec: the only code in the crate that reads or writes CBOR bytes.
//!
//! Why hand-written: SD-CWT needs simple(59) as a map key, which `ciborium::Value` cannot hold, and a
//! verifier must bound every allocation before it happens. This decoder
//! - accepts definite lengths only (SD-CWT forbids indefinite ones),
//! - checks every length against the bytes that remain before allocating,
//! - enforces [`Limits`] on nesting depth and on items per array/map,
//! - rejects duplicate map keys, invalid UTF-8, reserved and non-well-formed heads,
//! - and reports where each item started, so callers can hash the exact bytes they received.
//!
//! The encoder always writes the preferred (shortest) head, so our own output is deterministic.

use std::fmt;

/// A decoded CBOR data item. Integers keep their full CBOR range (-2^64 ..= 2^64-1) in an `i128`.
#[derive(Clone, PartialEq)]
pub enum Value {
    Integer(i128),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Value>),
    /// Map entries in the order they were written.
    Map(Vec<(Value, Value)>),
    Tag(u64, Box<Value>),
    Bool(bool),
    Null,
    Undefined,
    /// A simple value other than false/true/null/undefined (e.g. 59, SD-CWT's redacted-keys marker).
    Simple(u8),
    Float(f64),
}

impl Value {
    pub fn int(i: impl Into<i128>) -> Value {
        Value::Integer(i.into())
    }

    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    pub fn as_integer(&self) -> Option<i128> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_integer().and_then(|i| i64::try_from(i).ok())
    }

    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Value, Value)]> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Looks up an entry of a map by key; `None` for non-maps and absent keys.
    pub fn get(&self, key: &Value) -> Option<&Value> {
        self.as_map()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Looks up an integer-labelled entry of a map (the usual COSE/CWT case).
    pub fn get_int(&self, label: i64) -> Option<&Value> {
        self.get(&Value::Integer(label.into()))
    }

    /// Encodes this value with preferred (shortest-head) serialization.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::new();
        encode_into(self, &mut out);
        out
    }
}

/// Renders CBOR diagnostic notation (RFC 8949 §8), handy in tests and error reports of structure.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Integer(i) => write!(f, "{i}"),
            Value::Bytes(b) => write!(f, "h'{}'", hex::encode(b)),
            Value::Text(t) => write!(f, "{t:?}"),
            Value::Array(a) => f.debug_list().entries(a).finish(),
            Value::Map(m) => f.debug_map().entries(m.iter().map(|(k, v)| (k, v))).finish(),
            Value::Tag(t, v) => write!(f, "{t}({v:?})"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Null => write!(f, "null"),
            Value::Undefined => write!(f, "undefined"),
            Value::Simple(s) => write!(f, "simple({s})"),
            Value::Float(x) => write!(f, "{x:?}"),
        }
    }
}

const MAJOR_UINT: u8 = 0;
const MAJOR_NINT: u8 = 1;
const MAJOR_BYTES: u8 = 2;
const MAJOR_TEXT: u8 = 3;
const MAJOR_ARRAY: u8 = 4;
const MAJOR_MAP: u8 = 5;
const MAJOR_TAG: u8 = 6;
const MAJOR_SIMPLE: u8 = 7;

/// Writes a CBOR head (major type + argument) in its shortest form.
pub fn write_head(major: u8, arg: u64, out: &mut Vec<u8>) {
    let m = major << 5;
    if arg < 24 {
        out.push(m | arg as u8);
    } else if arg <= u8::MAX as u64 {
        out.extend_from_slice(&[m | 24, arg as u8]);
    } else if arg <= u16::MAX as u64 {
        out.push(m | 25);
        out.extend_from_slice(&(arg as u16).to_be_bytes());
    } else if arg <= u32::MAX as u64 {
        out.push(m | 26);
        out.extend_from_slice(&(arg as u32).to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&arg.to_be_bytes());
    }
}

/// Encodes a byte string: the form in which SD-CWT carries (and hashes) each disclosure.
pub fn encode_bstr(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 9);
    write_head(MAJOR_BYTES, content.len() as u64, &mut out);
    out.extend_from_slice(content);
    out
}

/// Appends the preferred encoding of `value` to `out`.
pub fn encode_into(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Integer(i) => {
            if *i >= 0 {
                write_head(MAJOR_UINT, *i as u64, out)
            } else {
                write_head(MAJOR_NINT, (-1 - *i) as u64, out)
            }
        }
        Value::Bytes(b) => {
            write_head(MAJOR_BYTES, b.len() as u64, out);
            out.extend_from_slice(b);
        }
        Value::Text(t) => {
            write_head(MAJOR_TEXT, t.len() as u64, out);
            out.extend_from_slice(t.as_bytes());
        }
        Value::Array(items) => {
            write_head(MAJOR_ARRAY, items.len() as u64, out);
            items.iter().for_each(|v| encode_into(v, out));
        }
        Value::Map(entries) => {
            write_head(MAJOR_MAP, entries.len() as u64, out);
            for (k, v) in entries {
                encode_into(k, out);
                encode_into(v, out);
            }
        }
        Value::Tag(tag, inner) => {
            write_head(MAJOR_TAG, *tag, out);
            encode_into(inner, out);
        }
        Value::Bool(false) => out.push(0xf4),
        Value::Bool(true) => out.push(0xf5),
        Value::Null => out.push(0xf6),
        Value::Undefined => out.push(0xf7),
        Value::Simple(s) => write_head(MAJOR_SIMPLE, *s as u64, out),
        Value::Float(x) => {
            out.push(0xfb);
            out.extend_from_slice(&x.to_be_bytes());
        }
    }
}

/// Bounds applied while decoding untrusted bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting of arrays, maps and tags (the top-level item is depth 1).
    pub max_depth: usize,
    /// Maximum number of items in one array or entries in one map.
    pub max_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 16, max_items: 64 }
    }
}

pub use crate::error::CborError;

/// Decodes exactly one CBOR item that must span all of `bytes`.
pub fn decode(bytes: &[u8], limits: Limits) -> Result<Value, CborError> {
    let mut reader = Reader::new(bytes, limits);
    let value = reader.read_value()?;
    reader.finish()?;
    Ok(value)
}

/// A cursor over CBOR bytes, for callers that need the raw span of an item (e.g. to hash it as received).
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    limits: Limits,
}

/// A decoded head: major type, additional information and argument.
struct Head {
    major: u8,
    info: u8,
    arg: u64,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], limits: Limits) -> Self {
        Reader { bytes, pos: 0, limits }
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    /// The bytes between two positions returned by [`Reader::position`].
    pub fn slice(&self, start: usize, end: usize) -> &'a [u8] {
        &self.bytes[start..end]
    }

    /// Fails unless every byte was consumed.
    pub fn finish(&self) -> Result<(), CborError> {
        match self.bytes.len() - self.pos {
            0 => Ok(()),
            n => Err(CborError::TrailingBytes(n)),
        }
    }

    pub fn read_value(&mut self) -> Result<Value, CborError> {
        self.read_at_depth(1)
    }

    /// The next byte, without consuming it.
    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes tag `tag` if it comes next; returns whether it did.
    pub fn skip_tag(&mut self, tag: u64) -> Result<bool, CborError> {
        let start = self.pos;
        if self.peek().map(|b| b >> 5) != Some(MAJOR_TAG) {
            return Ok(false);
        }
        let head = self.read_head()?;
        if head.arg != tag {
            self.pos = start;
            return Ok(false);
        }
        Ok(true)
    }

    /// Reads a map head and returns its number of entries (bounded by the item limit).
    pub fn read_map_len(&mut self) -> Result<usize, CborError> {
        let at = self.pos;
        let head = self.read_head()?;
        if head.major != MAJOR_MAP {
            return Err(CborError::Unexpected { at, expected: "a map" });
        }
        self.check_count(at, head.arg, 2)
    }

    /// Reads an array head and returns its length (bounded by the item limit).
    pub fn read_array_len(&mut self) -> Result<usize, CborError> {
        let at = self.pos;
        let head = self.read_head()?;
        if head.major != MAJOR_ARRAY {
            return Err(CborError::Unexpected { at, expected: "an array" });
        }
        self.check_count(at, head.arg, 1)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CborError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(CborError::Truncated(self.bytes.len())),
        }
    }

    fn read_head(&mut self) -> Result<Head, CborError> {
        let at = self.pos;
        let first = self.take(1)?[0];
        let major = first >> 5;
        let info = first & 0x1f;
        let arg = match info {
            0..=23 => info as u64,
            24 => self.take(1)?[0] as u64,
            25 => u16::from_be_bytes(self.take(2)?.try_into().expect("2 bytes")) as u64,
            26 => u32::from_be_bytes(self.take(4)?.try_into().expect("4 bytes")) as u64,
            27 => u64::from_be_bytes(self.take(8)?.try_into().expect("8 bytes")),
            31 if matches!(major, MAJOR_BYTES..=MAJOR_MAP) => {
                return Err(CborError::IndefiniteLength(at));
            }
            _ => return Err(CborError::NotWellFormed(at)),
        };
        Ok(Head { major, info, arg })
    }

    /// Checks a declared item count against the limit and against the bytes left
    /// (each item needs at least `min_bytes_each`), so a hostile count cannot force an allocation.
    fn check_count(&self, at: usize, count: u64, min_bytes_each: u64) -> Result<usize, CborError> {
        if count > self.limits.max_items as u64 {
            return Err(CborError::TooManyItems { at, count, limit: self.limits.max_items });
        }
        let remaining = (self.bytes.len() - self.pos) as u64;
        if count.saturating_mul(min_bytes_each) > remaining {
            return Err(CborError::Truncated(self.bytes.len()));
        }
        Ok(count as usize)
    }

    fn read_at_depth(&mut self, depth: usize) -> Result<Value, CborError> {
        if depth > self.limits.max_depth {
            return Err(CborError::TooDeep(self.limits.max_depth));
        }
        let at = self.pos;
        let head = self.read_head()?;
        Ok(match head.major {
            MAJOR_UINT => Value::Integer(head.arg as i128),
            MAJOR_NINT => Value::Integer(-1 - head.arg as i128),
            MAJOR_BYTES => {
                let len = usize::try_from(head.arg).map_err(|_| CborError::Truncated(self.bytes.len()))?;
                Value::Bytes(self.take(len)?.to_vec())
            }
            MAJOR_TEXT => {
                let len = usize::try_from(head.arg).map_err(|_| CborError::Truncated(self.bytes.len()))?;
                let raw = self.take(len)?;
                let text = std::str::from_utf8(raw).map_err(|_| CborError::InvalidUtf8(at))?;
                Value::Text(text.to_owned())
            }
            MAJOR_ARRAY => {
                let count = self.check_count(at, head.arg, 1)?;
                let mut items = Vec::with_capacity(count);
                for _ in 0..count {
                    items.push(self.read_at_depth(depth + 1)?);
                }
                Value::Array(items)
            }
            MAJOR_MAP => {
                let count = self.check_count(at, head.arg, 2)?;
                let mut entries: Vec<(Value, Value)> = Vec::with_capacity(count);
                for _ in 0..count {
                    let key = self.read_at_depth(depth + 1)?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(CborError::DuplicateKey(at));
                    }
                    let value = self.read_at_depth(depth + 1)?;
                    entries.push((key, value));
                }
                Value::Map(entries)
            }
            MAJOR_TAG => Value::Tag(head.arg, Box::new(self.read_at_depth(depth + 1)?)),
            _ => self.simple_or_float(at, head)?,
        })
    }

    fn simple_or_float(&self, at: usize, head: Head) -> Result<Value, CborError> {
        Ok(match (head.info, head.arg) {
            (0..=23, 20) => Value::Bool(false),
            (0..=23, 21) => Value::Bool(true),
            (0..=23, 22) => Value::Null,
            (0..=23, 23) => Value::Undefined,
            (0..=23, s) => Value::Simple(s as u8),
            // Two-byte simple values below 32 are not well-formed (RFC 8949 §3.3).
            (24, s) if s >= 32 => Value::Simple(s as u8),
            (25, bits) => Value::Float(half_to_f64(bits as u16)),
            (26, bits) => Value::Float(f32::from_bits(bits as u32) as f64),
            (27, bits) => Value::Float(f64::from_bits(bits)),
            _ => return Err(CborError::NotWellFormed(at)),
        })
    }
}

/// IEEE 754 half precision to f64 (RFC 8949 Appendix D).
fn half_to_f64(half: u16) -> f64 {
    let exp = (half >> 10) & 0x1f;
    let mant = (half & 0x3ff) as f64;
    let magnitude = match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (mant + 1024.0) * 2f64.powi(exp as i32 - 25),
    };
    if half & 0x8000 != 0 { -magnitude } else { magnitude }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(hex_in: &str) -> Value {
        let bytes = hex::decode(hex_in).unwrap();
        let v = decode(&bytes, Limits::default()).unwrap();
        assert_eq!(hex::encode(v.to_vec()), hex_in, "re-encoding of {v:?}");
        v
    }

    #[test]
    fn rfc8949_appendix_a_examples_roundtrip() {
        assert_eq!(roundtrip("00"), Value::int(0));
        assert_eq!(roundtrip("1864"), Value::int(100));
        assert_eq!(roundtrip("1b000000e8d4a51000"), Value::int(1_000_000_000_000i64));
        assert_eq!(roundtrip("1bffffffffffffffff"), Value::Integer(18446744073709551615));
        assert_eq!(roundtrip("3bffffffffffffffff"), Value::Integer(-18446744073709551616));
        assert_eq!(roundtrip("3863"), Value::int(-100));
        assert_eq!(roundtrip("4401020304"), Value::Bytes(vec![1, 2, 3, 4]));
        assert_eq!(roundtrip("62c3bc"), Value::text("ü"));
        assert_eq!(roundtrip("f0"), Value::Simple(16));
        assert_eq!(roundtrip("f8ff"), Value::Simple(255));
        assert_eq!(roundtrip("f83b"), Value::Simple(59));
        assert_eq!(roundtrip("c11a514b67b0"), Value::Tag(1, Box::new(Value::int(1363896240))));
        roundtrip("a201020304");
        roundtrip("826161a161626163");
    }

    #[test]
    fn floats_of_every_width_decode() {
        let d = |h: &str| decode(&hex::decode(h).unwrap(), Limits::default()).unwrap();
        assert_eq!(d("f93c00"), Value::Float(1.0));
        assert_eq!(d("f9c400"), Value::Float(-4.0));
        assert_eq!(d("f90001"), Value::Float(5.960464477539063e-8));
        assert_eq!(d("fa47c35000"), Value::Float(100000.0));
        assert_eq!(d("fb3ff199999999999a"), Value::Float(1.1));
        assert!(matches!(d("f97c00"), Value::Float(x) if x.is_infinite()));
    }

    #[test]
    fn rejects_what_sd_cwt_forbids() {
        let d = |h: &str| decode(&hex::decode(h).unwrap(), Limits::default());
        assert_eq!(d("5f42010243030405ff"), Err(CborError::IndefiniteLength(0)));
        assert_eq!(d("9fff"), Err(CborError::IndefiniteLength(0)));
        assert_eq!(d("a201020103"), Err(CborError::DuplicateKey(0)));
        assert_eq!(d("f818"), Err(CborError::NotWellFormed(0)));
        assert_eq!(d("1c"), Err(CborError::NotWellFormed(0)));
        assert_eq!(d("62c3"), Err(CborError::Truncated(2)));
        assert_eq!(d("62fffe"), Err(CborError::InvalidUtf8(0)));
        assert_eq!(d("0000"), Err(CborError::TrailingBytes(1)));
        assert_eq!(d(""), Err(CborError::Truncated(0)));
    }

    #[test]
    fn hostile_lengths_fail_before_allocating() {
        let d = |h: &str| decode(&hex::decode(h).unwrap(), Limits::default());
        // A byte string claiming 2^64-1 bytes, and an array claiming 2^32 items.
        assert_eq!(d("5bffffffffffffffff"), Err(CborError::Truncated(9)));
        assert!(matches!(d("9affffffff"), Err(CborError::TooManyItems { .. })));
        // 40 items declared, 3 bytes present.
        assert_eq!(d("9828010203"), Err(CborError::Truncated(5)));
    }

    #[test]
    fn depth_limit_counts_arrays_maps_and_tags() {
        let limits = Limits { max_depth: 3, max_items: 8 };
        assert!(decode(&hex::decode("818101").unwrap(), limits).is_ok());
        assert_eq!(decode(&hex::decode("81818101").unwrap(), limits), Err(CborError::TooDeep(3)));
        assert_eq!(decode(&hex::decode("c1c1c101").unwrap(), limits), Err(CborError::TooDeep(3)));
    }

    #[test]
    fn reader_reports_raw_spans() {
        let bytes = hex::decode("824401020304f5").unwrap();
        let mut r = Reader::new(&bytes, Limits::default());
        assert_eq!(r.read_array_len().unwrap(), 2);
        let start = r.position();
        r.read_value().unwrap();
        assert_eq!(r.slice(start, r.position()), &bytes[1..6]);
        assert_eq!(r.read_value().unwrap(), Value::Bool(true));
        r.finish().unwrap();
    }
}
