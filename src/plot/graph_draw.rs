//! The interaction graph drawn as SVG by basin itself: the layered layout of [`super::layout`]
//! (regulation flowing downwards, feedback drawn as back edges), one `<g class="node …">` per variable and one
//! `<path class="edge SIGN">` per regulation, optionally coloured by an attractor
//! ([`Overlay`]): the picture papers show.
//!
//! Reading the SVG as data: every node element carries `data-var` (its name) and the class
//! `node` plus its kind (`input`, `constant`, `output`, `internal`); with an overlay also its
//! value (`on`, `off`, `oscillating`), `data-activity`, and `perturbed` / `fixed-input` where
//! that applies. Every edge carries `data-source`, `data-target` and the class `edge` plus its
//! sign (`activation`, `inhibition`, `dual`, `non-essential`: mentioned without effect,
//! `unknown`: not analysed), and `back` when it is drawn upwards, `self-loop` for a loop.
//!
//! Past [`MAX_LABELLED_NODES`] variables the nodes are drawn as small circles without labels
//! (names stay in the hover tooltips) and the figure says so; it is never replaced by text.

use super::Figure;
use super::graph::{NodeKind, node_kinds, sign_class, signed_edges};
use super::layout::{Layout, LayoutOptions, NodeBox, layered, smooth_path};
use super::palette::{self, OKABE_ITO};
use super::svg::{Svg, escape, num, text_width};
use crate::analysis::{DEFAULT_BDD_NODE_LIMIT, Sign};
use crate::attractor::{AttractorKind, Exploration};
use crate::network::{Network, VarId};
use crate::phenotype::PhenotypeSpec;

/// Graphs with more variables than this are drawn without labels: small circles, names in the
/// tooltips, a line in the figure saying so.
pub const MAX_LABELLED_NODES: usize = 150;

const FONT: f64 = 11.0;
const NODE_HEIGHT: f64 = 22.0;
const DOT_SIZE: f64 = 10.0;
const TITLE_HEIGHT: f64 = 26.0;
const LEGEND_LINE: f64 = 18.0;

/// An attractor (or any assignment of activities) drawn over the graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// For each variable, the share of the attractor's states in which it is on: 0 is `off`,
    /// 1 is `on`, anything between is `oscillating` (shaded by the share).
    pub activity: Vec<f64>,
    /// Perturbed nodes and the value they are held at (knocked out at 0, forced on at 1).
    pub perturbed: Vec<(VarId, bool)>,
    /// Inputs fixed by the condition, and their values.
    pub fixed_inputs: Vec<(VarId, bool)>,
    /// Marker groups to highlight (a phenotype file's groups): name and members.
    pub groups: Vec<(String, Vec<VarId>)>,
    /// One line under the title saying what is shown (condition, attractor, perturbation).
    pub caption: String,
}

impl Overlay {
    /// Attractor `index` of `exploration` drawn over `network`: its activities, the inputs the
    /// exploration held fixed (`fixed-input`), the nodes in `perturbed` (knocked out at 0,
    /// forced on at 1) and the caption `attractor 2 of 3 (fixed point, LABEL) · asynchronous
    /// update`, with the label when one is given. No marker groups (see
    /// [`Overlay::marker_groups`]).
    ///
    /// `network` is the model as written (perturbed nodes still have their functions); the
    /// exploration may be of the perturbed network: it has the same variables.
    ///
    /// # Panics
    /// If `index` is not an attractor of `exploration`.
    pub fn of_attractor(
        network: &Network,
        exploration: &Exploration,
        index: usize,
        perturbed: &[(VarId, bool)],
        label: Option<&str>,
    ) -> Overlay {
        let attractor = &exploration.attractors[index];
        let mut caption = format!(
            "attractor {} of {} ({}",
            index + 1,
            exploration.attractors.len(),
            match attractor.kind {
                AttractorKind::FixedPoint => "fixed point".to_string(),
                k => format!("{} of {} states", k.as_str(), attractor.num_states),
            }
        );
        if let Some(l) = label {
            caption.push_str(&format!(", {l}"));
        }
        caption.push_str(&format!(") · {} update", exploration.update));
        let fixed_inputs = exploration
            .fixed
            .iter()
            .copied()
            .filter(|&(v, _)| network.is_input(v) && !perturbed.iter().any(|p| p.0 == v))
            .collect();
        Overlay {
            activity: attractor.activity.clone(),
            perturbed: perturbed.to_vec(),
            fixed_inputs,
            groups: Vec::new(),
            caption,
        }
    }

