//! The screen driver and knockout comparison against direct computation, on small random
//! networks explored by brute force.

mod phenotype_support;

use basin::condition::{Condition, all_conditions};
use basin::perturb::Perturbation;
use basin::phenotype::{LabelQuery, PhenotypeSpec, Phenotypes};
use basin::screen::{
    Screen, compare, fixed_for, generate_perturbations, perturbation_name, screen_nodes,
};
use basin::{Error, Exploration, Network, UpdateScheme, VarId};
use phenotype_support::explore;
use proptest::prelude::*;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

const BOTH: [UpdateScheme; 2] = [UpdateScheme::Synchronous, UpdateScheme::Asynchronous];

/// Labels by the value of the first two variables (every network has at least one), plus a
/// simple phenotype, so labels vary with perturbations.
fn phenotypes(network: &Network) -> Phenotypes {
    let first = network.name(VarId::new(0));
    let last = network.name(VarId::new(network.num_vars() - 1));
    let text = format!(
        "[groups]\nA = [\"{first}\"]\nB = [\"{last}\"]\n[labels]\nA = \"A & !B\"\nB = \"B & !A\"\nAB = \"A & B\"\n[flags]\nF = \"{last}\"\n[phenotypes]\nP = \"{first} | {last}\"\n"
    );
    PhenotypeSpec::from_toml_str(&text)
        .unwrap()
        .bind(network)
        .unwrap()
}

/// At most the first three inputs' combinations (others stay 0).
fn conditions(network: &Network) -> Vec<Condition> {
    let inputs = network.inputs();
    if inputs.len() <= 3 {
        all_conditions(network).unwrap()
    } else {
        (0..8u32)
            .map(|m| {
                let set: Vec<(VarId, bool)> = inputs[..3]
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (v, m >> i & 1 == 1))
                    .collect();
                Condition::from_inputs(network, &set)
            })
            .collect()
    }
}

