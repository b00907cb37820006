//! A tiny SVG writer: elements and attributes appended to a string, every attribute value and
//! text node escaped, numbers written with at most two decimals. Enough for heatmaps and
//! legends; no layout engine, no external resources.

use std::fmt::Write as _;

/// The font stack every figure uses: fonts present on practically every system.
pub const FONT_FAMILY: &str = "DejaVu Sans, Arial, Helvetica, sans-serif";

/// Escapes `text` for an XML attribute value or text node (`&`, `<`, `>`, `"`, `'`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0; names never hold them, but a
            // figure must stay well-formed whatever it is given.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A number for an attribute: at most two decimals, no trailing zeros (`12`, `3.5`, `0.25`).
pub fn num(x: f64) -> String {
    let s = format!("{:.2}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The approximate width in pixels of `text` at `size` px in the font stack (DejaVu Sans is the
/// widest of them, so this errs on the generous side).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | ' ' => 0.33,
            'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' => 0.42,
            'm' | 'w' | 'M' | 'W' => 0.9,
            c if c.is_ascii_uppercase() => 0.7,
            c if c.is_ascii_digit() => 0.64,
            _ => 0.6,
        })
        .sum::<f64>()
        * size
}

/// An SVG document under construction.
#[derive(Clone, Debug)]
pub struct Svg {
    width: f64,
    height: f64,
    body: String,
}

impl Svg {
    /// An empty drawing of `width` × `height` pixels.
    pub fn new(width: f64, height: f64) -> Svg {
        Svg {
            width,
            height,
            body: String::new(),
        }
    }

    /// Appends `<name attrs…>`; close it with [`Svg::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.tag(name, attrs, false);
    }

    /// Appends `</name>`.
    pub fn close(&mut self, name: &str) {
        let _ = writeln!(self.body, "</{name}>");
    }

    /// Appends an empty element `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.tag(name, attrs, true);
    }

    /// Appends `<name attrs…>text</name>`.
    pub fn element(&mut self, name: &str, attrs: &[(&str, String)], text: &str) {
        self.tag_open(name, attrs);
        let _ = writeln!(self.body, ">{}</{name}>", escape(text));
    }

    /// A filled rectangle with optional extra attributes and a hover tooltip (`<title>`).
    pub fn rect(
        &mut self,
        (x, y, w, h): (f64, f64, f64, f64),
        fill: &str,
        extra: &[(&str, String)],
        tooltip: Option<&str>,
    ) {
        let mut attrs = vec![
            ("x", num(x)),
            ("y", num(y)),
            ("width", num(w)),
            ("height", num(h)),
            ("fill", fill.to_string()),
        ];
        attrs.extend(extra.iter().cloned());
        match tooltip {
            Some(t) => {
                self.open("rect", &attrs);
                self.element("title", &[], t);
                self.close("rect");
            }
            None => self.empty("rect", &attrs),
        }
    }

    /// Text at `(x, y)` (baseline) in `size` px, with extra attributes (`text-anchor`, `fill`,
    /// `font-weight`, `transform`, …).
    pub fn text(&mut self, x: f64, y: f64, size: f64, text: &str, extra: &[(&str, String)]) {
        let mut attrs = vec![("x", num(x)), ("y", num(y)), ("font-size", num(size))];
        attrs.extend(extra.iter().cloned());
        self.element("text", &attrs, text);
    }

    /// A straight line.
    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, width: f64) {
        self.empty(
            "line",
            &[
                ("x1", num(x1)),
                ("y1", num(y1)),
                ("x2", num(x2)),
                ("y2", num(y2)),
                ("stroke", stroke.to_string()),
                ("stroke-width", num(width)),
            ],
        );
    }

    /// The finished document: an `<svg>` root with namespace, size, view box, the font stack
    /// and a white background, then everything drawn.
    pub fn finish(self, title: &str) -> String {
        let mut out = String::with_capacity(self.body.len() + 400);
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\" role=\"img\">",
            w = num(self.width),
            h = num(self.height),
        );
        let _ = writeln!(out, "<title>{}</title>", escape(title));
        let _ = writeln!(
            out,
            "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
            num(self.width),
            num(self.height)
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }

    /// Appends already well-formed SVG markup (another figure's root element).
    pub(crate) fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    fn tag_open(&mut self, name: &str, attrs: &[(&str, String)]) {
        let _ = write!(self.body, "<{name}");
        for (k, v) in attrs {
            let _ = write!(self.body, " {k}=\"{}\"", escape(v));
        }
    }

    fn tag(&mut self, name: &str, attrs: &[(&str, String)], empty: bool) {
        self.tag_open(name, attrs);
        self.body.push_str(if empty { "/>\n" } else { ">\n" });
    }
}

impl Svg {
    /// A horizontal colour bar for a legend: `steps` cells across `width` at `(x, y)`, cell `s`
    /// filled with `colour(s / (steps - 1))`, so the bar runs from `colour(0)` to `colour(1)`.
    pub(crate) fn colour_bar(
        &mut self,
        (x, y, width, height): (f64, f64, f64, f64),
        steps: usize,
        colour: impl Fn(f64) -> String,
    ) {
        for s in 0..steps {
            let t = s as f64 / (steps - 1) as f64;
            self.rect(
                (
                    x + s as f64 * width / steps as f64,
                    y,
                    width / steps as f64 + 0.3,
                    height,
                ),
                &colour(t),
                &[("class", "legend".into())],
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("x\u{1}y"), "x\u{fffd}y");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(3.5), "3.5");
        assert_eq!(num(0.254), "0.25");
        assert_eq!(num(-0.001), "0");
    }
}
