//! Date checks of Kuzzle's `date` type: its table of format names, each parsed the way
//! moment.js 2.30 parses it (`moment.utc(value, pattern, strict)`), to epoch milliseconds.
//!
//! Moment's parser is followed step by step: each format token's regular expression is searched
//! (not anchored) in what is left of the input, skipped text is allowed unless strict, then the
//! parts are checked for overflow (month 13, February 30, hour 25…). Only the `en` locale is
//! modelled (weeks start on Sunday, week 1 holds January 1st). A date whose year comes from the
//! current day (formats without a year) is valid but marked `clock_dependent`: the core has no
//! clock, so range checks skip it.

use super::calendar::{build, Parts};
use super::iso::parse_iso;
use super::js;

/// Kuzzle's format names (`lib/core/validation/types/date.js`), with their moment pattern and
/// strictness. `epoch_millis`, `epoch_second` and `strict_date_optional_time` are handled apart.
const PATTERNS: &[(&str, &str, bool)] = &[
    ("basic_date", "YYYYMMDD", true),
    ("basic_date_time", "YYYYMMDD\\THHmmss.SSSZ", true),
    ("basic_date_time_no_millis", "YYYYMMDD\\THHmmssZ", true),
    ("basic_ordinal_date", "YYYYDDD", true),
    ("basic_ordinal_date_time", "YYYYDDD\\THHmmss.SSSZ", true),
    ("basic_ordinal_date_time_no_millis", "YYYYDDD\\THHmmssZ", true),
    ("basic_t_time", "\\THHmmss.SSSZ", true),
    ("basic_t_time_no_millis", "\\THHmmssZ", true),
    ("basic_time", "HHmmss.SSSZ", true),
    ("basic_time_no_millis", "HHmmssZ", true),
    ("basic_week_date", "gggg\\Wwwe", false),
    ("basic_week_date_time", "gggg\\Wwwe\\THHmmss.SSSZ", false),
    ("basic_week_date_time_no_millis", "gggg\\Wwwe\\THHmmssZ", false),
    ("date", "YYYY-MM-DD", false),
    ("date_hour", "YYYY-MM-DD\\THH", false),
    ("date_hour_minute", "YYYY-MM-DD\\THH:mm", false),
    ("date_hour_minute_second", "YYYY-MM-DD\\THH:mm:ss", false),
    ("date_hour_minute_second_fraction", "YYYY-MM-DD\\THH:mm:ss.SSS", false),
    ("date_hour_minute_second_millis", "YYYY-MM-DD\\THH:mm:ss.SSS", false),
    ("date_time", "YYYY-MM-DD\\THH:mm:ss.SSSZZ", false),
    ("date_time_no_millis", "YYYY-MM-DD\\THH:mm:ssZZ", false),
    ("hour", "HH", false),
    ("hour_minute", "HH:mm", false),
    ("hour_minute_second", "HH:mm:ss", false),
    ("hour_minute_second_fraction", "HH:mm:ss.SSS", false),
    ("hour_minute_second_millis", "HH:mm:ss.SSS", false),
    ("ordinal_date", "YYYY-DDD", false),
    ("ordinal_date_time", "YYYY-DDD\\THH:mm:ss.SSSZZ", false),
    ("ordinal_date_time_no_millis", "YYYY-DDD\\THH:mm:ssZZ", false),
    ("strict_basic_week_date", "gggg\\Wwwe", true),
    ("strict_basic_week_date_time", "gggg\\Wwwe\\THHmmss.SSSZ", true),
    ("strict_basic_week_date_time_no_millis", "gggg\\Wwwe\\THHmmssZ", true),
    ("strict_date", "YYYY-MM-DD", true),
    ("strict_date_hour", "YYYY-MM-DD\\THH", true),
    ("strict_date_hour_minute", "YYYY-MM-DD\\THH:mm", true),
    ("strict_date_hour_minute_second", "YYYY-MM-DD\\THH:mm:ss", true),
    (
        "strict_date_hour_minute_second_fraction",
        "YYYY-MM-DD\\THH:mm:ss.SSS",
        true,
    ),
    (
        "strict_date_hour_minute_second_millis",
        "YYYY-MM-DD\\THH:mm:ss.SSS",
        true,
    ),
    ("strict_date_time", "YYYY-MM-DD\\THH:mm:ss.SSSZZ", true),
    ("strict_date_time_no_millis", "YYYY-MM-DD\\THH:mm:ssZZ", true),
    ("strict_hour", "HH", true),
    ("strict_hour_minute", "HH:mm", true),
    ("strict_hour_minute_second", "HH:mm:ss", true),
    ("strict_hour_minute_second_fraction", "HH:mm:ss.SSS", true),
    ("strict_hour_minute_second_millis", "HH:mm:ss.SSS", true),
    ("strict_ordinal_date", "YYYY-DDD", true),
    ("strict_ordinal_date_time", "YYYY-DDD\\THH:mm:ss.SSSZZ", true),
    ("strict_ordinal_date_time_no_millis", "YYYY-DDD\\THH:mm:ssZZ", true),
    ("strict_t_time", "\\THH:mm:ss.SSSZZ", true),
    ("strict_t_time_no_millis", "\\THH:mm:ssZZ", true),
    ("strict_time", "HH:mm:ss.SSSZZ", true),
    ("strict_time_no_millis", "HH:mm:ssZZ", true),
    ("strict_week_date", "gggg-\\Www-e", true),
    ("strict_week_date_time", "gggg-\\Www-e\\THH:mm:ss.SSSZZ", true),
    ("strict_week_date_time_no_millis", "gggg-\\Www-e\\THH:mm:ssZZ", true),
    ("strict_weekyear", "gggg", true),
    ("strict_weekyear_week", "ggggww", true),
    ("strict_weekyear_week_day", "ggggwwe", true),
    ("strict_year", "YYYY", true),
    ("strict_year_month", "YYYYMM", true),
    ("strict_year_month_day", "YYYYMMDD", true),
    ("t_time", "\\THH:mm:ss.SSSZZ", false),
    ("t_time_no_millis", "\\THH:mm:ssZZ", false),
    ("time", "HH:mm:ss.SSSZZ", false),
    ("time_no_millis", "HH:mm:ssZZ", false),
    ("week_date", "gggg-\\Www-e", false),
    ("week_date_time", "gggg-\\Www-e\\THH:mm:ss.SSSZZ", false),
    ("week_date_time_no_millis", "gggg-\\Www-e\\THH:mm:ssZZ", false),
    ("weekyear", "gggg", false),
    ("weekyear_week", "ggggww", false),
    ("weekyear_week_day", "ggggwwe", false),
    ("year", "YYYY", false),
    ("year_month", "YYYYMM", false),
    ("year_month_day", "YYYYMMDD", false),
];

