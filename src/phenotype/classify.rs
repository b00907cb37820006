//! [`Phenotypes`]: a phenotype file bound to a network; gives every attractor its
//! [`Classification`] (label, groups, flags, oscillating markers). Attractors of several states
//! are labelled state by state by default (`OSC(M1|M2)` when their states carry several labels,
//! with the fraction of states behind each), so no label sits on the threshold θ.

use super::shift::Distribution;
use super::spec::CycleLabels;
use crate::attractor::{Attractor, Exploration};
use crate::expr::Expr;
use crate::network::VarId;
use hashbrown::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Group {
    pub(super) name: String,
    pub(super) members: Vec<VarId>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Rule {
    pub(super) name: String,
    pub(super) expr: Expr,
}

/// A phenotype file resolved against one network: classifies that network's attractors (and
/// those of its perturbed copies, which keep the same variables).
#[derive(Clone, Debug, PartialEq)]
pub struct Phenotypes {
    pub(super) threshold: f64,
    pub(super) cycles: CycleLabels,
    pub(super) default_label: String,
    pub(super) groups: Vec<Group>,
    pub(super) labels: Vec<Rule>,
    pub(super) flags: Vec<Rule>,
    pub(super) phenotypes: Vec<Rule>,
    /// Members of every group, each once, in group order.
    pub(super) markers: Vec<VarId>,
    pub(super) names: Vec<String>,
}

/// A label and what it was made from, before it becomes a [`Classification`].
struct Parts {
    label: String,
    rules: Vec<String>,
    phenotypes: Vec<String>,
    oscillating_phenotypes: Vec<String>,
    flags: Vec<String>,
    group_activity: Vec<f64>,
}

/// How an attractor stands towards a simple phenotype.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    All,
    Some,
    None,
}

/// The label of one attractor and what it was made from.
#[derive(Clone, Debug, PartialEq)]
pub struct Classification {
    /// The full label: base parts joined with `/` (or the default label), then `+FLAG` suffixes;
    /// for an attractor of several states labelled state by state ([`CycleLabels::States`]) the
    /// one label all its states carry, or `OSC(L1|L2|…)` when they carry several.
    pub label: String,
    /// With [`CycleLabels::States`], for an attractor of several listed states: each label its
    /// states carry (sorted) and the fraction of its states that carry it; empty otherwise.
    pub state_labels: Vec<(String, f64)>,
    /// Each group's graded score: the mean activity of its members (the fraction of its markers
    /// on, averaged over the attractor's states), in file order.
    pub group_score: Vec<(String, f64)>,
    /// Label rules that hold, in file order.
    pub rules: Vec<String>,
    /// Simple phenotypes the attractor has (the expression holds in all its states).
    pub phenotypes: Vec<String>,
    /// Simple phenotypes the attractor oscillates in (holds in some states but not all).
    pub oscillating_phenotypes: Vec<String>,
    /// Flags that hold, in file order.
    pub flags: Vec<String>,
    /// Each group's activity (the largest activity of its members), in file order.
    pub group_activity: Vec<(String, f64)>,
    /// Groups whose activity is at least the threshold.
    pub active_groups: Vec<String>,
    /// Markers (members of any group) whose activity is strictly between 0 and 1, in group order.
    pub oscillating: Vec<String>,
}

impl Phenotypes {
    /// The threshold θ.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The default label.
    pub fn default_label(&self) -> &str {
        &self.default_label
    }

    /// The marker nodes (members of any group), each once, in group order.
    pub fn markers(&self) -> &[VarId] {
        &self.markers
    }

    /// How attractors of several states are labelled.
    pub fn cycle_labels(&self) -> CycleLabels {
        self.cycles
    }

    /// Every variable a label can depend on (group members, nodes named in label rules and
    /// flags, variables of simple phenotypes), sorted, each once: two attractors whose states
    /// agree on these get the same label.
    pub fn label_variables(&self) -> Vec<VarId> {
        let g = self.groups.len();
        let mut vars: Vec<VarId> = self.markers.clone();
        for r in self.labels.iter().chain(&self.flags) {
            // Signals below the group count are groups; the others are nodes shifted by it.
            vars.extend(
                r.expr
                    .support()
                    .into_iter()
                    .filter(|s| s.index() >= g)
                    .map(|s| VarId::new(s.index() - g)),
            );
        }
        for r in &self.phenotypes {
            vars.extend(r.expr.support());
        }
        vars.sort_unstable();
        vars.dedup();
        vars
    }

