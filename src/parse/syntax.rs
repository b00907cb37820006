//! Tokens and the expression grammar shared by the model formats: a lexer parameterised by the
//! dialect (which characters make names, how operators are spelled) and an iterative
//! shunting-yard parser that builds the name-based expression (phase one of two; names are
//! resolved to `VarId`s in `resolve`).
//!
//! Iterative on purpose: published rules nest 10 000 parentheses deep, and a recursive-descent
//! parser would overflow the stack long before the heap-allocated stacks here notice.

use super::format_hint;
use crate::error::{Hint, ParseError, ParseErrorKind, Span};
use crate::expr::{Expr, ExprBuilder, NodeId};
use crate::network::VarId;
use std::collections::HashMap;

/// The longest expression accepted, in tokens. Far beyond any published model (the largest in the
/// corpus has about 400 000); it keeps a pathological file from exhausting memory.
pub const MAX_EXPRESSION_TOKENS: usize = 50_000_000;

/// A token kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Name,
    Const(bool),
    Not,
    And,
    Or,
    Xor,
    Implies,
    Iff,
    LParen,
    RParen,
}

/// A token: its kind, its text's byte range in the line segment, and its 1-based column and
/// length in characters (the line is known to the caller). Kept small: a 10 MB rule has
/// millions of tokens.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) column: u32,
    pub(crate) len: u32,
}

impl Token {
    fn span(&self, line: usize) -> Span {
        Span::new(line, self.column as usize, self.len as usize)
    }

    fn text<'a>(&self, segment: &'a str) -> &'a str {
        &segment[self.start as usize..self.end as usize]
    }
}

/// The lexical conventions of one format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `! & |`, names `[A-Za-z_][A-Za-z0-9_]*`, constants `0 1 true false True False`.
    Bnet,
    /// `not and or`, names may contain `+` and `-`, constants `True False`.
    BooleanNet,
    /// `! & | ^ => <=>`, names `[A-Za-z0-9_{}]+`, constants `true false`.
    Aeon,
}

impl Dialect {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Dialect::Bnet => "bnet",
            Dialect::BooleanNet => "BooleanNet",
            Dialect::Aeon => "AEON",
        }
    }

    fn name_start(self, c: char) -> bool {
        match self {
            Dialect::Bnet | Dialect::BooleanNet => c.is_ascii_alphabetic() || c == '_',
            Dialect::Aeon => c.is_ascii_alphanumeric() || c == '_' || c == '{' || c == '}',
        }
    }

    fn name_continue(self, c: char) -> bool {
        match self {
            Dialect::Bnet => c.is_ascii_alphanumeric() || c == '_',
            Dialect::BooleanNet => c.is_ascii_alphanumeric() || c == '_' || c == '+' || c == '-',
            Dialect::Aeon => c.is_ascii_alphanumeric() || c == '_' || c == '{' || c == '}',
        }
    }

    /// Whether `name` is a valid variable name in this dialect.
    pub(crate) fn is_valid_name(self, name: &str) -> bool {
        let mut chars = name.chars();
        match chars.next() {
            Some(c) if self.name_start(c) => chars.all(|c| self.name_continue(c)),
            _ => false,
        }
    }
}

