//! Evaluating expectation statements: each statement is expanded into its cases (condition ×
//! update scheme), every case is explored (through a callback, so the caller chooses engines and
//! limits; identical explorations are shared between statements), and the claim is checked on
//! the attractors. A failure names the condition, update, perturbation and the attractor that
//! contradicts the claim, with its pattern and label.

use super::{
    Claim, ConditionSelector, CountKind, DEFAULT_TOLERANCE, NodeState, ProtocolClaim, Quantifier,
    ShiftClaim, Statement, label_matches,
};
use crate::attractor::{AttractorKind, Exploration, UpdateScheme};
use crate::condition::{Condition, ConditionFilter, all_conditions, find};
use crate::engine::Explorer;
use crate::error::{Error, NameKind};
use crate::expr::Expr;
use crate::network::{Network, VarId};
use crate::parse::parse_expression;
use crate::perturb::perturbation_name;
use crate::perturb::{Perturbation, parse_perturbations};
use crate::phenotype::{Classification, PhenotypeSpec, Phenotypes};
use crate::trajectory::{Start, protocol_with};
use hashbrown::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What statements are checked against.
pub struct Context<'a> {
    network: &'a Network,
    spec: Option<&'a PhenotypeSpec>,
    phenotypes: Option<&'a Phenotypes>,
    named: &'a [Condition],
    explorer: &'a dyn Explorer,
    cache: Mutex<HashMap<CaseKey, Arc<Labelled>>>,
    /// Explorations shared with the contexts of other variants of the same model.
    shared: Option<Sharing<'a>>,
}

/// A case: the fixed values (sorted), the update scheme and the start as written (`None`: a
/// uniformly random state).
type CaseKey = (Vec<(VarId, bool)>, UpdateScheme, Option<String>);

/// An exploration with its labels (empty without phenotypes).
pub(super) struct Labelled {
    exploration: Exploration,
    labels: Vec<Classification>,
}

/// A context's access to the explorations shared between variants
/// ([`super::variants::SharedExplorations`]): the store and the variant's index in it.
pub(super) struct Sharing<'a> {
    pub(super) store: &'a super::variants::SharedExplorations<'a>,
    pub(super) variant: usize,
}

