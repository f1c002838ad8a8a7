//! `geo_point` (Koncorde 4 `convertGeopoint`) and `geo_shape` (Kuzzle's `geoShape.js`) checks,
//! with JavaScript's loose comparisons where Kuzzle relies on them.

use super::js::{parse_float, to_js_string, to_number};
use crate::json::Json;

/// Shape types Kuzzle knows, in its order (also the default of `shapeTypes`).
pub const SHAPE_TYPES: &[&str] = &[
    "point",
    "linestring",
    "polygon",
    "multipoint",
    "multilinestring",
    "multipolygon",
    "geometrycollection",
    "envelope",
    "circle",
];

const SHAPE_KEYS: &[&str] = &["type", "coordinates", "radius", "orientation", "geometries"];
const ORIENTATIONS: &[&str] = &["right", "ccw", "counterclockwise", "left", "cw", "clockwise"];

fn coordinate(lat: &Json, lon: &Json) -> bool {
    // `Number.parseFloat(x)` reads `String(x)`.
    let f = |v: &Json| match v {
        Json::String(s) => parse_float(&s.text()),
        other => parse_float(&to_js_string(other)),
    };
    !f(lat).is_nan() && !f(lon).is_nan()
}

fn point_from_str(s: &str) -> bool {
    let parts: Vec<&str> = s.split(',').collect();
    match parts.as_slice() {
        [lat, lon] => !parse_float(lat).is_nan() && !parse_float(lon).is_nan(),
        _ => s.len() >= 4 && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()),
    }
}

/// Whether Koncorde reads `v` as a geopoint: `"lat, lon"`, a geohash, `[lat, lon]`,
/// `{lat, lon}`, `{latLon|lat_lon: [lat, lon] | {lat, lon} | "lat, lon"}`.
pub fn is_geo_point(v: &Json) -> bool {
    match v {
        Json::String(s) => {
            let s = s.text();
            !s.is_empty() && point_from_str(&s)
        }
        Json::Array(a) => matches!(a.as_slice(), [lat, lon] if coordinate(lat, lon)),
        Json::Object(members) => {
            if let (Some(lat), Some(lon)) = (v.get("lat"), v.get("lon")) {
                return coordinate(lat, lon);
            }
            let lat_lon = members
                .iter()
                .rev()
                .find(|(k, _)| k.is("latLon") || k.is("lat_lon"))
                .map(|(_, v)| v);
            match lat_lon {
                Some(Json::Array(a)) => matches!(a.as_slice(), [lat, lon] if coordinate(lat, lon)),
                Some(o @ Json::Object(_)) => match (o.get("lat"), o.get("lon")) {
                    (Some(lat), Some(lon)) => coordinate(lat, lon),
                    _ => false,
                },
                Some(Json::String(s)) => point_from_str(&s.text()),
                _ => false,
            }
        }
        _ => false,
    }
}

/// JavaScript truthiness.
fn truthy(v: Option<&Json>) -> bool {
    match v {
        None | Some(Json::Null) | Some(Json::Bool(false)) => false,
        Some(Json::Number(n)) => n.parse::<f64>().is_ok_and(|f| f != 0.0),
        Some(Json::String(s)) => !s.raw().is_empty(),
        Some(_) => true,
    }
}

// Comparisons, not `contains`: a NaN must pass as it does in JavaScript.
#[allow(clippy::manual_range_contains)]
fn is_point(p: &Json) -> bool {
    match p.as_array() {
        Some([lon, lat]) => {
            // A NaN compares false both ways, so it passes, as in JavaScript.
            let (x, y) = (to_number(lon), to_number(lat));
            !(x < -180.0 || x > 180.0 || y < -90.0 || y > 90.0)
        }
        _ => false,
    }
}

fn strict_equal(a: Option<&Json>, b: Option<&Json>) -> bool {
    match (a, b) {
        (Some(Json::Number(x)), Some(Json::Number(y))) => x.parse::<f64>().ok() == y.parse::<f64>().ok(),
        (Some(Json::String(x)), Some(Json::String(y))) => x.text() == y.text(),
        (Some(Json::Bool(x)), Some(Json::Bool(y))) => x == y,
        (Some(Json::Null), Some(Json::Null)) | (None, None) => true,
        _ => false,
    }
}

