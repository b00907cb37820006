//! `Expr`: a Boolean update function over `VarId`s, stored as a flat arena in topological order.
//!
//! Why an arena and not a boxed tree: published models hold rules 10 000 parentheses deep and
//! megabytes long. A boxed tree would need recursion to evaluate, print and even to drop, and
//! recursion that deep overflows the stack. Here every node's children come before it in one
//! `Vec`, so evaluation, printing, simplification and conversion are loops, and dropping is freeing
//! one vector. Nodes may be shared (the arena is a DAG), which lets readers desugar `xor` or `<=>`
//! without copying operands.
//!
//! Past 700 lines only with its unit tests (the last 150 lines); the code itself is under 670.

use crate::network::VarId;
use hashbrown::HashMap;
use std::fmt::Write as _;

/// Index of a node inside one `Expr`'s arena.
pub type NodeId = u32;

/// One node of an expression. Children always have smaller indices than their parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    /// A constant.
    Const(bool),
    /// A variable.
    Var(VarId),
    /// Negation.
    Not(NodeId),
    /// Conjunction.
    And(NodeId, NodeId),
    /// Disjunction.
    Or(NodeId, NodeId),
}

/// A Boolean expression: an arena of nodes in topological order; the last node is the root.
///
/// Invariant: non-empty, and every child index is smaller than its parent's index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Expr {
    nodes: Vec<Node>,
}

/// Incremental construction of an `Expr`: push nodes bottom-up, then `finish` with the root.
#[derive(Clone, Debug, Default)]
pub struct ExprBuilder {
    nodes: Vec<Node>,
}

impl ExprBuilder {
    /// An empty builder.
    pub fn new() -> ExprBuilder {
        ExprBuilder::default()
    }

    /// Adds a constant node.
    pub fn constant(&mut self, value: bool) -> NodeId {
        self.push(Node::Const(value))
    }

    /// Adds a variable node.
    pub fn var(&mut self, var: VarId) -> NodeId {
        self.push(Node::Var(var))
    }

    /// Adds `!a`.
    pub fn not(&mut self, a: NodeId) -> NodeId {
        self.push(Node::Not(a))
    }

    /// Adds `a & b`.
    pub fn and(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.push(Node::And(a, b))
    }

    /// Adds `a | b`.
    pub fn or(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.push(Node::Or(a, b))
    }

    /// Adds `a ^ b` as `(a & !b) | (!a & b)`, sharing `a` and `b`.
    pub fn xor(&mut self, a: NodeId, b: NodeId) -> NodeId {
        let na = self.not(a);
        let nb = self.not(b);
        let l = self.and(a, nb);
        let r = self.and(na, b);
        self.or(l, r)
    }

    /// Adds `a <=> b` as `(a & b) | (!a & !b)`, sharing `a` and `b`.
    pub fn iff(&mut self, a: NodeId, b: NodeId) -> NodeId {
        let x = self.xor(a, b);
        self.not(x)
    }

    /// Adds `a => b` as `!a | b`.
    pub fn implies(&mut self, a: NodeId, b: NodeId) -> NodeId {
        let na = self.not(a);
        self.or(na, b)
    }

    /// Adds a node.
    ///
    /// # Panics
    /// If a child index is not smaller than the new node's index.
    pub fn push(&mut self, node: Node) -> NodeId {
        let id = self.nodes.len() as NodeId;
        match node {
            Node::Not(a) => assert!(a < id, "child after parent"),
            Node::And(a, b) | Node::Or(a, b) => assert!(a < id && b < id, "child after parent"),
            _ => {}
        }
        self.nodes.push(node);
        id
    }

    /// Number of nodes pushed so far.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The expression rooted at `root`; nodes that the root does not reach are dropped.
    ///
    /// # Panics
    /// If `root` was not pushed.
    pub fn finish(self, root: NodeId) -> Expr {
        assert!((root as usize) < self.nodes.len(), "root out of range");
        Expr::compact(self.nodes, root)
    }
}

