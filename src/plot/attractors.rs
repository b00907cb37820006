//! The attractor heatmap, as BoolNet's `plotAttractors` draws it: one row per variable, one
//! column per attractor state, on dark and off light.
//!
//! * Rows are grouped: inputs and constants first, then the core (every other variable), then
//!   the read-outs (variables no other variable reads, plus the phenotype markers given in the
//!   options), each group in network order. Names of variables that were not explored (fixed
//!   by the condition, a perturbation or a constant) are set in italics.
//! * Columns: each attractor is a block of columns, one per state, a cycle in update order from
//!   its smallest state. An attractor with more than [`HeatmapOptions::max_state_columns`]
//!   states, or whose states were not all kept, is summarised as one column shaded by activity
//!   (the share of its states in which the variable is on), with its state count below.
//! * Each block is headed by its label (when labels are given) and its share of the space
//!   ([`Basin::share`](crate::attractor::Basin::share): basin fraction when synchronous, reach
//!   probability when asynchronous, `~` when sampled; `~` and the 95% interval when estimated
//!   by random walks, as the symbolic engine's reach probabilities are).
//!
//! Every cell carries `class="cell"` and `data-var`, `data-attractor` (0-based), `data-column`,
//! `data-state` (index, or `summary`) and `data-value` attributes, and a tooltip, so the figure
//! can be checked (and scripted) as data.

use super::Figure;
use super::palette;
use super::svg::{Svg, num, text_width};
use crate::attractor::{Attractor, Exploration, Method, UpdateScheme};
use crate::count::Count;
use crate::network::{Network, VarId, VarKind};

/// A named group of rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowGroup {
    /// Shown beside the rows (`inputs`, `core`, `read-outs`).
    pub name: String,
    /// The variables, top to bottom.
    pub vars: Vec<VarId>,
}

/// The default row groups: inputs and constants, core, read-outs (variables no other variable
/// reads, and `markers`). Empty groups are left out; every variable appears exactly once.
pub fn row_groups(network: &Network, markers: &[VarId]) -> Vec<RowGroup> {
    let mut read_by_others = vec![false; network.num_vars()];
    for v in network.vars() {
        for r in network.regulators(v) {
            if r != v {
                read_by_others[r.index()] = true;
            }
        }
    }
    let (mut inputs, mut core, mut readouts) = (Vec::new(), Vec::new(), Vec::new());
    for v in network.vars() {
        match network.kind(v) {
            VarKind::Input | VarKind::Constant(_) => inputs.push(v),
            VarKind::Internal if !read_by_others[v.index()] || markers.contains(&v) => {
                readouts.push(v)
            }
            VarKind::Internal => core.push(v),
        }
    }
    [("inputs", inputs), ("core", core), ("read-outs", readouts)]
        .into_iter()
        .filter(|(_, vars)| !vars.is_empty())
        .map(|(name, vars)| RowGroup {
            name: name.to_string(),
            vars,
        })
        .collect()
}

/// How to draw an attractor heatmap.
#[derive(Clone, Debug)]
pub struct HeatmapOptions {
    /// The first line above the figure (model, condition).
    pub title: String,
    /// Attractors with more states than this (or whose states were not all kept) get one
    /// summary column shaded by activity.
    pub max_state_columns: u64,
    /// Phenotype markers, drawn with the read-outs.
    pub markers: Vec<VarId>,
    /// Row groups; `None` for [`row_groups`].
    pub rows: Option<Vec<RowGroup>>,
}

impl HeatmapOptions {
    /// Options with `title`, at most 16 state columns per attractor, no markers, default rows.
    pub fn new(title: impl Into<String>) -> HeatmapOptions {
        HeatmapOptions {
            title: title.into(),
            max_state_columns: 16,
            markers: Vec::new(),
            rows: None,
        }
    }
}