/// Largest distance from the epoch a JavaScript `Date` holds, in milliseconds.
pub(super) const MAX_DATE_MS: f64 = 8.64e15;

/// A date format Kuzzle accepts in `typeOptions.formats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// A JSON number of milliseconds.
    EpochMillis,
    /// A JSON number of seconds.
    EpochSecond,
    /// ISO 8601 as moment reads it (`strict_date_optional_time`, strict).
    Iso8601,
    /// A moment pattern.
    Pattern(&'static str, bool),
}

impl DateFormat {
    /// The format of a Kuzzle name; `None` for names Kuzzle refuses (`date_optional_time` too).
    pub fn by_name(name: &str) -> Option<DateFormat> {
        match name {
            "epoch_millis" => Some(DateFormat::EpochMillis),
            "epoch_second" => Some(DateFormat::EpochSecond),
            "strict_date_optional_time" => Some(DateFormat::Iso8601),
            _ => PATTERNS
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|&(_, p, strict)| DateFormat::Pattern(p, strict)),
        }
    }
}

/// The value being checked, as the date type sees it.
#[derive(Debug, Clone)]
pub enum DateInput<'a> {
    /// A JSON number: its value, and `String(value)`.
    Number(f64, String),
    /// Anything else but null, as `String(value)`.
    Text(&'a str),
    /// `null` (moment refuses it).
    Null,
}

/// A parsed date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moment {
    /// Milliseconds since the epoch (UTC).
    pub millis: f64,
    /// Whether part of the date came from the current day (no year in the format).
    pub clock_dependent: bool,
}