/// Splits one line segment into tokens. `line` is the 1-based line number and `col0` the 1-based
/// column of `text`'s first character.
pub(crate) fn tokenize(
    text: &str,
    dialect: Dialect,
    line: usize,
    col0: usize,
) -> Result<Vec<Token>, ParseError> {
    if u32::try_from(text.len()).is_err() || u32::try_from(col0 + text.len()).is_err() {
        return Err(ParseError::new(
            ParseErrorKind::TooLarge {
                what: "the length of one line in bytes".into(),
                limit: u32::MAX as usize,
            },
            Span::new(line, col0, 1),
        ));
    }
    let mut tokens = Vec::new();
    let mut pos = 0usize; // byte offset in `text`
    let mut col = col0; // column of the character at `pos`
    while let Some(c) = text[pos..].chars().next() {
        if c.is_whitespace() {
            pos += c.len_utf8();
            col += 1;
            continue;
        }
        let mut rest = text[pos + c.len_utf8()..].chars();
        let next = rest.next();
        let after_next = rest.next();
        let token = |tok: Tok, bytes: usize, chars: usize| Token {
            tok,
            start: pos as u32,
            end: (pos + bytes) as u32,
            column: col as u32,
            len: chars as u32,
        };
        let err =
            |kind: ParseErrorKind, len: usize| ParseError::new(kind, Span::new(line, col, len));
        let (t, bytes, chars) = match c {
            '(' => (Tok::LParen, 1, 1),
            ')' => (Tok::RParen, 1, 1),
            '!' if dialect != Dialect::BooleanNet => (Tok::Not, 1, 1),
            '&' | '|' if dialect != Dialect::BooleanNet => {
                if next == Some(c) {
                    return Err(err(
                        ParseErrorKind::UnexpectedToken {
                            found: format!("{c}{c}"),
                            expected: "an operator".into(),
                        },
                        2,
                    )
                    .with_hint(format!("{} uses a single '{c}'", dialect.name())));
                }
                (if c == '&' { Tok::And } else { Tok::Or }, 1, 1)
            }
            '^' if dialect == Dialect::Aeon => (Tok::Xor, 1, 1),
            '=' if dialect == Dialect::Aeon && next == Some('>') => (Tok::Implies, 2, 2),
            '<' if dialect == Dialect::Aeon && next == Some('=') && after_next == Some('>') => {
                (Tok::Iff, 3, 3)
            }
            c if dialect.name_start(c) || c.is_ascii_digit() => {
                // Digits may continue a name in every dialect; a name may not start with one
                // (except in AEON), which is reported below with the whole word underlined.
                let mut bytes = 0;
                let mut chars = 0;
                for d in text[pos..].chars() {
                    if !(dialect.name_continue(d) || d.is_ascii_alphanumeric() || d == '_') {
                        break;
                    }
                    bytes += d.len_utf8();
                    chars += 1;
                }
                let word = &text[pos..pos + bytes];
                let span = Span::new(line, col, chars);
                let tok = match (dialect, word) {
                    (Dialect::Bnet, "0" | "false" | "False") => Tok::Const(false),
                    (Dialect::Bnet, "1" | "true" | "True") => Tok::Const(true),
                    (Dialect::BooleanNet, "False" | "false") => Tok::Const(false),
                    (Dialect::BooleanNet, "True" | "true") => Tok::Const(true),
                    (Dialect::BooleanNet, "not") => Tok::Not,
                    (Dialect::BooleanNet, "and") => Tok::And,
                    (Dialect::BooleanNet, "or") => Tok::Or,
                    (Dialect::Aeon, "false") => Tok::Const(false),
                    (Dialect::Aeon, "true") => Tok::Const(true),
                    _ if dialect.is_valid_name(word) => Tok::Name,
                    _ => {
                        return Err(ParseError::new(
                            ParseErrorKind::InvalidName(word.to_string()),
                            span,
                        )
                        .with_hint(
                            "names start with a letter or '_' and contain letters, digits and '_'",
                        ));
                    }
                };
                if dialect == Dialect::Aeon
                    && tok == Tok::Name
                    && text[pos + bytes..].starts_with('(')
                {
                    return Err(ParseError::new(
                        ParseErrorKind::Unsupported(format!("uninterpreted function '{word}'")),
                        span,
                    )
                    .with_hint(
                        "basin analyses fully specified networks; give the function explicitly",
                    ));
                }
                (tok, bytes, chars)
            }
            _ => {
                let hint = match c {
                    '~' => Some(Hint::from("use '!' for negation")),
                    '!' => Some(Hint::from("BooleanNet uses 'not' for negation")),
                    '&' | '|' => Some(Hint::from("BooleanNet uses 'and' and 'or'")),
                    '*' | '=' if dialect == Dialect::Bnet => Some(format_hint(
                        "this looks like BooleanNet ('A* = ...'); ",
                        "booleannet",
                    )),
                    '-' | '+' if dialect == Dialect::Bnet => Some(Hint::from(
                        "bnet names may contain only letters, digits and '_'",
                    )),
                    _ => None,
                };
                let e = err(ParseErrorKind::UnexpectedChar(c), 1);
                return Err(match hint {
                    Some(h) => e.with_hint(h),
                    None => e,
                });
            }
        };
        if tokens.len() >= MAX_EXPRESSION_TOKENS {
            return Err(err(
                ParseErrorKind::TooLarge {
                    what: "the number of tokens in one rule".into(),
                    limit: MAX_EXPRESSION_TOKENS,
                },
                1,
            ));
        }
        tokens.push(token(t, bytes, chars));
        pos += bytes;
        col += chars;
    }
    Ok(tokens)
}

/// Interned names of one file: index = the temporary id used in phase one; first use kept for errors.
#[derive(Debug, Default)]
pub(crate) struct NameTable {
    pub(crate) names: Vec<String>,
    pub(crate) first_use: Vec<Span>,
    index: HashMap<String, u32>,
}

