//! `basin attractors --plot`, `basin plot graph` and `basin report` on real output: the files
//! are read back (SVG and XHTML parsed) and compared with the JSON the same model gives.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn basin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(args)
        .output()
        .expect("the basin binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("basin-plot-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// A toggle switch gated by an input, an oscillator and a read-out.
const MODEL: &str = "targets, factors\nS, S\nA, !B | S\nB, !A\nX, !Y\nY, X\nR, A\n";
const PHENOTYPES: &str = "default = \"none\"\n[groups]\nHIg = [\"A\"]\nLOg = [\"B\"]\n\
[labels]\nHI = \"HIg & !LOg\"\nLO = \"LOg & !HIg\"\n\
[conditions]\nquiet = {}\nsignal = { S = 1 }\n";

/// Parsing options for the report page: XHTML with the HTML5 doctype.
fn xhtml<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    }
}

fn cells(svg: &str) -> Vec<(String, usize, f64)> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .map(|n| {
            (
                n.attribute("data-var").unwrap().to_string(),
                n.attribute("data-column").unwrap().parse().unwrap(),
                n.attribute("data-value").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn attractors_plot_draws_the_states_of_the_json() {
    let d = dir("attractors");
    let model = write(&d, "m.bnet", MODEL);
    let plot = d.join("a.svg");
    let o = basin(&[
        "attractors",
        &model,
        "--input",
        "S=0",
        "--format",
        "json",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let svg = std::fs::read_to_string(&plot).unwrap();
    let cells = cells(&svg);
    let variables: Vec<&str> = json["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // The columns, in order, spell the JSON's states, in order.
    let states: Vec<String> = json["attractors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["states"].as_array().unwrap().iter())
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let columns: BTreeSet<usize> = cells.iter().map(|c| c.1).collect();
    assert_eq!(columns.len(), states.len());
    let vars: BTreeSet<&str> = cells.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(vars, variables.iter().copied().collect());
    for (col, state) in columns.iter().zip(&states) {
        let drawn: String = variables
            .iter()
            .map(|v| {
                let c = cells.iter().find(|c| c.1 == *col && c.0 == *v).unwrap();
                if c.2 == 1.0 { '1' } else { '0' }
            })
            .collect();
        assert_eq!(&drawn, state);
    }
}

#[test]
fn attractors_plot_stacks_conditions_and_labels_them() {
    let d = dir("stack");
    let model = write(&d, "m.bnet", MODEL);
    let phen = write(&d, "p.toml", PHENOTYPES);
    let plot = d.join("a.svg");
    let o = basin(&[
        "attractors",
        &model,
        "--phenotypes",
        &phen,
        "--condition",
        "quiet",
        "--condition",
        "signal",
        "--update",
        "async",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&plot).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let panels = doc
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "svg")
        .count();
    assert_eq!(panels, 2);
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles[0].ends_with("quiet") && titles[1].ends_with("signal"),
        "{titles:?}"
    );
    let headers: String = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("attractor-header"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("|");
    // Quiet: the toggle is bistable (HI and LO); with the signal only HI remains.
    assert_eq!(headers.matches("HI").count(), 2, "{headers}");
    assert_eq!(headers.matches("LO").count(), 1, "{headers}");
}

#[test]
fn plot_must_be_svg() {
    let d = dir("png");
    let model = write(&d, "m.bnet", MODEL);
    let o = basin(&[
        "attractors",
        &model,
        "--plot",
        d.join("a.png").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("*.svg"), "{}", stderr(&o));
}

#[test]
fn graph_draws_svg_without_graphviz_and_writes_dot_sif_graphml() {
    let d = dir("graph");
    let model = write(&d, "m.bnet", MODEL);
    let o = basin(&["plot", "graph", &model, "--format", "dot"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dot = String::from_utf8(o.stdout).unwrap();
    assert!(dot.starts_with("digraph \"m.bnet\" {"));
    assert!(
        dot.contains("\"B\" -> \"A\" [color=\"#D55E00\", arrowhead=tee"),
        "{dot}"
    );
    assert!(
        dot.contains("\"S\" -> \"A\" [color=\"#009E73\", arrowhead=normal"),
        "{dot}"
    );

    // SVG with an empty PATH: no external program is needed.
    let empty = dir("empty-path");
    let svg = d.join("g.svg");
    let o = Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(["plot", "graph", &model, "-o", svg.to_str().unwrap()])
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed SVG");
    let nodes = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert_eq!(nodes, 6);
    // The same bytes every time, and on standard output by default.
    let o = basin(&["plot", "graph", &model]);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), text);

    let dot_file = d.join("g.gv");
    assert!(
        basin(&["plot", "graph", &model, "-o", dot_file.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(std::fs::read_to_string(&dot_file).unwrap(), dot);
    let sif = d.join("g.sif");
    assert!(
        basin(&["plot", "graph", &model, "-o", sif.to_str().unwrap()])
            .status
            .success()
    );
    let sif = std::fs::read_to_string(&sif).unwrap();
    assert!(sif.lines().any(|l| l == "B\tinhibits\tA"), "{sif}");
    assert!(sif.lines().any(|l| l == "S\tactivates\tA"), "{sif}");
    let graphml = d.join("g.graphml");
    assert!(
        basin(&["plot", "graph", &model, "-o", graphml.to_str().unwrap()])
            .status
            .success()
    );
    let graphml = std::fs::read_to_string(&graphml).unwrap();
    roxmltree::Document::parse(&graphml).expect("well-formed GraphML");

    let o = basin(&[
        "plot",
        "graph",
        &model,
        "-o",
        d.join("g.png").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--format"), "{}", stderr(&o));
}

#[test]
fn graph_overlay_colours_nodes_by_the_attractor() {
    let d = dir("graph-overlay");
    let model = write(&d, "m.bnet", MODEL);
    let phen = write(&d, "p.toml", PHENOTYPES);
    let json = basin(&[
        "attractors",
        &model,
        "--update",
        "async",
        "--perturb",
        "A=0",
        "--format",
        "json",
    ]);
    assert!(json.status.success(), "{}", stderr(&json));
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let variables: Vec<String> = v["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    let attractors = v["attractors"].as_array().unwrap();
    for (k, a) in attractors.iter().enumerate() {
        let pattern = a["pattern"].as_str().unwrap();
        for which in [(k + 1).to_string(), pattern.to_string()] {
            let svg = d.join(format!("o{k}.svg"));
            let o = basin(&[
                "plot",
                "graph",
                &model,
                "--attractor",
                &which,
                "--perturb",
                "A=0",
                "--phenotypes",
                &phen,
                "-o",
                svg.to_str().unwrap(),
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            let text = std::fs::read_to_string(&svg).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap();
            for node in doc
                .descendants()
                .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
            {
                let var = node.attribute("data-var").unwrap();
                let i = variables.iter().position(|x| x == var).unwrap();
                let class = node.attribute("class").unwrap();
                let want = match &pattern[i..i + 1] {
                    "1" => "on",
                    "0" => "off",
                    _ => "oscillating",
                };
                assert!(
                    class.split(' ').any(|c| c == want),
                    "{var}: {class} vs {pattern}"
                );
                assert_eq!(class.contains("perturbed"), var == "A", "{class}");
            }
        }
    }
    let o = basin(&["plot", "graph", &model, "--attractor", "99"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("numbered from 1"), "{}", stderr(&o));
    let o = basin(&["plot", "graph", &model, "--perturb", "A=0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--attractor"), "{}", stderr(&o));
}

#[test]
fn report_writes_one_self_contained_page() {
    let d = dir("report");
    let model = write(&d, "m.bnet", MODEL);
    let phen = write(&d, "p.toml", PHENOTYPES);
    let out = d.join("out");
    let o = basin(&[
        "report",
        &model,
        "--phenotypes",
        &phen,
        "--out",
        out.to_str().unwrap(),
        "--update",
        "both",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let doc = roxmltree::Document::parse_with_options(&html, xhtml()).expect("well-formed XHTML");
    assert!(!html.contains("<script"));
    let h2: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "h2")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        h2,
        [
            "Model",
            "Interaction graph",
            "Attractors per condition",
            "Knockouts and overexpressions"
        ]
    );
    // The interaction graph is drawn inline: one node element per variable, one edge per
    // regulation.
    let graph = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("interaction-graph"))
        .expect("the interaction graph's figure");
    let graph_nodes = graph
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert_eq!(graph_nodes, 6);
    let graph_edges = graph
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("edge ")))
        .count();
    assert_eq!(graph_edges, 6);
    // Every other node element is in an overlay: as many as the variables times the attractors
    // drawn.
    let overlays = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("overlay"))
        .count();
    let all_nodes = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert!(overlays >= 4, "at least one overlay per condition × update");
    assert_eq!(all_nodes, 6 * (overlays + 1));
    // One heatmap per condition × update (2 × 2), each also written as its own file, whose
    // columns are the states of that run's JSON.
    let cards: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("card"))
        .collect();
    assert_eq!(cards.len(), 4);
    let files: Vec<String> = {
        let mut f: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        f.sort();
        f
    };
    let heatmaps: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("attractors-0"))
        .collect();
    assert_eq!(
        heatmaps,
        [
            "attractors-01-quiet-sync.svg",
            "attractors-02-quiet-async.svg",
            "attractors-03-signal-sync.svg",
            "attractors-04-signal-async.svg"
        ]
    );
    for (file, (cond, update)) in heatmaps.iter().zip([
        ("quiet", "sync"),
        ("quiet", "async"),
        ("signal", "sync"),
        ("signal", "async"),
    ]) {
        let o = basin(&[
            "attractors",
            &model,
            "--phenotypes",
            &phen,
            "--condition",
            cond,
            "--update",
            update,
            "--format",
            "json",
        ]);
        assert!(o.status.success());
        let json: Value = serde_json::from_slice(&o.stdout).unwrap();
        let states: usize = json["attractors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["num_states"].as_u64().unwrap() as usize)
            .sum();
        let svg = std::fs::read_to_string(out.join(file)).unwrap();
        let columns: BTreeSet<usize> = cells(&svg).iter().map(|c| c.1).collect();
        assert_eq!(columns.len(), states, "{file}");
    }
    // The overview: every condition × update side by side, one column per state of all runs.
    let overview = std::fs::read_to_string(out.join("attractors-all.svg")).unwrap();
    let odoc = roxmltree::Document::parse(&overview).unwrap();
    let panels: BTreeSet<&str> = odoc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .map(|n| n.attribute("data-panel").unwrap())
        .collect();
    assert_eq!(panels.len(), 4);
    // The default screen: every non-input node knocked out and overexpressed, one heatmap per
    // label rule, rows = perturbations.
    assert!(files.contains(&"screen-01-HI.svg".to_string()), "{files:?}");
    assert!(files.contains(&"screen-02-LO.svg".to_string()), "{files:?}");
    let screen = std::fs::read_to_string(out.join("screen-01-HI.svg")).unwrap();
    let sdoc = roxmltree::Document::parse(&screen).unwrap();
    let rows: BTreeSet<&str> = sdoc
        .descendants()
        .filter(|n| n.attribute("class") == Some("row-label"))
        .filter_map(|n| n.text())
        .collect();
    let expected: BTreeSet<&str> = [
        "A=0", "A=1", "B=0", "B=1", "X=0", "X=1", "Y=0", "Y=1", "R=0", "R=1",
    ]
    .into_iter()
    .collect();
    assert_eq!(rows, expected);
    let columns = sdoc
        .descendants()
        .filter(|n| n.attribute("class") == Some("column-header"))
        .count();
    assert_eq!(columns, 4, "2 conditions × 2 updates");
    assert!(files.contains(&"graph.dot".to_string()));
}

/// The value class `basin plot graph` gives a node for one character of a pattern.
fn value_of(c: char) -> &'static str {
    match c {
        '0' => "off",
        '1' => "on",
        _ => "oscillating",
    }
}

#[test]
fn report_draws_each_condition_s_attractors_over_the_graph() {
    let d = dir("report-overlays");
    let out = d.join("out");
    let model = "networks/mronj_macrophage.bnet";
    let phen = "networks/mronj_macrophage.toml";
    let o = basin(&[
        "report",
        model,
        "--phenotypes",
        phen,
        "--no-screen",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let doc = roxmltree::Document::parse_with_options(&html, xhtml()).expect("well-formed XHTML");
    let cards: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("card"))
        .collect();
    assert_eq!(cards.len(), 23, "one section per named condition");
    for card in cards {
        let title = card
            .descendants()
            .find(|n| n.tag_name().name() == "h3")
            .and_then(|n| n.text())
            .unwrap();
        let condition = title.split(" · ").next().unwrap();
        let o = basin(&[
            "attractors",
            model,
            "--phenotypes",
            phen,
            "--condition",
            condition,
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: Value = serde_json::from_slice(&o.stdout).unwrap();
        let variables: Vec<&str> = json["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let attractors = json["attractors"].as_array().unwrap();
        let overlays: Vec<roxmltree::Node> = card
            .descendants()
            .filter(|n| n.attribute("class") == Some("overlay"))
            .collect();
        assert_eq!(overlays.len(), attractors.len().min(4), "{title}");
        for (overlay, attractor) in overlays.iter().zip(attractors) {
            let pattern = attractor["pattern"].as_str().unwrap();
            let nodes: Vec<(&str, &str)> = overlay
                .descendants()
                .filter_map(|n| {
                    let class = n.attribute("class")?;
                    let mut words = class.split(' ');
                    (words.next() == Some("node")).then(|| {
                        // `node KIND VALUE [perturbed|fixed-input]`
                        (n.attribute("data-var").unwrap(), words.nth(1).unwrap())
                    })
                })
                .collect();
            let expected: Vec<(&str, &str)> = variables
                .iter()
                .zip(pattern.chars())
                .map(|(&v, c)| (v, value_of(c)))
                .collect();
            assert_eq!(nodes, expected, "{title}");
            // The inputs the condition fixes are marked so.
            for (name, value) in json["fixed"].as_object().unwrap() {
                let node = overlay
                    .descendants()
                    .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
                    .find(|n| n.attribute("data-var") == Some(name.as_str()))
                    .unwrap();
                assert!(
                    node.attribute("class").unwrap().ends_with(" fixed-input"),
                    "{title}: {name}={value}"
                );
            }
        }
    }
}

#[test]
fn report_without_phenotypes_has_no_screen_and_says_so() {
    let d = dir("report-plain");
    let model = write(&d, "m.bnet", MODEL);
    let out = d.join("out");
    let o = basin(&["report", &model, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    roxmltree::Document::parse_with_options(&html, xhtml()).expect("well-formed XHTML");
    assert!(html.contains("needs --phenotypes FILE"));
    assert!(!std::fs::read_dir(&out).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("screen-")
    }));
}

/// Shift cells of an SVG: (row, column, shift), in document order.
fn shift_cells(svg: &str) -> Vec<(usize, usize, f64)> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("cell") && n.has_attribute("data-shift"))
        .map(|n| {
            (
                n.attribute("data-row").unwrap().parse().unwrap(),
                n.attribute("data-column").unwrap().parse().unwrap(),
                n.attribute("data-shift").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

/// The shift of `label` per (perturbation, column) from a screen's JSON, columns condition-major
/// then update, as the heatmap lays them out.
fn json_shifts(v: &Value, label: &str) -> Vec<(usize, usize, f64)> {
    let names = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    let (perts, conds, updates) = (
        names("perturbations"),
        names("conditions"),
        names("updates"),
    );
    let mut out = Vec::new();
    for r in v["rows"].as_array().unwrap() {
        if r["label"] != label {
            continue;
        }
        let p = perts.iter().position(|x| *x == r["perturbation"]).unwrap();
        let c = conds.iter().position(|x| *x == r["condition"]).unwrap();
        let u = updates.iter().position(|x| *x == r["update"]).unwrap();
        out.push((p, c * updates.len() + u, r["shift"].as_f64().unwrap()));
    }
    out.sort_by_key(|a| (a.0, a.1));
    out
}

#[test]
fn screen_plot_draws_the_shifts_of_the_table() {
    let d = dir("screen");
    let model = write(&d, "m.bnet", MODEL);
    let phen = write(&d, "p.toml", PHENOTYPES);
    let svg_path = d.join("screen.svg");
    let o = basin(&[
        "screen",
        &model,
        "--phenotypes",
        &phen,
        "--update",
        "both",
        "--rank-by",
        "HI",
        "--format",
        "json",
        "--plot",
        svg_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let expected = json_shifts(&v, "HI");
    // 5 non-input nodes × 2 values, 2 conditions × 2 updates.
    assert_eq!(expected.len(), 10 * 4);
    assert!(expected.iter().any(|e| e.2.abs() > 0.1), "a shift to draw");
    let mut drawn = shift_cells(&std::fs::read_to_string(&svg_path).unwrap());
    drawn.sort_by_key(|a| (a.0, a.1));
    assert_eq!(drawn.len(), expected.len());
    for (d, e) in drawn.iter().zip(&expected) {
        assert_eq!((d.0, d.1), (e.0, e.1));
        assert!((d.2 - e.2).abs() < 1e-6, "cell {d:?} against table {e:?}");
    }
}

#[test]
fn knockout_plot_stacks_every_label_and_agrees_with_the_screen() {
    let d = dir("knockout");
    let model = write(&d, "m.bnet", MODEL);
    let phen = write(&d, "p.toml", PHENOTYPES);
    let svg_path = d.join("ko.svg");
    let o = basin(&[
        "knockout",
        &model,
        "--phenotypes",
        &phen,
        "--perturb",
        "A=0",
        "--plot",
        svg_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let drawn = shift_cells(&svg);
    // Two labels (HI, LO) stacked, each one row × 2 conditions (asynchronous update).
    assert_eq!(drawn.len(), 4);
    assert!(svg.contains("shift of HI") && svg.contains("shift of LO"));
    let screen = basin(&["screen", &model, "--phenotypes", &phen, "--format", "json"]);
    assert!(screen.status.success(), "{}", stderr(&screen));
    let v: Value = serde_json::from_slice(&screen.stdout).unwrap();
    for (k, label) in ["HI", "LO"].iter().enumerate() {
        let expected: Vec<f64> = json_shifts(&v, label)
            .into_iter()
            .filter(|e| e.0 == 0) // A=0 is the screen's first perturbation
            .map(|e| e.2)
            .collect();
        let got: Vec<f64> = drawn[k * 2..k * 2 + 2].iter().map(|c| c.2).collect();
        assert_eq!(got.len(), expected.len());
        for (g, e) in got.iter().zip(&expected) {
            assert!(
                (g - e).abs() < 1e-6,
                "{label}: drawn {got:?}, screen {expected:?}"
            );
        }
    }
}

#[test]
fn screen_plot_must_be_svg_and_is_checked_before_running() {
    let d = dir("screen-png");
    let model = write(&d, "m.bnet", MODEL);
    let phen = write(&d, "p.toml", PHENOTYPES);
    let o = basin(&["screen", &model, "--phenotypes", &phen, "--plot", "x.png"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("SVG"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn report_draws_at_most_four_overlays_per_condition_and_says_how_many_more() {
    let d = dir("report-overlay-cap");
    // Three independent toggle switches: 8 fixed points.
    let model = write(
        &d,
        "m.bnet",
        "targets, factors\nA, !B\nB, !A\nC, !D\nD, !C\nE, !F\nF, !E\n",
    );
    let out = d.join("out");
    let o = basin(&["report", &model, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let doc = roxmltree::Document::parse_with_options(&html, xhtml()).expect("well-formed XHTML");
    let overlays = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("overlay"))
        .count();
    assert_eq!(overlays, 4);
    assert!(
        html.contains("4 more attractor(s) not drawn over the graph (the first 4 are)."),
        "{html}"
    );
    // Each overlay's marker ids are its own.
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "marker")
        .filter_map(|n| n.attribute("id"))
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len());
}
