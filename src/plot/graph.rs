//! The interaction graph: one node per variable, one edge per regulation, signed from the
//! update functions themselves ([`crate::analysis`], exact, with BDDs), as Graphviz DOT; and as
//! SVG by running Graphviz's `dot` program when it is installed.
//!
//! Edges: activation `→` (bluish green, normal arrowhead), inhibition `⊣` (vermillion,
//! `arrowhead=tee`), dual (dashed, open diamond), mentioned without effect (dotted grey, no
//! arrowhead), not analysed (grey, empty arrowhead: the function was too large to analyse
//! within the BDD node limit). Inputs are rounded light-blue boxes, constants dashed boxes,
//! outputs (read by no other variable) light-orange ellipses. The identity rule of an input
//! (`X, X`) declares it and is not drawn as a self-loop.

use crate::analysis::{
    DEFAULT_BDD_NODE_LIMIT, Sign, regulation_signs_with_limit, try_bdd_variables,
};
use crate::network::{Network, VarId, VarKind};
use std::fmt::{self, Write as _};
use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};

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
/// left out.
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

/// Why `dot` gave no SVG.
#[derive(Debug)]
pub enum DotError {
    /// No `dot` program on the `PATH` (Graphviz is not installed).
    NotInstalled,
    /// `dot` ran and failed, or could not be talked to.
    Failed(String),
}

impl fmt::Display for DotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DotError::NotInstalled => f.write_str(
                "graphviz 'dot' is not on PATH (install graphviz to draw the graph as SVG)",
            ),
            DotError::Failed(why) => write!(f, "graphviz 'dot' failed: {why}"),
        }
    }
}

impl std::error::Error for DotError {}

/// Lays out `dot_source` with Graphviz (`dot -Tsvg`) and returns the `<svg>` element, without
/// the XML declaration and doctype `dot` writes first (so it can be inlined in HTML).
///
/// # Errors
/// [`DotError::NotInstalled`] when `dot` is not on the `PATH`; [`DotError::Failed`] when it
/// exits with an error.
pub fn render_svg(dot_source: &str) -> Result<String, DotError> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => DotError::NotInstalled,
            _ => DotError::Failed(e.to_string()),
        })?;
    // Write from another thread so a large graph cannot deadlock on full pipes.
    let mut stdin = child.stdin.take().expect("piped stdin");
    let source = dot_source.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(source.as_bytes()));
    let mut svg = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_string(&mut svg)
        .map_err(|e| DotError::Failed(e.to_string()))?;
    let _ = child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr);
    let status = child.wait().map_err(|e| DotError::Failed(e.to_string()))?;
    let _ = writer.join();
    if !status.success() {
        return Err(DotError::Failed(stderr.trim().to_string()));
    }
    match svg.find("<svg") {
        Some(start) => Ok(svg[start..].to_string()),
        None => Err(DotError::Failed("no <svg> element in its output".into())),
    }
}