impl<'a> Context<'a> {
    /// A context for `network`, with optional phenotypes (spec and its binding to the network),
    /// the named conditions, and the explorer (usually [`crate::engine::EngineOptions`]).
    pub fn new(
        network: &'a Network,
        phenotypes: Option<(&'a PhenotypeSpec, &'a Phenotypes)>,
        named: &'a [Condition],
        explorer: &'a dyn Explorer,
    ) -> Context<'a> {
        Context {
            network,
            spec: phenotypes.map(|p| p.0),
            phenotypes: phenotypes.map(|p| p.1),
            named,
            explorer,
            cache: Mutex::new(HashMap::new()),
            shared: None,
        }
    }

    /// The context with explorations shared through `sharing` (cases without a start only).
    pub(super) fn sharing(mut self, sharing: Sharing<'a>) -> Context<'a> {
        self.shared = Some(sharing);
        self
    }

    fn run(&self, fixed: &[(VarId, bool)], update: UpdateScheme) -> Result<Arc<Labelled>, Error> {
        self.run_from(fixed, update, None)
    }

    /// The case explored from `start` (its text and the start it stands for); with a start
    /// only the attractors reached from it (probability above [`DEFAULT_TOLERANCE`]) are kept.
    fn run_from(
        &self,
        fixed: &[(VarId, bool)],
        update: UpdateScheme,
        start: Option<(&str, &Start)>,
    ) -> Result<Arc<Labelled>, Error> {
        let mut key: Vec<(VarId, bool)> = fixed.to_vec();
        key.sort();
        let key = (key, update, start.map(|(text, _)| text.to_string()));
        if let Some(hit) = self.cache.lock().expect("cache lock").get(&key) {
            return Ok(hit.clone());
        }
        // Another variant's exploration of this case, when it is provably the same.
        let shared = match (&self.shared, start) {
            (Some(s), None) => s.store.key(s.variant, &key.0, update),
            _ => None,
        };
        if let Some((group, shared_key)) = &shared
            && let Some(hit) = self
                .shared
                .as_ref()
                .and_then(|s| s.store.get(group, shared_key))
        {
            self.cache
                .lock()
                .expect("cache lock")
                .insert(key, hit.clone());
            return Ok(hit);
        }
        let labelled = match start {
            None => self.label(self.explorer.explore(self.network, &key.0, update)?),
            Some((_, start)) => {
                let mut exploration =
                    self.explorer
                        .explore_from(self.network, &key.0, update, start)?;
                crate::screen::require_shares(&exploration)?;
                let explored = exploration.explored_states.clone();
                exploration.attractors.retain(|a| {
                    a.basin
                        .share(&explored)
                        .is_some_and(|p| p > DEFAULT_TOLERANCE)
                });
                self.label(exploration)
            }
        };
        let labelled = Arc::new(labelled);
        if let (Some(s), Some((group, shared_key))) = (&self.shared, shared) {
            s.store
                .insert(s.variant, group, shared_key, labelled.clone());
        }
        self.cache
            .lock()
            .expect("cache lock")
            .insert(key, labelled.clone());
        Ok(labelled)
    }

    fn label(&self, exploration: Exploration) -> Labelled {
        let labels = match self.phenotypes {
            Some(p) => p.classify_all(&exploration),
            None => Vec::new(),
        };
        Labelled {
            exploration,
            labels,
        }
    }

    /// The start a statement's `start` text names: a state, a pattern or assignments
    /// ([`Start::parse`]), or `LABEL@CONDITION`, the attractors labelled LABEL when the
    /// unperturbed network settles under the named CONDITION from a uniformly random state
    /// (under `update`), each weighted by its share.
    fn start(&self, text: &str, update: UpdateScheme) -> Result<Start, Error> {
        let parsed = Start::parse(self.network, text);
        let (Err(_), Some((label, condition))) = (&parsed, text.rsplit_once('@')) else {
            return parsed.map_err(|e| e.in_context("start"));
        };
        if self.phenotypes.is_none() {
            return Err(Error::Invalid(format!(
                "start '{text}' names a label: it needs a phenotype file"
            )));
        }
        let condition = find(self.named, condition)?;
        let l = self.run(condition.fixed(), update)?;
        crate::screen::require_shares(&l.exploration)?;
        let weights: Vec<f64> = l
            .exploration
            .attractors
            .iter()
            .zip(&l.labels)
            .map(|(a, c)| match c.label == label {
                true => a.basin.share(&l.exploration.explored_states).unwrap_or(0.0),
                false => 0.0,
            })
            .collect();
        if weights.iter().all(|w| *w <= 0.0) {
            return Err(Error::Invalid(format!(
                "start '{text}': no attractor is labelled '{label}' under {} (labels: {})",
                condition.name,
                sorted_labels(&l).join(", ")
            )));
        }
        Start::from_attractors(
            format!("the {label} attractors under {}", condition.name),
            &l.exploration,
            &weights,
        )
    }
}

/// One contradiction of a claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Counterexample {
    /// The condition (name and the inputs it sets).
    pub condition: String,
    /// The update scheme.
    pub update: UpdateScheme,
    /// The perturbation (`none` when there is none).
    pub perturbation: String,
    /// What is wrong, in words (includes the attractor's kind, pattern and label when one
    /// attractor is at fault).
    pub detail: String,
}

/// The result of checking one statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The statement's name.
    pub name: String,
    /// Whether the claim holds in every case.
    pub passed: bool,
    /// Cases checked (conditions × update schemes).
    pub cases: usize,
    /// Wall time spent on this statement, in seconds (explorations shared with earlier
    /// statements are not counted twice).
    pub seconds: f64,
    /// The counterexamples, in case order (at most [`MAX_COUNTEREXAMPLES`]).
    pub counterexamples: Vec<Counterexample>,
    /// Counterexamples found in all (may exceed the ones listed).
    pub num_counterexamples: usize,
}

/// The most counterexamples an outcome lists.
pub const MAX_COUNTEREXAMPLES: usize = 5;

fn needs_labels(claim: &Claim) -> bool {
    matches!(
        claim,
        Claim::Label(..)
            | Claim::Shift(..)
            | Claim::Agree
            | Claim::Labels(..)
            | Claim::Protocol(..)
    )
}

