//! Reading models: `.bnet`, BooleanNet and AEON text into one `Network`, in two phases (names,
//! then resolution to `VarId`s), with errors that carry line, column, the offending line and a hint.
//!
//! Entry points: [`parse_str`] for text in memory and [`read_model`] for a file (format chosen by
//! extension unless given).

mod aeon;
mod bnet;
mod booleannet;
mod lines;
mod resolve;
pub(crate) mod syntax;

pub use syntax::MAX_EXPRESSION_TOKENS;

use crate::analysis::{
    BddTooLarge, DEFAULT_BDD_NODE_LIMIT, Sign, regulation_signs_with_limit, try_bdd_variables,
};
use crate::error::{Error, Hint, NameKind, ParseError, ParseErrorKind, Remedy, Span};
use crate::network::{Network, VarId};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A model file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// BoolNet / PyBoolNet `.bnet`.
    Bnet,
    /// BooleanNet (`A* = B and not C`).
    BooleanNet,
    /// AEON (`$A: B & !C` with regulation lines).
    Aeon,
    /// SBML Level 3 with the qual package (`.sbml`, `.xml`), read by [`crate::sbml`].
    Sbml,
}

impl Format {
    /// Every format, for listings.
    pub const ALL: [Format; 4] = [Format::Bnet, Format::BooleanNet, Format::Aeon, Format::Sbml];

    /// The format a file extension stands for (`bnet`, `booleannet`, `aeon`).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "bnet" => Some(Format::Bnet),
            "booleannet" | "boolnet" | "txt" => Some(Format::BooleanNet),
            "aeon" => Some(Format::Aeon),
            "sbml" | "xml" => Some(Format::Sbml),
            _ => None,
        }
    }

    /// The conventional file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Bnet => "bnet",
            Format::BooleanNet => "booleannet",
            Format::Aeon => "aeon",
            Format::Sbml => "sbml",
        }
    }
}

/// A hint that ends by naming the format to read the file as: `before` + that remedy.
pub(crate) fn format_hint(before: &str, format: &str) -> Hint {
    Hint::with_remedy(
        before,
        Remedy::SpecifyFormat {
            detected: Some(format.to_string()),
        },
        "",
    )
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Bnet => "bnet",
            Format::BooleanNet => "booleannet",
            Format::Aeon => "aeon",
            Format::Sbml => "sbml",
        })
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "bnet" => Ok(Format::Bnet),
            "booleannet" => Ok(Format::BooleanNet),
            "aeon" => Ok(Format::Aeon),
            "sbml" => Ok(Format::Sbml),
            other => Err(format!(
                "unknown model format '{other}' (expected bnet, booleannet, aeon or sbml)"
            )),
        }
    }
}

/// How to read a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// The format of the text.
    pub format: Format,
    /// Names used but never defined become inputs (`X, X`) instead of an error.
    pub free_inputs: bool,
}

impl ParseOptions {
    /// Options for `format`, free inputs off.
    pub fn new(format: Format) -> ParseOptions {
        ParseOptions {
            format,
            free_inputs: false,
        }
    }

    /// Sets whether undefined names become inputs.
    pub fn free_inputs(mut self, yes: bool) -> ParseOptions {
        self.free_inputs = yes;
        self
    }
}

/// A BooleanNet initial value (`A = True | False | Random`). Read and reported; the analyses
/// explore every initial state, so these do not change any result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitialValue {
    /// `True`.
    On,
    /// `False`.
    Off,
    /// `Random`.
    Random,
}

/// A regulation declared in an AEON file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeclaredRegulation {
    /// The regulator.
    pub regulator: VarId,
    /// The regulated variable.
    pub target: VarId,
    /// `Some(true)` activation (`->`), `Some(false)` inhibition (`-|`), `None` unknown (`-?`).
    pub sign: Option<bool>,
    /// `false` when marked not necessarily observable (a trailing `?`).
    pub observable: bool,
    /// The line of the declaration.
    pub line: usize,
}

