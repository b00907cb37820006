//! The SBML-qual writer: a `Network` as SBML Level 3 Version 1 with the qual package.
//!
//! Layout, chosen so that GINsim, bioLQM and AEON read the file as basin does:
//! - one compartment, one `qual:qualitativeSpecies` per variable (`maxLevel="1"`), named by its
//!   id; `qual:name` carries the display label, or the original name where the id had to be
//!   changed;
//! - inputs (`X, X`) are `constant="true"` species without a transition and without an initial
//!   level: bioLQM and GINsim read exactly that as an input (and a non-constant species without a
//!   transition as constant 0), AEON reads any species without a transition as a free input;
//! - a constant is a transition with a default term only (`resultLevel` = its value), so that
//!   tools that read a constant species as a free input still see a fixed value;
//! - every other variable has a transition: its regulators as `qual:input`s with the sign
//!   computed from the function (`positive`, `negative`, `dual`, or `unknown` where the function
//!   mentions the regulator without depending on it), a default term 0 and one function term 1.
//!
//! MathML is written iteratively (functions nest thousands deep), with n-ary `and`/`or` for chains,
//! `<apply><eq/><ci>X</ci><cn type="integer">1</cn></apply>` for "X is on" (`0` for "X is off").
//! MathML cannot share subexpressions, so shared nodes of the arena are written once per use.
//! An exclusive or (`xor`, `<=>`, shared as `ExprBuilder` builds them) is written with `and`,
//! `or` and `not`, which every tool reads (bioLQM has no `xor`), unless that would more than
//! quadruple the function: chained exclusive ors double at each level, so then `<xor/>` is used.

use super::{MATHML_NAMESPACE, QUAL_NAMESPACE, SBML_NAMESPACE, is_sid, readable_name};
use crate::analysis::{
    DEFAULT_BDD_NODE_LIMIT, Sign, bdd_sign, bdd_variables, expr_to_bdd_with_limit,
};
use crate::expr::{Expr, Node, NodeId, xor_operands};
use crate::network::{Network, VarId, VarKind};
use crate::write::Written;
use quick_xml::escape::escape;
use std::collections::HashSet;
use std::fmt::Write as _;

/// MathML is indented up to this depth; deeper elements stay at this indentation so that a
/// 10 000-deep function does not cost 10 000² spaces.
const MAX_INDENT: usize = 24;

