# Messages of the render area. English.

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
render-no-attachments = { $standard } forbids attached files: attaching the source needs PDF/A-3b (--pdf-standard a-3b, the default with --attach-source)
render-no-creation-date = { $standard } needs a creation date, and none could be made for the document
    .hint = give `metadata.created` (e.g. "2023-09-25"), or a `date`, or render with --pdf-standard none