    /// Labels an attractor of the network these phenotypes were bound to.
    ///
    /// Under [`CycleLabels::States`] (the default) an attractor with several listed states is
    /// labelled state by state (see [`Classification::label`]); the other fields below are
    /// always computed from the activities.
    ///
    /// Group activities, label rules and flags read only `attractor.activity`; simple
    /// phenotypes are evaluated on every state in `attractor.states`. When the states are not
    /// stored (an attractor of more than [`crate::attractor::MAX_STORED_STATES`] states), a
    /// simple phenotype is decided from the pattern where the fixed variables decide it, and is
    /// reported as oscillating otherwise.
    ///
    /// # Panics
    /// If the attractor does not have one activity per variable of the network.
    pub fn classify(&self, attractor: &Attractor) -> Classification {
        let n = self.names.len();
        assert_eq!(
            attractor.activity.len(),
            n,
            "the attractor does not belong to the network the phenotypes were bound to"
        );
        let act = &attractor.activity;
        let mut scratch = Vec::new();
        let whole = self.parts(act, &mut scratch, |expr, scratch| {
            holds(expr, attractor, scratch)
        });
        let per_state = self.cycles == CycleLabels::States
            && attractor.states.len() > 1
            && attractor.is_listed();
        let mut state_labels: Vec<(String, f64)> = Vec::new();
        let label = if per_state {
            // A state's label depends only on the variables the file reads: label each distinct
            // valuation of those once (a complex attractor's states share a few of them; labelling
            // every state afresh was most of a screen's time on the showcase).
            let read = self.label_variables();
            let mut seen: HashMap<Vec<u64>, usize> = HashMap::new();
            let mut labels: Vec<(String, usize)> = Vec::new();
            let mut bits = vec![0.0; n];
            let mut key = vec![0u64; read.len().div_ceil(64)];
            // Up to 64 variables the key is the state's word masked to the variables read.
            let read_mask = (n <= 64).then(|| read.iter().fold(0u64, |m, v| m | 1 << v.index()));
            for state in &attractor.states {
                if let Some(mask) = read_mask {
                    key.resize(1, 0);
                    key[0] = state.to_bits() & mask;
                } else {
                    key.iter_mut().for_each(|w| *w = 0);
                    for (j, v) in read.iter().enumerate() {
                        if state.get(*v) {
                            key[j / 64] |= 1 << (j % 64);
                        }
                    }
                }
                let at = match seen.get(&key) {
                    Some(&at) => at,
                    None => {
                        for (i, b) in bits.iter_mut().enumerate() {
                            *b = if state.get(VarId::new(i)) { 1.0 } else { 0.0 };
                        }
                        let one = self.parts(&bits, &mut scratch, |expr, scratch| {
                            if expr.eval_with(scratch, |v| state.get(v)) {
                                Holds::All
                            } else {
                                Holds::None
                            }
                        });
                        let at = labels
                            .iter()
                            .position(|(l, _)| *l == one.label)
                            .unwrap_or_else(|| {
                                labels.push((one.label, 0));
                                labels.len() - 1
                            });
                        seen.insert(key.clone(), at);
                        at
                    }
                };
                labels[at].1 += 1;
            }
            let counts: std::collections::BTreeMap<String, usize> = labels.into_iter().collect();
            let total = attractor.states.len() as f64;
            state_labels = counts
                .into_iter()
                .map(|(l, c)| (l, c as f64 / total))
                .collect();
            if state_labels.len() == 1 {
                state_labels[0].0.clone()
            } else {
                let names: Vec<&str> = state_labels.iter().map(|(l, _)| l.as_str()).collect();
                format!("OSC({})", names.join("|"))
            }
        } else {
            whole.label.clone()
        };
        Classification {
            label,
            state_labels,
            rules: whole.rules,
            phenotypes: whole.phenotypes,
            oscillating_phenotypes: whole.oscillating_phenotypes,
            flags: whole.flags,
            group_activity: self
                .groups
                .iter()
                .zip(&whole.group_activity)
                .map(|(g, &a)| (g.name.clone(), a))
                .collect(),
            group_score: self
                .groups
                .iter()
                .map(|g| {
                    let sum: f64 = g.members.iter().map(|m| act[m.index()]).sum();
                    (g.name.clone(), sum / g.members.len().max(1) as f64)
                })
                .collect(),
            active_groups: self
                .groups
                .iter()
                .zip(&whole.group_activity)
                .filter(|(_, a)| **a >= self.threshold)
                .map(|(g, _)| g.name.clone())
                .collect(),
            oscillating: self
                .markers
                .iter()
                .filter(|m| act[m.index()] > 0.0 && act[m.index()] < 1.0)
                .map(|m| self.names[m.index()].clone())
                .collect(),
        }
    }

