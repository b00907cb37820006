//! The figures as data: the SVG heatmaps and the HTML report parse as XML, have one column per
//! attractor state and one row per variable, and their colours match the states, on hand-checked
//! networks (a toggle switch beside an oscillator) and on random networks.

use basin::asynchronous::{self, AsyncConfig};
use basin::condition::Condition;
use basin::lint::{LintOptions, check};
use basin::parse::{Format, Model, ParseOptions, parse_str};
use basin::phenotype::{LabelQuery, PhenotypeSpec};
use basin::plot::attractors::{HeatmapOptions, attractor_heatmap, row_groups};
use basin::plot::graph::to_dot;
use basin::plot::html::{ConditionSection, ModelReport, ScreenSection, model_report};
use basin::plot::palette;
use basin::plot::shifts::{ShiftGrid, shift_heatmap};
use basin::screen::{Screen, compare, generate_perturbations, screen_nodes};
use basin::synchronous::{self, SyncConfig};
use basin::{Error, Exploration, Network, State, UpdateScheme, VarId};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A toggle switch (A, B) beside a 4-cycle oscillator (X, Y).
const TOGGLE_OSC: &str = "targets, factors\nA, !B\nB, !A\nX, !Y\nY, X\n";

fn model(text: &str) -> Model {
    parse_str(text, &ParseOptions::new(Format::Bnet)).unwrap()
}

fn sync(net: &Network) -> Exploration {
    synchronous::attractors(net, &[], &SyncConfig::default()).unwrap()
}

fn asyn(net: &Network) -> Exploration {
    asynchronous::attractors(net, &[], &AsyncConfig::default()).unwrap()
}

fn explore(n: &Network, f: &[(VarId, bool)], u: UpdateScheme) -> Result<Exploration, Error> {
    basin::explore(n, f, u, &basin::EngineOptions::default())
}

/// One heatmap cell read back from the SVG.
#[derive(Debug)]
struct Cell {
    var: String,
    attractor: usize,
    column: usize,
    state: String,
    value: f64,
    fill: String,
}

/// Parsing options for the report page: XHTML with the HTML5 doctype.
fn xhtml<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    }
}

fn cells(svg: &str) -> Vec<Cell> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .map(|n| Cell {
            var: n.attribute("data-var").unwrap().to_string(),
            attractor: n.attribute("data-attractor").unwrap().parse().unwrap(),
            column: n.attribute("data-column").unwrap().parse().unwrap(),
            state: n.attribute("data-state").unwrap().to_string(),
            value: n.attribute("data-value").unwrap().parse().unwrap(),
            fill: n.attribute("fill").unwrap().to_string(),
        })
        .collect()
}

/// The synchronous step of `TOGGLE_OSC`, written out by hand: A' = !B, B' = !A, X' = !Y, Y' = X.
fn step_by_hand(s: [bool; 4]) -> [bool; 4] {
    let [a, b, x, y] = s;
    [!b, !a, !y, x]
}

