//! Byte offsets to 1-based lines and columns, for messages.

/// The 1-based line and byte column of `offset` in `bytes` (every LF ends a line).
pub fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let head = &bytes[..offset.min(bytes.len())];
    let line = memchr::memchr_iter(b'\n', head).count() as u64 + 1;
    let line_start = memchr::memrchr(b'\n', head).map_or(0, |i| i + 1);
    (line, (offset - line_start) as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        assert_eq!(line_col(b"abc", 0), (1, 1));
        assert_eq!(line_col(b"a\nbc", 3), (2, 2));
        assert_eq!(line_col(b"a\n", 2), (2, 1));
        assert_eq!(line_col(b"a", 10), (1, 11));
    }
}
