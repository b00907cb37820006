//! Error types: the crate-level [`Error`] (parse errors, I/O, refused work, unknown names, bad
//! values, cancellation) and [`Remedy`], a way out of a refused job as data. Model-file errors
//! with their positions are in `error/parse.rs` ([`ParseError`], re-exported here).
//!
//! Messages are lower-case without a trailing period.

mod parse;

pub use parse::{Hint, ParseError, ParseErrorKind, Span};
use std::fmt;
use std::path::PathBuf;

/// A way out of a refused job, as data: the command line renders each as its flags, a Python
/// binding as keyword arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Remedy {
    /// Fix some of these free inputs to a value (all of them when empty names none).
    FixInputs {
        /// The free inputs, by name.
        inputs: Vec<String>,
    },
    /// Perturb (fix) nodes to shrink the explored core.
    PerturbNodes,
    /// Use the sampling engine: random initial states or random walks, estimates with
    /// intervals.
    UseSampling,
    /// Skip the exact reach probabilities (attractors and weak/strong basins only).
    SkipProbabilities,
    /// Count the attractors exactly instead of listing them ([`crate::engine::count_attractors`]).
    CountOnly,
    /// Allow more memory.
    RaiseMemoryLimit,
    /// Name the model format explicitly (the extension does not tell it).
    SpecifyFormat {
        /// The format the content looks like, when it could be guessed.
        detected: Option<String>,
    },
    /// Turn names that have no rule into free inputs.
    AllowFreeInputs,
    /// Simplify rules whose written form repeats shared subexpressions.
    SimplifyRules,
    /// Fix the variable as a perturbation (it is not an input).
    PerturbInstead,
    /// Name the conditions to explore instead of taking every combination of the inputs.
    NameConditions,
    /// Screen fewer nodes or a lower order (fewer perturbation sets).
    FewerPerturbations,
    /// Screen fewer conditions.
    FewerConditions,
    /// Run these shards of a split screen (again) with the screen's options, or finish them.
    RunShards {
        /// The shards (1-based).
        shards: Vec<usize>,
        /// Into how many shards the screen is split.
        count: usize,
    },
    /// Give each shard of a split screen once.
    GiveEachShardOnce,
}

impl fmt::Display for Remedy {
    /// Neutral words (no command-line flags): "fix some of the free inputs (A, B)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Remedy::FixInputs { inputs } if inputs.is_empty() => f.write_str("fix inputs"),
            Remedy::FixInputs { inputs } => write!(
                f,
                "fix some of the {} free inputs ({})",
                inputs.len(),
                inputs.join(", ")
            ),
            Remedy::PerturbNodes => f.write_str("perturb nodes to shrink the core"),
            Remedy::UseSampling => f.write_str("use the sampling engine"),
            Remedy::SkipProbabilities => f.write_str("skip the exact reach probabilities"),
            Remedy::CountOnly => f.write_str("count the attractors instead of listing them"),
            Remedy::RaiseMemoryLimit => f.write_str("raise the memory limit"),
            Remedy::SpecifyFormat { detected: Some(d) } => write!(f, "read it as {d}"),
            Remedy::SpecifyFormat { detected: None } => f.write_str("name the model format"),
            Remedy::AllowFreeInputs => f.write_str("allow free inputs"),
            Remedy::PerturbInstead => f.write_str("fix it as a perturbation"),
            Remedy::NameConditions => f.write_str("name the conditions instead"),
            Remedy::FewerPerturbations => f.write_str("screen fewer nodes or a lower order"),
            Remedy::FewerConditions => f.write_str("screen fewer conditions"),
            Remedy::RunShards { shards, count } => {
                let list: Vec<String> = shards.iter().map(|i| format!("{i}/{count}")).collect();
                write!(
                    f,
                    "run shard {} with the same model and options as the others (or finish it)",
                    list.join(", ")
                )
            }
            Remedy::GiveEachShardOnce => f.write_str("give each shard once"),
            Remedy::SimplifyRules => f.write_str(
                "text repeats every shared subexpression (a chain of AEON '^' or '<=>' doubles \
                 at each step); simplify those rules, or keep the model in its own file",
            ),
        }
    }
}

