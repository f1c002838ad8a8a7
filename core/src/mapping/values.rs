//! Scalar checks as Elasticsearch parses values: integer ranges on the exact token text, finite
//! floats, strict ISO-8601 dates, epoch times and IP addresses.
//!
//! Everything works on byte slices without allocating, so checking a document that is fine costs
//! no allocation. When in doubt a value is accepted: a false alarm is worse than a miss.

use std::cmp::Ordering;

/// A decimal number as written: sign, integer digits, fraction digits, exponent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decimal<'a> {
    neg: bool,
    int: &'a [u8],
    frac: &'a [u8],
    exp: i64,
}

/// Parses `[+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?` with at least one digit, as Java's
/// `BigDecimal` does. JSON number tokens are a subset.
pub(crate) fn decimal(s: &[u8]) -> Option<Decimal<'_>> {
    let (neg, rest) = match s.first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let n = digits(rest);
    let (int, rest) = rest.split_at(n);
    let (frac, rest) = match rest.split_first() {
        Some((b'.', after)) => {
            let m = digits(after);
            after.split_at(m)
        }
        _ => (&rest[..0], rest),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let exp = match rest.split_first() {
        None => 0,
        Some((b'e' | b'E', after)) => {
            let (eneg, after) = match after.first() {
                Some(b'-') => (true, after.get(1..)?),
                Some(b'+') => (false, after.get(1..)?),
                _ => (false, after),
            };
            if after.is_empty() || !after.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let e = after
                .iter()
                .fold(0i64, |a, &d| a.saturating_mul(10).saturating_add(i64::from(d - b'0')));
            if eneg {
                -e
            } else {
                e
            }
        }
        Some(_) => return None,
    };
    Some(Decimal { neg, int, frac, exp })
}

impl Decimal<'_> {
    fn digit(&self, i: usize) -> u8 {
        match self.int.get(i) {
            Some(&d) => d,
            None => self.frac.get(i - self.int.len()).copied().unwrap_or(b'0'),
        }
    }

    fn len(&self) -> usize {
        self.int.len() + self.frac.len()
    }

    /// Index of the first significant digit and the decimal point's position from there.
    fn shape(&self) -> (usize, i64) {
        let zeros = (0..self.len()).take_while(|&i| self.digit(i) == b'0').count();
        let point = (self.int.len() as i64)
            .saturating_add(self.exp)
            .saturating_sub(zeros as i64);
        (zeros, point)
    }

    /// Compares the magnitude of the value truncated toward zero with the integer `bound`.
    fn trunc_cmp(&self, bound: &[u8]) -> Ordering {
        let (zeros, point) = self.shape();
        if zeros == self.len() || point <= 0 {
            return if bound == b"0" { Ordering::Equal } else { Ordering::Less };
        }
        let width = point as u64;
        match width.cmp(&(bound.len() as u64)) {
            Ordering::Equal => {}
            other => return other,
        }
        for (i, &b) in bound.iter().enumerate() {
            let d = if zeros + i < self.len() {
                self.digit(zeros + i)
            } else {
                b'0'
            };
            match d.cmp(&b) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        Ordering::Equal
    }

    /// Whether a non-zero digit follows the decimal point (after applying the exponent).
    fn has_fraction(&self) -> bool {
        let (zeros, point) = self.shape();
        let first_frac = if point <= 0 {
            zeros
        } else {
            zeros.saturating_add(point as usize)
        };
        (first_frac..self.len()).any(|i| self.digit(i) != b'0')
    }
}

/// Elasticsearch's integer field types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntKind {
    Byte,
    Short,
    Integer,
    Long,
    UnsignedLong,
}

impl IntKind {
    /// Magnitudes of the smallest and largest value.
    fn bounds(self) -> (&'static [u8], &'static [u8]) {
        match self {
            IntKind::Byte => (b"128", b"127"),
            IntKind::Short => (b"32768", b"32767"),
            IntKind::Integer => (b"2147483648", b"2147483647"),
            IntKind::Long => (b"9223372036854775808", b"9223372036854775807"),
            IntKind::UnsignedLong => (b"0", b"18446744073709551615"),
        }
    }
}

