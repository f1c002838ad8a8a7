//! Byte offsets to 1-based line and column numbers, for findings about one buffer.

use memchr::{memchr_iter, memrchr};

/// The 1-based line and 1-based byte column of `offset` in `bytes`.
///
/// Lines end at LF (a CR before it belongs to the line above, so CRLF counts once). An offset
/// past the end is clamped to the end: "the input ended too soon" points just after the last byte.
pub fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = memchr_iter(b'\n', before).count() as u64 + 1;
    let line_start = memrchr(b'\n', before).map_or(0, |i| i + 1);
    (line, (before.len() - line_start) as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], offset: usize, expected: (u64, u64)) {
        assert_eq!(line_col(input, offset), expected, "{input:?} at {offset}");
    }

    #[test]
    fn counts_from_one() {
        check(b"", 0, (1, 1));
        check(b"abc", 0, (1, 1));
        check(b"abc", 2, (1, 3));
        check(b"abc", 3, (1, 4));
        check(b"abc", 99, (1, 4));
    }

    #[test]
    fn lines_end_at_lf() {
        let text = b"{\n  \"a\": 1,\r\n  x\n}";
        check(text, 1, (1, 2));
        check(text, 2, (2, 1));
        check(text, 12, (2, 11));
        check(text, 13, (3, 1));
        check(text, 15, (3, 3));
        check(text, 17, (4, 1));
        check(b"\n\n", 2, (3, 1));
    }

    #[test]
    fn columns_are_bytes() {
        check("é漢x".as_bytes(), 5, (1, 6));
    }
}
