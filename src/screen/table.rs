//! The tidy screen table: [`ScreenRow`] (one perturbation × condition × update × label) with its
//! serde form, and the merge of rows read back from an interrupted run ([`ScreenResult::add_rows`]).

use super::{ScreenEntry, ScreenResult};
use crate::attractor::UpdateScheme;
use crate::error::Error;
use crate::network::Network;
use crate::perturb::{Perturbation, perturbation_name};
use crate::phenotype::{LabelShare, LabelShift};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One row of the tidy screen table: one perturbation × condition × update × label, for every
/// label present in the wild type or the perturbed network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreenRow {
    /// The perturbation's name (`SMAD7=0+SMAD3=1`).
    pub perturbation: String,
    /// The condition's name.
    pub condition: String,
    /// `synchronous` or `asynchronous`.
    #[serde(
        serialize_with = "serialize_update",
        deserialize_with = "deserialize_update"
    )]
    pub update: UpdateScheme,
    /// The label.
    pub label: String,
    /// The label's share in the perturbed network.
    pub fraction: f64,
    /// The label's share in the wild type.
    pub wild_type_fraction: f64,
    /// `fraction - wild_type_fraction`.
    pub shift: f64,
    /// Perturbed attractors with the label.
    pub attractors: usize,
    /// Wild-type attractors with the label.
    pub wild_type_attractors: usize,
    /// When the perturbed share was estimated by random walks or sampling: the walks that
    /// ended in the label's attractors (`None` when the share is exact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hits: Option<u64>,
    /// The walks drawn for the perturbed share's estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    /// The wild type's walks ending in the label's attractors, when its share was estimated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wild_type_hits: Option<u64>,
    /// The walks drawn for the wild type's estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wild_type_samples: Option<u64>,
}

impl ScreenRow {
    /// The row of one label's shift.
    pub fn of_shift(
        perturbation: &str,
        condition: &str,
        update: UpdateScheme,
        label: &str,
        s: &LabelShift,
    ) -> ScreenRow {
        ScreenRow {
            perturbation: perturbation.to_string(),
            condition: condition.to_string(),
            update,
            label: label.to_string(),
            fraction: s.perturbed,
            wild_type_fraction: s.wild_type,
            shift: s.shift,
            attractors: s.attractors,
            wild_type_attractors: s.wild_type_attractors,
            hits: s.estimate.map(|e| e.0),
            samples: s.estimate.map(|e| e.1),
            wild_type_hits: s.wild_type_estimate.map(|e| e.0),
            wild_type_samples: s.wild_type_estimate.map(|e| e.1),
        }
    }

    /// The perturbed share's estimate `(hits, samples)`, `None` when exact.
    pub fn estimate(&self) -> Option<(u64, u64)> {
        self.hits.zip(self.samples)
    }

    /// The wild type's estimate `(hits, samples)`, `None` when exact.
    pub fn wild_type_estimate(&self) -> Option<(u64, u64)> {
        self.wild_type_hits.zip(self.wild_type_samples)
    }
}

fn serialize_update<S: serde::Serializer>(u: &UpdateScheme, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(u.as_str())
}

fn deserialize_update<'de, D: serde::Deserializer<'de>>(d: D) -> Result<UpdateScheme, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map_err(|_| {
        serde::de::Error::custom(format!(
            "'{text}' is not an update scheme (synchronous or asynchronous)"
        ))
    })
}

/// Appends the rows of one entry (one per label, sorted by label).
pub(super) fn push_rows(
    rows: &mut Vec<ScreenRow>,
    perturbation: &str,
    condition: &str,
    e: &ScreenEntry,
) {
    for (label, s) in e.shift.iter() {
        rows.push(ScreenRow::of_shift(
            perturbation,
            condition,
            e.update,
            label,
            &s,
        ));
    }
}

