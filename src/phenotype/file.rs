//! The file as written: TOML read in document order with the position of every key and value,
//! turned into `ParseError`s that point into the file. Shared with [`crate::condition`].

use crate::error::{Error, ParseError, ParseErrorKind, Span};
use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;
use toml::Spanned;

/// A TOML table read in document order, keys with their positions.
#[derive(Debug)]
pub(crate) struct Ordered<V>(pub(crate) Vec<(Spanned<String>, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<V>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(OrderedVisitor(PhantomData))
    }
}

/// The whole phenotype / condition file. Both readers parse all of it, so a misspelt top-level
/// key is an error whichever reader meets it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub(super) threshold: Option<Spanned<toml::Value>>,
    pub(super) default: Option<Spanned<String>>,
    pub(super) cycles: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) groups: Ordered<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub(super) labels: Ordered<Spanned<String>>,
    #[serde(default)]
    pub(super) flags: Ordered<Spanned<String>>,
    #[serde(default)]
    pub(super) phenotypes: Ordered<Spanned<String>>,
    #[serde(default)]
    pub(crate) conditions: Ordered<Spanned<Ordered<Spanned<toml::Value>>>>,
}

/// A place in a phenotype file: its span and the text of its line, kept so that errors found
/// later (when names are resolved against a network) still point into the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pos {
    pub(crate) span: Span,
    pub(crate) line: String,
}

impl Pos {
    /// An error at this place.
    pub(crate) fn error(&self, message: String, path: Option<&Path>) -> ParseError {
        let mut e = ParseError::new(ParseErrorKind::Invalid(message), self.span)
            .with_source_line(self.line.clone());
        if let Some(p) = path {
            e = e.with_path(p);
        }
        e
    }
}

/// The text of a file, for turning byte offsets into positions.
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
}

impl Source<'_> {
    /// The position of `len` bytes at byte `start`.
    pub(crate) fn pos(&self, start: usize, len: usize) -> Pos {
        let start = floor_char_boundary(self.text, start.min(self.text.len()));
        let end = floor_char_boundary(self.text, (start + len).min(self.text.len()));
        let before = &self.text[..start];
        let line_no = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..start].chars().count() + 1;
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line = self.text[line_start..line_end].trim_end_matches('\r');
        let span_len = self.text[start..end.min(line_end)].chars().count().max(1);
        Pos {
            span: Span::new(line_no, column, span_len),
            line: line.to_string(),
        }
    }

    /// The position of a spanned value.
    pub(crate) fn of<T>(&self, s: &Spanned<T>) -> Pos {
        let r = s.span();
        self.pos(r.start, r.end.saturating_sub(r.start))
    }

    /// Where the characters of a string value start in the file, when it is written as a plain
    /// one-line string (`"..."` or `'...'` without escapes), so offsets into the value are
    /// offsets into the file.
    pub(super) fn string_content_start(&self, s: &Spanned<String>) -> Option<usize> {
        let r = s.span();
        let raw = self.text.get(r.clone())?;
        let value = s.get_ref();
        let quoted = (raw.starts_with('"') && !raw.starts_with("\"\"\"") && !raw.contains('\\'))
            || (raw.starts_with('\'') && !raw.starts_with("'''"));
        (quoted && raw.len() == value.len() + 2 && &raw[1..raw.len() - 1] == value)
            .then_some(r.start + 1)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Reads the TOML of a phenotype / condition file into its raw structure.
pub(crate) fn read_raw(text: &str) -> Result<RawFile, ParseError> {
    toml::from_str::<RawFile>(text).map_err(|e| toml_error(text, &e))
}

/// A `toml` error as a `ParseError` with line and column.
fn toml_error(text: &str, e: &toml::de::Error) -> ParseError {
    let message = e
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(lower_first)
        .collect::<Vec<_>>()
        .join("; ");
    let message = if message.is_empty() {
        "invalid TOML".to_string()
    } else {
        message
    };
    match e.span() {
        Some(r) => {
            let pos = Source { text }.pos(r.start, r.end.saturating_sub(r.start));
            pos.error(message, None)
        }
        None => ParseError::whole_file(ParseErrorKind::Invalid(message)),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_uppercase() && !c.clone().next().is_some_and(char::is_uppercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

/// Reads a file into a string with the crate's I/O error.
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Adds `path` to a parse error.
pub(crate) fn with_path(e: Error, path: &Path) -> Error {
    match e {
        Error::Parse(p) => Error::Parse(Box::new(p.with_path(path))),
        other => other,
    }
}

/// Whether `name` may be used as a label, flag or phenotype name: letters, digits, `_`, `-` and
/// `.`, so that labels joined with `/` and `+` stay readable and CSV needs no quoting.
pub(super) fn is_label_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Whether `name` may be used in an expression (a bnet identifier).
pub(super) fn is_identifier(name: &str) -> bool {
    let mut c = name.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
        && !matches!(name, "true" | "false" | "True" | "False")
}