/// What kind of name was not found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameKind {
    /// A variable (node) of the network.
    Node,
    /// A named condition.
    Condition,
    /// A phenotype label.
    Label,
}

impl NameKind {
    /// `"node"`, `"condition"` or `"label"`.
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Node => "node",
            NameKind::Condition => "condition",
            NameKind::Label => "label",
        }
    }
}

/// The crate-level error.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A model (or phenotype, condition, expectation) file could not be read as written.
    Parse(Box<ParseError>),
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The work would not fit in the memory allowed; nothing was allocated.
    TooLarge {
        /// What was asked, in words ("exhaustive synchronous search over 40 free variables").
        what: String,
        /// Bytes the work would need.
        needed_bytes: u128,
        /// Bytes allowed.
        allowed_bytes: u128,
        /// Ways to make it fit, most direct first.
        remedies: Vec<Remedy>,
    },
    /// The work exceeds a limit of the method chosen (not of memory): a core too large to
    /// enumerate or to sample, too many conditions to list.
    Limit {
        /// What exceeds which limit, in words.
        what: String,
        /// Ways round it, most direct first.
        remedies: Vec<Remedy>,
    },
    /// A name that the network, the conditions or the labels do not have.
    UnknownName {
        /// What the name should have named.
        kind: NameKind,
        /// The name given.
        name: String,
        /// The closest known name, if any is close.
        suggestion: Option<String>,
        /// Where the name was given (a parameter or file, for the message), if known.
        context: Option<String>,
        /// The known names, listed in the message when there is no suggestion (`None`: not
        /// listed; an empty list says that none are defined).
        known: Option<Vec<String>>,
    },
    /// A variable given two different values (by a condition, inputs or perturbations).
    ConflictingAssignment {
        /// The variable.
        name: String,
    },
    /// A variable given as an input value is not an input (its rule is not `X, X`); fixing it
    /// is a perturbation.
    NotAnInput {
        /// The variable.
        name: String,
        /// Where it was given, if known.
        context: Option<String>,
    },
    /// A parameter's value is out of its range or malformed.
    InvalidValue {
        /// The parameter.
        what: String,
        /// The value given.
        value: String,
        /// What is accepted.
        expected: String,
    },
    /// Variables and functions that do not make a network.
    Network(crate::network::NetworkError),
    /// The model format cannot be told from the file's extension.
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// An error in one statement of an expectations file, with the statement's name.
    InStatement {
        /// The statement's name.
        statement: String,
        /// What went wrong in it.
        source: Box<Error>,
    },
    /// A choice of conditions that cannot be resolved as made.
    Selection(crate::condition::SelectionError),
    /// Any other invalid argument or file content, explained.
    Invalid(String),
    /// The computation was stopped through its [`crate::cancel::Cancel`] token (raised, or its
    /// deadline passed).
    Cancelled,
    /// The parts of a split screen do not merge into its table.
    Shard {
        /// Why.
        error: crate::screen::ShardError,
        /// Ways out.
        remedies: Vec<Remedy>,
    },
}

impl Error {
    /// An [`Error::InvalidValue`].
    pub fn invalid_value(
        what: impl Into<String>,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Error {
        Error::InvalidValue {
            what: what.into(),
            value: value.into(),
            expected: expected.into(),
        }
    }

    /// An [`Error::UnknownName`] with the closest of `known` as its suggestion.
    pub fn unknown_name<'a>(
        kind: NameKind,
        name: &str,
        known: impl Iterator<Item = &'a str>,
    ) -> Error {
        Error::UnknownName {
            kind,
            name: name.to_string(),
            suggestion: closest(name, known).map(str::to_string),
            context: None,
            known: None,
        }
    }