/// Writes `network` as SBML-qual. `labels` are display names written as `qual:name`
/// (for example the `labels` of a [`crate::parse::Model`] read from SBML).
///
/// Names that are not SBML identifiers (`IL-6`) are written as readable ids (`IL_6`), kept as
/// `qual:name`, and listed in [`Written::renamed`].
///
/// # Examples
/// ```
/// use basin::parse::{parse_str, Format, ParseOptions};
/// let net = parse_str("A, A\nB, !A | B\n", &ParseOptions::new(Format::Bnet))?.network;
/// let xml = basin::sbml::write(&net, &[]).text;
/// let back = basin::sbml::parse(&xml, &ParseOptions::new(Format::Sbml))?.network;
/// basin::analysis::same_functions(&net, &back)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write(network: &Network, labels: &[(VarId, String)]) -> Written {
    let n = network.num_vars();
    let mut taken: HashSet<String> = network
        .names()
        .iter()
        .filter(|s| is_sid(s))
        .cloned()
        .collect();
    let mut ids = Vec::with_capacity(n);
    let mut renamed = Vec::new();
    let mut display: Vec<Option<String>> = vec![None; n];
    for (v, name) in network.names().iter().enumerate() {
        if is_sid(name) {
            ids.push(name.clone());
        } else {
            let id = readable_name(name, is_sid, &mut taken);
            renamed.push((name.clone(), id.clone()));
            display[v] = Some(name.clone());
            ids.push(id);
        }
    }
    for (v, label) in labels {
        if v.index() < n {
            display[v.index()] = Some(label.clone());
        }
    }
    let mut fresh = |base: String| -> String {
        let mut candidate = base.clone();
        let mut k = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}_{k}");
            k += 1;
        }
        taken.insert(candidate.clone());
        candidate
    };
    let model_id = fresh("model".into());
    let compartment = fresh("comp1".into());

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<sbml xmlns=\"{SBML_NAMESPACE}\" xmlns:qual=\"{QUAL_NAMESPACE}\" level=\"3\" version=\"1\" qual:required=\"true\">"
    );
    let _ = writeln!(out, "  <model id=\"{model_id}\">");
    out.push_str("    <listOfCompartments>\n");
    let _ = writeln!(
        out,
        "      <compartment id=\"{compartment}\" constant=\"true\"/>"
    );
    out.push_str("    </listOfCompartments>\n");
    out.push_str("    <qual:listOfQualitativeSpecies>\n");
    for v in network.vars() {
        let _ = write!(
            out,
            "      <qual:qualitativeSpecies qual:id=\"{}\"",
            ids[v.index()]
        );
        if let Some(label) = &display[v.index()] {
            let _ = write!(out, " qual:name=\"{}\"", escape(label.as_str()));
        }
        let _ = writeln!(
            out,
            " qual:compartment=\"{compartment}\" qual:constant=\"{}\" qual:maxLevel=\"1\"/>",
            network.is_input(v)
        );
    }
    out.push_str("    </qual:listOfQualitativeSpecies>\n");

    let with_transition: Vec<VarId> = network.vars().filter(|&v| !network.is_input(v)).collect();
    if !with_transition.is_empty() {
        let vars = bdd_variables(n);
        out.push_str("    <qual:listOfTransitions>\n");
        for v in with_transition {
            let id = &ids[v.index()];
            let tr = fresh(format!("tr_{id}"));
            let _ = writeln!(out, "      <qual:transition qual:id=\"{tr}\">");
            let function = network.function(v);
            let regulators = network.regulators(v);
            if !regulators.is_empty() {
                // Bounded: a function whose BDD would exceed the default limit gets 'unknown'
                // signs instead of an unbounded construction.
                let f = expr_to_bdd_with_limit(&vars, function, DEFAULT_BDD_NODE_LIMIT).ok();
                out.push_str("        <qual:listOfInputs>\n");
                for r in regulators {
                    let sign = match f.as_ref().map_or(Sign::NonEssential, |f| bdd_sign(f, r)) {
                        Sign::Activating => "positive",
                        Sign::Inhibiting => "negative",
                        Sign::Dual => "dual",
                        Sign::NonEssential => "unknown",
                    };
                    let rid = &ids[r.index()];
                    let input = fresh(format!("{tr}_in_{rid}"));
                    let _ = writeln!(
                        out,
                        "          <qual:input qual:id=\"{input}\" qual:qualitativeSpecies=\"{rid}\" qual:transitionEffect=\"none\" qual:sign=\"{sign}\"/>"
                    );
                }
                out.push_str("        </qual:listOfInputs>\n");
            }
            let output = fresh(format!("{tr}_out"));
            out.push_str("        <qual:listOfOutputs>\n");
            let _ = writeln!(
                out,
                "          <qual:output qual:id=\"{output}\" qual:qualitativeSpecies=\"{id}\" qual:transitionEffect=\"assignmentLevel\"/>"
            );
            out.push_str("        </qual:listOfOutputs>\n");
            out.push_str("        <qual:listOfFunctionTerms>\n");
            match network.kind(v) {
                VarKind::Constant(c) => {
                    let _ = writeln!(
                        out,
                        "          <qual:defaultTerm qual:resultLevel=\"{}\"/>",
                        u8::from(c)
                    );
                }
                _ => {
                    out.push_str("          <qual:defaultTerm qual:resultLevel=\"0\"/>\n");
                    out.push_str("          <qual:functionTerm qual:resultLevel=\"1\">\n");
                    let _ = writeln!(out, "            <math xmlns=\"{MATHML_NAMESPACE}\">");
                    write_mathml(&mut out, function, &ids, 7);
                    out.push_str("            </math>\n");
                    out.push_str("          </qual:functionTerm>\n");
                }
            }
            out.push_str("        </qual:listOfFunctionTerms>\n");
            out.push_str("      </qual:transition>\n");
        }
        out.push_str("    </qual:listOfTransitions>\n");
    }
    out.push_str("  </model>\n</sbml>\n");
    Written { text: out, renamed }
}

/// How one node is written.
enum Shape {
    Const(bool),
    /// `X = 1` (true) or `X = 0` (false).
    Literal(VarId, bool),
    Not(NodeId),
    Xor(NodeId, NodeId),
    /// An n-ary `and` (true) or `or` (false) over the flattened chain.
    Chain(bool, Vec<NodeId>),
}

