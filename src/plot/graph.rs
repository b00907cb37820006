//! The interaction graph as data: one node per variable with its role ([`NodeKind`]), one edge
//! per regulation with the sign its target's function gives it ([`crate::analysis`], exact, with
//! BDDs), the same edge set `basin check` counts; and the graph as Graphviz DOT for Graphviz
//! users. basin draws it itself with [`super::graph_draw`] and exports it for network tools with
//! [`super::graph_export`].
//!
//! DOT edges: activation `→` (bluish green, normal arrowhead), inhibition `⊣` (vermillion,
//! `arrowhead=tee`), dual (dashed, open diamond), mentioned without effect (dotted grey, no
//! arrowhead), not analysed (grey, empty arrowhead: the function was too large to analyse
//! within the BDD node limit). Inputs are rounded light-blue boxes, constants dashed boxes,
//! outputs (read by no other variable) light-orange ellipses. The identity rule of an input
//! (`X, X`) declares it and is not drawn as a self-loop.

use crate::analysis::{
    DEFAULT_BDD_NODE_LIMIT, Sign, regulation_signs_with_limit, try_bdd_variables,
};
use crate::network::{Network, VarId, VarKind};
use std::fmt::Write as _;

/// The font Graphviz is asked for (it resolves it through fontconfig; DejaVu Sans is on
/// practically every system that has Graphviz).
const DOT_FONT: &str = "DejaVu Sans";

/// A DOT identifier: quoted, with `"` and `\` escaped.
fn id(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The regulations of `network`: `(regulator, target, sign)`, `None` where the target's
/// function was too large to analyse within `node_limit` BDD nodes. Input identity rules are
/// left out. With [`DEFAULT_BDD_NODE_LIMIT`] this is exactly the edge set `basin check` counts
/// ([`crate::lint`]), ordered by target, then regulator.
pub fn signed_edges(network: &Network, node_limit: usize) -> Vec<(VarId, VarId, Option<Sign>)> {
    let vars = try_bdd_variables(network.num_vars());
    let mut edges = Vec::new();
    for target in network.vars() {
        if network.is_input(target) {
            continue;
        }
        let signs = vars
            .as_ref()
            .and_then(|v| regulation_signs_with_limit(network, v, target, node_limit).ok());
        match signs {
            Some(signs) => edges.extend(signs.into_iter().map(|(r, s)| (r, target, Some(s)))),
            None => edges.extend(
                network
                    .regulators(target)
                    .into_iter()
                    .map(|r| (r, target, None)),
            ),
        }
    }
    edges
}

/// The role a node plays in the drawing and the exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// An input (`X, X`).
    Input,
    /// A constant (`X, 0` or `X, 1`).
    Constant(bool),
    /// A variable with an update function that no other variable reads.
    Output,
    /// Any other variable.
    Internal,
}

impl NodeKind {
    /// `input`, `constant`, `output` or `internal`: the class of the node in the SVG and its
    /// `kind` in GraphML.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Input => "input",
            NodeKind::Constant(_) => "constant",
            NodeKind::Output => "output",
            NodeKind::Internal => "internal",
        }
    }
}

/// The kind of every variable, in order. Outputs are what `basin check` reports as outputs:
/// variables with a function (not inputs, not constants) that no other variable reads.
pub fn node_kinds(network: &Network) -> Vec<NodeKind> {
    let mut read_by_others = vec![false; network.num_vars()];
    for v in network.vars() {
        for r in network.regulators(v) {
            if r != v {
                read_by_others[r.index()] = true;
            }
        }
    }
    network
        .vars()
        .map(|v| match network.kind(v) {
            VarKind::Input => NodeKind::Input,
            VarKind::Constant(c) => NodeKind::Constant(c),
            VarKind::Internal if !read_by_others[v.index()] => NodeKind::Output,
            VarKind::Internal => NodeKind::Internal,
        })
        .collect()
}

/// The word for a regulation's sign in the SVG classes and GraphML: `activation`, `inhibition`,
/// `dual`, `non-essential` (mentioned without effect) or `unknown` (not analysed).
pub fn sign_class(sign: Option<Sign>) -> &'static str {
    match sign {
        Some(Sign::Activating) => "activation",
        Some(Sign::Inhibiting) => "inhibition",
        Some(Sign::Dual) => "dual",
        Some(Sign::NonEssential) => "non-essential",
        None => "unknown",
    }
}

/// The interaction graph of `network` in DOT, titled `name`.
pub fn to_dot(network: &Network, name: &str) -> String {
    let mut read_by_others = vec![false; network.num_vars()];
    for v in network.vars() {
        for r in network.regulators(v) {
            if r != v {
                read_by_others[r.index()] = true;
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", id(name));
    let _ = writeln!(
        out,
        "  graph [rankdir=TB, fontname={f}, fontsize=12, labelloc=b, label={}];",
        id(&format!(
            "{name}: → activation   ⊣ inhibition   dashed ◇ dual   dotted: no effect   \
             boxes: inputs   orange: outputs"
        )),
        f = id(DOT_FONT)
    );
    let _ = writeln!(
        out,
        "  node [fontname={}, fontsize=11, shape=ellipse, style=filled, fillcolor=\"#ffffff\", color=\"#444444\"];",
        id(DOT_FONT)
    );
    let _ = writeln!(out, "  edge [color=\"#444444\", penwidth=1.2];");
    for v in network.vars() {
        let style = match network.kind(v) {
            VarKind::Input => "shape=box, style=\"rounded,filled\", fillcolor=\"#cfe8f7\"",
            VarKind::Constant(_) => "shape=box, style=\"dashed,filled\", fillcolor=\"#eeeeee\"",
            VarKind::Internal if !read_by_others[v.index()] => "fillcolor=\"#fbe3c2\"",
            VarKind::Internal => "",
        };
        let label = match network.kind(v) {
            VarKind::Constant(c) => format!(
                ", label={}",
                id(&format!("{} = {}", network.name(v), u8::from(c)))
            ),
            _ => String::new(),
        };
        let attrs = match (style.is_empty(), label.is_empty()) {
            (true, true) => String::new(),
            (true, false) => format!(" [{}]", &label[2..]),
            (false, _) => format!(" [{style}{label}]"),
        };
        let _ = writeln!(out, "  {}{attrs};", id(network.name(v)));
    }
    for (r, t, sign) in signed_edges(network, DEFAULT_BDD_NODE_LIMIT) {
        let style = match sign {
            Some(Sign::Activating) => "color=\"#009E73\", arrowhead=normal",
            Some(Sign::Inhibiting) => "color=\"#D55E00\", arrowhead=tee",
            Some(Sign::Dual) => "color=\"#555555\", style=dashed, arrowhead=odiamond",
            Some(Sign::NonEssential) => "color=\"#999999\", style=dotted, arrowhead=none",
            None => "color=\"#999999\", arrowhead=empty",
        };
        let sign_name = match sign {
            Some(s) => s.to_string(),
            None => "not analysed".to_string(),
        };
        let _ = writeln!(
            out,
            "  {} -> {} [{style}, tooltip={}];",
            id(network.name(r)),
            id(network.name(t)),
            id(&format!(
                "{} {sign_name} {}",
                network.name(r),
                network.name(t)
            ))
        );
    }
    out.push_str("}\n");
    out
}