impl Expr {
    /// The constant expression `value`.
    pub fn constant(value: bool) -> Expr {
        Expr {
            nodes: vec![Node::Const(value)],
        }
    }

    /// The expression that is just `var`.
    pub fn var(var: VarId) -> Expr {
        Expr {
            nodes: vec![Node::Var(var)],
        }
    }

    /// Keeps only the nodes reachable from `root`, renumbered in order.
    fn compact(mut nodes: Vec<Node>, root: NodeId) -> Expr {
        let root = root as usize;
        nodes.truncate(root + 1);
        let mut live = vec![false; nodes.len()];
        live[root] = true;
        for i in (0..nodes.len()).rev() {
            if !live[i] {
                continue;
            }
            match nodes[i] {
                Node::Not(a) => live[a as usize] = true,
                Node::And(a, b) | Node::Or(a, b) => {
                    live[a as usize] = true;
                    live[b as usize] = true;
                }
                _ => {}
            }
        }
        if live.iter().all(|&l| l) {
            return Expr { nodes };
        }
        let mut remap = vec![0 as NodeId; nodes.len()];
        let mut out = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.into_iter().enumerate() {
            if !live[i] {
                continue;
            }
            remap[i] = out.len() as NodeId;
            out.push(match node {
                Node::Not(a) => Node::Not(remap[a as usize]),
                Node::And(a, b) => Node::And(remap[a as usize], remap[b as usize]),
                Node::Or(a, b) => Node::Or(remap[a as usize], remap[b as usize]),
                other => other,
            });
        }
        Expr { nodes: out }
    }

    /// The nodes, children before parents; the last is the root.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Index of the root node.
    pub fn root(&self) -> NodeId {
        (self.nodes.len() - 1) as NodeId
    }

    /// Number of nodes.
    pub fn num_nodes(&self) -> usize {
        self.nodes.len()
    }

    /// `Some(value)` when the expression is syntactically a constant.
    pub fn as_constant(&self) -> Option<bool> {
        match self.nodes.last() {
            Some(Node::Const(v)) => Some(*v),
            _ => None,
        }
    }

    /// `Some(var)` when the expression is syntactically a single variable.
    pub fn as_var(&self) -> Option<VarId> {
        match self.nodes.last() {
            Some(Node::Var(v)) => Some(*v),
            _ => None,
        }
    }

    /// Evaluates the expression, reading variables through `value`.
    ///
    /// # Complexity
    /// O(number of nodes) time and one `bool` of scratch per node.
    pub fn eval(&self, value: impl Fn(VarId) -> bool) -> bool {
        let mut scratch = Vec::new();
        self.eval_with(&mut scratch, value)
    }

    /// As [`Expr::eval`], reusing `scratch` between calls.
    pub fn eval_with(&self, scratch: &mut Vec<bool>, value: impl Fn(VarId) -> bool) -> bool {
        scratch.clear();
        scratch.reserve(self.nodes.len());
        for node in &self.nodes {
            let v = match *node {
                Node::Const(c) => c,
                Node::Var(x) => value(x),
                Node::Not(a) => !scratch[a as usize],
                Node::And(a, b) => scratch[a as usize] && scratch[b as usize],
                Node::Or(a, b) => scratch[a as usize] || scratch[b as usize],
            };
            scratch.push(v);
        }
        scratch[self.nodes.len() - 1]
    }

    /// Evaluates on a state packed in a `u64` (bit i = variable i). Variables must be below 64.
    pub fn eval_bits(&self, state: u64) -> bool {
        self.eval(|v| (state >> v.index()) & 1 == 1)
    }

    /// The variables the expression mentions (its syntactic regulators), sorted and without repeats.
    pub fn support(&self) -> Vec<VarId> {
        let mut vars: Vec<VarId> = self
            .nodes
            .iter()
            .filter_map(|n| if let Node::Var(v) = n { Some(*v) } else { None })
            .collect();
        vars.sort_unstable();
        vars.dedup();
        vars
    }

