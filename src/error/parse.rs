//! Errors in model files: [`ParseError`] (a position, a kind, the offending line and a
//! [`Hint`]) and how it is displayed, with carets under the offending text:
//!
//! ```text
//! error: model.bnet: line 3, column 13: undefined variable 'TNFA'
//!   |
//! 3 | IL6, NFKB & TNFA
//!   |             ^^^^
//!   = hint: did you mean 'TNFa'?
//! ```
//!
//! A hint may name a [`Remedy`] (read the file as another format, allow free inputs) that each
//! front end words its own way.

use super::Remedy;
use std::fmt;
use std::path::PathBuf;

/// A position in a source text: 1-based line and column (in characters), and the length of the
/// offending text in characters (at least 1 when it is shown with carets).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes).
    pub column: usize,
    /// Length of the offending text, in characters.
    pub len: usize,
}

impl Span {
    /// A span at `line`, `column` covering `len` characters.
    pub fn new(line: usize, column: usize, len: usize) -> Span {
        Span { line, column, len }
    }
}

/// What went wrong while reading a model.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The file holds no rules (empty, or only comments and blank lines).
    EmptyFile,
    /// The bytes are not valid UTF-8.
    InvalidUtf8,
    /// The content looks like another model format.
    WrongFormat {
        /// The format the file appears to be in.
        detected: String,
    },
    /// A character that no token of the format starts with.
    UnexpectedChar(char),
    /// A token where another was expected.
    UnexpectedToken {
        /// The text found.
        found: String,
        /// What the grammar expected there.
        expected: String,
    },
    /// The line ended where more was expected.
    UnexpectedEnd {
        /// What the grammar expected there.
        expected: String,
    },
    /// A `(` without its `)`.
    UnclosedParen,
    /// A `)` without its `(`.
    UnmatchedCloseParen,
    /// A name that is not a valid identifier of the format.
    InvalidName(String),
    /// A target defined twice.
    DuplicateTarget {
        /// The target's name.
        name: String,
        /// The line of its first definition.
        first_line: usize,
    },
    /// A name used in a rule but never given a rule.
    UndefinedVariable(String),
    /// A variable declared (for example through AEON regulations) but given no update function.
    MissingFunction(String),
    /// A construct of the format that basin does not support.
    Unsupported(String),
    /// The input exceeds a documented limit.
    TooLarge {
        /// What is too large.
        what: String,
        /// The limit.
        limit: usize,
    },
    /// Any other malformed content, with its explanation.
    Invalid(String),
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ParseErrorKind::*;
        match self {
            EmptyFile => write!(f, "the model holds no rules"),
            InvalidUtf8 => write!(f, "the file is not valid UTF-8 text"),
            WrongFormat { detected } => {
                let an = detected.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o'])
                    || detected.starts_with("SBML");
                let article = if an { "an" } else { "a" };
                write!(f, "this looks like {article} {detected} file")
            }
            UnexpectedChar(c) => write!(f, "unexpected character '{}'", c.escape_debug()),
            UnexpectedToken { found, expected } => {
                write!(f, "expected {expected}, found '{found}'")
            }
            UnexpectedEnd { expected } => {
                write!(f, "expected {expected}, found the end of the line")
            }
            UnclosedParen => write!(f, "this '(' is never closed"),
            UnmatchedCloseParen => write!(f, "this ')' has no matching '('"),
            InvalidName(name) => write!(f, "'{name}' is not a valid variable name"),
            DuplicateTarget { name, first_line } => write!(
                f,
                "'{name}' is defined twice: first on line {first_line}, again here"
            ),
            UndefinedVariable(name) => write!(f, "undefined variable '{name}'"),
            MissingFunction(name) => write!(f, "variable '{name}' has no update function"),
            Unsupported(what) => write!(f, "unsupported: {what}"),
            TooLarge { what, limit } => write!(f, "{what} exceeds the limit of {limit}"),
            Invalid(msg) => write!(f, "{msg}"),
        }
    }
}

/// An error in a model file, with its position, the offending line and an optional hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Where. `line == 0` means the error concerns the whole file.
    pub span: Span,
    /// The text of the offending line, if known.
    pub source_line: Option<String>,
    /// The file, if the text came from one.
    pub path: Option<PathBuf>,
    /// A suggestion for the fix.
    pub hint: Option<Hint>,
}