const CELL_W: f64 = 16.0;
const CELL_H: f64 = 14.0;
const FONT: f64 = 11.0;
const SMALL: f64 = 9.5;
const BLOCK_GAP: f64 = 6.0;
const GROUP_GAP: f64 = 8.0;
const MARGIN: f64 = 12.0;
const STRIP: f64 = 16.0;
const PANEL_GAP: f64 = 12.0;

/// One column of the grid.
enum Column<'a> {
    /// State `index` of an attractor.
    State(usize, &'a crate::state::State),
    /// The attractor's activity.
    Summary,
}

/// An attractor's block of columns.
struct Block<'a> {
    /// Index of its panel, and of the attractor in the panel's exploration.
    panel: usize,
    index: usize,
    attractor: &'a Attractor,
    columns: Vec<Column<'a>>,
    header: Vec<String>,
    footer: String,
    x: f64,
}

impl Block<'_> {
    fn width(&self) -> f64 {
        self.columns.len() as f64 * CELL_W
    }
}

/// `38.1%`, `<0.1%`, `0%`.
fn percent_text(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 {
        "0%".to_string()
    } else if p < 0.1 {
        "<0.1%".to_string()
    } else {
        format!("{p:.1}%")
    }
}

/// The share as a percentage (`38.1%`, `<0.1%`, `0%`); `~` in front when sampled; `~` and
/// the 95% interval after it (`~38.1% (37.2–39.0%)`) when estimated by random walks
/// (`ci95`); `n/a` when it was not computed (reach probabilities skipped).
fn share_text(share: Option<f64>, sampled: bool, ci95: Option<(f64, f64)>) -> String {
    let Some(share) = share else {
        return "n/a".to_string();
    };
    let s = percent_text(share);
    match ci95 {
        Some((lo, hi)) => format!("~{s} ({}–{})", percent_text(lo), percent_text(hi)),
        None if sampled => format!("~{s}"),
        None => s,
    }
}

/// The 95% interval of a share estimated by random walks in an exhaustive exploration (the
/// symbolic engine's reach probabilities); `None` for exact and sampled shares.
fn walk_interval(e: &Exploration, a: &Attractor) -> Option<(f64, f64)> {
    match e.method {
        Method::Exhaustive => a.basin.estimate().map(|est| est.ci95),
        Method::Sampled { .. } => None,
    }
}

/// One exploration drawn beside others in [`attractor_panels`].
#[derive(Clone, Copy, Debug)]
pub struct Panel<'a> {
    /// Put before each attractor's header (a condition's name); `None` for none.
    pub title: Option<&'a str>,
    /// The exploration.
    pub exploration: &'a Exploration,
    /// One label per attractor, if any.
    pub labels: Option<&'a [String]>,
}

/// The attractor heatmap of `exploration` (computed on `network`), with one label per
/// attractor when `labels` is given. An empty `options.title` leaves out the title lines (for
/// a figure placed under a heading of its own).
///
/// # Panics
/// If `labels` is given and does not have one entry per attractor, or the exploration is not
/// of `network`.
pub fn attractor_heatmap(
    network: &Network,
    exploration: &Exploration,
    labels: Option<&[String]>,
    options: &HeatmapOptions,
) -> Figure {
    attractor_panels(
        network,
        &[Panel {
            title: None,
            exploration,
            labels,
        }],
        options,
    )
}

