//! Expectations over model variants: the statement × variant table of `basin test` with model
//! variants (whole model files or patch files replacing some rules) and with the single-edit
//! mutants of the model ([`single_edit_mutants`], the edits of [`crate::expr::Edit`]).
//!
//! Every variant is checked against every statement exactly as [`super::check::check`] checks
//! the model itself: the phenotype file and the named conditions are bound to each variant's
//! network, and explorations are shared between the statements of one variant. Variants run in
//! parallel (rayon); the table's order is the order of the variants given, so the result never
//! depends on the number of threads.
//!
//! **Explorations shared between variants** (`SharedExplorations`). Two networks that differ
//! in one rule can differ in every exploration, but not in a case (fixed values, update) where
//! the differing rules read the same once the fixed values are substituted: the engines see a
//! network only through [`crate::reduce::Reduction`], that is through every free variable's
//! rule with the fixed values substituted and folded ([`Expr::restrict`]) and through which
//! variables are fixed or constant, so equal restricted rules give the same exploration, byte
//! for byte. A mutant of `T` thus reuses the model's exploration wherever `T` is fixed
//! (perturbed, or an input of the condition) or its rule folds to the model's (`TGFB_EX |
//! MATRIX_TGFB | (TGFB1 & !SMAD7)` is `1` in either when `TGFB_EX = 1`), and two mutants of `T`
//! share theirs where their restricted rules coincide. Cases with a start are not shared (the
//! start itself is found in each variant).

use super::Statement;
use super::check::{Context, Labelled, Sharing, check};
use crate::attractor::UpdateScheme;
use crate::condition::ConditionFile;
use crate::engine::Explorer;
use crate::error::{Error, ParseError, ParseErrorKind, Span};
use crate::expr::{Edit, Expr, Node};
use crate::network::{Network, VarId, VarKind};
use crate::parse::parse_expression;
use crate::phenotype::PhenotypeSpec;
use hashbrown::HashMap;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A model variant: a network with the same statements to meet.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Its short name (a file stem, or a mutant's name such as `TGFBR:-SMAD7`).
    pub name: String,
    /// What it changes, in words (the replaced rules, or the edit and the new rule).
    pub description: String,
    /// The network.
    pub network: Network,
}

impl Variant {
    /// A variant of `base` from a patch: lines `NAME, rule` (bnet syntax) each replacing the
    /// rule of an existing node; blank lines, `#` comments and a `targets, factors` header are
    /// skipped. A node may be replaced once.
    ///
    /// # Errors
    /// A [`ParseError`] at the offending line: a line without a comma, a name that is not a node
    /// of `base`, a node replaced twice, or a rule that does not parse.
    pub fn from_patch(base: &Network, name: &str, text: &str) -> Result<Variant, ParseError> {
        let mut network = base.clone();
        let mut replaced: Vec<VarId> = Vec::new();
        let mut description = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |m: String| {
                ParseError::new(ParseErrorKind::Invalid(m), Span::new(i + 1, 1, raw.len()))
                    .attach_source(text)
            };
            let Some((target, rule)) = line.split_once(',') else {
                return Err(at("a patch line is 'NAME, rule'".into()));
            };
            let target = target.trim();
            if target == "targets" && rule.trim() == "factors" {
                continue;
            }
            let Some(var) = base.find(target) else {
                let hint = crate::error::closest(target, base.names().iter().map(String::as_str))
                    .map(|c| format!("; did you mean '{c}'?"))
                    .unwrap_or_default();
                return Err(at(format!("'{target}' is not a node of the model{hint}")));
            };
            if replaced.contains(&var) {
                return Err(at(format!("'{target}' is replaced twice")));
            }
            let function = parse_expression(base, rule.trim()).map_err(|e| at(e.to_string()))?;
            network = network.with_function(var, function);
            replaced.push(var);
            description.push(format!("{target}, {}", rule.trim()));
        }
        if replaced.is_empty() {
            return Err(ParseError::whole_file(ParseErrorKind::Invalid(
                "the patch replaces no rule".into(),
            )));
        }
        Ok(Variant {
            name: name.to_string(),
            description: description.join("; "),
            network,
        })
    }

    /// A variant that is a whole network of its own.
    pub fn whole(name: &str, network: Network) -> Variant {
        Variant {
            name: name.to_string(),
            description: "whole model".to_string(),
            network,
        }
    }
}

