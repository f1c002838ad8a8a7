//! Kuzzle's field types: compiled `typeOptions`, and each type's `validate` on one value
//! (`lib/core/validation/types/*.js`), with Kuzzle's messages.

use super::dates::{parse, DateFormat, DateInput};
use super::formats::{is_email, is_ip, is_url};
use super::geo::{check_shape, is_geo_point, SHAPE_TYPES};
use super::js::{cmp_numbers, is_integer_token, number_string, to_js_string, utf16_len};
use super::options::date_bound;
use crate::json::Json;
use std::cmp::Ordering;

/// A field type with its options.
#[derive(Debug, Clone)]
pub(super) enum Ty {
    Anything,
    Boolean,
    Date {
        formats: Vec<DateFormat>,
        min: Option<Option<f64>>,
        max: Option<Option<f64>>,
    },
    Email(bool),
    Enum(Vec<String>),
    GeoPoint,
    GeoShape(Vec<String>),
    Integer(Option<String>, Option<String>),
    IpAddress(bool),
    Numeric(Option<String>, Option<String>),
    Object(Option<bool>),
    Str(Option<String>, Option<String>),
    Url(bool),
}

pub(super) fn truthy(v: Option<&Json>) -> bool {
    match v {
        None | Some(Json::Null) | Some(Json::Bool(false)) => false,
        Some(Json::Number(n)) => n.parse::<f64>().is_ok_and(|f| f != 0.0),
        Some(Json::String(s)) => !s.raw().is_empty(),
        Some(_) => true,
    }
}

fn number_token(v: Option<&Json>) -> Option<String> {
    match v {
        Some(Json::Number(n)) => Some(n.clone()),
        _ => None,
    }
}

