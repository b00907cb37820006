//! Line splitting shared by the line-based formats: CRLF and LF endings, comments cut off,
//! blank lines skipped, and byte offsets turned into 1-based character columns.

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
