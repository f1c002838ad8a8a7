//! A validating JSON scanner: finds where values start and end without building anything.
//!
//! Input must already be valid UTF-8 (callers check whole blocks at once, which is much faster
//! than checking per string). Everything else of RFC 8259 is checked here: structure, string
//! escapes, raw control characters, number grammar, literals, nesting depth.

/// Deepest nesting accepted (Jackson, inside Elasticsearch, refuses deeper documents too).
pub const MAX_DEPTH: usize = 1000;

/// A syntax error at a byte offset of the scanned slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the offending byte (the slice length when the input ended too soon).
    pub offset: usize,
    /// What was wrong.
    pub message: &'static str,
}

/// What kind of value was scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A number token.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// The JSON type name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// A string token: `start..end` is the content between the quotes, escapes as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrSpan {
    /// Offset just after the opening quote.
    pub start: usize,
    /// Offset of the closing quote.
    pub end: usize,
    /// Whether the content holds a backslash escape.
    pub escaped: bool,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Bytes of `w` equal to zero; the lowest flagged byte is always exact.
#[inline(always)]
fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(ONES) & !w & HIGHS
}

/// Bytes of `w` below 0x20; the lowest flagged byte is always exact.
#[inline(always)]
fn control_bytes(w: u64) -> u64 {
    w.wrapping_sub(ONES * 0x20) & !w & HIGHS
}

#[inline(always)]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn err<T>(offset: usize, message: &'static str) -> Result<T, SyntaxError> {
    Err(SyntaxError { offset, message })
}

/// Cursor over a JSON text.
#[derive(Debug, Clone)]
pub struct Scanner<'a> {
    buf: &'a [u8],
    pos: usize,
    saw_ws: bool,
}