    /// Renames variables with `f`.
    pub fn map_vars(&self, f: impl Fn(VarId) -> VarId) -> Expr {
        Expr {
            nodes: self
                .nodes
                .iter()
                .map(|n| {
                    if let Node::Var(v) = n {
                        Node::Var(f(*v))
                    } else {
                        *n
                    }
                })
                .collect(),
        }
    }

    /// Substitutes the variables for which `fixed` gives a value and folds constants:
    /// `x & 0 = 0`, `x & 1 = x`, `x | 1 = 1`, `x | 0 = x`, `!!x = x`, `x & x = x`, `x | x = x`.
    /// The result is a constant exactly when folding reaches one; it is not a full
    /// tautology check.
    pub fn restrict(&self, fixed: impl Fn(VarId) -> Option<bool>) -> Expr {
        let mut b = ExprBuilder::new();
        // Hash-consing keeps shared structure shared after folding.
        let mut cache: HashMap<Node, NodeId> = HashMap::new();
        let mut map: Vec<NodeId> = Vec::with_capacity(self.nodes.len());
        let mut intern = |b: &mut ExprBuilder, n: Node| -> NodeId {
            *cache.entry(n).or_insert_with(|| b.push(n))
        };
        for node in &self.nodes {
            let new = match *node {
                Node::Const(c) => intern(&mut b, Node::Const(c)),
                Node::Var(v) => match fixed(v) {
                    Some(c) => intern(&mut b, Node::Const(c)),
                    None => intern(&mut b, Node::Var(v)),
                },
                Node::Not(a) => {
                    let a = map[a as usize];
                    match b.nodes[a as usize] {
                        Node::Const(c) => intern(&mut b, Node::Const(!c)),
                        Node::Not(inner) => inner,
                        _ => intern(&mut b, Node::Not(a)),
                    }
                }
                Node::And(x, y) | Node::Or(x, y) => {
                    let is_and = matches!(node, Node::And(..));
                    let (x, y) = (map[x as usize], map[y as usize]);
                    let (cx, cy) = (const_of(&b.nodes, x), const_of(&b.nodes, y));
                    match (cx, cy) {
                        (Some(c), _) if c != is_and => intern(&mut b, Node::Const(c)),
                        (_, Some(c)) if c != is_and => intern(&mut b, Node::Const(c)),
                        (Some(_), _) => y,
                        (_, Some(_)) => x,
                        _ if x == y => x,
                        _ if is_and => intern(&mut b, Node::And(x, y)),
                        _ => intern(&mut b, Node::Or(x, y)),
                    }
                }
            };
            map.push(new);
        }
        let root = map[self.nodes.len() - 1];
        b.finish(root)
    }

