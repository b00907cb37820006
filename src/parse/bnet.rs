//! The `.bnet` format as BoolNet, PyBoolNet and AEON write it.
//!
//! ```text
//! targets, factors        # optional header ("targets, functions" too), any case
//! A, B & !C               # one rule per line: target, expression
//! B, B                    # an input
//! C, 0                    # a constant
//! ```
//! Operators `!` > `&` > `|`, parentheses, constants `0 1 true false True False`, names
//! `[A-Za-z_][A-Za-z0-9_]*`, `#` comments (whole-line and trailing).

use super::lines::{Line, content_lines, wrong_format};
use super::resolve::{RawModel, RawRule};
use super::syntax::{Dialect, parse_expression, tokenize};
use super::{Format, format_hint};
use crate::error::{Hint, ParseError, ParseErrorKind, Span};

/// Whether a comment-free, trimmed line is the optional header.
fn is_header(content: &str) -> bool {
    let squashed: String = content
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    squashed == "targets,factors" || squashed == "targets,functions"
}

/// Reads the rules of a bnet text (phase one: names not yet resolved).
pub(crate) fn parse(text: &str) -> Result<RawModel, ParseError> {
    let mut model = RawModel::default();
    let mut first = true;
    for line in content_lines(text, "#") {
        if first {
            first = false;
            if is_header(line.content) {
                continue;
            }
        }
        let rule = parse_rule(&line, &mut model)?;
        model.rules.push(rule);
    }
    Ok(model)
}

fn parse_rule(line: &Line<'_>, model: &mut RawModel) -> Result<RawRule, ParseError> {
    let content = line.content;
    let Some(comma) = content.find(',') else {
        if let Some(e) = wrong_format(line, Format::Bnet) {
            return Err(e);
        }
        let (kind_hint, col) = wrong_format_hint(content);
        let e = ParseError::new(
            ParseErrorKind::UnexpectedEnd {
                expected: "',' between the target and its function".into(),
            },
            Span::new(line.number, line.column_of(col.unwrap_or(content.len())), 1),
        );
        return Err(match kind_hint {
            Some(h) => e.with_hint(h),
            None => e.with_hint("a bnet rule reads 'TARGET, FUNCTION'"),
        });
    };
    let target_raw = &content[..comma];
    let target = target_raw.trim();
    let target_offset = target_raw.len() - target_raw.trim_start().len();
    let target_span = Span::new(
        line.number,
        line.column_of(target_offset),
        target.chars().count().max(1),
    );
    if target.is_empty() {
        return Err(ParseError::new(
            ParseErrorKind::UnexpectedToken {
                found: ",".into(),
                expected: "a target name before ','".into(),
            },
            Span::new(line.number, line.column_of(comma), 1),
        ));
    }
    if !Dialect::Bnet.is_valid_name(target) {
        let e = ParseError::new(ParseErrorKind::InvalidName(target.to_string()), target_span);
        let (hint, _) = wrong_format_hint(content);
        return Err(e.with_hint(hint.unwrap_or_else(|| {
            "names start with a letter or '_' and contain letters, digits and '_'".into()
        })));
    }
    let expr_text = &content[comma + 1..];
    let expr_col = line.column_of(comma + 1);
    let tokens = tokenize(expr_text, Dialect::Bnet, line.number, expr_col)?;
    let end_span = Span::new(line.number, line.column_of(content.len()), 1);
    let expr = parse_expression(
        &tokens,
        expr_text,
        end_span,
        Dialect::Bnet,
        &mut model.names,
    )?;
    let target_id = model.names.intern(target, target_span);
    Ok(RawRule {
        target: target_id,
        target_span,
        expr,
    })
}

/// A hint when a bnet line without a comma looks like another format, and the byte offset to point at.
fn wrong_format_hint(content: &str) -> (Option<Hint>, Option<usize>) {
    if let Some(star) = content.find("*")
        && content[star + 1..].trim_start().starts_with('=')
    {
        return (
            Some(format_hint(
                "this looks like BooleanNet ('A* = ...'); ",
                "booleannet",
            )),
            Some(star),
        );
    }
    if content.trim_start().starts_with('$') || content.contains("->") || content.contains("-|") {
        return (Some(format_hint("this looks like AEON; ", "aeon")), None);
    }
    if content.trim_start().starts_with('<') {
        return (
            Some(format_hint("this looks like XML (SBML-qual); ", "sbml")),
            None,
        );
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_any_case_and_comments() {
        let m = parse("Targets , Factors\n# c\nA, B # trailing\n\nB, B\r\n").unwrap();
        assert_eq!(m.rules.len(), 2);
        assert_eq!(m.names.names, vec!["B", "A"]);
    }

    #[test]
    fn booleannet_in_bnet_gets_a_hint() {
        let e = parse("A* = B and C\n").unwrap_err();
        assert_eq!(
            e.kind,
            ParseErrorKind::WrongFormat {
                detected: "BooleanNet".into()
            }
        );
        let hint = e.hint.unwrap();
        assert_eq!(
            hint.remedy,
            Some(crate::error::Remedy::SpecifyFormat {
                detected: Some("booleannet".into())
            })
        );
        assert!(hint.to_string().contains(".booleannet extension"));
    }
}