fn perturbations_of(network: &Network, order: usize) -> Vec<Vec<Perturbation>> {
    generate_perturbations(&screen_nodes(network), &[false, true], order)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_empty_perturbation_gives_the_wild_type_exactly(network in basin::testing::network(6)) {
        let p = phenotypes(&network);
        let result = Screen::new(&network, &p)
            .perturbations(vec![vec![]])
            .conditions(conditions(&network))
            .updates(BOTH.to_vec())
            .run(&explore)
            .unwrap();
        prop_assert_eq!(result.perturbation_names[0].as_str(), "none");
        for e in &result.entries {
            let wt = result.wild_type(e.condition, e.update);
            prop_assert_eq!(&e.distribution, &wt.distribution);
            prop_assert!(e.shift.iter().all(|(_, s)| s.shift == 0.0));
            prop_assert!(e.appeared.is_empty() && e.vanished.is_empty());
        }
    }

    #[test]
    fn shifts_over_all_labels_sum_to_zero(network in basin::testing::network(6)) {
        let p = phenotypes(&network);
        let result = Screen::new(&network, &p)
            .perturbations(perturbations_of(&network, 2))
            .conditions(conditions(&network))
            .updates(BOTH.to_vec())
            .run(&explore)
            .unwrap();
        for e in &result.entries {
            let sum: f64 = e.shift.iter().map(|(_, s)| s.shift).sum();
            prop_assert!(sum.abs() < 1e-9, "shifts sum to {}", sum);
            let rows: f64 = e.shift.iter().map(|(_, s)| s.perturbed).sum();
            prop_assert!((rows - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn a_screen_entry_equals_the_single_comparison(
        (network, perturbation) in basin::testing::network_with_perturbations(6),
        asynchronous in any::<bool>(),
    ) {
        let p = phenotypes(&network);
        let update = if asynchronous { UpdateScheme::Asynchronous } else { UpdateScheme::Synchronous };
        let perturbation: Vec<Perturbation> = perturbation
            .into_iter()
            .map(|(var, value)| Perturbation { var, value })
            .collect();
        let conditions = conditions(&network);
        let result = Screen::new(&network, &p)
            .perturbations(vec![vec![], perturbation.clone()])
            .conditions(conditions.clone())
            .updates(vec![update])
            .run(&explore)
            .unwrap();
        let rows = result.rows();
        for (ci, condition) in conditions.iter().enumerate() {
            let single = compare(&network, &p, condition, &perturbation, update, &explore).unwrap();
            let entry = result
                .entries
                .iter()
                .find(|e| e.perturbation == 1 && e.condition == ci)
                .unwrap();
            prop_assert_eq!(&entry.distribution, &single.perturbed_distribution);
            prop_assert_eq!(&result.wild_type(ci, update).distribution, &single.wild_type_distribution);
            prop_assert_eq!(&entry.shift, &single.shift);
            let appeared: Vec<String> = single
                .changes
                .appeared
                .iter()
                .map(|&i| single.perturbed.attractors[i].pattern.to_string())
                .collect();
            let screen_appeared: Vec<String> =
                entry.appeared.iter().map(|a| a.pattern.clone()).collect();
            prop_assert_eq!(appeared, screen_appeared);
            prop_assert_eq!(single.changes.vanished.len(), entry.vanished.len());
            // The tidy rows of this entry are the comparison's shift, label by label.
            let name = perturbation_name(&network, &perturbation);
            let mine: Vec<_> = rows
                .iter()
                .filter(|r| r.perturbation == name && r.condition == condition.name)
                .collect();
            // An empty random perturbation is also called "none", like the screen's first entry.
            let copies = if perturbation.is_empty() { 2 } else { 1 };
            prop_assert_eq!(mine.len(), copies * single.shift.len());
            for r in mine {
                let s = single.shift.get(&r.label);
                prop_assert_eq!(r.fraction, s.perturbed);
                prop_assert_eq!(r.wild_type_fraction, s.wild_type);
                prop_assert_eq!(r.shift, s.shift);
                prop_assert_eq!(r.attractors, s.attractors);
                prop_assert_eq!(r.update, update);
            }
        }
    }

    #[test]
    fn a_perturbed_node_is_constant_in_every_attractor(
        (network, perturbation) in basin::testing::network_with_perturbations(6),
    ) {
        let perturbation: Vec<Perturbation> = perturbation
            .into_iter()
            .map(|(var, value)| Perturbation { var, value })
            .collect();
        for condition in conditions(&network) {
            for update in BOTH {
                let e = explore(&network, &fixed_for(&condition, &perturbation), update).unwrap();
                for a in &e.attractors {
                    for p in &perturbation {
                        prop_assert!(a.states.iter().all(|s| s.get(p.var) == p.value));
                        prop_assert_eq!(a.activity[p.var.index()], f64::from(u8::from(p.value)));
                    }
                }
            }
        }
    }

    #[test]
    fn output_does_not_depend_on_the_number_of_threads(network in basin::testing::network(6)) {
        let p = phenotypes(&network);
        let run = |jobs: usize| {
            Screen::new(&network, &p)
                .perturbations(perturbations_of(&network, 2))
                .conditions(conditions(&network))
                .updates(BOTH.to_vec())
                .jobs(jobs)
                .run(&explore)
                .unwrap()
        };
        let one = run(1);
        let three = run(3);
        prop_assert_eq!(&one, &three);
        prop_assert_eq!(one.rows(), three.rows());
        let q = LabelQuery::parse("A");
        prop_assert_eq!(one.rank(&q), three.rank(&q));
    }
}

fn toy() -> Network {
    basin::parse::parse_str(
        "LPS, LPS\nNFKB, LPS & !SMAD7\nSMAD7, NFKB\nIL10, !NFKB\n",
        &basin::parse::ParseOptions::new(basin::parse::Format::Bnet),
    )
    .unwrap()
    .network
}

#[test]
fn rows_follow_perturbation_condition_update_label_order() {
    let network = toy();
    let p = phenotypes(&network);
    let result = Screen::new(&network, &p)
        .perturbations(perturbations_of(&network, 1))
        .conditions(all_conditions(&network).unwrap())
        .updates(BOTH.to_vec())
        .run(&explore)
        .unwrap();
    assert_eq!(
        result.perturbation_names,
        ["NFKB=0", "NFKB=1", "SMAD7=0", "SMAD7=1", "IL10=0", "IL10=1"]
    );
    let keys: Vec<(usize, usize, UpdateScheme)> = result
        .entries
        .iter()
        .map(|e| (e.perturbation, e.condition, e.update))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys.len(), 6 * 2 * 2);
    let rows = result.rows();
    assert!(rows.windows(2).all(|w| {
        let a = (
            &w[0].perturbation,
            &w[0].condition,
            w[0].update,
            &w[0].label,
        );
        let b = (
            &w[1].perturbation,
            &w[1].condition,
            w[1].update,
            &w[1].label,
        );
        a.0 != b.0 || a.1 != b.1 || a.2 != b.2 || a.3 < b.3
    }));
    let json = serde_json::to_value(&rows[0]).unwrap();
    assert_eq!(json["perturbation"], "NFKB=0");
    assert_eq!(json["update"], "synchronous");
    assert!(json["shift"].is_number() && json["wild_type_fraction"].is_number());
}

#[test]
fn ranking_orders_perturbations_by_the_largest_absolute_shift() {
    let network = toy();
    let p = phenotypes(&network);
    let result = Screen::new(&network, &p)
        .perturbations(perturbations_of(&network, 2))
        .conditions(all_conditions(&network).unwrap())
        .updates(BOTH.to_vec())
        .run(&explore)
        .unwrap();
    // Every label with the part B (B, A/B, B+F, ...).
    let q = LabelQuery::parse("part:B");
    let ranked = result.rank(&q);
    assert_eq!(ranked.len(), result.perturbations.len());
    assert!(
        ranked
            .windows(2)
            .all(|w| w[0].shift.abs() >= w[1].shift.abs())
    );
    // The top entry's shift is the largest over every entry, recomputed from the rows.
    let best = result
        .rows()
        .iter()
        .filter(|r| q.matches(&r.label))
        .fold(
            std::collections::BTreeMap::<(String, String, UpdateScheme), f64>::new(),
            |mut m, r| {
                *m.entry((r.perturbation.clone(), r.condition.clone(), r.update))
                    .or_default() += r.shift;
                m
            },
        )
        .values()
        .fold(0.0f64, |m, s| m.max(s.abs()));
    assert!((ranked[0].shift.abs() - best).abs() < 1e-12);
    assert!(best > 0.0, "the toy network's knockouts move label B");
}

#[test]
fn progress_counts_every_exploration() {
    let network = toy();
    let p = phenotypes(&network);
    let seen = Mutex::new(Vec::new());
    let calls = AtomicUsize::new(0);
    let screen = Screen::new(&network, &p)
        .perturbations(perturbations_of(&network, 2))
        .conditions(all_conditions(&network).unwrap())
        .updates(BOTH.to_vec())
        .jobs(2)
        .progress(|pr| seen.lock().unwrap().push(pr));
    let total = screen.num_explorations();
    let result = screen
        .run(&|n: &Network, f: &[(VarId, bool)], u: UpdateScheme| {
            calls.fetch_add(1, Ordering::Relaxed);
            explore(n, f, u)
        })
        .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.len(), total);
    assert_eq!(calls.load(Ordering::Relaxed), total);
    assert!(seen.iter().all(|p| p.total == total));
    let mut done: Vec<usize> = seen.iter().map(|p| p.done).collect();
    done.sort_unstable();
    assert_eq!(done, (1..=total).collect::<Vec<_>>());
    assert_eq!(result.entries.len(), total - result.wild_types.len());
}

#[test]
fn errors_name_the_problem() {
    let network = toy();
    let p = phenotypes(&network);
    let nfkb = network.find("NFKB").unwrap();
    let twice = vec![
        Perturbation::knockout(nfkb),
        Perturbation::overexpress(nfkb),
    ];
    let e = Screen::new(&network, &p)
        .perturbations(vec![twice.clone()])
        .run(&explore)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "perturbation 'NFKB=0+NFKB=1' fixes 'NFKB' twice");
    let c = Condition::from_inputs(&network, &[]);
    let e = compare(
        &network,
        &p,
        &c,
        &twice,
        UpdateScheme::Synchronous,
        &explore,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("twice"), "{e}");
    // The first error of the explorer, in result order, is returned.
    let failing =
        |_: &Network, f: &[(VarId, bool)], _: UpdateScheme| -> Result<Exploration, Error> {
            Err(Error::Invalid(format!("refused {} fixed", f.len())))
        };
    let e = Screen::new(&network, &p)
        .perturbations(perturbations_of(&network, 1))
        .run(&failing)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "refused 1 fixed");
    let e = Screen::new(&network, &p)
        .conditions(vec![])
        .run(&explore)
        .unwrap_err()
        .to_string();
    assert!(e.contains("at least one condition"), "{e}");
}

