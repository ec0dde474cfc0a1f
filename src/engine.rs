//! The library's entry point: fonts and layouts loaded once, then any number
//! of documents rendered with them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Diagnostic, Error, Result};
use crate::input::Limits;
use crate::layout::Layout;
use crate::pdf::PdfOptions;
use crate::text::FontSet;
use crate::{compose, doc, docx, input, pdf, picture};

/// Fonts, layouts and limits, loaded once and shared by every render.
#[derive(Debug, Clone)]
pub struct Engine {
    fonts: FontSet,
    layouts: BTreeMap<String, Layout>,
    /// What one input may ask for.
    limits: Limits,
    /// The DOCX font parts of `fonts`, made once.
    docx_fonts: docx::FontCache,
    /// The hash of the version, layouts and fonts for the stamps, made once
    /// (and again after the fonts or layouts change).
    stamp_key: OnceLock<[u8; 32]>,
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The composed document model.
    pub doc: doc::Document,
    /// The typeset pages (empty when no PDF was asked for).
    pub pages: Vec<pdf::Page>,
    /// The PDF file's bytes, when asked for.
    pub pdf: Option<Vec<u8>>,
    /// The DOCX file's bytes, when asked for.
    pub docx: Option<Vec<u8>>,
    /// Notes for the user that are no errors, one line each (where a blank
    /// date's creation date came from); the library prints nothing.
    pub notes: Vec<String>,
}

impl Rendered {
    /// The [`Rendered::notes`] in `lang`.
    pub fn notes_in(&self, lang: crate::i18n::Lang) -> Vec<String> {
        self.notes
            .iter()
            .map(|n| crate::compose::note_in(n, lang))
            .collect()
    }
}

/// Which files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// PDF.
    pub pdf: bool,
    /// DOCX.
    pub docx: bool,
}

impl Formats {
    /// PDF and DOCX.
    pub const ALL: Self = Self {
        pdf: true,
        docx: true,
    };
    /// PDF only.
    pub const PDF: Self = Self {
        pdf: true,
        docx: false,
    };
    /// DOCX only.
    pub const DOCX: Self = Self {
        pdf: false,
        docx: true,
    };
}

/// How to render: formats, PDF standard and extras, where images are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderOptions {
    /// The files to write.
    pub formats: Formats,
    /// The PDF's standard, attachment and signature fields.
    pub pdf: PdfOptions,
    /// Where image paths in the input are resolved; the input file's
    /// folder when `None` (the working directory for `-`).
    pub assets_dir: Option<PathBuf>,
    /// The folder image files must lie in (links followed); the folder
    /// above (`assets_dir` or the input's) when `None`. A path that leaves
    /// it is reported as a missing file. `batch` sets it to the input tree.
    pub images_root: Option<PathBuf>,
}

impl Default for Formats {
    fn default() -> Self {
        Self::ALL
    }
}

impl Engine {
    /// The built-in fonts (Liberation Serif) and layout (`nd30`).
    pub fn new() -> Result<Self> {
        let nd30 = Layout::nd30()?;
        Ok(Self {
            fonts: FontSet::built_in()?,
            layouts: BTreeMap::from([(nd30.name.clone(), nd30)]),
            limits: Limits::default(),
            docx_fonts: docx::FontCache::default(),
            stamp_key: OnceLock::new(),
        })
    }

    /// Renders within `limits` instead of [`Limits::default`]: input size,
    /// nesting, elements, strings, tables, `data`, images and pages. An
    /// input over one is an [`Error::Input`] naming the path of the
    /// offending value, its size and the limit.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Uses the four faces found in `dir` instead of the built-in fonts.
    pub fn with_fonts_dir(mut self, dir: &Path) -> Result<Self> {
        self.fonts = FontSet::from_dir(dir)?;
        self.docx_fonts = docx::FontCache::default();
        self.stamp_key = OnceLock::new();
        Ok(self)
    }

