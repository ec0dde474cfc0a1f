//! The `vanban` command line: parses arguments and calls the library.

// As in the library: no panic reachable from arguments or input files.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

// Documents allocate and free buffers of hundreds of kilobytes (fonts,
// streams, zips); the system allocator maps and unmaps each one, which cost
// a fifth of a batch run's time in the kernel. mimalloc reuses them.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod progress;

/// No transparent huge pages. mimalloc asked for them for its arenas
/// (`madvise`; its `no_thp` feature, on in Cargo.toml, stops that), and the
/// kernel then cleared a whole 2 MiB page at a first touch: a render of the
/// seed report touched 38 MB and spent a fifth of its CPU time in
/// `clear_page_erms` (perf), for a process that lives 20 ms. Without them it
/// touches 22 MB and 4 KiB pages are cleared as used. This covers kernels
/// set to huge pages `always`, which need no `madvise`; the kernel decides
/// at each fault, so it holds for every later one. Long runs (`batch`,
/// `serve`) reuse their pages and lose nothing measurable.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory
    // of ours; an older kernel refuses it (EINVAL), which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> std::process::ExitCode {
    no_huge_pages();
    cli::run(<cli::Cli as clap::Parser>::parse())
}