/// Checks a number (token or coerced string) for an integer field: Elasticsearch truncates a
/// fraction (unless `coerce` is off) and refuses values out of the type's range.
pub(crate) fn check_int(text: &[u8], kind: IntKind, coerce: bool) -> Result<(), &'static str> {
    let d = decimal(text).ok_or("is not a number")?;
    let (min, max) = kind.bounds();
    let bound = if d.neg { min } else { max };
    if d.trunc_cmp(bound) == Ordering::Greater {
        return Err("is out of range for the type");
    }
    if !coerce && d.has_fraction() {
        return Err("has a fractional part and coerce is off");
    }
    Ok(())
}

/// Elasticsearch's floating-point field types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FloatKind {
    Half,
    Float,
    Double,
}

/// Checks a number for a floating-point field: it must stay finite in the type.
pub(crate) fn check_float(text: &[u8], kind: FloatKind) -> Result<(), &'static str> {
    decimal(text).ok_or("is not a number")?;
    let v: f64 = std::str::from_utf8(text)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or("is not a number")?;
    let finite = match kind {
        FloatKind::Double => v.is_finite(),
        FloatKind::Float => (v as f32).is_finite(),
        // 65520 and above round to infinity in a half float.
        FloatKind::Half => (v as f32).abs() < 65520.0,
    };
    if finite {
        Ok(())
    } else {
        Err("is too large for the type (not finite)")
    }
}

