//! Line splitting over pushed chunks: CRLF, a leading UTF-8 BOM, lines split across chunks.
//!
//! Memory is bounded by the longest line: only the unfinished last line of a chunk is kept.
//! Complete lines are handed over as [`Block`]s that borrow the pushed chunk (no copy), so a
//! block can be checked on several threads.

use memchr::{memchr, memchr_iter, memrchr};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A run of whole lines. Every line but possibly the last ends with LF.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The bytes, line endings included.
    pub bytes: &'a [u8],
    /// 1-based number of the first line.
    pub first_line: u64,
}

/// One line, without its LF or CRLF.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The bytes of the line.
    pub bytes: &'a [u8],
    /// 1-based line number.
    pub number: u64,
}

impl Line<'_> {
    /// Whether the line holds only spaces and tabs (or nothing).
    pub fn is_blank(&self) -> bool {
        self.bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
    }
}

impl<'a> Block<'a> {
    /// The lines of the block, each without its line ending.
    pub fn lines(&self) -> impl Iterator<Item = Line<'a>> + 'a {
        let bytes = self.bytes;
        let mut start = 0usize;
        let mut number = self.first_line;
        std::iter::from_fn(move || {
            if start >= bytes.len() {
                return None;
            }
            let rest = &bytes[start..];
            let (mut line, next) = match memchr(b'\n', rest) {
                Some(i) => (&rest[..i], start + i + 1),
                None => (rest, bytes.len()),
            };
            // A CR is part of the line ending only right before LF.
            if next <= bytes.len() && bytes.get(next - 1) == Some(&b'\n') {
                if let Some(stripped) = line.strip_suffix(b"\r") {
                    line = stripped;
                }
            }
            let l = Line { bytes: line, number };
            number += 1;
            start = next;
            Some(l)
        })
    }

    /// Number of line feeds in the block.
    pub fn line_feeds(&self) -> u64 {
        memchr_iter(b'\n', self.bytes).count() as u64
    }

    /// Cuts the bytes into at most `parts` runs of roughly equal size, each cut after a line
    /// feed, without counting lines (the runs' line numbers are then the caller's to work out).
    pub fn cut(self, parts: usize) -> Vec<&'a [u8]> {
        let mut out = Vec::with_capacity(parts);
        let mut rest = self.bytes;
        for k in (2..=parts.max(1)).rev() {
            let target = rest.len() / k;
            let cut = match memchr(b'\n', &rest[target..]) {
                Some(i) => target + i + 1,
                None => break,
            };
            if cut >= rest.len() {
                break;
            }
            out.push(&rest[..cut]);
            rest = &rest[cut..];
        }
        out.push(rest);
        out
    }

    /// Splits into `parts` blocks of roughly equal size, each cut after a line feed.
    pub fn split(self, parts: usize) -> Vec<Block<'a>> {
        let mut out = Vec::with_capacity(parts);
        let mut rest = self;
        for k in (2..=parts.max(1)).rev() {
            let target = rest.bytes.len() / k;
            let cut = match memchr(b'\n', &rest.bytes[target..]) {
                Some(i) => target + i + 1,
                None => break,
            };
            if cut >= rest.bytes.len() {
                break;
            }
            let head = Block {
                bytes: &rest.bytes[..cut],
                first_line: rest.first_line,
            };
            let tail_first = rest.first_line + head.line_feeds();
            out.push(head);
            rest = Block {
                bytes: &rest.bytes[cut..],
                first_line: tail_first,
            };
        }
        out.push(rest);
        out
    }
}

/// Splits pushed chunks into blocks of whole lines.
#[derive(Debug, Default)]
pub struct LineSplitter {
    carry: Vec<u8>,
    next_line: u64,
    bom_done: bool,
    bytes_in: u64,
}

impl LineSplitter {
    /// A splitter at line 1.
    pub fn new() -> Self {
        LineSplitter {
            carry: Vec::new(),
            next_line: 1,
            bom_done: false,
            bytes_in: 0,
        }
    }

    /// Bytes pushed so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Length of the unfinished line kept from earlier chunks.
    pub fn carried(&self) -> usize {
        self.carry.len()
    }