impl<'a> Scanner<'a> {
    /// A scanner at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Scanner {
            buf,
            pos: 0,
            saw_ws: false,
        }
    }

    /// The scanned bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.buf
    }

    /// Current byte offset.
    #[inline]
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Whether whitespace was skipped since the last [`Scanner::reset_ws`].
    pub fn saw_ws(&self) -> bool {
        self.saw_ws
    }

    /// Forgets the whitespace seen so far.
    pub fn reset_ws(&mut self) {
        self.saw_ws = false;
    }

    /// Skips whitespace.
    #[inline]
    pub fn skip_ws(&mut self) {
        let start = self.pos;
        while let Some(&b) = self.buf.get(self.pos) {
            if !is_ws(b) {
                break;
            }
            self.pos += 1;
        }
        if self.pos != start {
            self.saw_ws = true;
        }
    }

    /// The next byte, without consuming it.
    #[inline]
    pub fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Skips whitespace, then consumes `b` or fails with `message`.
    #[inline]
    pub fn expect(&mut self, b: u8, message: &'static str) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            err(self.pos, message)
        }
    }

    /// Skips whitespace, then consumes `b` if it is next.
    #[inline]
    pub fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Checks that only whitespace is left.
    pub fn end(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.pos < self.buf.len() {
            err(self.pos, "unexpected data after the JSON value")
        } else {
            Ok(())
        }
    }

    /// Scans a string whose opening quote is the next byte.
    #[inline]
    pub fn string(&mut self) -> Result<StrSpan, SyntaxError> {
        if self.peek() != Some(b'"') {
            return err(self.pos, "expected a string");
        }
        let start = self.pos + 1;
        let (end, escaped) = string_end(self.buf, start)?;
        self.pos = end + 1;
        Ok(StrSpan { start, end, escaped })
    }

    /// Scans a number token whose first byte is next; returns its span.
    #[inline(always)]
    pub fn number(&mut self) -> Result<(usize, usize), SyntaxError> {
        let buf = self.buf;
        let start = self.pos;
        let mut i = start;
        if buf.get(i) == Some(&b'-') {
            i += 1;
        }
        match buf.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits_end(buf, i + 1),
            _ => return err(i, "invalid number"),
        }
        if buf.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(buf.get(i), Some(b'0'..=b'9')) {
                return err(i, "invalid number: expected a digit after '.'");
            }
            i = digits_end(buf, i + 1);
        }
        if matches!(buf.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(buf.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(buf.get(i), Some(b'0'..=b'9')) {
                return err(i, "invalid number: expected a digit in the exponent");
            }
            i = digits_end(buf, i + 1);
        }
        self.pos = i;
        Ok((start, i))
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), SyntaxError> {
        if self.buf.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            err(self.pos, "invalid literal")
        }
    }

    /// Skips whitespace, then scans one scalar or the opening of a container.
    /// For `{` and `[` only the bracket is consumed.
    #[inline]
    pub fn start_value(&mut self) -> Result<Kind, SyntaxError> {
        self.skip_ws();
        match self.peek() {
            Some(b'"') => self.string().map(|_| Kind::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(|_| Kind::Number),
            Some(b'{') => {
                self.pos += 1;
                Ok(Kind::Object)
            }
            Some(b'[') => {
                self.pos += 1;
                Ok(Kind::Array)
            }
            Some(b't') => self.literal(b"true").map(|_| Kind::Bool),
            Some(b'f') => self.literal(b"false").map(|_| Kind::Bool),
            Some(b'n') => self.literal(b"null").map(|_| Kind::Null),
            Some(_) => err(self.pos, "expected a JSON value"),
            None => err(self.pos, "unexpected end of input, expected a JSON value"),
        }
    }

    /// Skips one whole value, checking its syntax; returns its kind.
    #[inline]
    pub fn skip_value(&mut self) -> Result<Kind, SyntaxError> {
        let kind = self.start_value()?;
        if matches!(kind, Kind::Object | Kind::Array) {
            self.skip_container_rest(kind == Kind::Object)?;
        }
        Ok(kind)
    }

    /// Skips the rest of a container whose opening bracket was just consumed.
    ///
    /// One flat loop over local state (the hot path of validation): no recursion, so deep
    /// input cannot overflow the stack, and no per-token calls besides string scanning.
    pub fn skip_container_rest(&mut self, object: bool) -> Result<(), SyntaxError> {
        let buf = self.buf;
        let mut i = self.pos;
        let mut saw_ws = false;
        // One bit per open container: 1 = object (128 bytes: cheap to zero for every value).
        let mut stack = [0u64; MAX_DEPTH.div_ceil(64)];
        let is_object = |stack: &[u64], d: usize| stack.get(d / 64).is_some_and(|w| w >> (d % 64) & 1 == 1);
        stack[0] = u64::from(object);
        let mut depth = 1usize;
        let mut just_opened = true;
        macro_rules! ws {
            () => {
                while let Some(&b) = buf.get(i) {
                    if b > b' ' || !is_ws(b) {
                        break;
                    }
                    i += 1;
                    saw_ws = true;
                }
            };
        }
        macro_rules! fail {
            ($at:expr, $msg:expr) => {{
                self.pos = $at;
                self.saw_ws |= saw_ws;
                return err($at, $msg);
            }};
        }
        'value: loop {
            let in_object = is_object(&stack, depth - 1);
            ws!();
            let mut c = buf.get(i).copied();
            if just_opened {
                just_opened = false;
                if c == Some(if in_object { b'}' } else { b']' }) {
                    i += 1;
                    depth -= 1;
                    if depth == 0 {
                        break 'value;
                    }
                    c = None; // go straight to what follows a value
                }
            }
            if let Some(first) = c {
                if in_object {
                    if first != b'"' {
                        fail!(i, "expected a string key");
                    }
                    match string_end(buf, i + 1) {
                        Ok((end, _)) => i = end + 1,
                        Err(e) => fail!(e.offset, e.message),
                    }
                    ws!();
                    if buf.get(i) != Some(&b':') {
                        fail!(i, "expected ':' after the key");
                    }
                    i += 1;
                    ws!();
                    c = buf.get(i).copied();
                }
                match c {
                    Some(b'"') => match string_end(buf, i + 1) {
                        Ok((end, _)) => i = end + 1,
                        Err(e) => fail!(e.offset, e.message),
                    },
                    Some(open @ (b'{' | b'[')) => {
                        if depth >= MAX_DEPTH {
                            fail!(i, "nesting is too deep");
                        }
                        if let Some(w) = stack.get_mut(depth / 64) {
                            let bit = 1u64 << (depth % 64);
                            *w = if open == b'{' { *w | bit } else { *w & !bit };
                        }
                        depth += 1;
                        i += 1;
                        just_opened = true;
                        continue 'value;
                    }
                    Some(b'-' | b'0'..=b'9') => {
                        self.pos = i;
                        if let Err(e) = self.number() {
                            fail!(e.offset, e.message);
                        }
                        i = self.pos;
                    }
                    Some(b't') if buf.get(i..i + 4) == Some(b"true") => i += 4,
                    Some(b'f') if buf.get(i..i + 5) == Some(b"false") => i += 5,
                    Some(b'n') if buf.get(i..i + 4) == Some(b"null") => i += 4,
                    Some(b't' | b'f' | b'n') => fail!(i, "invalid literal"),
                    Some(_) => fail!(i, "expected a JSON value"),
                    None => fail!(i, "unexpected end of input, expected a JSON value"),
                }
            }
            // After a value: a comma (another member follows) or closing brackets.
            loop {
                let in_object = is_object(&stack, depth - 1);
                ws!();
                match buf.get(i) {
                    Some(b',') => {
                        i += 1;
                        continue 'value;
                    }
                    Some(b'}') if in_object => {}
                    Some(b']') if !in_object => {}
                    None => fail!(i, "unexpected end of input inside a JSON value"),
                    _ => fail!(
                        i,
                        if in_object {
                            "expected ',' or '}'"
                        } else {
                            "expected ',' or ']'"
                        }
                    ),
                }
                i += 1;
                depth -= 1;
                if depth == 0 {
                    break 'value;
                }
            }
        }
        self.pos = i;
        self.saw_ws |= saw_ws;
        Ok(())
    }
}

