//! Writers: a `Network` to bnet, BooleanNet or AEON text. The round-trip partners of the readers:
//! writing then reading gives a network whose every function has the same truth table.
//!
//! Names the target format cannot spell (`IL-6` from BooleanNet in bnet) are rewritten readably
//! (`IL_6`, `Ca2_plus`), kept unique, and the renaming is returned so it can be reported.

use crate::analysis::{
    DEFAULT_BDD_NODE_LIMIT, Sign, regulation_signs_with_limit, try_bdd_variables,
};
use crate::error::Error;
use crate::expr::Syntax;
use crate::network::Network;
use crate::parse::Format;
use crate::parse::syntax_is_valid_name;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Text written for a network, and the names that had to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// The file content.
    pub text: String,
    /// `(original, written)` for every renamed variable.
    pub renamed: Vec<(String, String)>,
}

/// Most bytes a written model may take (an upper bound computed before writing anything).
pub const MAX_WRITTEN_BYTES: u128 = 64 << 20;

/// Refuses a network whose text would exceed `limit` bytes, before anything is written:
/// functions are stored with shared subexpressions, text repeats them, so a small file can
/// expand exponentially. With `xor`, exclusive ors are written with an operator.
fn check_written_size(
    network: &Network,
    format_name: &str,
    xor: bool,
    limit: u128,
) -> Result<(), Error> {
    let mut total: u128 = 0;
    let mut largest = (0u128, None);
    for v in network.vars() {
        let bound = network
            .function(v)
            .written_len_bound(|r| network.name(r).len(), xor)
            .saturating_add(network.name(v).len() as u128 + 4);
        if bound > largest.0 {
            largest = (bound, Some(v));
        }
        total = total.saturating_add(bound);
    }
    if total <= limit {
        return Ok(());
    }
    let worst = largest.1.map_or_else(String::new, |v| {
        format!(
            " (the function of '{}' alone up to {})",
            network.name(v),
            crate::error::format_bytes(largest.0)
        )
    });
    Err(Error::TooLarge {
        what: format!("writing the model as {format_name}{worst}"),
        needed_bytes: total,
        allowed_bytes: limit,
        remedies: vec![crate::error::Remedy::SimplifyRules],
    })
}

/// Writes `network` in `format`.
///
/// # Errors
/// [`Error::TooLarge`] when the text would exceed [`MAX_WRITTEN_BYTES`] (shared subexpressions
/// written out), checked before writing.
pub fn write(network: &Network, format: Format) -> Result<Written, Error> {
    if format == Format::Sbml {
        return Ok(crate::sbml::write(network, &[]));
    }
    let xor = format == Format::Aeon; // AEON writes `^`; bnet and BooleanNet have no xor
    check_written_size(network, &format.to_string(), xor, MAX_WRITTEN_BYTES)?;
    let (names, renamed) = spellable_names(network, format);
    let name = |v: crate::VarId| names[v.index()].clone();
    let mut text = String::new();
    match format {
        Format::Bnet => {
            text.push_str("targets, factors\n");
            for v in network.vars() {
                let _ = writeln!(
                    text,
                    "{}, {}",
                    names[v.index()],
                    network.function(v).render(&Syntax::BNET, name)
                );
            }
        }
        Format::BooleanNet => {
            for v in network.vars() {
                let _ = writeln!(
                    text,
                    "{}* = {}",
                    names[v.index()],
                    network.function(v).render(&Syntax::BOOLEANNET, name)
                );
            }
        }
        Format::Aeon => {
            // Signs are exact where the function's BDD stays within the default limit; beyond
            // it (or beyond 65 535 variables) regulations are written '-??' (sign unknown, not
            // necessarily observable), which every function satisfies.
            let vars = try_bdd_variables(network.num_vars());
            for v in network.vars() {
                let signs = vars.as_ref().and_then(|vars| {
                    regulation_signs_with_limit(network, vars, v, DEFAULT_BDD_NODE_LIMIT).ok()
                });
                let signs = signs.unwrap_or_else(|| {
                    let r = network.regulators(v);
                    r.into_iter().map(|r| (r, Sign::NonEssential)).collect()
                });
                for (r, sign) in signs {
                    let arrow = match sign {
                        Sign::Activating => "->",
                        Sign::Inhibiting => "-|",
                        Sign::Dual => "-?",
                        Sign::NonEssential => "-??",
                    };
                    let _ = writeln!(text, "{} {arrow} {}", names[r.index()], names[v.index()]);
                }
            }
            for v in network.vars() {
                let _ = writeln!(
                    text,
                    "${}: {}",
                    names[v.index()],
                    network.function(v).render(&Syntax::AEON, name)
                );
            }
        }
        Format::Sbml => unreachable!("written above"),
    }
    Ok(Written { text, renamed })
}