#[test]
fn synchronous_heatmap_has_a_column_per_state_in_update_order() {
    let m = model(TOGGLE_OSC);
    let net = &m.network;
    let e = sync(net);
    let fig = attractor_heatmap(net, &e, None, &HeatmapOptions::new("toggle and oscillator"));
    let cells = cells(&fig.svg);
    // Every one of the 16 states lies on a cycle: 4 attractors of 4 states each.
    let columns: BTreeSet<usize> = cells.iter().map(|c| c.column).collect();
    assert_eq!(columns.len(), 16);
    let vars: BTreeSet<&str> = cells.iter().map(|c| c.var.as_str()).collect();
    assert_eq!(vars, BTreeSet::from(["A", "B", "X", "Y"]));
    assert_eq!(cells.len(), 16 * 4);
    // Read each column back as a state.
    let mut by_column: BTreeMap<usize, (usize, BTreeMap<String, bool>)> = BTreeMap::new();
    for c in &cells {
        assert!(c.value == 0.0 || c.value == 1.0, "{c:?}");
        let expected = if c.value == 1.0 {
            palette::ON
        } else {
            palette::OFF
        };
        assert_eq!(c.fill, expected, "{c:?}");
        by_column
            .entry(c.column)
            .or_insert((c.attractor, BTreeMap::new()))
            .1
            .insert(c.var.clone(), c.value == 1.0);
    }
    let states: Vec<(usize, [bool; 4])> = by_column
        .values()
        .map(|(a, m)| (*a, [m["A"], m["B"], m["X"], m["Y"]]))
        .collect();
    let distinct: BTreeSet<[bool; 4]> = states.iter().map(|s| s.1).collect();
    assert_eq!(distinct.len(), 16, "every state is drawn once");
    // Within an attractor, each column is the hand-computed successor of the one before, and
    // the last wraps around to the first.
    for a in 0..4 {
        let cycle: Vec<[bool; 4]> = states.iter().filter(|s| s.0 == a).map(|s| s.1).collect();
        assert_eq!(cycle.len(), 4);
        for i in 0..4 {
            assert_eq!(step_by_hand(cycle[i]), cycle[(i + 1) % 4]);
        }
    }
    // And the columns are the exploration's states, in its order.
    for (a, att) in e.attractors.iter().enumerate() {
        for (k, s) in att.states.iter().enumerate() {
            let col = cells
                .iter()
                .find(|c| c.attractor == a && c.state == k.to_string())
                .unwrap()
                .column;
            for c in cells.iter().filter(|c| c.column == col) {
                let v = net.find(&c.var).unwrap();
                assert_eq!(c.value == 1.0, s.get(v));
            }
        }
    }
}

#[test]
fn large_attractors_are_summarised_by_activity() {
    let m = model(TOGGLE_OSC);
    let net = &m.network;
    // Asynchronous: the toggle settles (10 or 01) while X, Y cycle through 4 states.
    let e = asyn(net);
    assert_eq!(e.attractors.len(), 2);
    let full = cells(&attractor_heatmap(net, &e, None, &HeatmapOptions::new("t")).svg);
    assert_eq!(
        full.iter().map(|c| c.column).collect::<BTreeSet<_>>().len(),
        8
    );
    let mut options = HeatmapOptions::new("t");
    options.max_state_columns = 2;
    let summary = cells(&attractor_heatmap(net, &e, None, &options).svg);
    assert_eq!(
        summary
            .iter()
            .map(|c| c.column)
            .collect::<BTreeSet<_>>()
            .len(),
        2
    );
    for c in &summary {
        assert_eq!(c.state, "summary");
        let expected = match c.var.as_str() {
            "X" | "Y" => 0.5,
            _ => c.value,
        };
        assert_eq!(c.value, expected, "{c:?}");
        assert_eq!(c.fill, palette::activity(c.value));
    }
    // One attractor has A on, the other B on.
    let a_on: Vec<f64> = summary
        .iter()
        .filter(|c| c.var == "A")
        .map(|c| c.value)
        .collect();
    assert_eq!(a_on.iter().sum::<f64>(), 1.0);
    // The in-between shade differs from both ends.
    assert_ne!(palette::activity(0.5), palette::ON);
    assert_ne!(palette::activity(0.5), palette::OFF);
}

#[test]
fn headers_carry_labels_and_shares() {
    let m = model(TOGGLE_OSC);
    let net = &m.network;
    let e = asyn(net);
    let labels = vec!["high".to_string(), "low & <odd>".to_string()];
    let fig = attractor_heatmap(net, &e, Some(&labels), &HeatmapOptions::new("t"));
    let doc = roxmltree::Document::parse(&fig.svg).unwrap();
    let headers: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("attractor-header"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let all = headers.join(" | ");
    assert!(all.contains("high"), "{all}");
    assert!(all.contains("low & <odd>"), "{all}");
    // Reach probability 1/2 each, by symmetry.
    assert_eq!(all.matches("50.0%").count(), 2, "{all}");
}

#[test]
fn rows_are_grouped_inputs_core_readouts() {
    let m = model("targets, factors\nR, A & K\nS, S\nA, !B & S\nK, 1\nB, !A\n");
    let net = &m.network;
    let groups = row_groups(net, &[]);
    let names = |g: usize| -> Vec<&str> { groups[g].vars.iter().map(|&v| net.name(v)).collect() };
    assert_eq!(groups.len(), 3);
    assert_eq!(names(0), ["S", "K"]);
    assert_eq!(names(1), ["A", "B"]);
    assert_eq!(names(2), ["R"]);
    // A marker joins the read-outs.
    let with_marker = row_groups(net, &[net.find("B").unwrap()]);
    assert_eq!(
        with_marker[2]
            .vars
            .iter()
            .map(|&v| net.name(v))
            .collect::<Vec<_>>(),
        ["R", "B"]
    );
    // In the figure, rows run top to bottom in that order, once each.
    let e = sync(net);
    let doc_svg = attractor_heatmap(net, &e, None, &HeatmapOptions::new("t")).svg;
    let doc = roxmltree::Document::parse(&doc_svg).unwrap();
    let mut labels: Vec<(f64, String)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("row-label"))
        .map(|n| {
            (
                n.attribute("y").unwrap().parse().unwrap(),
                n.text().unwrap().to_string(),
            )
        })
        .collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let order: Vec<&str> = labels.iter().map(|l| l.1.as_str()).collect();
    assert_eq!(order, ["S", "K", "A", "B", "R"]);
}