    /// Pushes a chunk; calls `on_block` for every run of lines that is now complete.
    pub fn push(&mut self, chunk: &[u8], mut on_block: impl FnMut(Block<'_>)) {
        self.push_counted(chunk, |b| {
            let feeds = b.line_feeds();
            on_block(b);
            feeds
        });
    }

    /// [`push`](Self::push) for a consumer that counts the line feeds of each block itself
    /// (while parsing it, maybe on several threads) and returns that count: the splitter then
    /// does not read the block a second time just to number the next one.
    pub fn push_counted(&mut self, chunk: &[u8], mut on_block: impl FnMut(Block<'_>) -> u64) {
        self.bytes_in += chunk.len() as u64;
        let first;
        let mut chunk = chunk;
        if !self.bom_done {
            // The BOM may itself be split across the first chunks.
            let mut head = std::mem::take(&mut self.carry);
            head.extend_from_slice(chunk);
            if head.len() < BOM.len() && BOM.starts_with(&head) {
                self.carry = head;
                return;
            }
            self.bom_done = true;
            first = match head.strip_prefix(BOM) {
                Some(rest) => rest.to_vec(),
                None => head,
            };
            chunk = &first;
        }
        if !self.carry.is_empty() {
            // Complete the carried line with this chunk's first line.
            let Some(i) = memchr(b'\n', chunk) else {
                self.carry.extend_from_slice(chunk);
                return;
            };
            self.carry.extend_from_slice(&chunk[..=i]);
            on_block(Block {
                bytes: &self.carry,
                first_line: self.next_line,
            });
            self.next_line += 1;
            self.carry.clear();
            chunk = &chunk[i + 1..];
        }
        self.emit_whole_lines(chunk, &mut on_block);
    }

    fn emit_whole_lines(&mut self, chunk: &[u8], on_block: &mut impl FnMut(Block<'_>) -> u64) {
        match memrchr(b'\n', chunk) {
            Some(last) => {
                let block = Block {
                    bytes: &chunk[..=last],
                    first_line: self.next_line,
                };
                self.next_line += on_block(block);
                self.carry.extend_from_slice(&chunk[last + 1..]);
            }
            None => self.carry.extend_from_slice(chunk),
        }
    }

    /// Ends the input; the last line (without LF) is handed over if there is one.
    /// A lone partial BOM is kept as data: it is not a BOM.
    pub fn finish(&mut self, mut on_block: impl FnMut(Block<'_>)) {
        self.bom_done = true;
        if !self.carry.is_empty() {
            let carry = std::mem::take(&mut self.carry);
            on_block(Block {
                bytes: &carry,
                first_line: self.next_line,
            });
            self.next_line += 1;
        }
    }

    /// Number the next line will get.
    pub fn next_line(&self) -> u64 {
        self.next_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(input: &[u8], chunk: usize) -> Vec<(u64, Vec<u8>)> {
        let mut s = LineSplitter::new();
        let mut out = Vec::new();
        let mut collect = |b: Block<'_>| out.extend(b.lines().map(|l| (l.number, l.bytes.to_vec())));
        for c in input.chunks(chunk.max(1)) {
            s.push(c, &mut collect);
        }
        s.finish(&mut collect);
        out
    }

    #[test]
    fn same_lines_for_any_chunking() {
        let input = b"\xEF\xBB\xBFfirst\r\n\nsecond line\r\nlone\rcr\nlast";
        let expected: Vec<(u64, Vec<u8>)> = vec![
            (1, b"first".to_vec()),
            (2, b"".to_vec()),
            (3, b"second line".to_vec()),
            (4, b"lone\rcr".to_vec()),
            (5, b"last".to_vec()),
        ];
        for chunk in 1..input.len() + 2 {
            assert_eq!(split_all(input, chunk), expected, "chunk size {chunk}");
        }
    }

    #[test]
    fn trailing_newline_adds_no_line() {
        assert_eq!(split_all(b"a\nb\n", 3), vec![(1, b"a".to_vec()), (2, b"b".to_vec())]);
        assert_eq!(split_all(b"", 3), vec![]);
        assert_eq!(split_all(b"\xEF\xBB", 1), vec![(1, b"\xEF\xBB".to_vec())]);
    }

    #[test]
    fn split_keeps_line_numbers() {
        let text: String = (1..=100).map(|i| format!("line {i}\n")).collect();
        let block = Block {
            bytes: text.as_bytes(),
            first_line: 1,
        };
        let parts = block.split(3);
        assert!(parts.len() > 1);
        let lines: Vec<(u64, String)> = parts
            .iter()
            .flat_map(|p| {
                p.lines()
                    .map(|l| (l.number, String::from_utf8(l.bytes.to_vec()).unwrap()))
            })
            .collect();
        let expected: Vec<(u64, String)> = (1..=100).map(|i| (i, format!("line {i}"))).collect();
        assert_eq!(lines, expected);
    }
}
