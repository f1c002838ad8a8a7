//! A mapping compiled into a tree of typed fields (sorted for binary search), and which scalar
//! values each Elasticsearch field type accepts with its default `coerce`.

use super::values::{self, FloatKind, IntKind};
use crate::json::escape::unescape;
use crate::json::Json;

/// Default `format` of `date` and `date_nanos` fields.
const DEFAULT_DATE_FORMAT: &str = "strict_date_optional_time||epoch_millis";

/// Which date formats a field accepts, among those checked here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct DateFormats {
    pub(super) iso: bool,
    pub(super) millis: bool,
    pub(super) second: bool,
    /// A format we do not implement: any string passes.
    pub(super) other: bool,
}

impl DateFormats {
    fn parse(format: &str) -> Self {
        let mut f = DateFormats::default();
        for name in format.split("||").map(str::trim) {
            match name {
                "strict_date_optional_time" | "strict_date_optional_time_nanos" => f.iso = true,
                "epoch_millis" => f.millis = true,
                "epoch_second" => f.second = true,
                _ => f.other = true,
            }
        }
        f
    }
}

/// How a field's values are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    Object,
    Nested,
    /// Not checked: `enabled: false` objects and types whose values are not checked here.
    Free,
    Int(IntKind),
    Float(FloatKind),
    Text,
    Boolean,
    Date(DateFormats),
    GeoPoint,
    Ip,
    Binary,
    Range {
        ip: bool,
    },
    Alias,
}

/// One compiled field; the root is an object field with an empty name.
#[derive(Debug, Clone)]
pub(super) struct Node {
    /// Decoded field name.
    pub(super) name: Box<[u8]>,
    pub(super) ty: Ty,
    /// Type as written in the mapping, for messages (with the date format).
    pub(super) ty_name: Box<str>,
    pub(super) coerce: bool,
    pub(super) ignore_malformed: bool,
    /// Objects: fields the mapping lacks are refused (`dynamic: "strict"`, inherited).
    pub(super) strict: bool,
    /// Objects: the mapped fields, sorted by name.
    pub(super) children: Vec<Node>,
    /// An intermediate object of a dotted field name (compiling only).
    pub(super) synthetic: bool,
}

fn flag(def: &Json, key: &str) -> Option<bool> {
    match def.get(key)? {
        Json::Bool(b) => Some(*b),
        Json::String(s) if s.is("true") => Some(true),
        Json::String(s) if s.is("false") => Some(false),
        _ => None,
    }
}

fn strictness(def: &Json, inherited: bool) -> bool {
    match def.get("dynamic") {
        Some(Json::String(s)) => s.is("strict"),
        Some(Json::Bool(_)) => false,
        _ => inherited,
    }
}

/// Deepest object nesting compiled; deeper fields are not checked. Elasticsearch refuses
/// mappings deeper than `index.mapping.depth.limit` (20 by default), so this is generous, and it
/// bounds the recursion of compiling and checking whatever the mapping holds.
const MAX_MAPPING_DEPTH: usize = 64;

/// Compiles one field definition at `depth`; `parent_strict` is the inherited
/// `dynamic: "strict"`. A definition that is not an object, or whose `type` is not a string,
/// is not checked (Elasticsearch would refuse the mapping anyway).
pub(super) fn compile(name: &[u8], def: &Json, parent_strict: bool, depth: usize) -> Node {
    let ty_text = match def.get("type") {
        _ if !def.is_object() || depth > MAX_MAPPING_DEPTH => None,
        None => Some("object".into()),
        Some(t) => t.as_str(),
    };
    let ty_str = ty_text.as_deref().unwrap_or("");
    let mut ty_name: Box<str> = ty_str.into();
    let ty = match ty_str {
        "object" if flag(def, "enabled") == Some(false) => Ty::Free,
        "object" => Ty::Object,
        "nested" => Ty::Nested,
        "byte" => Ty::Int(IntKind::Byte),
        "short" => Ty::Int(IntKind::Short),
        "integer" => Ty::Int(IntKind::Integer),
        "long" => Ty::Int(IntKind::Long),
        "unsigned_long" => Ty::Int(IntKind::UnsignedLong),
        "half_float" => Ty::Float(FloatKind::Half),
        "float" => Ty::Float(FloatKind::Float),
        "double" | "scaled_float" => Ty::Float(FloatKind::Double),
        "text"
        | "keyword"
        | "wildcard"
        | "constant_keyword"
        | "match_only_text"
        | "search_as_you_type"
        | "version"
        | "annotated_text"
        | "icu_collation_keyword"
        | "murmur3"
        | "token_count"
        | "counted_keyword" => Ty::Text,
        "boolean" => Ty::Boolean,
        "date" | "date_nanos" => {
            let format = def.get("format").and_then(Json::as_str);
            let format = format.as_deref().unwrap_or(DEFAULT_DATE_FORMAT);
            ty_name = format!("{ty_str}, format {format}").into();
            Ty::Date(DateFormats::parse(format))
        }
        "geo_point" => Ty::GeoPoint,
        "ip" => Ty::Ip,
        "binary" => Ty::Binary,
        "integer_range" | "long_range" | "float_range" | "double_range" | "date_range" => Ty::Range { ip: false },
        "ip_range" => Ty::Range { ip: true },
        "alias" => Ty::Alias,
        _ => Ty::Free,
    };
    let strict = strictness(def, parent_strict);
    let mut node = Node {
        name: name.into(),
        ty,
        ty_name,
        coerce: flag(def, "coerce") != Some(false),
        ignore_malformed: flag(def, "ignore_malformed") == Some(true),
        strict,
        children: Vec::new(),
        synthetic: false,
    };
    if matches!(ty, Ty::Object | Ty::Nested) {
        if let Some(props) = def.get("properties").and_then(Json::as_object) {
            for (key, sub) in props {
                let key = unescape(key.raw().as_bytes()).into_owned();
                insert(&mut node.children, &key, sub, strict, depth + 1);
            }
        }
    }
    node
}

