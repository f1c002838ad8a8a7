//! Kuzzle's naming rules, physical Elasticsearch names, and file names that stay inside a folder.

use std::fmt;

/// Longest index or collection name, in bytes.
pub const MAX_NAME_BYTES: usize = 126;

/// Longest `_id`, in bytes (Elasticsearch's limit).
pub const MAX_ID_BYTES: usize = 512;

/// Why a name is not a valid Kuzzle index or collection name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// The empty string.
    Empty,
    /// Longer than 126 bytes.
    TooLong(usize),
    /// Holds an upper-case letter.
    Uppercase,
    /// Holds a forbidden character.
    Forbidden(char),
    /// `_all`, or `_kuzzle_keep` for a collection.
    Reserved,
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::Empty => f.write_str("is empty"),
            NameProblem::TooLong(n) => write!(f, "is {n} bytes long (at most {MAX_NAME_BYTES})"),
            NameProblem::Uppercase => f.write_str("holds upper-case letters"),
            NameProblem::Forbidden(c) => write!(f, "holds the forbidden character {c:?}"),
            NameProblem::Reserved => f.write_str("is reserved"),
        }
    }
}

const FORBIDDEN: &[char] = &[
    '\\', '/', '*', '?', '"', '<', '>', '|', '`', ' ', '\t', '\r', '\n', ',', '+', '#', ':', '.', '&', '%',
];

fn check_name(name: &str) -> Result<(), NameProblem> {
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(NameProblem::TooLong(name.len()));
    }
    if name == "_all" {
        return Err(NameProblem::Reserved);
    }
    if let Some(c) = name.chars().find(|c| FORBIDDEN.contains(c)) {
        return Err(NameProblem::Forbidden(c));
    }
    if name.chars().any(char::is_uppercase) {
        return Err(NameProblem::Uppercase);
    }
    Ok(())
}

/// Checks an index name against Kuzzle's `_isObjectNameValid`.
pub fn check_index_name(name: &str) -> Result<(), NameProblem> {
    check_name(name)
}

/// Checks a collection name (also refuses the reserved `_kuzzle_keep`).
pub fn check_collection_name(name: &str) -> Result<(), NameProblem> {
    check_name(name)?;
    if name == "_kuzzle_keep" {
        return Err(NameProblem::Reserved);
    }
    Ok(())
}

/// Whether a public or private Kuzzle collection lives in this physical index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// `&`: public data.
    Public,
    /// `%`: internal data and plugin storage.
    Private,
}

impl Scope {
    /// The prefix character.
    pub fn prefix(self) -> char {
        match self {
            Scope::Public => '&',
            Scope::Private => '%',
        }
    }
}

/// A Kuzzle collection as Elasticsearch stores it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Physical {
    /// Public or private.
    pub scope: Scope,
    /// Kuzzle index name.
    pub index: String,
    /// Kuzzle collection name (`_kuzzle_keep` for an empty index's placeholder).
    pub collection: String,
    /// The `.N` suffix Kuzzle adds when the plain name was taken.
    pub suffix: Option<u32>,
}

impl Physical {
    /// Parses a physical index name (`&idx.col`, `&idx.col.42`, `%kuzzle.users`) or an alias
    /// (`@&idx.col`). Returns `None` for names that are not Kuzzle's.
    pub fn parse(name: &str) -> Option<Physical> {
        let name = name.strip_prefix('@').unwrap_or(name);
        let scope = match name.chars().next()? {
            '&' => Scope::Public,
            '%' => Scope::Private,
            _ => return None,
        };
        let rest = &name[1..];
        let (index, rest) = rest.split_once('.')?;
        let (collection, suffix) = match rest.split_once('.') {
            Some((c, n)) if !n.is_empty() && n.len() <= 5 && n.bytes().all(|b| b.is_ascii_digit()) => {
                (c, n.parse().ok())
            }
            Some(_) => return None,
            None => (rest, None),
        };
        if index.is_empty() || collection.is_empty() {
            return None;
        }
        Some(Physical {
            scope,
            index: index.to_owned(),
            collection: collection.to_owned(),
            suffix,
        })
    }

