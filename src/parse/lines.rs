//! Line splitting shared by the line-based formats: CRLF and LF endings, comments cut off,
//! blank lines skipped, and byte offsets turned into 1-based character columns.

use super::Format;
use crate::error::{Hint, ParseError, ParseErrorKind, Remedy, Span};

/// One non-blank line with its comment removed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub(crate) number: usize,
    /// The whole line (without its line ending).
    pub(crate) raw: &'a str,
    /// The line up to its comment, trailing whitespace removed; starts at the line's first byte.
    pub(crate) content: &'a str,
}

impl Line<'_> {
    /// The 1-based column of the character at byte `offset` of `content`.
    pub(crate) fn column_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.raw.len());
        self.raw[..offset].chars().count() + 1
    }
}

/// The lines of `text` that hold something besides a comment starting with `comment`.
pub(crate) fn content_lines<'a>(
    text: &'a str,
    comment: &'a str,
) -> impl Iterator<Item = Line<'a>> + 'a {
    all_lines(text).filter_map(move |(number, raw)| {
        let content = match raw.find(comment) {
            Some(i) => &raw[..i],
            None => raw,
        }
        .trim_end();
        (!content.trim_start().is_empty()).then_some(Line {
            number,
            raw,
            content,
        })
    })
}

/// Every line of `text` with its 1-based number, line endings removed.
pub(crate) fn all_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// The format a line (comment removed) is written in, judged by its shape alone: `A, ...` bnet;
/// `A* = ...` or `A = True|False|Random` BooleanNet; `$A: ...` or `A -> B` (`-|`, `-?`) AEON.
/// Used to explain a line that does not parse in the format it was read as.
pub(crate) fn shape_of(content: &str) -> Option<Format> {
    let t = content.trim();
    if t.starts_with('$') && t.contains(':') {
        return Some(Format::Aeon);
    }
    let word = |extra: &str| {
        t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || extra.contains(c)))
            .unwrap_or(t.len())
    };
    let aeon_name = word("{}");
    let rest = t[aeon_name..].trim_start();
    if aeon_name > 0 && ["->", "-|", "-?"].iter().any(|a| rest.starts_with(a)) {
        return Some(Format::Aeon);
    }
    if aeon_name > 0 && rest.starts_with(',') {
        return Some(Format::Bnet);
    }
    // BooleanNet, after an optional rank prefix `1:`.
    let t = match t.split_once(':') {
        Some((rank, rest))
            if !rank.is_empty() && rank.trim().chars().all(|c| c.is_ascii_digit()) =>
        {
            rest.trim_start()
        }
        _ => t,
    };
    let name = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_+-".contains(c)))
        .unwrap_or(t.len());
    let rest = t[name..].trim_start();
    if name > 0
        && rest
            .strip_prefix('*')
            .is_some_and(|r| r.trim_start().starts_with('='))
    {
        return Some(Format::BooleanNet);
    }
    if name > 0
        && rest.starts_with('=')
        && matches!(
            t.rsplit('=').next().map(str::trim),
            Some("True" | "False" | "Random")
        )
    {
        return Some(Format::BooleanNet);
    }
    None
}

/// The error for `line`, read as `reading`, when its shape says it is written in another format.
pub(crate) fn wrong_format(line: &Line<'_>, reading: Format) -> Option<ParseError> {
    let shape = shape_of(line.content).filter(|&f| f != reading)?;
    let detected = match shape {
        Format::Bnet => "bnet",
        Format::BooleanNet => "BooleanNet",
        _ => "AEON",
    };
    let lead = line.content.len() - line.content.trim_start().len();
    let span = Span::new(
        line.number,
        line.column_of(lead),
        line.content.trim().chars().count(),
    );
    Some(
        ParseError::new(
            ParseErrorKind::WrongFormat {
                detected: detected.into(),
            },
            span,
        )
        .with_hint(Hint::with_remedy(
            "",
            Remedy::SpecifyFormat {
                detected: Some(shape.to_string()),
            },
            format!(", or give the file the .{} extension", shape.extension()),
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_of_the_three_formats() {
        assert_eq!(shape_of("A, B & C"), Some(Format::Bnet));
        assert_eq!(shape_of("IL-6* = not A"), Some(Format::BooleanNet));
        assert_eq!(shape_of("1: A* = B"), Some(Format::BooleanNet));
        assert_eq!(shape_of("A = B = Random"), Some(Format::BooleanNet));
        assert_eq!(shape_of("$A: B"), Some(Format::Aeon));
        assert_eq!(shape_of("A -| B"), Some(Format::Aeon));
        assert_eq!(shape_of("A B C"), None);
        assert_eq!(shape_of("A = B"), None);
    }
}