/// A problem worth reporting that does not stop reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where, if it concerns one place.
    pub span: Option<Span>,
    /// What.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            Some(s) if s.line > 0 => {
                write!(f, "line {}, column {}: {}", s.line, s.column, self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

/// A model as read from a file: the network plus what the file said besides it.
#[derive(Clone, Debug)]
pub struct Model {
    /// The network.
    pub network: Network,
    /// The format it was read from.
    pub format: Format,
    /// Variables that were undefined names made inputs by the free-inputs option.
    pub free_inputs: Vec<VarId>,
    /// BooleanNet initial values.
    pub initial_values: Vec<(VarId, InitialValue)>,
    /// AEON declared regulations.
    pub regulations: Vec<DeclaredRegulation>,
    /// Display labels the file gives besides the variable names (SBML `name`), where they differ.
    pub labels: Vec<(VarId, String)>,
    /// Warnings met while reading (free inputs made, ranks ignored, declared signs that disagree
    /// with the functions, ...).
    pub warnings: Vec<Warning>,
}

/// Reads a model from text.
///
/// # Errors
/// A [`ParseError`] with line, column, the offending line and, where possible, a hint.
///
/// # Examples
/// ```
/// use basin::parse::{parse_str, Format, ParseOptions};
/// let model = parse_str("targets, factors\nA, !B\nB, A\n", &ParseOptions::new(Format::Bnet))?;
/// assert_eq!(model.network.num_vars(), 2);
/// # Ok::<(), basin::ParseError>(())
/// ```
pub fn parse_str(text: &str, options: &ParseOptions) -> Result<Model, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parse_inner(text, options).map_err(|e| e.attach_source(text))
}

fn parse_inner(text: &str, options: &ParseOptions) -> Result<Model, ParseError> {
    if text.contains('\0') {
        return Err(ParseError::whole_file(ParseErrorKind::WrongFormat {
            detected: "binary".into(),
        })
        .with_hint("model files are text: bnet, BooleanNet, AEON or SBML"));
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if options.format != Format::Sbml && (first.starts_with("<?xml") || first.starts_with("<sbml"))
    {
        return Err(ParseError::whole_file(ParseErrorKind::WrongFormat {
            detected: "SBML (XML)".into(),
        })
        .with_hint(Hint::with_remedy(
            "read it as SBML-qual: name the file .sbml or ",
            Remedy::SpecifyFormat {
                detected: Some("sbml".into()),
            },
            "",
        )));
    }
    let raw = match options.format {
        Format::Bnet => bnet::parse(text)?,
        Format::BooleanNet => booleannet::parse(text)?,
        Format::Aeon => aeon::parse(text)?,
        Format::Sbml => return crate::sbml::parse(text, options),
    };
    let mut model = resolve::resolve(raw, options)?;
    if options.format == Format::Aeon {
        check_declared_signs(&mut model);
    }
    Ok(model)
}

/// Reads a bnet-syntax expression (`NOS2 & !ARG1`) over the variables of `network`.
///
/// # Errors
/// [`Error::Invalid`] naming the position and the problem; an unknown name gets a
/// "did you mean" hint.
pub fn parse_expression(network: &Network, text: &str) -> Result<crate::expr::Expr, Error> {
    let (expr, names) =
        syntax::parse_bare_expression(text, syntax::Dialect::Bnet).map_err(|e| {
            Error::Invalid(format!(
                "expression '{text}', column {}: {}",
                e.span.column, e.kind
            ))
        })?;
    let map = names
        .names
        .iter()
        .map(|name| {
            network.find(name).ok_or_else(|| {
                Error::unknown_name(
                    NameKind::Node,
                    name,
                    network.names().iter().map(String::as_str),
                )
                .in_context(format!("expression '{text}'"))
            })
        })
        .collect::<Result<Vec<VarId>, Error>>()?;
    Ok(expr.map_vars(|v| map[v.index()]))
}

/// Reads a model file; the format is `format` or, if `None`, chosen by the file's extension.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Parse`] when its content is invalid
/// (including non-UTF-8 bytes), [`Error::Invalid`] when the format cannot be told.
pub fn read_model(path: &Path, format: Option<Format>, free_inputs: bool) -> Result<Model, Error> {
    let format = match format.or_else(|| Format::from_extension(path)) {
        Some(f) => f,
        None => {
            return Err(Error::UnknownFormat {
                path: path.to_path_buf(),
            });
        }
    };
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).expect("valid prefix");
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            if bytes.contains(&0) {
                return Err(ParseError::whole_file(ParseErrorKind::WrongFormat {
                    detected: "binary".into(),
                })
                .with_path(path)
                .with_hint("model files are text: bnet, BooleanNet or AEON")
                .into());
            }
            let kind = ParseErrorKind::InvalidUtf8;
            // The offending line, invalid bytes shown as U+FFFD.
            let start = valid.rfind('\n').map_or(0, |i| i + 1);
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| start + i);
            let source = String::from_utf8_lossy(&bytes[start..end]);
            return Err(ParseError::new(kind, Span::new(line, column, 1))
                .with_source_line(source.trim_end_matches('\r'))
                .with_path(path)
                .with_hint("model files must be UTF-8 text")
                .into());
        }
    };
    parse_str(
        text,
        &ParseOptions {
            format,
            free_inputs,
        },
    )
    .map_err(|e| e.with_path(path).into())
}

