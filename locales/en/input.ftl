# Messages of the input area (src/input: reading and checking the JSON). English.
# The English texts are the ones the tests and users know: keep them as they are.

-raise-limit = or raise the limit: `Limits::{ $field }` in the library, `--limit { $field }=N` on the command line

## Decoding (src/input/mod.rs, serde_msg.rs): serde's own texts, rebuilt from their parts.
## A selector with one default variant shows serde's English text as it is; the
## Vietnamese file translates the kinds it knows.

input-not-utf8 = the file is { $encoding }, not UTF-8
    .hint = save it as UTF-8 (the JSON standard's encoding)
input-json-eof = the JSON ends too early ({ $what ->
       *[other] { $detail }
    })
input-json-syntax = not valid JSON ({ $what ->
       *[other] { $detail }
    })
input-json-too-deep = the JSON is nested more than 128 levels deep
input-json-invalid-type = invalid type: { $found_kind ->
       *[other] { $found }
    }, expected { $expected_kind ->
       *[other] { $expected }
    }{ $found_value ->
       *[other] {""}
    }
input-json-invalid-value = invalid value: { $found_kind ->
       *[other] { $found }
    }, expected { $expected_kind ->
       *[other] { $expected }
    }{ $found_value ->
       *[other] {""}
    }
input-json-invalid-length = invalid length { $length }, expected { $expected_kind ->
       *[other] { $expected }
    }
input-json-unknown-field = unknown field `{ $field }`, { $known ->
       *[other] { $tail }
    }
input-json-unknown-variant = unknown variant `{ $value }`, { $known ->
       *[other] { $tail }
    }
input-json-missing-field = missing field `{ $field }`
input-json-duplicate-field = duplicate field `{ $field }`
input-json-other = { $text }

input-hint-eof = the file is truncated: check that every {"{"} [ and " is closed
input-hint-too-deep = flatten the structure; vanban reads at most 128 levels of JSON, and sections and lists at most `Limits::max_depth` ({ $max_depth }) deep
input-hint-escape = a `\uXXXX` escape takes four hex digits, and one of D800–DFFF (half of a surrogate pair) must be followed by the other half, e.g. `\ud83d\ude00`; better, write the character itself
input-hint-not-utf8 = the file is not UTF-8: save it as UTF-8 (`vanban import --encoding` reads TCVN3 and VNI text)
input-hint-control = a control character (a tab, a line break) inside a string must be escaped (`\t`, `\n`); most are refused anyway: remove it
input-hint-syntax = fix the JSON syntax at this line and column
input-hint-read = check that the file can be read
input-hint-missing-key = add the missing key; spec/input.md lists the required keys
input-hint-remove-key = remove the key: unknown keys are refused so that a typo cannot drop content silently; keep your own values in `data`
input-hint-rename-key = rename it (did you mean `{ $suggestion }`?); unknown keys are refused so that a typo cannot drop content silently; keep your own values in `data`
input-hint-variant = use one of the values listed
input-hint-variant-suggest = use one of the values listed (did you mean `{ $suggestion }`?)
input-hint-twice = keep one of them: JSON readers disagree on which one counts
input-hint-null = `null` is not allowed here: write the value (spec/input.md says which keys may be null or left out)
input-hint-array = write an array (`[…]`), even for a single entry
input-hint-string = write the value as a string in double quotes
input-hint-date = write a real calendar date as YYYY-MM-DD (or {"{"}"year": YYYY{"}"}, or null to leave it blank)
input-hint-spec = see spec/input.md (or `vanban schema`) for the expected form

## The forms of the input (src/input/de.rs).

input-key-twice = the key `{ $key }` appears twice
input-unknown-block-key = unknown block key `{ $key }`: a block is a string, an array of runs, or an object with one of the keys `paragraph`, `heading`, `article`, `list`, `table`, `center`, `chapter`, `page_break`
input-block-forms = a block has one form, this one has { $keys ->
       *[other] { $forms }
    }: split it into several blocks
input-key-not-of-block = the key `{ $key }` does not belong to a { $form } block
input-page-break-false = `page_break` must be true: remove the block to have no break
input-empty-block = empty block: a block is a string, an array of runs, or an object with one of the keys `paragraph`, `heading`, `article`, `list`, `table`, `center`, `chapter`, `page_break`
input-unknown-item-key = unknown list item key `{ $key }`: an item object has `text`, `list` and `marker`
input-marker-without-list = `marker` belongs to the item's `list`, which is missing
input-unknown-marker = unknown list marker `{ $marker }`: use `-`, `+`, `a)` or `1.`
input-year-out-of-range = the year { $year } is out of range (1900–9999)
input-date-form = invalid date `{ $date }`: write it as YYYY-MM-DD, e.g. 2023-09-25
input-date-month = invalid date `{ $date }`: there is no month { $month }
input-date-day = invalid date `{ $date }`: month { $month } of { $year } has { $days } days
input-timestamp-form = invalid timestamp `{ $timestamp }`: write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00, e.g. 2023-09-25T08:30:00+07:00

## Limits (src/input/limits.rs and the checks).

input-limit-not-number = `{ $value }` is not a number (a size may end in K, M or G)
input-limit-too-large = { $value } is too large
input-limit-unknown = unknown limit `{ $name }`; the limits are { $names }
input-over-input-bytes = the input is { $size }; the limit is { $limit }
    .hint = split the document into several, { -raise-limit(field: "max_input_bytes") }
input-over-depth = this is nested { $depth } levels deep; the limit is { $limit }
    .hint = flatten the structure (a section's content, a list's items), { -raise-limit(field: "max_depth") }
input-over-elements = this is element { $element } of the document (each block, list item, table cell, line and run of text counts one); the limit is { $limit }
    .hint = split the document into several, { -raise-limit(field: "max_elements") }
input-over-data-values = this is value { $value } of `data` (each string, number, array and object counts one); the limit is { $limit }
    .hint = keep in `data` only the values the placeholders use, { -raise-limit(field: "max_data_values") }
input-over-signers = the document has { $count } signers; the limit is { $limit }
    .hint = a joint document has two or three signers: sign the others' copies apart, { -raise-limit(field: "max_signers") }
input-over-pages = with this { $what ->
        [appendix] appendix
       *[page-break] page break
    }, page { $page } begins; the limit is { $limit } pages
    .hint = split the document into several, { -raise-limit(field: "max_pages") }
input-over-columns = the table has { $count } columns; the limit is { $limit }
    .hint = split the table, or turn it (rows for columns), { -raise-limit(field: "max_table_columns") }
input-over-rows = the table has { $count } rows; the limit is { $limit }
    .hint = split the table, or put the data in an annex of its own, { -raise-limit(field: "max_table_rows") }
input-over-string = the text is { $size } long; the limit is { $limit }
    .hint = split it into several paragraphs (or cells), { -raise-limit(field: "max_string_bytes") }
input-over-filled-total = filling the placeholders of this text takes all the text filled in from `data` past the input's size limit; the limit is { $limit }
    .hint = use shorter values in `data`, { -raise-limit(field: "max_input_bytes") }
input-over-filled = with its placeholders filled, the text is more than { $size } long; the limit is { $limit }
    .hint = use shorter values in `data`, { -raise-limit(field: "max_string_bytes") }

## Content checks (src/input/check.rs).

input-more-problems = and { $count } more problems
    .hint = fix the problems above first
input-body-empty = the body is empty
    .hint = a document needs at least one paragraph
input-language-tag = `{ $tag }` is not a BCP 47 language tag
    .hint = give a tag such as "vi", "vi-VN" or "en-US" (letters, digits and `-`, at most { $max } characters), or leave it out for vi-VN
input-type-name-missing = a text issued with the document (`form: attached`) needs its type name
    .hint = add "type_name": "QUY CHẾ" (or QUY ĐỊNH, ĐIỀU LỆ, …)
input-appendix-empty = the appendix is empty
    .hint = give it at least one paragraph, or remove it
input-no-signer = the document has no signer
    .hint = add "signature": {"{"}"position": …, "name": …{"}"}
input-seal-width = a seal { $width } mm wide is out of range
    .hint = give its printed width in millimetres, 10–80 (a round seal is 30–42)
input-seal-signer = there is no signer { $signer }: the document has { $count }
    .hint = count signers from 0, left to right
input-list-empty = the list is empty
    .hint = remove it
input-table-no-columns = the table has no columns
input-column-width = the column width { $width } is not positive
    .hint = widths are relative: 1, 2, 0.5 …
input-row-cells = the row has { $cells } cells but the table has { $columns } columns
    .hint = give every row one cell per column ("" for an empty cell)
input-text-empty = the text is empty
    .hint = remove the entry: spacing comes from the layout
input-value-empty = the value is empty
    .hint = fill it in
input-character-not-allowed = { $what ->
        [control] the control character
       *[invisible] the invisible formatting character
    } { $code }{ $name } is not allowed here
    .hint = remove it; line breaks are made by the layout, and text direction and joining are the fonts' business
input-fonts-cannot-draw = the fonts cannot draw `{ $char }` ({ $code })
    .hint = remove or replace the character, or use fonts that have it (--fonts DIR)

## Placeholders (src/input/template.rs, check.rs).

input-hint-placeholder = add the value to `data`, or write `\{"{{"}` for literal braces
input-placeholder-not-text = the placeholder `{"{{"}{ $name }{"}}"}` is { $kind ->
        [null] null
        [array] an array
       *[object] an object
    } in `data`; only text, a number or true/false can be filled in
    .hint = give the value as text (a string), or name one of its fields: `{"{{"}a.b{"}}"}`
input-placeholder-missing = the placeholder `{"{{"}{ $name }{"}}"}` has no value in `data`
input-template-missing = the placeholder `{"{{"}{ $name }{"}}"}` has no value
input-template-not-text = the placeholder `{"{{"}{ $name }{"}}"}` is { $kind ->
        [null] null
        [array] an array
       *[object] an object
    }; only text, a number or true/false can be filled in
input-template-too-long = the filled text is longer than { $max } bytes
input-template-has = only plain `{"{{"}name{"}}"}` placeholders are filled; this text has { $what ->
        [raw-block] a raw block (`{"{{{{"}…{"}}}}"}`)
        [block] a block (`{"{{"}#…{"}}"}`)
        [block-end] the end of a block (`{"{{"}/…{"}}"}`)
        [inverted] an inverted block (`{"{{"}^…{"}}"}`)
        [partial] a partial (`{"{{"}>…{"}}"}`)
        [decorator] a decorator (`{"{{"}*…{"}}"}`)
        [comment] a comment (`{"{{"}!…{"}}"}`)
        [sub-expression] a sub-expression (`{"{{"}(…){"}}"}`)
        [at-variable] a `@` variable
        [unclosed] a `{"{{"}` that is never closed (write `\{"{{"}` for literal braces)
        [unclosed-bracket] a `[` that is never closed
        [empty] an empty placeholder `{"{{}}"}`
        [else] a block's `{"{{"}else{"}}"}`
       *[helper] a helper call (a name followed by arguments)
    } (at character { $at })
input-template-name-is = only plain `{"{{"}name{"}}"}` placeholders are filled; `{"{{"}{ $name }{"}}"}` is { $what ->
        [parent] a path to a parent (`../`)
        [not-name] not a name
       *[not-name-chars] not a name (letters, digits, `-`, `_`, `$`, `:`)
    } (at character { $at })