/// Parses `input` with `format` as Kuzzle does; `None` when moment finds it invalid.
pub fn parse(format: DateFormat, input: &DateInput<'_>) -> Option<Moment> {
    let epoch = |ms: f64| {
        (ms.is_finite() && ms.abs() <= MAX_DATE_MS).then_some(Moment {
            millis: ms.trunc(),
            clock_dependent: false,
        })
    };
    match (format, input) {
        (_, DateInput::Null) => None,
        (DateFormat::EpochMillis, DateInput::Number(f, _)) => epoch(*f),
        (DateFormat::EpochSecond, DateInput::Number(f, _)) => epoch(*f * 1000.0),
        (DateFormat::EpochMillis | DateFormat::EpochSecond, _) => None,
        (DateFormat::Iso8601, DateInput::Number(_, s)) => parse_iso(s, true),
        (DateFormat::Iso8601, DateInput::Text(s)) => parse_iso(s, true),
        (DateFormat::Pattern(p, strict), DateInput::Number(_, s)) => parse_pattern(s, p, strict),
        (DateFormat::Pattern(p, strict), DateInput::Text(s)) => parse_pattern(s, p, strict),
    }
}

/// A range bound of the spec: `moment.utc(value, moment.ISO_8601)` (not strict).
pub fn parse_iso_bound(s: &str) -> Option<Moment> {
    parse_iso(s, false)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Year6,
    Year4,
    Month,
    Day,
    DayOfYear,
    Hour,
    Minute,
    Second,
    Fraction(usize),
    Offset,
    WeekYear,
    Week,
    Weekday,
    IsoWeekYear,
    IsoWeek,
    IsoWeekday,
    Lit(String),
}

/// Splits a moment pattern into tokens (the subset of moment's token grammar Kuzzle uses).
fn tokens(pattern: &str) -> Vec<Tok> {
    let b = pattern.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let run = |i: usize, c: u8| b.get(i..).map_or(0, |r| r.iter().take_while(|&&x| x == c).count());
    while let Some(&c) = b.get(i) {
        let n = run(i, c);
        let (tok, len) = match c {
            b'\\' => {
                let ch = pattern.get(i + 1..).and_then(|r| r.chars().next());
                (
                    Tok::Lit(ch.map(String::from).unwrap_or_default()),
                    1 + ch.map_or(0, char::len_utf8),
                )
            }
            b'[' => {
                let end = pattern
                    .get(i..)
                    .and_then(|r| r.find(']'))
                    .map_or(pattern.len(), |e| i + e);
                (Tok::Lit(pattern.get(i + 1..end).unwrap_or("").into()), end + 1 - i)
            }
            b'Y' if n >= 6 => (Tok::Year6, 6),
            b'Y' if n >= 4 => (Tok::Year4, 4),
            b'M' if n >= 2 => (Tok::Month, 2),
            b'D' if n >= 3 => (Tok::DayOfYear, 3),
            b'D' if n >= 2 => (Tok::Day, 2),
            b'H' if n >= 2 => (Tok::Hour, 2),
            b'm' if n >= 2 => (Tok::Minute, 2),
            b's' if n >= 2 => (Tok::Second, 2),
            b'S' => (Tok::Fraction(n.min(9)), n.min(9)),
            b'Z' => (Tok::Offset, n.min(2)),
            b'g' if n >= 4 => (Tok::WeekYear, 4),
            b'G' if n >= 4 => (Tok::IsoWeekYear, 4),
            b'w' if n >= 2 => (Tok::Week, 2),
            b'W' if n >= 2 => (Tok::IsoWeek, 2),
            b'e' => (Tok::Weekday, 1),
            b'E' => (Tok::IsoWeekday, 1),
            _ => {
                let ch = pattern.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
                (Tok::Lit(ch.into()), ch.len_utf8())
            }
        };
        out.push(tok);
        i += len.max(1);
    }
    out
}

/// What a token's regular expression accepts: `sign? digits{min,max}`, an offset, or a literal.
enum Matcher<'t> {
    Digits { min: usize, max: usize, signed: bool },
    Offset,
    Lit(&'t str),
}

fn matcher(tok: &Tok, strict: bool) -> Matcher<'_> {
    let d = |min, max| Matcher::Digits {
        min,
        max,
        signed: false,
    };
    let (loose, tight) = match tok {
        Tok::Year6 => {
            let n = if strict { 6 } else { 1 };
            return Matcher::Digits {
                min: n,
                max: 6,
                signed: true,
            };
        }
        Tok::Year4 | Tok::WeekYear | Tok::IsoWeekYear => ((1, 4), (4, 4)),
        Tok::Month | Tok::Day | Tok::Hour | Tok::Minute | Tok::Second | Tok::Week | Tok::IsoWeek => ((1, 2), (2, 2)),
        Tok::DayOfYear => ((1, 3), (1, 3)),
        Tok::Weekday | Tok::IsoWeekday => ((1, 2), (1, 2)),
        Tok::Fraction(n) if *n <= 3 => ((1, 3), (*n, *n)),
        Tok::Fraction(_) => ((1, usize::MAX), (1, usize::MAX)),
        Tok::Offset => return Matcher::Offset,
        Tok::Lit(s) => return Matcher::Lit(s),
    };
    let (min, max) = if strict { tight } else { loose };
    d(min, max)
}

