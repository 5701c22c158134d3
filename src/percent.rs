//! Percent-encoding (RFC 3986), the one encoder and the one decoder: a
//! value fxrates puts in a URL's query is encoded by [`encode`], and the
//! parts of a URL it reads (a password, a user name, a libpq URL's keys and
//! values) are decoded by [`decode`].
//!
//! A `+` is a `+` both ways: that it stands for a space is a rule of HTML
//! forms, not of URLs, and a password holding one must come out whole.

/// Why a text does not percent-decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// A `%` not followed by two hexadecimal digits.
    Escape,
    /// Bytes that are not UTF-8 once decoded.
    NotUtf8,
}

/// `text` with each `%XX` escape replaced by the byte it stands for, and
/// every other character kept as it is.
pub fn decode(text: &str) -> Result<String, Invalid> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let (high, low) = match tail {
                [high, low, ..] => (hex_digit(*high)?, hex_digit(*low)?),
                _ => return Err(Invalid::Escape),
            };
            bytes.push(high << 4 | low);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).map_err(|_| Invalid::NotUtf8)
}

/// The value of one hexadecimal digit, either case. Only a digit: a sign,
/// which `u8::from_str_radix` would take, is no escape.
fn hex_digit(byte: u8) -> Result<u8, Invalid> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
        .ok_or(Invalid::Escape)
}

/// `text` as a value in a URL's query: every byte but the unreserved
/// characters of RFC 3986 (`A`–`Z`, `a`–`z`, `0`–`9`, `-`, `.`, `_`, `~`)
/// written `%XX`, a space as `%20`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_replaces_escapes_and_keeps_the_rest() {
        for (text, expected) in [
            ("", ""),
            ("plain", "plain"),
            ("pa%40ss", "pa@ss"),
            ("%2f%2F", "//"),
            ("caf%C3%A9", "café"),
            ("café", "café"),
            ("100%25", "100%"),
        ] {
            assert_eq!(decode(text), Ok(expected.to_owned()), "{text}");
        }
    }

    /// Regression: a mirror's password was decoded as a form's field, so
    /// that `p+ss` was registered as the secret `p ss`.
    #[test]
    fn a_plus_is_a_plus_and_only_2b_is_escaped() {
        assert_eq!(decode("p+ss"), Ok("p+ss".to_owned()));
        assert_eq!(decode("p%2Bss"), Ok("p+ss".to_owned()));
        assert_eq!(decode("p%20ss"), Ok("p ss".to_owned()));
    }

    #[test]
    fn decode_refuses_a_bad_escape() {
        for text in ["%", "%4", "abc%", "%zz", "%4g", "%+1", "%-1", "% 1", "%é1"] {
            assert_eq!(decode(text), Err(Invalid::Escape), "{text}");
        }
    }

    #[test]
    fn decode_refuses_bytes_that_are_not_utf8() {
        for text in ["%FF", "%C3", "a%C3%28b"] {
            assert_eq!(decode(text), Err(Invalid::NotUtf8), "{text}");
        }
    }

    #[test]
    fn encode_escapes_all_but_the_unreserved() {
        for (text, expected) in [
            ("", ""),
            ("AZaz09-._~", "AZaz09-._~"),
            ("p+ss word", "p%2Bss%20word"),
            ("a&b=c?d#e/f%g", "a%26b%3Dc%3Fd%23e%2Ff%25g"),
            ("café", "caf%C3%A9"),
        ] {
            assert_eq!(encode(text), expected, "{text}");
        }
    }

    #[test]
    fn decode_undoes_encode() {
        for text in ["", "p+ss word", "a&b=c?d#e/f%g", "café", "~*'()!"] {
            assert_eq!(decode(&encode(text)), Ok(text.to_owned()), "{text}");
        }
    }
}