/// Names valid in `format`, unique, as close to the originals as possible.
fn spellable_names(network: &Network, format: Format) -> (Vec<String>, Vec<(String, String)>) {
    let mut taken: HashSet<String> = network
        .names()
        .iter()
        .filter(|n| syntax_is_valid_name(format, n))
        .cloned()
        .collect();
    let mut names = Vec::with_capacity(network.num_vars());
    let mut renamed = Vec::new();
    for original in network.names() {
        if syntax_is_valid_name(format, original) {
            names.push(original.clone());
            continue;
        }
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
        let mut candidate = base.clone();
        let mut k = 2;
        // A reserved word (`and`, `True`) is a valid identifier but not a valid name.
        while taken.contains(&candidate) || !syntax_is_valid_name(format, &candidate) {
            candidate = format!("{base}_{k}");
            k += 1;
        }
        taken.insert(candidate.clone());
        renamed.push((original.clone(), candidate.clone()));
        names.push(candidate);
    }
    (names, renamed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::same_functions;
    use crate::parse::{ParseOptions, parse_str};

    #[test]
    fn exclusive_ors_round_trip_in_every_format_and_stay_compact_in_aeon() {
        let rules = [
            "A ^ B & C",
            "(A | B) ^ !C",
            "!(A ^ B) ^ (C <=> A)",
            "A ^ B ^ C ^ D",
            "A => B ^ C",
            "(A ^ B) | A & !B",
            "!A ^ !B",
            "(A <=> B) & (C ^ D) | !(A ^ D)",
        ];
        for rule in rules {
            let src = format!("$A: A\n$B: B\n$C: C\n$D: D\n$T: {rule}\n");
            let net = parse_str(&src, &ParseOptions::new(Format::Aeon).free_inputs(true))
                .unwrap()
                .network;
            for format in Format::ALL {
                let w = write(&net, format).unwrap();
                let back = parse_str(&w.text, &ParseOptions::new(format).free_inputs(true))
                    .unwrap()
                    .network;
                same_functions(&net, &back).unwrap_or_else(|e| panic!("{rule} as {format}: {e}"));
            }
        }
        // A chain of 24 is 24 operators in AEON, not 2^24 subexpressions.
        let chain = (1..24).fold("V0".to_string(), |acc, i| format!("{acc} ^ V{i}"));
        let net = parse_str(
            &format!("$T: {chain}\n"),
            &ParseOptions::new(Format::Aeon).free_inputs(true),
        )
        .unwrap()
        .network;
        let w = write(&net, Format::Aeon).unwrap();
        assert!(w.text.len() < 4096, "{} bytes", w.text.len());
        // bnet has no exclusive or: 2^23 copies of each operand, refused before writing.
        assert!(matches!(
            write(&net, Format::Bnet),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn every_format_round_trips() {
        let src = "targets, factors\nA, !(B | C) & 1\nB, A | !C\nC, C\nD, 0\n";
        let net = parse_str(src, &ParseOptions::new(Format::Bnet))
            .unwrap()
            .network;
        for format in Format::ALL {
            let w = write(&net, format).unwrap();
            let back = parse_str(&w.text, &ParseOptions::new(format))
                .unwrap()
                .network;
            same_functions(&net, &back).unwrap();
            assert_eq!(back.names(), net.names(), "{format}");
        }
    }

    #[test]
    fn booleannet_names_are_renamed_for_bnet() {
        let net = parse_str(
            "IL-6* = not Ca2+\nCa2+* = IL-6\n",
            &ParseOptions::new(Format::BooleanNet),
        )
        .unwrap()
        .network;
        let w = write(&net, Format::Bnet).unwrap();
        assert_eq!(
            w.renamed,
            vec![
                ("IL-6".into(), "IL_6".into()),
                ("Ca2+".into(), "Ca2_plus".into())
            ]
        );
        assert!(w.text.contains("IL_6, !Ca2_plus"));
    }
}
