//! The `typeOptions` of each field type, checked as each type's `validateFieldSpecification`
//! does (`lib/core/validation/types/*.js`).

use super::check::{seg_path, Checker};
use super::dates::{parse_iso_bound, DateFormat};
use super::geo::SHAPE_TYPES;
use super::js::cmp_numbers;
use super::path::Seg;
use crate::json::Json;
use std::cmp::Ordering;

impl Checker {
    pub(super) fn type_options(&mut self, ty: &str, o: &Json, base: &[Seg]) {
        match ty {
            "date" => self.date_options(o, base),
            "email" | "ip_address" | "url" => self.boolean_option(o, base, "notEmpty"),
            "object" => self.boolean_option(o, base, "strict"),
            "enum" => match o.get("values") {
                None => self.error(
                    seg_path(base, &["values"]),
                    "an enum field needs typeOptions.values (validation.types.missing_enum_values)",
                ),
                Some(Json::Array(v)) if !v.is_empty() && v.iter().all(|s| matches!(s, Json::String(_))) => {}
                Some(_) => self.error(
                    seg_path(base, &["values"]),
                    "must be a non-empty array of strings (validation.assert.invalid_type)",
                ),
            },
            "geo_shape" => match o.get("shapeTypes") {
                None => {}
                Some(Json::Array(v)) if !v.is_empty() => {
                    let bad: Vec<String> = v
                        .iter()
                        .filter(|s| !s.as_str().is_some_and(|s| SHAPE_TYPES.contains(&s.as_ref())))
                        .map(Json::to_compact)
                        .collect();
                    if !bad.is_empty() {
                        self.error(
                            seg_path(base, &["shapeTypes"]),
                            format!(
                                "unknown shape types {} (validation.types.invalid_geoshape); known: {}",
                                bad.join(", "),
                                SHAPE_TYPES.join(", ")
                            ),
                        );
                    }
                }
                Some(_) => self.error(
                    seg_path(base, &["shapeTypes"]),
                    "must be a non-empty array of shape types (validation.assert.invalid_type)",
                ),
            },
            "integer" | "numeric" => self.bounds(o, base, "range"),
            "string" => self.bounds(o, base, "length"),
            _ => {}
        }
    }

    fn boolean_option(&mut self, o: &Json, base: &[Seg], key: &str) {
        if let Some(v) = o.get(key).filter(|v| !matches!(v, Json::Bool(_))) {
            self.error(
                seg_path(base, &[key]),
                format!(
                    "must be a boolean, not {} (validation.assert.invalid_type)",
                    v.kind().name()
                ),
            );
        }
    }

    /// `range` of numbers or `length`: `{min?, max?}` numbers, min ≤ max.
    fn bounds(&mut self, o: &Json, base: &[Seg], key: &str) {
        let Some(r) = o.get(key) else { return };
        let path = seg_path(base, &[key]);
        if !r.is_object() {
            self.error(
                path,
                format!(
                    "must be an object {{min?, max?}}, not {} (validation.assert.unexpected_properties)",
                    r.kind().name()
                ),
            );
            return;
        }
        self.allowed_keys(r, &path, &["min", "max"]);
        let mut numbers = [None, None];
        for (i, k) in ["min", "max"].into_iter().enumerate() {
            match r.get(k) {
                None => {}
                Some(Json::Number(n)) => numbers[i] = Some(n.as_str()),
                Some(v) => self.error(
                    seg_path(&path, &[k]),
                    format!(
                        "must be a number, not {} (validation.assert.invalid_type)",
                        v.kind().name()
                    ),
                ),
            }
        }
        if let [Some(min), Some(max)] = numbers {
            if cmp_numbers(min, max) == Ordering::Greater {
                self.error(
                    path,
                    format!("min {min} is above max {max} (validation.assert.invalid_range)"),
                );
            }
        }
    }

    fn date_options(&mut self, o: &Json, base: &[Seg]) {
        match o.get("formats") {
            None => {}
            Some(Json::Array(f)) if !f.is_empty() => {
                let unknown: Vec<String> = f
                    .iter()
                    .filter(|n| !n.as_str().is_some_and(|n| DateFormat::by_name(&n).is_some()))
                    .map(Json::to_compact)
                    .collect();
                if !unknown.is_empty() {
                    let hint = if unknown.iter().any(|u| u == "\"date_optional_time\"") {
                        "; use \"strict_date_optional_time\""
                    } else {
                        "; use Elasticsearch built-in names such as epoch_millis, strict_date_optional_time, basic_date"
                    };
                    self.error(
                        seg_path(base, &["formats"]),
                        format!(
                            "unknown date formats {} (validation.types.invalid_date_format){hint}",
                            unknown.join(", ")
                        ),
                    );
                }
            }
            Some(_) => self.error(
                seg_path(base, &["formats"]),
                "must be a non-empty array of format names (validation.assert.invalid_type)",
            ),
        }
        let Some(r) = o.get("range") else { return };
        let path = seg_path(base, &["range"]);
        if !r.is_object() {
            self.error(
                path,
                format!(
                    "must be an object {{min?, max?}}, not {} (validation.assert.unexpected_properties)",
                    r.kind().name()
                ),
            );
            return;
        }
        self.allowed_keys(r, &path, &["min", "max"]);
        let mut at = [None, None];
        for (i, k) in ["min", "max"].into_iter().enumerate() {
            let Some(v) = r.get(k) else { continue };
            match date_bound(v) {
                Some(b) => at[i] = b,
                None => self.error(
                    seg_path(&path, &[k]),
                    format!("{} is not a date: use an ISO 8601 string, epoch milliseconds or \"NOW\" (validation.types.invalid_date)", v.to_compact()),
                ),
            }
        }
        if let [Some(min), Some(max)] = at {
            if max < min {
                self.error(path, "max is before min (validation.assert.invalid_range)");
            }
        }
    }
}