/// Every single-edit mutant of `base` (see [`crate::expr::Edit`] for the edits): for each
/// variable in file order that is neither an input (`X, X`) nor a constant, the edits of its
/// rule in [`crate::expr::Expr::single_edits`] order. Inputs are left alone because they are
/// the conditions. Names: `T:-R` (edge R → T deleted), `T:&|k` (the k-th binary operator of T's
/// rule, in arena order, swapped), `T:~R` (a literal of R negated; `#k` for R's k-th literal).
pub fn single_edit_mutants(base: &Network) -> Vec<Variant> {
    let mut out = Vec::new();
    for var in base.vars() {
        let f = base.function(var);
        if base.is_input(var) || f.as_constant().is_some() {
            continue;
        }
        let target = base.name(var);
        let name_of = |v: VarId| base.name(v).to_string();
        let mut operators = 0;
        let mut literals: Vec<(VarId, usize)> = Vec::new();
        let sites = f.literal_sites();
        for edit in f.single_edits() {
            let name = match edit {
                Edit::DeleteEdge { regulator } => format!("{target}:-{}", base.name(regulator)),
                Edit::FlipOperator { node } => {
                    operators += 1;
                    let op = match f.nodes()[node as usize] {
                        Node::And(..) => "&>|",
                        _ => "|>&",
                    };
                    format!("{target}:{op}{operators}")
                }
                Edit::FlipSign { node } => {
                    let (r, _) = f.literal(node).expect("a literal site");
                    let count = sites
                        .iter()
                        .filter(|&&s| f.literal(s).map(|l| l.0) == Some(r))
                        .count();
                    let k = match literals.iter_mut().find(|(v, _)| *v == r) {
                        Some((_, k)) => {
                            *k += 1;
                            *k
                        }
                        None => {
                            literals.push((r, 1));
                            1
                        }
                    };
                    if count > 1 {
                        format!("{target}:~{}#{k}", base.name(r))
                    } else {
                        format!("{target}:~{}", base.name(r))
                    }
                }
            };
            let edited = f.edited(edit);
            let what = match edit {
                Edit::DeleteEdge { regulator } => {
                    format!("delete {} -> {target}", name_of(regulator))
                }
                Edit::FlipOperator { node } => format!(
                    "swap the operator of ({})",
                    f.subexpression(node).to_bnet(name_of)
                ),
                Edit::FlipSign { node } => {
                    format!("negate {}", f.subexpression(node).to_bnet(name_of))
                }
            };
            out.push(Variant {
                name,
                description: format!("{what}: {target}, {}", edited.to_bnet(name_of)),
                network: base.with_function(var, edited),
            });
        }
    }
    out
}

/// One cell of the table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// The statement holds in the variant.
    Pass,
    /// It fails; the first counterexample, in words.
    Fail(String),
    /// It could not be checked in the variant (a node, label or condition it names is missing,
    /// or an exploration was refused); the error, in words.
    Error(String),
}

impl Cell {
    /// Whether the statement holds.
    pub fn passed(&self) -> bool {
        *self == Cell::Pass
    }
}

/// The statement × variant table.
#[derive(Clone, Debug)]
pub struct Table {
    /// The statements' names, in file order.
    pub statements: Vec<String>,
    /// The variants' names and descriptions, in the order given.
    pub variants: Vec<(String, String)>,
    /// `cells[v][s]`: statement `s` in variant `v`.
    pub cells: Vec<Vec<Cell>>,
}

impl Table {
    /// The cell of statement `s` in variant `v`.
    pub fn cell(&self, s: usize, v: usize) -> &Cell {
        &self.cells[v][s]
    }