    /// An [`Error::UnknownName`] that lists every known name when none is close.
    pub fn unknown_name_listing<'a>(
        kind: NameKind,
        name: &str,
        known: impl Iterator<Item = &'a str> + Clone,
    ) -> Error {
        let suggestion = closest(name, known.clone()).map(str::to_string);
        Error::UnknownName {
            kind,
            name: name.to_string(),
            known: suggestion
                .is_none()
                .then(|| known.map(str::to_string).collect()),
            suggestion,
            context: None,
        }
    }

    /// The same error with `where_` (where the value came from: a parameter, a file) put in
    /// front of its message, for unknown names, invalid values, conflicting assignments and
    /// non-inputs; other errors are returned unchanged.
    pub fn in_context(self, where_: impl Into<String>) -> Error {
        let where_ = where_.into();
        let join = |c: Option<String>| match c {
            Some(c) => format!("{where_} {c}"),
            None => where_.clone(),
        };
        match self {
            Error::UnknownName {
                kind,
                name,
                suggestion,
                context,
                known,
            } => Error::UnknownName {
                kind,
                name,
                suggestion,
                context: Some(join(context)),
                known,
            },
            Error::InvalidValue {
                what,
                value,
                expected,
            } => Error::InvalidValue {
                what: join(Some(what)),
                value,
                expected,
            },
            Error::NotAnInput { name, context } => Error::NotAnInput {
                name,
                context: Some(join(context)),
            },
            Error::ConflictingAssignment { .. } => Error::Invalid(format!("{where_}: {self}")),
            other => other,
        }
    }

    /// The remedies an error names (empty when it names none). A parse error's remedy is in
    /// its [`Hint`].
    pub fn remedies(&self) -> &[Remedy] {
        const SPECIFY_FORMAT: &[Remedy] = &[Remedy::SpecifyFormat { detected: None }];
        const PERTURB_INSTEAD: &[Remedy] = &[Remedy::PerturbInstead];
        match self {
            Error::TooLarge { remedies, .. }
            | Error::Limit { remedies, .. }
            | Error::Shard { remedies, .. } => remedies,
            Error::UnknownFormat { .. } => SPECIFY_FORMAT,
            Error::NotAnInput { .. } => PERTURB_INSTEAD,
            Error::InStatement { source, .. } => source.remedies(),
            _ => &[],
        }
    }
}

/// Writes `remedies` as `; a, b or c`, each through `render`.
pub fn write_remedies(
    f: &mut dyn fmt::Write,
    remedies: &[Remedy],
    render: impl Fn(&Remedy) -> String,
) -> fmt::Result {
    if remedies.is_empty() {
        return Ok(());
    }
    let parts: Vec<String> = remedies.iter().map(render).collect();
    let text = match parts.len() {
        1 => parts[0].clone(),
        n => format!("{} or {}", parts[..n - 1].join(", "), parts[n - 1]),
    };
    write!(f, "; {text}")
}

