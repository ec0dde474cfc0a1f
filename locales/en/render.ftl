# Messages of the render area. English.

-raise-limit-render = or raise the limit: `Limits::{ $field }` in the library, `--limit { $field }=N` on the command line

## Reading files (src/fsread.rs).

render-not-a-file = it is { $what ->
        [fifo] a FIFO (named pipe)
        [char-device] a character device
        [block-device] a block device
        [socket] a socket
        [directory] a directory
       *[other] not a regular file
    }, not a regular file: give a regular file
render-file-over-limit = it is { $size }, over the limit of { $limit }

## Layouts (src/layout.rs, src/layout/geometry.rs).

render-layout-not-utf8 = the file is not UTF-8 text: save it as UTF-8 JSON
render-layout-style-missing = this style is missing
render-layout-style-unknown = no element has this style; the styles are: { $known }
render-layout-text-size = { $size } pt is not a text size (4–72)
render-layout-line-height-range = { $value } is not a line height (0.8–3)
render-layout-ratio = { $value } is not a share of the width (0.1–0.9)
render-layout-numbering = at least one level is needed
render-layout-template-missing = this template is missing
render-layout-template-long = the template is { $bytes } bytes long; allowed: at most { $max }
render-layout-placeholders = the template has { $count } placeholders; allowed: at most { $max }
render-layout-not-a-value = `{"{{"}{ $name }{"}}"}` is not a value of this line; it has: { $values }
render-layout-top-margin = a top margin of { $top } mm cannot hold the page number ({ $size } pt); allowed: at least { $least } mm
render-layout-line-height = a line of { $line } pt (size × line_height) is over a quarter of the text height; allowed: at most { $most } pt
render-layout-first-indent = the first line starts { $first } mm from the margin (left_indent_mm + first_indent_mm); allowed: 0–{ $most } mm (two thirds of the text width)
render-layout-range = { $value } is out of range; allowed: { $low }–{ $high } { $unit ->
        [mm] mm
        [pt] pt
        [of-the-line] of the line
        [of-the-space] of the space's width
        [of-the-signature] of the signature image (numerator ≤ denominator)
        [denominator] (the denominator)
        [times-size] × the size
        [mm-signature] mm (at most 100, and 40 % of the text height)
       *[other] { $unit }
    }
render-layout-margins = the margins ({ $sides ->
        [left] left + right
       *[top] top + bottom
    } = { $sum } mm) leave less than half the paper's { $paper } mm for text; allowed: at most { $most } mm together
render-layout-too-long = `{ $text }` is { $count } characters long; allowed: at most 8

## Fonts (src/text).

