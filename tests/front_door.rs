//! The library's front door gives what the command line gives: the showcase explored under a
//! named condition with `EngineOptions::default()` and labelled through the library (as
//! `examples/showcase.rs` does) has the CLI's labels, shares and patterns, under its default
//! update scheme.

mod common;

use basin::condition::{ConditionFile, find};
use basin::parse::read_model;
use basin::phenotype::PhenotypeSpec;
use basin::{EngineOptions, UpdateScheme, explore};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const MODEL: &str = "networks/mronj_macrophage.bnet";
const PHENOTYPES: &str = "networks/mronj_macrophage.toml";

#[test]
fn library_defaults_label_the_showcase_as_the_cli_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = read_model(&root.join(MODEL), None, false).unwrap();
    let net = &model.network;
    let phenotypes = PhenotypeSpec::read(&root.join(PHENOTYPES))
        .unwrap()
        .bind(net)
        .unwrap();
    let conditions = ConditionFile::read(&root.join(PHENOTYPES))
        .unwrap()
        .bind(net)
        .unwrap();
    for name in ["drug+TGFb", "infection", "none"] {
        let condition = find(&conditions, name).unwrap();
        let e = explore(
            net,
            condition.fixed(),
            UpdateScheme::Asynchronous,
            &EngineOptions::default(),
        )
        .unwrap();
        let ours: Vec<(String, String, f64)> = e
            .attractors
            .iter()
            .zip(phenotypes.classify_all(&e))
            .map(|(a, c)| {
                let share = a.basin.share(&e.explored_states).unwrap();
                (c.label, a.pattern.to_string(), share)
            })
            .collect();
        // The CLI with no --update (asynchronous, the default of every command).
        let out = Command::new(env!("CARGO_BIN_EXE_basin"))
            .current_dir(root)
            .args(["attractors", MODEL, "--phenotypes", PHENOTYPES])
            .args(["--condition", name, "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["engine"], "explicit");
        let theirs: Vec<(String, String, f64)> = v["attractors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let basin = &a["basin"];
                (
                    a["label"].as_str().unwrap().to_string(),
                    a["pattern"].as_str().unwrap().to_string(),
                    basin["probability"].as_f64().unwrap(),
                )
            })
            .collect();
        assert!(!ours.is_empty());
        assert_eq!(ours, theirs, "condition {name}");
    }
}

