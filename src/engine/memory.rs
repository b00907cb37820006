//! How much memory an exploration may use: the default limit, and its share when several
//! explorations run at once. Every engine and every caller (command line, screens, tests,
//! bindings) takes its limit from here.
//!
//! The limit defaults to a safe share of physical memory read from `/proc/meminfo` (Linux):
//! 80% of `MemTotal`, lowered to 90% of `MemAvailable` when less is free, so a refused job fails
//! before allocating instead of being killed by the kernel half-way.

/// The default memory limit of one exploration, shared by the synchronous and asynchronous
/// explorers: 80% of physical memory, or 90% of the memory available now if that is less;
/// never more than 80% of a container's memory limit (cgroup v2 `memory.max`, v1
/// `memory.limit_in_bytes`) nor of the process's address-space limit (`ulimit -v`), where
/// physical memory would overstate what the process may use. Falls back to 4 GiB where
/// `/proc/meminfo` cannot be read.
pub fn default_max_memory() -> u64 {
    let mut limit = physical_limit();
    for cap in [cgroup_limit(), address_space_limit()]
        .into_iter()
        .flatten()
    {
        limit = limit.min(cap / 10 * 8);
    }
    limit
}

/// The memory limit of each exploration when up to `explorations` run at once on `workers`
/// threads (`None`: the current rayon pool's size): `max_memory` as given (it is per
/// exploration), or else the default limit divided among the explorations that can run
/// together, so that they stay within it.
pub fn per_exploration_memory(
    max_memory: Option<u64>,
    workers: Option<usize>,
    explorations: usize,
) -> u64 {
    let workers = workers.unwrap_or_else(rayon::current_num_threads);
    let concurrent = workers.min(explorations).max(1) as u64;
    max_memory.unwrap_or_else(|| default_max_memory() / concurrent)
}

fn physical_limit() -> u64 {
    let Ok(text) = std::fs::read_to_string("/proc/meminfo") else {
        return 4 << 30;
    };
    let field = |name: &str| -> Option<u64> {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map(|kib| kib * 1024)
    };
    match (field("MemTotal:"), field("MemAvailable:")) {
        (Some(total), Some(available)) => (total / 10 * 8).min(available / 10 * 9),
        (Some(total), None) => total / 10 * 8,
        _ => 4 << 30,
    }
}

/// The memory limit of the process's cgroup, when one is set.
fn cgroup_limit() -> Option<u64> {
    [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .filter_map(|p| std::fs::read_to_string(p).ok())
    // "max" (v2) and a huge page-rounded i64::MAX (v1) both mean no limit.
    .filter_map(|t| t.trim().parse::<u64>().ok())
    .find(|&b| b < 1 << 60)
}

/// The address-space limit (`RLIMIT_AS`), when one is set.
#[cfg(unix)]
fn address_space_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the struct it is given and nothing else.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } == 0;
    // `rlim_t` is `u64` on Linux but not on every Unix.
    #[allow(clippy::useless_conversion)]
    (ok && limit.rlim_cur != libc::RLIM_INFINITY)
        .then(|| u64::try_from(limit.rlim_cur).unwrap_or(u64::MAX))
}

#[cfg(not(unix))]
fn address_space_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_limit_is_positive_and_below_physical_memory() {
        let limit = default_max_memory();
        assert!(limit > 0);
        assert!(limit <= physical_limit());
    }
}
