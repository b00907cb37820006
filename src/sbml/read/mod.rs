//! The SBML-qual reader: one pass over quick-xml's event stream with an explicit element stack.
//!
//! Every open element is a [`Frame`] on the stack: its name as written (for the element path in
//! errors), its position among same-named siblings, the byte offset of its `<` (for the line and
//! column) and its [`Role`]: what the element means where it stands. MathML is folded bottom-up
//! into the current transition's [`ExprBuilder`] as elements close, so neither the XML nor the
//! MathML is ever walked recursively and any nesting depth reads in memory proportional to it.
//!
//! Species referenced by MathML or transition inputs are interned by id as they are met and
//! resolved when the document ends, so the order of the lists in the file does not matter.
//!
//! The parts: `roles` (what an opening element means), `mathml` (operators and bottom-up
//! folding), `finish` (resolution into a `Network`); this file keeps the stream loop, the stack
//! and the error positions, and the end-to-end tests of the reader (about half its length).

mod finish;
mod mathml;
mod roles;

use super::readable_name;
use crate::error::{ParseError, ParseErrorKind, Span};
use crate::expr::{Expr, ExprBuilder, NodeId};
use crate::parse::{Model, ParseOptions, Warning};
use mathml::{Op, Operand, as_bool, combine};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use roles::get;
use std::collections::HashMap;

/// An element path in a message shows this many elements at each end and elides the middle.
const PATH_ENDS: usize = 8;

/// Reads an SBML-qual model.
///
/// # Errors
/// A [`ParseError`] whose span is the line and column of the offending element in the XML and
/// whose message starts with the element path: malformed XML, a file that is not SBML Level 3
/// with qualitative species, multi-valued species (`maxLevel` above 1), MathML outside the
/// supported operators, or a reference to an undeclared species (unless `options.free_inputs`).
///
/// # Examples
/// ```
/// use basin::parse::{Format, ParseOptions};
/// let xml = r#"<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"
///   xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true">
/// <model><qual:listOfQualitativeSpecies>
///   <qual:qualitativeSpecies qual:id="A" qual:constant="false" qual:maxLevel="1"/>
///   <qual:qualitativeSpecies qual:id="B" qual:constant="false" qual:maxLevel="1"/>
/// </qual:listOfQualitativeSpecies><qual:listOfTransitions>
///   <qual:transition qual:id="tr_B">
///     <qual:listOfOutputs><qual:output qual:qualitativeSpecies="B"
///        qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>
///     <qual:listOfFunctionTerms><qual:defaultTerm qual:resultLevel="0"/>
///       <qual:functionTerm qual:resultLevel="1">
///         <math xmlns="http://www.w3.org/1998/Math/MathML"><apply><eq/><ci>A</ci>
///           <cn type="integer">0</cn></apply></math>
///       </qual:functionTerm></qual:listOfFunctionTerms>
///   </qual:transition></qual:listOfTransitions></model></sbml>"#;
/// let model = basin::sbml::parse(xml, &ParseOptions::new(Format::Sbml))?;
/// let net = &model.network;
/// assert!(net.is_input(net.find("A").unwrap()));
/// assert_eq!(net.function(net.find("B").unwrap()).to_bnet(|v| net.name(v).into()), "!A");
/// # Ok::<(), basin::ParseError>(())
/// ```
pub fn parse(text: &str, options: &ParseOptions) -> Result<Model, ParseError> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = true;
    let mut state = State::new(text, *options);
    loop {
        let pos = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = reader.error_position() as usize;
                return Err(state.error(
                    ParseErrorKind::Invalid(format!("malformed XML: {e}")),
                    at,
                    1,
                ));
            }
        };
        match event {
            Event::Start(e) => state.start(&e, pos)?,
            Event::Empty(e) => {
                state.start(&e, pos)?;
                state.end(pos)?;
            }
            Event::End(_) => state.end(pos)?,
            Event::Text(t) => {
                if state.wants_text() {
                    let s = t.decode().map_err(|e| state.xml_error(&e, pos))?;
                    state.text(&s, pos)?;
                } else if !t.iter().all(u8::is_ascii_whitespace) {
                    state.stray_text(pos)?;
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| state.xml_error(&e, pos))?;
                state.text(&s, pos)?;
            }
            Event::GeneralRef(r) => {
                if state.wants_text() {
                    let s = if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => c.to_string(),
                            _ => {
                                return Err(state.error(
                                    invalid("invalid character reference"),
                                    pos,
                                    1,
                                ));
                            }
                        }
                    } else {
                        let name = r.decode().map_err(|e| state.xml_error(&e, pos))?;
                        match &*name {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => {
                                return Err(state.error(
                                    ParseErrorKind::Unsupported(format!("the entity '&{other};'")),
                                    pos,
                                    other.len() + 2,
                                ));
                            }
                        }
                    };
                    state.text(&s, pos)?;
                } else {
                    state.stray_text(pos)?;
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    state.finish()
}

