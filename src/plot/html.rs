//! A self-contained HTML report page: inline CSS and SVG, no script, no external resource, so
//! it opens offline in any browser and can be mailed as one file.
//!
//! [`HtmlPage`] is the small builder (escaped text, tables, figures, a table of contents built
//! from the section headings). [`model_report`] composes the page `basin report` writes: model
//! summary (from [`crate::lint`]), interaction graph (`<figure class="interaction-graph">`),
//! one section per condition with the attractor table, heatmap and the graph coloured by each
//! attractor (`<figure class="overlay">`), and the knockout/screen heatmaps.
//!
//! The markup is also well-formed XML (XHTML5 polyglot: every element closed, attributes
//! quoted), so XML tools can read it.

use super::Figure;
use super::svg::escape;
use crate::attractor::{AttractorKind, Basin, Exploration, Method};
use crate::count::Count;
use crate::lint;
use crate::network::{Network, VarId};
use crate::parse::Model;
use crate::screen::Ranked;
use std::fmt::Write as _;

const CSS: &str = "\
body { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; color: #1a1a1a; margin: 0; \
padding: 1.5em 2em 3em; line-height: 1.4; font-size: 14px; max-width: 1400px; }
h1 { font-size: 1.6em; margin: 0 0 0.2em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #0072B2; padding-bottom: 0.15em; margin-top: 2em; }
h3 { font-size: 1.1em; margin: 1.4em 0 0.4em; }
p.meta { color: #555; margin-top: 0; }
nav { background: #f3f6fa; border: 1px solid #d8e0ea; padding: 0.6em 1em; margin: 1em 0; }
nav ol { margin: 0.2em 0; padding-left: 1.4em; columns: 2; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 13px; }
th, td { border: 1px solid #d0d0d0; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
tr:nth-child(even) td { background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.names { max-width: 42em; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.summary dt { font-weight: bold; }
dl.summary dd { margin: 0; }
figure { margin: 0.8em 0 1.4em; overflow-x: auto; }
figure > svg { max-width: 100%; height: auto; }
figure.overlay { display: inline-block; vertical-align: top; margin: 0.4em 1em 0.8em 0; }
figure.overlay > svg { width: 440px; max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 12px; margin-top: 0.3em; max-width: 60em; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 0.6em; overflow-x: auto; font-size: 12px; }
.note { color: #7a4b00; background: #fff6e5; border-left: 4px solid #E69F00; padding: 0.4em 0.8em; }
ul.warnings { margin-top: 0.2em; }
div.cards { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
div.card { border: 1px solid #d8e0ea; border-radius: 4px; padding: 0.2em 0.8em 0.4em; }
div.card h3 { margin: 0.4em 0 0.2em; }
div.card p { margin: 0.2em 0; font-size: 12px; color: #444; }
details { margin: 1em 0; }
summary { cursor: pointer; font-weight: bold; }
";

/// An HTML page under construction.
#[derive(Clone, Debug)]
pub struct HtmlPage {
    title: String,
    intro: String,
    sections: Vec<(String, String)>,
    body: String,
}

impl HtmlPage {
    /// An empty page titled `title`.
    pub fn new(title: impl Into<String>) -> HtmlPage {
        HtmlPage {
            title: title.into(),
            intro: String::new(),
            sections: Vec::new(),
            body: String::new(),
        }
    }

    /// A line of small text under the title.
    pub fn meta(&mut self, text: &str) {
        let _ = writeln!(self.intro, "<p class=\"meta\">{}</p>", escape(text));
    }

    /// Starts a section (`<h2>`), listed in the table of contents.
    pub fn section(&mut self, title: &str) {
        let id = format!("s{}", self.sections.len() + 1);
        let _ = writeln!(self.body, "<h2 id=\"{id}\">{}</h2>", escape(title));
        self.sections.push((id, title.to_string()));
    }

    /// A sub-heading (`<h3>`).
    pub fn subheading(&mut self, title: &str) {
        let _ = writeln!(self.body, "<h3>{}</h3>", escape(title));
    }

    /// A paragraph of plain text.
    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", escape(text));
    }

    /// A highlighted note.
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"note\">{}</p>", escape(text));
    }

    /// A list of term–description pairs.
    pub fn summary(&mut self, items: &[(&str, String)]) {
        self.body.push_str("<dl class=\"summary\">\n");
        for (term, text) in items {
            let _ = writeln!(
                self.body,
                "<dt>{}</dt><dd>{}</dd>",
                escape(term),
                escape(text)
            );
        }
        self.body.push_str("</dl>\n");
    }

    /// A bulleted list.
    pub fn list(&mut self, class: &str, items: &[String]) {
        let _ = writeln!(self.body, "<ul class=\"{}\">", escape(class));
        for item in items {
            let _ = writeln!(self.body, "<li>{}</li>", escape(item));
        }
        self.body.push_str("</ul>\n");
    }

    /// A table; `numeric[c]` right-aligns column `c`.
    pub fn table(&mut self, class: &str, header: &[&str], numeric: &[bool], rows: &[Vec<String>]) {
        let _ = writeln!(self.body, "<table class=\"{}\">", escape(class));
        self.body.push_str("<thead><tr>");
        for h in header {
            let _ = write!(self.body, "<th>{}</th>", escape(h));
        }
        self.body.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.body.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                let class = if numeric.get(c).copied().unwrap_or(false) {
                    " class=\"num\""
                } else if cell.len() > 60 {
                    " class=\"names\""
                } else {
                    ""
                };
                let _ = write!(self.body, "<td{class}>{}</td>", escape(cell));
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody>\n</table>\n");
    }

    /// A figure with a caption. `svg` must be one well-formed `<svg>` element (as [`Figure`]
    /// gives).
    pub fn figure(&mut self, svg: &str, caption: &str) {
        self.body.push_str("<figure>\n");
        self.body.push_str(svg.trim());
        let _ = writeln!(
            self.body,
            "\n<figcaption>{}</figcaption>\n</figure>",
            escape(caption)
        );
    }

    /// A figure like [`HtmlPage::figure`] with a class on the `<figure>` element (so the page's
    /// CSS and readers of the markup can tell kinds of figures apart).
    pub fn figure_with_class(&mut self, class: &str, svg: &str, caption: &str) {
        let _ = writeln!(self.body, "<figure class=\"{}\">", escape(class));
        self.body.push_str(svg.trim());
        let _ = writeln!(
            self.body,
            "\n<figcaption>{}</figcaption>\n</figure>",
            escape(caption)
        );
    }

    /// Opens a block of cards laid side by side (wrapping); close it with [`HtmlPage::close`].
    pub fn open_cards(&mut self) {
        self.body.push_str("<div class=\"cards\">\n");
    }

    /// Opens one card; close it with [`HtmlPage::close`].
    pub fn open_card(&mut self) {
        self.body.push_str("<div class=\"card\">\n");
    }

    /// Opens a collapsible block titled `summary`; close it with [`HtmlPage::close_details`].
    pub fn open_details(&mut self, summary: &str) {
        let _ = writeln!(self.body, "<details><summary>{}</summary>", escape(summary));
    }

    /// Closes a collapsible block.
    pub fn close_details(&mut self) {
        self.body.push_str("</details>\n");
    }

    /// Closes the innermost open card or block of cards.
    pub fn close(&mut self) {
        self.body.push_str("</div>\n");
    }

    /// Preformatted text in a collapsible block.
    pub fn details(&mut self, summary: &str, text: &str) {
        let _ = writeln!(
            self.body,
            "<details><summary>{}</summary><pre>{}</pre></details>",
            escape(summary),
            escape(text)
        );
    }

    /// The finished page.
    pub fn finish(self) -> String {
        let mut out = String::with_capacity(self.body.len() + 4096);
        out.push_str(
            "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n",
        );
        out.push_str("<meta charset=\"utf-8\"/>\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        let _ = writeln!(out, "<title>{}</title>", escape(&self.title));
        let _ = writeln!(out, "<style>\n{CSS}</style>\n</head>\n<body>");
        let _ = writeln!(out, "<h1>{}</h1>", escape(&self.title));
        out.push_str(&self.intro);
        if self.sections.len() > 1 {
            out.push_str("<nav><strong>Contents</strong>\n<ol>\n");
            for (id, title) in &self.sections {
                let _ = writeln!(out, "<li><a href=\"#{id}\">{}</a></li>", escape(title));
            }
            out.push_str("</ol>\n</nav>\n");
        }
        out.push_str(&self.body);
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// The attractors of one condition (× update scheme).
#[derive(Clone, Debug)]
pub struct ConditionSection<'a> {
    /// The heading (`drug+TGFb · asynchronous`).
    pub title: String,
    /// The inputs it sets on (`BP=1 TGFB_EX=1`, or `all inputs 0`).
    pub description: String,
    /// The exploration.
    pub exploration: &'a Exploration,
    /// One label per attractor (empty without a phenotype file).
    pub labels: Vec<String>,
    /// Its heatmap (drawn without a title: the section has a heading).
    pub heatmap: Figure,
    /// The interaction graph coloured by its first attractors, one figure each in attractor
    /// order ([`super::graph_draw::graph_figures`] with an [`super::graph_draw::Overlay`]);
    /// empty for none.
    pub overlays: Vec<Figure>,
    /// How many attractors have no overlay (past the caller's cap).
    pub overlays_left_out: usize,
}

/// One screen heatmap with its ranking.
#[derive(Clone, Debug)]
pub struct ScreenSection {
    /// The label query (`M2`).
    pub query: String,
    /// The heatmap.
    pub heatmap: Figure,
    /// The perturbations by largest absolute shift, largest first (shortened by the caller).
    pub ranked: Vec<Ranked>,
}

/// Everything the report page shows.
#[derive(Clone, Debug)]
pub struct ModelReport<'a> {
    /// The model as the user named it (a path).
    pub name: String,
    /// The model.
    pub model: &'a Model,
    /// Its lint report.
    pub lint: &'a lint::Report,
    /// Lines under the title (tool version, settings).
    pub meta: Vec<String>,
    /// The interaction graph, drawn by [`super::graph_draw::graph_figure`].
    pub graph: Option<Figure>,
    /// Every condition in one heatmap ([`super::attractors::attractor_panels`]), if wanted.
    pub overview: Option<Figure>,
    /// One section per condition and update scheme.
    pub conditions: Vec<ConditionSection<'a>>,
    /// The screen: heatmaps per label query, and a line saying what was screened.
    pub screens: Vec<ScreenSection>,
    /// What the screen covered (or why there is none).
    pub screen_note: Option<String>,
}

fn names(net: &Network, vars: &[VarId]) -> String {
    if vars.is_empty() {
        return "none".into();
    }
    vars.iter()
        .map(|&v| net.name(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `2^28 = 268 435 456`, or the plain number below 1024.
fn states(n: &Count) -> String {
    let grouped = crate::report::text::grouped(n);
    if n.bits() > 10 && *n == Count::pow2(n.bits() as u32 - 1) {
        format!("2^{} = {grouped}", n.bits() - 1)
    } else {
        grouped
    }
}

/// The share with four decimals; `~` in front when sampled; `~` and the 95% interval after it
/// (`~0.3810 (0.3720–0.3900)`) when estimated by random walks (the symbolic engine's reach
/// probabilities); `n/a` when it was not computed (reach probabilities skipped).
fn share_cell(e: &Exploration, basin: &Basin) -> String {
    let Some(share) = basin.share(&e.explored_states) else {
        return "n/a".to_string();
    };
    match (e.method, basin.estimate()) {
        (Method::Exhaustive, Some(est)) => {
            format!("~{share:.4} ({:.4}–{:.4})", est.ci95.0, est.ci95.1)
        }
        (Method::Exhaustive, None) => format!("{share:.4}"),
        (Method::Sampled { .. }, _) => format!("~{share:.4}"),
    }
}

fn share_name(e: &Exploration) -> &'static str {
    match e.update {
        crate::attractor::UpdateScheme::Synchronous => "basin fraction",
        crate::attractor::UpdateScheme::Asynchronous | crate::attractor::UpdateScheme::General => {
            "reach probability"
        }
        crate::attractor::UpdateScheme::MostPermissive => "share",
    }
}

fn kind_name(kind: AttractorKind) -> &'static str {
    match kind {
        AttractorKind::FixedPoint => "fixed point",
        AttractorKind::Cycle => "cycle",
        AttractorKind::Complex => "complex",
    }
}

/// One condition: heading, inputs, a compact attractor table and the heatmap.
fn condition_card(page: &mut HtmlPage, c: &ConditionSection) {
    let e = c.exploration;
    page.open_card();
    page.subheading(&c.title);
    page.paragraph(&format!(
        "inputs: {}; {} states explored",
        c.description,
        states(&e.explored_states)
    ));
    let rows: Vec<Vec<String>> = e
        .attractors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut row = vec![(i + 1).to_string()];
            if !c.labels.is_empty() {
                row.push(c.labels[i].clone());
            }
            row.extend([
                kind_name(a.kind).to_string(),
                a.num_states.to_string(),
                share_cell(e, &a.basin),
            ]);
            row
        })
        .collect();
    let mut header = vec!["#"];
    let mut numeric = vec![true];
    if !c.labels.is_empty() {
        header.push("label");
        numeric.push(false);
    }
    header.extend(["kind", "states", share_name(e)]);
    numeric.extend([false, true, true]);
    page.table("attractors", &header, &numeric, &rows);
    // The heatmap and the overlays side by side (wrapping on narrow screens).
    page.open_cards();
    page.figure(&c.heatmap.svg, &format!("Attractors under {}.", c.title));
    for (i, o) in c.overlays.iter().enumerate() {
        page.figure_with_class(
            "overlay",
            &o.svg,
            &format!("Attractor {} over the interaction graph.", i + 1),
        );
    }
    page.close();
    if c.overlays_left_out > 0 {
        page.paragraph(&format!(
            "{} more attractor(s) not drawn over the graph (the first {} are).",
            c.overlays_left_out,
            c.overlays.len()
        ));
    }
    page.close();
}

/// Every attractor of every condition with the variables on (not fixed) and oscillating.
fn attractor_table(page: &mut HtmlPage, net: &Network, conditions: &[ConditionSection]) {
    let labelled = conditions.iter().any(|c| !c.labels.is_empty());
    let mut rows = Vec::new();
    for c in conditions {
        let e = c.exploration;
        let fixed = |v: VarId| e.fixed.iter().any(|(f, _)| *f == v);
        for (i, a) in e.attractors.iter().enumerate() {
            let on: Vec<&str> = net
                .vars()
                .filter(|&v| !fixed(v) && a.activity[v.index()] == 1.0)
                .map(|v| net.name(v))
                .collect();
            let osc: Vec<&str> = net
                .vars()
                .filter(|&v| a.activity[v.index()] > 0.0 && a.activity[v.index()] < 1.0)
                .map(|v| net.name(v))
                .collect();
            let mut row = vec![c.title.clone(), (i + 1).to_string()];
            if labelled {
                row.push(c.labels.get(i).cloned().unwrap_or_default());
            }
            row.extend([
                kind_name(a.kind).to_string(),
                a.num_states.to_string(),
                share_cell(e, &a.basin),
                if on.is_empty() {
                    "–".into()
                } else {
                    on.join(" ")
                },
                if osc.is_empty() {
                    "–".into()
                } else {
                    osc.join(" ")
                },
            ]);
            rows.push(row);
        }
    }
    let mut header = vec!["condition", "#"];
    let mut numeric = vec![false, true];
    if labelled {
        header.push("label");
        numeric.push(false);
    }
    header.extend(["kind", "states", "share", "on (not fixed)", "oscillating"]);
    numeric.extend([false, true, true, false, false]);
    page.table("attractors", &header, &numeric, &rows);
}

/// The report page.
pub fn model_report(report: &ModelReport) -> String {
    let net = &report.model.network;
    let s = &report.lint.summary;
    let mut page = HtmlPage::new(format!("basin report: {}", report.name));
    for m in &report.meta {
        page.meta(m);
    }

    page.section("Model");
    let r = &s.regulations;
    let constants: Vec<String> = s
        .constants
        .iter()
        .map(|&(v, c)| format!("{}={}", net.name(v), u8::from(c)))
        .collect();
    page.summary(&[
        ("file", format!("{} ({})", report.name, report.model.format)),
        ("variables", s.num_vars.to_string()),
        (
            "inputs",
            format!("{}: {}", s.inputs.len(), names(net, &s.inputs)),
        ),
        (
            "constants",
            if constants.is_empty() {
                "none".into()
            } else {
                constants.join(", ")
            },
        ),
        (
            "outputs (read by no other variable)",
            format!("{}: {}", s.outputs.len(), names(net, &s.outputs)),
        ),
        (
            "regulations",
            format!(
                "{} ({} activating, {} inhibiting, {} dual, {} without effect{})",
                r.total,
                r.activating,
                r.inhibiting,
                r.dual,
                r.non_essential,
                if r.not_analysed > 0 {
                    format!(", {} not analysed", r.not_analysed)
                } else {
                    String::new()
                }
            ),
        ),
        (
            "max in-degree",
            if s.max_in_degree == 0 {
                "0".into()
            } else {
                format!(
                    "{} ({})",
                    s.max_in_degree,
                    names(net, &s.max_in_degree_vars)
                )
            },
        ),
        (
            "self-loops",
            if s.self_loops.is_empty() {
                "none".into()
            } else {
                s.self_loops
                    .iter()
                    .map(|&(v, sign)| match sign {
                        Some(sign) => format!("{} ({sign})", net.name(v)),
                        None => format!("{} (not analysed)", net.name(v)),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        ("warnings", report.lint.lints.len().to_string()),
    ]);
    if !report.lint.lints.is_empty() {
        let items: Vec<String> = report.lint.lints.iter().map(|l| l.to_string()).collect();
        page.list("warnings", &items);
    }

    if let Some(graph) = &report.graph {
        page.section("Interaction graph");
        page.figure_with_class(
            "interaction-graph",
            &graph.svg,
            "Regulations signed from the update functions: green → activation, vermillion ⊣ \
             inhibition, dashed ◇ dual, dotted: mentioned without effect. Blue boxes: inputs \
             (top); orange: outputs. Edges drawn upwards close feedback loops.",
        );
    }

    if !report.conditions.is_empty() {
        page.section("Attractors per condition");
        let mut intro = String::from(
            "One heatmap per condition: rows are variables (inputs, core, read-outs), columns are \
             attractor states (cycles in update order); on is dark, off is light, names of fixed \
             variables are in italics. Large attractors are summarised by one column shaded by \
             the share of their states in which each variable is on. Shares are basin fractions \
             (synchronous) or reach probabilities (asynchronous) over the explored state space.",
        );
        let estimated = report.conditions.iter().any(|c| {
            c.exploration.method == Method::Exhaustive
                && c.exploration
                    .attractors
                    .iter()
                    .any(|a| a.basin.estimate().is_some())
        });
        if report.conditions.iter().any(|c| !c.overlays.is_empty()) {
            intro.push_str(
                " Next to each heatmap, the interaction graph coloured by each attractor: on is \
                 dark, off is light, oscillating nodes are shaded by the share of states in \
                 which they are on; KO/OE mark perturbed nodes and =0/=1 the inputs the \
                 condition fixes.",
            );
        }
        if estimated {
            intro.push_str(
                " Shares marked ~ are estimated by random walks (the model is too large for \
                 exact reach probabilities), with their 95% interval.",
            );
        }
        page.paragraph(&intro);
        if let Some(o) = &report.overview {
            page.figure(
                &o.svg,
                "All conditions side by side: each attractor is headed by its condition, label \
                 and share.",
            );
        }
        page.open_cards();
        for c in &report.conditions {
            condition_card(&mut page, c);
        }
        page.close();
        page.open_details("Attractor table: the variables on and oscillating in each attractor");
        attractor_table(&mut page, net, &report.conditions);
        page.close_details();
    }

    if report.screen_note.is_some() || !report.screens.is_empty() {
        page.section("Knockouts and overexpressions");
        if let Some(n) = &report.screen_note {
            page.paragraph(n);
        }
    }
    for sc in &report.screens {
        page.subheading(&format!("Shift of {}", sc.query));
        page.figure(
            &sc.heatmap.svg,
            &format!(
                "Rows: perturbations (X=0 knockout, X=1 overexpression); columns: conditions. \
                 Colour: change of the {} share (perturbed − wild type), blue = less, orange = \
                 more; text: the perturbed dominant label where it differs from the wild type's.",
                sc.query
            ),
        );
        if !sc.ranked.is_empty() {
            let rows: Vec<Vec<String>> = sc
                .ranked
                .iter()
                .map(|r| {
                    let Some(e) = &r.estimated else {
                        return vec![
                            r.name.clone(),
                            r.condition.clone(),
                            r.update.to_string(),
                            format!("{:.3}", r.wild_type),
                            format!("{:.3}", r.perturbed),
                            format!("{:+.3}", r.shift),
                        ];
                    };
                    // Estimated shares marked `~`, the shift with its 95% interval.
                    let mark = |estimated: bool| if estimated { "~" } else { "" };
                    let (lo, hi) = e.ci95();
                    vec![
                        r.name.clone(),
                        r.condition.clone(),
                        r.update.to_string(),
                        format!("{}{:.3}", mark(e.wild_type_estimate.is_some()), r.wild_type),
                        format!("{}{:.3}", mark(e.estimate.is_some()), r.perturbed),
                        format!("{:+.3} ({lo:+.3} to {hi:+.3})", r.shift),
                    ]
                })
                .collect();
            page.table(
                "ranking",
                &[
                    "perturbation",
                    "condition",
                    "update",
                    "wild type",
                    "perturbed",
                    "shift",
                ],
                &[false, false, false, true, true, true],
                &rows,
            );
        }
    }
    page.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_escapes_and_links_sections() {
        let mut page = HtmlPage::new("a < b");
        page.section("one & two");
        page.section("three");
        page.table("t", &["x"], &[false], &[vec!["<script>".into()]]);
        let html = page.finish();
        assert!(html.contains("<title>a &lt; b</title>"));
        assert!(html.contains("<a href=\"#s1\">one &amp; two</a>"));
        assert!(html.contains("<td>&lt;script&gt;</td>"));
        assert!(!html.contains("<script>"));
    }
}