/// Offset of the first non-digit at or after `i` (eight bytes at a time: timestamps and
/// decimals are long digit runs).
#[inline(always)]
fn digits_end(buf: &[u8], mut i: usize) -> usize {
    while i + 8 <= buf.len() {
        let Ok(chunk) = <[u8; 8]>::try_from(&buf[i..i + 8]) else {
            break;
        };
        let w = u64::from_le_bytes(chunk);
        // A byte is a digit when its high nibble is 3 and adding 6 keeps it so.
        let not_digit =
            ((w & (ONES * 0xF0)) ^ (ONES * 0x30)) | ((w.wrapping_add(ONES * 0x06) & (ONES * 0xF0)) ^ (ONES * 0x30));
        if not_digit != 0 {
            return i + (not_digit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while matches!(buf.get(i), Some(b'0'..=b'9')) {
        i += 1;
    }
    i
}

/// Finds the closing quote of a string whose content starts at `i`; checks escapes and control
/// characters. Returns the quote's offset and whether an escape was seen.
#[inline(always)]
pub fn string_end(buf: &[u8], mut i: usize) -> Result<(usize, bool), SyntaxError> {
    let mut escaped = false;
    loop {
        // Eight bytes at a time until a quote, a backslash or a control character.
        while i + 8 <= buf.len() {
            let Ok(chunk) = <[u8; 8]>::try_from(&buf[i..i + 8]) else {
                break;
            };
            let w = u64::from_le_bytes(chunk);
            let m = zero_bytes(w ^ (ONES * b'"' as u64)) | zero_bytes(w ^ (ONES * b'\\' as u64)) | control_bytes(w);
            if m != 0 {
                i += (m.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match buf.get(i) {
            None => return err(i, "unterminated string"),
            Some(b'"') => return Ok((i, escaped)),
            Some(b'\\') => {
                escaped = true;
                match buf.get(i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                    Some(b'u') => {
                        let hex = buf.get(i + 2..i + 6);
                        if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                            return err(i, "invalid \\u escape: expected 4 hex digits");
                        }
                        i += 6;
                    }
                    None => return err(i + 1, "unterminated string"),
                    Some(_) => return err(i, "invalid escape sequence"),
                }
            }
            Some(&b) if b < 0x20 => return err(i, "raw control character in a string (must be escaped)"),
            Some(_) => i += 1,
        }
    }
}

/// Checks that `buf` is exactly one JSON value, surrounded by optional whitespace.
pub fn validate(buf: &[u8]) -> Result<Kind, SyntaxError> {
    let mut s = Scanner::new(buf);
    let kind = s.skip_value()?;
    s.end()?;
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str, kind: Kind) {
        assert_eq!(validate(input.as_bytes()), Ok(kind), "{input}");
    }

    fn bad(input: &str, offset: usize) {
        match validate(input.as_bytes()) {
            Err(e) => assert_eq!(e.offset, offset, "{input}: {}", e.message),
            Ok(k) => panic!("{input} accepted as {k:?}"),
        }
    }

    #[test]
    fn accepts_valid_json() {
        ok("{}", Kind::Object);
        ok(" [ ] ", Kind::Array);
        ok(
            r#"{"a":[1,-0,0.5,1e3,1E+400,-12345678901234567890123],"b":{"c":null,"d":true,"e":false}}"#,
            Kind::Object,
        );
        ok(r#""caf\u00e9 \ud83d\ude00 \ud800 \/ \" \\ \b\f\n\r\t""#, Kind::String);
        ok(
            "\"\u{2028}\u{2029} é 漢字 😀 long string with more than eight bytes\"",
            Kind::String,
        );
        ok("[[[[[]]]],{},[{}]]", Kind::Array);
        ok("{ \"a\" : 1 ,\r\n \"b\" : [ 1 , 2 ] }", Kind::Object);
    }

    #[test]
    fn rejects_invalid_json_at_the_right_offset() {
        bad("{", 1);
        bad("{\"a\":1,}", 7);
        bad("[1,]", 3);
        bad("[1 2]", 3);
        bad("01", 1);
        bad("1.", 2);
        bad("1e", 2);
        bad("-", 1);
        bad("tru", 0);
        bad("\"abc", 4);
        bad("\"a\tb\"", 2);
        bad("\"\\x\"", 1);
        bad("\"\\u12g4\"", 1);
        bad("{\"a\" 1}", 5);
        bad("{1:2}", 1);
        bad("[1]]", 3);
        bad("{\"a\":1]", 6);
        bad("", 0);
        bad("  ", 2);
    }

    #[test]
    fn finds_specials_in_every_position_of_a_word() {
        for pad in 0..20 {
            let s = format!("\"{}\\n{}\"", "x".repeat(pad), "y".repeat(pad));
            ok(&s, Kind::String);
            let s = format!("\"{}\u{1}\"", "x".repeat(pad));
            bad(&s, pad + 1);
        }
    }

    #[test]
    fn numbers_of_every_length() {
        for len in 1..40 {
            let n = "9".repeat(len);
            for tail in ["", ".5", "e7", ".25E-3", ",", "x"] {
                let text = format!("[{n}{tail}]");
                let ok_tail = matches!(tail, "" | ".5" | "e7" | ".25E-3");
                assert_eq!(validate(text.as_bytes()).is_ok(), ok_tail, "{text}");
            }
            assert_eq!(digits_end(format!("{n}:").as_bytes(), 0), len);
            assert_eq!(digits_end(format!("{n}/").as_bytes(), 0), len);
        }
    }

    #[test]
    fn limits_depth_without_overflowing() {
        let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        ok(&deep, Kind::Array);
        let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        bad(&deeper, MAX_DEPTH);
        let huge = "[{\"a\":".repeat(100_000);
        assert!(validate(huge.as_bytes()).is_err());
    }

    #[test]
    fn tracks_whitespace() {
        let mut s = Scanner::new(b"{\"a\":1}");
        s.skip_value().unwrap();
        assert!(!s.saw_ws());
        let mut s = Scanner::new(b"{\"a\": 1}");
        s.skip_value().unwrap();
        assert!(s.saw_ws());
    }
}