/// Checks that every part of a label pattern (split at `+` and `/`, `*` removed) can occur:
/// a label rule, a simple phenotype (or `osc(...)` of one), a flag or the default label.
fn validate_label(spec: &PhenotypeSpec, pattern: &str) -> Result<(), String> {
    let mut known: Vec<String> = spec.label_names().iter().map(|s| s.to_string()).collect();
    known.extend(spec.flag_names().iter().map(|s| s.to_string()));
    known.extend(spec.phenotype_names().iter().map(|s| s.to_string()));
    known.extend(spec.phenotype_names().iter().map(|s| format!("osc({s})")));
    known.push(spec.default_label().to_string());
    // The pattern's own text, without the words that say how it matches (`part:`, `+any`).
    let text = pattern.trim();
    let text = text.strip_prefix("part:").unwrap_or(text);
    let text = text.strip_suffix("+any").unwrap_or(text);
    // An oscillating attractor's label is `OSC(L1|L2)`: its parts are those of L1 and L2.
    for part in text.split(['+', '/', '(', ')', '|']) {
        let part = part.replace('*', "");
        if part.is_empty() || part == "OSC" {
            continue;
        }
        if !known.iter().any(|k| {
            if pattern.contains('*') {
                k.contains(&part)
            } else {
                *k == part
            }
        }) {
            return Err(format!(
                "label '{pattern}': '{part}' is no label, phenotype or flag of the phenotype file"
            ));
        }
    }
    Ok(())
}

/// The conditions a statement covers.
fn conditions(ctx: &Context<'_>, selector: &ConditionSelector) -> Result<Vec<Condition>, Error> {
    let net = ctx.network;
    let inputs_of =
        |map: &std::collections::BTreeMap<String, bool>| -> Result<Vec<(VarId, bool)>, Error> {
            map.iter()
                .map(|(name, &b)| match net.find(name) {
                    Some(v) if net.is_input(v) => Ok((v, b)),
                    Some(_) => Err(Error::Invalid(format!(
                        "'{name}' is not an input; conditions set inputs only"
                    ))),
                    None => Err(Error::unknown_name(
                        NameKind::Node,
                        name,
                        net.names().iter().map(String::as_str),
                    )),
                })
                .collect()
        };
    match selector {
        ConditionSelector::Named(names) => {
            names.iter().map(|n| find(ctx.named, n).cloned()).collect()
        }
        ConditionSelector::Explicit(maps) => maps
            .iter()
            .map(|m| Ok(Condition::from_inputs(net, &inputs_of(m)?)))
            .collect(),
        ConditionSelector::All => all_conditions(net),
        ConditionSelector::Filter(map) => {
            let filter = ConditionFilter::new(inputs_of(map)?);
            Ok(filter
                .apply(&all_conditions(net)?)
                .into_iter()
                .cloned()
                .collect())
        }
    }
}

fn fixed(condition: &Condition, perturbation: &[Perturbation]) -> Vec<(VarId, bool)> {
    let mut f: Vec<(VarId, bool)> = condition
        .fixed()
        .iter()
        .filter(|(v, _)| !perturbation.iter().any(|p| p.var == *v))
        .copied()
        .collect();
    f.extend(perturbation.iter().map(|p| (p.var, p.value)));
    f
}

fn describe_attractor(l: &Labelled, i: usize) -> String {
    let a = &l.exploration.attractors[i];
    let kind = match a.kind {
        AttractorKind::FixedPoint => "fixed point".to_string(),
        k => format!("{} of {} states", k.as_str(), a.num_states),
    };
    match l.labels.get(i) {
        Some(c) => {
            let scores: Vec<String> = c
                .group_score
                .iter()
                .map(|(g, x)| format!("{g} {x:.2}"))
                .collect();
            let states: Vec<String> = c
                .state_labels
                .iter()
                .map(|(l, x)| format!("{l} {x:.2}"))
                .collect();
            let states = if states.is_empty() {
                String::new()
            } else {
                format!(", states {}", states.join(", "))
            };
            format!(
                "attractor #{} ({kind}, label {}{states}, scores {}, pattern {})",
                i + 1,
                c.label,
                scores.join(", "),
                a.pattern
            )
        }
        None => format!("attractor #{} ({kind}, pattern {})", i + 1, a.pattern),
    }
}

fn holds_everywhere(expr: &Expr, l: &Labelled, i: usize) -> Option<bool> {
    let a = &l.exploration.attractors[i];
    if !a.is_listed() {
        // Not every state is stored; the pattern decides when it fixes the expression.
        return expr.restrict(|v| a.pattern.0[v.index()]).as_constant();
    }
    let mut scratch = Vec::new();
    Some(
        a.states
            .iter()
            .all(|s| expr.eval_with(&mut scratch, |v| s.get(v))),
    )
}

