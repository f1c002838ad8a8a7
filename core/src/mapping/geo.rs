//! `geo_point` values as Elasticsearch parses them (`GeoUtils.parseGeoPoint`): `{"lat","lon"}`,
//! `{"geohash"}`, GeoJSON `{"type","coordinates"}`, `[lon, lat(, z)]`, `"lat,lon(,z)"`, a geohash,
//! WKT `POINT (lon lat)`, or an array of those; latitudes and longitudes in range.

use super::values::{to_f64, trim};
use crate::json::escape::unescape;
use crate::json::{Kind, Scanner, SyntaxError};

/// Why a scalar is not a geo-point.
pub(crate) const NOT_A_POINT: &str =
    "is not a geo-point ({\"lat\": …, \"lon\": …}, [lon, lat], \"lat,lon\", a geohash or POINT (lon lat))";
const OUT_OF_RANGE: &str = "is out of the latitude/longitude range";

fn lat_lon_ok(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

/// A string token (quotes included).
pub(crate) fn string(token: &[u8]) -> Option<&'static str> {
    let raw = token.get(1..token.len().saturating_sub(1)).unwrap_or_default();
    point_str(&unescape(raw)).err()
}

/// `"lat,lon[,z]"`, `POINT (lon lat [z])` or a geohash.
fn point_str(s: &[u8]) -> Result<(), &'static str> {
    if s.contains(&b',') {
        let mut parts = s.split(|&b| b == b',');
        let lat = parts.next().and_then(to_f64);
        let lon = parts.next().and_then(to_f64);
        let z_ok = parts.next().map_or(true, |z| to_f64(z).is_some());
        return match (lat, lon) {
            (Some(lat), Some(lon)) if z_ok && parts.next().is_none() => {
                lat_lon_ok(lat, lon).then_some(()).ok_or(OUT_OF_RANGE)
            }
            _ => Err("is not a \"lat,lon\" geo-point"),
        };
    }
    if let Some(rest) = s.get(..5).filter(|k| k.eq_ignore_ascii_case(b"point")).and(s.get(5..)) {
        return wkt_point(rest).ok_or("is not a WKT POINT (lon lat)");
    }
    let geohash = !s.is_empty() && s.iter().all(|b| b"0123456789bcdefghjkmnpqrstuvwxyz".contains(b));
    geohash.then_some(()).ok_or(NOT_A_POINT)
}

/// The rest of `POINT (lon lat [z])` after the keyword.
fn wkt_point(rest: &[u8]) -> Option<()> {
    let inner = trim(rest).strip_prefix(b"(")?.strip_suffix(b")")?;
    let mut coords = inner.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty());
    let lon = to_f64(coords.next()?)?;
    let lat = to_f64(coords.next()?)?;
    if let Some(z) = coords.next() {
        to_f64(z)?;
    }
    (coords.next().is_none() && lat_lon_ok(lat, lon)).then_some(())
}

/// A number, or a numeric string (`doubleValue(coerce)`), at the scanner; `None` if neither.
fn coordinate(s: &mut Scanner<'_>) -> Result<Option<f64>, SyntaxError> {
    s.skip_ws();
    let start = s.pos();
    let kind = s.skip_value()?;
    let token = s.bytes().get(start..s.pos()).unwrap_or_default();
    Ok(match kind {
        Kind::Number => to_f64(token),
        Kind::String => to_f64(&unescape(
            token.get(1..token.len().saturating_sub(1)).unwrap_or_default(),
        )),
        _ => None,
    })
}

