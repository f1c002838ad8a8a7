//! Whitespace removal for already-validated JSON, keeping every token byte as it is.

use std::borrow::Cow;

/// Removes whitespace outside strings from a valid JSON text; borrows when there is none.
pub fn compact(json: &[u8]) -> Cow<'_, [u8]> {
    let first_ws = json.iter().position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    let Some(mut i) = first_ws else {
        return Cow::Borrowed(json);
    };
    // A space may sit inside a string: find out where strings are from the start.
    let mut out = Vec::with_capacity(json.len());
    let mut in_str = false;
    let mut escaped = false;
    for (j, &b) in json[..i].iter().enumerate() {
        let _ = j;
        if in_str {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
            }
        } else if b == b'"' {
            in_str = true;
        }
    }
    if in_str && !json[i..].iter().any(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        return Cow::Borrowed(json);
    }
    out.extend_from_slice(&json[..i]);
    while i < json.len() {
        let b = json[i];
        if in_str {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
            }
        } else if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            out.push(b);
            if b == b'"' {
                in_str = true;
            }
        }
        i += 1;
    }
    if out.len() == json.len() {
        return Cow::Borrowed(json);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_outside_strings() {
        assert!(matches!(compact(br#"{"a":"b c"}"#), Cow::Borrowed(_)));
        assert_eq!(&*compact(b"{ \"a b\" : [ 1 ,\r\n 2 ] }"), br#"{"a b":[1,2]}"#);
        assert_eq!(&*compact(br#"{"a":"x\" y", "b" : 1}"#), br#"{"a":"x\" y","b":1}"#);
        assert_eq!(&*compact(br#"{"a":"x\\" , "b":1}"#), br#"{"a":"x\\","b":1}"#);
    }
}