/// Whether writing `expr` out as a tree, shared nodes repeated, stays within four times its
/// node count (or a few thousand elements); if not, exclusive ors are written as `<xor/>`.
fn expands_cheaply(expr: &Expr) -> bool {
    let nodes = expr.nodes();
    let mut size = vec![0u64; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        size[i] = match *node {
            Node::Const(_) | Node::Var(_) => 1,
            Node::Not(a) => 1 + size[a as usize],
            Node::And(a, b) | Node::Or(a, b) => 1u64
                .saturating_add(size[a as usize])
                .saturating_add(size[b as usize]),
        };
    }
    let budget = (4 * nodes.len() as u64).max(4096);
    size[nodes.len() - 1] <= budget
}

fn shape(nodes: &[Node], id: NodeId, use_xor: bool) -> Shape {
    let written_as_xor = |l, r| use_xor && xor_operands(nodes, l, r).is_some();
    match nodes[id as usize] {
        Node::Const(c) => Shape::Const(c),
        Node::Var(v) => Shape::Literal(v, true),
        Node::Not(a) => match nodes[a as usize] {
            Node::Var(v) => Shape::Literal(v, false),
            _ => Shape::Not(a),
        },
        Node::Or(l, r) if written_as_xor(l, r) => {
            let (a, b) = xor_operands(nodes, l, r).expect("checked");
            Shape::Xor(a, b)
        }
        Node::And(..) | Node::Or(..) => {
            let is_and = matches!(nodes[id as usize], Node::And(..));
            // Flatten the chain left to right with an explicit stack.
            let mut operands = Vec::new();
            let mut work = vec![id];
            while let Some(x) = work.pop() {
                match nodes[x as usize] {
                    Node::And(l, r) if is_and => {
                        work.push(r);
                        work.push(l);
                    }
                    Node::Or(l, r) if !is_and && !written_as_xor(l, r) => {
                        work.push(r);
                        work.push(l);
                    }
                    _ => operands.push(x),
                }
            }
            Shape::Chain(is_and, operands)
        }
    }
}

fn line(out: &mut String, depth: usize, text: &str) {
    for _ in 0..depth.min(MAX_INDENT) {
        out.push_str("  ");
    }
    out.push_str(text);
    out.push('\n');
}