fn is_line(l: &Json) -> bool {
    l.as_array().is_some_and(|a| a.len() >= 2 && a.iter().all(is_point))
}

fn is_polygon(p: &Json) -> bool {
    p.as_array().is_some_and(|parts| {
        parts.iter().all(|part| {
            let a = part.as_array().unwrap_or(&[]);
            a.len() >= 4
                && is_line(part)
                && match (a.first(), a.last()) {
                    (Some(f), Some(l)) => {
                        strict_equal(
                            f.as_array().and_then(|x| x.first()),
                            l.as_array().and_then(|x| x.first()),
                        ) && strict_equal(f.as_array().and_then(|x| x.get(1)), l.as_array().and_then(|x| x.get(1)))
                    }
                    _ => false,
                }
        })
    })
}

fn is_envelope(e: &Json) -> bool {
    matches!(e.as_array(), Some([a, b]) if is_point(a) && is_point(b))
}

/// Whether a distance string reads as a number with an optional length unit (Koncorde hands
/// it to node-units; an unknown unit is given the benefit of the doubt).
fn is_distance(s: &str) -> bool {
    let cleaned: String = s
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let num_len = cleaned.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    let (num, unit) = cleaned.split_at(num_len);
    num.bytes().filter(|b| *b == b'.').count() <= 1
        && num.bytes().any(|b| b.is_ascii_digit())
        && unit.chars().all(char::is_alphabetic)
}

