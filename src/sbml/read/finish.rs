//! `finish`: the document read, interned names are resolved into a [`Network`] (species order,
//! free inputs, constants, declared signs checked against the functions).

use super::{State, invalid, readable_name};
use crate::analysis::{Sign, bdd_sign, bdd_variables, expr_to_bdd};
use crate::error::{Hint, ParseError, ParseErrorKind, Remedy, closest};
use crate::expr::Expr;
use crate::network::{Network, VarId};
use crate::parse::{Format, InitialValue, Model, Warning, syntax_is_valid_name};
use std::collections::HashSet;

impl State<'_> {
    pub(super) fn finish(mut self) -> Result<Model, ParseError> {
        if !self.root_seen {
            return Err(ParseError::whole_file(ParseErrorKind::EmptyFile)
                .with_hint("an SBML file holds an <sbml> element"));
        }
        if let Some(f) = self.stack.last() {
            let qname = f.qname.to_string();
            return Err(self.error_here(invalid(format!("<{qname}> is never closed"))));
        }
        if self.species.is_empty() {
            return Err(ParseError::whole_file(invalid(
                "no qual:qualitativeSpecies: this is not an SBML-qual (logical) model",
            ))
            .with_hint("basin reads SBML Level 3 with the qual package; kinetic SBML models have no Boolean functions"));
        }
        // Variables: the species in file order, then (with free inputs) undeclared names.
        let n_species = self.species.len();
        let mut var_of_name: Vec<usize> = Vec::with_capacity(self.names.len());
        let mut free_inputs = Vec::new();
        for (i, name) in self.names.iter().enumerate() {
            if let Some(&s) = self.species_index.get(name) {
                var_of_name.push(s);
                continue;
            }
            let (pos, path, len) = &self.first_use[i];
            if !self.options.free_inputs {
                let hint = match closest(name, self.species.iter().map(|s| s.id.as_str())) {
                    Some(c) => Hint::with_remedy(
                        format!("did you mean '{c}'? (or "),
                        Remedy::AllowFreeInputs,
                        format!(" to make '{name}' an input)"),
                    ),
                    None => Hint::with_remedy(
                        format!("declare '{name}' as a qual:qualitativeSpecies, or "),
                        Remedy::AllowFreeInputs,
                        " to make it an input",
                    ),
                };
                return Err(self
                    .error_at_path(
                        invalid(format!("undefined species '{name}'")),
                        *pos,
                        *len,
                        path,
                    )
                    .with_hint(hint));
            }
            var_of_name.push(n_species + free_inputs.len());
            free_inputs.push(name.clone());
        }
        // Which transition sets each species.
        let mut function_of: Vec<Option<(usize, usize)>> = vec![None; n_species];
        for (ti, t) in self.transitions.iter().enumerate() {
            for (oi, out) in t.outputs.iter().enumerate() {
                let Some(&s) = self.species_index.get(&out.species) else {
                    return Err(self.error_at_path(
                        invalid(format!(
                            "output '{}' is not a declared species",
                            out.species
                        )),
                        out.pos,
                        1,
                        &out.path,
                    ));
                };
                if self.species[s].constant {
                    return Err(self.error_at_path(
                        invalid(format!(
                            "species '{}' is constant but is the output of transition '{}'",
                            out.species, t.id
                        )),
                        out.pos,
                        1,
                        &out.path,
                    ));
                }
                if let Some((first, _)) = function_of[s] {
                    return Err(self.error_at_path(
                        invalid(format!(
                            "species '{}' is the output of two transitions ('{}' and '{}')",
                            out.species, self.transitions[first].id, t.id
                        )),
                        out.pos,
                        1,
                        &out.path,
                    ));
                }
                function_of[s] = Some((ti, oi));
            }
        }
        // Variable names: species ids, made valid bnet names where they are not.
        let ids: Vec<String> = self
            .species
            .iter()
            .map(|s| s.id.clone())
            .chain(free_inputs.iter().cloned())
            .collect();
        let valid = |s: &str| syntax_is_valid_name(Format::Bnet, s);
        let mut taken: HashSet<String> = ids.iter().filter(|s| valid(s)).cloned().collect();
        let mut names = Vec::with_capacity(ids.len());
        for id in &ids {
            if valid(id) {
                names.push(id.clone());
            } else {
                let name = readable_name(id, valid, &mut taken);
                self.warnings.push(Warning {
                    span: None,
                    message: format!(
                        "species id '{id}' is not a valid variable name; it is read as '{name}'"
                    ),
                });
                names.push(name);
            }
        }
        let mut variables = Vec::with_capacity(ids.len());
        let mut initial_values = Vec::new();
        let mut labels = Vec::new();
        for (s, sp) in self.species.iter().enumerate() {
            let v = VarId::new(s);
            let f = if sp.constant {
                // GINsim and bioLQM write inputs as constant species without a level.
                match sp.initial {
                    Some(level) => Expr::constant(level),
                    None => Expr::var(v),
                }
            } else {
                if let Some(level) = sp.initial {
                    let value = if level {
                        InitialValue::On
                    } else {
                        InitialValue::Off
                    };
                    initial_values.push((v, value));
                }
                match function_of[s].and_then(|(t, _)| self.transitions[t].function.as_ref()) {
                    Some(f) => f.map_vars(|x| VarId::new(var_of_name[x.index()])),
                    None => Expr::var(v),
                }
            };
            variables.push((names[s].clone(), f));
            match &sp.name {
                Some(label) if *label != names[s] => labels.push((v, label.clone())),
                None if sp.id != names[s] => labels.push((v, sp.id.clone())),
                _ => {}
            }
        }
        for i in 0..free_inputs.len() {
            let v = n_species + i;
            variables.push((names[v].clone(), Expr::var(VarId::new(v))));
        }
        let network = Network::new(variables)
            .map_err(|e| ParseError::whole_file(ParseErrorKind::Invalid(e.to_string())))?;
        let free_inputs: Vec<VarId> = (n_species..network.num_vars()).map(VarId::new).collect();
        if !free_inputs.is_empty() {
            let list: Vec<&str> = free_inputs.iter().map(|&v| network.name(v)).collect();
            self.warnings.push(Warning {
                span: None,
                message: format!(
                    "{} undeclared species made inputs (free inputs allowed): {}",
                    list.len(),
                    list.join(", ")
                ),
            });
        }
        self.check_declared_signs(&network, &function_of, &var_of_name);
        Ok(Model {
            network,
            format: Format::Sbml,
            free_inputs,
            initial_values,
            regulations: Vec::new(),
            warnings: self.warnings,
            labels,
        })
    }

    /// Warns where an input declared `positive` or `negative` acts the other way (or both ways)
    /// in the function read.
    fn check_declared_signs(
        &mut self,
        network: &Network,
        function_of: &[Option<(usize, usize)>],
        var_of_name: &[usize],
    ) {
        let declared = self
            .transitions
            .iter()
            .any(|t| t.function.is_some() && t.inputs.iter().any(|i| i.sign.is_some()));
        if !declared {
            return;
        }
        let vars = bdd_variables(network.num_vars());
        for (s, slot) in function_of.iter().enumerate() {
            let Some((t, 0)) = *slot else { continue };
            let t = &self.transitions[t];
            if t.function.is_none() {
                continue;
            }
            let target = VarId::new(s);
            let f = expr_to_bdd(&vars, network.function(target));
            for input in &t.inputs {
                let Some(declared) = input.sign else { continue };
                let Some(&i) = self.name_index.get(&input.species) else {
                    continue;
                };
                let regulator = VarId::new(var_of_name[i as usize]);
                let actual = bdd_sign(&f, regulator);
                let disagrees = match actual {
                    Sign::Dual => true,
                    Sign::Activating => !declared,
                    Sign::Inhibiting => declared,
                    Sign::NonEssential => false,
                };
                if disagrees {
                    self.warnings.push(Warning {
                        span: None,
                        message: format!(
                            "transition '{}': input '{}' is declared {} but the function makes it {actual}",
                            t.id,
                            input.species,
                            if declared { "positive" } else { "negative" },
                        ),
                    });
                }
            }
        }
    }
}