/// A suggestion for fixing a model file: text, optionally with a [`Remedy`] inside it that each
/// front end words its own way (the command line as a flag, a Python binding as a keyword
/// argument). `Display` uses the remedy's neutral words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// The text before the remedy (all of it when there is none).
    pub before: String,
    /// The way out this hint names, if it names one.
    pub remedy: Option<Remedy>,
    /// The text after the remedy.
    pub after: String,
}

impl Hint {
    /// A hint of `before`, `remedy` and `after` in that order.
    pub fn with_remedy(
        before: impl Into<String>,
        remedy: Remedy,
        after: impl Into<String>,
    ) -> Hint {
        Hint {
            before: before.into(),
            remedy: Some(remedy),
            after: after.into(),
        }
    }

    /// The hint with its remedy worded by `render`.
    pub fn render(&self, render: &dyn Fn(&Remedy) -> String) -> String {
        match &self.remedy {
            Some(r) => format!("{}{}{}", self.before, render(r), self.after),
            None => format!("{}{}", self.before, self.after),
        }
    }
}

impl From<String> for Hint {
    fn from(text: String) -> Hint {
        Hint {
            before: text,
            remedy: None,
            after: String::new(),
        }
    }
}

impl From<&str> for Hint {
    fn from(text: &str) -> Hint {
        Hint::from(text.to_string())
    }
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&|r| r.to_string()))
    }
}

impl ParseError {
    /// An error of `kind` at `span`, without source line, path or hint.
    pub fn new(kind: ParseErrorKind, span: Span) -> ParseError {
        ParseError {
            kind,
            span,
            source_line: None,
            path: None,
            hint: None,
        }
    }

    /// An error about the whole file (no position).
    pub fn whole_file(kind: ParseErrorKind) -> ParseError {
        ParseError::new(kind, Span::default())
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<Hint>) -> ParseError {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the text of the offending line.
    pub fn with_source_line(mut self, line: impl Into<String>) -> ParseError {
        self.source_line = Some(line.into());
        self
    }

    /// Adds the file path.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> ParseError {
        self.path = Some(path.into());
        self
    }

    /// Fills in the source line from the whole text when it is not known yet.
    pub(crate) fn attach_source(mut self, text: &str) -> ParseError {
        if self.source_line.is_none() && self.span.line > 0 {
            self.source_line = text
                .split('\n')
                .nth(self.span.line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }
}

/// Width of the excerpt around the error column when the offending line is long.
const EXCERPT_CONTEXT: usize = 60;

impl ParseError {
    /// The message with the hint's remedy worded by `render` (`Display` uses neutral words).
    pub fn render(&self, render: &dyn Fn(&Remedy) -> String) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out, render);
        out
    }

    pub(super) fn write(
        &self,
        f: &mut dyn fmt::Write,
        render: &dyn Fn(&Remedy) -> String,
    ) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        if self.span.line > 0 {
            write!(f, "line {}, column {}: ", self.span.line, self.span.column)?;
        }
        write!(f, "{}", self.kind)?;
        if let (Some(line), true) = (&self.source_line, self.span.line > 0) {
            let number = self.span.line.to_string();
            let pad = " ".repeat(number.len());
            let (excerpt, caret_col) = excerpt(line, self.span.column.max(1));
            write!(f, "\n{pad} |\n{number} | {excerpt}\n{pad} | ")?;
            let carets = self.span.len.clamp(1, EXCERPT_CONTEXT);
            write!(f, "{}{}", " ".repeat(caret_col - 1), "^".repeat(carets))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", hint.render(render))?;
        }
        Ok(())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &|r| r.to_string())
    }
}

/// Cuts a long line down to a window around `column`; returns the window (tabs shown as spaces)
/// and the column of the error inside it.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let start = column.saturating_sub(EXCERPT_CONTEXT + 1);
    let end = (column + EXCERPT_CONTEXT).min(chars.len());
    let mut text = String::new();
    let mut caret = column - start;
    if start > 0 {
        text.push('…');
        caret += 1;
    }
    text.extend(&chars[start..end.max(start)]);
    if end < chars.len() {
        text.push('…');
    }
    (text, caret)
}

impl std::error::Error for ParseError {}
