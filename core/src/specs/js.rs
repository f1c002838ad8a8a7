//! The JavaScript semantics Kuzzle's checks rely on: `String(v)`, `Number(v)`, `parseFloat`,
//! UTF-16 string lengths, and exact comparison of JSON number tokens.
//!
//! Conversions through f64 here only ever decide a check or build a message; copied values
//! never go through them.

use crate::json::Json;
use std::cmp::Ordering;

/// `Number::toString` of ECMAScript (shortest round-trip digits, JS exponent layout).
pub fn format_f64(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if f == 0.0 {
        return "0".into();
    }
    // `{:e}` gives the shortest digits that round-trip, as `d.ddde<exp>`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let n = exp.parse::<i64>().unwrap_or(0) + 1;
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat('0').take((n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (a, b) = digits.split_at(n as usize);
        out.push_str(a);
        out.push('.');
        out.push_str(b);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat('0').take((-n) as usize));
        out.push_str(&digits);
    } else {
        let (a, b) = digits.split_at(1);
        out.push_str(a);
        if !b.is_empty() {
            out.push('.');
            out.push_str(b);
        }
        out.push('e');
        out.push(if n > 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
    out
}

/// `String(Number(token))` for a JSON number token: what JavaScript prints after `JSON.parse`.
pub fn number_string(token: &str) -> String {
    // Plain small integers print as written; this keeps the common case exact and cheap.
    let t = token.strip_prefix('-').unwrap_or(token);
    if t.len() < 16 && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && (t == "0" || !t.starts_with('0')) {
        return if t == "0" { "0".into() } else { token.into() };
    }
    format_f64(token.parse::<f64>().unwrap_or(f64::NAN))
}

/// `String(v)` after `JSON.parse`: objects give `[object Object]`, arrays join their items.
pub fn to_js_string(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => number_string(n),
        Json::String(s) => s.text().into_owned(),
        Json::Array(items) => items
            .iter()
            .map(|i| {
                if matches!(i, Json::Null) {
                    String::new()
                } else {
                    to_js_string(i)
                }
            })
            .collect::<Vec<_>>()
            .join(","),
        Json::Object(_) => "[object Object]".into(),
    }
}

/// JavaScript's white space and line terminators (what `trim` and `Number` skip).
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}'
    ) || matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
}

/// Length of the longest prefix of `s` that is a decimal literal (`[+-]`, digits, `.`,
/// exponent, or `Infinity`), as `parseFloat` reads it; 0 when there is none.
fn decimal_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    if s.get(i..).is_some_and(|r| r.starts_with("Infinity")) {
        return i + 8;
    }
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut has_digits = i > int_start;
    if b.get(i) == Some(&b'.') {
        let frac_start = i + 1;
        let mut j = frac_start;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j > frac_start || has_digits {
            has_digits |= j > frac_start;
            i = j;
        }
    }
    if !has_digits {
        return 0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_start = j;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    i
}

fn parse_decimal(s: &str) -> f64 {
    let s = s.strip_prefix('+').unwrap_or(s);
    match s {
        "Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ => s.parse().unwrap_or(f64::NAN),
    }
}

/// `parseFloat(s)`.
pub fn parse_float(s: &str) -> f64 {
    let s = s.trim_start_matches(is_js_space);
    match decimal_prefix(s) {
        0 => f64::NAN,
        n => parse_decimal(s.get(..n).unwrap_or("")),
    }
}

/// `Number(s)` for a string.
pub fn string_to_number(s: &str) -> f64 {
    let s = s.trim_matches(is_js_space);
    if s.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if rest.is_empty() || !rest.chars().all(|c| c.is_digit(radix)) {
                return f64::NAN;
            }
            return rest
                .chars()
                .fold(0.0, |a, c| a * radix as f64 + c.to_digit(radix).unwrap_or(0) as f64);
        }
    }
    if decimal_prefix(s) == s.len() {
        parse_decimal(s)
    } else {
        f64::NAN
    }
}

/// `Number(v)` (the coercion behind `<` and `>` in JavaScript).
pub fn to_number(v: &Json) -> f64 {
    match v {
        Json::Null => 0.0,
        Json::Bool(b) => f64::from(u8::from(*b)),
        Json::Number(n) => n.parse().unwrap_or(f64::NAN),
        Json::String(s) => string_to_number(&s.text()),
        Json::Array(_) => string_to_number(&to_js_string(v)),
        Json::Object(_) => f64::NAN,
    }
}

/// `s.length` in JavaScript: UTF-16 code units.
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A JSON number token as sign, significant digits and decimal point position:
/// value = 0.`digits` × 10^`point`; zero has no digits.
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    point: i64,
}