/// An entry rebuilt from its rows of the table (one per label present on either side).
fn entry_from_rows(
    perturbation: usize,
    condition: usize,
    update: UpdateScheme,
    rows: &[&ScreenRow],
) -> Result<ScreenEntry, Error> {
    let mut labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    labels.sort_unstable();
    if let Some(w) = labels.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::Invalid(format!(
            "perturbation '{}', condition '{}', {update} update: label '{}' appears twice",
            rows[0].perturbation, rows[0].condition, w[0]
        )));
    }
    let distribution = rows
        .iter()
        .filter(|r| r.attractors > 0)
        .map(|r| {
            (
                r.label.clone(),
                LabelShare {
                    share: r.fraction,
                    attractors: r.attractors,
                    estimate: r.estimate(),
                },
            )
        })
        .collect();
    let shift = rows
        .iter()
        .map(|r| {
            (
                r.label.clone(),
                LabelShift {
                    wild_type: r.wild_type_fraction,
                    perturbed: r.fraction,
                    shift: r.shift,
                    wild_type_attractors: r.wild_type_attractors,
                    attractors: r.attractors,
                    wild_type_estimate: r.wild_type_estimate(),
                    estimate: r.estimate(),
                },
            )
        })
        .collect();
    Ok(ScreenEntry {
        perturbation,
        condition,
        update,
        distribution,
        shift,
        appeared: Vec::new(),
        vanished: Vec::new(),
    })
}

impl ScreenResult {
    /// The tidy table: entries in screen order, labels sorted within each.
    pub fn rows(&self) -> Vec<ScreenRow> {
        let mut rows = Vec::new();
        for e in &self.entries {
            push_rows(
                &mut rows,
                &self.perturbation_names[e.perturbation],
                &self.conditions[e.condition].name,
                e,
            );
        }
        rows
    }

