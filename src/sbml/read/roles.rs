//! Element roles: what an opening element means where it stands (`Role`), with the attributes
//! read on the way (species, inputs, outputs, function terms).

use super::{
    Input, Op, Output, Role, Species, State, Transition, invalid, local_name, unsupported,
};
use crate::error::{ParseError, ParseErrorKind};
use crate::expr::ExprBuilder;
use crate::parse::Warning;
use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;

impl State<'_> {
    /// The role of the element just pushed, reading its attributes where they matter.
    pub(super) fn role_of(&mut self, e: &BytesStart<'_>, local: &str) -> Result<Role, ParseError> {
        let n = self.stack.len();
        if n == 1 {
            return self.root(e, local);
        }
        let parent = &self.stack[n - 2].role;
        let role = match (parent, local) {
            (Role::Sbml, "model") => {
                if self.model_seen {
                    return Err(self.error_here(invalid("more than one model")));
                }
                self.model_seen = true;
                Role::Model
            }
            (Role::Model, "listOfQualitativeSpecies") => Role::SpeciesList,
            (Role::Model, "listOfTransitions") => Role::TransitionList,
            (Role::SpeciesList, "qualitativeSpecies") => {
                self.species_start(e)?;
                Role::Ignore
            }
            (Role::TransitionList, "transition") => {
                let attrs = self.attributes(e)?;
                let id = get(&attrs, "id").unwrap_or_default();
                self.current = Some(Transition {
                    id: id.to_string(),
                    inputs: Vec::new(),
                    outputs: Vec::new(),
                    has_terms: false,
                    default: None,
                    terms: Vec::new(),
                    builder: ExprBuilder::new(),
                    function: None,
                });
                Role::Transition
            }
            (Role::Transition, "listOfInputs") => Role::InputList,
            (Role::Transition, "listOfOutputs") => Role::OutputList,
            (Role::Transition, "listOfFunctionTerms") => {
                self.current().has_terms = true;
                Role::TermList
            }
            (Role::InputList, "input") => {
                self.input_start(e)?;
                Role::Ignore
            }
            (Role::OutputList, "output") => {
                self.output_start(e)?;
                Role::Ignore
            }
            (Role::TermList, "defaultTerm") => {
                let level = self.result_level(e)?;
                if self.current().default.replace(level).is_some() {
                    return Err(self.error_here(invalid("a second qual:defaultTerm")));
                }
                Role::Ignore
            }
            (Role::TermList, "functionTerm") => Role::FunctionTerm {
                level: self.result_level(e)?,
                math: None,
            },
            (Role::FunctionTerm { math, .. }, "math") => {
                if math.is_some() {
                    return Err(self.error_here(invalid("a second math element")));
                }
                Role::Math { value: None }
            }
            (Role::Math { .. }, _) | (Role::Apply { op: Some(_), .. }, _) => {
                self.mathml_operand(e, local)?
            }
            (Role::Apply { op: None, .. }, _) => match Op::from_name(local) {
                Some(op) => {
                    if let Role::Apply { op: slot, .. } = &mut self.stack[n - 2].role {
                        *slot = Some(op);
                    }
                    Role::Operator
                }
                None if matches!(local, "ci" | "cn" | "apply" | "csymbol") => {
                    return Err(self.error_here(unsupported(
                        "an apply that does not start with an operator (calls of user-defined \
                         functions are not read)",
                    )));
                }
                None => {
                    return Err(self.error_here(unsupported(format!(
                        "the MathML operator <{local}>; basin reads and, or, xor, not, implies, \
                         eq, neq, geq, gt, leq and lt"
                    ))));
                }
            },
            (Role::Operator | Role::Ci(_) | Role::Cn(_) | Role::Constant(_), _) => {
                return Err(self.error_here(unsupported(format!(
                    "the element <{local}> inside a MathML token or operator"
                ))));
            }
            _ => Role::Ignore,
        };
        Ok(role)
    }

    fn root(&mut self, e: &BytesStart<'_>, local: &str) -> Result<Role, ParseError> {
        if local != "sbml" {
            return Err(self.error_here(ParseErrorKind::WrongFormat {
                detected: format!("XML file whose root is <{local}>, not SBML"),
            }));
        }
        let attrs = self.attributes(e)?;
        if let Some(level) = get(&attrs, "level")
            && level.trim() != "3"
        {
            return Err(self.error_here(unsupported(format!(
                "SBML level {level}; the qual package needs SBML Level 3"
            ))));
        }
        Ok(Role::Sbml)
    }

    /// The element's attributes as (local name, value) pairs.
    pub(super) fn attributes(
        &self,
        e: &BytesStart<'_>,
    ) -> Result<Vec<(String, String)>, ParseError> {
        let mut out = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| self.error_here(invalid(format!("malformed XML: {err}"))))?;
            let key = std::str::from_utf8(a.key.as_ref())
                .map_err(|err| self.error_here(invalid(format!("malformed XML: {err}"))))?;
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| self.error_here(invalid(format!("malformed XML: {err}"))))?;
            out.push((local_name(key).to_string(), value.into_owned()));
        }
        Ok(out)
    }

    fn integer_attribute(
        &self,
        attrs: &[(String, String)],
        name: &str,
    ) -> Result<Option<i64>, ParseError> {
        match get(attrs, name) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<i64>() {
                Ok(k) => Ok(Some(k)),
                Err(_) => {
                    Err(self.error_here(invalid(format!("{name}=\"{v}\" is not an integer"))))
                }
            },
        }
    }

    fn boolean_attribute(
        &self,
        attrs: &[(String, String)],
        name: &str,
    ) -> Result<Option<bool>, ParseError> {
        match get(attrs, name).map(str::trim) {
            None => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(v) => {
                Err(self.error_here(invalid(format!("{name}=\"{v}\" is not true or false"))))
            }
        }
    }

    /// A level that must be 0 or 1, naming `what` in the message.
    fn boolean_level(&self, level: i64, what: &str) -> Result<bool, ParseError> {
        match level {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.error_here(unsupported(format!(
                "{what} {level}; only Boolean levels (0 or 1) are read"
            )))),
        }
    }

    fn result_level(&mut self, e: &BytesStart<'_>) -> Result<bool, ParseError> {
        let attrs = self.attributes(e)?;
        match self.integer_attribute(&attrs, "resultLevel")? {
            Some(level) => self.boolean_level(level, "resultLevel"),
            None => Err(self.error_here(invalid("no qual:resultLevel"))),
        }
    }

    fn species_start(&mut self, e: &BytesStart<'_>) -> Result<(), ParseError> {
        let attrs = self.attributes(e)?;
        let Some(id) = get(&attrs, "id").map(str::trim).filter(|s| !s.is_empty()) else {
            return Err(self.error_here(invalid("a qual:qualitativeSpecies without qual:id")));
        };
        let id = id.to_string();
        if let Some(max) = self.integer_attribute(&attrs, "maxLevel")?
            && max > 1
        {
            return Err(self.error_here(unsupported(format!(
                "species '{id}' has maxLevel {max}; only Boolean models (maxLevel 1) are read"
            ))));
        }
        let initial = match self.integer_attribute(&attrs, "initialLevel")? {
            Some(level) => {
                Some(self.boolean_level(level, &format!("species '{id}' has initialLevel"))?)
            }
            None => None,
        };
        let constant = self.boolean_attribute(&attrs, "constant")?.unwrap_or(false);
        let frame = self.stack.last().expect("species frame");
        let pos = frame.pos;
        if let Some(&first) = self.species_index.get(&id) {
            let first_line = self.span(self.species[first].pos, 1).line;
            return Err(self.error_here(invalid(format!(
                "species '{id}' is declared twice (first on line {first_line})"
            ))));
        }
        self.species_index.insert(id.clone(), self.species.len());
        self.species.push(Species {
            id,
            name: get(&attrs, "name").map(str::to_string),
            constant,
            initial,
            pos,
        });
        Ok(())
    }

    fn input_start(&mut self, e: &BytesStart<'_>) -> Result<(), ParseError> {
        let attrs = self.attributes(e)?;
        let Some(species) = get(&attrs, "qualitativeSpecies").map(str::trim) else {
            return Err(self.error_here(invalid("a qual:input without qual:qualitativeSpecies")));
        };
        let species = species.to_string();
        let threshold = self.integer_attribute(&attrs, "thresholdLevel")?;
        let sign = match get(&attrs, "sign").map(str::trim) {
            Some("positive") => Some(true),
            Some("negative") => Some(false),
            _ => None,
        };
        let pos = self.stack.last().expect("input frame").pos;
        self.intern(&species, pos, 1);
        let id = get(&attrs, "id").map(|s| s.trim().to_string());
        self.current().inputs.push(Input {
            id,
            species,
            threshold,
            sign,
        });
        Ok(())
    }

    fn output_start(&mut self, e: &BytesStart<'_>) -> Result<(), ParseError> {
        let attrs = self.attributes(e)?;
        let Some(species) = get(&attrs, "qualitativeSpecies").map(str::trim) else {
            return Err(self.error_here(invalid("a qual:output without qual:qualitativeSpecies")));
        };
        let species = species.to_string();
        if let Some(effect) = get(&attrs, "transitionEffect")
            && effect.trim() != "assignmentLevel"
        {
            let id = self.current().id.clone();
            self.warnings.push(Warning {
                    span: None,
                    message: format!(
                        "transition '{id}': output '{species}' has transitionEffect '{effect}'; read as assignmentLevel"
                    ),
                });
        }
        let pos = self.stack.last().expect("output frame").pos;
        let path = self.path();
        self.current().outputs.push(Output { species, pos, path });
        Ok(())
    }
}

/// The value of the attribute with local name `name`.
pub(super) fn get<'v>(attrs: &'v [(String, String)], name: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
