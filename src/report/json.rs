//! JSON rendering of reports (docs/json.md): pretty-printed, one trailing newline.

use super::AttractorsReport;

/// The report as pretty-printed JSON.
pub fn render(report: &AttractorsReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("reports always serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};
    use crate::report::ReportOptions;
    use crate::synchronous::{SyncConfig, attractors};

    #[test]
    fn json_has_the_contract_fields() {
        let net = parse_str(
            "A, !B\nB, A\nC, 1\nI, I\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network;
        let e = attractors(&net, &[], &SyncConfig::default()).unwrap();
        let report = AttractorsReport::new(&net, &e, &ReportOptions::new("m.bnet"));
        let v: serde_json::Value = serde_json::from_str(&render(&report)).unwrap();
        assert_eq!(v["basin_json_version"], 1);
        assert_eq!(v["model"], "m.bnet");
        assert_eq!(v["variables"], serde_json::json!(["A", "B", "C", "I"]));
        assert_eq!(v["update"], "synchronous");
        assert_eq!(v["fixed"], serde_json::json!({"C": 1}));
        assert_eq!(v["explored_states"], 8);
        let a = &v["attractors"][0];
        assert_eq!(a["kind"], "cycle");
        assert_eq!(a["num_states"], 4);
        assert_eq!(a["pattern"], "**10");
        assert_eq!(a["states"][0], "0010");
        assert_eq!(a["basin"]["size"], 4);
        assert_eq!(a["basin"]["fraction"], 0.5);
        assert_eq!(a["inputs"], serde_json::json!({"I": 0}));
    }

    /// A result whose basin holds 2^200 states (beyond `u128` and `f64`'s integers) goes
    /// through the JSON report and comes back exact.
    #[test]
    fn a_basin_of_two_to_the_200_round_trips_through_json_exactly() {
        use crate::attractor::{
            Attractor, AttractorKind, Basin, EngineInfo, Exploration, Method, UpdateScheme,
        };
        use crate::count::Count;
        use crate::state::State;
        let n = 201;
        let net = parse_str(
            &(0..n)
                .map(|i| format!("x{i}, x{}\n", (i + 1) % n))
                .collect::<String>(),
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network;
        let huge = Count::pow2(200);
        let attractor = Attractor::from_states(
            AttractorKind::FixedPoint,
            vec![State::zeros(n)],
            Basin::Reachability {
                weak: huge.clone(),
                strong: huge.clone(),
                probability: None,
                estimate: None,
            },
        );
        let e = Exploration {
            update: UpdateScheme::Asynchronous,
            variables: net.names().to_vec(),
            fixed: Vec::new(),
            explored_states: Count::pow2(201),
            attractors: vec![attractor],
            method: Method::Exhaustive,
            engine: EngineInfo {
                name: "symbolic",
                core_size: n,
            },
        };
        let text = render(&AttractorsReport::new(
            &net,
            &e,
            &ReportOptions::new("m.bnet"),
        ));
        let digits = huge.to_string();
        assert_eq!(digits.len(), 61);
        assert!(text.contains(&format!("\"weak\": {digits}")), "{text}");
        // Read back by a JSON reader that keeps integers exact (serde_json's `RawValue`).
        #[derive(serde::Deserialize)]
        struct Back {
            explored_states: Count,
            attractors: Vec<BackAttractor>,
        }
        #[derive(serde::Deserialize)]
        struct BackAttractor {
            basin: BackBasin,
        }
        #[derive(serde::Deserialize)]
        struct BackBasin {
            weak: Count,
            strong: Count,
            probability: Option<f64>,
        }
        let back: Back = serde_json::from_str(&text).unwrap();
        assert_eq!(back.explored_states, Count::pow2(201));
        assert_eq!(back.attractors[0].basin.weak, huge);
        assert_eq!(back.attractors[0].basin.strong, huge);
        // A probability that was not computed is absent, not NaN or null.
        assert_eq!(back.attractors[0].basin.probability, None);
        assert!(!text.contains("probability") && !text.contains("NaN"));
    }
}