fn digits_at(s: &[u8], at: usize) -> usize {
    s.get(at..)
        .map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// Leftmost match of `m` in `s` from `from`, as `String.prototype.match` finds it.
fn find(m: &Matcher<'_>, s: &[u8], from: usize) -> Option<(usize, usize)> {
    for p in from..s.len() {
        let at = |i: usize| s.get(i).copied();
        match m {
            Matcher::Digits { min, max, signed } => {
                let q = if *signed && matches!(at(p), Some(b'+' | b'-')) {
                    p + 1
                } else {
                    p
                };
                let n = digits_at(s, q);
                if n >= *min.max(&1) {
                    return Some((p, q + n.min(*max)));
                }
            }
            Matcher::Offset => match at(p) {
                Some(b'Z' | b'z') => return Some((p, p + 1)),
                Some(b'+' | b'-') if digits_at(s, p + 1) >= 2 => {
                    let end = p + 3;
                    if at(end) == Some(b':') && digits_at(s, end + 1) >= 2 {
                        return Some((p, end + 3));
                    }
                    if digits_at(s, end) >= 2 {
                        return Some((p, end + 2));
                    }
                    return Some((p, end));
                }
                _ => {}
            },
            Matcher::Lit(l) => {
                if !l.is_empty() && s.get(p..).is_some_and(|r| r.starts_with(l.as_bytes())) {
                    return Some((p, p + l.len()));
                }
            }
        }
    }
    None
}

fn to_int(s: &str) -> i64 {
    // moment's toInt: Number(s) truncated toward zero (0 when not finite).
    let f = js::string_to_number(s);
    if f.is_finite() {
        f.trunc() as i64
    } else {
        0
    }
}

fn offset_minutes(s: &str) -> i64 {
    let digits: Vec<i64> = s
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|d| i64::from(d - b'0'))
        .collect();
    let hours = digits.first().copied().unwrap_or(0) * 10 + digits.get(1).copied().unwrap_or(0);
    let minutes = digits.get(2).copied().unwrap_or(0) * 10 + digits.get(3).copied().unwrap_or(0);
    let total = hours * 60 + minutes;
    if s.starts_with('-') {
        -total
    } else {
        total
    }
}