/// Writes `expr` as MathML content, one element per line, without recursion.
fn write_mathml(out: &mut String, expr: &Expr, ids: &[String], depth: usize) {
    enum Task {
        Node(NodeId, usize),
        Close(usize),
    }
    let nodes = expr.nodes();
    let use_xor = !expands_cheaply(expr);
    let mut stack = vec![Task::Node(expr.root(), depth)];
    while let Some(task) = stack.pop() {
        let (id, d) = match task {
            Task::Close(d) => {
                line(out, d, "</apply>");
                continue;
            }
            Task::Node(id, d) => (id, d),
        };
        match shape(nodes, id, use_xor) {
            Shape::Const(c) => line(out, d, if c { "<true/>" } else { "<false/>" }),
            Shape::Literal(v, on) => line(
                out,
                d,
                &format!(
                    "<apply><eq/><ci>{}</ci><cn type=\"integer\">{}</cn></apply>",
                    ids[v.index()],
                    u8::from(on)
                ),
            ),
            Shape::Not(a) => {
                line(out, d, "<apply><not/>");
                stack.push(Task::Close(d));
                stack.push(Task::Node(a, d + 1));
            }
            Shape::Xor(a, b) => {
                line(out, d, "<apply><xor/>");
                stack.push(Task::Close(d));
                stack.push(Task::Node(b, d + 1));
                stack.push(Task::Node(a, d + 1));
            }
            Shape::Chain(is_and, operands) => {
                line(
                    out,
                    d,
                    if is_and {
                        "<apply><and/>"
                    } else {
                        "<apply><or/>"
                    },
                );
                stack.push(Task::Close(d));
                for &x in operands.iter().rev() {
                    stack.push(Task::Node(x, d + 1));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::same_functions;
    use crate::parse::{Format, ParseOptions, parse_str};

    fn round_trip(src: &str, format: Format) -> (Network, Network, Written) {
        let net = parse_str(src, &ParseOptions::new(format)).unwrap().network;
        let w = write(&net, &[]);
        let back = parse_str(&w.text, &ParseOptions::new(Format::Sbml))
            .unwrap()
            .network;
        (net, back, w)
    }

    #[test]
    fn constants_inputs_and_xor_round_trip() {
        let (net, back, w) = round_trip(
            "A, A\nB, 1\nC, 0\nD, (A & !B) | (!A & B)\nE, !(A | B) & C & D\n",
            Format::Bnet,
        );
        same_functions(&net, &back).unwrap();
        assert_eq!(back.names(), net.names());
        assert!(back.is_input(VarId::new(0)));
        assert_eq!(back.function(VarId::new(1)).as_constant(), Some(true));
        assert!(w.text.contains("qual:sign=\"dual\""));
        assert!(
            w.text
                .contains("qual:id=\"A\" qual:compartment=\"comp1\" qual:constant=\"true\"")
        );
        assert!(
            w.text
                .contains("qual:id=\"D\" qual:compartment=\"comp1\" qual:constant=\"false\"")
        );
        assert!(w.text.contains("<apply><and/>"));
        assert!(w.renamed.is_empty());
    }

    /// `y = x0 ^ (x1 ^ (... ^ x{n-1}))`, built with shared operands.
    fn xor_chain(n: usize) -> Network {
        use crate::expr::ExprBuilder;
        let mut b = ExprBuilder::new();
        let mut acc = b.var(VarId::new(n - 1));
        for i in (0..n - 1).rev() {
            let x = b.var(VarId::new(i));
            acc = b.xor(x, acc);
        }
        let f = b.finish(acc);
        let mut vars: Vec<(String, Expr)> = (0..n)
            .map(|i| (format!("x{i}"), Expr::var(VarId::new(i))))
            .collect();
        vars.push(("y".into(), f));
        Network::new(vars).unwrap()
    }

    #[test]
    fn small_xors_are_spelled_with_and_or_not() {
        let net = xor_chain(3);
        let w = write(&net, &[]);
        assert!(!w.text.contains("<xor/>"));
        let back = parse_str(&w.text, &ParseOptions::new(Format::Sbml))
            .unwrap()
            .network;
        same_functions(&net, &back).unwrap();
    }

    #[test]
    fn shared_xor_operands_are_written_once() {
        // A 40-long chain would double in size per level if expanded.
        let n = 40;
        let net = xor_chain(n);
        let w = write(&net, &[]);
        assert_eq!(w.text.matches("<apply><xor/>").count(), n - 1);
        assert!(w.text.len() < 100_000);
        let back = parse_str(&w.text, &ParseOptions::new(Format::Sbml))
            .unwrap()
            .network;
        same_functions(&net, &back).unwrap();
    }

    #[test]
    fn unspellable_names_are_renamed_and_kept_as_labels() {
        let (net, back, w) = round_trip("IL-6* = not Ca2+\nCa2+* = IL-6\n", Format::BooleanNet);
        assert_eq!(
            w.renamed,
            vec![
                ("IL-6".into(), "IL_6".into()),
                ("Ca2+".into(), "Ca2_plus".into())
            ]
        );
        assert!(w.text.contains("qual:name=\"IL-6\""));
        assert_eq!(back.names(), ["IL_6", "Ca2_plus"]);
        let m = parse_str(&w.text, &ParseOptions::new(Format::Sbml)).unwrap();
        assert_eq!(m.labels[0], (VarId::new(0), "IL-6".to_string()));
        assert_eq!(
            back.function(VarId::new(0))
                .to_bnet(|v| net.name(v).to_string()),
            "!Ca2+"
        );
    }

    #[test]
    fn ids_do_not_collide_with_generated_ones() {
        let (net, back, w) = round_trip("comp1, comp1\ntr_A, A\nA, !comp1\n", Format::Bnet);
        same_functions(&net, &back).unwrap();
        assert!(w.text.contains("id=\"comp1_2\""));
        assert!(w.text.contains("qual:transition qual:id=\"tr_A_2\""));
    }

    #[test]
    fn deep_functions_are_written_iteratively() {
        let depth = 20_000;
        let src = format!("A, A\nB, {}A{}\n", "!(".repeat(depth), ")".repeat(depth));
        let (net, back, w) = round_trip(&src, Format::Bnet);
        same_functions(&net, &back).unwrap();
        // Indentation is capped, so the text stays linear in the depth.
        assert!(w.text.len() < 200 * depth);
    }
}
