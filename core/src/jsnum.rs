//! What JavaScript does to a JSON number: Kuzzle parses request bodies with `JSON.parse`, so a
//! number whose value a double cannot hold (an integer beyond 2^53, a decimal with more than 17
//! significant digits) is changed by any import through its API. This finds those numbers.

use crate::error::{Code, Finding};
use crate::json::{Kind, Scanner};

/// A decimal number as (digits without leading or trailing zeros, exponent of the first digit),
/// sign apart; zero is `("", 0)`.
fn normalize(token: &str) -> (bool, String, i64) {
    let (neg, t) = match token.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().unwrap_or(0)),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_start_matches('0').trim_end_matches('0').to_owned();
    if digits.is_empty() {
        return (neg, String::new(), 0);
    }
    // Position of the first significant digit relative to the decimal point.
    let point = int.len() as i64 + exp;
    (neg, digits, point - lead as i64)
}

/// The text `JSON.stringify(JSON.parse(token))` gives, per ECMAScript's Number::toString.
pub fn js_number_text(token: &str) -> String {
    let Ok(f) = token.parse::<f64>() else {
        return token.to_owned();
    };
    if !f.is_finite() {
        return "null".into();
    }
    if f == 0.0 {
        return "0".into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits, like JavaScript.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let n = exp.parse::<i64>().unwrap_or(0) + 1;
    let sign = if f < 0.0 { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e = if e >= 0 { format!("+{e}") } else { e.to_string() };
        match digits.len() {
            1 => format!("{digits}e{e}"),
            _ => format!("{}.{}e{e}", &digits[..1], &digits[1..]),
        }
    };
    format!("{sign}{body}")
}

/// Whether JavaScript changes the number's value (not just its spelling: `1.0` → `1` is fine).
pub fn js_changes_value(token: &str) -> bool {
    let js = js_number_text(token);
    if js == token {
        return false;
    }
    let (neg_a, digits_a, exp_a) = normalize(token);
    let (neg_b, digits_b, exp_b) = normalize(&js);
    if digits_a.is_empty() && digits_b.is_empty() {
        return false; // -0 and 0 are the same JSON value once stored
    }
    (neg_a, digits_a, exp_a) != (neg_b, digits_b, exp_b)
}

/// Pushes a `PRECISION_LOSS` warning for every number of `body` whose value a JavaScript
/// server (Kuzzle) would change; columns are 1-based offsets in `body`.
pub fn check_js_numbers(body: &[u8], out: &mut Vec<Finding>) {
    let mut i = 0;
    let mut in_str = false;
    let mut escaped = false;
    while i < body.len() {
        let b = body[i];
        if in_str {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'-' | b'0'..=b'9' => {
                let mut s = Scanner::new(&body[i..]);
                let end = match s.start_value() {
                    Ok(Kind::Number) => s.pos(),
                    _ => 1,
                };
                let token = std::str::from_utf8(&body[i..i + end]).unwrap_or("");
                // Quick exit: short plain integers are always exact.
                let suspicious = token.len() > 15 || token.contains(['.', 'e', 'E']) || token == "-0";
                if suspicious && js_changes_value(token) {
                    out.push(Finding::warning(
                        Code::PrecisionLoss,
                        format!("the number {token} becomes {} through Kuzzle's API (JavaScript numbers); es:load keeps it exact", js_number_text(token)),
                        0,
                        i as u64 + 1,
                    ));
                }
                i += end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// The `PRECISION_LOSS` check as a pipeline body check.
#[derive(Debug, Default, Clone, Copy)]
pub struct JsNumbers;

impl crate::pipeline::BodyCheck for JsNumbers {
    fn check(&self, body: &[u8], out: &mut Vec<Finding>) {
        check_js_numbers(body, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_javascript() {
        for (token, js) in [
            ("1", "1"),
            ("1.0", "1"),
            ("1e3", "1000"),
            ("1E+21", "1e+21"),
            ("123456789012345678901", "123456789012345680000"),
            ("12345678901234567890123", "1.2345678901234568e+22"),
            ("0.1000000000000000055511", "0.1"),
            ("0.000001", "0.000001"),
            ("0.0000001", "1e-7"),
            ("-0", "0"),
            ("-1.5e-10", "-1.5e-10"),
            ("9007199254740993", "9007199254740992"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
            ("1E+400", "null"),
        ] {
            assert_eq!(js_number_text(token), js, "{token}");
        }
    }

    #[test]
    fn only_value_changes_count() {
        assert!(!js_changes_value("1.0"));
        assert!(!js_changes_value("1e3"));
        assert!(!js_changes_value("-0"));
        assert!(!js_changes_value("9007199254740992"));
        assert!(js_changes_value("9007199254740993"));
        assert!(js_changes_value("12345678901234567890123"));
        assert!(js_changes_value("0.1000000000000000055511"));
        assert!(js_changes_value("1E+400"));
    }

    #[test]
    fn finds_changed_numbers_in_a_body() {
        let body = br#"{"ok":1.5,"s":"12345678901234567890","big":12345678901234567890123,"a":[1,9007199254740993]}"#;
        let mut out = Vec::new();
        check_js_numbers(body, &mut out);
        let cols: Vec<u64> = out.iter().map(|f| f.location.column).collect();
        assert_eq!(cols, vec![44, 75]);
        assert_eq!(out[0].code, Code::PrecisionLoss);
    }
}