/// The summed share of the attractors whose label matches `pattern`, with the summed hits and
/// samples when the shares were estimated (sampling, random walks).
fn share_matching(l: &Labelled, pattern: &str) -> (f64, Option<(u64, u64)>) {
    let mut estimate: Option<(u64, u64)> = None;
    let share = l
        .exploration
        .attractors
        .iter()
        .zip(&l.labels)
        .filter(|(_, c)| {
            pattern
                .split(',')
                .any(|p| label_matches(p.trim(), &c.label))
        })
        .map(|(a, _)| {
            if let Some(e) = a.basin.estimate() {
                let (hits, samples) = estimate.unwrap_or((0, 0));
                estimate = Some((hits + e.hits, samples.max(e.samples)));
            }
            a.basin
                .share(&l.exploration.explored_states)
                .unwrap_or(f64::NAN)
        })
        // `+ 0.0` turns the empty sum's -0.0 into 0.0 for printing.
        .sum::<f64>()
        + 0.0;
    (share, estimate)
}

fn sorted_labels(l: &Labelled) -> Vec<String> {
    let mut v: Vec<String> = l.labels.iter().map(|c| c.label.clone()).collect();
    v.sort();
    v
}

/// Checks one statement.
///
/// # Errors
/// [`Error::InStatement`] (naming the statement, around the typed error) when it refers to an
/// unknown condition, node, label or perturbation target, or needs phenotypes that were not
/// given; any error of the explore callback.
pub fn check(statement: &Statement, ctx: &Context<'_>) -> Result<Outcome, Error> {
    let started = Instant::now();
    let mut counterexamples = Vec::new();
    let named = |e: Error| Error::InStatement {
        statement: statement.name.clone(),
        source: Box::new(e),
    };
    let net = ctx.network;
    if needs_labels(&statement.claim) && ctx.phenotypes.is_none() {
        return Err(named(Error::Invalid(
            "this claim needs a phenotype file (labels)".into(),
        )));
    }
    if let (Some(spec), Claim::Label(_, p)) = (ctx.spec, &statement.claim) {
        validate_label(spec, p).map_err(|m| named(Error::Invalid(m)))?;
    }
    if let (Some(spec), Claim::Shift(list, _)) = (ctx.spec, &statement.claim) {
        for p in list.split(',') {
            validate_label(spec, p.trim()).map_err(|m| named(Error::Invalid(m)))?;
        }
    }
    if let (Some(spec), Claim::Labels(list)) = (ctx.spec, &statement.claim) {
        for p in list {
            validate_label(spec, p).map_err(|m| named(Error::Invalid(m)))?;
        }
    }
    if let (Some(spec), Claim::Protocol(p)) = (ctx.spec, &statement.claim) {
        let patterns = p.shares.iter().flat_map(|(l, _)| l.split(','));
        for pattern in p.ends.iter().map(String::as_str).chain(patterns) {
            validate_label(spec, pattern.trim()).map_err(|m| named(Error::Invalid(m)))?;
        }
    }
    let perturbation = parse_perturbations(net, &statement.perturb).map_err(named)?;
    let pname = perturbation_name(net, &perturbation);
    // The start, resolved once per update scheme (a label's attractors depend on it).
    let mut starts: Vec<(UpdateScheme, Start)> = Vec::new();
    if let Some(text) = &statement.start {
        // An `agree` statement's updates are both schemes (set when it is read).
        for &update in &statement.updates {
            if !starts.iter().any(|(u, _)| *u == update) {
                starts.push((update, ctx.start(text, update).map_err(named)?));
            }
        }
    }
    let start_for = |update: UpdateScheme| -> Option<(&str, &Start)> {
        let text = statement.start.as_deref()?;
        starts
            .iter()
            .find(|(u, _)| *u == update)
            .map(|(_, s)| (text, s))
    };
    if let Claim::Protocol(claim) = &statement.claim {
        return check_protocol(statement, claim, ctx, &perturbation, &pname, &start_for)
            .map(|(cases, counterexamples)| finish(statement, started, cases, counterexamples));
    }
    let conditions = conditions(ctx, &statement.conditions).map_err(named)?;
    let expr = match &statement.claim {
        Claim::Satisfies(_, text) => Some(parse_expression(net, text).map_err(named)?),
        _ => None,
    };
    let nodes: Vec<VarId> = match &statement.claim {
        Claim::Node(_, names) => names
            .iter()
            .map(|n| {
                net.find(n).ok_or_else(|| {
                    named(Error::unknown_name(
                        NameKind::Node,
                        n,
                        net.names().iter().map(String::as_str),
                    ))
                })
            })
            .collect::<Result<_, _>>()?,
        _ => Vec::new(),
    };
    let mut cases = 0;
    for condition in &conditions {
        let cname = match condition.describe(net) {
            d if d == condition.name => d,
            d => format!("{} ({d})", condition.name),
        };
        let mut fail = |update: UpdateScheme, detail: String| {
            counterexamples.push(Counterexample {
                condition: cname.clone(),
                update,
                perturbation: pname.clone(),
                detail,
            })
        };
        if statement.claim == Claim::Agree {
            cases += 1;
            let s = ctx.run_from(
                &fixed(condition, &perturbation),
                UpdateScheme::Synchronous,
                start_for(UpdateScheme::Synchronous),
            )?;
            let a = ctx.run_from(
                &fixed(condition, &perturbation),
                UpdateScheme::Asynchronous,
                start_for(UpdateScheme::Asynchronous),
            )?;
            let (ls, la) = (sorted_labels(&s), sorted_labels(&a));
            if ls != la {
                fail(
                    UpdateScheme::Synchronous,
                    format!(
                        "synchronous labels [{}] differ from asynchronous [{}]",
                        ls.join(", "),
                        la.join(", ")
                    ),
                );
            }
            continue;
        }
        for &update in &statement.updates {
            cases += 1;
            let l = ctx.run_from(&fixed(condition, &perturbation), update, start_for(update))?;
            let attractors = &l.exploration.attractors;
            match &statement.claim {
                Claim::Label(q, pattern) => {
                    let matching: Vec<usize> = (0..attractors.len())
                        .filter(|&i| label_matches(pattern, &l.labels[i].label))
                        .collect();
                    match q {
                        Quantifier::Every => {
                            if let Some(i) = (0..attractors.len()).find(|i| !matching.contains(i)) {
                                fail(
                                    update,
                                    format!("{} is not {pattern}", describe_attractor(&l, i)),
                                );
                            }
                        }
                        Quantifier::Some => {
                            if matching.is_empty() {
                                fail(
                                    update,
                                    format!(
                                        "no attractor is {pattern}; labels are [{}]",
                                        sorted_labels(&l).join(", ")
                                    ),
                                );
                            }
                        }
                        Quantifier::No => {
                            if let Some(&i) = matching.first() {
                                fail(
                                    update,
                                    format!("{} is {pattern}", describe_attractor(&l, i)),
                                );
                            }
                        }
                    }
                }
                Claim::Satisfies(q, text) => {
                    let e = expr.as_ref().expect("parsed above");
                    let verdicts: Vec<Option<bool>> = (0..attractors.len())
                        .map(|i| holds_everywhere(e, &l, i))
                        .collect();
                    if let Some(i) = verdicts.iter().position(Option::is_none) {
                        fail(
                            update,
                            format!(
                                "{} lists too few states to decide '{text}'",
                                describe_attractor(&l, i)
                            ),
                        );
                        continue;
                    }
                    let ok: Vec<bool> = verdicts.into_iter().map(|v| v.expect("decided")).collect();
                    match q {
                        Quantifier::Every => {
                            if let Some(i) = ok.iter().position(|&b| !b) {
                                fail(
                                    update,
                                    format!(
                                        "{} does not satisfy '{text}' in all its states",
                                        describe_attractor(&l, i)
                                    ),
                                );
                            }
                        }
                        Quantifier::Some => {
                            if !ok.iter().any(|&b| b) {
                                fail(
                                    update,
                                    format!("no attractor satisfies '{text}' in all its states"),
                                );
                            }
                        }
                        Quantifier::No => {
                            if let Some(i) = ok.iter().position(|&b| b) {
                                fail(
                                    update,
                                    format!(
                                        "{} satisfies '{text}' in all its states",
                                        describe_attractor(&l, i)
                                    ),
                                );
                            }
                        }
                    }
                }
                Claim::Count(kind, lo, hi) => {
                    let n = attractors
                        .iter()
                        .filter(|a| match kind {
                            CountKind::Attractors => true,
                            CountKind::FixedPoints => a.kind == AttractorKind::FixedPoint,
                            CountKind::Cyclic => a.kind != AttractorKind::FixedPoint,
                        })
                        .count() as u64;
                    if n < *lo || n > *hi {
                        let what = match kind {
                            CountKind::Attractors => "attractors",
                            CountKind::FixedPoints => "fixed points",
                            CountKind::Cyclic => "cyclic attractors",
                        };
                        let want = if lo == hi {
                            lo.to_string()
                        } else if *hi == u64::MAX {
                            format!("at least {lo}")
                        } else {
                            format!("{lo} to {hi}")
                        };
                        let labels = if l.labels.is_empty() {
                            String::new()
                        } else {
                            format!(" (labels [{}])", sorted_labels(&l).join(", "))
                        };
                        fail(update, format!("{n} {what}, expected {want}{labels}"));
                    }
                }
                Claim::Node(state, _) => {
                    'outer: for (i, a) in attractors.iter().enumerate() {
                        for &v in &nodes {
                            let act = a.activity[v.index()];
                            let ok = match state {
                                NodeState::On => act == 1.0,
                                NodeState::Off => act == 0.0,
                                NodeState::Oscillating => act > 0.0 && act < 1.0,
                            };
                            if !ok {
                                let want = match state {
                                    NodeState::On => "ON",
                                    NodeState::Off => "OFF",
                                    NodeState::Oscillating => "oscillating",
                                };
                                fail(
                                    update,
                                    format!(
                                        "{} is not {want} in {} (activity {act:.3})",
                                        net.name(v),
                                        describe_attractor(&l, i)
                                    ),
                                );
                                break 'outer;
                            }
                        }
                    }
                }
                Claim::Shift(pattern, claim) => {
                    let wt = ctx.run_from(&fixed(condition, &[]), update, start_for(update))?;
                    crate::screen::require_shares(&wt.exploration)?;
                    crate::screen::require_shares(&l.exploration)?;
                    let ((before, wt_estimate), (after, estimate)) =
                        (share_matching(&wt, pattern), share_matching(&l, pattern));
                    let d = after - before;
                    // Estimated shares (sampling, random walks): the shift's 95 % interval
                    // decides. A claim of a change (positive, negative, at least x) holds when
                    // the whole interval supports it; a claim of no change in some direction
                    // (zero, non-negative, non-positive) holds unless the interval excludes it.
                    // Exact shares: the interval is the shift itself.
                    let shift = crate::phenotype::LabelShift {
                        wild_type: before,
                        perturbed: after,
                        shift: d,
                        wild_type_estimate: wt_estimate,
                        estimate,
                        ..Default::default()
                    };
                    let (lo, hi) = shift.ci95();
                    const EPS: f64 = 1e-9;
                    let ok = match claim {
                        ShiftClaim::Positive => lo > EPS,
                        ShiftClaim::Negative => hi < -EPS,
                        ShiftClaim::Zero => lo <= EPS && hi >= -EPS,
                        ShiftClaim::NonNegative => hi >= -EPS,
                        ShiftClaim::NonPositive => lo <= EPS,
                        ShiftClaim::AtLeast(x) => lo >= x - EPS,
                    };
                    if !ok {
                        let interval = if shift.is_estimated() {
                            format!(" estimated, 95% CI {lo:+.4} to {hi:+.4}")
                        } else {
                            String::new()
                        };
                        fail(
                            update,
                            format!(
                                "{pattern} share {before:.4} → {after:.4} ({d:+.4}{interval}); wild type [{}], perturbed [{}]",
                                sorted_labels(&wt).join(", "),
                                sorted_labels(&l).join(", ")
                            ),
                        );
                    }
                }
                Claim::Labels(expected) => {
                    let got = sorted_labels(&l);
                    let mut want = expected.clone();
                    want.sort();
                    let matches = got.len() == want.len() && {
                        // Every expected pattern matched by a distinct label.
                        let mut used = vec![false; got.len()];
                        want.iter().all(|p| {
                            match (0..got.len()).find(|&k| !used[k] && label_matches(p, &got[k])) {
                                Some(k) => {
                                    used[k] = true;
                                    true
                                }
                                None => false,
                            }
                        })
                    };
                    if !matches {
                        fail(
                            update,
                            format!(
                                "labels are [{}], expected [{}]",
                                got.join(", "),
                                want.join(", ")
                            ),
                        );
                    }
                }
                Claim::Agree | Claim::Protocol(_) => unreachable!("handled above"),
            }
        }
    }
    Ok(finish(statement, started, cases, counterexamples))
}

