//! The input contract as a JSON Schema (draft 2020-12), for `vanban schema`.
//!
//! `JsonSchema` is implemented by hand for every input type: most of them have
//! hand-written `Deserialize` impls (`de.rs`) that a derive could not follow,
//! and the schema must say exactly what those impls accept. Each schema mirrors
//! serde: `additionalProperties: false` where unknown keys are errors,
//! `required` for the fields without a default, `null` where an `Option`
//! accepts it. It also states the rules of [`check`](super::check) that JSON
//! Schema can express (a non-empty body, list and columns, a signer, values
//! that are not blank, positive column widths); what it cannot express (NFC,
//! font coverage, row lengths, calendar dates, placeholders) is left to
//! `check`, so a document valid against the schema may still be refused.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use super::{
    Align, Appendix, AppendixForm, Block, Column, DateSpec, Document, Inline, Issuer, Item, List,
    Marker, Metadata, Orientation, Run, Seal, Signature, Table,
};

/// The JSON Schema (draft 2020-12) of an input document, with the shared types
/// under `$defs`.
pub fn input_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let root = generator.into_root_schema_for::<Document>().to_value();
    // schemars gives an object for a struct; anything else goes out as is.
    let Value::Object(mut root) = root else {
        return root;
    };
    // `$schema`, the title and description first, `$defs` last.
    let mut out = Map::new();
    for key in ["$schema", "title", "description"] {
        if let Some(v) = root.shift_remove(key) {
            out.insert(key.to_string(), v);
        }
    }
    let defs = root.shift_remove("$defs");
    out.extend(root);
    if let Some(defs) = defs {
        out.insert("$defs".to_string(), defs);
    }
    Value::Object(out)
}

/// A string that must hold more than white space (`check` refuses blank values).
const NOT_BLANK: &str = "\\S";

/// The name and a unique id of a type's schema; the name is its key in `$defs`.
macro_rules! names {
    ($t:ident) => {
        fn schema_name() -> Cow<'static, str> {
            stringify!($t).into()
        }

        fn schema_id() -> Cow<'static, str> {
            concat!("vanban::input::", stringify!($t)).into()
        }
    };
}

/// `schema` (usually a `$ref`) with a description of its own.
fn described(mut schema: Schema, description: &str) -> Schema {
    schema.insert("description".into(), description.into());
    schema
}

/// `schema` or `null`, as an `Option` with `#[serde(default)]` accepts.
fn or_null(schema: Schema, description: &str) -> Schema {
    json_schema!({
        "description": description,
        "oneOf": [schema, { "type": "null" }]
    })
}

/// An array of `items`.
fn array_of(items: Schema, description: &str) -> Schema {
    json_schema!({
        "description": description,
        "type": "array",
        "items": items
    })
}

