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
}
