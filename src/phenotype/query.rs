//! [`LabelQuery`]: which labels a `--rank-by`, `--shift`, plot or expectation selects.

use std::fmt;

/// Selects labels. A query is a comma-separated list of patterns (`M2,MIXED+any`); a label is
/// selected when any pattern matches it. Each pattern says explicitly how it matches:
///
/// | pattern | matches | example |
/// |---|---|---|
/// | `M2` | exactly that label | `M2`, not `M2+FIB` |
/// | `M2+any` | that label with any flags, or none | `M2`, `M2+FIB`, `M2+FIB+X` |
/// | `M*+FIB` | the whole label, `*` standing for any text | `M2+FIB`, `MIXED+FIB` |
/// | `part:FIB` | labels with that part (the pieces between `/` and `+`; `*` allowed) | `M2+FIB`, `Apoptosis/M1+FIB` |
///
/// The same queries select labels in `--rank-by`, `--shift`, plots and expectations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelQuery {
    patterns: Vec<LabelPattern>,
}

/// One pattern of a [`LabelQuery`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelPattern {
    /// The whole label matches the glob (`*` any text; without `*`, equality).
    Whole(String),
    /// The label without its `+FLAG` suffixes equals the text.
    WithAnyFlags(String),
    /// One part of the label (between `/` and `+`, or inside an oscillating label's
    /// `OSC(L1|L2)` between `(`, `|` and `)`) matches the glob.
    Part(String),
}

impl LabelPattern {
    /// Reads one pattern: `part:X`, `X+any`, or a whole-label glob.
    pub fn parse(text: &str) -> LabelPattern {
        let text = text.trim();
        if let Some(part) = text.strip_prefix("part:") {
            LabelPattern::Part(part.trim().to_string())
        } else if let Some(base) = text.strip_suffix("+any") {
            LabelPattern::WithAnyFlags(base.to_string())
        } else {
            LabelPattern::Whole(text.to_string())
        }
    }

    /// Whether `label` matches.
    pub fn matches(&self, label: &str) -> bool {
        match self {
            LabelPattern::Whole(glob) => glob_matches(glob, label),
            LabelPattern::WithAnyFlags(base) => label.split('+').next() == Some(base.as_str()),
            LabelPattern::Part(glob) => label
                .split(['/', '+', '(', ')', '|'])
                .filter(|p| !p.is_empty() && *p != "OSC")
                .any(|p| glob_matches(glob, p)),
        }
    }
}

impl fmt::Display for LabelPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelPattern::Whole(g) => f.write_str(g),
            LabelPattern::WithAnyFlags(b) => write!(f, "{b}+any"),
            LabelPattern::Part(g) => write!(f, "part:{g}"),
        }
    }
}

impl LabelQuery {
    /// A query for any of `patterns`.
    pub fn new(patterns: impl IntoIterator<Item = LabelPattern>) -> LabelQuery {
        LabelQuery {
            patterns: patterns.into_iter().collect(),
        }
    }

    /// A query from a comma-separated list (`"M2,MIXED+any"`); blanks around patterns are
    /// ignored.
    pub fn parse(text: &str) -> LabelQuery {
        LabelQuery::new(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(LabelPattern::parse),
        )
    }

    /// The patterns, in the order given.
    pub fn patterns(&self) -> &[LabelPattern] {
        &self.patterns
    }

    /// Whether `label` is selected.
    pub fn matches(&self, label: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(label))
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any text (possibly empty); without
/// `*`, whether they are equal.
fn glob_matches(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl fmt::Display for LabelQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.patterns.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_queries_say_how_they_match() {
        let exact = LabelQuery::parse("M2, MIXED");
        assert!(exact.matches("M2") && exact.matches("MIXED"));
        assert!(!exact.matches("M2+FIB") && !exact.matches("M1") && !exact.matches("M20"));
        let flags = LabelQuery::parse("M2+any");
        assert!(flags.matches("M2") && flags.matches("M2+FIB") && flags.matches("M2+FIB+X"));
        assert!(!flags.matches("M20+FIB") && !flags.matches("Apoptosis/M2"));
        let part = LabelQuery::parse("part:FIB");
        assert!(part.matches("M2+FIB") && part.matches("Apoptosis/M1+FIB") && !part.matches("M2"));
        assert!(LabelQuery::parse("M2+FIB").matches("M2+FIB"));
        assert_eq!(
            LabelQuery::parse("M2+any, part:FIB,M*").to_string(),
            "M2+any,part:FIB,M*"
        );
        assert!(
            LabelQuery::parse("M2*").matches("M2+FIB") && LabelQuery::parse("M2*").matches("M2")
        );
        assert!(!LabelQuery::parse("M1*").matches("MIXED"));
        assert!(LabelQuery::parse("*FIB").matches("MIXED+FIB"));
        let g = LabelQuery::parse("M*+FIB");
        assert!(g.matches("M2+FIB") && g.matches("MIXED+FIB") && !g.matches("M2"));
        assert!(LabelQuery::parse("*").matches("") && LabelQuery::parse("a*a").matches("aa"));
        assert!(!LabelQuery::parse("a*a").matches("a"));
    }
}
