//! Colour-blind-safe colours: the Okabe–Ito palette for categories, a sequential blue scale for
//! activity (off light, on dark) and a diverging blue–white–orange scale for shifts centred at
//! 0 (ColorBrewer RdBu's blues and PuOr's oranges, both safe for the common colour-vision
//! deficiencies).

/// Okabe & Ito (2008), "Color Universal Design": orange, sky blue, bluish green, yellow, blue,
/// vermillion, reddish purple, black.
pub const OKABE_ITO: [&str; 8] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
];

/// The colour of an inactive node (activity 0).
pub const OFF: &str = "#deebf7";
/// The colour of an active node (activity 1).
pub const ON: &str = "#08306b";

/// ColorBrewer Blues from the `OFF` colour to the `ON` colour.
const BLUES: [(u8, u8, u8); 8] = [
    (0xde, 0xeb, 0xf7),
    (0xc6, 0xdb, 0xef),
    (0x9e, 0xca, 0xe1),
    (0x6b, 0xae, 0xd6),
    (0x42, 0x92, 0xc6),
    (0x21, 0x71, 0xb5),
    (0x08, 0x51, 0x9c),
    (0x08, 0x30, 0x6b),
];

/// Blue (−1) – white (0) – orange (+1).
const DIVERGING: [(u8, u8, u8); 7] = [
    (0x21, 0x66, 0xac),
    (0x67, 0xa9, 0xcf),
    (0xd1, 0xe5, 0xf0),
    (0xf7, 0xf7, 0xf7),
    (0xfe, 0xe0, 0xb6),
    (0xf1, 0xa3, 0x40),
    (0xb3, 0x58, 0x06),
];

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Piecewise-linear interpolation through `stops` at `t` in [0, 1].
fn interpolate(stops: &[(u8, u8, u8)], t: f64) -> (u8, u8, u8) {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let pos = t * (stops.len() - 1) as f64;
    let i = (pos.floor() as usize).min(stops.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour of an activity (share of states in which a node is on): [`OFF`] at 0, [`ON`] at
/// 1, shades of blue in between.
pub fn activity(share: f64) -> String {
    hex(interpolate(&BLUES, share))
}

/// The colour of a shift in [−1, 1]: blue below 0, white at 0, orange above (clamped).
pub fn shift(value: f64) -> String {
    hex(interpolate(&DIVERGING, (value + 1.0) / 2.0))
}

/// Black or white, whichever reads better on `background` (`#rrggbb`).
pub fn text_on(background: &str) -> &'static str {
    let c = |i: usize| {
        u8::from_str_radix(background.get(i..i + 2).unwrap_or("ff"), 16).unwrap_or(255) as f64
            / 255.0
    };
    // Relative luminance (sRGB, approximated with gamma 2.2).
    let l = 0.2126 * c(1).powf(2.2) + 0.7152 * c(3).powf(2.2) + 0.0722 * c(5).powf(2.2);
    if l > 0.3 { "#000000" } else { "#ffffff" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_hit_their_ends_and_centre() {
        assert_eq!(activity(0.0), OFF);
        assert_eq!(activity(1.0), ON);
        assert_eq!(shift(0.0), "#f7f7f7");
        assert_eq!(shift(-1.0), "#2166ac");
        assert_eq!(shift(1.0), "#b35806");
        assert_eq!(shift(7.0), shift(1.0));
        assert_eq!(text_on(ON), "#ffffff");
        assert_eq!(text_on(OFF), "#000000");
    }
}
