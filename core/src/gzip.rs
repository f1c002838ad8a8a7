//! gzip over pushed chunks: a multi-member gunzip and a gzip encoder, memory bounded by one chunk.
//!
//! Input is recognised by its magic bytes `1f 8b`, never by file name, and one layer is removed
//! per magic: output that itself starts with the magic is data (a `.gz.gz` name is compressed
//! once). The gzip framing (RFC 1952) is parsed here over flate2's raw deflate (miniz_oxide, pure
//! Rust, builds for wasm), so a stream cut short (`TRUNCATED`) is told apart from a corrupt one
//! (`GZIP_INVALID`), and nothing is kept between pushes but the inflate window and a few header
//! bytes.

use crate::error::{Code, DumpError};
use flate2::{Compress, Compression, Crc, Decompress, FlushCompress, FlushDecompress, Status};

const MAGIC: [u8; 2] = [0x1f, 0x8b];
/// Output grows by this much while inflating, so one call never reserves more than it fills.
const OUT_STEP: usize = 64 * 1024;

const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
const FRESERVED: u8 = 0xE0;

/// Whether bytes start with the gzip magic `1f 8b` (needs at least the first two bytes).
pub fn is_gzip(first_bytes: &[u8]) -> bool {
    first_bytes.starts_with(&MAGIC)
}

fn invalid(message: String) -> DumpError {
    DumpError::data(Code::GzipInvalid, message, 0, 0)
}

/// Where the gunzip is inside the stream.
#[derive(Debug)]
enum State {
    /// The fixed 10-byte member header; `len` bytes of it seen.
    Header { buf: [u8; 10], len: usize },
    /// The 2-byte length of the extra field.
    ExtraLen { buf: [u8; 2], len: usize },
    /// Bytes of the extra field still to skip.
    Extra { left: usize },
    /// Inside the NUL-terminated original file name.
    Name,
    /// Inside the NUL-terminated comment.
    Comment,
    /// The 2-byte header CRC.
    HeaderCrc { buf: [u8; 2], len: usize },
    /// Deflate data.
    Deflate,
    /// CRC-32 and size of the member's data.
    Trailer { buf: [u8; 8], len: usize },
    /// Zero bytes after the last member (block padding, which gzip(1) accepts too).
    Padding,
    /// `finish` succeeded.
    Finished,
    /// An error was returned; it is returned again.
    Failed(DumpError),
}

/// Streaming gunzip: `push` compressed chunks, get the decompressed bytes of each chunk at once.
///
/// Handles any number of concatenated members and any header fields (extra, name, comment,
/// header CRC); checks every member's CRC-32 and size.
#[derive(Debug)]
pub struct Gunzip {
    state: State,
    flags: u8,
    inflate: Decompress,
    data_crc: Crc,
    header_crc: Crc,
    /// Compressed bytes consumed so far, for messages.
    offset: u64,
    /// Members fully decoded.
    members: u64,
}

impl Default for Gunzip {
    fn default() -> Self {
        Self::new()
    }
}

impl Gunzip {
    /// A gunzip at the start of a stream.
    pub fn new() -> Self {
        Gunzip {
            state: State::Header { buf: [0; 10], len: 0 },
            flags: 0,
            inflate: Decompress::new(false),
            data_crc: Crc::new(),
            header_crc: Crc::new(),
            offset: 0,
            members: 0,
        }
    }

    /// Compressed bytes consumed so far.
    pub fn bytes_in(&self) -> u64 {
        self.offset
    }

    /// Members fully decoded so far.
    pub fn members(&self) -> u64 {
        self.members
    }

