//! MathML folding: operators and operands, and the bottom-up construction of a transition's
//! function in its `ExprBuilder` as elements close (never recursive).

use super::{Role, State, get, invalid, unsupported};
use crate::error::ParseError;
use crate::expr::{ExprBuilder, NodeId};
use crate::network::VarId;
use quick_xml::events::BytesStart;

/// A MathML operator inside `<apply>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
    And,
    Or,
    Xor,
    Not,
    Implies,
    Rel(Rel),
}

/// A relational MathML operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rel {
    Eq,
    Neq,
    Geq,
    Gt,
    Leq,
    Lt,
}

impl Rel {
    fn holds(self, a: i64, b: i64) -> bool {
        match self {
            Rel::Eq => a == b,
            Rel::Neq => a != b,
            Rel::Geq => a >= b,
            Rel::Gt => a > b,
            Rel::Leq => a <= b,
            Rel::Lt => a < b,
        }
    }
}

impl Op {
    pub(super) fn from_name(name: &str) -> Option<Op> {
        Some(match name {
            "and" => Op::And,
            "or" => Op::Or,
            "xor" => Op::Xor,
            "not" => Op::Not,
            "implies" => Op::Implies,
            "eq" => Op::Rel(Rel::Eq),
            "neq" => Op::Rel(Rel::Neq),
            "geq" => Op::Rel(Rel::Geq),
            "gt" => Op::Rel(Rel::Gt),
            "leq" => Op::Rel(Rel::Leq),
            "lt" => Op::Rel(Rel::Lt),
            _ => return None,
        })
    }
}

/// The value of a MathML subexpression: a Boolean node of the current transition's builder, or
/// a number (a `cn`, or a `ci` naming an input's threshold level).
#[derive(Clone, Copy, Debug)]
pub(super) enum Operand {
    Bool(NodeId),
    Int(i64),
}

impl State<'_> {
    /// The role of a MathML operand element (a child of `<math>`, or of `<apply>` after its
    /// operator).
    pub(super) fn mathml_operand(
        &mut self,
        e: &BytesStart<'_>,
        local: &str,
    ) -> Result<Role, ParseError> {
        Ok(match local {
            "apply" => Role::Apply {
                op: None,
                operands: Vec::new(),
            },
            "ci" => Role::Ci(String::new()),
            "cn" => {
                let attrs = self.attributes(e)?;
                match get(&attrs, "type").map(str::trim) {
                    None | Some("integer" | "real" | "double") => Role::Cn(String::new()),
                    Some(other) => {
                        return Err(self.error_here(unsupported(format!(
                            "<cn type=\"{other}\">; levels are integers"
                        ))));
                    }
                }
            }
            "true" => Role::Constant(true),
            "false" => Role::Constant(false),
            other => {
                return Err(self.error_here(unsupported(format!(
                    "the MathML element <{other}>; basin reads apply, ci, cn, true and false"
                ))));
            }
        })
    }

    /// A `ci`: an input id of the current transition stands for its threshold level; anything
    /// else is a species id.
    pub(super) fn ci(&mut self, name: &str) -> Result<Operand, ParseError> {
        if name.is_empty() {
            return Err(self.error_here(invalid("an empty ci")));
        }
        let threshold = self
            .current()
            .inputs
            .iter()
            .find(|i| i.id.as_deref() == Some(name))
            .map(|i| i.threshold);
        if !self.species_index.contains_key(name)
            && let Some(threshold) = threshold
        {
            return match threshold {
                Some(t) => Ok(Operand::Int(t)),
                None => Err(self.error_here(invalid(format!(
                    "ci '{name}' names an input without qual:thresholdLevel"
                )))),
            };
        }
        let (pos, len) = {
            let f = self.stack.last().expect("ci frame");
            (f.pos, f.qname.len() + 1)
        };
        let i = self.intern(name, pos, len);
        let node = self.current().builder.var(VarId::new(i as usize));
        Ok(Operand::Bool(node))
    }

    /// Hands the value of the innermost element to its parent (`<math>` or `<apply>`).
    pub(super) fn deliver(&mut self, operand: Operand) -> Result<(), ParseError> {
        let n = self.stack.len();
        let second = match &mut self.stack[n - 2].role {
            Role::Apply { operands, .. } => {
                operands.push(operand);
                false
            }
            Role::Math { value } => value.replace(operand).is_some(),
            _ => false,
        };
        if second {
            return Err(self.error_here(invalid("a second expression in one math element")));
        }
        Ok(())
    }
}

