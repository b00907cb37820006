//! The interaction graph for network tools (Cytoscape, yEd, Gephi): SIF and GraphML, with the
//! edge set of [`super::graph::signed_edges`], the regulations `basin check` counts.
//!
//! **SIF** (Cytoscape's simple interaction format) has one line per regulation,
//! `regulator<TAB>word<TAB>target`, tab-separated so that any name reads back (Cytoscape splits
//! on tabs when a file has them). The words: `activates`, `inhibits`, `dual` (raises the target
//! in some states and lowers it in others), `no-effect` (the function mentions the regulator
//! but does not depend on it) and `unknown` (the function was too large to analyse). A variable
//! in no regulation is written alone on its line, as SIF allows.
//!
//! **GraphML**: nodes with id = variable name and the attribute `kind` (`input`, `constant`,
//! `output`, `internal`; constants also `value`); edges with `sign` (`activation`,
//! `inhibition`, `dual`, `non-essential`, `unknown`). With an [`Overlay`] each node also has
//! `state` (`on`, `off`, `oscillating`), `activity` (share of the attractor's states in which it
//! is on), `perturbed` (`0`/`1` when held there), `fixed` (`0`/`1` for a fixed input) and
//! `group` (the marker groups it belongs to, comma-separated).

use super::graph::{NodeKind, node_kinds, sign_class, signed_edges};
use super::graph_draw::{Overlay, value_class};
use super::svg::{escape, num};
use crate::analysis::{DEFAULT_BDD_NODE_LIMIT, Sign};
use crate::network::Network;
use std::fmt::Write as _;

/// The SIF word of a sign: `activates`, `inhibits`, `dual`, `no-effect` or `unknown`.
pub fn sif_word(sign: Option<Sign>) -> &'static str {
    match sign {
        Some(Sign::Activating) => "activates",
        Some(Sign::Inhibiting) => "inhibits",
        Some(Sign::Dual) => "dual",
        Some(Sign::NonEssential) => "no-effect",
        None => "unknown",
    }
}

/// The interaction graph of `network` in SIF.
///
/// # Examples
/// ```
/// use basin::parse::{parse_str, Format, ParseOptions};
/// use basin::plot::graph_export::to_sif;
/// let model = parse_str("targets, factors\nA, !B\nB, A\nC, 1\n", &ParseOptions::new(Format::Bnet))?;
/// assert_eq!(to_sif(&model.network), "B\tinhibits\tA\nA\tactivates\tB\nC\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_sif(network: &Network) -> String {
    let edges = signed_edges(network, DEFAULT_BDD_NODE_LIMIT);
    let mut in_edge = vec![false; network.num_vars()];
    let mut out = String::new();
    for &(r, t, sign) in &edges {
        in_edge[r.index()] = true;
        in_edge[t.index()] = true;
        let _ = writeln!(
            out,
            "{}\t{}\t{}",
            network.name(r),
            sif_word(sign),
            network.name(t)
        );
    }
    for v in network.vars().filter(|v| !in_edge[v.index()]) {
        let _ = writeln!(out, "{}", network.name(v));
    }
    out
}

/// The interaction graph of `network` in GraphML, with the attractor `overlay` as node
/// attributes when one is given.
pub fn to_graphml(network: &Network, overlay: Option<&Overlay>) -> String {
    let kinds = node_kinds(network);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    let mut keys = vec![
        ("name", "node", "string"),
        ("kind", "node", "string"),
        ("value", "node", "int"),
    ];
    if overlay.is_some() {
        keys.extend([
            ("state", "node", "string"),
            ("activity", "node", "double"),
            ("perturbed", "node", "int"),
            ("fixed", "node", "int"),
            ("group", "node", "string"),
        ]);
    }
    keys.push(("sign", "edge", "string"));
    for (name, target, ty) in &keys {
        let _ = writeln!(
            out,
            "  <key id=\"{name}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
    for v in network.vars() {
        let name = escape(network.name(v));
        let kind = kinds[v.index()];
        let _ = writeln!(out, "    <node id=\"{name}\">");
        let _ = writeln!(out, "      <data key=\"name\">{name}</data>");
        let _ = writeln!(out, "      <data key=\"kind\">{}</data>", kind.as_str());
        if let NodeKind::Constant(c) = kind {
            let _ = writeln!(out, "      <data key=\"value\">{}</data>", u8::from(c));
        }
        if let Some(o) = overlay {
            let a = o.activity.get(v.index()).copied().unwrap_or(0.0);
            let _ = writeln!(out, "      <data key=\"state\">{}</data>", value_class(a));
            let _ = writeln!(out, "      <data key=\"activity\">{}</data>", num(a));
            if let Some(&(_, b)) = o.perturbed.iter().find(|p| p.0 == v) {
                let _ = writeln!(out, "      <data key=\"perturbed\">{}</data>", u8::from(b));
            }
            if let Some(&(_, b)) = o.fixed_inputs.iter().find(|p| p.0 == v) {
                let _ = writeln!(out, "      <data key=\"fixed\">{}</data>", u8::from(b));
            }
            let groups: Vec<&str> = o
                .groups
                .iter()
                .filter(|(_, members)| members.contains(&v))
                .map(|(g, _)| g.as_str())
                .collect();
            if !groups.is_empty() {
                let _ = writeln!(
                    out,
                    "      <data key=\"group\">{}</data>",
                    escape(&groups.join(","))
                );
            }
        }
        out.push_str("    </node>\n");
    }
    for (k, &(r, t, sign)) in signed_edges(network, DEFAULT_BDD_NODE_LIMIT)
        .iter()
        .enumerate()
    {
        let _ = writeln!(
            out,
            "    <edge id=\"e{k}\" source=\"{}\" target=\"{}\"><data key=\"sign\">{}</data></edge>",
            escape(network.name(r)),
            escape(network.name(t)),
            sign_class(sign)
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