impl Error {
    /// The message with remedies rendered by `render` (the command line passes one that
    /// names its flags; `Display` uses the neutral words of [`Remedy`]'s `Display`).
    pub fn render(&self, render: &dyn Fn(&Remedy) -> String) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out, render);
        out
    }

    fn write(&self, f: &mut dyn fmt::Write, render: &dyn Fn(&Remedy) -> String) -> fmt::Result {
        match self {
            Error::Parse(e) => e.write(f, render),
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::TooLarge {
                what,
                needed_bytes,
                allowed_bytes,
                remedies,
            } => {
                write!(
                    f,
                    "refused: {what} needs {} but only {} are allowed",
                    format_bytes(*needed_bytes),
                    format_bytes(*allowed_bytes)
                )?;
                write_remedies(f, remedies, render)
            }
            Error::Limit { what, remedies } => {
                write!(f, "{what}")?;
                write_remedies(f, remedies, render)
            }
            Error::UnknownName {
                kind,
                name,
                suggestion,
                context,
                known,
            } => {
                if let Some(c) = context {
                    write!(f, "{c}: ")?;
                }
                let kind = kind.as_str();
                write!(f, "unknown {kind} '{name}'")?;
                match (suggestion, known) {
                    (Some(s), _) => write!(f, "; did you mean '{s}'?"),
                    (None, Some(k)) if k.is_empty() => write!(f, "; no {kind}s are defined"),
                    (None, Some(k)) => write!(f, "; known {kind}s: {}", k.join(", ")),
                    (None, None) => Ok(()),
                }
            }
            Error::ConflictingAssignment { name } => {
                write!(f, "'{name}' is given both 0 and 1")
            }
            Error::NotAnInput { name, context } => {
                if let Some(c) = context {
                    write!(f, "{c}: ")?;
                }
                write!(
                    f,
                    "'{name}' is not an input (its rule is not '{name}, {name}')"
                )?;
                write_remedies(f, self.remedies(), render)
            }
            Error::UnknownFormat { path } => {
                write!(
                    f,
                    "{}: cannot tell the model format from the extension",
                    path.display()
                )?;
                write_remedies(f, self.remedies(), render)
            }
            Error::InvalidValue {
                what,
                value,
                expected,
            } => write!(f, "{what}: value '{value}' is not {expected}"),
            Error::Network(e) => write!(f, "{e}"),
            Error::Selection(e) => write!(f, "{e}"),
            Error::InStatement { statement, source } => {
                write!(f, "statement '{statement}': ")?;
                source.write(f, render)
            }
            Error::Invalid(msg) => write!(f, "{msg}"),
            Error::Cancelled => write!(f, "cancelled before it finished"),
            Error::Shard { error, remedies } => {
                write!(f, "{error}")?;
                write_remedies(f, remedies, render)
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &|r: &Remedy| r.to_string())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Parse(e) => Some(e.as_ref()),
            Error::Io { source, .. } => Some(source),
            Error::Network(e) => Some(e),
            Error::InStatement { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<crate::network::NetworkError> for Error {
    fn from(e: crate::network::NetworkError) -> Error {
        Error::Network(e)
    }
}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Error {
        Error::Parse(Box::new(e))
    }
}

/// Formats a byte count with a binary unit (`1.5 GiB`).
pub fn format_bytes(bytes: u128) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Levenshtein distance between two strings, in characters; used for "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `name`: a case-insensitive match first, then the smallest edit distance
/// within a third of the name's length (at least 1).
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.to_lowercase() == lower {
            0
        } else {
            edit_distance(name, c)
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_caret_under_the_offending_text() {
        let e = ParseError::new(
            ParseErrorKind::UndefinedVariable("TNFA".into()),
            Span::new(3, 13, 4),
        )
        .with_source_line("IL6, NFKB & TNFA")
        .with_path("m.bnet")
        .with_hint("did you mean 'TNFa'?");
        let text = e.to_string();
        assert_eq!(
            text,
            "m.bnet: line 3, column 13: undefined variable 'TNFA'\n  |\n3 | IL6, NFKB & TNFA\n  |             ^^^^\n  = hint: did you mean 'TNFa'?"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_error() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let e = ParseError::new(ParseErrorKind::UnexpectedChar('X'), Span::new(1, 501, 1))
            .with_source_line(line);
        let text = e.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let code = lines[2];
        let caret = lines[3];
        let caret_pos = caret.find('^').unwrap();
        assert_eq!(code.chars().nth(caret_pos), Some('X'));
        assert!(code.chars().count() < 140);
    }

    #[test]
    fn closest_prefers_case_then_distance() {
        let names = ["TNFa", "IL6", "NFKB"];
        assert_eq!(closest("TNFA", names.iter().copied()), Some("TNFa"));
        assert_eq!(closest("NFKBB", names.iter().copied()), Some("NFKB"));
        assert_eq!(closest("XYZ", names.iter().copied()), None);
    }

    #[test]
    fn bytes_are_formatted_with_binary_units() {
        assert_eq!(format_bytes(512), "512 B");
        assert_eq!(format_bytes(3 * 1024 * 1024 * 1024), "3.0 GiB");
    }
}
