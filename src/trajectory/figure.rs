//! The SVG line plot of a time course: one line per label (or per variable, without
//! phenotypes), probability against time, drawn with the figure helpers of [`crate::plot`].

use super::TimeCourse;
use crate::plot::palette::OKABE_ITO;
use crate::plot::svg::{Svg, num};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 44.0;

/// The figure as SVG text: the label probabilities over time when the course has labels,
/// otherwise the activity of the variables that are not constant over the course (at most
/// eight).
pub fn time_course_svg(course: &TimeCourse, title: &str) -> String {
    let series: Vec<(String, Vec<f64>)> = if course.labels.is_empty() {
        course
            .variables
            .iter()
            .enumerate()
            .map(|(v, name)| {
                (
                    name.clone(),
                    course.activity.iter().map(|a| a[v]).collect::<Vec<f64>>(),
                )
            })
            .filter(|(_, ys)| ys.iter().any(|y| (y - ys[0]).abs() > 1e-12))
            .take(OKABE_ITO.len())
            .collect()
    } else {
        course
            .labels
            .iter()
            .enumerate()
            .map(|(l, name)| {
                (
                    name.clone(),
                    course.label_probabilities.iter().map(|p| p[l]).collect(),
                )
            })
            .collect()
    };
    let mut svg = Svg::new(WIDTH, HEIGHT);
    let (x0, x1, y0, y1) = (LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP);
    let t_max = course.times.last().copied().unwrap_or(0.0).max(1e-12);
    let x = |t: f64| x0 + (x1 - x0) * t / t_max;
    let y = |p: f64| y0 + (y1 - y0) * p;
    svg.text(
        WIDTH / 2.0,
        22.0,
        14.0,
        title,
        &[("text-anchor", "middle".into())],
    );
    // Axes with ticks at 0, 0.25, …, 1 and five time ticks.
    svg.line((x0, y0), (x1, y0), "#444444", 1.0);
    svg.line((x0, y0), (x0, y1), "#444444", 1.0);
    for i in 0..=4 {
        let p = i as f64 / 4.0;
        svg.line((x0 - 4.0, y(p)), (x1, y(p)), "#e0e0e0", 0.5);
        svg.text(
            x0 - 8.0,
            y(p) + 4.0,
            11.0,
            &format!("{p:.2}"),
            &[("text-anchor", "end".into())],
        );
        let t = t_max * i as f64 / 4.0;
        svg.text(
            x(t),
            y0 + 16.0,
            11.0,
            &format!("{}", (t * 100.0).round() / 100.0),
            &[("text-anchor", "middle".into())],
        );
    }
    let unit = match course.clock {
        super::Clock::Steps(_) => "asynchronous steps",
        super::Clock::Continuous { .. } => "time (unit rates)",
    };
    svg.text(
        (x0 + x1) / 2.0,
        HEIGHT - 8.0,
        12.0,
        unit,
        &[("text-anchor", "middle".into())],
    );
    svg.text(
        14.0,
        (y0 + y1) / 2.0,
        12.0,
        "probability",
        &[
            ("text-anchor", "middle".into()),
            (
                "transform",
                format!("rotate(-90 14 {})", num((y0 + y1) / 2.0)),
            ),
        ],
    );
    for (i, (name, ys)) in series.iter().enumerate() {
        let colour = OKABE_ITO[i % OKABE_ITO.len()];
        let points: Vec<String> = course
            .times
            .iter()
            .zip(ys)
            .map(|(&t, &p)| format!("{},{}", num(x(t)), num(y(p))))
            .collect();
        svg.open(
            "polyline",
            &[
                ("points", points.join(" ")),
                ("fill", "none".into()),
                ("stroke", colour.to_string()),
                ("stroke-width", "2".into()),
            ],
        );
        svg.element("title", &[], name);
        svg.close("polyline");
        let ly = y1 + 8.0 + 18.0 * i as f64;
        svg.line((x1 + 12.0, ly), (x1 + 32.0, ly), colour, 3.0);
        svg.text(x1 + 38.0, ly + 4.0, 12.0, name, &[]);
    }
    svg.finish(title)
}
