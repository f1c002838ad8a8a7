//! ISO 8601 as moment.js 2.30 reads it (`configFromISO`): its two anchored regular expressions
//! (extended, then basic), the choice of a date and a time pattern, then the pattern parse.
//!
//! Kuzzle uses it for `strict_date_optional_time` (strict) and for `range` bounds (not strict).

use super::dates::{parse_pattern, Moment};
use super::js::is_js_space;

/// Date patterns, the shape that selects them (searched anywhere in the date part; `d` digit,
/// `s` sign) and whether a time may follow.
const ISO_DATES: &[(&str, &str, bool)] = &[
    ("YYYYYY-MM-DD", "sdddddd-dd-dd", true),
    ("YYYY-MM-DD", "dddd-dd-dd", true),
    ("GGGG-[W]WW-E", "dddd-Wdd-d", true),
    ("GGGG-[W]WW", "dddd-Wdd", false),
    ("YYYY-DDD", "dddd-ddd", true),
    ("YYYY-MM", "dddd-dd", false),
    ("YYYYYYMMDD", "sdddddddddd", true),
    ("YYYYMMDD", "dddddddd", true),
    ("GGGG[W]WWE", "ddddWddd", true),
    ("GGGG[W]WW", "ddddWdd", false),
    ("YYYYDDD", "ddddddd", true),
    ("YYYYMM", "dddddd", false),
    ("YYYY", "dddd", false),
];

/// Time patterns and their shapes (`+` = one or more digits).
const ISO_TIMES: &[(&str, &str)] = &[
    ("HH:mm:ss.SSSS", "dd:dd:dd.+"),
    ("HH:mm:ss,SSSS", "dd:dd:dd,+"),
    ("HH:mm:ss", "dd:dd:dd"),
    ("HH:mm", "dd:dd"),
    ("HHmmss.SSSS", "dddddd.+"),
    ("HHmmss,SSSS", "dddddd,+"),
    ("HHmmss", "dddddd"),
    ("HHmm", "dddd"),
    ("HH", "dd"),
];

/// Whether `shape` occurs anywhere in `hay`.
fn contains(hay: &[u8], shape: &str) -> bool {
    let matches_at = |start: usize| {
        let mut i = start;
        for c in shape.bytes() {
            let ok = match c {
                b'd' => hay.get(i).is_some_and(u8::is_ascii_digit),
                b's' => matches!(hay.get(i), Some(b'+' | b'-')),
                b'+' => {
                    let n = hay
                        .get(i..)
                        .map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
                    if n == 0 {
                        return false;
                    }
                    i += n - 1;
                    true
                }
                _ => hay.get(i) == Some(&c),
            };
            if !ok {
                return false;
            }
            i += 1;
        }
        true
    };
    (0..hay.len()).any(matches_at)
}

fn digits(s: &[u8], at: usize, n: usize) -> bool {
    s.get(at..at + n).is_some_and(|r| r.iter().all(u8::is_ascii_digit))
}

/// The captures of the ISO regular expression: date part, separator, time part, zone part.
struct IsoMatch {
    date: (usize, usize),
    sep: Option<u8>,
    time: Option<(usize, usize)>,
    zone: Option<(usize, usize)>,
}

/// Ends of `\d\d(?:SEP\d\d(?:SEP\d\d(?:[.,]\d+)?)?)?` from `at`, longest first (backtracking order).
fn time_ends(s: &[u8], at: usize, colon: bool) -> Vec<usize> {
    let mut ends = Vec::new();
    if !digits(s, at, 2) {
        return ends;
    }
    let step = |from: usize| -> Option<usize> {
        if colon {
            (s.get(from) == Some(&b':') && digits(s, from + 1, 2)).then_some(from + 3)
        } else {
            digits(s, from, 2).then_some(from + 2)
        }
    };
    let e1 = at + 2;
    if let Some(e2) = step(e1) {
        if let Some(e3) = step(e2) {
            if matches!(s.get(e3), Some(b'.' | b',')) {
                let n = s
                    .get(e3 + 1..)
                    .map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
                ends.extend((1..=n).rev().map(|k| e3 + 1 + k));
            }
            ends.push(e3);
        }
        ends.push(e2);
    }
    ends.push(e1);
    ends
}

/// Ends of `([+-]\d\d(?::?\d\d)?|\s*Z)?` from `at`, in backtracking order (none last).
fn zone_ends(s: &[u8], at: usize) -> Vec<Option<usize>> {
    let mut ends = Vec::new();
    if matches!(s.get(at), Some(b'+' | b'-')) && digits(s, at + 1, 2) {
        if s.get(at + 3) == Some(&b':') && digits(s, at + 4, 2) {
            ends.push(Some(at + 6));
        }
        if digits(s, at + 3, 2) {
            ends.push(Some(at + 5));
        }
        ends.push(Some(at + 3));
    }
    let text = std::str::from_utf8(s.get(at..).unwrap_or(&[])).unwrap_or("");
    let trimmed = text.trim_start_matches(is_js_space);
    if trimmed.starts_with('Z') {
        ends.push(Some(at + (text.len() - trimmed.len()) + 1));
    }
    ends.push(None);
    ends
}