#[test]
fn a_knockout_comparison_names_appeared_and_vanished_attractors() {
    let network = toy();
    let p = phenotypes(&network);
    let smad7 = network.find("SMAD7").unwrap();
    let lps = network.find("LPS").unwrap();
    let infection = Condition::new(&network, "infection", &[(lps, true)]);
    let c = compare(
        &network,
        &p,
        &infection,
        &[Perturbation::knockout(smad7)],
        UpdateScheme::Asynchronous,
        &explore,
    )
    .unwrap();
    // Wild type under LPS: the NF-kB/Smad7 negative loop oscillates (one complex attractor);
    // without Smad7, NF-kB stays on: a fixed point appears and the cycle vanishes.
    assert_eq!(c.wild_type.attractors.len(), 1);
    assert_eq!(c.perturbed.attractors.len(), 1);
    assert_eq!(c.changes.appeared, [0]);
    assert_eq!(c.changes.vanished, [0]);
    assert_eq!(c.wild_type.attractors[0].pattern.to_string(), "1***");
    assert_eq!(c.perturbed.attractors[0].pattern.to_string(), "1100");
    assert!(!c.verdict().is_empty());
    // The shift is the difference of the two distributions, label by label.
    for (label, s) in c.shift.iter() {
        assert_eq!(s.wild_type, c.wild_type_distribution.share(label));
        assert_eq!(s.perturbed, c.perturbed_distribution.share(label));
    }
}
