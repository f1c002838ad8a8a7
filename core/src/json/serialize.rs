//! `Serialize` for the token-preserving tree, so mappings and settings reach JS as plain objects
//! with their keys in file order (`Json::to_serde` goes through a `serde_json::Map`, which sorts
//! them). Numbers follow `Json::to_serde`: a number f64 cannot hold exactly becomes a string, so
//! nothing is silently rounded. Reports only: bytes that are written keep their tokens instead.

use super::Json;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_none(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(_) => self.to_serde().serialize(serializer),
            Json::String(s) => serializer.serialize_str(&s.text()),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            // Duplicate keys are emitted as they are: `JSON.parse` and a JS object built key by
            // key both keep the first place and the last value, as Kuzzle would see the file.
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k.text().as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serialize_test(input: &str, expected: &str) {
        let tree = Json::parse(input.as_bytes()).unwrap();
        assert_eq!(serde_json::to_string(&tree).unwrap(), expected);
    }

    #[test]
    fn keeps_key_order_and_decodes_strings() {
        serialize_test(
            r#"{"z":1,"a":{"y":[true,null],"b":"caf\u00e9"}}"#,
            r#"{"z":1,"a":{"y":[true,null],"b":"café"}}"#,
        );
    }

    #[test]
    fn numbers_never_round() {
        serialize_test(
            r#"[9007199254740993,1.5,-0,1e3,2,12345678901234567890.0]"#,
            r#"["9007199254740993",1.5,"-0","1e3",2,"12345678901234567890.0"]"#,
        );
    }

    #[test]
    fn duplicate_keys_are_left_to_the_reader() {
        serialize_test(r#"{"a":1,"b":2,"a":3}"#, r#"{"a":1,"b":2,"a":3}"#);
    }
}