/// Shares that were not computed are never compared as if they were 0: a knockout comparison
/// over explorations without reach probabilities (neither exact nor estimated, whatever the
/// engine) is refused with the ways to get them; the same comparison with them answers, exactly
/// (explicit engine) or with estimates and intervals (the symbolic engine's random walks) that
/// agree with the exact shares.
#[test]
fn comparisons_without_shares_are_refused_not_read_as_zero() {
    // A switch with a free node E: under `off` three attractors whose weak basins overlap, so
    // no engine knows the shares without computing probabilities (where the weak basins are
    // disjoint the symbolic engine's shares are exact from the basin counts).
    let dir = std::env::temp_dir().join(format!("basin-front-door-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (model_path, phenotypes_path) = (dir.join("switch.bnet"), dir.join("switch.toml"));
    std::fs::write(&model_path, common::SWITCH_MODEL).unwrap();
    std::fs::write(&phenotypes_path, common::SWITCH_PHENOTYPES).unwrap();
    let model = read_model(&model_path, None, false).unwrap();
    let net = &model.network;
    let phenotypes = PhenotypeSpec::read(&phenotypes_path)
        .unwrap()
        .bind(net)
        .unwrap();
    let conditions = ConditionFile::read(&phenotypes_path)
        .unwrap()
        .bind(net)
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let condition = find(&conditions, "off").unwrap();
    let ko = basin::perturb::parse_perturbations(net, &["E=0"]).unwrap();
    for engine in [basin::Engine::Auto, basin::Engine::Symbolic] {
        let without = EngineOptions {
            probabilities: false,
            engine,
            ..EngineOptions::default()
        };
        let refused = basin::screen::compare(
            net,
            &phenotypes,
            condition,
            &ko,
            UpdateScheme::Asynchronous,
            &without,
        );
        match refused {
            Err(e @ basin::Error::Limit { .. }) => {
                assert!(
                    e.remedies().contains(&basin::error::Remedy::UseSampling),
                    "{e}"
                );
            }
            other => panic!("expected a refusal, got {:?}", other.map(|c| c.shift)),
        }
    }
    let answered = basin::screen::compare(
        net,
        &phenotypes,
        condition,
        &ko,
        UpdateScheme::Asynchronous,
        &EngineOptions::default(),
    )
    .unwrap();
    assert!(
        answered
            .perturbed_distribution
            .iter()
            .all(|(_, s)| s.share.is_finite() && s.estimate.is_none())
    );
    // The symbolic engine estimates the shares by random walks (the weak basins overlap on both
    // sides): the comparison answers, every share says it is an estimate, and each lies within
    // five standard errors of the exact one.
    let samples = 20_000;
    let estimated = basin::screen::compare(
        net,
        &phenotypes,
        condition,
        &ko,
        UpdateScheme::Asynchronous,
        &EngineOptions {
            engine: basin::Engine::Symbolic,
            samples,
            ..EngineOptions::default()
        },
    )
    .unwrap();
    assert_eq!(estimated.perturbed.engine.name, "symbolic");
    assert!(
        estimated
            .wild_type_distribution
            .iter()
            .all(|(_, s)| s.estimate.is_some())
    );
    let n = samples as f64;
    for (exact, ours) in [
        (
            &answered.wild_type_distribution,
            &estimated.wild_type_distribution,
        ),
        (
            &answered.perturbed_distribution,
            &estimated.perturbed_distribution,
        ),
    ] {
        assert_eq!(
            exact.labels().collect::<Vec<_>>(),
            ours.labels().collect::<Vec<_>>()
        );
        for (label, s) in ours.iter() {
            let p = exact.share(label);
            // Exact where the weak basins are disjoint (here the knockout's lone attractor).
            let Some((_, walks)) = s.estimate else {
                assert!(
                    (s.share - p).abs() < 1e-12,
                    "{label}: {} against {p}",
                    s.share
                );
                continue;
            };
            assert_eq!(walks, samples);
            let tolerance = 5.0 * (p * (1.0 - p) / n).sqrt() + 2.0 / n;
            assert!(
                (s.share - p).abs() <= tolerance,
                "{label}: {} against {p}",
                s.share
            );
        }
    }
    for (label, s) in estimated.shift.iter() {
        assert!(s.is_estimated());
        let exact = answered.shift.get(label);
        // A change the exact shares show by more than the interval's width is significant.
        let (lo, hi) = s.ci95();
        if exact.shift.abs() > 2.0 * (hi - lo) {
            assert!(
                s.is_change(),
                "{label}: {:?} against exact {}",
                (lo, hi),
                exact.shift
            );
        }
    }
    assert!(!estimated.verdict().is_empty());
}

/// `engine.core_size` means the same for every engine: the free variables left once output
/// cascades are removed (the showcase has read-outs, so counting them would differ).
#[test]
fn every_engine_reports_the_same_core_size() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = read_model(&root.join(MODEL), None, false).unwrap();
    let net = &model.network;
    for update in [UpdateScheme::Asynchronous, UpdateScheme::Synchronous] {
        let size = |engine| {
            basin::explore(
                net,
                &[],
                update,
                &EngineOptions {
                    engine,
                    ..EngineOptions::default()
                },
            )
            .unwrap()
            .engine
            .core_size
        };
        let explicit = size(basin::Engine::Explicit);
        assert_eq!(size(basin::Engine::Symbolic), explicit, "{update}");
        assert!(
            explicit < net.num_vars(),
            "{update}: read-outs are outside the core"
        );
    }
}