    /// The marker groups of a phenotype file, as [`Overlay::groups`] highlights them: each
    /// group's name and its members that are variables of `network`, in file order.
    pub fn marker_groups(network: &Network, spec: &PhenotypeSpec) -> Vec<(String, Vec<VarId>)> {
        spec.groups()
            .into_iter()
            .map(|(g, members)| {
                (
                    g.to_string(),
                    members.iter().filter_map(|m| network.find(m)).collect(),
                )
            })
            .collect()
    }
}

/// The value class of an activity: `off` (0), `on` (1) or `oscillating`.
pub fn value_class(activity: f64) -> &'static str {
    if activity <= 0.0 {
        "off"
    } else if activity >= 1.0 {
        "on"
    } else {
        "oscillating"
    }
}

/// What to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphOptions {
    /// The title line (empty for none).
    pub title: String,
    /// Prefix of the ids of the arrowhead markers, so several graphs can be inlined in one page.
    pub id_prefix: String,
    /// The attractor to colour the nodes by.
    pub overlay: Option<Overlay>,
}

fn colour(sign: Option<Sign>) -> &'static str {
    match sign {
        Some(Sign::Activating) => "#009E73",
        Some(Sign::Inhibiting) => "#D55E00",
        Some(Sign::Dual) => "#555555",
        Some(Sign::NonEssential) | None => "#999999",
    }
}

fn dash(sign: Option<Sign>) -> Option<&'static str> {
    match sign {
        Some(Sign::Dual) => Some("5,3"),
        Some(Sign::NonEssential) => Some("2,3"),
        _ => None,
    }
}

/// The arrowhead marker of each sign (`None` for no head).
fn marker(prefix: &str, sign: Option<Sign>) -> Option<String> {
    match sign {
        Some(Sign::NonEssential) => None,
        s => Some(format!("{prefix}{}", sign_class(s))),
    }
}

fn defs(svg: &mut Svg, prefix: &str) {
    let head = |shape: &str, fill: &str, stroke: &str, ref_x: f64| {
        format!(
            "<marker id=\"{{id}}\" viewBox=\"0 0 10 10\" refX=\"{}\" refY=\"5\" \
             markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\" markerUnits=\"strokeWidth\">\
             <path d=\"{shape}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.2\"/></marker>\n",
            num(ref_x)
        )
    };
    let mut out = String::from("<defs>\n");
    for (sign, text) in [
        (
            Some(Sign::Activating),
            head("M0,1 L10,5 L0,9 z", "#009E73", "#009E73", 9.5),
        ),
        (
            Some(Sign::Inhibiting),
            head("M8,0 L8,10 L9.5,10 L9.5,0 z", "#D55E00", "#D55E00", 9.5),
        ),
        (
            Some(Sign::Dual),
            head("M0,5 L5,1 L10,5 L5,9 z", "#ffffff", "#555555", 9.5),
        ),
        (None, head("M0,1 L10,5 L0,9 z", "#ffffff", "#999999", 9.5)),
    ] {
        let id = escape(&marker(prefix, sign).expect("a head"));
        out.push_str(&text.replace("{id}", &id));
    }
    out.push_str("</defs>\n");
    svg.raw(&out);
}

/// What the drawing is made of: node kinds, signed edges, boxes and their layout.
struct Prepared {
    labelled: bool,
    kinds: Vec<NodeKind>,
    edges: Vec<(VarId, VarId, Option<Sign>)>,
    boxes: Vec<NodeBox>,
    pairs: Vec<(usize, usize)>,
    layout: Layout,
}

fn node_label(network: &Network, kinds: &[NodeKind], v: VarId) -> String {
    match kinds[v.index()] {
        NodeKind::Constant(c) => format!("{} = {}", network.name(v), u8::from(c)),
        _ => network.name(v).to_string(),
    }
}

