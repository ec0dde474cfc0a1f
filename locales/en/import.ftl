# Messages of the import area. English.
import-doc-needs-libreoffice = this is a Word 97–2003 .doc file: reading it needs LibreOffice, which is not installed (no soffice or libreoffice on PATH); install it (`apt-get install libreoffice-writer-nogui`) or save the file as .docx
import-doc-convert-io = converting the .doc with LibreOffice: { $what }: { $reason }
import-doc-timeout = LibreOffice took more than { $seconds } s to convert the .doc and was stopped; open the file in Word or LibreOffice and save it as .docx
import-doc-convert-failed = LibreOffice could not convert the .doc ({ $status }{ $details }); the file may be damaged or password-protected: open it in Word or LibreOffice and save it as .docx
import-doc-output-too-large = the DOCX LibreOffice made of the .doc is too large: { $reason } (`max_source_bytes`); raise it with `--limit max_source_bytes=N` (`Limits::max_source_bytes` in the library) if the file is genuine
import-no-body = no body text found: the file holds a header and a closing but nothing between them (is it a cover page, or a scan with only a text stamp?)
import-result-invalid = the document recognised in this file does not validate, so it is not written: { $reason }
    (this is a gap in vanban's importer: please report it with the file)
import-docx-no-body = this DOCX's main document ({ $main }) has no w:body: it holds no text to import
import-docx-unreadable = this is not a readable DOCX file: { $reason }
import-docx-part-too-large = the DOCX part { $name } unpacks to more than { $mib } MiB: too large to import (a damaged file or a zip bomb); open it in Word or LibreOffice and save it again, or split the document
import-no-layout = the built-in layout nd30 is missing
import-not-utf8 = the text is not UTF-8 (byte { $byte } is not valid): give --encoding tcvn3 or vni, or auto
import-pdf-malformed = this PDF could not be read (its content is malformed): open it in a PDF viewer and print it to a new PDF, then import that
import-pdf-too-many-pages = this PDF has { $count } pages; import reads at most { $max_pages }: split it first (e.g. `qpdf in.pdf --pages . 1-{ $max_pages } -- part.pdf`)
import-pdf-too-many-glyphs = this PDF draws more than { $max } glyphs by page { $page }: import reads documents, not books; split it first
import-pdf-not-vietnamese = this PDF's text layer does not read as Vietnamese ({ $syllables } of { $words } words are Vietnamese syllables): if it was scanned, recognise it again with the Vietnamese language (e.g. `ocrmypdf -l vie --force-ocr in.pdf out.pdf`); if its fonts have no Unicode map, export it again from the original document
import-pdf-scanned = this is a scanned PDF ({ $count ->
    [one] { $count } page
   *[other] { $count } pages
  }, images with no text layer): its text must be recognised (OCR) first, e.g. `ocrmypdf -l vie in.pdf out.pdf`, then import out.pdf
import-pdf-no-text = this PDF ({ $count ->
    [one] { $count } page
   *[other] { $count } pages
  }) holds no text at all
import-pdf-encrypted = this PDF is encrypted and its text cannot be read ({ $reason }): open it with its password and save an unencrypted copy (e.g. `qpdf --decrypt --password=… in.pdf out.pdf`), then import that
import-pdf-broken = this is not a readable PDF (its structure is broken): open it in a PDF viewer and print it to a new PDF, then import that
import-warn-table-cells = { $count } short blocks from here look like a table's cells, but without a serial-number column (1, 2, 3 …) its columns are unknown: kept as paragraphs; make it a table by hand
import-warn-deciding-line = `{ $t }` left out: the layout prints the deciding line itself
import-warn-unnumbered-heading = `{ $text }` (a short line without punctuation) read as a heading without a number; check it
import-warn-issuer-guessed = no issuer in the header: `{ $name }` guessed from { $n } mentions in the text; check it
import-warn-no-issuer = no issuer found: fill in `issuer.name`
import-warn-no-type-name = no type name (BÁO CÁO, TỜ TRÌNH, …) found: kind `{ $guessed }` assumed
import-warn-no-number-line = no `Số:` line: symbol `{ $s }` assumed and the number left blank
import-warn-no-place-date = no place and date line: place `{ $p }` taken from the issuer, date left blank
import-warn-after-signer = `{ $text }` after the signer's name fits no part of the closing: placed as the body's last paragraph; move it
import-warn-no-position = no signer's position found: fill in `signature.position`
import-warn-no-signer-name = no signer's name found: fill in `signature.name`
import-warn-signing-note = `{ $t }` (a signing note) left out: the signature space replaces it
import-warn-appendix-header = `{ $text }` in the attached text's header left out: the layout repeats the document's header
import-warn-appendix-trailing = `{ $text }` after the appendix's content placed as its last paragraph; check it
import-warn-appendix-empty = an appendix without content: its title kept as its body; fill it in
import-warn-blank-entry = `{ $path }`: a blank entry left out
import-warn-image-page = page { $page } is an image with no text layer: its text is missing; recognise it (OCR) first, e.g. `ocrmypdf -l vie in.pdf out.pdf`
## Repairs (src/import/repair.rs, docx, pdf).
import-repair-oi = ƣ (U+01A3, oi) for ư
import-repair-oi-upper = Ƣ (U+01A2, OI) for Ư
import-repair-eth-upper = Ð (U+00D0, eth) for Đ
import-repair-eth = ð (U+00F0, eth) for đ
import-repair-bullet-symbol = a private-use bullet (U+F0B7, Symbol font) for -
import-repair-bullet-wingdings = a private-use bullet (U+F0A7, Wingdings) for -
import-repair-arrow-wingdings = a private-use arrow (U+F0D8, Wingdings) for -
import-repair-bullet-wingdings-f076 = a private-use bullet (U+F076, Wingdings) for -
import-repair-dash-symbol = a private-use dash (U+F02D, Symbol font) for -
import-repair-bullet = a bullet • for -
import-repair-bom = a byte order mark inside the text
import-repair-nfc = decomposed accents (NFD) composed (NFC)
import-repair-tab = a tab (U+0009) made a space
import-repair-invisible = an invisible character ({ $code }) removed
import-repair-split-syllable = a syllable split by a stray space, joined
import-repair-nested = content nested more than { $depth } levels deep (tables in text boxes in tables …) left out
import-repair-border-paragraph = an empty paragraph with a border (a drawn rule) left out
import-repair-underscores = a rule typed as underscores left out
import-repair-line-shape = a drawn rule (a line shape, no text) left out
import-repair-picture = a picture left out (no text)
import-repair-shape = a drawn shape without text left out
import-repair-page-number = page number { $number } left out (the layout numbers pages)
import-repair-signing-stamp = the signing stamp left out (it is the signature's record, not the document's text)
import-repair-signed-note = the note “(Đã ký …)” of a copy left out
import-result-unwritable = the imported document cannot be written as JSON: { $reason }
## Limits (src/import/mod.rs, src/import/docx/package.rs).
import-docx-too-many-entries = this DOCX holds { $count } zip entries; the limit is { $limit }
    .hint = it is not a Word document vanban can read; open it in Word or LibreOffice and save it again, or raise the limit: `Limits::max_source_objects` in the library, `--limit max_source_objects=N` on the command line
import-docx-unpacks-over = the DOCX parts unpack to more than the limit (at { $name }: a damaged file or a zip bomb); the limit is { $limit }
    .hint = open it in Word or LibreOffice and save it again, or split the document, or raise the limit: `Limits::max_unpacked_bytes` in the library, `--limit max_unpacked_bytes=N` on the command line
import-docx-too-many-elements = the DOCX part { $name } holds more XML elements than the limit; the limit is { $limit }
    .hint = split the document, or raise the limit: `Limits::max_source_objects` in the library, `--limit max_source_objects=N` on the command line
import-docx-too-many-paragraphs = the DOCX's main document ({ $name }) holds more paragraphs than an input may hold elements; the limit is { $limit }
    .hint = split the document, or raise the limit: `Limits::max_elements` in the library, `--limit max_elements=N` on the command line
import-docx-too-many-nodes = the DOCX part { $name } holds more XML nodes than the limit; the limit is { $limit }
    .hint = split the document, or raise the limit: `Limits::max_source_objects` in the library, `--limit max_source_objects=N` on the command line
import-text-too-large = the text is { $size }; the limit is { $limit }
    .hint = the JSON made from it would be larger still; split the text into several documents, or raise the limit: `Limits::max_input_bytes` in the library, `--limit max_input_bytes=N` on the command line
import-line-too-long = line { $line } is { $size }; the limit is { $limit }
    .hint = break the line into paragraphs, or raise the limit: `Limits::max_string_bytes` in the library, `--limit max_string_bytes=N` on the command line