/// Compares AEON's declared regulations with the functions and warns where they disagree.
/// Functions whose BDD exceeds [`DEFAULT_BDD_NODE_LIMIT`] nodes are not checked, with a warning.
fn check_declared_signs(model: &mut Model) {
    let net = &model.network;
    let mut warnings = Vec::new();
    let mut declared_pairs = std::collections::HashSet::new();
    let Some(vars) = try_bdd_variables(net.num_vars()) else {
        model.warnings.push(Warning {
            span: None,
            message: "declared regulations not checked: more than 65535 variables".into(),
        });
        return;
    };
    let mut signs: std::collections::HashMap<VarId, Result<Vec<(VarId, Sign)>, BddTooLarge>> =
        std::collections::HashMap::new();
    for reg in &model.regulations {
        declared_pairs.insert((reg.regulator, reg.target));
        let target_signs = signs.entry(reg.target).or_insert_with(|| {
            regulation_signs_with_limit(net, &vars, reg.target, DEFAULT_BDD_NODE_LIMIT)
        });
        let (r, t) = (net.name(reg.regulator), net.name(reg.target));
        let actual = match target_signs {
            Ok(list) => list
                .iter()
                .find(|(x, _)| *x == reg.regulator)
                .map_or(Sign::NonEssential, |&(_, s)| s),
            Err(_) => continue,
        };
        let disagree = match (reg.sign, actual) {
            (_, Sign::NonEssential) => reg.observable,
            (Some(true), Sign::Inhibiting | Sign::Dual)
            | (Some(false), Sign::Activating | Sign::Dual) => true,
            _ => false,
        };
        if disagree {
            let declared = match reg.sign {
                Some(true) => "activating (->)",
                Some(false) => "inhibiting (-|)",
                None => "observable (-?)",
            };
            warnings.push(Warning {
                span: Some(Span::new(reg.line, 1, 1)),
                message: format!("regulation {r} -> {t} is declared {declared} but the function makes it {actual}"),
            });
        }
    }
    let mut too_large: Vec<(VarId, BddTooLarge)> = signs
        .into_iter()
        .filter_map(|(t, r)| r.err().map(|e| (t, e)))
        .collect();
    too_large.sort_by_key(|&(t, _)| t);
    for (t, e) in too_large {
        warnings.push(Warning {
            span: None,
            message: format!("declared regulations of {} not checked: {e}", net.name(t)),
        });
    }
    for t in net.vars() {
        if model.free_inputs.contains(&t) {
            continue;
        }
        for r in net.regulators(t) {
            if !(declared_pairs.contains(&(r, t)) || r == t && net.is_input(t)) {
                warnings.push(Warning {
                    span: None,
                    message: format!(
                        "the function of {} reads {} but no regulation {} -> {} is declared",
                        net.name(t),
                        net.name(r),
                        net.name(r),
                        net.name(t)
                    ),
                });
            }
        }
    }
    model.warnings.extend(warnings);
}