/// Kuzzle's `recursiveShapeValidation`: appends Kuzzle's messages and returns whether `shape`
/// is a valid GeoJSON-like shape of an allowed type.
pub fn check_shape(allowed: &[String], shape: &Json, errors: &mut Vec<String>) -> bool {
    if !truthy(shape.get("type")) {
        errors.push("The shape object has no type defined.".into());
        return false;
    }
    let ty = shape.get("type").and_then(Json::as_str).map(|t| t.into_owned());
    let ty = ty.as_deref().unwrap_or("");
    let mut ok = true;
    let mut fail = |msg: String| {
        errors.push(msg);
        ok = false;
    };
    if shape
        .as_object()
        .is_some_and(|m| m.iter().any(|(k, _)| !SHAPE_KEYS.iter().any(|a| k.is(a))))
    {
        fail("The shape object has a not allowed property.".into());
    }
    if !allowed.iter().any(|a| a == ty) {
        fail("The provided shape type is not allowed.".into());
    }
    let coords = shape.get("coordinates");
    let collection = ty == "geometrycollection";
    if collection && truthy(coords) {
        fail("The coordinates property must not be provided for the \"geometrycollection\" shape type.".into());
    }
    if !collection && !matches!(coords, Some(Json::Array(_))) {
        fail(format!(
            "The coordinates property must be provided for the \"{ty}\" shape type."
        ));
    }
    if ty == "circle" && !truthy(shape.get("radius")) {
        fail("The radius property is mandatory for the \"circle\" shape type.".into());
    }
    if ty != "circle" && truthy(shape.get("radius")) {
        fail(format!(
            "The radius property must not be provided for the \"{ty}\" shape type."
        ));
    }
    if ty != "polygon" && ty != "multipolygon" && truthy(shape.get("orientation")) {
        fail(format!(
            "The orientation property must not be provided for the \"{ty}\" shape type."
        ));
    }
    if !collection && truthy(shape.get("geometries")) {
        fail(format!(
            "The geometries property must not be provided for the \"{ty}\" shape type."
        ));
    }
    if collection && !matches!(shape.get("geometries"), Some(Json::Array(_))) {
        fail("The geometries property must be provided for the \"geometrycollection\" shape type.".into());
    }
    if !ok {
        return false;
    }
    let coords = coords.unwrap_or(&Json::Null);
    let valid: fn(&Json) -> bool = match ty {
        "point" | "multipoint" | "circle" => is_point,
        "linestring" | "multilinestring" => is_line,
        "polygon" | "multipolygon" => is_polygon,
        "envelope" => is_envelope,
        _ => |_| true,
    };
    let mut result = true;
    if matches!(ty, "polygon" | "multipolygon") {
        if let Some(o) = shape.get("orientation").filter(|o| truthy(Some(o))) {
            if !o.as_str().is_some_and(|o| ORIENTATIONS.contains(&o.as_ref())) {
                errors.push("The orientation property has not a valid value.".into());
                result = false;
            }
        }
    }
    if collection {
        for g in shape.get("geometries").and_then(Json::as_array).unwrap_or(&[]) {
            if !check_shape(allowed, g, errors) {
                result = false;
            }
        }
    }
    if ty == "circle" {
        let radius_ok = match shape.get("radius") {
            Some(Json::String(s)) => is_distance(&s.text()),
            Some(Json::Number(_)) => true,
            _ => false,
        };
        if !radius_ok {
            errors.push("The radius property has not a valid format.".into());
            result = false;
        }
    }
    if ty.starts_with("multi") {
        if coords.as_array().unwrap_or(&[]).iter().any(|c| !valid(c)) {
            errors.push(format!(
                "One of the shapes in  the shape type \"{ty}\" has bad coordinates."
            ));
            result = false;
        }
    } else if !valid(coords) {
        errors.push(format!("The shape type \"{ty}\" has bad coordinates."));
        return false;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> Json {
        Json::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn geopoints() {
        for ok in [
            r#""43.6, 3.9""#,
            r#""u4pruydqqvj""#,
            "[43.6, 3.9]",
            r#"{"lat": 43.6, "lon": "3.9"}"#,
            r#"{"lat_lon": [1, 2]}"#,
            r#"{"latLon": "1,2"}"#,
            r#"{"latLon": {"lat": 1, "lon": 2}}"#,
        ] {
            assert!(is_geo_point(&j(ok)), "{ok}");
        }
        for bad in [
            "43.6",
            r#""""#,
            r#""abc""#,
            "[1]",
            r#"{"lat": 1}"#,
            r#"{"lat": "x", "lon": 1}"#,
            "null",
            r#"{"latLon": [1, 2, 3]}"#,
        ] {
            assert!(!is_geo_point(&j(bad)), "{bad}");
        }
    }

    fn shape(s: &str) -> Vec<String> {
        let all: Vec<String> = SHAPE_TYPES.iter().map(|s| s.to_string()).collect();
        let mut errors = Vec::new();
        let ok = check_shape(&all, &j(s), &mut errors);
        assert_eq!(ok, errors.is_empty(), "{s}: {errors:?}");
        errors
    }

    #[test]
    fn geoshapes() {
        assert!(shape(r#"{"type": "point", "coordinates": [1, 2]}"#).is_empty());
        assert!(
            shape(r#"{"type": "polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]], "orientation": "cw"}"#).is_empty()
        );
        assert!(shape(r#"{"type": "circle", "coordinates": [1, 2], "radius": "10 km"}"#).is_empty());
        assert!(
            shape(r#"{"type": "geometrycollection", "geometries": [{"type": "point", "coordinates": [1, 2]}]}"#)
                .is_empty()
        );
        assert_eq!(
            shape(r#"{"type": "point", "coordinates": [200, 2]}"#),
            ["The shape type \"point\" has bad coordinates."]
        );
        assert_eq!(
            shape(r#"{"coordinates": [1, 2]}"#),
            ["The shape object has no type defined."]
        );
        assert_eq!(
            shape(r#"{"type": "polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}"#),
            ["The shape type \"polygon\" has bad coordinates."]
        );
        assert_eq!(
            shape(r#"{"type": "multipoint", "coordinates": [[1, 2], [1]], "radius": 3}"#),
            ["The radius property must not be provided for the \"multipoint\" shape type."]
        );
        assert_eq!(
            shape(r#"{"type": "multipoint", "coordinates": [[1, 2], [1]]}"#),
            ["One of the shapes in  the shape type \"multipoint\" has bad coordinates."]
        );
    }
}