    /// An upper bound on the length of the text the writers produce for this expression: the
    /// expression written as a tree, each shared subexpression once per use (text cannot share,
    /// so a chain of AEON `^`, read as and/or/not over shared operands, doubles at every step),
    /// with `name_len(v)` bytes per variable, 5 per constant, 6 per negation and 7 per binary
    /// operator (operator and parentheses). One pass over the nodes; saturates.
    ///
    /// With `xor`, exclusive ors (as [`ExprBuilder::xor`] builds them) count as written with an
    /// `^` operator, each operand once (AEON's text has one).
    pub fn written_len_bound(&self, name_len: impl Fn(VarId) -> usize, xor: bool) -> u128 {
        let mut len: Vec<u128> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let l = match *node {
                Node::Const(_) => 5,
                Node::Var(v) => name_len(v) as u128,
                Node::Not(a) => len[a as usize].saturating_add(6),
                Node::Or(l, r) if xor && xor_operands(&self.nodes, l, r).is_some() => {
                    let (a, b) = xor_operands(&self.nodes, l, r).expect("checked");
                    len[a as usize]
                        .saturating_add(len[b as usize])
                        .saturating_add(7)
                }
                Node::And(a, b) | Node::Or(a, b) => len[a as usize]
                    .saturating_add(len[b as usize])
                    .saturating_add(7),
            };
            len.push(l);
        }
        len.last().copied().unwrap_or(0)
    }

    /// Writes the expression in bnet syntax (`!`, `&`, `|`, parentheses only where needed).
    pub fn to_bnet(&self, name: impl Fn(VarId) -> String) -> String {
        self.render(&Syntax::BNET, name)
    }

    /// Writes the expression with the given operator spellings, iteratively (no recursion on
    /// depth), with the fewest parentheses the precedence `not > and > or` needs.
    pub(crate) fn render(&self, syntax: &Syntax, name: impl Fn(VarId) -> String) -> String {
        enum Task {
            Node(NodeId, u8),
            Text(&'static str),
        }
        let mut out = String::new();
        let mut stack = vec![Task::Node(self.root(), 0)];
        while let Some(task) = stack.pop() {
            match task {
                Task::Text(t) => out.push_str(t),
                Task::Node(id, parent_prec) => {
                    let node = self.nodes[id as usize];
                    if let (Some(xor), Node::Or(l, r)) = (syntax.xor, node)
                        && let Some((a, b)) = xor_operands(&self.nodes, l, r)
                    {
                        // Always parenthesised, operands too unless atoms or negations: the
                        // precedence of `^` differs between tools.
                        out.push('(');
                        stack.push(Task::Text(")"));
                        stack.push(Task::Node(b, PREC_NOT));
                        stack.push(Task::Text(xor));
                        stack.push(Task::Node(a, PREC_NOT));
                        continue;
                    }
                    let prec = precedence(node);
                    let parens = prec < parent_prec;
                    if parens {
                        out.push('(');
                        stack.push(Task::Text(")"));
                    }
                    match node {
                        Node::Const(c) => out.push_str(if c { syntax.t } else { syntax.f }),
                        Node::Var(v) => {
                            let _ = write!(out, "{}", name(v));
                        }
                        Node::Not(a) => {
                            out.push_str(syntax.not);
                            stack.push(Task::Node(a, PREC_NOT));
                        }
                        Node::And(a, b) => {
                            stack.push(Task::Node(b, PREC_AND));
                            stack.push(Task::Text(syntax.and));
                            stack.push(Task::Node(a, PREC_AND));
                        }
                        Node::Or(a, b) => {
                            stack.push(Task::Node(b, PREC_OR));
                            stack.push(Task::Text(syntax.or));
                            stack.push(Task::Node(a, PREC_OR));
                        }
                    }
                }
            }
        }
        out
    }
}

/// One single edit of an update function, the unit of `basin test --mutants single-edits`.
///
/// The edits are defined on the arena (the expression as parsed), with these words:
///
/// * A **literal** of a variable `R` is a `Var(R)` node, or a `Not` node whose child is `Var(R)`;
///   a literal *site* is a `Not(Var)` node, or a `Var` node that is not the child of a `Not`.
/// * **Edge deletion** (`DeleteEdge { regulator: R }`): the edge R → target disappears. Every
///   literal of `R` whose parent is a binary operator is replaced by that operator's neutral
///   element (`1` under `&`, `0` under `|`), so `A & !R` becomes `A` and `A | R` becomes `A`;
///   anywhere else (a literal that is the whole rule, or under a further negation) `R` reads as
///   0, so the rule `R` becomes `0` and `!R` becomes `1` (the value without the regulator).
///   Constants are then folded ([`Expr::restrict`]). One edit per regulator (the support), in
///   variable order.
/// * **Operator flip** (`FlipOperator { node }`): the binary operator at that arena node turns
///   from `&` to `|` or back, its operands unchanged. One edit per binary node, in arena order.
/// * **Sign flip** (`FlipSign { node }`): the literal at that site is negated: `R` becomes `!R`
///   and `!R` becomes `R`. One edit per literal site, in arena order.
///
/// [`Expr::single_edits`] lists them in that order (deletions, flips, signs): a deterministic
/// order that depends only on the expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edit {
    /// Every literal of `regulator` removed (see the type's doc).
    DeleteEdge {
        /// The regulator whose edge is deleted.
        regulator: VarId,
    },
    /// The `&` / `|` at this arena node swapped.
    FlipOperator {
        /// The binary node.
        node: NodeId,
    },
    /// The literal at this arena site negated.
    FlipSign {
        /// The literal site (`Var` or `Not(Var)` node).
        node: NodeId,
    },
}

