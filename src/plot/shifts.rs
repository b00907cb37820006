//! The knockout/screen heatmap: one row per perturbation, one column per condition (× update
//! scheme), each cell coloured by the *shift* of a label query (perturbed share minus wild-type
//! share of the labels the query matches) on a diverging blue–white–orange scale centred at 0,
//! and holding the perturbed network's dominant label when it differs from the wild type's.
//!
//! The data is gathered first into a [`ShiftGrid`] (from a [`ScreenResult`] or from
//! [`Comparison`]s), then drawn with [`shift_heatmap`]. A first row, set apart, shows the wild
//! type: its dominant label and its share of the query.
//!
//! Cells carry `class="cell"`, `data-row`, `data-column` and `data-shift` attributes and a
//! tooltip with the numbers.

use super::Figure;
use super::palette;
use super::svg::{Svg, num, text_width};
use crate::attractor::UpdateScheme;
use crate::network::Network;
use crate::perturb::perturbation_name;
use crate::phenotype::{Distribution, LabelQuery, LabelShift};
use crate::screen::{Comparison, ScreenResult};

/// A column of the grid: one condition under one update scheme, with its wild type.
#[derive(Clone, Debug, PartialEq)]
pub struct ShiftColumn {
    /// The condition's name.
    pub condition: String,
    /// The update scheme.
    pub update: UpdateScheme,
    /// The wild type's dominant label ([`dominant_label`]).
    pub wild_type_label: String,
    /// The wild type's share of the query's labels.
    pub wild_type_share: f64,
    /// Whether that share was estimated (random walks, sampling).
    pub wild_type_estimated: bool,
}

impl ShiftColumn {
    fn new(condition: &str, update: UpdateScheme, wt: &Distribution, query: &LabelQuery) -> Self {
        ShiftColumn {
            condition: condition.to_string(),
            update,
            wild_type_label: dominant_label(wt),
            wild_type_share: wt.share_matching(query),
            wild_type_estimated: wt
                .iter()
                .any(|(l, s)| query.matches(l) && s.estimate.is_some()),
        }
    }
}

/// One perturbation under one condition and update scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct ShiftCell {
    /// Perturbed minus wild-type share of the query's labels.
    pub shift: f64,
    /// The perturbed share of the query's labels.
    pub perturbed_share: f64,
    /// The perturbed network's dominant label.
    pub dominant: String,
    /// Whether the wild type's share was estimated (random walks, sampling).
    pub wild_type_estimated: bool,
    /// Whether the perturbed share was estimated.
    pub estimated: bool,
    /// The shift's 95 % interval when either share was estimated ([`LabelShift::ci95`]).
    pub ci95: Option<(f64, f64)>,
}

impl ShiftCell {
    /// The cell of one perturbation's shift of the query's labels.
    fn new(s: &LabelShift, dominant: String) -> ShiftCell {
        ShiftCell {
            shift: s.shift,
            perturbed_share: s.perturbed,
            dominant,
            wild_type_estimated: s.wild_type_estimate.is_some(),
            estimated: s.estimate.is_some(),
            ci95: s.is_estimated().then(|| s.ci95()),
        }
    }

    /// The tooltip's numbers: `0.623 → ~0.410 (−0.213, 95% CI −0.234 to −0.191)`, estimated
    /// shares marked `~` with the shift's interval.
    fn numbers(&self, wild_type_share: f64) -> String {
        let mark = |estimated: bool| if estimated { "~" } else { "" };
        let signed = |x: f64| format!("{}{:.3}", if x >= 0.0 { "+" } else { "−" }, x.abs());
        let interval = self.ci95.map_or_else(String::new, |(lo, hi)| {
            format!(", 95% CI {} to {}", signed(lo), signed(hi))
        });
        format!(
            "{}{wild_type_share:.3} → {}{:.3} ({}{interval})",
            mark(self.wild_type_estimated),
            mark(self.estimated),
            self.perturbed_share,
            signed(self.shift)
        )
    }
}