    /// A public collection without suffix.
    pub fn public(index: &str, collection: &str) -> Physical {
        Physical {
            scope: Scope::Public,
            index: index.into(),
            collection: collection.into(),
            suffix: None,
        }
    }

    /// The physical index name.
    pub fn index_name(&self) -> String {
        match self.suffix {
            Some(n) => format!("{}{}.{}.{n}", self.scope.prefix(), self.index, self.collection),
            None => format!("{}{}.{}", self.scope.prefix(), self.index, self.collection),
        }
    }

    /// The `@` alias Kuzzle queries (never suffixed).
    pub fn alias(&self) -> String {
        format!("@{}{}.{}", self.scope.prefix(), self.index, self.collection)
    }

    /// Whether this is an empty index's placeholder.
    pub fn is_keep(&self) -> bool {
        self.collection == "_kuzzle_keep"
    }
}

/// Checks that a name taken from a dump can be used as one file or folder name inside the
/// output folder: not empty, not `.`/`..`, no `/`, `\` or NUL, at most 255 bytes.
pub fn check_file_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name == "." || name == ".." {
        return Err(format!("{name:?} is not a usable file name"));
    }
    if name.contains(['/', '\\', '\0']) {
        return Err(format!(
            "{name:?} would leave the output folder (it holds a path separator)"
        ));
    }
    if name.len() > 255 {
        return Err(format!(
            "{name:?} is {} bytes long; file names are limited to 255 bytes",
            name.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kuzzle_name_rules() {
        assert_eq!(check_index_name("nyc-open-data"), Ok(()));
        assert_eq!(check_index_name(""), Err(NameProblem::Empty));
        assert_eq!(check_index_name("Nyc"), Err(NameProblem::Uppercase));
        assert_eq!(check_index_name("a.b"), Err(NameProblem::Forbidden('.')));
        assert_eq!(check_index_name("a%b"), Err(NameProblem::Forbidden('%')));
        assert_eq!(check_index_name("_all"), Err(NameProblem::Reserved));
        assert_eq!(check_index_name(&"é".repeat(64)), Err(NameProblem::TooLong(128)));
        assert_eq!(check_index_name(&"a".repeat(126)), Ok(()));
        assert_eq!(check_collection_name("_kuzzle_keep"), Err(NameProblem::Reserved));
        assert_eq!(check_index_name("_kuzzle_keep"), Ok(()));
    }

    #[test]
    fn physical_names() {
        let p = Physical::parse("&nyc-open-data.yellow-taxi").unwrap();
        assert_eq!(
            (p.scope, p.index.as_str(), p.collection.as_str(), p.suffix),
            (Scope::Public, "nyc-open-data", "yellow-taxi", None)
        );
        let p = Physical::parse("&idx.col.4711").unwrap();
        assert_eq!(p.suffix, Some(4711));
        assert_eq!(p.alias(), "@&idx.col");
        assert_eq!(p.index_name(), "&idx.col.4711");
        let p = Physical::parse("@%kuzzle.users").unwrap();
        assert_eq!((p.scope, p.index_name()), (Scope::Private, "%kuzzle.users".to_owned()));
        assert_eq!(Physical::parse(".kibana"), None);
        assert_eq!(Physical::parse("&noseparator"), None);
        assert_eq!(Physical::parse("&a.b.c"), None);
        assert!(Physical::parse("&idx._kuzzle_keep").unwrap().is_keep());
    }

    #[test]
    fn file_names_stay_inside() {
        assert!(check_file_name("&idx.col.json").is_ok());
        assert!(check_file_name("..").is_err());
        assert!(check_file_name("a/b").is_err());
        assert!(check_file_name("a\\b").is_err());
        assert!(check_file_name(&"a".repeat(256)).is_err());
    }
}