impl NameTable {
    pub(crate) fn intern(&mut self, name: &str, span: Span) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.first_use.push(span);
        self.index.insert(name.to_string(), i);
        i
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Not,
    Bin(Tok),
    LParen(Span),
}

fn binary_precedence(tok: Tok) -> u8 {
    match tok {
        Tok::Iff => 1,
        Tok::Implies => 2,
        Tok::Or => 3,
        Tok::Xor => 4,
        Tok::And => 5,
        _ => unreachable!("not a binary operator"),
    }
}

/// Parses `tokens` (all from one line, `line_text`) into an expression whose variables are
/// indices into `names` (phase one). Precedence: `!` > `&` > `^` > `|` > `=>` > `<=>`.
pub(crate) fn parse_expression(
    tokens: &[Token],
    line_text: &str,
    end_span: Span,
    dialect: Dialect,
    names: &mut NameTable,
) -> Result<Expr, ParseError> {
    let mut b = ExprBuilder::new();
    let mut operands: Vec<NodeId> = Vec::new();
    let mut ops: Vec<Op> = Vec::new();
    let mut expect_operand = true;
    let mut last_op_text: Option<&str> = None;

    fn apply(b: &mut ExprBuilder, operands: &mut Vec<NodeId>, op: Op) {
        match op {
            Op::Not => {
                let a = operands.pop().expect("operand for not");
                operands.push(b.not(a));
            }
            Op::Bin(t) => {
                let y = operands.pop().expect("right operand");
                let x = operands.pop().expect("left operand");
                let r = match t {
                    Tok::And => b.and(x, y),
                    Tok::Or => b.or(x, y),
                    Tok::Xor => b.xor(x, y),
                    Tok::Implies => b.implies(x, y),
                    Tok::Iff => b.iff(x, y),
                    _ => unreachable!(),
                };
                operands.push(r);
            }
            Op::LParen(_) => unreachable!(),
        }
    }

    let syntax_hint = |found: &str| -> Option<Hint> {
        match (dialect, found) {
            (Dialect::Bnet, "and" | "or" | "not" | "AND" | "OR" | "NOT") => Some(format_hint(
                "bnet writes '&', '|' and '!'; for BooleanNet files ",
                "booleannet",
            )),
            (_, "xor" | "XOR") => Some(Hint::from(format!(
                "{} has no xor; write (A & !B) | (!A & B)",
                dialect.name()
            ))),
            _ => None,
        }
    };

    for t in tokens {
        let text = t.text(line_text);
        let line = end_span.line;
        if expect_operand {
            match t.tok {
                Tok::Name => {
                    let id = names.intern(text, t.span(line));
                    operands.push(b.var(VarId::new(id as usize)));
                    expect_operand = false;
                }
                Tok::Const(c) => {
                    operands.push(b.constant(c));
                    expect_operand = false;
                }
                Tok::Not => ops.push(Op::Not),
                Tok::LParen => ops.push(Op::LParen(t.span(line))),
                _ => {
                    let expected = match &last_op_text {
                        Some(op) => format!("an expression after '{op}'"),
                        None => "an expression".to_string(),
                    };
                    return Err(ParseError::new(
                        ParseErrorKind::UnexpectedToken {
                            found: text.to_string(),
                            expected,
                        },
                        t.span(line),
                    ));
                }
            }
        } else {
            match t.tok {
                Tok::And | Tok::Or | Tok::Xor | Tok::Implies | Tok::Iff => {
                    let p = binary_precedence(t.tok);
                    while let Some(&top) = ops.last() {
                        let pops = match top {
                            Op::Not => true,
                            // Left-associative except implication, which groups to the right.
                            Op::Bin(o) => {
                                let q = binary_precedence(o);
                                q > p || (q == p && t.tok != Tok::Implies)
                            }
                            Op::LParen(_) => false,
                        };
                        if !pops {
                            break;
                        }
                        ops.pop();
                        apply(&mut b, &mut operands, top);
                    }
                    ops.push(Op::Bin(t.tok));
                    last_op_text = Some(text);
                    expect_operand = true;
                }
                Tok::RParen => loop {
                    match ops.pop() {
                        Some(Op::LParen(_)) => break,
                        Some(op) => apply(&mut b, &mut operands, op),
                        None => {
                            return Err(ParseError::new(
                                ParseErrorKind::UnmatchedCloseParen,
                                t.span(line),
                            )
                            .with_hint("remove it, or add the '(' that opens the group"));
                        }
                    }
                },
                _ => {
                    let hint = syntax_hint(text);
                    let e = ParseError::new(
                        ParseErrorKind::UnexpectedToken {
                            found: text.to_string(),
                            expected: "an operator or ')'".into(),
                        },
                        t.span(line),
                    );
                    return Err(match hint {
                        Some(h) => e.with_hint(h),
                        None => e,
                    });
                }
            }
        }
    }
    if expect_operand {
        let expected = match &last_op_text {
            Some(op) => format!("an expression after '{op}'"),
            None => "an expression".to_string(),
        };
        return Err(ParseError::new(
            ParseErrorKind::UnexpectedEnd { expected },
            end_span,
        ));
    }
    while let Some(op) = ops.pop() {
        if let Op::LParen(span) = op {
            return Err(ParseError::new(ParseErrorKind::UnclosedParen, span)
                .with_hint("a rule ends at the end of its line; close the group with ')'"));
        }
        apply(&mut b, &mut operands, op);
    }
    let root = operands.pop().expect("one operand left");
    debug_assert!(operands.is_empty());
    Ok(b.finish(root))
}