/// Shifts of one label query: perturbations × (condition, update) columns.
#[derive(Clone, Debug, PartialEq)]
pub struct ShiftGrid {
    /// The query, as written (`M2`, `M2,MIXED`).
    pub query: String,
    /// Perturbation names, top to bottom.
    pub rows: Vec<String>,
    /// Columns, left to right.
    pub columns: Vec<ShiftColumn>,
    /// `cells[row][column]`; `None` where that combination was not run.
    pub cells: Vec<Vec<Option<ShiftCell>>>,
}

/// The label with the largest share (the first in label order on ties); empty when the
/// distribution is.
pub fn dominant_label(distribution: &Distribution) -> String {
    let mut best: Option<(&str, f64)> = None;
    for (label, s) in distribution.iter() {
        if best.is_none_or(|(_, b)| s.share > b + 1e-12) {
            best = Some((label, s.share));
        }
    }
    best.map(|(l, _)| l.to_string()).unwrap_or_default()
}

impl ShiftGrid {
    /// The grid of a screen: rows in screen order, columns condition-major then update.
    pub fn from_screen(result: &ScreenResult, query: &LabelQuery) -> ShiftGrid {
        let nu = result.updates.len();
        let columns: Vec<ShiftColumn> = result
            .conditions
            .iter()
            .enumerate()
            .flat_map(|(c, cond)| result.updates.iter().map(move |&u| (c, cond, u)))
            .map(|(c, cond, u)| {
                let wt = result.wild_type(c, u);
                ShiftColumn::new(&cond.name, u, &wt.distribution, query)
            })
            .collect();
        let mut cells = vec![vec![None; columns.len()]; result.perturbations.len()];
        for e in &result.entries {
            let u = result
                .updates
                .iter()
                .position(|&u| u == e.update)
                .expect("an update of the screen");
            let s = e.shift.matching(query);
            cells[e.perturbation][e.condition * nu + u] =
                Some(ShiftCell::new(&s, dominant_label(&e.distribution)));
        }
        ShiftGrid {
            query: query.to_string(),
            rows: result.perturbation_names.clone(),
            columns,
            cells,
        }
    }

    /// The grid of several comparisons (`basin knockout` results): one row per distinct
    /// perturbation, one column per distinct condition × update, both in order of first
    /// appearance.
    pub fn from_comparisons(
        network: &Network,
        comparisons: &[Comparison],
        query: &LabelQuery,
    ) -> ShiftGrid {
        let mut rows: Vec<String> = Vec::new();
        let mut columns: Vec<ShiftColumn> = Vec::new();
        let mut placed = Vec::new();
        for c in comparisons {
            let name = perturbation_name(network, &c.perturbation);
            let r = rows.iter().position(|x| *x == name).unwrap_or_else(|| {
                rows.push(name);
                rows.len() - 1
            });
            let k = columns
                .iter()
                .position(|x| x.condition == c.condition.name && x.update == c.update)
                .unwrap_or_else(|| {
                    columns.push(ShiftColumn::new(
                        &c.condition.name,
                        c.update,
                        &c.wild_type_distribution,
                        query,
                    ));
                    columns.len() - 1
                });
            let s = c.shift.matching(query);
            placed.push((
                r,
                k,
                ShiftCell::new(&s, dominant_label(&c.perturbed_distribution)),
            ));
        }
        let mut cells = vec![vec![None; columns.len()]; rows.len()];
        for (r, k, cell) in placed {
            cells[r][k] = Some(cell);
        }
        ShiftGrid {
            query: query.to_string(),
            rows,
            columns,
            cells,
        }
    }
}

const CELL_H: f64 = 16.0;
const FONT: f64 = 11.0;
const SMALL: f64 = 9.0;
const MARGIN: f64 = 12.0;
const MIN_CELL_W: f64 = 30.0;