fn invalid(message: impl Into<String>) -> ParseErrorKind {
    ParseErrorKind::Invalid(message.into())
}

fn unsupported(message: impl Into<String>) -> ParseErrorKind {
    ParseErrorKind::Unsupported(message.into())
}

/// What an open element means where it stands.
#[derive(Debug)]
enum Role {
    Sbml,
    Model,
    SpeciesList,
    TransitionList,
    Transition,
    InputList,
    OutputList,
    TermList,
    FunctionTerm {
        level: bool,
        math: Option<NodeId>,
    },
    Math {
        value: Option<Operand>,
    },
    Apply {
        op: Option<Op>,
        operands: Vec<Operand>,
    },
    /// The operator element of an `<apply>` (`<and/>`); it has no content.
    Operator,
    Ci(String),
    Cn(String),
    Constant(bool),
    /// An element whose content is not read (annotations, notes, other packages, leaf elements
    /// whose attributes were read at their start).
    Ignore,
}

/// An open element.
#[derive(Debug)]
struct Frame {
    /// The element name as written (`qual:transition`).
    qname: Box<str>,
    /// 1-based position among the parent's children of the same name.
    index: u32,
    /// Byte offset of the `<`.
    pos: usize,
    /// Children met so far, per name.
    children: Vec<(Box<str>, u32)>,
    role: Role,
}

fn local_name(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// Whether the path shows `[k]` after the element (everything but singletons of the format).
fn indexed(local: &str) -> bool {
    !(local == "sbml" || local == "model" || local == "math" || local.starts_with("listOf"))
        && local != "defaultTerm"
}

/// A declared `qual:qualitativeSpecies`.
#[derive(Debug)]
struct Species {
    id: String,
    name: Option<String>,
    constant: bool,
    initial: Option<bool>,
    pos: usize,
}

/// A `qual:input`.
#[derive(Debug)]
struct Input {
    id: Option<String>,
    species: String,
    threshold: Option<i64>,
    sign: Option<bool>,
}

/// A `qual:output`.
#[derive(Debug)]
struct Output {
    species: String,
    pos: usize,
    path: String,
}

/// A `qual:transition` being read, then read.
#[derive(Debug)]
struct Transition {
    id: String,
    inputs: Vec<Input>,
    outputs: Vec<Output>,
    has_terms: bool,
    default: Option<bool>,
    terms: Vec<(bool, NodeId)>,
    builder: ExprBuilder,
    /// The function over interned names (`VarId(i)` = name `i`); `None` when the transition has no
    /// function terms at all.
    function: Option<Expr>,
}

struct State<'a> {
    text: &'a str,
    options: ParseOptions,
    stack: Vec<Frame>,
    root_seen: bool,
    model_seen: bool,
    species: Vec<Species>,
    species_index: HashMap<String, usize>,
    /// Species ids referenced by MathML or inputs, interned; `VarId(i)` in builders is name `i`.
    names: Vec<String>,
    name_index: HashMap<String, u32>,
    /// Where each name was first referenced: byte offset, element path, length.
    first_use: Vec<(usize, String, usize)>,
    transitions: Vec<Transition>,
    current: Option<Transition>,
    warnings: Vec<Warning>,
}