impl JsonSchema for Document {
    names!(Document);

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let issuer = described(
            g.subschema_for::<Issuer>(),
            "The issuing agency (cơ quan ban hành) and its parent (cơ quan chủ quản).",
        );
        let date = or_null(
            g.subschema_for::<DateSpec>(),
            "The date of the date line: `YYYY-MM-DD`, or `{\"year\": 2023}` to leave day \
             and month blank for the clerk; absent or null leaves day, month and year blank.",
        );
        let inline = g.subschema_for::<Inline>();
        let recipients = array_of(
            inline.clone(),
            "The Kính gửi lines; with several, vanban adds `- `, `;` and the final `.` \
             where missing.",
        );
        let preamble = array_of(
            inline.clone(),
            "The Căn cứ / Xét đề nghị lines, printed italic; vanban adds `;` after each and \
             `.` after the last where missing.",
        );
        let distribution = array_of(
            inline,
            "The Nơi nhận items; vanban adds `- `, `;` and the final `.` where they are missing.",
        );
        let mut body = array_of(
            g.subschema_for::<Block>(),
            "The content: at least one block.",
        );
        body.insert("minItems".into(), 1.into());
        let signature = g.subschema_for::<Signature>();
        let one_signer = or_null(
            signature.clone(),
            "One signer, in the right column; required unless `signatures` is given.",
        );
        let signers = array_of(
            signature,
            "Several signers side by side (biên bản, liên tịch).",
        );
        let seal = or_null(
            g.subschema_for::<Seal>(),
            "The agency's seal on the electronic copy, overlapping the left third of the \
             signer's signature image (Nghị định 30/2020, Phụ lục I).",
        );
        let appendices = array_of(
            g.subschema_for::<Appendix>(),
            "Phụ lục printed after the signature block and Nơi nhận, each from a new page; \
             with two or more they are numbered `Phụ lục I`, `Phụ lục II`, …",
        );
        let metadata = described(
            g.subschema_for::<Metadata>(),
            "Document properties for the PDF and DOCX: `author`, `keywords`, `language`.",
        );
        json_schema!({
            "title": "vanban input document",
            "description": "One Vietnamese administrative document (văn bản hành chính) \
                for vanban to render as Nghị định 30/2020/NĐ-CP prescribes. This is the \
                input contract of spec/input.md: keys may be added, never renamed or \
                repurposed. Unknown keys are errors.",
            "type": "object",
            "properties": {
                "kind": {
                    "description": "The kind of document: `bao-cao`, `cong-van`, `to-trinh`, \
                        `ke-hoach`, `thong-bao`, `quyet-dinh`, `giay-moi`, `bien-ban`, or any \
                        kind a layout defines.",
                    "type": "string",
                    "pattern": NOT_BLANK,
                    "examples": [
                        "bao-cao", "cong-van", "to-trinh", "ke-hoach", "thong-bao",
                        "quyet-dinh", "giay-moi", "bien-ban"
                    ]
                },
                "layout": {
                    "description": "The layout's name; `nd30` when absent or null.",
                    "type": ["string", "null"],
                    "default": "nd30"
                },
                "issuer": issuer,
                "number": {
                    "description": "The registry number (số); absent or null leaves it blank \
                        for the clerk (`Số:      /BC-UBND`).",
                    "type": ["string", "null"]
                },
                "symbol": {
                    "description": "The symbol (ký hiệu), e.g. `BC-UBND`.",
                    "type": "string",
                    "pattern": NOT_BLANK
                },
                "place": {
                    "description": "The place name (địa danh) of the date line.",
                    "type": "string",
                    "pattern": NOT_BLANK
                },
                "date": date,
                "title": {
                    "description": "Overrides the type name printed as the title; by default \
                        it comes from `kind` (a công văn has none).",
                    "type": ["string", "null"],
                    "pattern": NOT_BLANK
                },
                "subject": {
                    "description": "The subject (trích yếu); for a công văn printed as `V/v …`.",
                    "type": ["string", "null"],
                    "pattern": NOT_BLANK
                },
                "recipients": recipients,
                "authority": {
                    "description": "The deciding authority line of a quyết định \
                        (`CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG LAM SƠN`).",
                    "type": ["string", "null"],
                    "pattern": NOT_BLANK
                },
                "preamble": preamble,
                "body": body,
                "signature": one_signer,
                "signatures": signers,
                "distribution": distribution,
                "seal": seal,
                "data": {
                    "description": "Values for the plain `{{name}}` / `{{a.b}}` placeholders \
                        in every string of the document (strict: a missing value, or one that \
                        is an object, an array or null, is an error naming its path; blocks, \
                        partials and helpers are refused).",
                    "type": ["object", "null"]
                },
                "metadata": metadata,
                "appendices": appendices
            },
            "required": ["kind", "issuer", "symbol", "place", "body"],
            "additionalProperties": false,
            // A signer: `signature` (not null), or at least one of `signatures`.
            "anyOf": [
                {
                    "required": ["signature"],
                    "properties": { "signature": { "type": "object" } }
                },
                {
                    "required": ["signatures"],
                    "properties": { "signatures": { "minItems": 1 } }
                }
            ]
        })
    }
}

impl JsonSchema for Issuer {
    names!(Issuer);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The issuing agency (cơ quan ban hành) and its parent \
                (cơ quan chủ quản).",
            "type": "object",
            "properties": {
                "parent": {
                    "description": "The parent agency (cơ quan chủ quản); may hold `\\n` for a \
                        forced line break.",
                    "type": ["string", "null"]
                },
                "name": {
                    "description": "The issuing agency (cơ quan ban hành); may hold `\\n` for \
                        a forced line break.",
                    "type": "string",
                    "pattern": NOT_BLANK
                }
            },
            "required": ["name"],
            "additionalProperties": false
        })
    }
}