    /// How many of the variants `range` meet statement `s`.
    pub fn holds_in(&self, s: usize, range: std::ops::Range<usize>) -> usize {
        range.filter(|&v| self.cells[v][s].passed()).count()
    }

    /// The variants of `range` in which statement `s` does not hold, in order.
    pub fn broken_by(&self, s: usize, range: std::ops::Range<usize>) -> Vec<usize> {
        range.filter(|&v| !self.cells[v][s].passed()).collect()
    }
}

/// What every variant is checked against.
pub struct Suite<'a> {
    /// The statements.
    pub statements: &'a [Statement],
    /// The phenotype file (bound to each variant).
    pub phenotypes: Option<&'a PhenotypeSpec>,
    /// The named conditions (bound to each variant).
    pub conditions: Option<&'a ConditionFile>,
    /// How to explore.
    pub explorer: &'a dyn Explorer,
}

/// The variables whose rules in `network` differ from `base`'s, or `None` when the two do not
/// have the same variables (then nothing is shared).
fn differing(base: &Network, network: &Network) -> Option<Vec<VarId>> {
    (base.names() == network.names()).then(|| {
        base.vars()
            .filter(|&v| base.function(v) != network.function(v))
            .collect()
    })
}

/// What makes a variant's case differ from the base network's: each differing variable that is
/// not fixed, with its kind and its rule restricted as the reduction restricts it, where either
/// differs from the base's. Empty when the case explores exactly as in the base network.
type Signature = Vec<(VarId, VarKind, Expr)>;

/// A shared case: the fixed values (sorted), the update scheme and the signature.
type SharedKey = (Vec<(VarId, bool)>, UpdateScheme, Signature);

/// Explorations shared between the variants of one table (see the module documentation). Each
/// case is kept in a group: the base's (no differing variable) for the cases that explore as
/// in the base network, kept for the whole table; or the group of the variants differing at the
/// same variables (the mutants of one node), where a case is kept only if another variant of
/// the group not finished yet has the same signature, and which is dropped when the last of its
/// variants is done.
pub(super) struct SharedExplorations<'a> {
    base: &'a Network,
    variants: &'a [Variant],
    /// Per variant, its differing variables (`None`: it shares nothing).
    differing: Vec<Option<Vec<VarId>>>,
    state: Mutex<SharedState>,
}

struct SharedState {
    groups: HashMap<Vec<VarId>, HashMap<SharedKey, Arc<Labelled>>>,
    finished: Vec<bool>,
}