impl<'a> State<'a> {
    fn new(text: &'a str, options: ParseOptions) -> State<'a> {
        State {
            text,
            options,
            stack: Vec::new(),
            root_seen: false,
            model_seen: false,
            species: Vec::new(),
            species_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            first_use: Vec::new(),
            transitions: Vec::new(),
            current: None,
            warnings: Vec::new(),
        }
    }

    /// The line and column of byte `pos`.
    fn span(&self, pos: usize, len: usize) -> Span {
        let mut pos = pos.min(self.text.len());
        while !self.text.is_char_boundary(pos) {
            pos -= 1;
        }
        let before = &self.text[..pos];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..pos].chars().count() + 1;
        Span::new(line, column, len.max(1))
    }

    /// The path of the open elements, its middle elided when deep.
    fn path(&self) -> String {
        let segment = |f: &Frame| {
            if indexed(local_name(&f.qname)) {
                format!("/{}[{}]", f.qname, f.index)
            } else {
                format!("/{}", f.qname)
            }
        };
        let n = self.stack.len();
        if n == 0 {
            return "/".into();
        }
        if n <= 2 * PATH_ENDS {
            return self.stack.iter().map(segment).collect();
        }
        let mut out: String = self.stack[..PATH_ENDS].iter().map(segment).collect();
        out.push_str(&format!("/…({} more)…", n - 2 * PATH_ENDS));
        out.extend(self.stack[n - PATH_ENDS..].iter().map(segment));
        out
    }

    /// An error at byte `pos`, its message prefixed by the current element path.
    fn error(&self, kind: ParseErrorKind, pos: usize, len: usize) -> ParseError {
        let path = self.path();
        self.error_at_path(kind, pos, len, &path)
    }

    fn error_at_path(
        &self,
        kind: ParseErrorKind,
        pos: usize,
        len: usize,
        path: &str,
    ) -> ParseError {
        let kind = match kind {
            ParseErrorKind::Invalid(m) => ParseErrorKind::Invalid(format!("{path}: {m}")),
            ParseErrorKind::Unsupported(m) => ParseErrorKind::Unsupported(format!("{path}: {m}")),
            other => other,
        };
        ParseError::new(kind, self.span(pos, len))
    }

    /// An error at the start of the innermost open element.
    fn error_here(&self, kind: ParseErrorKind) -> ParseError {
        let (pos, len) = self
            .stack
            .last()
            .map_or((0, 1), |f| (f.pos, f.qname.chars().count() + 1));
        self.error(kind, pos, len)
    }

    fn xml_error(&self, e: &dyn std::fmt::Display, pos: usize) -> ParseError {
        self.error(invalid(format!("malformed XML: {e}")), pos, 1)
    }

    fn wants_text(&self) -> bool {
        matches!(
            self.stack.last().map(|f| &f.role),
            Some(Role::Ci(_) | Role::Cn(_))
        )
    }

    fn text(&mut self, s: &str, pos: usize) -> Result<(), ParseError> {
        match self.stack.last_mut().map(|f| &mut f.role) {
            Some(Role::Ci(t) | Role::Cn(t)) => {
                t.push_str(s);
                Ok(())
            }
            _ if s.trim().is_empty() => Ok(()),
            _ => self.stray_text(pos),
        }
    }

    /// Text that is not whitespace, outside `ci` and `cn`: an error inside MathML or outside the
    /// root, ignored elsewhere (notes, annotations).
    fn stray_text(&self, pos: usize) -> Result<(), ParseError> {
        match self.stack.last().map(|f| &f.role) {
            None => Err(self.error(invalid("text outside the root element"), pos, 1)),
            Some(Role::Math { .. } | Role::Apply { .. } | Role::Operator | Role::Constant(_)) => {
                Err(self.error(invalid("unexpected text in MathML"), pos, 1))
            }
            _ => Ok(()),
        }
    }

    fn current(&mut self) -> &mut Transition {
        self.current
            .as_mut()
            .expect("MathML and transition children are only read inside a transition")
    }

