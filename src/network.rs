//! `Network`: the variables of a Boolean network in file order, their update functions, and the
//! classification every analysis starts from (inputs `X, X`, constants `X, 0|1`).
//!
//! A `Network` is immutable once built; transformations (perturbation, reduction) return new
//! networks, as BoolNet's `fixGenes` returns a copy.

use crate::error::Error;
use crate::expr::Expr;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// Index of a variable in one `Network` (its position in file order).
///
/// A `VarId` is only meaningful for the network that issued it; do not mix ids across networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VarId(u32);

impl VarId {
    /// The id of the variable at position `index`.
    pub fn new(index: usize) -> VarId {
        VarId(u32::try_from(index).expect("more than 2^32 variables"))
    }

    /// The variable's position.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for VarId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "x{}", self.0)
    }
}

/// What role a variable plays in the dynamics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VarKind {
    /// The function is the variable itself (`X, X`): it never changes; each value is an environment.
    Input,
    /// The function is a constant (`X, 0` or `X, 1`).
    Constant(bool),
    /// Anything else.
    Internal,
}

/// Why a list of `(name, function)` pairs is not a network.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NetworkError {
    /// Two variables have the same name.
    DuplicateName(String),
    /// A function reads a variable index the network does not have.
    ReadsMissingVariable {
        /// The variable whose function it is.
        target: String,
        /// The index read.
        index: usize,
    },
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetworkError::DuplicateName(name) => {
                write!(f, "variable '{name}' is defined twice")
            }
            NetworkError::ReadsMissingVariable { target, index } => write!(
                f,
                "the function of '{target}' reads x{index}, which does not exist"
            ),
        }
    }
}

impl std::error::Error for NetworkError {}

/// A Boolean network: named variables in file order, each with an update function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// Shared between a network and its copies with fixed or replaced functions
    /// ([`Network::with_fixed`], [`Network::with_function`]): a reduction copies the network
    /// for every exploration, hundreds of thousands of them in a mutant table.
    names: Arc<[String]>,
    functions: Vec<Expr>,
    index: Arc<HashMap<String, VarId>>,
}

impl Network {
    /// Builds a network from `(name, function)` pairs in order.
    ///
    /// # Errors
    /// [`Error::Network`] when a name repeats or a function mentions a variable outside the
    /// network.
    pub fn new(variables: Vec<(String, Expr)>) -> Result<Network, Error> {
        let n = variables.len();
        let mut names = Vec::with_capacity(n);
        let mut functions = Vec::with_capacity(n);
        let mut index = HashMap::with_capacity(n);
        for (i, (name, f)) in variables.into_iter().enumerate() {
            if index.insert(name.clone(), VarId::new(i)).is_some() {
                return Err(NetworkError::DuplicateName(name).into());
            }
            names.push(name);
            functions.push(f);
        }
        for (i, f) in functions.iter().enumerate() {
            if let Some(bad) = f.support().into_iter().find(|v| v.index() >= n) {
                return Err(NetworkError::ReadsMissingVariable {
                    target: names[i].clone(),
                    index: bad.index(),
                }
                .into());
            }
        }
        Ok(Network {
            names: names.into(),
            functions,
            index: Arc::new(index),
        })
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.names.len()
    }

    /// All variable ids in order.
    pub fn vars(&self) -> impl ExactSizeIterator<Item = VarId> + '_ {
        (0..self.names.len()).map(VarId::new)
    }

    /// The name of `var`.
    pub fn name(&self, var: VarId) -> &str {
        &self.names[var.index()]
    }

    /// All names in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The variable called `name`.
    pub fn find(&self, name: &str) -> Option<VarId> {
        self.index.get(name).copied()
    }

    /// The update function of `var`.
    pub fn function(&self, var: VarId) -> &Expr {
        &self.functions[var.index()]
    }

    /// All update functions in variable order.
    pub fn functions(&self) -> &[Expr] {
        &self.functions
    }

    /// The role of `var`: input (`X, X`), constant (`X, 0|1`) or internal.
    pub fn kind(&self, var: VarId) -> VarKind {
        let f = self.function(var);
        if f.as_var() == Some(var) {
            VarKind::Input
        } else if let Some(c) = f.as_constant() {
            VarKind::Constant(c)
        } else {
            VarKind::Internal
        }
    }

    /// Whether `var` is an input (`X, X`).
    pub fn is_input(&self, var: VarId) -> bool {
        self.kind(var) == VarKind::Input
    }

    /// The inputs, in order.
    pub fn inputs(&self) -> Vec<VarId> {
        self.vars().filter(|&v| self.is_input(v)).collect()
    }

    /// The constants and their values, in order.
    pub fn constants(&self) -> Vec<(VarId, bool)> {
        self.vars()
            .filter_map(|v| match self.kind(v) {
                VarKind::Constant(c) => Some((v, c)),
                _ => None,
            })
            .collect()
    }

    /// The variables `var`'s function mentions.
    pub fn regulators(&self, var: VarId) -> Vec<VarId> {
        self.function(var).support()
    }

    /// For each variable, the variables whose functions mention it.
    pub fn targets(&self) -> Vec<Vec<VarId>> {
        let mut targets = vec![Vec::new(); self.num_vars()];
        for v in self.vars() {
            for r in self.regulators(v) {
                targets[r.index()].push(v);
            }
        }
        targets
    }

    /// A copy with the function of each `(var, value)` replaced by the constant `value`.
    pub fn with_fixed(&self, fixed: &[(VarId, bool)]) -> Network {
        let mut value: Vec<Option<bool>> = vec![None; self.functions.len()];
        for &(v, b) in fixed {
            value[v.index()] = Some(b);
        }
        Network {
            names: Arc::clone(&self.names),
            functions: self
                .functions
                .iter()
                .zip(value)
                .map(|(f, v)| v.map_or_else(|| f.clone(), Expr::constant))
                .collect(),
            index: Arc::clone(&self.index),
        }
    }

    /// A copy with `var`'s function replaced.
    ///
    /// # Panics
    /// If `function` mentions a variable outside the network.
    pub fn with_function(&self, var: VarId, function: Expr) -> Network {
        assert!(
            function
                .support()
                .iter()
                .all(|v| v.index() < self.num_vars())
        );
        let mut out = self.clone();
        out.functions[var.index()] = function;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::ExprBuilder;

    #[test]
    fn kinds_are_read_from_functions() {
        let mut b = ExprBuilder::new();
        let a = b.var(VarId::new(0));
        let na = b.not(a);
        let f = b.finish(na);
        let net = Network::new(vec![
            ("A".into(), Expr::var(VarId::new(0))),
            ("B".into(), Expr::constant(true)),
            ("C".into(), f),
        ])
        .unwrap();
        assert_eq!(net.kind(VarId::new(0)), VarKind::Input);
        assert_eq!(net.kind(VarId::new(1)), VarKind::Constant(true));
        assert_eq!(net.kind(VarId::new(2)), VarKind::Internal);
        assert_eq!(net.inputs(), vec![VarId::new(0)]);
        assert_eq!(net.find("C"), Some(VarId::new(2)));
        assert_eq!(net.targets()[0], vec![VarId::new(0), VarId::new(2)]);
    }

    #[test]
    fn duplicate_names_are_refused() {
        let r = Network::new(vec![
            ("A".into(), Expr::constant(true)),
            ("A".into(), Expr::constant(false)),
        ]);
        assert!(matches!(
            r,
            Err(Error::Network(NetworkError::DuplicateName(name))) if name == "A"
        ));
    }
}