    /// The label and its parts from activities `act` (one per variable), with simple phenotypes
    /// decided by `phenotype`.
    fn parts(
        &self,
        act: &[f64],
        scratch: &mut Vec<bool>,
        phenotype: impl Fn(&Expr, &mut Vec<bool>) -> Holds,
    ) -> Parts {
        let group_activity: Vec<f64> = self
            .groups
            .iter()
            .map(|g| g.members.iter().map(|m| act[m.index()]).fold(0.0, f64::max))
            .collect();
        let g = self.groups.len();
        let signal = |s: VarId| {
            let i = s.index();
            if i < g {
                group_activity[i] >= self.threshold
            } else {
                act[i - g] >= self.threshold
            }
        };
        let rules: Vec<String> = self
            .labels
            .iter()
            .filter(|r| r.expr.eval_with(scratch, signal))
            .map(|r| r.name.clone())
            .collect();
        let flags: Vec<String> = self
            .flags
            .iter()
            .filter(|r| r.expr.eval_with(scratch, signal))
            .map(|r| r.name.clone())
            .collect();
        let mut phenotypes = Vec::new();
        let mut oscillating_phenotypes = Vec::new();
        for r in &self.phenotypes {
            match phenotype(&r.expr, scratch) {
                Holds::All => phenotypes.push(r.name.clone()),
                Holds::Some => oscillating_phenotypes.push(r.name.clone()),
                Holds::None => {}
            }
        }
        let mut parts: Vec<String> = rules.clone();
        parts.extend(phenotypes.iter().cloned());
        parts.extend(oscillating_phenotypes.iter().map(|p| format!("osc({p})")));
        let mut label = if parts.is_empty() {
            self.default_label.clone()
        } else {
            parts.join("/")
        };
        for f in &flags {
            label.push('+');
            label.push_str(f);
        }
        Parts {
            label,
            rules,
            phenotypes,
            oscillating_phenotypes,
            flags,
            group_activity,
        }
    }

    /// Labels every attractor of an exploration, in its order.
    pub fn classify_all(&self, exploration: &Exploration) -> Vec<Classification> {
        exploration
            .attractors
            .iter()
            .map(|a| self.classify(a))
            .collect()
    }

    /// The phenotype distribution of an exploration: per label, the share of the explored space
    /// its attractors stand for, and how many attractors carry it.
    pub fn distribution(&self, exploration: &Exploration) -> Distribution {
        let labels: Vec<String> = exploration
            .attractors
            .iter()
            .map(|a| self.classify(a).label)
            .collect();
        Distribution::from_labels(exploration, &labels)
    }
}

fn holds(expr: &Expr, attractor: &Attractor, scratch: &mut Vec<bool>) -> Holds {
    // A state list cut short (explorers list at most some states of large complex attractors)
    // cannot decide the expression; the pattern can, where it fixes the expression's variables.
    if !attractor.is_listed() {
        let p = &attractor.pattern.0;
        return match expr.restrict(|v| p[v.index()]).as_constant() {
            Some(true) => Holds::All,
            Some(false) => Holds::None,
            None => Holds::Some,
        };
    }
    let mut yes = 0usize;
    for s in &attractor.states {
        yes += usize::from(expr.eval_with(scratch, |v| s.get(v)));
    }
    if yes == attractor.states.len() {
        Holds::All
    } else if yes == 0 {
        Holds::None
    } else {
        Holds::Some
    }
}

#[cfg(test)]
mod tests {
    use crate::phenotype::PhenotypeSpec;
    use crate::phenotype::test_support::{attractor, net};

    #[test]
    fn labels_follow_rules_phenotypes_and_flags() {
        let spec = PhenotypeSpec::from_toml_str(
            r#"
            cycles = "activity"
            default = "M0"
            [groups]
            G = ["B", "D"]
            H = ["C"]
            [labels]
            Gon = "G & !H"
            both = "G & H"
            [flags]
            X = "D"
            [phenotypes]
            P = "A & C"
            "#,
        )
        .unwrap();
        let p = spec.bind(&net()).unwrap();
        // A=1, B=1, C oscillates, D follows.
        let a = attractor(&["1100", "1111"], 8);
        let c = p.classify(&a);
        assert_eq!(c.rules, ["both"]);
        assert_eq!(c.oscillating_phenotypes, ["P"]);
        assert_eq!(c.flags, ["X"]);
        assert_eq!(c.label, "both/osc(P)+X");
        assert_eq!(c.oscillating, ["D", "C"]);
        assert_eq!(c.group_activity, [("G".into(), 1.0), ("H".into(), 0.5)]);
        let z = attractor(&["0000"], 8);
        assert_eq!(p.classify(&z).label, "M0");
        // State by state: 1100 is Gon, 1111 is both, has P and the flag.
        let states = PhenotypeSpec::from_toml_str(&spec_text("states")).unwrap();
        let c = states.bind(&net()).unwrap().classify(&a);
        assert_eq!(c.label, "OSC(Gon|both/P+X)");
        assert_eq!(
            c.state_labels,
            [("Gon".to_string(), 0.5), ("both/P+X".to_string(), 0.5)]
        );
    }

    fn spec_text(cycles: &str) -> String {
        format!(
            "cycles = \"{cycles}\"\ndefault = \"M0\"\n[groups]\nG = [\"B\", \"D\"]\nH = [\"C\"]\n\
             [labels]\nGon = \"G & !H\"\nboth = \"G & H\"\n[flags]\nX = \"D\"\n[phenotypes]\nP = \"A & C\"\n"
        )
    }
}
