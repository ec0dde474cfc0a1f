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

fn main() -> std::process::ExitCode {
    cli::run(<cli::Cli as clap::Parser>::parse())
}