fn finish(
    statement: &Statement,
    started: Instant,
    cases: usize,
    mut counterexamples: Vec<Counterexample>,
) -> Outcome {
    let num = counterexamples.len();
    counterexamples.truncate(MAX_COUNTEREXAMPLES);
    Outcome {
        name: statement.name.clone(),
        passed: num == 0,
        cases,
        seconds: started.elapsed().as_secs_f64(),
        counterexamples,
        num_counterexamples: num,
    }
}

/// The label shares of an exploration, summed per label, in label order, zeros left out:
/// `M1 0.3711, M2+FIB 0.6289`.
fn label_shares(l: &Labelled) -> String {
    let mut shares: std::collections::BTreeMap<&str, f64> = std::collections::BTreeMap::new();
    for (a, c) in l.exploration.attractors.iter().zip(&l.labels) {
        let p = a.basin.share(&l.exploration.explored_states).unwrap_or(0.0);
        if p > 0.0 {
            *shares.entry(c.label.as_str()).or_default() += p;
        }
    }
    let parts: Vec<String> = shares.iter().map(|(l, p)| format!("{l} {p:.4}")).collect();
    parts.join(", ")
}

/// Checks a protocol claim under each of the statement's update schemes (one case each).
fn check_protocol<'s>(
    statement: &Statement,
    claim: &ProtocolClaim,
    ctx: &Context<'_>,
    perturbation: &[Perturbation],
    pname: &str,
    start_for: &dyn Fn(UpdateScheme) -> Option<(&'s str, &'s Start)>,
) -> Result<(usize, Vec<Counterexample>), Error> {
    let named = |e: Error| Error::Invalid(format!("statement '{}': {e}", statement.name));
    let phenotypes = ctx.phenotypes.expect("checked by needs_labels");
    let steps: Vec<(String, Vec<(VarId, bool)>)> = claim
        .steps
        .iter()
        .map(|n| find(ctx.named, n).map(|c| (c.name.clone(), fixed(c, perturbation))))
        .collect::<Result<_, _>>()
        .map_err(named)?;
    let path: Vec<&str> = steps.iter().map(|(n, _)| n.as_str()).collect();
    let path = path.join(" → ");
    let mut counterexamples = Vec::new();
    let mut cases = 0;
    for &update in &statement.updates {
        cases += 1;
        let start = start_for(update);
        let run = protocol_with(
            ctx.network,
            &steps,
            start.map(|s| s.1),
            update,
            ctx.explorer,
        )?;
        let mut history: Vec<String> = Vec::with_capacity(run.len());
        let mut last = None;
        for (k, step) in run.into_iter().enumerate() {
            let labels = phenotypes.classify_all(&step.exploration);
            let l = Labelled {
                exploration: step.exploration,
                labels,
            };
            history.push(format!(
                "step {} {}: {}",
                k + 1,
                step.condition,
                label_shares(&l)
            ));
            last = Some(l);
        }
        let l = last.expect("a protocol has a step");
        let condition = match start {
            Some((text, _)) => format!("protocol {path} from {text}"),
            None => format!("protocol {path}"),
        };
        let mut fail = |detail: String| {
            counterexamples.push(Counterexample {
                condition: condition.clone(),
                update,
                perturbation: pname.to_string(),
                detail: format!("{detail} ({})", history.join("; ")),
            })
        };
        let explored = &l.exploration.explored_states;
        if let Some(pattern) = &claim.ends {
            let wrong = (0..l.exploration.attractors.len()).find(|&i| {
                let p = l.exploration.attractors[i].basin.share(explored);
                p.is_some_and(|p| p > claim.tolerance)
                    && !label_matches(pattern, &l.labels[i].label)
            });
            if let Some(i) = wrong {
                let p = l.exploration.attractors[i]
                    .basin
                    .share(explored)
                    .unwrap_or(0.0);
                fail(format!(
                    "the cell ends in {} with probability {p:.4}, not {pattern}",
                    describe_attractor(&l, i)
                ));
            }
        }
        for (pattern, want) in &claim.shares {
            // Protocols are explored exactly (the explicit engine), so no estimate comes back.
            let (got, _) = share_matching(&l, pattern);
            if (got - want).abs() > claim.tolerance {
                fail(format!(
                    "{pattern} share after the last step is {got:.6}, expected {want} (± {})",
                    claim.tolerance
                ));
            }
        }
    }
    Ok((cases, counterexamples))
}
