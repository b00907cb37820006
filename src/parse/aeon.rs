//! The AEON format (`.aeon`, biodivine / AEON.py).
//!
//! ```text
//! #! annotations (ignored)       # comments
//! A -> B      # activation;  A -| B  inhibition;  A -? B  unknown sign
//! A ->? B     # a trailing '?' marks the regulation as not necessarily observable
//! $B: A & !C  # update function: ! & | ^ => <=>, true, false
//! ```
//! A variable met only in regulation lines has no function: an error unless free inputs are
//! allowed. Declared signs are checked against the functions after reading (see `check_regulations`).

use super::Format;
use super::lines::{Line, content_lines, wrong_format};
use super::resolve::{RawModel, RawRegulation, RawRule};
use super::syntax::{Dialect, parse_expression, tokenize};
use crate::error::{ParseError, ParseErrorKind, Span};

/// Reads the functions and regulations of an AEON text.
pub(crate) fn parse(text: &str) -> Result<RawModel, ParseError> {
    let mut model = RawModel::default();
    // `#!` annotations and `#` comments both start with '#'.
    for line in content_lines(text, "#") {
        let trimmed = line.content.trim_start();
        let lead = line.content.len() - trimmed.len();
        if trimmed.starts_with('$') {
            let rule = parse_function(&line, lead + 1, &mut model)?;
            model.rules.push(rule);
        } else {
            parse_regulation(&line, lead, &mut model)?;
        }
    }
    Ok(model)
}

fn parse_function(
    line: &Line<'_>,
    start: usize,
    model: &mut RawModel,
) -> Result<RawRule, ParseError> {
    let rest = &line.content[start..];
    let Some(colon) = rest.find(':') else {
        return Err(ParseError::new(
            ParseErrorKind::UnexpectedEnd {
                expected: "':' after the variable name".into(),
            },
            Span::new(line.number, line.column_of(line.content.len()), 1),
        )
        .with_hint("an AEON function reads '$A: expression'"));
    };
    let name_raw = &rest[..colon];
    let name = name_raw.trim();
    let lead = name_raw.len() - name_raw.trim_start().len();
    let span = Span::new(
        line.number,
        line.column_of(start + lead),
        name.chars().count().max(1),
    );
    if !Dialect::Aeon.is_valid_name(name) {
        return Err(ParseError::new(
            ParseErrorKind::InvalidName(name.to_string()),
            span,
        ));
    }
    let expr_text = &rest[colon + 1..];
    let tokens = tokenize(
        expr_text,
        Dialect::Aeon,
        line.number,
        line.column_of(start + colon + 1),
    )?;
    let end_span = Span::new(line.number, line.column_of(line.content.len()), 1);
    let expr = parse_expression(
        &tokens,
        expr_text,
        end_span,
        Dialect::Aeon,
        &mut model.names,
    )?;
    let target = model.names.intern(name, span);
    Ok(RawRule {
        target,
        target_span: span,
        expr,
    })
}

fn parse_regulation(line: &Line<'_>, lead: usize, model: &mut RawModel) -> Result<(), ParseError> {
    if let Some(e) = wrong_format(line, Format::Aeon) {
        return Err(e);
    }
    let content = line.content;
    let bytes = content.as_bytes();
    let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'{' || c == b'}';
    let mut i = lead;
    let name_end = |mut j: usize| {
        while j < bytes.len() && is_name(bytes[j]) {
            j += 1;
        }
        j
    };
    let skip_ws = |mut j: usize| {
        while j < bytes.len() && (bytes[j] as char).is_whitespace() {
            j += 1;
        }
        j
    };
    let expected = |j: usize, what: &str| {
        let found: String = content[j.min(content.len())..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let span = Span::new(line.number, line.column_of(j), found.chars().count().max(1));
        if found.is_empty() {
            ParseError::new(
                ParseErrorKind::UnexpectedEnd {
                    expected: what.into(),
                },
                span,
            )
        } else {
            ParseError::new(
                ParseErrorKind::UnexpectedToken {
                    found,
                    expected: what.into(),
                },
                span,
            )
        }
        .with_hint("AEON lines are '$A: function' or regulations 'A -> B', 'A -| B', 'A -? B'")
    };
    let r_end = name_end(i);
    if r_end == i {
        return Err(expected(i, "a regulation or '$' function"));
    }
    let regulator = &content[i..r_end];
    let r_span = Span::new(line.number, line.column_of(i), r_end - i);
    i = skip_ws(r_end);
    if i >= bytes.len() || bytes[i] != b'-' {
        return Err(expected(i, "'->', '-|' or '-?'"));
    }
    let sign = match bytes.get(i + 1) {
        Some(b'>') => Some(true),
        Some(b'|') => Some(false),
        Some(b'?') => None,
        _ => return Err(expected(i, "'->', '-|' or '-?'")),
    };
    i += 2;
    let observable = if bytes.get(i) == Some(&b'?') {
        i += 1;
        false
    } else {
        true
    };
    i = skip_ws(i);
    let t_end = name_end(i);
    if t_end == i {
        return Err(expected(i, "the regulated variable"));
    }
    let target = &content[i..t_end];
    let t_span = Span::new(line.number, line.column_of(i), t_end - i);
    let rest = skip_ws(t_end);
    if rest < bytes.len() {
        return Err(expected(rest, "the end of the line"));
    }
    let reg = model.names.intern(regulator, r_span);
    let tgt = model.names.intern(target, t_span);
    for id in [reg, tgt] {
        if !model.declared.contains(&id) {
            model.declared.push(id);
        }
    }
    model.regulations.push(RawRegulation {
        regulator: reg,
        target: tgt,
        sign,
        observable,
        span: r_span,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_and_regulations() {
        let m = parse("#!name: x\nA -> B\nB -| A\nC ->? B\n$A: !B\n$B: A & C\n").unwrap();
        assert_eq!(m.rules.len(), 2);
        assert_eq!(m.regulations.len(), 3);
        assert!(!m.regulations[2].observable);
        assert_eq!(m.regulations[1].sign, Some(false));
    }

    #[test]
    fn malformed_regulation_is_an_error() {
        let e = parse("A => B\n").unwrap_err();
        assert_eq!(e.span.column, 3);
    }
}
