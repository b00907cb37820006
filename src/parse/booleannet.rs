//! The BooleanNet format (Albert et al.'s `booleannet` package).
//!
//! ```text
//! # comment
//! A = True            # initial values: True, False or Random; several names may share one line
//! B = C = Random
//! A* = B and not C    # update rules
//! 1: C* = A or B      # an optional rank prefix (priority class) is read and reported, not used
//! ```
//! Operators `not` > `and` > `or`, parentheses, constants `True False`. Names may contain `+` and
//! `-` (`IL-6`, `Ca2+`); they are kept as written.

use super::InitialValue;
use super::Warning;
use super::lines::{Line, content_lines, wrong_format};
use super::resolve::{RawModel, RawRule};
use super::syntax::{Dialect, parse_expression, tokenize};
use super::{Format, format_hint};
use crate::error::{Hint, ParseError, ParseErrorKind, Span};

/// Reads the rules and initial values of a BooleanNet text.
pub(crate) fn parse(text: &str) -> Result<RawModel, ParseError> {
    let mut model = RawModel::default();
    let mut ranked = 0usize;
    for line in content_lines(text, "#") {
        let (rest_offset, had_rank) = strip_rank(line.content);
        ranked += usize::from(had_rank);
        let rest = &line.content[rest_offset..];
        let Some(eq) = rest.find('=') else {
            if let Some(e) = wrong_format(&line, Format::BooleanNet) {
                return Err(e);
            }
            let col = line.column_of(line.content.len());
            let e = ParseError::new(
                ParseErrorKind::UnexpectedEnd {
                    expected: "'=' (a rule reads 'A* = ...')".into(),
                },
                Span::new(line.number, col, 1),
            );
            let hint = if rest.contains(',') {
                format_hint("this looks like bnet ('A, ...'); ", "bnet")
            } else {
                Hint::from("a BooleanNet rule reads 'A* = B and not C'")
            };
            return Err(e.with_hint(hint));
        };
        let lhs = &rest[..eq];
        if lhs.trim_end().ends_with('*') {
            let rule = parse_rule(&line, rest_offset, eq, &mut model)?;
            model.rules.push(rule);
        } else {
            parse_initial_values(&line, rest_offset, &mut model)?;
        }
    }
    if ranked > 0 {
        model.warnings.push(Warning {
            span: None,
            message: format!(
                "{ranked} rule(s) carry a rank prefix; ranks (priority classes) are ignored"
            ),
        });
    }
    Ok(model)
}

/// Skips a `N:` rank prefix; returns the byte offset after it and whether there was one.
fn strip_rank(content: &str) -> (usize, bool) {
    let trimmed = content.trim_start();
    let lead = content.len() - trimmed.len();
    let digits = trimmed.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && trimmed[digits..].trim_start().starts_with(':') {
        let after_digits = &trimmed[digits..];
        let colon = after_digits.find(':').expect("checked");
        (lead + digits + colon + 1, true)
    } else {
        (0, false)
    }
}

fn parse_rule(
    line: &Line<'_>,
    offset: usize,
    eq: usize,
    model: &mut RawModel,
) -> Result<RawRule, ParseError> {
    let rest = &line.content[offset..];
    let lhs = rest[..eq].trim_end();
    let star = lhs.len() - 1;
    let target_raw = &lhs[..star];
    let target = target_raw.trim();
    let lead = target_raw.len() - target_raw.trim_start().len();
    let target_span = Span::new(
        line.number,
        line.column_of(offset + lead),
        target.chars().count().max(1),
    );
    if !Dialect::BooleanNet.is_valid_name(target) {
        return Err(ParseError::new(ParseErrorKind::InvalidName(target.to_string()), target_span).with_hint(
            "names start with a letter or '_' and contain letters, digits, '_', '+' and '-'",
        ));
    }
    let expr_text = &rest[eq + 1..];
    let expr_col = line.column_of(offset + eq + 1);
    let tokens = tokenize(expr_text, Dialect::BooleanNet, line.number, expr_col)?;
    let end_span = Span::new(line.number, line.column_of(line.content.len()), 1);
    let expr = parse_expression(
        &tokens,
        expr_text,
        end_span,
        Dialect::BooleanNet,
        &mut model.names,
    )?;
    let target_id = model.names.intern(target, target_span);
    Ok(RawRule {
        target: target_id,
        target_span,
        expr,
    })
}

fn parse_initial_values(
    line: &Line<'_>,
    offset: usize,
    model: &mut RawModel,
) -> Result<(), ParseError> {
    let rest = &line.content[offset..];
    let parts: Vec<&str> = rest.split('=').collect();
    let value_text = parts.last().expect("split yields one part").trim();
    let value_offset = offset + rest.rfind('=').expect("has '='") + 1;
    let value_span = Span::new(
        line.number,
        line.column_of(value_offset) + 1,
        value_text.chars().count().max(1),
    );
    let value = match value_text {
        "True" | "true" | "1" => InitialValue::On,
        "False" | "false" | "0" => InitialValue::Off,
        "Random" | "random" => InitialValue::Random,
        _ => {
            return Err(ParseError::new(
                ParseErrorKind::UnexpectedToken {
                    found: value_text.to_string(),
                    expected: "True, False or Random".into(),
                },
                value_span,
            )
            .with_hint("an update rule needs '*' after the target: 'A* = ...'"));
        }
    };
    let mut pos = offset;
    for part in &parts[..parts.len() - 1] {
        let name = part.trim();
        let lead = part.len() - part.trim_start().len();
        let span = Span::new(
            line.number,
            line.column_of(pos + lead),
            name.chars().count().max(1),
        );
        if !Dialect::BooleanNet.is_valid_name(name) {
            return Err(ParseError::new(
                ParseErrorKind::InvalidName(name.to_string()),
                span,
            ));
        }
        let id = model.names.intern(name, span);
        model.initial_values.push((id, value, span));
        pos += part.len() + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_initial_values_and_ranks() {
        let m = parse("A = B = Random\nC = True\nA* = B and not C\n1: B* = A\nC* = C\n").unwrap();
        assert_eq!(m.rules.len(), 3);
        assert_eq!(m.initial_values.len(), 3);
        assert_eq!(m.warnings.len(), 1);
    }

    #[test]
    fn bad_initial_value_is_an_error() {
        let e = parse("A = Maybe\n").unwrap_err();
        assert!(matches!(e.kind, ParseErrorKind::UnexpectedToken { .. }));
    }
}