/// A numeric string or token as a double (`Double.parseDouble` trims whitespace).
pub(crate) fn to_f64(s: &[u8]) -> Option<f64> {
    let s = trim(s);
    decimal(s)?;
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// A string as Java's number parsers see it: surrounding whitespace trimmed.
pub(crate) fn trim(s: &[u8]) -> &[u8] {
    s.trim_ascii()
}

/// Epoch time as a string: `-?digits{1,19}(.digits{0,max_frac})?`.
pub(crate) fn is_epoch(s: &[u8], max_frac: usize) -> bool {
    let s = s.strip_prefix(b"-").unwrap_or(s);
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=19).contains(&n) {
        return false;
    }
    match s.get(n..) {
        Some([]) => true,
        Some([b'.', frac @ ..]) => frac.len() <= max_frac && frac.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn eat(&mut self, b: u8) -> bool {
        let hit = self.s.get(self.i) == Some(&b);
        self.i += usize::from(hit);
        hit
    }

    /// Exactly `n` digits, as a number.
    fn fixed(&mut self, n: usize) -> Option<u32> {
        let d = self.s.get(self.i..self.i + n)?;
        if !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(d.iter().fold(0, |a, &c| a * 10 + u32::from(c - b'0')))
    }

    /// Between `min` and `max` digits, greedily.
    fn digits(&mut self, min: usize, max: usize) -> Option<u64> {
        let n = self
            .s
            .get(self.i..)?
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n < min {
            return None;
        }
        let v = self
            .s
            .get(self.i..self.i + n)?
            .iter()
            .fold(0u64, |a, &c| a * 10 + u64::from(c - b'0'));
        self.i += n;
        Some(v)
    }

    /// Runs an optional section: on failure the position goes back, as `java.time` does.
    fn optional(&mut self, f: impl FnOnce(&mut Self) -> bool) {
        let at = self.i;
        if !f(self) {
            self.i = at;
        }
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Elasticsearch's `strict_date_optional_time` (and `_nanos`): `yyyy[-MM[-dd]]` then optionally
/// `T[HH[:mm[:ss[.fraction]]][zone][zone without colon]]`, fields range-checked, as in
/// `DateFormatters.STRICT_DATE_OPTIONAL_TIME_FORMATTER`.
pub(crate) fn is_strict_date_optional_time(s: &[u8]) -> bool {
    let mut c = Cursor { s, i: 0 };
    let neg = c.eat(b'-') || {
        c.eat(b'+');
        false
    };
    let Some(year) = c.digits(4, 10) else { return false };
    // Years whose epoch milliseconds overflow a Java long are refused too.
    if year > 292_278_993 {
        return false;
    }
    let year = if neg { -(year as i64) } else { year as i64 };
    let mut ok = true;
    c.optional(|c| {
        if !c.eat(b'-') {
            return false;
        }
        let Some(month) = c.fixed(2) else { return false };
        ok &= (1..=12).contains(&month);
        c.optional(|c| {
            if !c.eat(b'-') {
                return false;
            }
            let Some(day) = c.fixed(2) else { return false };
            ok &= day >= 1 && day <= days_in_month(year, month);
            true
        });
        true
    });
    c.optional(|c| {
        if !c.eat(b'T') {
            return false;
        }
        c.optional(|c| {
            let Some(hour) = c.fixed(2) else { return false };
            ok &= hour <= 23;
            c.optional(|c| {
                if !c.eat(b':') {
                    return false;
                }
                let Some(minute) = c.fixed(2) else { return false };
                ok &= minute <= 59;
                c.optional(|c| {
                    if !c.eat(b':') {
                        return false;
                    }
                    let Some(second) = c.fixed(2) else { return false };
                    ok &= second <= 59;
                    c.optional(|c| c.eat(b'.') && c.digits(1, 9).is_some());
                    c.optional(|c| c.eat(b',') && c.digits(1, 9).is_some());
                    true
                });
                true
            });
            c.optional(zone_or_offset_id);
            c.optional(|c| offset(c, false));
            true
        });
        true
    });
    ok && c.i == s.len()
}

/// `+HH:MM[:ss]` (`colon`) or `+HH[MM]` (without), or `Z`.
fn offset(c: &mut Cursor<'_>, colon: bool) -> bool {
    if c.eat(b'Z') {
        return true;
    }
    if !(c.eat(b'+') || c.eat(b'-')) {
        return false;
    }
    let Some(hours) = c.fixed(2) else { return false };
    if hours > 18 {
        return false;
    }
    if colon {
        if !c.eat(b':') || c.fixed(2).map_or(true, |m| m > 59) {
            return false;
        }
        c.optional(|c| c.eat(b':') && c.fixed(2).is_some_and(|s| s <= 59));
    } else {
        c.optional(|c| c.fixed(2).is_some_and(|m| m <= 59));
    }
    true
}

/// `appendZoneOrOffsetId`: `Z`, an offset with colons, or a region id (accepted loosely).
fn zone_or_offset_id(c: &mut Cursor<'_>) -> bool {
    match c.s.get(c.i) {
        Some(b'+' | b'-') => offset(c, true),
        Some(b) if b.is_ascii_alphabetic() => {
            let n = c.s[c.i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'+' | b'-' | b':'))
                .count();
            c.i += n;
            true
        }
        _ => false,
    }
}

/// An IPv4 or IPv6 address as Elasticsearch's `InetAddresses.forString` takes it.
pub(crate) fn is_ip(s: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(s) else { return false };
    if text.parse::<std::net::Ipv4Addr>().is_ok() {
        return true;
    }
    // An IPv6 scope id (`fe80::1%eth0`) is dropped.
    let addr = match text.split_once('%') {
        Some((addr, scope)) if !scope.is_empty() => addr,
        Some(_) => return false,
        None => text,
    };
    addr.parse::<std::net::Ipv6Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_test(text: &str, kind: IntKind, coerce: bool, expected: Result<(), &str>) {
        assert_eq!(check_int(text.as_bytes(), kind, coerce), expected, "{text} {kind:?}");
    }

    #[test]
    fn integer_ranges_on_token_text() {
        use IntKind::*;
        let ok = Ok(());
        let out = Err("is out of range for the type");
        for (t, k, e) in [
            ("127", Byte, ok),
            ("128", Byte, out),
            ("-128", Byte, ok),
            ("-129", Byte, out),
            ("127.99", Byte, ok),
            ("-128.9", Byte, ok),
            ("1.27e2", Byte, ok),
            ("1.28e2", Byte, out),
            ("0.000001e8", Byte, ok),
            ("32767", Short, ok),
            ("32768", Short, out),
            ("2147483647", Integer, ok),
            ("2147483648", Integer, out),
            ("-2147483648", Integer, ok),
            ("9223372036854775807", Long, ok),
            ("9223372036854775808", Long, out),
            ("-9223372036854775808", Long, ok),
            ("-9223372036854775809", Long, out),
            ("9223372036854775807.999", Long, ok),
            ("9.223372036854775807e18", Long, ok),
            ("9.223372036854775808e18", Long, out),
            ("1e19", Long, out),
            ("1e-400", Long, ok),
            ("1e999999999999999999999", Long, out),
            ("0", UnsignedLong, ok),
            ("-0.5", UnsignedLong, ok),
            ("-1", UnsignedLong, out),
            ("18446744073709551615", UnsignedLong, ok),
            ("18446744073709551616", UnsignedLong, out),
            ("000000000000000000000000012", Byte, ok),
            ("-0", Byte, ok),
        ] {
            int_test(t, k, true, e);
        }
        int_test("12.5", Integer, false, Err("has a fractional part and coerce is off"));
        int_test("12.0", Integer, false, Ok(()));
        int_test("1.25e2", Integer, false, Ok(()));
        int_test("abc", Integer, true, Err("is not a number"));
        int_test("1e", Integer, true, Err("is not a number"));
        int_test("+.5", Integer, true, Ok(()));
        int_test(".", Integer, true, Err("is not a number"));
    }

    #[test]
    fn floats_stay_finite() {
        let inf = Err("is too large for the type (not finite)");
        assert_eq!(check_float(b"1.7976931348623157e308", FloatKind::Double), Ok(()));
        assert_eq!(check_float(b"1e309", FloatKind::Double), inf);
        assert_eq!(check_float(b"3.4e38", FloatKind::Float), Ok(()));
        assert_eq!(check_float(b"3.5e38", FloatKind::Float), inf);
        assert_eq!(check_float(b"65504", FloatKind::Half), Ok(()));
        assert_eq!(check_float(b"65520", FloatKind::Half), inf);
        assert_eq!(check_float(b"-0", FloatKind::Half), Ok(()));
        assert_eq!(check_float(b"NaN", FloatKind::Double), Err("is not a number"));
    }

    #[test]
    fn strict_iso_dates() {
        for ok in [
            "2024",
            "2024-01",
            "2024-01-05",
            "2024-02-29",
            "2000-02-29",
            "2024-01-05T",
            "2024-01-05T10",
            "2024-01-05T10:15",
            "2024-01-05T10:15:30",
            "2024-01-05T10:15:30.123",
            "2024-01-05T10:15:30,123456789",
            "2024-01-05T10:15:30Z",
            "2024-01-05T10:15:30.5+01:00",
            "2024-01-05T10:15:30+0100",
            "2024-01-05T10:15:30-05",
            "2024-01-05T10:15:30+01:00:30",
            "2024-01-05T10Z",
            "2024-01-05T10:15:30Europe/Paris",
            "-0001-01-01",
            "+12345-01-01",
            "2024T10:00",
        ] {
            assert!(is_strict_date_optional_time(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "",
            "24",
            "2024-1-05",
            "2024-13-01",
            "2024-00-01",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-01-05 10:15:30",
            "2024-01-05T24:00",
            "2024-01-05T10:60",
            "2024-01-05T10:15:61",
            "2024-01-05T10:1",
            "2024-01-05T10:15:30.",
            "2024-01-05T10:15:30.1234567890",
            "2024-01-05Z",
            "2024-01-05T10:15:30+19:00",
            "2024-01-05T10:15:30+1",
            "01/05/2024",
            "now",
            "12345678901-01-01",
        ] {
            assert!(!is_strict_date_optional_time(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn epochs_and_ips() {
        assert!(is_epoch(b"1700000000000", 6));
        assert!(is_epoch(b"-1.5", 6));
        assert!(is_epoch(b"1.", 6));
        assert!(!is_epoch(b"1.1234567", 6));
        assert!(is_epoch(b"1.123456789", 9));
        assert!(!is_epoch(b"1e12", 6));
        assert!(!is_epoch(b"", 6));
        assert!(!is_epoch(b"12345678901234567890", 6));

        for ok in [
            "127.0.0.1",
            "::1",
            "2001:db8::8a2e:370:7334",
            "::ffff:192.168.0.1",
            "fe80::1%eth0",
        ] {
            assert!(is_ip(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "",
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3",
            "localhost",
            "fe80::1%",
            " 1.2.3.4",
        ] {
            assert!(!is_ip(bad.as_bytes()), "{bad}");
        }
    }
}