/// Reads a bare expression (no target, no model around it) written on one line in `dialect`:
/// the expression over the names it mentions, numbered by first use in the returned table
/// (their spans are 1-based columns of `text`, on line 1).
pub(crate) fn parse_bare_expression(
    text: &str,
    dialect: Dialect,
) -> Result<(Expr, NameTable), ParseError> {
    let tokens = tokenize(text, dialect, 1, 1)?;
    let mut names = NameTable::default();
    let end = Span::new(1, text.chars().count() + 1, 1);
    let e = parse_expression(&tokens, text, end, dialect, &mut names)?;
    Ok((e, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, dialect: Dialect) -> Result<(Expr, NameTable), ParseError> {
        parse_bare_expression(text, dialect)
    }

    fn render(text: &str, dialect: Dialect) -> String {
        let (e, names) = parse(text, dialect).unwrap();
        e.to_bnet(|v| names.names[v.index()].clone())
    }

    #[test]
    fn precedence_is_not_and_or() {
        assert_eq!(render("a | b & !c", Dialect::Bnet), "a | b & !c");
        assert_eq!(render("(a | b) & !c", Dialect::Bnet), "(a | b) & !c");
        assert_eq!(render("!(a & b)", Dialect::Bnet), "!(a & b)");
        assert_eq!(
            render("a or b and not c", Dialect::BooleanNet),
            "a | b & !c"
        );
    }

    #[test]
    fn errors_point_at_the_token() {
        let e = parse("a & (b | c", Dialect::Bnet).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::UnclosedParen);
        assert_eq!(e.span.column, 5);
        let e = parse("a & b)", Dialect::Bnet).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::UnmatchedCloseParen);
        assert_eq!(e.span.column, 6);
        let e = parse("a &", Dialect::Bnet).unwrap_err();
        assert!(matches!(e.kind, ParseErrorKind::UnexpectedEnd { .. }));
        let e = parse("a && b", Dialect::Bnet).unwrap_err();
        assert_eq!(e.span.column, 3);
        assert!(e.hint.is_some());
        let e = parse("a xor b", Dialect::Bnet).unwrap_err();
        assert!(e.hint.unwrap().to_string().contains("xor"));
        let e = parse("2a & b", Dialect::Bnet).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::InvalidName("2a".into()));
    }

    #[test]
    fn booleannet_names_keep_plus_and_minus() {
        let (_, names) = parse("IL-6 and not Ca2+", Dialect::BooleanNet).unwrap();
        assert_eq!(names.names, vec!["IL-6", "Ca2+"]);
    }

    #[test]
    fn aeon_operators_desugar() {
        let (e, _) = parse("a ^ b", Dialect::Aeon).unwrap();
        for s in 0..4u64 {
            assert_eq!(e.eval_bits(s), (s & 1) ^ (s >> 1) == 1);
        }
        let (e, _) = parse("a => b", Dialect::Aeon).unwrap();
        assert!(!e.eval_bits(0b01));
        assert!(e.eval_bits(0b00));
        let (e, _) = parse("a <=> b", Dialect::Aeon).unwrap();
        assert!(e.eval_bits(0b11) && e.eval_bits(0b00) && !e.eval_bits(0b10));
        assert!(parse("f(a, b)", Dialect::Aeon).is_err());
    }

    #[test]
    fn very_deep_nesting_parses() {
        let depth = 100_000;
        let text = format!("{}a{}", "(".repeat(depth), ")".repeat(depth));
        let (e, _) = parse(&text, Dialect::Bnet).unwrap();
        assert_eq!(e.num_nodes(), 1);
    }
}