/// Adds a field; a dotted name (`"a.b"`) is an object path, as Elasticsearch expands it.
fn insert(children: &mut Vec<Node>, name: &[u8], def: &Json, strict: bool, depth: usize) {
    if depth > MAX_MAPPING_DEPTH {
        // Too deep to check: an unchecked field, without walking the rest of a dotted name.
        let head = name.split(|&b| b == b'.').next().unwrap_or_default();
        return merge_into(children, compile(head, &Json::Null, strict, depth));
    }
    let split = name.iter().position(|&b| b == b'.');
    let node = match split.filter(|_| !name.split(|&b| b == b'.').any(<[u8]>::is_empty)) {
        Some(dot) => {
            let (head, tail) = (
                name.get(..dot).unwrap_or_default(),
                name.get(dot + 1..).unwrap_or_default(),
            );
            let mut parent = compile(head, &Json::Object(Vec::new()), strict, depth);
            parent.synthetic = true;
            insert(&mut parent.children, tail, def, strict, depth + 1);
            parent
        }
        None => compile(name, def, strict, depth),
    };
    merge_into(children, node);
}

/// A name given twice keeps the last definition; two objects merge their fields (`"a"` and
/// `"a.b"`), the intermediate objects of a dotted name keeping the real object's settings.
fn merge_into(children: &mut Vec<Node>, mut node: Node) {
    match children.iter_mut().find(|c| c.name == node.name) {
        Some(old) if is_object(old.ty) && is_object(node.ty) => {
            let kids = std::mem::take(&mut node.children);
            if !node.synthetic {
                node.children = std::mem::take(&mut old.children);
                *old = node;
            }
            for kid in kids {
                merge_into(&mut old.children, kid);
            }
        }
        Some(old) => *old = node,
        None => children.push(node),
    }
}

/// Whether values of the type are objects of fields.
pub(super) fn is_object(ty: Ty) -> bool {
    matches!(ty, Ty::Object | Ty::Nested)
}

/// Sorts every level's fields by name, for binary search.
pub(super) fn sort(node: &mut Node) {
    node.children.sort_by(|a, b| a.name.cmp(&b.name));
    node.children.iter_mut().for_each(sort);
}

/// Why Elasticsearch refuses a string (decoded) for the field, if it does.
pub(super) fn string_problem(node: &Node, text: &[u8]) -> Option<&'static str> {
    match node.ty {
        Ty::Object | Ty::Nested => Some("is a concrete value, but the field is an object"),
        Ty::Int(_) | Ty::Float(_) if !node.coerce => Some("is a string and coerce is off"),
        // Empty strings are null to numeric fields (when coercing).
        Ty::Int(_) | Ty::Float(_) if text.is_empty() => None,
        Ty::Int(kind) => values::check_int(values::trim(text), kind, true).err(),
        Ty::Float(kind) => values::check_float(values::trim(text), kind).err(),
        Ty::Boolean => (!matches!(text, b"true" | b"false" | b""))
            .then_some("is not a boolean (true, false, \"true\", \"false\" or \"\")"),
        Ty::Date(f) => {
            let ok = f.other
                || (f.iso && values::is_strict_date_optional_time(text))
                || (f.millis && values::is_epoch(text, 6))
                || (f.second && values::is_epoch(text, 9));
            (!ok).then_some("is not a date in that format")
        }
        Ty::Ip => (!values::is_ip(text)).then_some("is not an IP address"),
        Ty::Range { ip: false } => Some("is not a range object like {\"gte\": …, \"lte\": …}"),
        Ty::Alias => Some("cannot be written: the field is an alias"),
        _ => None,
    }
}

/// Why Elasticsearch refuses a number token for the field, if it does.
pub(super) fn number_problem(node: &Node, token: &[u8]) -> Option<&'static str> {
    match node.ty {
        Ty::Object | Ty::Nested => Some("is a concrete value, but the field is an object"),
        Ty::Int(kind) => values::check_int(token, kind, node.coerce).err(),
        Ty::Float(kind) => values::check_float(token, kind).err(),
        Ty::Boolean => Some("is not a boolean (true, false, \"true\", \"false\" or \"\")"),
        Ty::Date(f) if f.millis || f.second || f.other => None,
        Ty::Date(_) => (!values::is_strict_date_optional_time(token)).then_some("is not a date in that format"),
        Ty::Ip => Some("is not an IP address"),
        Ty::Binary => Some("is not a base64 string"),
        Ty::Range { .. } => Some("is not a range object like {\"gte\": …, \"lte\": …}"),
        Ty::Alias => Some("cannot be written: the field is an alias"),
        _ => None,
    }
}

/// Why Elasticsearch refuses a boolean for the field, if it does.
pub(super) fn bool_problem(node: &Node) -> Option<&'static str> {
    match node.ty {
        Ty::Object | Ty::Nested => Some("is a concrete value, but the field is an object"),
        Ty::Int(_) | Ty::Float(_) => Some("is a boolean, not a number"),
        Ty::Date(_) => Some("is not a date"),
        Ty::Ip => Some("is not an IP address"),
        Ty::Binary => Some("is not a base64 string"),
        Ty::Range { .. } => Some("is not a range object like {\"gte\": …, \"lte\": …}"),
        Ty::Alias => Some("cannot be written: the field is an alias"),
        _ => None,
    }
}