/// A toggle switch labelled by which side is on.
fn toggle() -> (Model, basin::phenotype::Phenotypes) {
    let m = model("targets, factors\nA, !B\nB, !A\n");
    let p = PhenotypeSpec::from_toml_str(
        "[groups]\nHIg = [\"A\"]\nLOg = [\"B\"]\n[labels]\nHI = \"HIg & !LOg\"\nLO = \"LOg & !HIg\"\n",
    )
    .unwrap()
    .bind(&m.network)
    .unwrap();
    (m, p)
}

#[test]
fn shift_heatmap_matches_hand_computed_shifts() {
    let (m, p) = toggle();
    let net = &m.network;
    let result = Screen::new(net, &p)
        .perturbations(generate_perturbations(
            &screen_nodes(net),
            &[false, true],
            1,
        ))
        .updates(vec![UpdateScheme::Asynchronous])
        .run(&explore)
        .unwrap();
    let grid = ShiftGrid::from_screen(&result, &LabelQuery::parse("HI"));
    assert_eq!(grid.rows, ["A=0", "A=1", "B=0", "B=1"]);
    assert_eq!(grid.columns.len(), 1);
    // Wild type: the two fixed points are each reached with probability 1/2; the tie goes to
    // the first label in order.
    assert_eq!(grid.columns[0].wild_type_label, "HI");
    assert!((grid.columns[0].wild_type_share - 0.5).abs() < 1e-12);
    // Knocking out A (or forcing B) leaves only LO; forcing A (or knocking out B) only HI.
    let expected = [(-0.5, "LO"), (0.5, "HI"), (0.5, "HI"), (-0.5, "LO")];
    for (r, (shift, dominant)) in expected.iter().enumerate() {
        let cell = grid.cells[r][0].as_ref().unwrap();
        assert!((cell.shift - shift).abs() < 1e-12, "row {r}: {cell:?}");
        assert_eq!(cell.dominant, *dominant);
    }
    let fig = shift_heatmap(&grid, "toggle screen");
    let doc = roxmltree::Document::parse(&fig.svg).expect("well-formed SVG");
    let drawn: Vec<(usize, f64, String)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .map(|n| {
            (
                n.attribute("data-row").unwrap().parse().unwrap(),
                n.attribute("data-shift").unwrap().parse().unwrap(),
                n.attribute("fill").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(drawn.len(), 4);
    for (r, shift, fill) in &drawn {
        assert!((shift - expected[*r].0).abs() < 1e-6);
        assert_eq!(*fill, palette::shift(*shift));
    }
    // Negative shifts are blue, positive orange: the two ends of the scale.
    assert_eq!(palette::shift(-0.5), drawn[0].2);
    assert_ne!(drawn[0].2, drawn[1].2);
    // Cell text only where the dominant label differs from the wild type's (HI): rows 0 and 3.
    let texts: Vec<(usize, String)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cell-label"))
        .map(|n| {
            (
                n.attribute("data-row").unwrap().parse().unwrap(),
                n.text().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(texts, [(0, "LO".to_string()), (3, "LO".to_string())]);
}

#[test]
fn comparisons_give_the_same_grid_as_the_screen() {
    let (m, p) = toggle();
    let net = &m.network;
    let perturbations = generate_perturbations(&screen_nodes(net), &[false, true], 1);
    let updates = vec![UpdateScheme::Synchronous, UpdateScheme::Asynchronous];
    let none = Condition::from_inputs(net, &[]);
    let result = Screen::new(net, &p)
        .perturbations(perturbations.clone())
        .updates(updates.clone())
        .run(&explore)
        .unwrap();
    let mut comparisons = Vec::new();
    for pert in &perturbations {
        for &u in &updates {
            comparisons.push(compare(net, &p, &none, pert, u, &explore).unwrap());
        }
    }
    let query = LabelQuery::parse("LO");
    assert_eq!(
        ShiftGrid::from_screen(&result, &query),
        ShiftGrid::from_comparisons(net, &comparisons, &query)
    );
}

#[test]
fn dot_signs_edges_from_the_functions() {
    let m = model("targets, factors\nI, I\nA, I & !C\nC, A\nD, (A & !C) | (!A & C)\nE, 1\n");
    let dot = to_dot(&m.network, "toy \"model\"");
    assert!(dot.starts_with("digraph \"toy \\\"model\\\"\" {"), "{dot}");
    let edge = |from: &str, to: &str| -> String {
        dot.lines()
            .find(|l| {
                l.trim_start()
                    .starts_with(&format!("\"{from}\" -> \"{to}\""))
            })
            .unwrap_or_else(|| panic!("no edge {from} -> {to} in\n{dot}"))
            .to_string()
    };
    assert!(edge("I", "A").contains("arrowhead=normal"));
    assert!(edge("C", "A").contains("arrowhead=tee"));
    assert!(edge("A", "C").contains("arrowhead=normal"));
    assert!(edge("A", "D").contains("style=dashed"));
    assert!(edge("C", "D").contains("style=dashed"));
    // The input's identity rule is a declaration, not a self-loop.
    assert!(!dot.contains("\"I\" -> \"I\""));
    assert!(dot.contains("\"I\" [shape=box"));
    // D is read by no one: an output.
    assert!(dot.contains("\"D\" [fillcolor=\"#fbe3c2\"]"));
    assert!(dot.contains("label=\"E = 1\""));
}

#[test]
fn html_report_is_well_formed_and_self_contained() {
    let (m, p) = toggle();
    let net = &m.network;
    let lint = check(&m, &LintOptions::default());
    let explorations = [sync(net), asyn(net)];
    let sections: Vec<ConditionSection> = explorations
        .iter()
        .map(|e| {
            let labels: Vec<String> = p.classify_all(e).into_iter().map(|c| c.label).collect();
            let mut options = HeatmapOptions::new(format!("toggle {}", e.update));
            options.markers = p.markers().to_vec();
            ConditionSection {
                title: format!("none · {}", e.update),
                description: "all 0".into(),
                exploration: e,
                heatmap: attractor_heatmap(net, e, Some(&labels), &options),
                labels,
                overlays: Vec::new(),
                overlays_left_out: 0,
            }
        })
        .collect();
    let result = Screen::new(net, &p)
        .perturbations(generate_perturbations(
            &screen_nodes(net),
            &[false, true],
            1,
        ))
        .updates(vec![UpdateScheme::Asynchronous])
        .run(&explore)
        .unwrap();
    let query = LabelQuery::parse("HI");
    let screen = ScreenSection {
        query: "HI".into(),
        heatmap: shift_heatmap(&ShiftGrid::from_screen(&result, &query), "shift of HI"),
        ranked: result.rank(&query),
    };
    let html = model_report(&ModelReport {
        name: "toggle <&> model.bnet".into(),
        model: &m,
        lint: &lint,
        meta: vec!["test".into()],
        graph: None,
        overview: None,
        conditions: sections,
        screens: vec![screen],
        screen_note: Some("4 perturbations".into()),
    });
    let doc = roxmltree::Document::parse_with_options(&html, xhtml())
        .expect("the page is well-formed XHTML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    let svgs: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "svg")
        .collect();
    assert_eq!(
        svgs.len(),
        3,
        "two attractor heatmaps and one screen heatmap"
    );
    // Synchronous: fixed points 10 and 01 and the cycle 00 <-> 11: 4 state columns.
    let sync_cells = svgs[0]
        .descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .map(|n| n.attribute("data-column").unwrap())
        .collect::<BTreeSet<_>>();
    assert_eq!(sync_cells.len(), 4);
    // Nothing outside the file: no script, no remote or file resource.
    for n in doc.descendants() {
        assert_ne!(n.tag_name().name(), "script");
        for a in n.attributes() {
            if a.name() == "src" || a.name() == "href" {
                assert!(
                    a.value().starts_with('#'),
                    "external reference {}",
                    a.value()
                );
            }
        }
    }
    let title = doc
        .descendants()
        .find(|n| n.tag_name().name() == "title")
        .unwrap();
    assert_eq!(title.text(), Some("basin report: toggle <&> model.bnet"));
    // The attractor tables: one row per attractor of each exploration, plus the full table.
    let tables: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "table" && n.attribute("class") == Some("attractors"))
        .collect();
    let body_rows = |t: &roxmltree::Node| {
        t.descendants()
            .filter(|n| {
                n.tag_name().name() == "tr" && n.parent().unwrap().tag_name().name() == "tbody"
            })
            .count()
    };
    assert_eq!(tables.len(), 3);
    assert_eq!(body_rows(&tables[0]), explorations[0].attractors.len());
    assert_eq!(body_rows(&tables[1]), explorations[1].attractors.len());
    assert_eq!(
        body_rows(&tables[2]),
        explorations[0].attractors.len() + explorations[1].attractors.len()
    );
}

#[test]
fn stacked_figures_stay_well_formed() {
    let m = model(TOGGLE_OSC);
    let net = &m.network;
    let a = attractor_heatmap(net, &sync(net), None, &HeatmapOptions::new("sync"));
    let b = attractor_heatmap(net, &asyn(net), None, &HeatmapOptions::new("async"));
    let s = basin::plot::Figure::stack(&[a.clone(), b.clone()], "both");
    assert_eq!(s.height, a.height + b.height);
    let all = cells(&s.svg);
    assert_eq!(all.len(), cells(&a.svg).len() + cells(&b.svg).len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On random networks: one row per variable, one column per state of every attractor
    /// (summary columns for large ones), and each cell's colour is the state's value or the
    /// attractor's activity.
    #[test]
    fn heatmap_cells_are_the_states(net in basin::testing::network(6), max in 1u64..6) {
        for e in [sync(&net), asyn(&net)] {
            let mut options = HeatmapOptions::new("random");
            options.max_state_columns = max;
            let fig = attractor_heatmap(&net, &e, None, &options);
            let cells = cells(&fig.svg);
            let expected_columns: u64 = e
                .attractors
                .iter()
                .map(|a| {
                    let n = a.num_states.to_u128().map_or(u64::MAX, |n| n as u64);
                    if n <= max { n } else { 1 }
                })
                .sum();
            let columns: BTreeSet<usize> = cells.iter().map(|c| c.column).collect();
            prop_assert_eq!(columns.len() as u64, expected_columns);
            prop_assert_eq!(cells.len() as u64, expected_columns * net.num_vars() as u64);
            let vars: BTreeSet<&str> = cells.iter().map(|c| c.var.as_str()).collect();
            prop_assert_eq!(vars.len(), net.num_vars());
            for c in &cells {
                let a = &e.attractors[c.attractor];
                let v = net.find(&c.var).unwrap();
                let value = if c.state == "summary" {
                    a.activity[v.index()]
                } else {
                    let s: &State = &a.states[c.state.parse::<usize>().unwrap()];
                    if s.get(v) { 1.0 } else { 0.0 }
                };
                prop_assert!((c.value - value).abs() < 1e-4);
                prop_assert_eq!(&c.fill, &palette::activity(value));
            }
        }
    }
}

/// Reach probabilities that were not computed are drawn as `n/a`, never as `NaN%`.
#[test]
fn shares_not_computed_are_shown_as_not_available() {
    let m = model(TOGGLE_OSC);
    let options = basin::EngineOptions {
        probabilities: false,
        ..basin::EngineOptions::default()
    };
    let e = basin::explore(&m.network, &[], UpdateScheme::Asynchronous, &options).unwrap();
    assert!(
        e.attractors
            .iter()
            .all(|a| a.basin.share(&e.explored_states).is_none())
    );
    let svg = attractor_heatmap(&m.network, &e, None, &HeatmapOptions::new("t")).svg;
    assert!(svg.contains(">n/a<"), "{svg}");
    assert!(!svg.contains("NaN"));
}
