//! Pictures: SVG figures written directly (no browser, no plotting runtime) and a
//! self-contained HTML report page.
//!
//! * [`attractors::attractor_heatmap`]: variables × attractor states, on dark and off light,
//!   each attractor headed by its label and basin share (BoolNet's `plotAttractors`);
//! * [`shifts::shift_heatmap`]: perturbations × conditions, coloured by the shift of a label
//!   query on a diverging scale centred at 0, with the perturbed dominant label where it
//!   differs from the wild type's;
//! * [`graph`]: the interaction graph as data (node kinds, signed edges from the functions
//!   themselves) and as Graphviz DOT; [`graph_draw`] draws it (layered by [`layout`], no
//!   external program), optionally coloured by an attractor; [`graph_export`] writes it for
//!   Cytoscape and other network tools (SIF, GraphML);
//! * [`html`]: one HTML page with inline SVG and CSS, no script, no external resource.
//!
//! Figures use one font stack found on practically every system ([`svg::FONT_FAMILY`]) and
//! colour-blind-safe palettes ([`palette`]). Sizes are in CSS pixels; the default cell sizes
//! read well printed at the width of a page.

pub mod attractors;
pub mod graph;
pub mod graph_draw;
pub mod graph_export;
pub mod html;
pub mod layout;
pub mod palette;
pub mod shifts;
pub mod svg;

/// A finished SVG figure and its size in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// The SVG document (an `<svg>` root element, no XML declaration, so it can be written to
    /// a file or inlined in HTML as it is).
    pub svg: String,
}

impl Figure {
    /// Several figures stacked top to bottom in one SVG (nested `<svg>` elements), as wide as
    /// the widest.
    pub fn stack(figures: &[Figure], title: &str) -> Figure {
        let width = figures.iter().map(|f| f.width).fold(0.0, f64::max);
        let height: f64 = figures.iter().map(|f| f.height).sum();
        let mut out = svg::Svg::new(width, height);
        let mut body = String::new();
        let mut y = 0.0;
        for f in figures {
            // The nested root keeps its own attributes; only its position is added.
            let inner = f
                .svg
                .replacen("<svg ", &format!("<svg x=\"0\" y=\"{}\" ", svg::num(y)), 1);
            body.push_str(&inner);
            y += f.height;
        }
        out.raw(&body);
        Figure {
            width,
            height,
            svg: out.finish(title),
        }
    }
}
