//! Base45 (RFC 9285): bytes as text in the QR alphanumeric character set.

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Base45 text of `bytes` (3 characters per 2 bytes).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    for pair in bytes.chunks(2) {
        let (mut n, digits) = match pair {
            [a, b] => ((*a as u32) * 256 + *b as u32, 3),
            [a] => (*a as u32, 2),
            _ => unreachable!("chunks(2)"),
        };
        for _ in 0..digits {
            out.push(ALPHABET[(n % 45) as usize] as char);
            n /= 45;
        }
    }
    out
}

/// Decodes Base45; the error is the index of the first offending character.
pub fn decode(text: &str) -> Result<Vec<u8>, usize> {
    let values: Vec<u32> = text
        .bytes()
        .enumerate()
        .map(|(i, c)| ALPHABET.iter().position(|&a| a == c).map(|v| v as u32).ok_or(i))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(values.len() / 3 * 2 + 1);
    for (chunk_index, chunk) in values.chunks(3).enumerate() {
        let at = chunk_index * 3;
        match chunk {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                if n > 0xffff {
                    return Err(at);
                }
                out.extend_from_slice(&(n as u16).to_be_bytes());
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xff {
                    return Err(at);
                }
                out.push(n as u8);
            }
            _ => return Err(at),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc9285_examples() {
        assert_eq!(encode(b"AB"), "BB8");
        assert_eq!(encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(encode(b"ietf!"), "QED8WEX0");
        assert_eq!(decode("QED8WEX0").unwrap(), b"ietf!");
        assert_eq!(decode("").unwrap(), b"");
    }

    #[test]
    fn rejects_bad_characters_lengths_and_overflow() {
        assert_eq!(decode("GGW"), Err(0), "65535 + 1 overflows");
        assert_eq!(decode("FGW").unwrap(), vec![0xff, 0xff]);
        assert_eq!(decode("ZZ"), Err(0), "over 255 in a final pair");
        assert_eq!(decode("BB8A"), Err(3), "a lone final character");
        assert_eq!(decode("bb8"), Err(0), "lowercase is not Base45");
    }

    #[test]
    fn round_trips_every_byte_value() {
        let bytes: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        for len in [0, 1, 2, 3, 511] {
            assert_eq!(decode(&encode(&bytes[..len])).unwrap(), &bytes[..len]);
        }
    }
}