impl JsonSchema for Appendix {
    names!(Appendix);

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let mut body = array_of(
            g.subschema_for::<Block>(),
            "The appendix's content (at least one block): the same blocks as the body, \
             numbered afresh.",
        );
        body.insert("minItems".into(), 1.into());
        let text = |description: &str| {
            json_schema!({
                "description": description,
                "type": ["string", "null"],
                "pattern": NOT_BLANK
            })
        };
        json_schema!({
            "description": "An appendix (phụ lục), or a text issued with the document \
                (văn bản ban hành kèm theo: a quy chế, quy định or điều lệ).",
            "type": "object",
            "properties": {
                "title": text("Its name (tên phụ lục), printed in UPPER case; for an \
                    attached text, its subject line."),
                "label": text("Overrides the `Phụ lục` / `Phụ lục I` line."),
                "attached_to": text("Overrides the `(Kèm theo …)` line, which the layout \
                    composes from the document's type name, number and symbol, date and \
                    issuer."),
                "orientation": described(
                    g.subschema_for::<Orientation>(),
                    "`landscape` sets the appendix on A4 landscape pages.",
                ),
                "form": described(
                    g.subschema_for::<AppendixForm>(),
                    "`attached`: a text issued with the document, with the header block and \
                     `type_name` as its title.",
                ),
                "type_name": text("The type name of an attached text: `QUY CHẾ`, `QUY ĐỊNH`, \
                    `ĐIỀU LỆ`, …; required with `form: attached`."),
                "body": body
            },
            "required": ["body"],
            "additionalProperties": false,
            // `type_name` with `form: attached`: the form is absent or `appendix`,
            // or the type name is given.
            "anyOf": [
                { "properties": { "form": { "const": "appendix" } } },
                {
                    "required": ["type_name"],
                    "properties": { "type_name": { "type": "string" } }
                }
            ]
        })
    }
}

impl JsonSchema for Orientation {
    names!(Orientation);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Page orientation: A4 portrait or A4 landscape.",
            "type": "string",
            "enum": ["portrait", "landscape"],
            "default": "portrait"
        })
    }
}

impl JsonSchema for AppendixForm {
    names!(AppendixForm);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "`appendix` (a phụ lục) or `attached` (a text issued with the \
                document).",
            "type": "string",
            "enum": ["appendix", "attached"],
            "default": "appendix"
        })
    }
}

impl JsonSchema for Signature {
    names!(Signature);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One signer.",
            "type": "object",
            "properties": {
                "authority": {
                    "description": "The signing authority: `KT. CHỦ TỊCH`, \
                        `TM. ỦY BAN NHÂN DÂN`, …",
                    "type": ["string", "null"],
                    "pattern": NOT_BLANK
                },
                "position": {
                    "description": "The signer's position: `PHÓ CHỦ TỊCH`, …",
                    "type": "string",
                    "pattern": NOT_BLANK
                },
                "name": {
                    "description": "The signer's name.",
                    "type": "string",
                    "pattern": NOT_BLANK
                },
                "image": {
                    "description": "A PNG of the handwritten signature for the electronic \
                        copy, relative to the input file; centred in the signature space.",
                    "type": ["string", "null"],
                    "pattern": NOT_BLANK
                }
            },
            "required": ["position", "name"],
            "additionalProperties": false
        })
    }
}

impl JsonSchema for Seal {
    names!(Seal);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The agency's seal for the electronic copy.",
            "type": "object",
            "properties": {
                "image": {
                    "description": "A PNG of the seal (red, transparent background), \
                        relative to the input file.",
                    "type": "string",
                    "pattern": NOT_BLANK
                },
                "width_mm": {
                    "description": "Its printed width in millimetres; from the PNG's pixel \
                        density when absent, else 36.",
                    "type": ["number", "null"],
                    "minimum": 10,
                    "maximum": 80
                },
                "signer": {
                    "description": "The signer (index in `signatures`, from 0) whose \
                        signature it overlaps; the last, rightmost, when absent.",
                    "type": ["integer", "null"],
                    "minimum": 0
                }
            },
            "required": ["image"],
            "additionalProperties": false
        })
    }
}