-embedding-instead = use a font whose licence allows embedding (the built-in Liberation Serif has Times New Roman's widths)
render-font-damaged = the font file is damaged: { $reason }
render-font-unusable = not a usable TrueType/OpenType font ({ $reason })
render-font-no-embedding = its licence forbids embedding (OS/2 fsType: restricted licence embedding); a PDF or DOCX made with it could not carry the font: { -embedding-instead }
render-font-no-subsetting = its licence forbids subsetting (OS/2 fsType bit 8): { -embedding-instead }
render-font-bitmaps-only = its licence allows embedding bitmaps only (OS/2 fsType bit 9), and the PDF and DOCX embed outlines: { -embedding-instead }
render-font-cannot-read = cannot read the font: { $reason }
render-font-unusable-in-folder = not a usable TrueType/OpenType font ({ $reason }); the folder must hold only the four faces' .ttf/.otf files: remove or replace it
render-font-two-faces = two { $face ->
        [regular] regular
        [bold] bold
        [italic] italic
       *[bold-italic] bold italic
    } faces: { $first } and { $second }; keep one family per folder
render-font-face-missing = no { $face ->
        [regular] regular
        [bold] bold
        [italic] italic
       *[bold-italic] bold italic
    } face found; the folder needs regular, bold, italic and bold italic files
render-font-four-faces = a font set needs exactly four faces
render-font-no-vietnamese = the font has no Vietnamese letter `{ $char }` ({ $code }); use a font with Vietnamese coverage
render-font-shaper = the shaper cannot read this font

## The engine (src/engine.rs).

render-no-layout-here = no layout here: a layout is a folder holding layout.json
render-unknown-layout = unknown layout `{ $name }`
render-known-layouts = known layouts: { $layouts }
render-no-attachments = { $standard } forbids attached files: attaching the source needs PDF/A-3 (--pdf-standard a-3a,ua-1, the default with --attach-source, or a-3b)
render-no-creation-date = { $standard } needs a creation date, and none could be made for the document
    .hint = give `metadata.created` (e.g. "2023-09-25"), or a `date`, or render with --pdf-standard none

## Images (src/picture.rs). A message inside another comes in both languages
## ($reason, $reason_vi); each text shows its own.

render-over-image-bytes = the image `{ $image }` is { $size }; the limit is { $limit }
    .hint = save it smaller (a seal or signature PNG needs well under 1 MB), { -raise-limit-render(field: "max_image_bytes") }
render-image-cannot-read = cannot read the image `{ $image }`: { $reason }{ $reason_vi ->
       *[other] {""}
    }
    .hint = image paths are relative to the input file; give a readable PNG (transparent background)
render-image-not-png = the image `{ $image }` is not a usable PNG: { $reason }{ $reason_vi ->
       *[other] {""}
    }
render-png-broken = { $what ->
        [ends-early] the file ends before its image data does
        [broken] its structure is broken
        [undecodable] it cannot be decoded
       *[memory] it needs too much memory to decode
    }
    .hint = save it again as PNG (transparent background)
render-png-signature = the file does not start as a PNG does
    .hint = save it again as PNG (transparent background)
render-png-no-end = the file has no end chunk (IEND): it is cut short
    .hint = save it again as PNG (transparent background)
render-over-image-pixels = it is { $width }×{ $height } = { $pixels } pixels; the limit is { $limit } pixels
    .hint = scale it down (a seal 40 mm wide at 600 dpi is 950×950 pixels), { -raise-limit-render(field: "max_image_pixels") }
render-image-not-found = the image `{ $image }` is not found in `{ $folder }`
    .hint = image paths are relative to the input file's folder and stay inside it (or inside the folder given with --assets); put the PNG there

## PDFs read back (src/pdf/extract.rs, src/pdf/scan).

render-pdf-streams = this PDF holds more than { $limit } streams; the limit is { $limit }
    .hint = split the file, { -raise-limit-render(field: "max_source_objects") }
render-pdf-unpacked = this PDF's streams inflate to more than the limit, decoded (a compression bomb, or far more than a document holds); the limit is { $limit }
    .hint = the file cannot be read safely, { -raise-limit-render(field: "max_unpacked_bytes") }
render-pdf-pages = this PDF names more than { $most } { $what ->
        [pages] page objects
       *[kids] page-tree kids (each one a page, or a node of pages)
    }; the limit is { $limit } pages (four times over, for revisions)
    .hint = split the file, { -raise-limit-render(field: "max_pages") }
render-pdf-uncountable = { $what }
    .hint = vanban counts what a PDF's streams decode to before reading it, and cannot count this one; print the file to a new PDF and give that
render-pdf-unreadable = this is not a readable PDF file ({ $why ->
        [malformed] its structure is malformed
        [encrypted] it is encrypted
        [catalog] no catalog
       *[broken] its structure is broken
    })
render-pdf-no-source = this PDF has no attached source (`{ $name }`): it was rendered without --attach-source, or by another program; render the input again with `vanban render --attach-source` to archive it
render-pdf-other-attachments = this PDF has attachments ({ $names }) but no vanban source (`{ $name }`)
render-pdf-source-no-stream = the attached source cannot be read: its file stream is missing
render-pdf-source-not-utf8 = the attached source is not JSON: it is not UTF-8 text (byte { $byte } is not valid); it was not written by `vanban render --attach-source`
render-pdf-source-not-json = the attached source is not JSON ({ $reason }); it was not written by `vanban render --attach-source`
render-pdf-source-inflate = the attached source cannot be decompressed: { $reason }
render-pdf-source-encoding = the attached source is encoded with { $filters }: vanban writes it deflated (FlateDecode) or stored; it was not written by `vanban render --attach-source`
render-pdf-source-too-large = the attached source is larger than the input limit ({ $size } read so far); the limit is { $limit }
    .hint = this is not an input vanban would render, { -raise-limit-render(field: "max_input_bytes") }
render-pdf-attachment-tree = this PDF's attachment tree has more nodes and entries than the limit; the limit is the limit
    .hint = it was not written by vanban, { -raise-limit-render(field: "max_source_objects") }

## Writing the PDF and DOCX (src/pdf/write.rs, typeset.rs, src/docx, src/compose, src/batch.rs).

render-pdf-font = a font could not be embedded: { $reason }
render-pdf-standard-broken = the document breaks the PDF standard: { $list }{ $list_vi ->
       *[other] {""}
    }
render-pdf-size-limit = a PDF size limit was exceeded: { $limit }
render-pdf-writer = the PDF writer failed: { $reason }
render-pdf-rule = { $what ->
        [notdef] a character has no glyph in the font (it would print as a box)
        [mapping] a glyph cannot be mapped back to its text
        [private] the text holds a private-use character, which has no meaning in an archive
        [licence] a font's licence forbids embedding
        [long-string] a metadata string is longer than 32767 bytes
        [date] PDF/A needs a creation date: give the document a `date` or `metadata.created`, or choose --pdf-standard none
        [embedded] this PDF standard forbids attached files: attaching the source needs PDF/A-3 (--pdf-standard a-3a,ua-1 or a-3b)
       *[other] { $rule }
    }
render-pdf-page-size = invalid page size { $width }×{ $height }
render-pdf-attach-twice = the source could not be attached twice
render-pdf-configure = cannot configure { $standard }: { $reason }
render-pdf-image = the image `{ $image }` cannot be written: { $reason }
render-too-many-pages = the document runs to more than { $limit } pages; the limit is { $limit } pages
    .hint = split the document into several, { -raise-limit-render(field: "max_pages") }
render-docx-package = docx-rs could not write the package: { $reason }
render-docx-zip = the DOCX package: { $reason }
render-unknown-kind = unknown kind `{ $kind }`
render-known-kinds = layout `{ $layout }` knows: { $kinds }
render-pdf-property = the PDF's { $what ->
        [title] title
        [author] author
        [subject] subject
       *[keywords] keywords
    } property would be { $bytes } bytes long; a PDF holds at most { $max } bytes in one string
    .hint = shorten it: document properties are for a title, a name, a few keywords
render-batch-threads = cannot start the worker threads: { $reason }
render-batch-grew = { $file }: grew while read
render-batch-committer = the batch's writer stopped before writing every document: run the batch again (with --changed-only, only what is missing is rendered)

## Notes (src/compose/created.rs): where a blank date's creation date came from.

render-note-epoch = the date is blank: the file's creation date is SOURCE_DATE_EPOCH ({ $seconds })
render-note-epoch-bad = the date is blank and SOURCE_DATE_EPOCH is not a number of seconds: the file's creation date is the current time
render-note-now = the date is blank: the file's creation date is the current time (give `metadata.created`, or set SOURCE_DATE_EPOCH, for a reproducible file)
render-batch-collision = { $names }{ $names_vi ->
       *[other] {""}
    } would be written to the same output files (their names differ only in case, or in bytes that are not UTF-8): rename all but one; nothing was rendered
render-output-half-replaced = { $reason }; { $names } already replaced, so the files now come from different renders: fix the cause and render again