/// Draws the grid under `title`.
pub fn shift_heatmap(grid: &ShiftGrid, title: &str) -> Figure {
    let several_updates = grid
        .columns
        .iter()
        .any(|c| c.update != grid.columns[0].update);
    let column_name = |c: &ShiftColumn| {
        if several_updates {
            format!("{} · {}", c.condition, short_update(c.update))
        } else {
            c.condition.clone()
        }
    };
    // Cell width: the longest text a cell of any column may hold.
    let mut cell_w = MIN_CELL_W;
    for c in &grid.columns {
        cell_w = cell_w.max(text_width(&c.wild_type_label, SMALL) + 6.0);
    }
    for row in &grid.cells {
        for cell in row.iter().flatten() {
            cell_w = cell_w.max(text_width(&cell.dominant, SMALL) + 6.0);
        }
    }
    let name_w = grid
        .rows
        .iter()
        .map(|r| text_width(r, FONT))
        .fold(text_width("wild type", FONT), f64::max);
    let header_h = grid
        .columns
        .iter()
        .map(|c| text_width(&column_name(c), FONT))
        .fold(0.0, f64::max)
        + 10.0;
    let title_h = 2.0 * (FONT + 6.0) + 6.0;
    let grid_x = MARGIN + name_w + 8.0;
    let grid_y = MARGIN + title_h + header_h;
    let wt_y = grid_y;
    let rows_y = grid_y + CELL_H + 6.0;
    let grid_bottom = rows_y + grid.rows.len() as f64 * CELL_H;
    let grid_right = grid_x + grid.columns.len() as f64 * cell_w;
    let legend_y = grid_bottom + 16.0;
    let legend_h = 2.0 * CELL_H + 2.0 * FONT + 10.0;
    let caption = format!(
        "shift of the {} share: perturbed − wild type (over the state space); cell text: the \
         perturbed dominant label where it differs from the wild type's",
        grid.query
    );
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut conditions: Vec<&str> = Vec::new();
    let mut updates: Vec<UpdateScheme> = Vec::new();
    for c in &grid.columns {
        if !conditions.contains(&c.condition.as_str()) {
            conditions.push(&c.condition);
        }
        if !updates.contains(&c.update) {
            updates.push(c.update);
        }
    }
    let columns = if updates.len() > 1 {
        format!(
            "{} × {}",
            plural(conditions.len(), "condition"),
            plural(updates.len(), "update scheme")
        )
    } else {
        plural(conditions.len(), "condition")
    };
    let estimated = grid
        .cells
        .iter()
        .flatten()
        .flatten()
        .any(|c| c.ci95.is_some());
    let subtitle = format!(
        "{} × {columns}; wild type row: dominant label and {} share{}",
        plural(grid.rows.len(), "perturbation"),
        grid.query,
        if estimated {
            "; some shares are estimates (random walks): see each cell's 95% interval"
        } else {
            ""
        }
    );
    let width = (grid_right + MARGIN)
        .max(MARGIN * 2.0 + 1.1 * text_width(title, FONT + 2.0))
        .max(MARGIN * 2.0 + text_width(&subtitle, FONT))
        .max(MARGIN * 2.0 + 220.0 + 12.0 + text_width(&caption, SMALL).min(600.0));
    let height = legend_y + legend_h + MARGIN;
    let mut svg = Svg::new(width.ceil(), height.ceil());
    svg.text(
        MARGIN,
        MARGIN + FONT + 2.0,
        FONT + 2.0,
        title,
        &[("font-weight", "bold".into()), ("class", "title".into())],
    );
    svg.text(
        MARGIN,
        MARGIN + 2.0 * (FONT + 6.0),
        FONT,
        &subtitle,
        &[("fill", "#333333".into())],
    );

    // Column headers, rotated.
    for (k, c) in grid.columns.iter().enumerate() {
        let tx = grid_x + (k as f64 + 0.5) * cell_w + FONT * 0.35;
        let ty = grid_y - 5.0;
        svg.text(
            tx,
            ty,
            FONT,
            &column_name(c),
            &[
                ("class", "column-header".into()),
                ("data-column", k.to_string()),
                ("transform", format!("rotate(-90 {} {})", num(tx), num(ty))),
            ],
        );
    }

    // The wild-type row.
    svg.text(
        grid_x - 6.0,
        wt_y + CELL_H - 4.0,
        FONT,
        "wild type",
        &[
            ("text-anchor", "end".into()),
            ("font-weight", "bold".into()),
        ],
    );
    for (k, c) in grid.columns.iter().enumerate() {
        let x = grid_x + k as f64 * cell_w;
        svg.rect(
            (x, wt_y, cell_w, CELL_H),
            "#ffffff",
            &[
                ("stroke", "#999999".into()),
                ("stroke-width", "0.5".into()),
                ("class", "wild-type".into()),
                ("data-column", k.to_string()),
            ],
            Some(&format!(
                "wild type under {}: dominant label {}, {} share {}{:.3}",
                column_name(c),
                c.wild_type_label,
                grid.query,
                if c.wild_type_estimated { "~" } else { "" },
                c.wild_type_share
            )),
        );
        svg.text(
            x + cell_w / 2.0,
            wt_y + CELL_H - 4.5,
            SMALL,
            &c.wild_type_label,
            &[("text-anchor", "middle".into())],
        );
    }

    // Perturbation rows.
    for (r, name) in grid.rows.iter().enumerate() {
        let y = rows_y + r as f64 * CELL_H;
        svg.text(
            grid_x - 6.0,
            y + CELL_H - 4.0,
            FONT,
            name,
            &[
                ("text-anchor", "end".into()),
                ("class", "row-label".into()),
                ("data-row", r.to_string()),
            ],
        );
        for (k, c) in grid.columns.iter().enumerate() {
            let x = grid_x + k as f64 * cell_w;
            let Some(cell) = &grid.cells[r][k] else {
                svg.rect(
                    (x, y, cell_w, CELL_H),
                    "#ffffff",
                    &[("stroke", "#dddddd".into()), ("stroke-width", "0.5".into())],
                    Some("not run"),
                );
                continue;
            };
            let fill = palette::shift(cell.shift);
            svg.rect(
                (x, y, cell_w, CELL_H),
                &fill,
                &[
                    ("stroke", "#ffffff".into()),
                    ("stroke-width", "0.6".into()),
                    ("class", "cell".into()),
                    ("data-row", r.to_string()),
                    ("data-column", k.to_string()),
                    ("data-shift", format!("{:.6}", cell.shift)),
                ],
                Some(&format!(
                    "{name} under {}: {} share {}; dominant label {} (wild type {})",
                    column_name(c),
                    grid.query,
                    cell.numbers(c.wild_type_share),
                    cell.dominant,
                    c.wild_type_label
                )),
            );
            if cell.dominant != c.wild_type_label {
                svg.text(
                    x + cell_w / 2.0,
                    y + CELL_H - 4.5,
                    SMALL,
                    &cell.dominant,
                    &[
                        ("text-anchor", "middle".into()),
                        ("fill", palette::text_on(&fill).into()),
                        ("class", "cell-label".into()),
                        ("data-row", r.to_string()),
                        ("data-column", k.to_string()),
                    ],
                );
            }
        }
    }

    // Legend: the diverging bar from −1 to +1.
    let bar_w = 220.0;
    let steps = 44;
    svg.colour_bar((MARGIN, legend_y, bar_w, CELL_H), steps, |t| {
        palette::shift(t * 2.0 - 1.0)
    });
    for (t, label) in [
        (-1.0, "−1"),
        (-0.5, "−0.5"),
        (0.0, "0"),
        (0.5, "+0.5"),
        (1.0, "+1"),
    ] {
        let x = MARGIN + (t + 1.0) / 2.0 * bar_w;
        svg.line(
            (x, legend_y + CELL_H),
            (x, legend_y + CELL_H + 3.0),
            "#333333",
            1.0,
        );
        svg.text(
            x,
            legend_y + CELL_H + SMALL + 4.0,
            SMALL,
            label,
            &[("text-anchor", "middle".into())],
        );
    }
    // The caption, wrapped in two lines when long.
    let cx = MARGIN + bar_w + 12.0;
    let (first, second) = caption
        .split_once("; ")
        .map(|(a, b)| (format!("{a};"), b.to_string()))
        .unwrap_or((caption.clone(), String::new()));
    svg.text(
        cx,
        legend_y + SMALL + 1.0,
        SMALL,
        &first,
        &[("fill", "#333333".into())],
    );
    svg.text(
        cx,
        legend_y + 2.0 * SMALL + 5.0,
        SMALL,
        &second,
        &[("fill", "#333333".into())],
    );
    Figure {
        width: width.ceil(),
        height: height.ceil(),
        svg: svg.finish(title),
    }
}

fn short_update(u: UpdateScheme) -> &'static str {
    match u {
        UpdateScheme::Synchronous => "sync",
        UpdateScheme::Asynchronous => "async",
        UpdateScheme::MostPermissive => "mp",
        UpdateScheme::General => "general",
    }
}