impl JsonSchema for Metadata {
    names!(Metadata);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Document properties for the PDF and DOCX.",
            "type": "object",
            "properties": {
                "author": {
                    "description": "The author; the issuer when absent or null.",
                    "type": ["string", "null"]
                },
                "keywords": {
                    "description": "Keywords.",
                    "type": ["string", "null"]
                },
                "language": {
                    "description": "BCP 47 language tag (`vi`, `vi-VN`, `en-US`); `vi-VN` when \
                        absent or null.",
                    "type": ["string", "null"],
                    "maxLength": 64,
                    "pattern": "^[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})*$",
                    "default": "vi-VN"
                },
                "created": {
                    "description": "When the file was made, for the PDF's creation date \
                        (PDF/A needs one): `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS+07:00`. The \
                        document's date when absent; with a blank date, SOURCE_DATE_EPOCH \
                        when set, else the current time.",
                    "type": ["string", "null"],
                    "pattern": "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})?)?$"
                }
            },
            "additionalProperties": false
        })
    }
}

impl JsonSchema for DateSpec {
    names!(DateSpec);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date: a full date `YYYY-MM-DD`, or a year alone, whose day and \
                month are left blank for the clerk. Years run from 1900 to 9999.",
            "oneOf": [
                {
                    "title": "full date",
                    "description": "A valid calendar date, `YYYY-MM-DD`, e.g. `2023-09-25`.",
                    "type": "string",
                    "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
                    "format": "date"
                },
                {
                    "title": "year alone",
                    "description": "A year alone; day and month are left blank.",
                    "type": "object",
                    "properties": {
                        "year": {
                            "description": "The year.",
                            "type": "integer",
                            "minimum": 1900,
                            "maximum": 9999
                        }
                    },
                    "required": ["year"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl JsonSchema for Inline {
    names!(Inline);

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let run = g.subschema_for::<Run>();
        json_schema!({
            "description": "Inline text: a plain string (taken literally: no markup is \
                parsed), or an array of runs, each a string or \
                `{\"text\": …, \"bold\": true, \"italic\": true, \"underline\": true}`.",
            "oneOf": [
                { "type": "string" },
                {
                    "type": "array",
                    "items": {
                        "oneOf": [
                            { "description": "A plain run.", "type": "string" },
                            run
                        ]
                    }
                }
            ]
        })
    }
}

impl JsonSchema for Run {
    names!(Run);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A run of text with uniform emphasis.",
            "type": "object",
            "properties": {
                "text": { "description": "The text.", "type": "string" },
                "bold": { "description": "Bold.", "type": "boolean", "default": false },
                "italic": { "description": "Italic.", "type": "boolean", "default": false },
                "underline": {
                    "description": "Underlined.",
                    "type": "boolean",
                    "default": false
                }
            },
            "required": ["text"],
            "additionalProperties": false
        })
    }
}