/// Several explorations of `network` (conditions, update schemes) side by side in one heatmap,
/// each attractor headed by its panel's title, label and share; panels are set apart by a
/// wider gap. Names are in italics when the variable is fixed in every panel.
///
/// # Panics
/// As [`attractor_heatmap`], for any panel.
pub fn attractor_panels(network: &Network, panels: &[Panel], options: &HeatmapOptions) -> Figure {
    for p in panels {
        assert_eq!(p.exploration.variables.len(), network.num_vars());
        if let Some(l) = p.labels {
            assert_eq!(l.len(), p.exploration.attractors.len());
        }
    }
    let groups = options
        .rows
        .clone()
        .unwrap_or_else(|| row_groups(network, &options.markers));
    let is_sampled = |e: &Exploration| matches!(e.method, Method::Sampled { .. });
    let sampled = panels.iter().any(|p| is_sampled(p.exploration));
    let estimated = panels.iter().any(|p| {
        p.exploration
            .attractors
            .iter()
            .any(|a| walk_interval(p.exploration, a).is_some())
    });
    let is_fixed = |v: VarId| {
        !panels.is_empty()
            && panels
                .iter()
                .all(|p| p.exploration.fixed.iter().any(|(f, _)| *f == v))
    };

    // Columns and header text per attractor.
    let mut blocks: Vec<Block> = panels
        .iter()
        .enumerate()
        .flat_map(|(k, p)| {
            p.exploration
                .attractors
                .iter()
                .enumerate()
                .map(move |(i, a)| (k, p, i, a))
        })
        .map(|(k, p, i, a)| {
            let exploration = p.exploration;
            let labels = p.labels;
            let columns = if a.is_listed() && a.num_states <= Count::from(options.max_state_columns)
            {
                a.states
                    .iter()
                    .enumerate()
                    .map(|(j, s)| Column::State(j, s))
                    .collect()
            } else {
                vec![Column::Summary]
            };
            let mut header = Vec::new();
            if let Some(t) = p.title {
                header.push(format!("{t}:"));
            }
            if let Some(l) = labels {
                header.push(l[i].clone());
            }
            header.push(share_text(
                a.basin.share(&exploration.explored_states),
                is_sampled(exploration),
                walk_interval(exploration, a),
            ));
            let footer = if a.num_states == 1u128 {
                String::new()
            } else {
                a.num_states.to_string()
            };
            Block {
                panel: k,
                index: i,
                attractor: a,
                columns,
                header,
                footer,
                x: 0.0,
            }
        })
        .collect();

    // Header layout: horizontal when every header line fits its block, else rotated.
    let horizontal = blocks.iter().all(|b| {
        b.header
            .iter()
            .chain(std::iter::once(&b.footer))
            .all(|t| text_width(t, FONT) + 2.0 <= b.width().max(CELL_W))
    });
    let header_h = if horizontal {
        blocks.iter().map(|b| b.header.len()).max().unwrap_or(1) as f64 * (FONT + 3.0) + 6.0
    } else {
        blocks
            .iter()
            .map(|b| text_width(&b.header.join("  "), FONT))
            .fold(0.0, f64::max)
            + 10.0
    };
    let horizontal_footer = blocks
        .iter()
        .all(|b| text_width(&b.footer, SMALL) + 2.0 <= b.width().max(CELL_W));
    let footer_h = if horizontal_footer {
        FONT + 6.0
    } else {
        blocks
            .iter()
            .map(|b| text_width(&b.footer, SMALL))
            .fold(0.0, f64::max)
            + 8.0
    };

    // Horizontal geometry.
    let name_w = network
        .names()
        .iter()
        .map(|n| text_width(n, FONT))
        .fold(0.0, f64::max);
    let grid_x = MARGIN + STRIP + 4.0 + name_w + 6.0;
    let mut x = grid_x;
    let mut last_panel = None;
    for b in &mut blocks {
        if last_panel.is_some_and(|p| p != b.panel) {
            x += PANEL_GAP;
        }
        last_panel = Some(b.panel);
        b.x = x;
        x += b.width() + BLOCK_GAP;
    }
    let grid_right = if blocks.is_empty() {
        grid_x + 80.0
    } else {
        x - BLOCK_GAP
    };

    // Vertical geometry.
    let subtitle = match panels {
        [one] => subtitle(one.exploration),
        many => {
            let mut updates: Vec<UpdateScheme> =
                many.iter().map(|p| p.exploration.update).collect();
            updates.sort();
            updates.dedup();
            let names: Vec<&str> = updates.iter().map(|u| u.as_str()).collect();
            format!(
                "{} update · {} panels · {} attractors",
                names.join(" and "),
                many.len(),
                blocks.len()
            )
        }
    };
    let titled = !options.title.is_empty();
    let title_h = if titled {
        2.0 * (FONT + 6.0) + 6.0
    } else {
        0.0
    };
    let grid_y = MARGIN + title_h + header_h;
    let mut row_y: Vec<(VarId, f64)> = Vec::new();
    let mut group_spans: Vec<(&str, f64, f64)> = Vec::new();
    let mut y = grid_y;
    for g in &groups {
        let top = y;
        for &v in &g.vars {
            row_y.push((v, y));
            y += CELL_H;
        }
        group_spans.push((&g.name, top, y));
        y += GROUP_GAP;
    }
    let grid_bottom = y - GROUP_GAP;
    let any_summary = blocks
        .iter()
        .any(|b| matches!(b.columns[0], Column::Summary));
    let legend_y = grid_bottom + footer_h + 10.0;
    let legend_h = CELL_H + 2.0 * (SMALL + 4.0) + 4.0;
    let has_labels = panels.iter().any(|p| p.labels.is_some());
    let notes = [
        format!(
            "header: {}{}{}{}",
            if panels.iter().any(|p| p.title.is_some()) {
                "panel, "
            } else {
                ""
            },
            if has_labels { "label, " } else { "" },
            share_name(panels, sampled),
            if estimated {
                " (~: estimated by random walks, with its 95% interval)"
            } else {
                ""
            }
        ),
        format!(
            "below: number of states; italic: fixed{}",
            if any_summary {
                format!(
                    "; shaded: attractors of more than {} states",
                    options.max_state_columns
                )
            } else {
                String::new()
            }
        ),
    ];
    let legend_w = notes.iter().map(|n| text_width(n, SMALL)).fold(
        2.0 * (CELL_W + 4.0 + 14.0)
            + text_width("offon", FONT)
            + if any_summary {
                110.0 + text_width("01: share of states on", SMALL)
            } else {
                0.0
            },
        f64::max,
    );
    let width = (grid_right + MARGIN)
        .max(MARGIN * 2.0 + 1.1 * text_width(&options.title, FONT + 2.0))
        .max(if titled {
            MARGIN * 2.0 + text_width(&subtitle, FONT)
        } else {
            0.0
        })
        .max(MARGIN + legend_w);
    let height = legend_y + legend_h + MARGIN;
    let mut svg = Svg::new(width.ceil(), height.ceil());

    // Title.
    if titled {
        svg.text(
            MARGIN,
            MARGIN + FONT + 2.0,
            FONT + 2.0,
            &options.title,
            &[("font-weight", "bold".into()), ("class", "title".into())],
        );
        svg.text(
            MARGIN,
            MARGIN + 2.0 * (FONT + 6.0),
            FONT,
            &subtitle,
            &[("fill", "#333333".into())],
        );
    }

    // Group strips and row names.
    for (name, top, bottom) in &group_spans {
        let sx = MARGIN + STRIP / 2.0;
        svg.line(
            (sx + 5.0, *top + 1.0),
            (sx + 5.0, *bottom - 1.0),
            "#888888",
            1.0,
        );
        let cy = (top + bottom) / 2.0;
        if text_width(name, SMALL) <= bottom - top || bottom - top >= 3.0 * CELL_H {
            svg.text(
                sx,
                cy,
                SMALL,
                name,
                &[
                    ("text-anchor", "middle".into()),
                    ("fill", "#555555".into()),
                    ("transform", format!("rotate(-90 {} {})", num(sx), num(cy))),
                    ("class", "group-label".into()),
                ],
            );
        }
    }
    for &(v, y) in &row_y {
        let mut attrs = vec![
            ("text-anchor", "end".to_string()),
            ("class", "row-label".to_string()),
            ("data-var", network.name(v).to_string()),
        ];
        if is_fixed(v) {
            attrs.push(("font-style", "italic".into()));
            attrs.push(("fill", "#555555".into()));
        }
        svg.text(
            grid_x - 6.0,
            y + CELL_H - 3.5,
            FONT,
            network.name(v),
            &attrs,
        );
    }

    // Blocks: headers, cells, footers.
    let mut column = 0usize;
    for b in &blocks {
        let i = b.index;
        let panel_name = panels[b.panel]
            .title
            .map(|t| format!(" under {t}"))
            .unwrap_or_default();
        let cx = b.x + b.width() / 2.0;
        let header_attrs = |extra: Vec<(&'static str, String)>| {
            let mut a = vec![
                ("class", "attractor-header".to_string()),
                ("data-panel", b.panel.to_string()),
                ("data-attractor", i.to_string()),
            ];
            a.extend(extra);
            a
        };
        if horizontal {
            let n = b.header.len();
            for (k, line) in b.header.iter().enumerate() {
                let ly = grid_y - 6.0 - (n - 1 - k) as f64 * (FONT + 3.0);
                let weight = if k == 0 && n > 1 { "bold" } else { "normal" };
                svg.text(
                    cx,
                    ly,
                    FONT,
                    line,
                    &header_attrs(vec![
                        ("text-anchor", "middle".into()),
                        ("font-weight", weight.into()),
                    ]),
                );
            }
        } else {
            let tx = cx + FONT * 0.35;
            let ty = grid_y - 5.0;
            svg.text(
                tx,
                ty,
                FONT,
                &b.header.join("  ").replace(":  ", ": "),
                &header_attrs(vec![
                    ("text-anchor", "start".into()),
                    ("transform", format!("rotate(-90 {} {})", num(tx), num(ty))),
                ]),
            );
        }
        // A thin frame around the block, one per row group.
        for (_, top, bottom) in &group_spans {
            svg.empty(
                "rect",
                &[
                    ("x", num(b.x - 0.5)),
                    ("y", num(top - 0.5)),
                    ("width", num(b.width() + 1.0)),
                    ("height", num(bottom - top + 1.0)),
                    ("fill", "none".into()),
                    ("stroke", "#999999".into()),
                    ("stroke-width", "0.5".into()),
                ],
            );
        }
        for (j, col) in b.columns.iter().enumerate() {
            let x = b.x + j as f64 * CELL_W;
            for &(v, y) in &row_y {
                let name = network.name(v);
                let (value, state, tooltip) = match col {
                    Column::State(k, s) => {
                        let on = s.get(v);
                        (
                            if on { 1.0 } else { 0.0 },
                            k.to_string(),
                            format!(
                                "{name} = {} (attractor {}{panel_name}, state {} of {})",
                                u8::from(on),
                                i + 1,
                                k + 1,
                                b.attractor.num_states
                            ),
                        )
                    }
                    Column::Summary => {
                        let a = b.attractor.activity[v.index()];
                        (
                            a,
                            "summary".to_string(),
                            format!(
                                "{name}: on in {:.1}% of the {} states of attractor {}{panel_name}",
                                a * 100.0,
                                b.attractor.num_states,
                                i + 1
                            ),
                        )
                    }
                };
                let fill = palette::activity(value);
                svg.rect(
                    (x, y, CELL_W, CELL_H),
                    &fill,
                    &[
                        ("stroke", "#ffffff".into()),
                        ("stroke-width", "0.6".into()),
                        ("class", "cell".into()),
                        ("data-var", name.to_string()),
                        ("data-panel", b.panel.to_string()),
                        ("data-attractor", i.to_string()),
                        ("data-column", column.to_string()),
                        ("data-state", state),
                        ("data-value", num_value(value)),
                    ],
                    Some(&tooltip),
                );
            }
            column += 1;
        }
        if !b.footer.is_empty() {
            let attrs = |extra: Vec<(&'static str, String)>| {
                let mut a = vec![
                    ("class", "attractor-footer".to_string()),
                    ("fill", "#333333".to_string()),
                ];
                a.extend(extra);
                a
            };
            if horizontal_footer {
                svg.text(
                    cx,
                    grid_bottom + SMALL + 4.0,
                    SMALL,
                    &b.footer,
                    &attrs(vec![("text-anchor", "middle".into())]),
                );
            } else {
                let tx = cx + SMALL * 0.35;
                let ty = grid_bottom + 4.0;
                svg.text(
                    tx,
                    ty,
                    SMALL,
                    &b.footer,
                    &attrs(vec![
                        ("text-anchor", "end".into()),
                        ("transform", format!("rotate(-90 {} {})", num(tx), num(ty))),
                    ]),
                );
            }
        }
    }
    if blocks.is_empty() {
        svg.text(grid_x, grid_y + FONT, FONT, "no attractor", &[]);
    }

    // Legend: off and on swatches (and the activity scale), then two lines of notes.
    let mut lx = MARGIN;
    let ly = legend_y;
    for (label, fill) in [("off", palette::OFF), ("on", palette::ON)] {
        svg.rect(
            (lx, ly, CELL_W, CELL_H),
            fill,
            &[("stroke", "#999999".into()), ("stroke-width", "0.5".into())],
            None,
        );
        svg.text(lx + CELL_W + 4.0, ly + CELL_H - 3.0, FONT, label, &[]);
        lx += CELL_W + 4.0 + text_width(label, FONT) + 14.0;
    }
    if any_summary {
        let steps = 20;
        let bar_w = 100.0;
        svg.text(lx, ly + CELL_H - 3.0, SMALL, "0", &[]);
        lx += text_width("0", SMALL) + 3.0;
        svg.colour_bar((lx, ly, bar_w, CELL_H), steps, palette::activity);
        lx += bar_w + 3.0;
        svg.text(lx, ly + CELL_H - 3.0, SMALL, "1: share of states on", &[]);
    }
    for (k, n) in notes.iter().enumerate() {
        svg.text(
            MARGIN,
            ly + CELL_H + (k as f64 + 1.0) * (SMALL + 4.0),
            SMALL,
            n,
            &[("fill", "#333333".into())],
        );
    }
    Figure {
        width: width.ceil(),
        height: height.ceil(),
        svg: svg.finish(&options.title),
    }
}

