//! String escaping as JavaScript's `JSON.stringify` does it, and unescaping of string tokens.

use std::borrow::Cow;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `s` as a JSON string literal (with quotes), escaped exactly like `JSON.stringify`:
/// `\"` `\\` `\b \t \n \f \r`, other control characters as `\u00xx`, everything else raw.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    write_str_content(out, s.as_bytes());
    out.push(b'"');
}

/// Appends the escaped content of a string (no quotes). Input bytes are UTF-8 or WTF-8; bytes
/// of a lone surrogate (ED A0..BF xx) are written as `\udxxx`, as `JSON.stringify` does.
pub fn write_str_content(out: &mut Vec<u8>, s: &[u8]) {
    let mut start = 0;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        let esc: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            _ => None,
        };
        if let Some(e) = esc {
            out.extend_from_slice(&s[start..i]);
            out.extend_from_slice(e);
            i += 1;
            start = i;
        } else if b < 0x20 {
            out.extend_from_slice(&s[start..i]);
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 15) as usize]);
            i += 1;
            start = i;
        } else if b == 0xED && s.get(i + 1).is_some_and(|&c| c >= 0xA0) && i + 2 < s.len() {
            // WTF-8 lone surrogate: decode the code unit and escape it.
            let cu = 0xD000 | ((s[i + 1] as u32 & 0x3F) << 6) | (s[i + 2] as u32 & 0x3F);
            out.extend_from_slice(&s[start..i]);
            out.extend_from_slice(b"\\u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[((cu >> shift) & 15) as usize]);
            }
            i += 3;
            start = i;
        } else {
            i += 1;
        }
    }
    out.extend_from_slice(&s[start..]);
}

/// The string `s` as a JSON literal, escaped like `JSON.stringify`.
pub fn quote(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    write_str(&mut out, s);
    String::from_utf8(out).unwrap_or_default()
}

fn hex_val(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => (b - b'0') as u32,
        b'a'..=b'f' => (b - b'a' + 10) as u32,
        b'A'..=b'F' => (b - b'A' + 10) as u32,
        _ => 0,
    }
}

fn push_code_point(out: &mut Vec<u8>, cp: u32) {
    // Encodes any code point up to 0x10FFFF, surrogates included (WTF-8), never failing.
    if cp < 0x80 {
        out.push(cp as u8);
    } else if cp < 0x800 {
        out.extend_from_slice(&[0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8]);
    } else if cp < 0x10000 {
        out.extend_from_slice(&[
            0xE0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]);
    } else {
        out.extend_from_slice(&[
            0xF0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3F) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]);
    }
}

/// Decodes the content of a string token (escapes as written, already checked by the scanner).
/// Lone surrogates decode to their WTF-8 bytes, so distinct tokens stay distinct.
pub fn unescape(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.contains(&b'\\') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let e = raw.get(i + 1).copied().unwrap_or(b'\\');
        i += 2;
        match e {
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'u' => {
                let unit = |at: usize| {
                    raw.get(at..at + 4)
                        .map(|h| h.iter().fold(0, |a, &c| a * 16 + hex_val(c)))
                };
                let Some(hi) = unit(i) else { break };
                i += 4;
                if (0xD800..0xDC00).contains(&hi) && raw.get(i) == Some(&b'\\') && raw.get(i + 1) == Some(&b'u') {
                    if let Some(lo) = unit(i + 2).filter(|lo| (0xDC00..0xE000).contains(lo)) {
                        push_code_point(&mut out, 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                        i += 6;
                        continue;
                    }
                }
                push_code_point(&mut out, hi);
            }
            other => out.push(other),
        }
    }
    Cow::Owned(out)
}

/// Decodes a string token to text; lone surrogates become U+FFFD (for messages and names).
pub fn unescape_lossy(raw: &[u8]) -> String {
    match unescape(raw) {
        Cow::Borrowed(b) => String::from_utf8_lossy(b).into_owned(),
        Cow::Owned(v) => String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_json_stringify() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("\u{8}\u{c}\n\r\t\u{1}\u{1f}"), r#""\b\f\n\r\t\u0001\u001f""#);
        assert_eq!(quote("é/😀\u{2028}"), "\"é/😀\u{2028}\"");
    }

    #[test]
    fn unescapes_every_escape() {
        assert_eq!(&*unescape(br"plain"), b"plain");
        assert_eq!(unescape_lossy(br#"\"\\\/\b\f\n\r\t"#), "\"\\/\u{8}\u{c}\n\r\t");
        assert_eq!(unescape_lossy(br"caf\u00e9 \ud83d\ude00"), "café 😀");
        assert_eq!(&*unescape(br"\ud800"), &[0xED, 0xA0, 0x80]);
        assert_eq!(&*unescape(br"\ud800x"), &[0xED, 0xA0, 0x80, b'x']);
    }

    #[test]
    fn lone_surrogates_round_trip() {
        let decoded = unescape(br"a\udc00b").into_owned();
        let mut out = Vec::new();
        write_str_content(&mut out, &decoded);
        assert_eq!(out, br"a\udc00b");
    }
}
