//! Cancellation: a raised [`Cancel`] flag stops every explorer with `Error::Cancelled`, before
//! it starts or part-way through a long run, a cancelled synchronous explorer's buffers are
//! safe to reuse, and a screen whose explorers poll its flag reports the cut-off runs as
//! unfinished rather than failing.

#[path = "../benches/common_async/mod.rs"]
mod networks;

use basin::asynchronous::{self, AsyncConfig};
use basin::cancel::Cancel;
use basin::phenotype::PhenotypeSpec;
use basin::screen::Screen;
use basin::synchronous::{SyncConfig, SyncExplorer};
use basin::{Error, Method, UpdateScheme};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Raises `token` after `ms` milliseconds, from another thread.
fn raise_after(token: &Cancel, ms: u64) {
    let token = token.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(ms));
        token.cancel();
    });
}

fn sync_config(method: Method, cancel: Cancel) -> SyncConfig {
    SyncConfig {
        method,
        cancel,
        ..SyncConfig::default()
    }
}

fn async_config(method: Method, cancel: Cancel) -> AsyncConfig {
    AsyncConfig {
        method,
        cancel,
        ..AsyncConfig::default()
    }
}

#[test]
fn a_raised_flag_stops_every_explorer_before_it_starts() {
    let cancel = Cancel::new();
    cancel.cancel();
    let net = networks::random_network(14, 3);
    let sampled = Method::Sampled {
        samples: 1000,
        seed: 1,
    };
    for method in [Method::Exhaustive, sampled] {
        let r = SyncExplorer::new().attractors(&net, &[], &sync_config(method, cancel.clone()));
        assert!(matches!(r, Err(Error::Cancelled)), "sync {method:?}: {r:?}");
        let r = asynchronous::attractors(&net, &[], &async_config(method, cancel.clone()));
        assert!(
            matches!(r, Err(Error::Cancelled)),
            "async {method:?}: {r:?}"
        );
        // The same run without the flag finishes.
        assert!(asynchronous::attractors(&net, &[], &async_config(method, Cancel::NEVER)).is_ok());
    }
}

#[test]
fn a_flag_raised_part_way_stops_a_long_asynchronous_search() {
    // 28 core variables: seconds of work even optimised; the flag goes up after 30 ms.
    let net = networks::random_network(28, 1);
    let f = Cancel::new();
    raise_after(&f, 30);
    let r = asynchronous::attractors(&net, &[], &async_config(Method::Exhaustive, f));
    assert!(matches!(r, Err(Error::Cancelled)), "{r:?}");
}

#[test]
fn a_cancelled_synchronous_explorer_is_reusable() {
    let big = networks::random_network(26, 2);
    let small = networks::random_network(16, 5);
    let mut explorer = SyncExplorer::new();
    let f = Cancel::new();
    raise_after(&f, 10);
    let r = explorer.attractors(&big, &[], &sync_config(Method::Exhaustive, f));
    assert!(matches!(r, Err(Error::Cancelled)), "{r:?}");
    for net in [&small, &big] {
        let reused = explorer
            .attractors(net, &[], &SyncConfig::default())
            .unwrap();
        let fresh = SyncExplorer::new()
            .attractors(net, &[], &SyncConfig::default())
            .unwrap();
        assert_eq!(reused, fresh);
    }
}

#[test]
fn a_screen_counts_explorations_cut_off_by_its_flag_as_unfinished() {
    let net = networks::random_network(27, 4);
    let phenotypes = PhenotypeSpec::from_toml_str("[phenotypes]\nP = \"v0\"\n")
        .unwrap()
        .bind(&net)
        .unwrap();
    let cancel = Cancel::new();
    raise_after(&cancel, 30);
    let cut_off = AtomicBool::new(false);
    let result = Screen::new(&net, &phenotypes)
        .perturbations(vec![vec![]])
        .updates(vec![UpdateScheme::Asynchronous])
        .cancel(cancel.clone())
        .run(
            &|net: &basin::Network, fixed: &[(basin::VarId, bool)], update| {
                let r = asynchronous::attractors(
                    net,
                    fixed,
                    &async_config(Method::Exhaustive, cancel.clone()),
                );
                if matches!(r, Err(Error::Cancelled)) {
                    cut_off.store(true, Ordering::Relaxed);
                }
                assert_eq!(update, UpdateScheme::Asynchronous);
                r
            },
        )
        .expect("a cancelled screen is not an error");
    assert!(
        cut_off.load(Ordering::Relaxed),
        "the running exploration was not cut off"
    );
    assert_eq!(result.unfinished, vec![0]);
}