/// An object whose `{` was just consumed; the whole object is read.
pub(crate) fn object(s: &mut Scanner<'_>) -> Result<Option<&'static str>, SyntaxError> {
    let (mut lat, mut lon, mut geohash, mut geojson) = (None, None, false, false);
    let mut problem = None;
    if !s.eat(b'}') {
        loop {
            s.skip_ws();
            let key = s.string()?;
            s.expect(b':', "expected ':' after the key")?;
            let raw = s.bytes().get(key.start..key.end).unwrap_or_default();
            match &*unescape(raw) {
                b"lat" => lat = Some(coordinate(s)?),
                b"lon" => lon = Some(coordinate(s)?),
                b"geohash" => {
                    s.skip_ws();
                    let start = s.pos();
                    let ok = s.skip_value()? == Kind::String
                        && string(s.bytes().get(start..s.pos()).unwrap_or_default()).is_none();
                    if !ok {
                        problem = problem.or(Some("has a geohash that is not a valid geohash string"));
                    }
                    geohash = true;
                }
                b"type" | b"coordinates" => {
                    s.skip_value()?;
                    geojson = true;
                }
                _ => {
                    s.skip_value()?;
                    problem = problem.or(Some("has a field other than lat, lon, geohash, type, coordinates"));
                }
            }
            if s.eat(b',') {
                continue;
            }
            s.expect(b'}', "expected ',' or '}'")?;
            break;
        }
    }
    if problem.is_some() {
        return Ok(problem);
    }
    Ok(match (lat, lon) {
        _ if geohash && (lat.is_some() || lon.is_some()) => Some("has both lat/lon and a geohash"),
        (None, None) if geohash || geojson => None,
        (Some(Some(lat)), Some(Some(lon))) => (!lat_lon_ok(lat, lon)).then_some(OUT_OF_RANGE),
        (Some(None), _) | (_, Some(None)) => Some("has a lat or lon that is not a number"),
        _ => Some("needs both lat and lon"),
    })
}

/// `[lon, lat(, z)]` whose `[` was just consumed; the whole array is read.
fn coordinates(s: &mut Scanner<'_>) -> Result<Option<&'static str>, SyntaxError> {
    let mut values = [f64::NAN; 2];
    let mut count = 0usize;
    let mut problem = None;
    if !s.eat(b']') {
        loop {
            match coordinate(s)? {
                Some(v) => {
                    if let Some(slot) = values.get_mut(count) {
                        *slot = v;
                    }
                }
                None => problem = problem.or(Some("has a coordinate that is not a number")),
            }
            count += 1;
            if s.eat(b',') {
                continue;
            }
            s.expect(b']', "expected ',' or ']'")?;
            break;
        }
    }
    Ok(problem.or(match count {
        0 | 1 => Some("needs [lon, lat]"),
        2 | 3 => (!lat_lon_ok(values[1], values[0])).then_some(OUT_OF_RANGE),
        _ => Some("has more than 3 coordinates"),
    }))
}

/// An array whose `[` was just consumed: one `[lon, lat]` point, or an array of points.
pub(crate) fn array(s: &mut Scanner<'_>) -> Result<Option<&'static str>, SyntaxError> {
    s.skip_ws();
    if matches!(s.peek(), Some(b'-' | b'0'..=b'9')) {
        return coordinates(s);
    }
    let mut problem = None;
    if s.eat(b']') {
        return Ok(None);
    }
    loop {
        s.skip_ws();
        let start = s.pos();
        let p = match s.start_value()? {
            Kind::Null => None,
            Kind::Object => object(s)?,
            Kind::Array => coordinates(s)?,
            Kind::String => string(s.bytes().get(start..s.pos()).unwrap_or_default()),
            Kind::Number | Kind::Bool => Some(NOT_A_POINT),
        };
        problem = problem.or(p);
        if s.eat(b',') {
            continue;
        }
        s.expect(b']', "expected ',' or ']'")?;
        return Ok(problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks one geo_point value (any JSON) and returns the problem found.
    fn geo_test(value: &str, expected: Option<&str>) {
        let mut s = Scanner::new(value.as_bytes());
        let start = s.pos();
        let got = match s.start_value().unwrap() {
            Kind::Object => object(&mut s).unwrap(),
            Kind::Array => array(&mut s).unwrap(),
            Kind::String => string(&value.as_bytes()[start..s.pos()]),
            _ => Some(NOT_A_POINT),
        };
        s.end().unwrap();
        assert_eq!(got, expected, "{value}");
    }

    #[test]
    fn accepts_every_geo_point_form() {
        for ok in [
            r#"{"lat":40.7,"lon":-73.9}"#,
            r#"{"lon":"-73.9","lat":"40.7"}"#,
            r#"{"geohash":"dr5regw3pg"}"#,
            r#"{"type":"Point","coordinates":[-73.9,40.7]}"#,
            "[-73.9,40.7]",
            "[-73.9,40.7,12]",
            "[]",
            r#"[[-73.9,40.7],{"lat":1,"lon":2},"1,2",null]"#,
            r#""40.7,-73.9""#,
            r#"" 40.7 , -73.9 ""#,
            r#""40.7,-73.9,10""#,
            r#""dr5regw3pg""#,
            r#""POINT (-73.9 40.7)""#,
            r#""point(-73.9 40.7 1)""#,
            r#""40.7\u002c-73.9""#,
        ] {
            geo_test(ok, None);
        }
    }

    #[test]
    fn refuses_what_elasticsearch_refuses() {
        let range = Some(OUT_OF_RANGE);
        geo_test(r#"{"lat":91,"lon":0}"#, range);
        geo_test("[181,0]", range);
        geo_test(r#""91,0""#, range);
        geo_test(r#""POINT (200 0)""#, Some("is not a WKT POINT (lon lat)"));
        geo_test(r#"{"lat":1}"#, Some("needs both lat and lon"));
        geo_test(r#"{"lat":true,"lon":1}"#, Some("has a lat or lon that is not a number"));
        geo_test(
            r#"{"lat":1,"lon":2,"alt":3}"#,
            Some("has a field other than lat, lon, geohash, type, coordinates"),
        );
        geo_test(
            r#"{"lat":1,"lon":2,"geohash":"dr5"}"#,
            Some("has both lat/lon and a geohash"),
        );
        geo_test(
            r#"{"geohash":"DR5"}"#,
            Some("has a geohash that is not a valid geohash string"),
        );
        geo_test("[1]", Some("needs [lon, lat]"));
        geo_test("[1,2,3,4]", Some("has more than 3 coordinates"));
        geo_test(r#"[1,"x"]"#, Some("has a coordinate that is not a number"));
        geo_test("[[1,2],3]", Some(NOT_A_POINT));
        geo_test(r#""40.7,x""#, Some("is not a \"lat,lon\" geo-point"));
        geo_test(r#""1,2,3,4""#, Some("is not a \"lat,lon\" geo-point"));
        geo_test(r#""DR5""#, Some(NOT_A_POINT));
        geo_test(r#""""#, Some(NOT_A_POINT));
    }
}