/// Whether `name` can be written as a variable name in `format`.
pub(crate) fn syntax_is_valid_name(format: Format, name: &str) -> bool {
    let dialect = match format {
        Format::Bnet => syntax::Dialect::Bnet,
        Format::BooleanNet => syntax::Dialect::BooleanNet,
        Format::Aeon => syntax::Dialect::Aeon,
        // SBML ids (SIds) follow the bnet rule `[A-Za-z_][A-Za-z0-9_]*`.
        Format::Sbml => syntax::Dialect::Bnet,
    };
    dialect.is_valid_name(name)
        && !matches!(
            name,
            "true" | "false" | "True" | "False" | "and" | "or" | "not" | "0" | "1"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bnet(text: &str) -> Result<Model, ParseError> {
        parse_str(text, &ParseOptions::new(Format::Bnet))
    }

    #[test]
    fn undefined_names_get_a_hint() {
        let e = bnet("TNFa, TNFa\nIL6, NFKB & TNFA\nNFKB, TNFa\n").unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::UndefinedVariable("TNFA".into()));
        assert_eq!((e.span.line, e.span.column), (2, 13));
        assert!(
            e.hint
                .as_ref()
                .unwrap()
                .to_string()
                .contains("did you mean 'TNFa'")
        );
        assert_eq!(e.source_line.as_deref(), Some("IL6, NFKB & TNFA"));
        // The library words the way out neutrally; a front end words it as its own option.
        assert_eq!(
            e.hint.as_ref().unwrap().remedy,
            Some(Remedy::AllowFreeInputs)
        );
        assert!(!e.to_string().contains("--"), "{e}");
        let flags = e.render(&|r| match r {
            Remedy::AllowFreeInputs => "pass free_inputs=True".to_string(),
            other => other.to_string(),
        });
        assert!(
            flags.ends_with("(or pass free_inputs=True to make 'TNFA' an input)"),
            "{flags}"
        );
    }

    #[test]
    fn bare_expressions_are_read_over_the_network() {
        let net = bnet("TNFa, TNFa\nIL6, !TNFa\n").unwrap().network;
        let e = parse_expression(&net, "IL6 & !TNFa").unwrap();
        assert_eq!(e.to_bnet(|v| net.name(v).to_string()), "IL6 & !TNFa");
        let unknown = parse_expression(&net, "IL6 | TNFA").unwrap_err();
        assert!(
            matches!(&unknown, Error::UnknownName { name, suggestion: Some(s), .. }
                if name == "TNFA" && s == "TNFa"),
            "{unknown:?}"
        );
        let syntax = parse_expression(&net, "IL6 & (TNFa")
            .unwrap_err()
            .to_string();
        assert!(
            syntax.starts_with("expression 'IL6 & (TNFa', column 7:"),
            "{syntax}"
        );
    }

    #[test]
    fn an_unknown_extension_names_the_format_remedy() {
        let e = read_model(Path::new("model.unknown"), None, false).unwrap_err();
        assert!(matches!(e, Error::UnknownFormat { .. }));
        assert_eq!(e.remedies(), [Remedy::SpecifyFormat { detected: None }]);
    }

    #[test]
    fn free_inputs_are_appended_and_reported() {
        let m = parse_str(
            "A, B & C\n",
            &ParseOptions::new(Format::Bnet).free_inputs(true),
        )
        .unwrap();
        assert_eq!(m.network.names(), ["A", "B", "C"]);
        assert!(m.network.is_input(VarId::new(1)));
        assert_eq!(m.free_inputs.len(), 2);
        assert!(m.warnings[0].message.contains("B, C"));
    }

    #[test]
    fn duplicate_targets_name_both_lines() {
        let e = bnet("A, B\nB, A\nA, !B\n").unwrap_err();
        assert_eq!(
            e.kind,
            ParseErrorKind::DuplicateTarget {
                name: "A".into(),
                first_line: 1
            }
        );
        assert_eq!(e.span.line, 3);
    }

    #[test]
    fn empty_and_comment_only_files_are_errors() {
        assert_eq!(bnet("").unwrap_err().kind, ParseErrorKind::EmptyFile);
        assert_eq!(
            bnet("# nothing\n\n").unwrap_err().kind,
            ParseErrorKind::EmptyFile
        );
        assert_eq!(
            bnet("targets, factors\n").unwrap_err().kind,
            ParseErrorKind::EmptyFile
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let m = bnet("\u{feff}targets, factors\r\nA, !A\r\n").unwrap();
        assert_eq!(m.network.num_vars(), 1);
    }

    #[test]
    fn aeon_variable_without_function_needs_free_inputs() {
        let text = "A -> B\n$B: A\n";
        let e = parse_str(text, &ParseOptions::new(Format::Aeon)).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::MissingFunction("A".into()));
        let m = parse_str(text, &ParseOptions::new(Format::Aeon).free_inputs(true)).unwrap();
        assert!(m.network.is_input(m.network.find("A").unwrap()));
    }

    #[test]
    fn aeon_sign_mismatch_is_a_warning() {
        let m = parse_str(
            "A -> B\nB -> A\n$A: A\n$B: !A\n",
            &ParseOptions::new(Format::Aeon),
        )
        .unwrap();
        assert!(
            m.warnings
                .iter()
                .any(|w| w.message.contains("declared activating"))
        );
    }
}