fn iso_match(input: &str, extended: bool) -> Option<IsoMatch> {
    let s = input.as_bytes();
    let start = input.len() - input.trim_start_matches(is_js_space).len();
    let mut years = Vec::new();
    if matches!(s.get(start), Some(b'+' | b'-')) && digits(s, start + 1, 6) {
        years.push(start + 7);
    }
    if digits(s, start, 4) {
        years.push(start + 4);
    }
    let alternatives: &[&str] = if extended {
        &["-dd-dd", "-Wdd-d", "-Wdd", "-ddd", "-dd"]
    } else {
        &["dddd", "Wddd", "Wdd", "ddd", "dd", ""]
    };
    for y in years {
        for alt in alternatives {
            let end = y + alt.len();
            let shape_ok = s.get(y..end).is_some_and(|part| {
                part.iter()
                    .zip(alt.bytes())
                    .all(|(&b, c)| if c == b'd' { b.is_ascii_digit() } else { b == c })
            });
            if !shape_ok {
                continue;
            }
            let date = (start, end);
            if let Some(&sep @ (b'T' | b' ')) = s.get(end) {
                for t in time_ends(s, end + 1, extended) {
                    for z in zone_ends(s, t) {
                        if z.unwrap_or(t) == s.len() {
                            return Some(IsoMatch {
                                date,
                                sep: Some(sep),
                                time: Some((end + 1, t)),
                                zone: z.map(|z| (t, z)),
                            });
                        }
                    }
                }
            }
            if end == s.len() {
                return Some(IsoMatch {
                    date,
                    sep: None,
                    time: None,
                    zone: None,
                });
            }
        }
    }
    None
}

/// `moment.utc(input, moment.ISO_8601, strict)`.
pub fn parse_iso(input: &str, strict: bool) -> Option<Moment> {
    let m = iso_match(input, true).or_else(|| iso_match(input, false))?;
    let s = input.as_bytes();
    let part = |(a, b): (usize, usize)| s.get(a..b).unwrap_or(&[]);
    let (date_pattern, allow_time) = ISO_DATES
        .iter()
        .find(|(_, shape, _)| contains(part(m.date), shape))
        .map(|&(p, _, t)| (p, t))?;
    let mut pattern = date_pattern.to_owned();
    if let Some(time) = m.time {
        let (time_pattern, _) = ISO_TIMES.iter().find(|(_, shape)| contains(part(time), shape))?;
        if !allow_time {
            return None;
        }
        pattern.push(char::from(m.sep.unwrap_or(b' ')));
        pattern.push_str(time_pattern);
    }
    if m.zone.is_some() {
        pattern.push('Z');
    }
    parse_pattern(input, &pattern, strict)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(input: &str, strict: bool) -> Option<f64> {
        parse_iso(input, strict).map(|m| m.millis)
    }

    #[test]
    fn reads_what_moment_reads() {
        assert_eq!(iso("2020-01-02", true), Some(1_577_923_200_000.0));
        assert_eq!(iso("20200102", true), iso("2020-01-02", true));
        assert_eq!(iso("2020-01-02T00:00:00.000Z", true), iso("2020-01-02", true));
        assert_eq!(iso("2020-01-02T01:30+01:30", true), iso("2020-01-02", true));
        assert_eq!(
            iso("2020-01-02 00:00:00,5", true),
            iso("2020-01-02", true).map(|m| m + 500.0)
        );
        assert_eq!(iso("2020-002", true), iso("2020-01-02", true));
        assert_eq!(iso("2020-W01-3", true), iso("2020-01-01", true));
        assert_eq!(iso("2020", true), iso("2020-01-01", true));
        assert_eq!(iso("2020-01", true), iso("2020-01-01", true));
    }

    #[test]
    fn refuses_what_moment_refuses() {
        assert_eq!(iso("2020-01T10:00", true), None);
        assert_eq!(iso("2020-13-01", true), None);
        assert_eq!(iso("2020-01-32", true), None);
        assert_eq!(iso("2020-01-02T25:00", true), None);
        assert_eq!(iso("02/01/2020", true), None);
        assert_eq!(iso("2020-01-02x", false), None);
        assert_eq!(iso(" 2020-01-02", true), None);
        assert_eq!(iso(" 2020-01-02", false), iso("2020-01-02", true));
        assert_eq!(iso("NOW", false), None);
    }
}