fn prepare(network: &Network) -> Prepared {
    let n = network.num_vars();
    let labelled = n <= MAX_LABELLED_NODES;
    let kinds = node_kinds(network);
    let edges = signed_edges(network, DEFAULT_BDD_NODE_LIMIT);
    let boxes: Vec<NodeBox> = network
        .vars()
        .map(|v| {
            if labelled {
                NodeBox {
                    width: (text_width(&node_label(network, &kinds, v), FONT) + 16.0).max(34.0),
                    height: NODE_HEIGHT,
                    ellipse: matches!(kinds[v.index()], NodeKind::Output | NodeKind::Internal),
                }
            } else {
                NodeBox {
                    width: DOT_SIZE,
                    height: DOT_SIZE,
                    ellipse: true,
                }
            }
        })
        .collect();
    let pairs: Vec<(usize, usize)> = edges
        .iter()
        .map(|&(r, t, _)| (r.index(), t.index()))
        .collect();
    let mut layout_options = LayoutOptions::default();
    if !labelled {
        layout_options.layer_gap = 36.0;
        layout_options.node_gap = 6.0;
        layout_options.dummy_width = 3.0;
        layout_options.loop_room = 8.0;
    }
    let layout = layered(&boxes, &pairs, &layout_options);
    Prepared {
        labelled,
        kinds,
        edges,
        boxes,
        pairs,
        layout,
    }
}

/// The layout [`graph_figure`] draws (node centres, edge routes, crossings), without the SVG:
/// for measurements.
pub fn graph_layout(network: &Network) -> Layout {
    prepare(network).layout
}

/// The interaction graph of `network`, laid out in layers, as SVG.
///
/// # Examples
/// ```
/// use basin::parse::{parse_str, Format, ParseOptions};
/// use basin::plot::graph_draw::{graph_figure, GraphOptions};
/// let model = parse_str("targets, factors\nS, S\nA, S & !B\nB, A\n", &ParseOptions::new(Format::Bnet))?;
/// let figure = graph_figure(&model.network, &GraphOptions::default());
/// assert_eq!(figure.svg.matches("class=\"node ").count(), 3);
/// assert_eq!(figure.svg.matches("class=\"edge ").count(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn graph_figure(network: &Network, options: &GraphOptions) -> Figure {
    draw(network, &prepare(network), options)
}

/// Several drawings of the same graph (say, one per attractor), laid out once: the same
/// figures as [`graph_figure`] gives for each of `options`, in order, with the nodes in the
/// same places in all of them. Give each a distinct [`GraphOptions::id_prefix`] to inline
/// them in one page.
pub fn graph_figures(network: &Network, options: &[GraphOptions]) -> Vec<Figure> {
    if options.is_empty() {
        return Vec::new();
    }
    let prepared = prepare(network);
    options
        .iter()
        .map(|o| draw(network, &prepared, o))
        .collect()
}