impl Expr {
    /// The sub-expression rooted at `node` (for describing an edit).
    ///
    /// # Panics
    /// If `node` is not a node of the expression.
    pub fn subexpression(&self, node: NodeId) -> Expr {
        assert!((node as usize) < self.nodes.len(), "node out of range");
        Expr::compact(self.nodes.clone(), node)
    }

    /// The variable of the literal at `node` and whether it is positive, when `node` is a
    /// literal (`Var(R)` or `Not(Var(R))`).
    pub fn literal(&self, node: NodeId) -> Option<(VarId, bool)> {
        match self.nodes[node as usize] {
            Node::Var(v) => Some((v, true)),
            Node::Not(a) => match self.nodes[a as usize] {
                Node::Var(v) => Some((v, false)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The literal sites (see [`Edit`]), in arena order.
    pub fn literal_sites(&self) -> Vec<NodeId> {
        let mut under_not = vec![false; self.nodes.len()];
        for node in &self.nodes {
            if let Node::Not(a) = *node {
                under_not[a as usize] = true;
            }
        }
        (0..self.nodes.len() as NodeId)
            .filter(|&i| match self.nodes[i as usize] {
                Node::Var(_) => !under_not[i as usize],
                Node::Not(_) => self.literal(i).is_some(),
                _ => false,
            })
            .collect()
    }

    /// Every single edit of the expression, in the documented order (see [`Edit`]).
    pub fn single_edits(&self) -> Vec<Edit> {
        let mut edits: Vec<Edit> = self
            .support()
            .into_iter()
            .map(|regulator| Edit::DeleteEdge { regulator })
            .collect();
        edits.extend(
            (0..self.nodes.len() as NodeId)
                .filter(|&i| matches!(self.nodes[i as usize], Node::And(..) | Node::Or(..)))
                .map(|node| Edit::FlipOperator { node }),
        );
        edits.extend(
            self.literal_sites()
                .into_iter()
                .map(|node| Edit::FlipSign { node }),
        );
        edits
    }

    /// The expression with `edit` applied, constants folded.
    ///
    /// # Panics
    /// If the edit names a node that is not a binary operator (`FlipOperator`) or not a
    /// literal site (`FlipSign`).
    pub fn edited(&self, edit: Edit) -> Expr {
        let mut b = ExprBuilder::new();
        let mut map: Vec<NodeId> = Vec::with_capacity(self.nodes.len());
        match edit {
            Edit::DeleteEdge { regulator } => {
                let is_literal =
                    |i: NodeId| matches!(self.literal(i), Some((v, _)) if v == regulator);
                for node in &self.nodes {
                    let new = match *node {
                        Node::Var(v) if v == regulator => b.constant(false),
                        Node::And(x, y) | Node::Or(x, y) => {
                            let is_and = matches!(node, Node::And(..));
                            let child = |c: NodeId, b: &mut ExprBuilder| {
                                if is_literal(c) {
                                    b.constant(is_and)
                                } else {
                                    map[c as usize]
                                }
                            };
                            let (x, y) = (child(x, &mut b), child(y, &mut b));
                            if is_and { b.and(x, y) } else { b.or(x, y) }
                        }
                        other => b.push(remap(other, &map)),
                    };
                    map.push(new);
                }
            }
            Edit::FlipOperator { node } => {
                for (i, n) in self.nodes.iter().enumerate() {
                    let new = match (*n, i as NodeId == node) {
                        (Node::And(x, y), true) => b.or(map[x as usize], map[y as usize]),
                        (Node::Or(x, y), true) => b.and(map[x as usize], map[y as usize]),
                        (_, true) => panic!("operator flip at a node that is no & or |"),
                        (other, false) => b.push(remap(other, &map)),
                    };
                    map.push(new);
                }
            }
            Edit::FlipSign { node } => {
                assert!(
                    self.literal_sites().contains(&node),
                    "sign flip at a node that is no literal site"
                );
                for (i, n) in self.nodes.iter().enumerate() {
                    let new = match (*n, i as NodeId == node) {
                        (Node::Var(_), true) => {
                            let v = b.push(*n);
                            b.not(v)
                        }
                        (Node::Not(a), true) => map[a as usize],
                        (other, _) => b.push(remap(other, &map)),
                    };
                    map.push(new);
                }
            }
        }
        let root = map[self.nodes.len() - 1];
        b.finish(root).restrict(|_| None)
    }
}

/// `node` with its children renumbered through `map`.
fn remap(node: Node, map: &[NodeId]) -> Node {
    match node {
        Node::Not(a) => Node::Not(map[a as usize]),
        Node::And(a, b) => Node::And(map[a as usize], map[b as usize]),
        Node::Or(a, b) => Node::Or(map[a as usize], map[b as usize]),
        other => other,
    }
}

/// `Some((a, b))` when `l | r` is `(a & !b) | (!a & b)` as [`ExprBuilder::xor`] builds it.
pub(crate) fn xor_operands(nodes: &[Node], l: NodeId, r: NodeId) -> Option<(NodeId, NodeId)> {
    let (Node::And(a, nb), Node::And(na, b)) = (nodes[l as usize], nodes[r as usize]) else {
        return None;
    };
    match (nodes[nb as usize], nodes[na as usize]) {
        (Node::Not(b2), Node::Not(a2)) if a2 == a && b2 == b => Some((a, b)),
        _ => None,
    }
}

fn const_of(nodes: &[Node], id: NodeId) -> Option<bool> {
    match nodes[id as usize] {
        Node::Const(c) => Some(c),
        _ => None,
    }
}

const PREC_OR: u8 = 1;
const PREC_AND: u8 = 2;
const PREC_NOT: u8 = 3;

fn precedence(node: Node) -> u8 {
    match node {
        Node::Or(..) => PREC_OR,
        Node::And(..) => PREC_AND,
        Node::Not(..) => PREC_NOT,
        _ => 4,
    }
}

/// Operator spellings of one output format.
pub(crate) struct Syntax {
    pub(crate) not: &'static str,
    pub(crate) and: &'static str,
    pub(crate) or: &'static str,
    pub(crate) t: &'static str,
    pub(crate) f: &'static str,
    /// Exclusive or, when the format has one.
    pub(crate) xor: Option<&'static str>,
}

impl Syntax {
    pub(crate) const BNET: Syntax = Syntax {
        not: "!",
        and: " & ",
        or: " | ",
        t: "1",
        f: "0",
        xor: None,
    };
    pub(crate) const AEON: Syntax = Syntax {
        not: "!",
        and: " & ",
        or: " | ",
        t: "true",
        f: "false",
        xor: Some(" ^ "),
    };
    pub(crate) const BOOLEANNET: Syntax = Syntax {
        not: "not ",
        and: " and ",
        or: " or ",
        t: "True",
        f: "False",
        xor: None,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(i: u32) -> VarId {
        VarId::new(i as usize)
    }

    fn name(x: VarId) -> String {
        ["a", "b", "c", "d"][x.index()].to_string()
    }

    fn rule(text: &str) -> Expr {
        let net = crate::parse::parse_str(
            "a, a\nb, b\nc, c\nd, d\n",
            &crate::parse::ParseOptions::new(crate::parse::Format::Bnet),
        )
        .unwrap()
        .network;
        crate::parse::parse_expression(&net, text).unwrap()
    }

    fn all_edits(text: &str) -> Vec<String> {
        let e = rule(text);
        e.single_edits()
            .into_iter()
            .map(|edit| e.edited(edit).to_bnet(name))
            .collect()
    }

    #[test]
    fn single_edits_follow_their_definitions() {
        // Deletions (a, b, c), the two operators (inner `|` first: arena order), then the three
        // literal sites.
        assert_eq!(
            all_edits("(a | b) & !c"),
            [
                "b & !c",
                "a & !c",
                "a | b",
                "a & b & !c",
                "a | b | !c",
                "(!a | b) & !c",
                "(a | !b) & !c",
                "(a | b) & c"
            ]
        );
    }

    #[test]
    fn deleting_the_only_regulator_leaves_its_absent_value() {
        assert_eq!(all_edits("a"), ["0", "!a"]);
        assert_eq!(all_edits("!a"), ["1", "a"]);
        // Under a further negation the regulator reads as 0: !(a | b) loses a, keeps !b.
        assert_eq!(
            all_edits("!(a | b)")[..2],
            ["!b".to_string(), "!a".to_string()]
        );
    }

    #[test]
    fn every_literal_of_a_deleted_regulator_goes() {
        let e = rule("(a & b) | (!a & c)");
        let deleted = e.edited(Edit::DeleteEdge { regulator: v(0) });
        assert_eq!(deleted.to_bnet(name), "b | c");
        assert_eq!(e.literal_sites().len(), 4);
    }

    #[test]
    fn eval_follows_the_truth_table() {
        let mut b = ExprBuilder::new();
        let a = b.var(v(0));
        let bb = b.var(v(1));
        let na = b.not(a);
        let and = b.and(na, bb);
        let e = b.finish(and);
        assert!(!e.eval_bits(0b00));
        assert!(!e.eval_bits(0b01));
        assert!(e.eval_bits(0b10));
        assert!(!e.eval_bits(0b11));
    }

    #[test]
    fn rendering_uses_minimal_parentheses() {
        let mut b = ExprBuilder::new();
        let a = b.var(v(0));
        let bb = b.var(v(1));
        let c = b.var(v(2));
        let or = b.or(a, bb);
        let and = b.and(or, c);
        let not = b.not(and);
        let e = b.finish(not);
        assert_eq!(e.to_bnet(name), "!((a | b) & c)");
    }

    #[test]
    fn xor_is_shared_not_copied() {
        let mut b = ExprBuilder::new();
        let a = b.var(v(0));
        let bb = b.var(v(1));
        let x = b.xor(a, bb);
        let e = b.finish(x);
        assert_eq!(e.num_nodes(), 7);
        for s in 0..4u64 {
            assert_eq!(e.eval_bits(s), (s & 1) ^ (s >> 1) == 1);
        }
    }

    #[test]
    fn restrict_folds_constants() {
        let mut b = ExprBuilder::new();
        let a = b.var(v(0));
        let bb = b.var(v(1));
        let nb = b.not(bb);
        let and = b.and(a, nb);
        let e = b.finish(and);
        assert_eq!(
            e.restrict(|x| (x == v(1)).then_some(true)).as_constant(),
            Some(false)
        );
        assert_eq!(
            e.restrict(|x| (x == v(1)).then_some(false)).as_var(),
            Some(v(0))
        );
    }

    #[test]
    fn deep_expressions_evaluate_and_render_without_recursion() {
        let depth = 200_000;
        let mut b = ExprBuilder::new();
        let mut cur = b.var(v(0));
        for i in 0..depth {
            let x = b.var(v(1 + (i % 3) as u32));
            cur = if i % 2 == 0 {
                b.and(x, cur)
            } else {
                b.or(x, cur)
            };
            cur = b.not(cur);
        }
        let e = b.finish(cur);
        let text = e.to_bnet(name);
        assert!(text.len() > depth);
        let _ = e.eval_bits(0b1011);
        let _ = e.restrict(|_| None);
    }
}