    /// Adds the layouts found in `dir` (each `DIR/<name>/layout.json`, the
    /// format of `layouts/`); one named like a built-in layout replaces it.
    pub fn with_layouts_dir(mut self, dir: &Path) -> Result<Self> {
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path().join("layout.json")))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::Layout {
                file: dir.display().to_string(),
                key: String::new(),
                message: crate::msg!("render-no-layout-here"),
            });
        }
        for file in files {
            let layout = Layout::from_file(&file)?;
            self.layouts.insert(layout.name.clone(), layout);
        }
        self.stamp_key = OnceLock::new();
        Ok(self)
    }

    /// Adds a layout already loaded (and so checked: [`Layout::from_json`]);
    /// one of the same name is replaced. A service can load its layouts
    /// once, from wherever it keeps them, without a folder.
    pub fn with_layout(mut self, layout: Layout) -> Self {
        self.layouts.insert(layout.name.clone(), layout);
        self.stamp_key = OnceLock::new();
        self
    }

    /// The layouts, by name.
    pub fn layouts(&self) -> impl Iterator<Item = &Layout> {
        self.layouts.values()
    }

    /// The fonts in use.
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Parses and checks an input document without rendering it.
    pub fn check(&self, json: &[u8], file: &str) -> Result<input::Document> {
        let mut doc = input::parse_with(json, file, &self.limits)?;
        input::check_with(&mut doc, file, &|c| self.fonts.covers(c), &self.limits)?;
        Ok(doc)
    }

    /// The layout a document asks for.
    pub fn layout_for(&self, doc: &input::Document, file: &str) -> Result<&Layout> {
        let name = doc.layout.as_deref().unwrap_or("nd30");
        self.layouts.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.layouts.keys().map(String::as_str).collect();
            Error::input(
                file,
                Diagnostic::new("layout", crate::msg!("render-unknown-layout", name = name))
                    .with_hint(crate::msg!(
                        "render-known-layouts",
                        layouts = known.join(", ")
                    )),
            )
        })
    }

    /// Checks a document completely without writing anything: contract,
    /// content, layout, kind, document properties, the PDF standard's
    /// needs and the page count. Refuses exactly what [`Engine::render`]
    /// refuses (with the default options): it lays the document out to
    /// count its pages, which costs about what typesetting costs (a tenth
    /// of a second for a 100-page report in a release build), but writes
    /// no PDF or DOCX.
    pub fn validate(&self, json: &[u8], file: &str) -> Result<()> {
        self.validate_with(json, file, &RenderOptions::default())
    }

    /// [`Engine::validate`] for the render `options` would do: refuses
    /// exactly what [`Engine::render_with`] would (the page count only
    /// when a PDF is asked for: a DOCX's pages are its reader's business).
    pub fn validate_with(&self, json: &[u8], file: &str, options: &RenderOptions) -> Result<()> {
        let input = self.check(json, file)?;
        let doc = self.compose_for(&input, file, options)?;
        if options.formats.pdf {
            check_pdf_options(&options.pdf, &doc, file)?;
            pdf::typeset_within(&doc, &self.fonts, self.limits.max_pages, file)?;
        }
        Ok(())
    }

    /// Parses, checks and composes a document: the model both writers read.
    /// Images are looked up beside `file`.
    pub fn compose(&self, json: &[u8], file: &str) -> Result<doc::Document> {
        self.compose_in(json, file, &picture::base_dir(file))
    }

    /// [`Engine::compose`] with images looked up in `assets` (and only
    /// there: see [`picture::load_within`]).
    pub fn compose_in(&self, json: &[u8], file: &str, assets: &Path) -> Result<doc::Document> {
        self.compose_within(json, file, assets, assets)
    }

    /// [`Engine::validate`] with images looked up in `assets`.
    pub fn validate_in(&self, json: &[u8], file: &str, assets: &Path) -> Result<()> {
        let options = RenderOptions {
            assets_dir: Some(assets.to_path_buf()),
            ..RenderOptions::default()
        };
        self.validate_with(json, file, &options)
    }

    /// Composes `json` with images where `options` say (the input's folder
    /// unless `assets_dir`, and inside `images_root` if given): the one
    /// path both [`Engine::render_with`] and [`Engine::validate_with`] take.
    /// The document composed as a render with `options` composes it (its
    /// layout, and its images from the assets folder, confined to the
    /// images root); shared with [`crate::preview`].
    pub(crate) fn compose_for(
        &self,
        input: &input::Document,
        file: &str,
        options: &RenderOptions,
    ) -> Result<doc::Document> {
        let (assets, root) = image_dirs(file, options);
        self.compose_checked(input, file, &assets, &root)
    }

    /// The stamps a render of the checked `input` (`json` its source) with
    /// `options` writes into its outputs: the SHA-256, in hex, of vanban's
    /// version, the layouts, the fonts, the input's bytes and the images it
    /// names, and for the PDF the PDF options (see [`crate::batch::stamp`]).
    /// Deterministic; `batch --changed-only` compares it with the stamp
    /// its outputs carry.
    pub fn stamp(
        &self,
        input: &input::Document,
        json: &[u8],
        file: &str,
        options: &RenderOptions,
    ) -> doc::Stamps {
        let key = self
            .stamp_key
            .get_or_init(|| crate::batch::stamp::engine_key(self));
        let (assets, root) = image_dirs(file, options);
        crate::batch::stamp::compute(self, key, json, input, options, (&assets, &root))
    }

    fn compose_within(
        &self,
        json: &[u8],
        file: &str,
        assets: &Path,
        root: &Path,
    ) -> Result<doc::Document> {
        let input = self.check(json, file)?;
        self.compose_checked(&input, file, assets, root)
    }

    fn compose_checked(
        &self,
        input: &input::Document,
        file: &str,
        assets: &Path,
        root: &Path,
    ) -> Result<doc::Document> {
        let layout = self.layout_for(input, file)?;
        let pictures = picture::load_within(input, assets, root, file, &self.limits)?;
        compose::compose(input, layout, &pictures, file)
    }

    /// Renders one input document (JSON bytes) to PDF and DOCX; `file`
    /// names it in errors.
    pub fn render(&self, json: &[u8], file: &str) -> Result<Rendered> {
        self.render_as(json, file, Formats::ALL)
    }

    /// Renders one input document to the formats asked for (tagged PDF/A-2a
    /// + PDF/UA-1 with signature fields).
    pub fn render_as(&self, json: &[u8], file: &str, formats: Formats) -> Result<Rendered> {
        let options = RenderOptions {
            formats,
            ..RenderOptions::default()
        };
        self.render_with(json, file, &options)
    }

    /// Renders one input document as `options` say.
    pub fn render_with(
        &self,
        json: &[u8],
        file: &str,
        options: &RenderOptions,
    ) -> Result<Rendered> {
        let input = self.check(json, file)?;
        self.render_checked(&input, json, file, options)
    }

    /// [`Engine::render_with`] for a document [`Engine::check`] already
    /// gave (`json` is its source, attached by `--attach-source`): `batch`
    /// checks once for its `--changed-only` stamp and renders from that.
    pub fn render_checked(
        &self,
        input: &input::Document,
        json: &[u8],
        file: &str,
        options: &RenderOptions,
    ) -> Result<Rendered> {
        let stamp = || self.stamp(input, json, file, options);
        if self.stamp_key.get().is_some() {
            return self.render_stamped(input, json, file, options, stamp());
        }
        // An engine's first stamp hashes its fonts (1.5 MB, 1 ms on this
        // machine): a single `render` does it beside the composing and
        // typesetting, which do not need it, not before them.
        std::thread::scope(|s| {
            let hashing = std::thread::Builder::new().spawn_scoped(s, stamp).ok();
            let doc = self.compose_for(input, file, options)?;
            self.render_composed(doc, json, file, options, || {
                match hashing.map(|h| h.join()) {
                    Some(Ok(stamp)) => stamp,
                    _ => stamp(),
                }
            })
        })
    }

    /// [`Engine::render_checked`] with its stamp already computed
    /// ([`Engine::stamp`] of the same arguments): `batch` computes it
    /// first, to skip what is up to date.
    pub(crate) fn render_stamped(
        &self,
        input: &input::Document,
        json: &[u8],
        file: &str,
        options: &RenderOptions,
        stamp: doc::Stamps,
    ) -> Result<Rendered> {
        let doc = self.compose_for(input, file, options)?;
        self.render_composed(doc, json, file, options, || stamp)
    }

    /// Writes the formats asked for of a composed document, with the stamp
    /// `stamp` gives once the pages are typeset (it may still be hashing).
    fn render_composed(
        &self,
        mut doc: doc::Document,
        json: &[u8],
        file: &str,
        options: &RenderOptions,
        stamp: impl FnOnce() -> doc::Stamps,
    ) -> Result<Rendered> {
        let formats = options.formats;
        let pages = match formats.pdf {
            true => {
                check_pdf_options(&options.pdf, &doc, file)?;
                Some(pdf::typeset_within(
                    &doc,
                    &self.fonts,
                    self.limits.max_pages,
                    file,
                )?)
            }
            false => None,
        };
        doc.meta.stamp = Some(stamp());
        let pdf = pages
            .as_deref()
            .map(|pages| pdf::write_pdf(pages, &doc, &self.fonts, &options.pdf, json))
            .transpose()?;
        let docx = match formats.docx {
            true => Some(docx::write_docx_cached(
                &doc,
                &self.fonts,
                &self.docx_fonts,
            )?),
            false => None,
        };
        Ok(Rendered {
            notes: doc.meta.created_note.iter().cloned().collect(),
            doc,
            pages: pages.unwrap_or_default(),
            pdf,
            docx,
        })
    }
}

/// The folder images are looked up in and the folder they must lie in, for
/// a render of `file` with `options`.
fn image_dirs(file: &str, options: &RenderOptions) -> (PathBuf, PathBuf) {
    let assets = match &options.assets_dir {
        Some(dir) => dir.clone(),
        None => picture::base_dir(file),
    };
    let root = options
        .images_root
        .clone()
        .unwrap_or_else(|| assets.clone());
    (assets, root)
}

/// Refuses option combinations and documents a PDF standard cannot take,
/// before any work, with what to do instead.
fn check_pdf_options(o: &PdfOptions, doc: &doc::Document, file: &str) -> Result<()> {
    if o.attach_source && !o.standard.allows_attachments() {
        return Err(Error::Pdf(crate::msg!(
            "render-no-attachments",
            standard = o.standard.to_string()
        )));
    }
    if o.standard.is_archival() && doc.meta.created.is_none() {
        return Err(Error::input(
            file,
            Diagnostic::new(
                "date",
                crate::msg!("render-no-creation-date", standard = o.standard.to_string()),
            ),
        ));
    }
    Ok(())
}