    /// Decompresses `chunk`, appending everything it yields to `out` (nothing is held back).
    /// After an error the decoder stays failed and returns the same error.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), DumpError> {
        match &self.state {
            State::Finished => return Err(DumpError::InvalidState("gunzip: push after finish".into())),
            State::Failed(e) => return Err(e.clone()),
            _ => {}
        }
        let mut input = chunk;
        while !input.is_empty() {
            let state = std::mem::replace(&mut self.state, State::Deflate);
            match self.step(state, input, out) {
                Ok((used, next)) => {
                    self.state = next;
                    self.offset += used as u64;
                    input = input.get(used..).unwrap_or_default();
                }
                Err(e) => {
                    self.state = State::Failed(e.clone());
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Ends the stream: an error (`TRUNCATED`) unless it ends right after a member (or in
    /// zero padding after one). Every decodable byte was already handed out by `push`, so
    /// `_out` receives nothing; it is there for symmetry with the other decoders.
    pub fn finish(&mut self, _out: &mut Vec<u8>) -> Result<(), DumpError> {
        let result = match &self.state {
            State::Finished => return Ok(()),
            State::Failed(e) => return Err(e.clone()),
            State::Header { len: 0, .. } if self.members > 0 => Ok(()),
            State::Padding => Ok(()),
            State::Header { len: 0, .. } if self.offset == 0 => Err(DumpError::data(
                Code::Truncated,
                "empty input where gzip data was expected",
                0,
                0,
            )),
            _ => Err(DumpError::data(
                Code::Truncated,
                format!(
                    "gzip stream ends inside member {} (after {} compressed bytes)",
                    self.members + 1,
                    self.offset
                ),
                0,
                0,
            )),
        };
        self.state = match &result {
            Ok(()) => State::Finished,
            Err(e) => State::Failed(e.clone()),
        };
        result
    }

    /// Consumes a prefix of `input` in `state`; returns how much was used and the next state.
    fn step(&mut self, state: State, input: &[u8], out: &mut Vec<u8>) -> Result<(usize, State), DumpError> {
        let at = self.offset;
        match state {
            State::Header { mut buf, len } => {
                if len == 0 && self.members > 0 && input.first() == Some(&0) {
                    return Ok((0, State::Padding));
                }
                let n = (buf.len() - len).min(input.len());
                buf[len..len + n].copy_from_slice(&input[..n]);
                let len = len + n;
                let seen = &buf[..len];
                if !MAGIC.starts_with(&seen[..len.min(2)]) {
                    return Err(invalid(if self.members == 0 {
                        "not gzip data: the stream does not start with the magic bytes 1f 8b".into()
                    } else {
                        format!(
                            "data after gzip member {} (at compressed byte {at}) is not another gzip member",
                            self.members
                        )
                    }));
                }
                if len < buf.len() {
                    return Ok((n, State::Header { buf, len }));
                }
                if buf[2] != 8 {
                    return Err(invalid(format!(
                        "gzip member {} uses compression method {} (only 8, deflate, exists)",
                        self.members + 1,
                        buf[2]
                    )));
                }
                if buf[3] & FRESERVED != 0 {
                    return Err(invalid(format!(
                        "gzip member {} sets reserved header flags ({:#04x})",
                        self.members + 1,
                        buf[3]
                    )));
                }
                self.flags = buf[3];
                self.header_crc.reset();
                self.header_crc.update(&buf);
                Ok((n, self.after(0)))
            }
            State::ExtraLen { mut buf, len } => {
                let n = (buf.len() - len).min(input.len());
                buf[len..len + n].copy_from_slice(&input[..n]);
                self.header_crc.update(&input[..n]);
                let len = len + n;
                if len < buf.len() {
                    return Ok((n, State::ExtraLen { buf, len }));
                }
                let left = u16::from_le_bytes(buf) as usize;
                Ok((
                    n,
                    if left == 0 {
                        self.after(FEXTRA)
                    } else {
                        State::Extra { left }
                    },
                ))
            }
            State::Extra { left } => {
                let n = left.min(input.len());
                self.header_crc.update(&input[..n]);
                if n < left {
                    Ok((n, State::Extra { left: left - n }))
                } else {
                    Ok((n, self.after(FEXTRA)))
                }
            }
            State::Name | State::Comment => {
                let flag = if matches!(state, State::Name) { FNAME } else { FCOMMENT };
                match memchr::memchr(0, input) {
                    Some(i) => {
                        self.header_crc.update(&input[..=i]);
                        Ok((i + 1, self.after(flag)))
                    }
                    None => {
                        self.header_crc.update(input);
                        Ok((input.len(), state))
                    }
                }
            }
            State::HeaderCrc { mut buf, len } => {
                let n = (buf.len() - len).min(input.len());
                buf[len..len + n].copy_from_slice(&input[..n]);
                let len = len + n;
                if len < buf.len() {
                    return Ok((n, State::HeaderCrc { buf, len }));
                }
                if u16::from_le_bytes(buf) != (self.header_crc.sum() & 0xFFFF) as u16 {
                    return Err(invalid(format!(
                        "gzip member {} has a wrong header CRC",
                        self.members + 1
                    )));
                }
                Ok((n, State::Deflate))
            }
            State::Deflate => self.inflate_some(input, out),
            State::Trailer { mut buf, len } => {
                let n = (buf.len() - len).min(input.len());
                buf[len..len + n].copy_from_slice(&input[..n]);
                let len = len + n;
                if len < buf.len() {
                    return Ok((n, State::Trailer { buf, len }));
                }
                let crc = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
                let size = u32::from_le_bytes([buf[4], buf[5], buf[6], buf[7]]);
                if crc != self.data_crc.sum() || size != self.data_crc.amount() {
                    return Err(invalid(format!(
                        "gzip member {} is corrupt: its CRC-32 or length does not match its data",
                        self.members + 1
                    )));
                }
                self.members += 1;
                self.inflate.reset(false);
                self.data_crc.reset();
                Ok((n, State::Header { buf: [0; 10], len: 0 }))
            }
            State::Padding => match input.iter().position(|&b| b != 0) {
                None => Ok((input.len(), State::Padding)),
                Some(i) => Err(invalid(format!(
                    "non-zero data after the last gzip member, at compressed byte {}",
                    at + i as u64
                ))),
            },
            State::Finished | State::Failed(_) => Err(DumpError::Internal("gunzip stepped after its end".into())),
        }
    }

    /// The header part that follows the one flagged `done` (0: the fixed part); flags are in
    /// header order.
    fn after(&self, done: u8) -> State {
        let f = self.flags;
        if done < FEXTRA && f & FEXTRA != 0 {
            State::ExtraLen { buf: [0; 2], len: 0 }
        } else if done < FNAME && f & FNAME != 0 {
            State::Name
        } else if done < FCOMMENT && f & FCOMMENT != 0 {
            State::Comment
        } else if f & FHCRC != 0 {
            State::HeaderCrc { buf: [0; 2], len: 0 }
        } else {
            State::Deflate
        }
    }

    fn inflate_some(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(usize, State), DumpError> {
        let mut used = 0usize;
        loop {
            if out.capacity() - out.len() < OUT_STEP / 2 {
                out.reserve(OUT_STEP);
            }
            let spare = out.capacity() - out.len();
            let (in_before, out_before) = (self.inflate.total_in(), out.len());
            let rest = input.get(used..).unwrap_or_default();
            let status = self
                .inflate
                .decompress_vec(rest, out, FlushDecompress::None)
                .map_err(|e| {
                    invalid(format!(
                        "gzip member {} holds corrupt deflate data near compressed byte {}: {e}",
                        self.members + 1,
                        self.offset + used as u64
                    ))
                })?;
            let consumed = (self.inflate.total_in() - in_before) as usize;
            let produced = out.len() - out_before;
            self.data_crc.update(out.get(out_before..).unwrap_or_default());
            used += consumed;
            if status == Status::StreamEnd {
                return Ok((used, State::Trailer { buf: [0; 8], len: 0 }));
            }
            if produced < spare {
                if used >= input.len() {
                    return Ok((used, State::Deflate));
                }
                if consumed == 0 && produced == 0 {
                    return Err(invalid(format!(
                        "gzip member {} holds deflate data that cannot be decoded",
                        self.members + 1
                    )));
                }
            }
        }
    }
}

/// Gunzip that first looks at the magic bytes: gzip input is decompressed, anything else is
/// passed through as it is (copied to `out`).
#[derive(Debug, Default)]
pub struct AutoGunzip {
    mode: Mode,
}

#[derive(Debug)]
enum Mode {
    /// Fewer than two bytes seen.
    Sniff(Vec<u8>),
    Plain,
    Gzip(Box<Gunzip>),
}

impl Default for Mode {
    fn default() -> Self {
        Mode::Sniff(Vec::new())
    }
}

impl AutoGunzip {
    /// A decoder that has not seen any byte yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `Some(true)` once the input is known to be gzip, `Some(false)` once known not to be.
    pub fn is_gzip(&self) -> Option<bool> {
        match self.mode {
            Mode::Sniff(_) => None,
            Mode::Plain => Some(false),
            Mode::Gzip(_) => Some(true),
        }
    }

    /// Appends the plain bytes of `chunk` to `out`.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), DumpError> {
        match &mut self.mode {
            Mode::Plain => {
                out.extend_from_slice(chunk);
                Ok(())
            }
            Mode::Gzip(g) => g.push(chunk, out),
            Mode::Sniff(head) => {
                if head.is_empty() && chunk.len() >= 2 {
                    return self.decide(chunk, out);
                }
                let mut head = std::mem::take(head);
                head.extend_from_slice(chunk);
                if head.len() < 2 {
                    self.mode = Mode::Sniff(head);
                    return Ok(());
                }
                self.decide(&head, out)
            }
        }
    }

    fn decide(&mut self, first: &[u8], out: &mut Vec<u8>) -> Result<(), DumpError> {
        if is_gzip(first) {
            let mut g = Box::new(Gunzip::new());
            let r = g.push(first, out);
            self.mode = Mode::Gzip(g);
            r
        } else {
            self.mode = Mode::Plain;
            out.extend_from_slice(first);
            Ok(())
        }
    }

    /// Ends the input (a gzip stream must be complete; see [`Gunzip::finish`]).
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), DumpError> {
        match &mut self.mode {
            Mode::Sniff(head) => {
                out.append(head);
                self.mode = Mode::Plain;
                Ok(())
            }
            Mode::Plain => Ok(()),
            Mode::Gzip(g) => g.finish(out),
        }
    }
}

/// Streaming gzip encoder: one member, mtime 0 and OS "unknown", so output is reproducible.
#[derive(Debug)]
pub struct Gzip {
    deflate: Compress,
    crc: Crc,
    level: u32,
    started: bool,
    finished: bool,
}

impl Default for Gzip {
    fn default() -> Self {
        Self::new()
    }
}

impl Gzip {
    /// An encoder at gzip's default level (6).
    pub fn new() -> Self {
        Self::with_level(6)
    }

    /// An encoder at `level` (0 = store … 9 = smallest; higher values mean 9).
    pub fn with_level(level: u32) -> Self {
        let level = level.min(9);
        Gzip {
            deflate: Compress::new(Compression::new(level), false),
            crc: Crc::new(),
            level,
            started: false,
            finished: false,
        }
    }

    fn start(&mut self, out: &mut Vec<u8>) {
        if !self.started {
            self.started = true;
            // XFL as gzip(1) sets it: 2 = best compression, 4 = fastest.
            let xfl = match self.level {
                9 => 2,
                1 => 4,
                _ => 0,
            };
            out.extend_from_slice(&[MAGIC[0], MAGIC[1], 8, 0, 0, 0, 0, 0, xfl, 255]);
        }
    }

    /// Compresses `chunk`, appending whatever compressed bytes are ready to `out`.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), DumpError> {
        if self.finished {
            return Err(DumpError::InvalidState("gzip: push after finish".into()));
        }
        self.start(out);
        self.crc.update(chunk);
        self.run(chunk, out, FlushCompress::None)
    }

    /// Flushes the rest and writes the trailer; the encoder cannot be used afterwards.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), DumpError> {
        if self.finished {
            return Err(DumpError::InvalidState("gzip: finish called twice".into()));
        }
        self.start(out);
        self.run(&[], out, FlushCompress::Finish)?;
        out.extend_from_slice(&self.crc.sum().to_le_bytes());
        out.extend_from_slice(&self.crc.amount().to_le_bytes());
        self.finished = true;
        Ok(())
    }

    fn run(&mut self, input: &[u8], out: &mut Vec<u8>, flush: FlushCompress) -> Result<(), DumpError> {
        let mut used = 0usize;
        loop {
            if out.capacity() - out.len() < OUT_STEP / 2 {
                out.reserve(OUT_STEP);
            }
            let spare = out.capacity() - out.len();
            let (in_before, out_before) = (self.deflate.total_in(), out.len());
            let rest = input.get(used..).unwrap_or_default();
            let status = self
                .deflate
                .compress_vec(rest, out, flush)
                .map_err(|e| DumpError::Internal(format!("gzip: deflate failed: {e}")))?;
            let consumed = (self.deflate.total_in() - in_before) as usize;
            let produced = out.len() - out_before;
            used += consumed;
            let done = match flush {
                FlushCompress::Finish => status == Status::StreamEnd,
                _ => used >= input.len() && produced < spare,
            };
            if done {
                return Ok(());
            }
            if consumed == 0 && produced == 0 && produced < spare {
                return Err(DumpError::Internal("gzip: deflate made no progress".into()));
            }
        }
    }
}

/// Decompresses a whole gzip stream held in memory.
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, DumpError> {
    let mut g = Gunzip::new();
    let mut out = Vec::new();
    g.push(bytes, &mut out)?;
    g.finish(&mut out)?;
    Ok(out)
}

/// Compresses bytes held in memory into one gzip member.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, DumpError> {
    let mut g = Gzip::new();
    let mut out = Vec::new();
    g.push(bytes, &mut out)?;
    g.finish(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// `printf 'hello\n' | gzip -n` and `printf 'world\n' | gzip -n -9`.
    const HELLO: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7, 0x02, 0x00,
        0x20, 0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00,
    ];
    const WORLD: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x2b, 0xcf, 0x2f, 0xca, 0x49, 0xe1, 0x02, 0x00,
        0xa8, 0x61, 0x38, 0xdd, 0x06, 0x00, 0x00, 0x00,
    ];

    fn gunzip_chunked(input: &[u8], chunk: usize) -> Result<Vec<u8>, DumpError> {
        let mut g = Gunzip::new();
        let mut out = Vec::new();
        for c in input.chunks(chunk.max(1)) {
            g.push(c, &mut out)?;
        }
        g.finish(&mut out)?;
        Ok(out)
    }

    fn check_every_chunking(input: &[u8], expected: &[u8]) {
        for chunk in 1..=input.len() + 1 {
            assert_eq!(gunzip_chunked(input, chunk).unwrap(), expected, "chunk size {chunk}");
        }
    }

    fn code(r: Result<Vec<u8>, DumpError>) -> Code {
        r.expect_err("expected an error").code()
    }

    /// A member with every optional header field, header CRC included.
    fn member_with_all_fields(data: &[u8]) -> Vec<u8> {
        let plain = gzip(data).unwrap();
        let mut head = vec![0x1f, 0x8b, 8, FEXTRA | FNAME | FCOMMENT | FHCRC, 1, 2, 3, 4, 0, 3];
        head.extend_from_slice(&[3, 0, b'x', b'y', b'z']);
        head.extend_from_slice(b"name.json\0a comment\0");
        let mut crc = Crc::new();
        crc.update(&head);
        head.extend_from_slice(&((crc.sum() & 0xFFFF) as u16).to_le_bytes());
        head.extend_from_slice(&plain[10..]);
        head
    }

    #[test]
    fn decodes_gzip_cli_output_in_every_chunking() {
        check_every_chunking(HELLO, b"hello\n");
        let both = [HELLO, WORLD].concat();
        check_every_chunking(&both, b"hello\nworld\n");
        let fields = [member_with_all_fields(b"abc"), HELLO.to_vec()].concat();
        check_every_chunking(&fields, b"abchello\n");
    }

    #[test]
    fn one_layer_per_magic() {
        let twice = gzip(HELLO).unwrap();
        assert_eq!(gunzip(&twice).unwrap(), HELLO);
        assert!(is_gzip(&gunzip(&twice).unwrap()));
        assert!(is_gzip(HELLO) && !is_gzip(b"{}") && !is_gzip(&[0x1f]));
    }

    #[test]
    fn empty_members_and_padding() {
        let empty = gzip(b"").unwrap();
        assert_eq!(gunzip(&empty).unwrap(), b"");
        check_every_chunking(&[empty.clone(), HELLO.to_vec(), empty].concat(), b"hello\n");
        check_every_chunking(&[HELLO, &[0u8; 7]].concat(), b"hello\n");
    }

    #[test]
    fn truncation_is_reported_as_such_at_every_length() {
        let both = [HELLO, WORLD].concat();
        for len in (0..both.len()).filter(|&l| l != HELLO.len()) {
            assert_eq!(code(gunzip_chunked(&both[..len], 5)), Code::Truncated, "length {len}");
        }
    }

    #[test]
    fn corrupt_input_is_an_error_never_a_panic() {
        let input = [
            member_with_all_fields(b"some data, some data, some data"),
            HELLO.to_vec(),
        ]
        .concat();
        for i in 0..input.len() {
            for bit in 0..8 {
                let mut bad = input.clone();
                bad[i] ^= 1 << bit;
                let _ = gunzip_chunked(&bad, 3);
                let _ = gunzip_chunked(&bad, 1000);
            }
        }
        let mut bad_crc = HELLO.to_vec();
        bad_crc[18] ^= 1;
        assert_eq!(code(gunzip(&bad_crc)), Code::GzipInvalid);
        assert_eq!(code(gunzip(b"{\"a\":1}")), Code::GzipInvalid);
        assert_eq!(code(gunzip(&[HELLO, b"garbage"].concat())), Code::GzipInvalid);
        assert_eq!(code(gunzip(&[HELLO, &[0, 0, 1]].concat())), Code::GzipInvalid);
        let mut method = HELLO.to_vec();
        method[2] = 7;
        assert_eq!(code(gunzip(&method)), Code::GzipInvalid);
        let mut hcrc = member_with_all_fields(b"x");
        hcrc[4] ^= 1;
        assert_eq!(code(gunzip(&hcrc)), Code::GzipInvalid);
    }

    #[test]
    fn failed_and_finished_states_stay_put() {
        let mut g = Gunzip::new();
        let mut out = Vec::new();
        assert!(g.push(b"xx", &mut out).is_err());
        assert_eq!(g.push(HELLO, &mut out).unwrap_err().code(), Code::GzipInvalid);
        let mut g = Gunzip::new();
        g.push(HELLO, &mut out).unwrap();
        g.finish(&mut out).unwrap();
        assert_eq!(g.push(HELLO, &mut out).unwrap_err().code(), Code::InvalidState);
        assert_eq!((g.members(), g.bytes_in()), (1, HELLO.len() as u64));
    }

    #[test]
    fn encoder_output_is_reproducible_and_standard() {
        let data: Vec<u8> = (0..50_000u32)
            .flat_map(|i| format!("{{\"n\":{i}}}\n").into_bytes())
            .collect();
        let mut g = Gzip::new();
        let mut streamed = Vec::new();
        for c in data.chunks(7777) {
            g.push(c, &mut streamed).unwrap();
        }
        g.finish(&mut streamed).unwrap();
        assert_eq!(streamed, gzip(&data).unwrap());
        assert_eq!(&streamed[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        assert!(streamed.len() < data.len() / 4);
        let mut reference = Vec::new();
        flate2::read::MultiGzDecoder::new(&streamed[..])
            .read_to_end(&mut reference)
            .unwrap();
        assert_eq!(reference, data);
        assert_eq!(gunzip_chunked(&streamed, 4096).unwrap(), data);
        assert_eq!(g.push(b"x", &mut streamed).unwrap_err().code(), Code::InvalidState);
        let mut levels = Vec::new();
        for level in [0, 1, 9] {
            let mut g = Gzip::with_level(level);
            let mut out = Vec::new();
            g.push(b"level", &mut out).unwrap();
            g.finish(&mut out).unwrap();
            levels.push(out[8]);
            assert_eq!(gunzip(&out).unwrap(), b"level");
        }
        assert_eq!(levels, [0, 4, 2]);
    }

    #[test]
    fn output_per_push_is_that_push_only() {
        // 1 MiB of zeros compresses ~1000:1; each push yields only its own share.
        let zeros = gzip(&vec![0u8; 1 << 20]).unwrap();
        let mut g = Gunzip::new();
        let mut total = 0;
        for c in zeros.chunks(64) {
            let mut out = Vec::new();
            g.push(c, &mut out).unwrap();
            assert!(out.len() <= 64 * 1032 + OUT_STEP, "{}", out.len());
            total += out.len();
        }
        g.finish(&mut Vec::new()).unwrap();
        assert_eq!(total, 1 << 20);
    }

    #[test]
    fn auto_gunzip_sniffs_in_any_chunking() {
        fn auto(input: &[u8], chunk: usize) -> (Vec<u8>, Option<bool>) {
            let mut a = AutoGunzip::new();
            let mut out = Vec::new();
            for c in input.chunks(chunk) {
                a.push(c, &mut out).unwrap();
            }
            a.finish(&mut out).unwrap();
            (out, a.is_gzip())
        }
        for chunk in 1..30 {
            assert_eq!(auto(HELLO, chunk), (b"hello\n".to_vec(), Some(true)));
            assert_eq!(auto(b"{\"a\":1}\n", chunk), (b"{\"a\":1}\n".to_vec(), Some(false)));
            assert_eq!(auto(b"x", chunk), (b"x".to_vec(), Some(false)));
            assert_eq!(auto(b"", chunk), (Vec::new(), Some(false)));
        }
        let mut a = AutoGunzip::new();
        a.push(&HELLO[..5], &mut Vec::new()).unwrap();
        assert_eq!(a.finish(&mut Vec::new()).unwrap_err().code(), Code::Truncated);
    }
}