fn draw(network: &Network, prepared: &Prepared, options: &GraphOptions) -> Figure {
    let n = network.num_vars();
    let Prepared {
        labelled,
        kinds,
        edges,
        boxes,
        pairs,
        layout,
    } = prepared;
    let labelled = *labelled;
    let label = |v: VarId| node_label(network, kinds, v);

    // Text lines above and below the graph.
    let overlay = options.overlay.as_ref();
    let mut header: Vec<(f64, String)> = Vec::new();
    if !options.title.is_empty() {
        header.push((14.0, options.title.clone()));
    }
    if let Some(o) = overlay.filter(|o| !o.caption.is_empty()) {
        header.push((11.0, o.caption.clone()));
    }
    if !labelled {
        header.push((
            11.0,
            format!(
                "{n} variables: more than {MAX_LABELLED_NODES}, so drawn without labels (hover a node for its name)"
            ),
        ));
    }
    let legend = legend_lines(overlay);
    let top = if header.is_empty() {
        0.0
    } else {
        8.0 + TITLE_HEIGHT * header.len() as f64 * 0.75
    };
    let legend_width = legend
        .iter()
        .map(|l| l.iter().map(|i| i.width()).sum::<f64>())
        .fold(0.0, f64::max);
    let header_width = header
        .iter()
        .map(|(s, t)| text_width(t, *s))
        .fold(0.0, f64::max);
    let width = layout
        .width
        .max(legend_width + 24.0)
        .max(header_width + 24.0);
    let height = top + layout.height + LEGEND_LINE * legend.len() as f64 + 8.0;
    let dx = (width - layout.width) / 2.0;
    let mut svg = Svg::new(width, height);
    defs(&mut svg, &options.id_prefix);
    let mut y = 8.0;
    for (size, text) in &header {
        y += size + 5.0;
        svg.text(
            12.0,
            y,
            *size,
            text,
            &[
                ("class", "caption".into()),
                (
                    "font-weight",
                    if *size > 12.0 { "bold" } else { "normal" }.into(),
                ),
            ],
        );
    }
    let at = |(x, y): (f64, f64)| (x + dx, y + top);

    // Marker groups: a coloured halo behind their members.
    if let Some(o) = overlay {
        svg.open("g", &[("class", "marker-groups".into())]);
        for (g, (name, members)) in o.groups.iter().enumerate() {
            let fill = OKABE_ITO[(g + 1) % OKABE_ITO.len()];
            for &v in members {
                let b = boxes[v.index()];
                let (cx, cy) = at(layout.centres[v.index()]);
                svg.rect(
                    (
                        cx - b.width / 2.0 - 4.0,
                        cy - b.height / 2.0 - 4.0,
                        b.width + 8.0,
                        b.height + 8.0,
                    ),
                    fill,
                    &[
                        ("class", "marker-group".into()),
                        ("data-group", name.clone()),
                        ("data-var", network.name(v).to_string()),
                        ("rx", "8".into()),
                        ("opacity", "0.55".into()),
                    ],
                    None,
                );
            }
        }
        svg.close("g");
    }

    // Edges under the nodes.
    svg.open("g", &[("class", "edges".into()), ("fill", "none".into())]);
    for ((&(r, t, sign), route), &(a, _)) in edges.iter().zip(&layout.routes).zip(pairs.iter()) {
        let d = if route.points.is_empty() {
            let b = boxes[a];
            let (cx, cy) = at(layout.centres[a]);
            let x = cx + b.width / 2.0 - if b.ellipse { 2.0 } else { 0.0 };
            let reach = if labelled { 18.0 } else { 9.0 };
            let (y1, y2) = (cy - b.height / 4.0, cy + b.height / 4.0);
            format!(
                "M{},{} C{},{} {},{} {},{}",
                num(x),
                num(y1),
                num(x + reach),
                num(y1 - reach * 0.8),
                num(x + reach),
                num(y2 + reach * 0.8),
                num(x),
                num(y2)
            )
        } else {
            let points: Vec<(f64, f64)> = route.points.iter().map(|&p| at(p)).collect();
            smooth_path(&points)
        };
        let mut class = format!("edge {}", sign_class(sign));
        if route.back {
            class.push_str(" back");
        }
        if route.points.is_empty() {
            class.push_str(" self-loop");
        }
        let mut attrs = vec![
            ("class", class),
            ("data-source", network.name(r).to_string()),
            ("data-target", network.name(t).to_string()),
            ("d", d),
            ("stroke", colour(sign).to_string()),
            (
                "stroke-width",
                if labelled { "1.2" } else { "0.8" }.to_string(),
            ),
        ];
        if let Some(da) = dash(sign) {
            attrs.push(("stroke-dasharray", da.to_string()));
        }
        if let Some(m) = marker(&options.id_prefix, sign) {
            attrs.push(("marker-end", format!("url(#{m})")));
        }
        svg.open("path", &attrs);
        let verb = match sign {
            Some(Sign::Activating) => "activates",
            Some(Sign::Inhibiting) => "inhibits",
            Some(Sign::Dual) => "regulates (dual)",
            Some(Sign::NonEssential) => "is mentioned without effect by",
            None => "regulates (not analysed)",
        };
        let tip = match sign {
            Some(Sign::NonEssential) => format!("{} {verb} {}", network.name(t), network.name(r)),
            _ => format!("{} {verb} {}", network.name(r), network.name(t)),
        };
        svg.element("title", &[], &tip);
        svg.close("path");
    }
    svg.close("g");

    // Nodes.
    svg.open(
        "g",
        &[
            ("class", "nodes".into()),
            ("font-size", num(FONT)),
            ("text-anchor", "middle".into()),
        ],
    );
    for v in network.vars() {
        let i = v.index();
        let kind = kinds[i];
        let b = boxes[i];
        let (cx, cy) = at(layout.centres[i]);
        let mut class = format!("node {}", kind.as_str());
        let mut fill = match kind {
            NodeKind::Input => "#cfe8f7",
            NodeKind::Constant(_) => "#eeeeee",
            NodeKind::Output => "#fbe3c2",
            NodeKind::Internal => "#ffffff",
        }
        .to_string();
        let mut stroke = ("#444444", 1.0);
        let mut attrs = vec![("data-var", network.name(v).to_string())];
        let mut tip = format!("{} ({})", network.name(v), kind.as_str());
        let mut badge = None;
        if let Some(o) = overlay {
            let a = o.activity.get(i).copied().unwrap_or(0.0);
            class.push(' ');
            class.push_str(value_class(a));
            fill = palette::activity(a);
            attrs.push(("data-activity", num(a)));
            tip.push_str(&format!(": {} (activity {})", value_class(a), num(a)));
            if let Some(&(_, value)) = o.perturbed.iter().find(|p| p.0 == v) {
                class.push_str(" perturbed");
                stroke = ("#D55E00", 3.0);
                badge = Some(if value { "OE" } else { "KO" });
                tip.push_str(if value {
                    ", forced on"
                } else {
                    ", knocked out"
                });
            } else if let Some(&(_, value)) = o.fixed_inputs.iter().find(|p| p.0 == v) {
                class.push_str(" fixed-input");
                stroke = ("#0072B2", 2.5);
                badge = Some(if value { "=1" } else { "=0" });
                tip.push_str(&format!(", input fixed at {}", u8::from(value)));
            }
        }
        let mut g_attrs = vec![("class", class)];
        g_attrs.extend(attrs);
        svg.open("g", &g_attrs);
        svg.element("title", &[], &tip);
        let mut shape = vec![
            ("fill", fill.clone()),
            ("stroke", stroke.0.to_string()),
            ("stroke-width", num(stroke.1)),
        ];
        if matches!(kind, NodeKind::Constant(_)) {
            shape.push(("stroke-dasharray", "3,2".into()));
        }
        if b.ellipse {
            let mut e = vec![
                ("cx", num(cx)),
                ("cy", num(cy)),
                ("rx", num(b.width / 2.0)),
                ("ry", num(b.height / 2.0)),
            ];
            e.extend(shape);
            svg.empty("ellipse", &e);
        } else {
            let mut r = vec![
                ("x", num(cx - b.width / 2.0)),
                ("y", num(cy - b.height / 2.0)),
                ("width", num(b.width)),
                ("height", num(b.height)),
                ("rx", if labelled { "6" } else { "2" }.to_string()),
            ];
            r.extend(shape);
            svg.empty("rect", &r);
        }
        if labelled {
            svg.text(
                cx,
                cy + FONT * 0.36,
                FONT,
                &label(v),
                &[("fill", palette::text_on(&fill).to_string())],
            );
        }
        if let Some(text) = badge {
            svg.text(
                cx + b.width / 2.0,
                cy - b.height / 2.0 - 1.0,
                9.0,
                text,
                &[
                    ("class", "badge".into()),
                    ("fill", stroke.0.into()),
                    ("font-weight", "bold".into()),
                ],
            );
        }
        svg.close("g");
    }
    svg.close("g");

    // Legend.
    let mut y = top + layout.height + 4.0;
    for line in &legend {
        let mut x = 12.0;
        for item in line {
            item.draw(&mut svg, x, y, &options.id_prefix);
            x += item.width();
        }
        y += LEGEND_LINE;
    }
    Figure {
        width,
        height,
        svg: svg.finish(if options.title.is_empty() {
            "interaction graph"
        } else {
            &options.title
        }),
    }
}