/// An operand in a Boolean context: a number is true when it is not 0.
pub(super) fn as_bool(b: &mut ExprBuilder, o: Operand) -> NodeId {
    match o {
        Operand::Bool(n) => n,
        Operand::Int(k) => b.constant(k != 0),
    }
}

/// Applies `op` to `operands`.
pub(super) fn combine(
    b: &mut ExprBuilder,
    op: Op,
    operands: &[Operand],
) -> Result<Operand, String> {
    let n = operands.len();
    let node = match op {
        Op::Not => {
            if n != 1 {
                return Err(format!("not takes one operand, found {n}"));
            }
            let x = as_bool(b, operands[0]);
            b.not(x)
        }
        Op::Implies => {
            if n != 2 {
                return Err(format!("implies takes two operands, found {n}"));
            }
            let x = as_bool(b, operands[0]);
            let y = as_bool(b, operands[1]);
            b.implies(x, y)
        }
        Op::And | Op::Or | Op::Xor => {
            let mut acc: Option<NodeId> = None;
            for &o in operands {
                let x = as_bool(b, o);
                acc = Some(match acc {
                    None => x,
                    Some(a) => match op {
                        Op::And => b.and(a, x),
                        Op::Or => b.or(a, x),
                        _ => b.xor(a, x),
                    },
                });
            }
            match acc {
                Some(a) => a,
                None => b.constant(op == Op::And),
            }
        }
        Op::Rel(rel) => {
            if n < 2 {
                return Err(format!("a comparison takes two operands, found {n}"));
            }
            let mut acc: Option<NodeId> = None;
            for w in operands.windows(2) {
                let x = relation(b, rel, w[0], w[1]);
                acc = Some(match acc {
                    None => x,
                    Some(a) => b.and(a, x),
                });
            }
            acc.expect("at least one pair")
        }
    };
    Ok(Operand::Bool(node))
}

/// `x rel y` where each side is a number or a Boolean (level 0 or 1). Each operand node is used
/// once, except by `xor` and `<=>`, which `ExprBuilder` shares in the form the writer recognises.
pub(super) fn relation(b: &mut ExprBuilder, rel: Rel, x: Operand, y: Operand) -> NodeId {
    match (x, y) {
        (Operand::Int(p), Operand::Int(q)) => b.constant(rel.holds(p, q)),
        (Operand::Bool(n), Operand::Int(k)) => unary(b, n, rel.holds(0, k), rel.holds(1, k)),
        (Operand::Int(k), Operand::Bool(n)) => unary(b, n, rel.holds(k, 0), rel.holds(k, 1)),
        (Operand::Bool(p), Operand::Bool(q)) => {
            let t = [
                [rel.holds(0, 0), rel.holds(0, 1)],
                [rel.holds(1, 0), rel.holds(1, 1)],
            ];
            binary(b, p, q, t)
        }
    }
}

/// The function of `n` that is `at0` when `n` is 0 and `at1` when it is 1.
pub(super) fn unary(b: &mut ExprBuilder, n: NodeId, at0: bool, at1: bool) -> NodeId {
    match (at0, at1) {
        (false, true) => n,
        (true, false) => b.not(n),
        (c, _) => b.constant(c),
    }
}

/// The function of `p` and `q` with truth table `t[p][q]`.
pub(super) fn binary(b: &mut ExprBuilder, p: NodeId, q: NodeId, t: [[bool; 2]; 2]) -> NodeId {
    if t[0][0] == t[0][1] && t[1][0] == t[1][1] {
        return unary(b, p, t[0][0], t[1][0]);
    }
    if t[0][0] == t[1][0] && t[0][1] == t[1][1] {
        return unary(b, q, t[0][0], t[0][1]);
    }
    if t[0][0] == t[1][1] && t[0][1] == t[1][0] {
        return if t[0][1] { b.xor(p, q) } else { b.iff(p, q) };
    }
    // One cell differs from the other three.
    let trues = t.iter().flatten().filter(|&&c| c).count();
    let odd = trues == 1;
    let (i, j) = (0..4)
        .map(|k| (k / 2, k % 2))
        .find(|&(i, j)| t[i][j] == odd)
        .expect("one odd cell");
    // The odd cell is p = i, q = j.
    let lp = unary(b, p, i == 0, i == 1);
    let lq = unary(b, q, j == 0, j == 1);
    if odd {
        b.and(lp, lq)
    } else {
        let (np, nq) = (b.not(lp), b.not(lq));
        b.or(np, nq)
    }
}