pub(super) fn parse_pattern(input: &str, pattern: &str, strict: bool) -> Option<Moment> {
    let s = input.as_bytes();
    let mut parts = Parts::default();
    let (mut pos, mut parsed_len, mut unused_tokens, mut empty) = (0, 0, 0, true);
    for tok in tokens(pattern) {
        let found = find(&matcher(&tok, strict), s, pos);
        let text = found.and_then(|(a, b)| input.get(a..b));
        if let Some((a, b)) = found {
            pos = b;
            parsed_len += b - a;
        }
        if let Tok::Lit(_) = tok {
            if strict && text.is_none() {
                unused_tokens += 1;
            }
            continue;
        }
        let Some(text) = text else {
            unused_tokens += 1;
            continue;
        };
        empty = false;
        let v = to_int(text);
        match tok {
            Tok::Year4 if text.len() == 2 => parts.year = Some(v + if v > 68 { 1900 } else { 2000 }),
            Tok::Year4 | Tok::Year6 => parts.year = Some(v),
            Tok::Month => parts.month = Some(v - 1),
            Tok::Day => parts.day = Some(v),
            Tok::DayOfYear => parts.day_of_year = Some(v),
            Tok::Hour => parts.hour = Some(v),
            Tok::Minute => parts.minute = Some(v),
            Tok::Second => parts.second = Some(v),
            Tok::Fraction(_) => parts.ms = Some((js::string_to_number(&format!("0.{text}")) * 1000.0).trunc() as i64),
            Tok::Offset => parts.offset_minutes = Some(offset_minutes(text)),
            Tok::WeekYear => parts.week_year = Some(v),
            Tok::Week => parts.week = Some(v),
            Tok::Weekday => parts.weekday = Some(v),
            Tok::IsoWeekYear => parts.iso_week_year = Some(v),
            Tok::IsoWeek => parts.iso_week = Some(v),
            Tok::IsoWeekday => parts.iso_weekday = Some(v),
            Tok::Lit(_) => {}
        }
    }
    if empty || (strict && (unused_tokens > 0 || parsed_len != s.len())) {
        return None;
    }
    build(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(format: &str, input: &str) -> Option<f64> {
        let f = DateFormat::by_name(format).unwrap();
        parse(f, &DateInput::Text(input)).map(|m| m.millis)
    }

    #[test]
    fn knows_kuzzles_names_only() {
        assert!(DateFormat::by_name("strict_date_optional_time").is_some());
        assert!(DateFormat::by_name("epoch_second").is_some());
        assert!(DateFormat::by_name("date_optional_time").is_none());
        assert!(DateFormat::by_name("yyyy-MM-dd").is_none());
        assert_eq!(PATTERNS.len() + 3, 77);
    }

    #[test]
    fn strict_patterns_need_the_whole_input() {
        assert_eq!(ms("strict_date", "2020-02-29"), Some(1_582_934_400_000.0));
        assert_eq!(ms("strict_date", "2019-02-29"), None);
        assert_eq!(ms("strict_date", "2020-2-29"), None);
        assert_eq!(ms("strict_date", "2020-02-29x"), None);
        assert_eq!(ms("basic_date", "20200229"), Some(1_582_934_400_000.0));
        assert_eq!(
            ms("strict_date_time", "2020-01-01T10:00:00.500+01:00"),
            Some(1_577_869_200_500.0)
        );
        assert_eq!(ms("strict_date_time", "2020-01-01T10:00:00.500"), None);
        assert_eq!(ms("strict_ordinal_date", "2020-366"), Some(1_609_372_800_000.0));
        assert_eq!(ms("strict_ordinal_date", "2019-366"), None);
        assert_eq!(
            ms("strict_hour_minute", "24:00"),
            ms("strict_hour_minute", "00:00").map(|m| m + 86_400_000.0)
        );
        assert_eq!(ms("strict_hour_minute", "24:01"), None);
    }

    #[test]
    fn loose_patterns_skip_and_ignore_like_moment() {
        assert_eq!(ms("date", "2020/01/02"), ms("strict_date", "2020-01-02"));
        assert_eq!(ms("date", "2020-01-02T10:00:00Z"), ms("strict_date", "2020-01-02"));
        assert_eq!(ms("date", "2020-01"), ms("strict_date", "2020-01-01"));
        assert_eq!(ms("date", "hello"), None);
        assert_eq!(ms("date", "2020-13-01"), None);
        assert_eq!(ms("year", "20"), ms("strict_date", "2020-01-01"));
        assert!(
            parse(DateFormat::by_name("hour").unwrap(), &DateInput::Text("10"))
                .unwrap()
                .clock_dependent
        );
    }

    #[test]
    fn epochs_and_iso() {
        let n = |f: f64| DateInput::Number(f, js::format_f64(f));
        assert_eq!(parse(DateFormat::EpochMillis, &n(1.5)).map(|m| m.millis), Some(1.0));
        assert_eq!(parse(DateFormat::EpochSecond, &n(2.0)).map(|m| m.millis), Some(2000.0));
        assert_eq!(parse(DateFormat::EpochMillis, &DateInput::Text("1")), None);
        assert_eq!(parse(DateFormat::EpochMillis, &n(9e15)), None);
        assert_eq!(
            parse(DateFormat::by_name("basic_date").unwrap(), &n(20200229.0)).map(|m| m.millis),
            Some(1_582_934_400_000.0)
        );
        assert_eq!(parse(DateFormat::EpochMillis, &DateInput::Null), None);
    }

    #[test]
    fn every_format_survives_odd_input() {
        let odd = [
            "",
            "9",
            "99999999999999999999",
            "2020-W99-9T99:99:99.9999Z",
            "+-",
            "T",
            "W",
            "ZZZZ",
            "2020\u{2028}01",
            "é2020-01-01",
        ];
        for (name, _, _) in PATTERNS {
            let f = DateFormat::by_name(name).unwrap();
            for input in odd {
                let _ = parse(f, &DateInput::Text(input));
                let _ = parse(f, &DateInput::Number(1e300, "1e+300".into()));
            }
        }
    }
}
