use super::*;
use crate::parse::{Format, ParseOptions, parse_str};
use crate::phenotype::PhenotypeSpec;

#[test]
fn too_large_searches_are_refused_before_anything_runs() {
    assert!(check_control_size(28, 2, 3, 1, 1 << 30).is_ok());
    let count = check_control_size(1000, 2, 4, 1, u64::MAX);
    assert!(
        matches!(&count, Err(Error::Limit { remedies, .. }) if remedies == &[Remedy::FewerPerturbations]),
        "{count:?}"
    );
    let memory = check_control_size(28, 2, 3, 30, 1 << 20);
    assert!(matches!(memory, Err(Error::TooLarge { .. })), "{memory:?}");
}

#[test]
fn aggregates_read_back_from_their_names() {
    for a in [Aggregate::Every, Aggregate::Mean] {
        assert_eq!(a.as_str().parse::<Aggregate>().unwrap(), a);
    }
    assert!("max".parse::<Aggregate>().is_err());
}

#[test]
fn percolation_decides_labels_whose_variables_it_fixes() {
    // A is an input; B follows A; C oscillates unless B holds it. Labels read B only.
    let net = parse_str("A, A\nB, A\nC, !C | B\n", &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let labels = PhenotypeSpec::from_toml_str("[groups]\nX = [\"B\"]\n[labels]\nX = \"X\"\n")
        .unwrap()
        .bind(&net)
        .unwrap();
    let control = Control::new(&net, &labels, LabelQuery::parse("X"));
    let search = Search::new(&control);
    let a = net.find("A").unwrap();
    assert_eq!(
        search.decide_by_percolation(&percolate(&net, &[(a, true)])),
        Some(1.0)
    );
    assert_eq!(
        search.decide_by_percolation(&percolate(&net, &[(a, false)])),
        Some(0.0)
    );
    // A free: B free too; a state may be X or not, so nothing is decided.
    assert_eq!(search.decide_by_percolation(&percolate(&net, &[])), None);
}

#[test]
fn activity_labels_are_decided_only_when_percolation_fixes_every_label_variable() {
    // B and C alternate freely; labels by activity could give a cycle a label no state has.
    let net = parse_str("A, A\nB, !C | A\nC, B\n", &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let text =
        "cycles = \"activity\"\n[groups]\nX = [\"B\"]\nY = [\"C\"]\n[labels]\nX = \"X & !Y\"\n";
    let labels = PhenotypeSpec::from_toml_str(text)
        .unwrap()
        .bind(&net)
        .unwrap();
    let control = Control::new(&net, &labels, LabelQuery::parse("none"));
    let search = Search::new(&control);
    let a = net.find("A").unwrap();
    // A = 0: B and C stay free, so nothing is decided under the activity rule.
    assert_eq!(
        search.decide_by_percolation(&percolate(&net, &[(a, false)])),
        None
    );
    // A = 1: B = 1, then C = 1: label "none" (X & !Y fails) everywhere.
    assert_eq!(
        search.decide_by_percolation(&percolate(&net, &[(a, true)])),
        Some(1.0)
    );
}