fn decimal(token: &str) -> Decimal {
    let (negative, t) = match token.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, "0"),
    };
    let exp_neg = exp.starts_with('-');
    // Exponents past ±2^60 cannot be told apart from each other in practice; saturate.
    let exp_abs = exp
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0i64, |a, d| (a * 10 + i64::from(d - b'0')).min(1 << 60));
    let exp = if exp_neg { -exp_abs } else { exp_abs };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // Only digits count, so text that is not a number token gives nonsense but never panics.
    let all: Vec<u8> = int.bytes().chain(frac.bytes()).filter(u8::is_ascii_digit).collect();
    let lead = all.iter().take_while(|&&d| d == b'0').count();
    let digits: Vec<u8> = all[lead..].to_vec();
    let trail = digits.iter().rev().take_while(|&&d| d == b'0').count();
    let digits = digits[..digits.len() - trail].to_vec();
    let point = int.len() as i64 - lead as i64 + exp;
    Decimal {
        negative,
        point: if digits.is_empty() { 0 } else { point },
        digits,
    }
}

/// Compares two JSON number tokens exactly (`-0` equals `0`; no rounding at any size).
pub fn cmp_numbers(a: &str, b: &str) -> Ordering {
    let (a, b) = (decimal(a), decimal(b));
    let sign = |d: &Decimal| {
        if d.digits.is_empty() {
            0
        } else if d.negative {
            -1
        } else {
            1
        }
    };
    let (sa, sb) = (sign(&a), sign(&b));
    if sa != sb || sa == 0 {
        return sa.cmp(&sb);
    }
    let magnitude = a.point.cmp(&b.point).then_with(|| a.digits.cmp(&b.digits));
    if sa < 0 {
        magnitude.reverse()
    } else {
        magnitude
    }
}

/// Whether a JSON number token is an exact integer (`1.0`, `1e3` are; `1.5` is not).
pub fn is_integer_token(token: &str) -> bool {
    let d = decimal(token);
    d.digits.is_empty() || d.point >= d.digits.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_like_javascript() {
        for (f, s) in [
            (1.0, "1"),
            (-0.0, "0"),
            (1.5, "1.5"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1.25e-7, "1.25e-7"),
            (f64::INFINITY, "Infinity"),
        ] {
            assert_eq!(format_f64(f), s);
        }
        assert_eq!(number_string("1e3"), "1000");
        assert_eq!(number_string("42"), "42");
        assert_eq!(number_string("-0"), "0");
        assert_eq!(number_string("12345678901234567890123"), "1.2345678901234568e+22");
        assert_eq!(number_string("1E+400"), "Infinity");
    }

    #[test]
    fn coerces_like_javascript() {
        let j = |s: &str| Json::parse(s.as_bytes()).unwrap();
        assert_eq!(to_js_string(&j(r#"[1,null,"a",[2,3]]"#)), "1,,a,2,3");
        assert_eq!(to_js_string(&j(r#"{"a":1}"#)), "[object Object]");
        assert_eq!(to_number(&j(r#"" 12 ""#)), 12.0);
        assert_eq!(to_number(&j(r#""0x1f""#)), 31.0);
        assert!(to_number(&j(r#""12a""#)).is_nan());
        assert_eq!(to_number(&j("[5]")), 5.0);
        assert_eq!(to_number(&j("[]")), 0.0);
        assert_eq!(to_number(&j("true")), 1.0);
        assert_eq!(parse_float(" 12.5abc"), 12.5);
        assert_eq!(parse_float("-.5e1x"), -5.0);
        assert_eq!(parse_float("1e"), 1.0);
        assert!(parse_float("abc").is_nan());
        assert!(parse_float(".").is_nan());
        assert_eq!(utf16_len("a😀é"), 4);
    }

    #[test]
    fn compares_tokens_exactly() {
        use Ordering::*;
        for (a, b, o) in [
            ("1", "1.0", Equal),
            ("-0", "0", Equal),
            ("1e3", "999.9999", Greater),
            ("12345678901234567890123", "12345678901234567890122", Greater),
            ("-5", "-4.99", Less),
            ("0.1000000000000000055511", "0.1", Greater),
            ("1E+400", "1e399", Greater),
            ("-1E+400", "-1e399", Less),
            ("0.001", "1e-3", Equal),
            ("-2", "1", Less),
        ] {
            assert_eq!(cmp_numbers(a, b), o, "{a} vs {b}");
        }
        assert!(is_integer_token("1.0"));
        assert!(is_integer_token("1e3"));
        assert!(is_integer_token("1.5e1"));
        assert!(!is_integer_token("1.5"));
        assert!(!is_integer_token("12345678901234567890.5"));
        assert!(is_integer_token("0.0"));
        assert_eq!(cmp_numbers("abc", "-"), Ordering::Equal);
    }
}