impl<'a> SharedExplorations<'a> {
    /// A store for `variants`, the first being the base.
    fn new(variants: &'a [Variant]) -> Option<SharedExplorations<'a>> {
        let base = &variants.first()?.network;
        let differing: Vec<Option<Vec<VarId>>> = variants
            .iter()
            .map(|v| differing(base, &v.network))
            .collect();
        let mut groups = HashMap::new();
        for d in differing.iter().flatten() {
            groups.entry(d.clone()).or_insert_with(HashMap::new);
        }
        Some(SharedExplorations {
            base,
            variants,
            differing,
            state: Mutex::new(SharedState {
                groups,
                finished: vec![false; variants.len()],
            }),
        })
    }

    /// Where the case (`fixed` sorted, `update`) of variant `i` is kept: the group (the base's,
    /// empty, when the case explores as in the base) and the key inside it; `None` when the
    /// case is not shared.
    pub(super) fn key(
        &self,
        i: usize,
        fixed: &[(VarId, bool)],
        update: UpdateScheme,
    ) -> Option<(Vec<VarId>, SharedKey)> {
        let differing = self.differing[i].as_ref()?;
        let signature = self.signature(&self.variants[i].network, differing, fixed)?;
        let group = if signature.is_empty() {
            Vec::new()
        } else {
            differing.clone()
        };
        Some((group, (fixed.to_vec(), update, signature)))
    }

    fn signature(
        &self,
        network: &Network,
        differing: &[VarId],
        fixed: &[(VarId, bool)],
    ) -> Option<Signature> {
        // A variable fixed twice is an error the explorer reports; such cases are not shared.
        if fixed.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        let fixed_value = |x: VarId| {
            fixed
                .binary_search_by_key(&x, |&(v, _)| v)
                .ok()
                .map(|i| fixed[i].1)
        };
        // The values the reduction substitutes: the fixed ones, then the network's constants.
        let value = |net: &Network, x: VarId| {
            fixed_value(x).or(match net.kind(x) {
                VarKind::Constant(c) => Some(c),
                _ => None,
            })
        };
        let mut signature = Signature::new();
        for &v in differing {
            let (kind, base_kind) = (network.kind(v), self.base.kind(v));
            if fixed_value(v).is_some() && kind == base_kind {
                continue;
            }
            let rule = network.function(v).restrict(|x| value(network, x));
            if kind != base_kind || rule != self.base.function(v).restrict(|x| value(self.base, x))
            {
                signature.push((v, kind, rule));
            }
        }
        Some(signature)
    }

    pub(super) fn get(&self, group: &[VarId], key: &SharedKey) -> Option<Arc<Labelled>> {
        let state = self.state.lock().expect("shared explorations lock");
        state.groups.get(group)?.get(key).cloned()
    }

    /// Keeps the case variant `i` explored, if another variant may ask for it.
    pub(super) fn insert(
        &self,
        i: usize,
        group: Vec<VarId>,
        key: SharedKey,
        labelled: Arc<Labelled>,
    ) {
        if !group.is_empty() {
            let finished = self
                .state
                .lock()
                .expect("shared explorations lock")
                .finished
                .clone();
            let wanted = (0..self.variants.len()).any(|j| {
                j != i
                    && !finished[j]
                    && self.differing[j].as_ref() == Some(&group)
                    && self
                        .signature(&self.variants[j].network, &group, &key.0)
                        .is_some_and(|s| s == key.2)
            });
            if !wanted {
                return;
            }
        }
        let mut state = self.state.lock().expect("shared explorations lock");
        // A dropped group takes nothing more (none of its variants is left to ask).
        if let Some(cases) = state.groups.get_mut(&group) {
            cases.entry(key).or_insert(labelled);
        }
    }

    /// Variant `i` is done: the cases of its group are dropped with the last variant of the
    /// group (the base's are kept).
    fn finished(&self, i: usize) {
        let mut state = self.state.lock().expect("shared explorations lock");
        state.finished[i] = true;
        let Some(group) = self.differing[i].as_ref().filter(|d| !d.is_empty()) else {
            return;
        };
        let last = (0..self.variants.len())
            .all(|j| state.finished[j] || self.differing[j].as_ref() != Some(group));
        if last {
            state.groups.remove(group);
        }
    }
}

fn check_one(
    suite: &Suite<'_>,
    variant: &Variant,
    shared: Option<(&SharedExplorations<'_>, usize)>,
) -> Vec<Cell> {
    let net = &variant.network;
    let all_errors = |e: &Error| vec![Cell::Error(e.to_string()); suite.statements.len()];
    let bound = match suite.phenotypes.map(|s| s.bind(net)).transpose() {
        Ok(b) => b,
        Err(e) => return all_errors(&e),
    };
    let named = match suite.conditions.map(|c| c.bind(net)).transpose() {
        Ok(n) => n.unwrap_or_default(),
        Err(e) => return all_errors(&e),
    };
    let mut ctx = Context::new(
        net,
        suite.phenotypes.zip(bound.as_ref()),
        &named,
        suite.explorer,
    );
    if let Some((store, variant)) = shared {
        ctx = ctx.sharing(Sharing { store, variant });
    }
    suite
        .statements
        .iter()
        .map(|s| match check(s, &ctx) {
            Ok(o) if o.passed => Cell::Pass,
            Ok(o) => Cell::Fail(
                o.counterexamples
                    .first()
                    .map(|c| {
                        format!(
                            "condition {}, {}, perturbation {}: {}",
                            c.condition, c.update, c.perturbation, c.detail
                        )
                    })
                    .unwrap_or_default(),
            ),
            Err(e) => Cell::Error(e.to_string()),
        })
        .collect()
}

/// Checks every statement in every variant, in parallel over the variants (on the current rayon
/// pool), calling `progress` with the number of variants finished after each one.
///
/// The first variant is the base: explorations that are provably the same in another variant
/// are shared with it (see the module documentation), which assumes that `suite.explorer`, as
/// every engine, answers from the network's rules with the fixed values substituted. Errors of
/// a single variant or statement become [`Cell::Error`]s; the table is always complete.
pub fn check_variants(
    suite: &Suite<'_>,
    variants: &[Variant],
    progress: &(dyn Fn(usize) + Sync),
) -> Table {
    check_variants_with(suite, variants, progress, true)
}

/// [`check_variants`], sharing explorations between variants or not (`share`; for tests: the
/// table is the same either way).
pub fn check_variants_with(
    suite: &Suite<'_>,
    variants: &[Variant],
    progress: &(dyn Fn(usize) + Sync),
    share: bool,
) -> Table {
    let done = AtomicUsize::new(0);
    let store = share.then(|| SharedExplorations::new(variants)).flatten();
    let cells: Vec<Vec<Cell>> = variants
        .par_iter()
        .enumerate()
        .map(|(i, v)| {
            let shared = store.as_ref().map(|s| (s, i));
            let row = check_one(suite, v, shared);
            if let Some(s) = &store {
                s.finished(i);
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            row
        })
        .collect();
    Table {
        statements: suite.statements.iter().map(|s| s.name.clone()).collect(),
        variants: variants
            .iter()
            .map(|v| (v.name.clone(), v.description.clone()))
            .collect(),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    fn net(text: &str) -> Network {
        parse_str(text, &ParseOptions::new(Format::Bnet))
            .unwrap()
            .network
    }

    #[test]
    fn patches_replace_named_rules_and_refuse_unknown_nodes() {
        let base = net("a, a\nb, a & !c\nc, b\n");
        let v = Variant::from_patch(&base, "v", "# comment\nb, a | c\n").unwrap();
        assert_eq!(
            v.network
                .function(VarId::new(1))
                .to_bnet(|x| base.name(x).into()),
            "a | c"
        );
        assert_eq!(
            v.network.function(VarId::new(2)),
            base.function(VarId::new(2))
        );
        let e = Variant::from_patch(&base, "v", "\nd, a\n").unwrap_err();
        assert_eq!(e.span.line, 2);
        assert!(Variant::from_patch(&base, "v", "b, a\nb, c\n").is_err());
        assert!(Variant::from_patch(&base, "v", "# nothing\n").is_err());
    }

    /// Cases the store files under one key explore identically, byte for byte: the base's
    /// group against the base itself, a mutant group between its mutants.
    mod sharing {
        use super::*;
        use crate::engine::{EngineOptions, explore};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

            #[test]
            fn cases_with_one_key_explore_the_same(
                (net, fixed) in crate::testing::network_with_perturbations(7)
            ) {
                let mut variants = vec![Variant::whole("model", net.clone())];
                variants.extend(single_edit_mutants(&net));
                let store = SharedExplorations::new(&variants).expect("a base");
                let mut fixed = fixed;
                fixed.sort();
                let options = EngineOptions::default();
                for update in [UpdateScheme::Synchronous, UpdateScheme::Asynchronous] {
                    let mut seen: HashMap<(Vec<VarId>, SharedKey), (usize, String)> =
                        HashMap::new();
                    for (i, v) in variants.iter().enumerate() {
                        let key = store.key(i, &fixed, update).expect("shared");
                        prop_assert_eq!(key.0.is_empty(), key.1.2.is_empty());
                        if i == 0 {
                            prop_assert!(key.0.is_empty());
                        }
                        let explored = format!("{:?}", explore(&v.network, &fixed, update, &options));
                        match seen.get(&key) {
                            Some((j, first)) => prop_assert_eq!(
                                first, &explored, "{} and {}", variants[*j].name, v.name
                            ),
                            None => {
                                seen.insert(key, (i, explored));
                            }
                        }
                    }
                }
            }
        }

        #[test]
        fn sharing_leaves_the_table_unchanged_and_explores_less() {
            use crate::attractor::Exploration;
            let base = net("a, a\nb, b\nx, a | (y & !b)\ny, x & !z\nz, y | b\no, x & z\n");
            let file = crate::expect::ExpectationFile::from_toml_str(
                r#"
update = "both"
[[expect]]
name = "one attractor"
condition = "all"
attractors = 1
[[expect]]
name = "z KO: x on"
condition = "all"
perturb = ["z=0"]
on = "x"
[[expect]]
name = "a: o or not x"
where = { a = 1 }
every_satisfies = "o | !x"
"#,
            )
            .unwrap();
            let count = AtomicUsize::new(0);
            let options = EngineOptions::default();
            let explorer =
                |n: &Network, f: &[(VarId, bool)], u: UpdateScheme| -> Result<Exploration, Error> {
                    count.fetch_add(1, Ordering::Relaxed);
                    explore(n, f, u, &options)
                };
            let suite = Suite {
                statements: &file.statements,
                phenotypes: None,
                conditions: None,
                explorer: &explorer,
            };
            let mut variants = vec![Variant::whole("model", base.clone())];
            variants.extend(single_edit_mutants(&base));
            let shared = check_variants_with(&suite, &variants, &|_| {}, true);
            let with_sharing = count.swap(0, Ordering::Relaxed);
            let alone = check_variants_with(&suite, &variants, &|_| {}, false);
            assert_eq!(shared.cells, alone.cells);
            assert!(
                with_sharing < count.load(Ordering::Relaxed),
                "{with_sharing} explorations shared"
            );
            assert!(alone.cells.iter().flatten().any(|c| !c.passed()));
            assert!(alone.cells.iter().flatten().any(|c| c.passed()));
        }

        #[test]
        fn a_mutant_of_a_fixed_node_shares_the_base_case() {
            let base = net("a, a\nb, a & !c\nc, b\n");
            let mut variants = vec![Variant::whole("model", base.clone())];
            variants.extend(single_edit_mutants(&base));
            let store = SharedExplorations::new(&variants).unwrap();
            let b = VarId::new(1);
            let (a, c) = (VarId::new(0), VarId::new(2));
            for i in 1..variants.len() {
                let edits_b = variants[i].name.starts_with("b:");
                // b fixed: every mutant of b explores as the model.
                let (group, _) = store
                    .key(i, &[(b, true)], UpdateScheme::Asynchronous)
                    .unwrap();
                assert_eq!(group.is_empty(), edits_b, "{}", variants[i].name);
                // a = 0 makes b's rule 0 in the model and in b:~c, not in b:~a.
                let (group, _) = store
                    .key(i, &[(a, false)], UpdateScheme::Asynchronous)
                    .unwrap();
                let same = ["b:~c", "b:-c"].contains(&variants[i].name.as_str());
                assert_eq!(group.is_empty(), same, "{}", variants[i].name);
            }
            let _ = c;
        }
    }

    #[test]
    fn mutants_skip_inputs_and_have_unique_names() {
        let base = net("a, a\nb, (a & !c) | (c & !a)\nc, b\nk, 1\n");
        let m = single_edit_mutants(&base);
        // b: 2 deletions, 3 operators, 4 literal sites; c: 1 deletion, 1 literal site.
        assert_eq!(m.len(), 9 + 2);
        let mut names: Vec<&str> = m.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names[0], "b:-a");
        assert_eq!(names[2], "b:&>|1");
        assert_eq!(names[5], "b:~a#1");
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 11);
    }
}