/// One entry of the legend.
enum Item {
    Edge(Option<Sign>, &'static str),
    Swatch(String, String, &'static str),
    Text(String),
}

impl Item {
    fn width(&self) -> f64 {
        match self {
            Item::Edge(_, t) => 34.0 + text_width(t, 10.0) + 14.0,
            Item::Swatch(_, t, _) => 18.0 + text_width(t, 10.0) + 14.0,
            Item::Text(t) => text_width(t, 10.0) + 10.0,
        }
    }

    fn draw(&self, svg: &mut Svg, x: f64, y: f64, prefix: &str) {
        let class = [("class", "legend".to_string())];
        match self {
            Item::Edge(sign, text) => {
                let mut attrs = vec![
                    ("class", "legend".to_string()),
                    (
                        "d",
                        format!(
                            "M{},{} L{},{}",
                            num(x),
                            num(y + 7.0),
                            num(x + 28.0),
                            num(y + 7.0)
                        ),
                    ),
                    ("stroke", colour(*sign).to_string()),
                    ("stroke-width", "1.2".to_string()),
                    ("fill", "none".to_string()),
                ];
                if let Some(d) = dash(*sign) {
                    attrs.push(("stroke-dasharray", d.to_string()));
                }
                if let Some(m) = marker(prefix, *sign) {
                    attrs.push(("marker-end", format!("url(#{m})")));
                }
                svg.empty("path", &attrs);
                svg.text(x + 34.0, y + 11.0, 10.0, text, &class);
            }
            Item::Swatch(fill, text, shape) => {
                let mut attrs = vec![
                    ("class", "legend".to_string()),
                    ("x", num(x)),
                    ("y", num(y + 2.0)),
                    ("width", "12".to_string()),
                    ("height", "11".to_string()),
                    ("fill", fill.clone()),
                ];
                match *shape {
                    "perturbed" => attrs.extend([
                        ("stroke", "#D55E00".to_string()),
                        ("stroke-width", "2.5".to_string()),
                    ]),
                    "fixed" => attrs.extend([
                        ("stroke", "#0072B2".to_string()),
                        ("stroke-width", "2".to_string()),
                    ]),
                    _ => attrs.extend([
                        ("stroke", "#444444".to_string()),
                        ("stroke-width", "0.8".to_string()),
                    ]),
                }
                svg.empty("rect", &attrs);
                svg.text(x + 18.0, y + 11.0, 10.0, text, &class);
            }
            Item::Text(text) => svg.text(x, y + 11.0, 10.0, text, &class),
        }
    }
}

fn legend_lines(overlay: Option<&Overlay>) -> Vec<Vec<Item>> {
    let mut lines = vec![vec![
        Item::Edge(Some(Sign::Activating), "activation"),
        Item::Edge(Some(Sign::Inhibiting), "inhibition"),
        Item::Edge(Some(Sign::Dual), "dual"),
        Item::Edge(Some(Sign::NonEssential), "no effect"),
        Item::Edge(None, "not analysed"),
    ]];
    match overlay {
        None => lines.push(vec![
            Item::Swatch("#cfe8f7".into(), "input".into(), ""),
            Item::Swatch("#eeeeee".into(), "constant".into(), ""),
            Item::Swatch("#fbe3c2".into(), "output".into(), ""),
            Item::Swatch("#ffffff".into(), "internal".into(), ""),
            Item::Text("edges drawn upwards close feedback loops".into()),
        ]),
        Some(o) => {
            lines.push(vec![
                Item::Swatch(palette::activity(1.0), "on".into(), ""),
                Item::Swatch(palette::activity(0.0), "off".into(), ""),
                Item::Swatch(
                    palette::activity(0.5),
                    "oscillating (shade: share on)".into(),
                    "",
                ),
                Item::Swatch("#ffffff".into(), "KO/OE: perturbed".into(), "perturbed"),
                Item::Swatch("#ffffff".into(), "=0/=1: fixed input".into(), "fixed"),
            ]);
            if !o.groups.is_empty() {
                let mut line = vec![Item::Text("marker groups:".into())];
                for (g, (name, _)) in o.groups.iter().enumerate() {
                    line.push(Item::Swatch(
                        OKABE_ITO[(g + 1) % OKABE_ITO.len()].to_string(),
                        name.clone(),
                        "",
                    ));
                }
                lines.push(line);
            }
        }
    }
    lines
}