impl JsonSchema for Block {
    names!(Block);

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let inline = g.subschema_for::<Inline>();
        let blocks = g.subschema_for::<Block>();
        let list = g.subschema_for::<List>();
        let marker = g.subschema_for::<Marker>();
        let table = g.subschema_for::<Table>();
        let content = |what: &str| {
            json_schema!({
                "description": format!("The {what}'s content; may be absent."),
                "type": "array",
                "items": blocks.clone()
            })
        };
        json_schema!({
            "description": "A block of the body: a string or an array of runs (a paragraph), \
                or an object with exactly one of the keys `paragraph`, `heading`, `article`, \
                `list`, `table`, `center`, `chapter`, `page_break`.",
            "oneOf": [
                {
                    "title": "paragraph (inline)",
                    "description": "A body paragraph: a plain string, or a bare array of runs.",
                    "allOf": [inline.clone()]
                },
                {
                    "title": "paragraph",
                    "type": "object",
                    "properties": {
                        "paragraph": described(inline.clone(), "A body paragraph.")
                    },
                    "required": ["paragraph"],
                    "additionalProperties": false
                },
                {
                    "title": "heading",
                    "type": "object",
                    "properties": {
                        "heading": described(
                            inline.clone(),
                            "A section's heading, without its number: the number comes from \
                             its depth (I., 1., 1.1., a) by default).",
                        ),
                        "content": content("section"),
                        "numbered": {
                            "description": "Whether the heading gets a number; `false` prints \
                                none.",
                            "type": "boolean",
                            "default": true
                        }
                    },
                    "required": ["heading"],
                    "additionalProperties": false
                },
                {
                    "title": "article",
                    "type": "object",
                    "properties": {
                        "article": described(
                            inline.clone(),
                            "An article (`Điều N.`) of a quyết định, numbered in order: its \
                             text after the number.",
                        ),
                        "content": content("article")
                    },
                    "required": ["article"],
                    "additionalProperties": false
                },
                {
                    "title": "list",
                    "type": "object",
                    "properties": {
                        "list": described(list, "A list: its items (at least one)."),
                        "marker": described(
                            marker,
                            "The list's marker: `-` by default, `+` by default when nested.",
                        )
                    },
                    "required": ["list"],
                    "additionalProperties": false
                },
                {
                    "title": "table",
                    "type": "object",
                    "properties": {
                        "table": described(
                            table,
                            "A table; its header row repeats on every page the table spans.",
                        )
                    },
                    "required": ["table"],
                    "additionalProperties": false
                },
                {
                    "title": "center",
                    "type": "object",
                    "properties": {
                        "center": described(
                            inline.clone(),
                            "A centred bold line (e.g. `QUYẾT ĐỊNH:`).",
                        )
                    },
                    "required": ["center"],
                    "additionalProperties": false
                },
                {
                    "title": "chapter",
                    "type": "object",
                    "properties": {
                        "chapter": described(
                            inline.clone(),
                            "A chapter (`Chương I`, `Chương II` …) of a quy chế, quy định or \
                             điều lệ: its title, printed in UPPER case under the `Chương` line. \
                             Articles inside chapters keep counting across them.",
                        ),
                        "content": content("chapter")
                    },
                    "required": ["chapter"],
                    "additionalProperties": false
                },
                {
                    "title": "page_break",
                    "type": "object",
                    "properties": {
                        "page_break": {
                            "description": "A forced page break; must be true (remove the \
                                block to have no break).",
                            "const": true
                        }
                    },
                    "required": ["page_break"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl JsonSchema for List {
    names!(List);

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let item = g.subschema_for::<Item>();
        json_schema!({
            "description": "The items of a list (at least one); the list's marker is the \
                `marker` key beside it.",
            "type": "array",
            "items": item,
            "minItems": 1
        })
    }
}

impl JsonSchema for Item {
    names!(Item);

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let inline = g.subschema_for::<Inline>();
        let list = g.subschema_for::<List>();
        let marker = g.subschema_for::<Marker>();
        json_schema!({
            "description": "A list item: inline text, or `{\"text\": Inline, \"list\": [Item]}` \
                for an item with a nested list.",
            "oneOf": [
                inline.clone(),
                {
                    "type": "object",
                    "properties": {
                        "text": described(inline, "The item's text."),
                        "list": described(list, "The item's nested list."),
                        "marker": described(
                            marker,
                            "The nested list's marker; `+` when absent. Needs `list`.",
                        )
                    },
                    "required": ["text"],
                    "dependentRequired": { "marker": ["list"] },
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl JsonSchema for Marker {
    names!(Marker);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A list marker: `-` (dash), `+` (plus), `a)` (a), b), … per list) \
                or `1.` (1., 2., … per list).",
            "type": "string",
            "enum": ["-", "+", "a)", "1."]
        })
    }
}

impl JsonSchema for Table {
    names!(Table);

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let column = g.subschema_for::<Column>();
        let inline = g.subschema_for::<Inline>();
        json_schema!({
            "description": "A table: its columns, with the header row's titles, and its rows \
                of cells.",
            "type": "object",
            "properties": {
                "columns": {
                    "description": "The columns (at least one), with the header row's titles.",
                    "type": "array",
                    "items": column,
                    "minItems": 1
                },
                "rows": {
                    "description": "The rows, each an array of one cell per column \
                        (`\"\"` for an empty cell).",
                    "type": "array",
                    "items": { "type": "array", "items": inline }
                }
            },
            "required": ["columns", "rows"],
            "additionalProperties": false
        })
    }
}

impl JsonSchema for Column {
    names!(Column);

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let inline = g.subschema_for::<Inline>();
        let align = g.subschema_for::<Align>();
        json_schema!({
            "description": "A table column.",
            "type": "object",
            "properties": {
                "title": described(inline, "The column's header cell."),
                "width": {
                    "description": "The column's relative width: 1, 2, 0.5 …",
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "default": 1
                },
                "align": described(align, "The alignment of the column's body cells.")
            },
            "required": ["title"],
            "additionalProperties": false
        })
    }
}

impl JsonSchema for Align {
    names!(Align);

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Horizontal alignment of table cells.",
            "type": "string",
            "enum": ["left", "center", "right"],
            "default": "left"
        })
    }
}