/// What the share in the headers is, for the update schemes of `panels`.
fn share_name(panels: &[Panel], sampled: bool) -> &'static str {
    let sync = panels
        .iter()
        .any(|p| p.exploration.update == UpdateScheme::Synchronous);
    let asyn = panels
        .iter()
        .any(|p| p.exploration.update == UpdateScheme::Asynchronous);
    match (sync, asyn, sampled) {
        (true, false, false) => "basin fraction",
        (false, true, false) => "reach probability",
        (true, false, true) => "sampled basin fraction",
        (false, true, true) => "sampled reach probability",
        (true, true, false) => "basin fraction (sync) or reach probability (async)",
        (true, true, true) => "basin fraction (sync) or reach probability (async), sampled",
        (false, false, _) => "share",
    }
}

fn num_value(v: f64) -> String {
    if v == 0.0 || v == 1.0 {
        format!("{}", v as u8)
    } else {
        format!("{v:.4}")
    }
}

/// `asynchronous update · 2^12 states explored · exhaustive · fixed: BP=1 LPS=0`.
fn subtitle(e: &Exploration) -> String {
    let states = if e.explored_states.bits() > 11
        && e.explored_states == Count::pow2(e.explored_states.bits() as u32 - 1)
    {
        format!("2^{}", e.explored_states.bits() - 1)
    } else {
        e.explored_states.to_string()
    };
    let walks = e.attractors.iter().find_map(|a| {
        walk_interval(e, a)
            .and(a.basin.estimate())
            .map(|x| x.samples)
    });
    let method = match (e.method, walks) {
        (Method::Exhaustive, Some(walks)) => {
            format!("exhaustive, reach probabilities estimated by {walks} random walks")
        }
        (Method::Exhaustive, None) => "exhaustive".to_string(),
        (Method::Sampled { samples, seed }, _) => {
            format!("sampled ({samples} samples, seed {seed})")
        }
    };
    let n = e.attractors.len();
    format!(
        "{} update · {n} attractor{} · {states} states explored · {method}",
        e.update,
        if n == 1 { "" } else { "s" }
    )
}