    /// Puts this result's entries into a larger screen: `perturbations` is the full list of
    /// perturbation sets (this result's sets must all be in it), and `rows` the rows of sets
    /// already finished elsewhere (read back from the table of an interrupted run). The result
    /// then covers every set of `perturbations` present in either, in screen order, and its
    /// [`rows`](ScreenResult::rows) are exactly those an uninterrupted run gives: rows are the
    /// table's content, so entries rebuilt from them carry the same numbers. Entries rebuilt
    /// from rows have no attractor-level changes (`appeared`, `vanished` are empty: the table
    /// does not hold attractors).
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the first row that does not belong to this screen (a
    /// perturbation set, condition or update scheme it does not have, or a set present both
    /// here and in `rows`), or a set whose rows do not cover every condition × update scheme.
    pub fn add_rows(
        mut self,
        network: &Network,
        perturbations: Vec<Vec<Perturbation>>,
        rows: &[ScreenRow],
    ) -> Result<ScreenResult, Error> {
        let names: Vec<String> = perturbations
            .iter()
            .map(|p| perturbation_name(network, p))
            .collect();
        let index: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let (nc, nu) = (self.conditions.len(), self.updates.len());
        let mut remap = Vec::with_capacity(self.perturbation_names.len());
        for name in &self.perturbation_names {
            let &i = index.get(name.as_str()).ok_or_else(|| {
                Error::Invalid(format!("perturbation '{name}' is not in the screen"))
            })?;
            remap.push(i);
        }
        let mut computed = vec![false; names.len()];
        for e in &mut self.entries {
            e.perturbation = remap[e.perturbation];
            computed[e.perturbation] = true;
        }
        // Rows read back, grouped by entry (perturbation, condition, update).
        let mut groups: HashMap<(usize, usize, usize), Vec<&ScreenRow>> = HashMap::new();
        for r in rows {
            let what = || {
                format!(
                    "row '{},{},{},{}'",
                    r.perturbation, r.condition, r.update, r.label
                )
            };
            let &p = index.get(r.perturbation.as_str()).ok_or_else(|| {
                Error::Invalid(format!(
                    "{}: perturbation '{}' is not in this screen",
                    what(),
                    r.perturbation
                ))
            })?;
            if computed[p] {
                return Err(Error::Invalid(format!(
                    "{}: perturbation '{}' was also explored in this run",
                    what(),
                    r.perturbation
                )));
            }
            let c = self
                .conditions
                .iter()
                .position(|c| c.name == r.condition)
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "{}: condition '{}' is not in this screen",
                        what(),
                        r.condition
                    ))
                })?;
            let u = self
                .updates
                .iter()
                .position(|&u| u == r.update)
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "{}: {} update is not in this screen",
                        what(),
                        r.update
                    ))
                })?;
            groups.entry((p, c, u)).or_default().push(r);
        }
        let mut read_back: Vec<usize> = groups.keys().map(|k| k.0).collect();
        read_back.sort_unstable();
        read_back.dedup();
        for &p in &read_back {
            for c in 0..nc {
                for u in 0..nu {
                    let Some(group) = groups.get(&(p, c, u)) else {
                        return Err(Error::Invalid(format!(
                            "perturbation '{}' has no rows for condition '{}', {} update",
                            names[p], self.conditions[c].name, self.updates[u]
                        )));
                    };
                    self.entries
                        .push(entry_from_rows(p, c, self.updates[u], group)?);
                    computed[p] = true;
                }
            }
        }
        let position = |u: UpdateScheme| self.updates.iter().position(|&x| x == u);
        self.entries
            .sort_by_key(|e| (e.perturbation, e.condition, position(e.update)));
        self.unfinished = self
            .unfinished
            .iter()
            .map(|&p| remap[p])
            .filter(|&p| !computed[p])
            .collect();
        self.perturbation_names = names;
        self.perturbations = perturbations;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{explore, fixture};
    use crate::perturb::Perturbation;
    use crate::perturb::perturbation_name;
    use crate::phenotype::LabelQuery;
    use crate::screen::{Screen, ScreenRow};

    #[test]
    fn rows_read_back_complete_a_screen_to_the_full_result() {
        let (net, phenotypes, perturbations, conditions) = fixture();
        let full = Screen::new(&net, &phenotypes)
            .perturbations(perturbations.clone())
            .conditions(conditions.clone())
            .run(&explore)
            .unwrap();
        let names: Vec<String> = perturbations
            .iter()
            .map(|p| perturbation_name(&net, p))
            .collect();
        // Every other set was done before; the rest run now.
        let done: Vec<&String> = names.iter().step_by(2).collect();
        let earlier: Vec<ScreenRow> = full
            .rows()
            .into_iter()
            .filter(|r| done.contains(&&r.perturbation))
            .collect();
        let rest: Vec<Vec<Perturbation>> = perturbations
            .iter()
            .zip(&names)
            .filter(|(_, n)| !done.contains(n))
            .map(|(p, _)| p.clone())
            .collect();
        let now = Screen::new(&net, &phenotypes)
            .perturbations(rest)
            .conditions(conditions.clone())
            .run(&explore)
            .unwrap();
        let merged = now
            .clone()
            .add_rows(&net, perturbations.clone(), &earlier)
            .unwrap();
        assert_eq!(merged.rows(), full.rows());
        assert_eq!(merged.perturbation_names, full.perturbation_names);
        assert_eq!(
            merged.rank(&LabelQuery::parse("Y")),
            full.rank(&LabelQuery::parse("Y"))
        );
        // Rows that do not belong are refused by name.
        let mut foreign = earlier.clone();
        foreign[0].condition = "elsewhere".into();
        let e = now
            .clone()
            .add_rows(&net, perturbations.clone(), &foreign)
            .unwrap_err();
        assert!(e.to_string().contains("condition 'elsewhere'"), "{e}");
        let twice: Vec<ScreenRow> = full.rows();
        let e = now.add_rows(&net, perturbations, &twice).unwrap_err();
        assert!(e.to_string().contains("also explored in this run"), "{e}");
    }
}