pub(super) fn compile_type(ty: &str, o: &Json) -> Ty {
    let range = |key: &str| {
        let r = o.get(key);
        (
            number_token(r.and_then(|r| r.get("min"))),
            number_token(r.and_then(|r| r.get("max"))),
        )
    };
    let flag = |key: &str| matches!(o.get(key), Some(Json::Bool(true)));
    let strings = |key: &str| -> Vec<String> {
        o.get(key)
            .and_then(Json::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(|s| s.as_str().map(|s| s.into_owned()))
            .collect()
    };
    match ty {
        "boolean" => Ty::Boolean,
        "date" => {
            let formats = match o.get("formats") {
                Some(Json::Array(f)) => f
                    .iter()
                    .filter_map(|n| n.as_str().and_then(|n| DateFormat::by_name(&n)))
                    .collect(),
                _ => vec![DateFormat::EpochMillis],
            };
            // Kuzzle turns every bound into a moment when it loads the spec, so even 0 counts.
            let bound = |k: &str| o.get("range").and_then(|r| r.get(k)).and_then(date_bound);
            Ty::Date {
                formats,
                min: bound("min"),
                max: bound("max"),
            }
        }
        "email" => Ty::Email(flag("notEmpty")),
        "enum" => Ty::Enum(strings("values")),
        "geo_point" => Ty::GeoPoint,
        "geo_shape" if o.get("shapeTypes").is_some() => Ty::GeoShape(strings("shapeTypes")),
        "geo_shape" => Ty::GeoShape(SHAPE_TYPES.iter().map(|s| s.to_string()).collect()),
        "integer" => {
            let (a, b) = range("range");
            Ty::Integer(a, b)
        }
        "ip_address" => Ty::IpAddress(flag("notEmpty")),
        "numeric" => {
            let (a, b) = range("range");
            Ty::Numeric(a, b)
        }
        "object" => Ty::Object(match o.get("strict") {
            Some(Json::Bool(b)) => Some(*b),
            _ => None,
        }),
        "string" => {
            let (a, b) = range("length");
            Ty::Str(a, b)
        }
        "url" => Ty::Url(flag("notEmpty")),
        _ => Ty::Anything,
    }
}

/// One value against its type: Kuzzle's messages on failure.
pub(super) fn check_value(ty: &Ty, v: &Json, now: Option<f64>) -> Result<(), Vec<String>> {
    let fail = |m: &str| Err(vec![m.to_owned()]);
    let text = v.as_str();
    match ty {
        Ty::Anything => Ok(()),
        Ty::Boolean => {
            if matches!(v, Json::Bool(_)) {
                Ok(())
            } else {
                fail("The field must be of type boolean.")
            }
        }
        Ty::Object(_) => {
            if v.is_object() {
                Ok(())
            } else {
                fail("The value must be an object.")
            }
        }
        Ty::GeoPoint => {
            if is_geo_point(v) {
                Ok(())
            } else {
                fail("Invalid GeoPoint format")
            }
        }
        Ty::GeoShape(allowed) => {
            let mut errors = Vec::new();
            if check_shape(allowed, v, &mut errors) {
                Ok(())
            } else {
                Err(errors)
            }
        }
        Ty::Enum(values) => match text {
            None => fail("The field must be a string."),
            Some(t) if values.iter().any(|x| *x == t) => Ok(()),
            Some(_) => fail(&format!(
                "The field only accepts following values: \"{}\".",
                values.join(", ")
            )),
        },
        Ty::Email(not_empty) | Ty::IpAddress(not_empty) | Ty::Url(not_empty) => {
            let (check, what): (fn(&str) -> bool, &str) = match ty {
                Ty::Email(_) => (is_email, "a valid email address"),
                Ty::IpAddress(_) => (is_ip, "a valid IP address"),
                _ => (is_url, "a valid URL"),
            };
            match (v, text) {
                (Json::Null, _) if matches!(ty, Ty::Email(_)) => {
                    if *not_empty {
                        fail("Field cannot be undefined or null")
                    } else {
                        Ok(())
                    }
                }
                (_, None) => fail("The field must be a string."),
                (_, Some(t)) if t.is_empty() => {
                    if *not_empty {
                        fail("The string must not be empty.")
                    } else {
                        Ok(())
                    }
                }
                (_, Some(t)) if check(&t) => Ok(()),
                _ => fail(&format!("The string must be {what}.")),
            }
        }
        Ty::Str(min, max) => {
            let Some(t) = text else {
                return fail("The field must be a string.");
            };
            let len = utf16_len(&t).to_string();
            let shown: String = t.chars().take(60).collect();
            if let Some(min) = min.as_deref().filter(|m| cmp_numbers(&len, m) == Ordering::Less) {
                return fail(&format!(
                    "Invalid string length. Expected min: {min}. Received: {len} (\"{shown}\")"
                ));
            }
            if let Some(max) = max.as_deref().filter(|m| cmp_numbers(&len, m) == Ordering::Greater) {
                return fail(&format!(
                    "Invalid string length. Expected max: {max}. Received: {len} (\"{shown}\")"
                ));
            }
            Ok(())
        }
        Ty::Numeric(min, max) | Ty::Integer(min, max) => {
            let Json::Number(n) = v else {
                return fail("The field must be a number.");
            };
            if let Some(min) = min.as_deref().filter(|m| cmp_numbers(n, m) == Ordering::Less) {
                return fail(&format!("Value {n} is lesser than the allowed minimum ({min})"));
            }
            if let Some(max) = max.as_deref().filter(|m| cmp_numbers(n, m) == Ordering::Greater) {
                return fail(&format!("Value {n} is greater than the allowed maximum ({max})"));
            }
            let finite = n.parse::<f64>().is_ok_and(f64::is_finite);
            if matches!(ty, Ty::Integer(..)) && !(finite && is_integer_token(n)) {
                return fail("The field must be an integer.");
            }
            Ok(())
        }
        Ty::Date { formats, min, max } => {
            let shown;
            let input = match v {
                Json::Null => DateInput::Null,
                Json::Number(n) => DateInput::Number(n.parse().unwrap_or(f64::NAN), number_string(n)),
                Json::String(_) => {
                    shown = text.map(|t| t.into_owned()).unwrap_or_default();
                    DateInput::Text(&shown)
                }
                other => {
                    shown = to_js_string(other);
                    DateInput::Text(&shown)
                }
            };
            let Some(m) = formats.iter().find_map(|f| parse(*f, &input)) else {
                return fail("The date format is invalid.");
            };
            if m.clock_dependent {
                return Ok(());
            }
            let resolve = |b: &Option<Option<f64>>| b.and_then(|b| b.or(now));
            if resolve(min).is_some_and(|min| m.millis < min) {
                return fail("The provided date is before the defined minimum.");
            }
            if resolve(max).is_some_and(|max| max < m.millis) {
                return fail("The provided date is after the defined maximum.");
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ty: &str, options: &str, value: &str) -> Result<(), Vec<String>> {
        let o = Json::parse(options.as_bytes()).unwrap();
        check_value(&compile_type(ty, &o), &Json::parse(value.as_bytes()).unwrap(), None)
    }

    #[test]
    fn values_against_types() {
        assert_eq!(check("anything", "{}", "[1]"), Ok(()));
        assert_eq!(
            check("boolean", "{}", "1"),
            Err(vec!["The field must be of type boolean.".to_owned()])
        );
        assert_eq!(check("numeric", r#"{"range":{"min":-1.5}}"#, "-1.50"), Ok(()));
        assert_eq!(
            check("numeric", r#"{"range":{"min":-1.5}}"#, "-1.51"),
            Err(vec!["Value -1.51 is lesser than the allowed minimum (-1.5)".to_owned()])
        );
        assert_eq!(
            check("integer", "{}", "1e400"),
            Err(vec!["The field must be an integer.".to_owned()])
        );
        assert_eq!(check("integer", "{}", "1.0"), Ok(()));
        assert_eq!(check("string", r#"{"length":{"min":2}}"#, r#""😀""#), Ok(()));
        assert_eq!(check("email", "{}", "null"), Ok(()));
        assert_eq!(
            check("email", r#"{"notEmpty":true}"#, "null"),
            Err(vec!["Field cannot be undefined or null".to_owned()])
        );
        assert_eq!(
            check("url", "{}", "null"),
            Err(vec!["The field must be a string.".to_owned()])
        );
        assert_eq!(
            check("object", "{}", "[]"),
            Err(vec!["The value must be an object.".to_owned()])
        );
        assert_eq!(
            check("date", "{}", r#""2020""#),
            Err(vec!["The date format is invalid.".to_owned()])
        );
        assert_eq!(check("date", r#"{"formats":["year"]}"#, "2020"), Ok(()));
        assert_eq!(
            check("date", r#"{"range":{"min":0}}"#, "-5"),
            Err(vec!["The provided date is before the defined minimum.".to_owned()])
        );
        assert_eq!(
            check(
                "geo_shape",
                r#"{"shapeTypes":["point"]}"#,
                r#"{"type":"envelope","coordinates":[[0,1],[1,0]]}"#
            ),
            Err(vec!["The provided shape type is not allowed.".to_owned()])
        );
    }
}