    /// Interns a referenced species id and remembers where it was first used.
    fn intern(&mut self, name: &str, pos: usize, len: usize) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.name_index.insert(name.to_string(), i);
        let path = self.path();
        self.first_use.push((pos, path, len));
        i
    }

    fn start(&mut self, e: &BytesStart<'_>, pos: usize) -> Result<(), ParseError> {
        let qname_bytes = e.name();
        let qname = std::str::from_utf8(qname_bytes.as_ref())
            .map_err(|e| self.xml_error(&e, pos))?
            .to_string();
        let local = local_name(&qname).to_string();
        let index = match self.stack.last_mut() {
            Some(parent) => match parent.children.iter_mut().find(|(n, _)| **n == *qname) {
                Some((_, k)) => {
                    *k += 1;
                    *k
                }
                None => {
                    parent.children.push((qname.clone().into_boxed_str(), 1));
                    1
                }
            },
            None => {
                if self.root_seen {
                    return Err(self.error(invalid("more than one root element"), pos, 1));
                }
                self.root_seen = true;
                1
            }
        };
        // Push first so errors about this element name it in the path; the role is set below.
        self.stack.push(Frame {
            qname: qname.into_boxed_str(),
            index,
            pos,
            children: Vec::new(),
            role: Role::Ignore,
        });
        let role = self.role_of(e, &local)?;
        self.stack.last_mut().expect("just pushed").role = role;
        Ok(())
    }

    fn end(&mut self, pos: usize) -> Result<(), ParseError> {
        let Some(top) = self.stack.last_mut() else {
            return Err(self.error(invalid("a closing tag without an opening tag"), pos, 1));
        };
        let role = std::mem::replace(&mut top.role, Role::Ignore);
        match role {
            Role::Ci(text) => {
                let operand = self.ci(text.trim())?;
                self.deliver(operand)?;
            }
            Role::Cn(text) => {
                let t = text.trim();
                let value = match t.parse::<i64>() {
                    Ok(k) => k,
                    Err(_) => match t.parse::<f64>() {
                        Ok(x) if x.fract() == 0.0 && x.abs() < 1e15 => x as i64,
                        _ => {
                            return Err(
                                self.error_here(invalid(format!("'{t}' is not an integer level")))
                            );
                        }
                    },
                };
                self.deliver(Operand::Int(value))?;
            }
            Role::Constant(c) => {
                let node = self.current().builder.constant(c);
                self.deliver(Operand::Bool(node))?;
            }
            Role::Apply { op, operands } => {
                let Some(op) = op else {
                    return Err(self.error_here(invalid("an empty apply")));
                };
                let b = &mut self.current().builder;
                let result = combine(b, op, &operands).map_err(|m| self.error_here(invalid(m)))?;
                self.deliver(result)?;
            }
            Role::Math { value } => {
                let Some(value) = value else {
                    return Err(self.error_here(invalid("an empty math element")));
                };
                let node = as_bool(&mut self.current().builder, value);
                let n = self.stack.len();
                if let Role::FunctionTerm { math, .. } = &mut self.stack[n - 2].role {
                    *math = Some(node);
                }
            }
            Role::FunctionTerm { level, math } => {
                let Some(node) = math else {
                    return Err(self.error_here(invalid("a qual:functionTerm without math")));
                };
                self.current().terms.push((level, node));
            }
            Role::Transition => self.transition_end()?,
            _ => {}
        }
        self.stack.pop();
        Ok(())
    }

    /// Builds the function of the transition that just closed: `T1 | (d & !T0)`.
    fn transition_end(&mut self) -> Result<(), ParseError> {
        let mut t = self.current.take().expect("transition open");
        if t.outputs.is_empty() {
            return Err(
                self.error_here(invalid(format!("transition '{}' has no qual:output", t.id)))
            );
        }
        if t.has_terms {
            let Some(default) = t.default else {
                return Err(self.error_here(invalid(format!(
                    "transition '{}' has function terms but no qual:defaultTerm",
                    t.id
                ))));
            };
            let b = &mut t.builder;
            let mut on: Option<NodeId> = None;
            let mut off: Option<NodeId> = None;
            for &(level, node) in &t.terms {
                let slot = if level { &mut on } else { &mut off };
                *slot = Some(match *slot {
                    Some(acc) => b.or(acc, node),
                    None => node,
                });
            }
            let root = match (default, on, off) {
                (false, Some(on), _) => on,
                (false, None, _) => b.constant(false),
                (true, _, None) => b.constant(true),
                (true, None, Some(off)) => b.not(off),
                (true, Some(on), Some(off)) => {
                    let not_off = b.not(off);
                    b.or(on, not_off)
                }
            };
            let builder = std::mem::take(&mut t.builder);
            t.function = Some(builder.finish(root));
        } else if !t.inputs.is_empty() {
            self.warnings.push(Warning {
                span: None,
                message: format!(
                    "transition '{}' has no function terms; its output is kept as an input",
                    t.id
                ),
            });
        }
        self.transitions.push(t);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::VarId;
    use crate::parse::{Format, InitialValue};

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"
      xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true">
<model>
"#;

    fn species(ids: &[&str]) -> String {
        let mut s = String::from("<qual:listOfQualitativeSpecies>\n");
        for id in ids {
            s.push_str(&format!(
                "<qual:qualitativeSpecies qual:id=\"{id}\" qual:constant=\"false\" qual:maxLevel=\"1\"/>\n"
            ));
        }
        s.push_str("</qual:listOfQualitativeSpecies>\n");
        s
    }

    fn transition(out: &str, terms: &str) -> String {
        format!(
            "<qual:transition qual:id=\"tr_{out}\">\n<qual:listOfOutputs><qual:output qual:qualitativeSpecies=\"{out}\" qual:transitionEffect=\"assignmentLevel\"/></qual:listOfOutputs>\n<qual:listOfFunctionTerms>{terms}</qual:listOfFunctionTerms>\n</qual:transition>\n"
        )
    }

    fn term(level: u8, math: &str) -> String {
        format!(
            "<qual:functionTerm qual:resultLevel=\"{level}\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\">{math}</math></qual:functionTerm>"
        )
    }

    fn doc(ids: &[&str], transitions: &[String]) -> String {
        format!(
            "{HEAD}{}<qual:listOfTransitions>\n{}</qual:listOfTransitions>\n</model>\n</sbml>\n",
            species(ids),
            transitions.concat()
        )
    }

    fn read(text: &str) -> Result<Model, ParseError> {
        parse(text, &ParseOptions::new(Format::Sbml))
    }

    fn bnet_of(m: &Model, name: &str) -> String {
        let net = &m.network;
        net.function(net.find(name).unwrap())
            .to_bnet(|v| net.name(v).to_string())
    }

    fn truth(m: &Model, name: &str) -> Vec<bool> {
        let net = &m.network;
        let f = net.function(net.find(name).unwrap());
        (0..1u64 << net.num_vars())
            .map(|s| f.eval_bits(s))
            .collect()
    }

    #[test]
    fn thresholds_compare_either_way_round() {
        let t = [
            transition(
                "B",
                &format!(
                    "<qual:defaultTerm qual:resultLevel=\"0\"/>{}",
                    term(
                        1,
                        "<apply><geq/><cn type=\"integer\">0</cn><ci> A </ci></apply>"
                    )
                ),
            ),
            transition(
                "C",
                &format!(
                    "<qual:defaultTerm qual:resultLevel=\"0\"/>{}",
                    term(1, "<apply><gt/><ci>A</ci><cn>0</cn></apply>")
                ),
            ),
        ];
        let m = read(&doc(&["A", "B", "C"], &t)).unwrap();
        assert_eq!(bnet_of(&m, "B"), "!A");
        assert_eq!(bnet_of(&m, "C"), "A");
        assert!(m.network.is_input(VarId::new(0)));
    }

    #[test]
    fn level_zero_terms_carve_out_of_the_default() {
        // Default 1, a level-0 term on A, a level-1 term on B: f = B | !A.
        let terms = format!(
            "<qual:defaultTerm qual:resultLevel=\"1\"/>{}{}",
            term(0, "<ci>A</ci>"),
            term(1, "<ci>B</ci>")
        );
        let m = read(&doc(&["A", "B", "C"], &[transition("C", &terms)])).unwrap();
        let expected: Vec<bool> = (0..8u64).map(|s| s & 2 != 0 || s & 1 == 0).collect();
        assert_eq!(truth(&m, "C"), expected);
    }

    #[test]
    fn every_operator_is_read() {
        type Truth = fn(bool, bool, bool) -> bool;
        let cases: [(&str, Truth); 14] = [
            (
                "<apply><and/><ci>A</ci><ci>B</ci><ci>C</ci></apply>",
                |a, b, c| a && b && c,
            ),
            ("<apply><or/><ci>A</ci><ci>B</ci></apply>", |a, b, _| a || b),
            (
                "<apply><xor/><ci>A</ci><ci>B</ci><ci>C</ci></apply>",
                |a, b, c| a ^ b ^ c,
            ),
            ("<apply><not/><ci>C</ci></apply>", |_, _, c| !c),
            (
                "<apply><implies/><ci>A</ci><ci>B</ci></apply>",
                |a, b, _| !a || b,
            ),
            ("<apply><eq/><ci>A</ci><ci>C</ci></apply>", |a, _, c| a == c),
            ("<apply><neq/><ci>B</ci><cn>1</cn></apply>", |_, b, _| !b),
            ("<apply><geq/><ci>A</ci><ci>B</ci></apply>", |a, b, _| {
                a || !b
            }),
            ("<apply><gt/><cn>1</cn><ci>B</ci></apply>", |_, b, _| !b),
            ("<apply><leq/><ci>C</ci><cn>0</cn></apply>", |_, _, c| !c),
            ("<apply><lt/><ci>A</ci><ci>B</ci></apply>", |a, b, _| {
                !a && b
            }),
            (
                "<apply><and/><true/><apply><or/><false/><ci>A</ci></apply></apply>",
                |a, _, _| a,
            ),
            (
                "<apply><eq/><ci>A</ci><ci>B</ci><ci>C</ci></apply>",
                |a, b, c| a == b && b == c,
            ),
            ("<cn type=\"integer\">1</cn>", |_, _, _| true),
        ];
        for (math, expected) in cases {
            let terms = format!(
                "<qual:defaultTerm qual:resultLevel=\"0\"/>{}",
                term(1, math)
            );
            let m = read(&doc(&["A", "B", "C", "D"], &[transition("D", &terms)])).unwrap();
            let want: Vec<bool> = (0..16u64)
                .map(|s| expected(s & 1 != 0, s & 2 != 0, s & 4 != 0))
                .collect();
            assert_eq!(truth(&m, "D"), want, "{math}");
        }
    }

    #[test]
    fn input_ids_stand_for_their_thresholds() {
        let t = "<qual:transition qual:id=\"t\"><qual:listOfInputs>\
            <qual:input qual:id=\"theta\" qual:qualitativeSpecies=\"A\" qual:thresholdLevel=\"1\" qual:transitionEffect=\"none\"/>\
            </qual:listOfInputs><qual:listOfOutputs><qual:output qual:qualitativeSpecies=\"B\" qual:transitionEffect=\"assignmentLevel\"/></qual:listOfOutputs>\
            <qual:listOfFunctionTerms><qual:defaultTerm qual:resultLevel=\"0\"/>"
            .to_string()
            + &term(1, "<apply><lt/><ci>A</ci><ci>theta</ci></apply>")
            + "</qual:listOfFunctionTerms></qual:transition>";
        let m = read(&doc(&["A", "B"], &[t])).unwrap();
        assert_eq!(bnet_of(&m, "B"), "!A");
    }

    #[test]
    fn constants_and_names() {
        let text = format!(
            "{HEAD}<qual:listOfQualitativeSpecies>\
             <qual:qualitativeSpecies qual:id=\"K\" qual:name=\"Kinase K\" qual:constant=\"true\" qual:initialLevel=\"1\" qual:maxLevel=\"1\"/>\
             <qual:qualitativeSpecies qual:id=\"and\" qual:constant=\"false\" qual:initialLevel=\"0\"/>\
             <qual:qualitativeSpecies qual:id=\"I\" qual:constant=\"true\"/>\
             </qual:listOfQualitativeSpecies></model></sbml>"
        );
        let m = read(&text).unwrap();
        assert_eq!(m.network.names(), ["K", "and_", "I"]);
        // A constant species without a level is how GINsim and bioLQM write an input.
        assert!(m.network.is_input(VarId::new(2)));
        assert_eq!(m.network.function(VarId::new(0)).as_constant(), Some(true));
        assert!(m.network.is_input(VarId::new(1)));
        assert_eq!(
            m.labels,
            vec![
                (VarId::new(0), "Kinase K".to_string()),
                (VarId::new(1), "and".to_string())
            ]
        );
        assert_eq!(m.initial_values, vec![(VarId::new(1), InitialValue::Off)]);
        assert!(m.warnings[0].message.contains("'and'"));
    }

    #[test]
    fn multivalued_species_are_refused_by_name() {
        let text = format!(
            "{HEAD}<qual:listOfQualitativeSpecies>\n\
             <qual:qualitativeSpecies qual:id=\"A\" qual:maxLevel=\"1\"/>\n\
             <qual:qualitativeSpecies qual:id=\"Wnt\" qual:maxLevel=\"2\"/>\n\
             </qual:listOfQualitativeSpecies></model></sbml>"
        );
        let e = read(&text).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("'Wnt' has maxLevel 2"), "{msg}");
        assert!(msg.contains("qual:qualitativeSpecies[2]"), "{msg}");
        assert_eq!(e.span.line, 7);
        assert_eq!(e.span.column, 1);
    }

    #[test]
    fn errors_carry_the_element_path_and_line() {
        let t = [
            transition("A", "<qual:defaultTerm qual:resultLevel=\"0\"/>"),
            transition(
                "B",
                &format!(
                    "<qual:defaultTerm qual:resultLevel=\"0\"/>\n{}",
                    term(1, "<apply><plus/><ci>A</ci><cn>1</cn></apply>")
                ),
            ),
        ];
        let e = read(&doc(&["A", "B"], &t)).unwrap_err();
        let msg = e.kind.to_string();
        assert!(
            msg.starts_with("unsupported: /sbml/model/qual:listOfTransitions/qual:transition[2]/qual:listOfFunctionTerms/qual:functionTerm[1]/math/apply[1]/plus[1]: the MathML operator <plus>"),
            "{msg}"
        );
        assert_eq!(e.span.line, 17);
    }

    #[test]
    fn undefined_species_get_a_hint_or_become_free_inputs() {
        let terms = format!(
            "<qual:defaultTerm qual:resultLevel=\"0\"/>{}",
            term(1, "<ci>Aa</ci>")
        );
        let text = doc(&["AA", "B"], &[transition("B", &terms)]);
        let e = read(&text).unwrap_err();
        assert!(e.to_string().contains("undefined species 'Aa'"));
        assert!(e.hint.unwrap().to_string().contains("did you mean 'AA'"));
        let m = parse(&text, &ParseOptions::new(Format::Sbml).free_inputs(true)).unwrap();
        assert_eq!(m.network.names(), ["AA", "B", "Aa"]);
        assert_eq!(m.free_inputs, vec![VarId::new(2)]);
    }

    #[test]
    fn malformed_and_foreign_files_are_errors() {
        for text in [
            "",
            "<sbml level=\"3\"><model></sbml>",
            "<html/>",
            "<sbml level=\"2\"/>",
            "<sbml level=\"3\"><model/></sbml>",
            "<sbml><model><qual:listOfQualitativeSpecies><qual:qualitativeSpecies/></qual:listOfQualitativeSpecies></model></sbml>",
            "<sbml/><sbml/>",
            "<sbml><model>",
        ] {
            assert!(read(text).is_err(), "{text}");
        }
    }

    #[test]
    fn deep_mathml_reads_without_recursion() {
        let depth = 100_000;
        let math = "<apply><not/>".repeat(depth) + "<ci>A</ci>" + &"</apply>".repeat(depth);
        let terms = format!(
            "<qual:defaultTerm qual:resultLevel=\"0\"/>{}",
            term(1, &math)
        );
        let m = read(&doc(&["A", "B"], &[transition("B", &terms)])).unwrap();
        assert_eq!(truth(&m, "B"), vec![false, true, false, true]);
    }
}
