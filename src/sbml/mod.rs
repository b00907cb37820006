//! SBML-qual: SBML Level 3 with the qualitative-models package, the format in which GINsim,
//! CellCollective, BioModels, BoolNet and AEON exchange logical models.
//!
//! **Reading** ([`parse`](crate::sbml::parse())) streams the XML with quick-xml and keeps its own explicit element stack:
//! published files nest MathML hundreds to thousands of elements deep, and a recursive XML tree
//! (roxmltree's tokenizer recurses once per element) or a recursive MathML walk would overflow the
//! stack. Each `qual:qualitativeSpecies` becomes a variable named by its id; each `qual:transition`
//! gives the update function of its output species:
//!
//! ```text
//! f = T1 | (d & !T0)
//! ```
//!
//! where `T1` (`T0`) is the disjunction of the function terms with result level 1 (0) and `d` the
//! default term's level: the function is 1 wherever a level-1 term holds, otherwise the default
//! unless a level-0 term holds. Species without a transition are inputs (`X, X`); species with
//! `constant="true"` are constants at their `initialLevel`, or inputs when they have none (how
//! GINsim and bioLQM write inputs). Only Boolean models are read
//! (`maxLevel` at most 1). Errors give the XML line and column and the element path
//! (`/sbml/model/qual:listOfTransitions/qual:transition[3]/…`).
//!
//! **Writing** ([`write`](crate::sbml::write())) produces SBML Level 3 Version 1 with `qual:required="true"`, one
//! compartment, a species per variable (inputs `constant="true"`, as GINsim and bioLQM write and
//! read them) and a transition per non-input variable: its inputs carry
//! the regulation signs computed from the function, a default term 0 and one function term 1 whose
//! MathML is the function, using the form GINsim, bioLQM and AEON write
//! (`<apply><eq/><ci>X</ci><cn type="integer">1</cn></apply>` for "X is on"). Constants are
//! transitions with a default term only. Writing then reading gives the same truth tables.

mod read;
mod write;

pub use read::parse;
pub use write::write;

use std::collections::HashSet;

/// The SBML Level 3 Version 1 core namespace.
pub const SBML_NAMESPACE: &str = "http://www.sbml.org/sbml/level3/version1/core";
/// The namespace of the qual package, version 1.
pub const QUAL_NAMESPACE: &str = "http://www.sbml.org/sbml/level3/version1/qual/version1";
/// The MathML namespace.
pub const MATHML_NAMESPACE: &str = "http://www.w3.org/1998/Math/MathML";

/// Whether `s` is an SBML identifier (SId): `[A-Za-z_][A-Za-z0-9_]*`.
pub(crate) fn is_sid(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A readable stand-in for `original` that `valid` accepts and `taken` does not hold yet; it is
/// added to `taken`. `+` becomes `_plus`, other characters outside `[A-Za-z0-9_]` become `_`,
/// a leading digit gets a `_` before it, and a clash gets a `_2`, `_3`, … suffix.
pub(crate) fn readable_name(
    original: &str,
    valid: impl Fn(&str) -> bool,
    taken: &mut HashSet<String>,
) -> String {
    let mut base = String::new();
    for c in original.chars() {
        match c {
            '+' => base.push_str("_plus"),
            c if c.is_ascii_alphanumeric() || c == '_' => base.push(c),
            _ => base.push('_'),
        }
    }
    if !base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        base.insert(0, '_');
    }
    if !valid(&base) {
        // A reserved word of the target syntax (`true`, `and`, ...).
        base.push('_');
    }
    let mut candidate = base.clone();
    let mut k = 2;
    while taken.contains(&candidate) || !valid(&candidate) {
        candidate = format!("{base}_{k}");
        k += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_follow_the_sbml_rule() {
        assert!(is_sid("_a1"));
        assert!(is_sid("TNFa"));
        assert!(!is_sid("1a"));
        assert!(!is_sid("IL-6"));
        assert!(!is_sid(""));
    }

    #[test]
    fn readable_names_are_unique_and_valid() {
        let mut taken: HashSet<String> = ["IL_6".to_string()].into_iter().collect();
        assert_eq!(readable_name("IL-6", is_sid, &mut taken), "IL_6_2");
        assert_eq!(readable_name("Ca2+", is_sid, &mut taken), "Ca2_plus");
        assert_eq!(readable_name("9x", is_sid, &mut taken), "_9x");
        let not_true = |s: &str| is_sid(s) && s != "true";
        assert_eq!(readable_name("true", not_true, &mut taken), "true_");
    }
}
