//! The input contract as a JSON Schema (draft 2020-12), for `vanban schema`.
//!
//! The structs that derive `Deserialize` derive `JsonSchema` beside it
//! (`mod.rs`: `Issuer`, `Signature`, `Seal`, `Metadata`, `Appendix`, `Run`,
//! `Table`, `Column`), with `#[schemars(...)]` for the descriptions, patterns
//! and bounds the derive cannot know. `JsonSchema` is implemented by hand
//! here for the polymorphic forms, whose `Deserialize` is hand-written
//! (`de.rs`, `date.rs`) and which a derive could not follow (`Block`, `List`,
//! `Item`, `Inline`, `DateSpec`, `Marker`), for the enums of names
//! (`Orientation`, `AppendixForm`, `Align`: the derive would make each
//! documented variant a described `const` of a `oneOf`, where the contract
//! publishes one `enum`), and for `Document`, the root, whose schema states a
//! rule across its keys (a signer) and lists `seal` beside the signers. The
//! schema must say exactly what the impls accept. Each schema mirrors
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

use super::keys::block_forms;
use super::{
    Align, Appendix, AppendixForm, Block, DateSpec, Document, Inline, Issuer, Item, List, Marker,
    Metadata, Orientation, Run, Seal, Signature, Table,
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
    if let Some(Value::Object(defs)) = root.get_mut("$defs") {
        defs.values_mut().for_each(in_contract_order);
    }
    let mut root = Value::Object(root);
    in_contract_order(&mut root);
    root
}

/// The order of the keywords in the published schema: `$schema`, the title
/// and description first, then what the value is, its parts, its bounds,
/// its default and examples, `$defs` last. The derive writes its keywords
/// in the order it computes them (`type` and `additionalProperties` first,
/// the description last); the schema keeps one order for every type, the
/// derived and the hand-written alike.
const KEYWORD_ORDER: [&str; 25] = [
    "$schema",
    "title",
    "description",
    "$ref",
    "oneOf",
    "allOf",
    "type",
    "const",
    "enum",
    "properties",
    "required",
    "dependentRequired",
    "additionalProperties",
    "anyOf",
    "items",
    "minItems",
    "exclusiveMinimum",
    "minimum",
    "maximum",
    "maxLength",
    "pattern",
    "format",
    "default",
    "examples",
    "$defs",
];

/// Puts the keywords of `schema` and of each of its properties' schemas in
/// [`KEYWORD_ORDER`] (a keyword not in it after those that are, in the
/// order it came). The subschemas of `oneOf`, `anyOf` and `allOf` are
/// written by hand and left as they are.
fn in_contract_order(schema: &mut Value) {
    let Value::Object(map) = schema else {
        return;
    };
    sort_keywords(map);
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for property in properties.values_mut() {
            if let Value::Object(p) = property {
                sort_keywords(p);
            }
        }
    }
}

/// Sorts the keywords of one schema object by [`KEYWORD_ORDER`] (stable).
fn sort_keywords(map: &mut Map<String, Value>) {
    let rank = |key: &str| {
        KEYWORD_ORDER
            .iter()
            .position(|k| *k == key)
            .unwrap_or(KEYWORD_ORDER.len())
    };
    let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    entries.sort_by_key(|(key, _)| rank(key));
    map.extend(entries);
}

/// A string that must hold more than white space (`check` refuses blank values).
pub(super) const NOT_BLANK: &str = "\\S";

/// Drops the `format` the derive gives a Rust number (`float`, `uint`, …):
/// the contract's numbers have no machine width.
pub(super) fn no_format(schema: &mut Schema) {
    schema.remove("format");
}

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
            "description": format!(
                "A block of the body: a string or an array of runs (a paragraph), or an object \
                 with exactly one of the keys {}.",
                block_forms()
            ),
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
            "enum": Marker::ALL.map(Marker::as_str)
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

#[cfg(test)]
mod tests {
    use super::super::keys::{BlockKey, ItemKey};
    use super::*;

    /// The block and item schemas are written by hand; their keys are the
    /// key table's (keys.rs), so that the schema cannot drift from what
    /// the visitors read.
    #[test]
    fn the_block_and_item_schemas_hold_the_keys_of_the_table() {
        let schema = input_schema();
        let block = &schema["$defs"]["Block"]["oneOf"];
        let objects: Vec<&Value> = block
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["type"] == "object")
            .collect();
        let forms: Vec<&str> = objects
            .iter()
            .map(|v| v["required"][0].as_str().unwrap())
            .collect();
        let table_forms: Vec<&str> = BlockKey::ALL
            .into_iter()
            .filter(|k| k.is_form())
            .map(BlockKey::name)
            .collect();
        assert_eq!(forms, table_forms);
        let mut keys: Vec<&str> = objects
            .iter()
            .flat_map(|v| v["properties"].as_object().unwrap().keys())
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut table_keys = BlockKey::names().to_vec();
        table_keys.sort_unstable();
        assert_eq!(keys, table_keys);
        let item = &schema["$defs"]["Item"]["oneOf"][1]["properties"];
        let item_keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(item_keys, ItemKey::names());
    }
}