/// A date `range` bound: `Some(None)` for `"NOW"`, `Some(Some(ms))` for a date, `None` when
/// Kuzzle refuses it.
pub(crate) fn date_bound(v: &Json) -> Option<Option<f64>> {
    match v {
        Json::String(s) if s.is("NOW") => Some(None),
        Json::String(s) => parse_iso_bound(&s.text()).map(|m| Some(m.millis)),
        Json::Number(n) => n
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite() && f.abs() <= 8.64e15)
            .map(|f| Some(f.trunc())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::check::tests::findings;

    #[test]
    fn type_option_rules() {
        assert_eq!(
            findings(r#"{"fields": {
                "a": {"type": "integer", "typeOptions": {"range": {"min": 5, "max": 1}, "length": {}}},
                "b": {"type": "numeric", "typeOptions": {"range": {"min": "0"}}},
                "c": {"type": "string", "typeOptions": {"length": {"min": 3, "max": 2, "avg": 1}}},
                "d": {"type": "boolean", "typeOptions": {"notEmpty": true}},
                "e": {"type": "enum", "typeOptions": {}},
                "f": {"type": "enum", "typeOptions": {"values": ["a", 1]}},
                "g": {"type": "geo_shape", "typeOptions": {"shapeTypes": ["square"]}},
                "h": {"type": "email", "typeOptions": {"notEmpty": "yes"}},
                "i": {"type": "object", "typeOptions": {"strict": 1}},
                "j": {"type": "url", "typeOptions": []}
            }}"#),
            [
                "E fields.a.typeOptions.length: unexpected property \"length\", allowed: range (validation.assert.unexpected_properties)",
                "E fields.a.typeOptions.range: min 5 is above max 1 (validation.assert.invalid_range)",
                "E fields.b.typeOptions.range.min: must be a number, not a string (validation.assert.invalid_type)",
                "E fields.c.typeOptions.length.avg: unexpected property \"avg\", allowed: min, max (validation.assert.unexpected_properties)",
                "E fields.c.typeOptions.length: min 3 is above max 2 (validation.assert.invalid_range)",
                "E fields.d.typeOptions.notEmpty: unexpected property \"notEmpty\", allowed: none (validation.assert.unexpected_properties)",
                "E fields.e.typeOptions.values: an enum field needs typeOptions.values (validation.types.missing_enum_values)",
                "E fields.f.typeOptions.values: must be a non-empty array of strings (validation.assert.invalid_type)",
                "E fields.g.typeOptions.shapeTypes: unknown shape types \"square\" (validation.types.invalid_geoshape); known: point, linestring, polygon, multipoint, multilinestring, multipolygon, geometrycollection, envelope, circle",
                "E fields.h.typeOptions.notEmpty: must be a boolean, not a string (validation.assert.invalid_type)",
                "E fields.i.typeOptions.strict: must be a boolean, not a number (validation.assert.invalid_type)",
                "E fields.j.typeOptions: typeOptions must be an object, not an array (validation.assert.unexpected_properties)",
            ]
        );
    }

    #[test]
    fn date_rules() {
        assert_eq!(
            findings(r#"{"fields": {
                "a": {"type": "date", "typeOptions": {"formats": ["date_optional_time"]}},
                "b": {"type": "date", "typeOptions": {"formats": []}},
                "c": {"type": "date", "typeOptions": {"range": {"min": "yesterday", "max": true}}},
                "d": {"type": "date", "typeOptions": {"range": {"min": "2020-01-02", "max": 1577836800000}}}
            }}"#),
            [
                "E fields.a.typeOptions.formats: unknown date formats \"date_optional_time\" (validation.types.invalid_date_format); use \"strict_date_optional_time\"",
                "E fields.b.typeOptions.formats: must be a non-empty array of format names (validation.assert.invalid_type)",
                "E fields.c.typeOptions.range.min: \"yesterday\" is not a date: use an ISO 8601 string, epoch milliseconds or \"NOW\" (validation.types.invalid_date)",
                "E fields.c.typeOptions.range.max: true is not a date: use an ISO 8601 string, epoch milliseconds or \"NOW\" (validation.types.invalid_date)",
                "E fields.d.typeOptions.range: max is before min (validation.assert.invalid_range)",
            ]
        );
    }
}
