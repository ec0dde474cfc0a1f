//! `vanban preview`: one page of a document as PNG or SVG, drawn from
//! vanban's own page model (no external program).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;

use super::{EngineArgs, read_input, shown, t};

/// Draw one page of a document as a PNG (or SVG) picture, as the PDF shows it.
#[derive(Debug, clap::Args)]
pub(super) struct PreviewArgs {
    /// The input JSON file; `-` reads standard input.
    input: PathBuf,
    /// The page, from 1.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    page: u32,
    /// Resolution of a PNG, 10 to 600 dots per inch (96: the page at its
    /// size on a screen).
    #[arg(long, default_value_t = 96.0)]
    dpi: f32,
    /// `png` or `svg`; by default the output file's extension says.
    #[arg(long)]
    format: Option<PictureFormat>,
    /// The picture file to write (replaced atomically).
    #[arg(short, long, value_name = "OUT.png")]
    output: PathBuf,
    /// The folder image paths are looked up in, as for `render`.
    #[arg(long, value_name = "DIR")]
    assets: Option<PathBuf>,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PictureFormat {
    /// PNG, at --dpi.
    Png,
    /// SVG, in points.
    Svg,
}

pub(super) fn run(args: &PreviewArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        Some(f) => f,
        None => match args
            .output
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => PictureFormat::Png,
            Some("svg") => PictureFormat::Svg,
            _ => anyhow::bail!(t(vanban::msg!(
                "cli-preview-format",
                file = shown(&args.output)
            ))),
        },
    };
    let format = match format {
        PictureFormat::Png => vanban::preview::Format::Png { dpi: args.dpi },
        PictureFormat::Svg => vanban::preview::Format::Svg,
    };
    let engine = args.engine.engine()?;
    let options = vanban::RenderOptions {
        assets_dir: args.assets.clone(),
        ..vanban::RenderOptions::default()
    };
    let (name, _, json) = read_input(&args.input, engine.limits())?;
    // `page` is at least 1 (clap checks it).
    let index = (args.page as usize).saturating_sub(1);
    let bytes = engine
        .preview(&json, &name, &options, index, format)
        .map_err(|e| match e {
            // Input errors name the file already.
            vanban::Error::Input { .. } => anyhow::Error::new(e),
            other => anyhow::Error::new(other).context(shown(&args.input)),
        })?;
    vanban::output::write_atomic(&args.output, &bytes).with_context(|| {
        t(vanban::msg!(
            "cli-preview-cannot-write",
            file = shown(&args.output)
        ))
    })?;
    Ok(ExitCode::SUCCESS)
}
