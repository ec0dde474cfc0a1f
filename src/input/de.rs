//! Hand-written `Deserialize` impls for the input's polymorphic forms.
//!
//! serde's `untagged` enums lose the JSON path and answer every mistake with
//! "data did not match any variant"; these visitors pick the form from the
//! value's type and keys, so that `serde_path_to_error` keeps the path down to
//! the offending value and the message says what was expected.

use std::cell::RefCell;
use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::keys::{BlockKey, ItemKey, block_forms};
use super::limits::{Limits, over_limit};
use super::{Block, Inline, Item, List, Marker, Run, Signature, Table};
use crate::error::Diagnostic;
use crate::i18n::Msg;
use crate::msg;

/// What the parse of one document may still spend: the [`Limits`] that are
/// counted while parsing, so that a flood of elements or a deep nest stops
/// where it goes over, with its JSON path, before it is all in memory.
///
/// The visitors are stateless (serde's `Deserialize`), so the budget lives in
/// a thread-local for the duration of [`Budget::scope`]; outside one (a
/// caller deserializing the types directly) nothing is counted.
struct Budget {
    limits: Limits,
    elements: usize,
    /// The depth of the block or item being parsed: 1 in `body`.
    depth: usize,
    data_values: usize,
    /// The limit that was exceeded: its diagnostic, without the path.
    exceeded: Option<Diagnostic>,
}

thread_local! {
    static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
    /// The last message a visitor of this module raised: serde carries only
    /// its English text, [`raised`] gives the message back for the reader's
    /// language.
    static RAISED: RefCell<Option<Msg>> = const { RefCell::new(None) };
}

/// A serde error of this module's visitors: `m`'s English text, with `m`
/// kept so that [`raised`] can show it in another language.
pub(crate) fn custom<E: de::Error>(m: Msg) -> E {
    let e = E::custom(m.text(crate::i18n::Lang::En));
    RAISED.with(|r| *r.borrow_mut() = Some(m));
    e
}

/// The message behind a serde error's English `text`, when one of this
/// module's visitors raised it (and not, say, serde itself).
pub(crate) fn raised(text: &str) -> Option<Msg> {
    RAISED.with(|r| {
        r.borrow_mut()
            .take()
            .filter(|m| m.text(crate::i18n::Lang::En) == text)
    })
}

/// Counting is on while this lives.
pub(crate) struct BudgetScope(());

impl BudgetScope {
    /// Starts counting against `limits` on this thread.
    pub(crate) fn start(limits: &Limits) -> Self {
        BUDGET.with(|b| {
            *b.borrow_mut() = Some(Budget {
                limits: *limits,
                elements: 0,
                depth: 1,
                data_values: 0,
                exceeded: None,
            });
        });
        Self(())
    }

    /// The diagnostic of the limit the parse went over, if it did; its path
    /// is left to the caller, who has it from `serde_path_to_error`.
    pub(crate) fn exceeded(&self) -> Option<Diagnostic> {
        BUDGET.with(|b| b.borrow_mut().as_mut().and_then(|b| b.exceeded.take()))
    }
}

impl Drop for BudgetScope {
    fn drop(&mut self) {
        BUDGET.with(|b| *b.borrow_mut() = None);
    }
}

/// Runs `f` on the budget, if counting is on; its `Err` is the diagnostic of
/// the limit exceeded, which is kept for [`BudgetScope::exceeded`] and
/// becomes a serde error (its message, for callers outside a scope).
fn spend<E: de::Error>(f: impl FnOnce(&mut Budget) -> Result<(), Diagnostic>) -> Result<(), E> {
    BUDGET.with(|b| {
        let mut b = b.borrow_mut();
        let Some(budget) = b.as_mut() else {
            return Ok(());
        };
        f(budget).map_err(|d| {
            let e = E::custom(&d.message);
            budget.exceeded = Some(d);
            e
        })
    })
}

/// Counts one element (a block, list item, line of text or run) and checks
/// the depth it is at.
fn element<E: de::Error>() -> Result<(), E> {
    spend(|b| {
        if b.depth > b.limits.max_depth {
            return Err(over_limit(
                "",
                msg!(
                    "input-over-depth",
                    depth = b.depth,
                    limit = b.limits.max_depth
                ),
            ));
        }
        b.elements += 1;
        if b.elements > b.limits.max_elements {
            return Err(over_limit(
                "",
                msg!(
                    "input-over-elements",
                    element = b.elements,
                    limit = b.limits.max_elements
                ),
            ));
        }
        Ok(())
    })
}

/// One level deeper while the guard lives: a section's `content`, a list's items.
struct Deeper(());

impl Deeper {
    fn new() -> Self {
        let _ = spend::<de::value::Error>(|b| {
            b.depth += 1;
            Ok(())
        });
        Self(())
    }
}

impl Drop for Deeper {
    fn drop(&mut self) {
        let _ = spend::<de::value::Error>(|b| {
            b.depth = b.depth.saturating_sub(1);
            Ok(())
        });
    }
}

/// Counts one value of `data`.
fn data_value<E: de::Error>() -> Result<(), E> {
    spend(|b| {
        b.data_values += 1;
        if b.data_values > b.limits.max_data_values {
            return Err(over_limit(
                "",
                msg!(
                    "input-over-data-values",
                    value = b.data_values,
                    limit = b.limits.max_data_values
                ),
            ));
        }
        Ok(())
    })
}

impl Inline {
    /// One plain run.
    pub fn plain(text: &str) -> Self {
        Self(vec![Run {
            text: text.to_string(),
            ..Run::default()
        }])
    }
}

impl<'de> Deserialize<'de> for Inline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(InlineVisitor)
    }
}

struct InlineVisitor;

impl<'de> Visitor<'de> for InlineVisitor {
    type Value = Inline;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "text: a string, or an array of runs (strings or {\"text\": …, \"bold\": true})",
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Inline, E> {
        element()?;
        Ok(Inline::plain(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Inline, A::Error> {
        let mut runs = Vec::new();
        while let Some(RunForm(run)) = seq.next_element()? {
            runs.push(run);
        }
        Ok(Inline(runs))
    }
}

/// A run written as a plain string or as an object.
struct RunForm(Run);

impl<'de> Deserialize<'de> for RunForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RunVisitor)
    }
}

struct RunVisitor;

impl<'de> Visitor<'de> for RunVisitor {
    type Value = RunForm;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a run: a string or {\"text\": …, \"bold\"/\"italic\"/\"underline\": true}")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RunForm, E> {
        element()?;
        Ok(RunForm(Run {
            text: v.to_string(),
            ..Run::default()
        }))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RunForm, A::Error> {
        element()?;
        Run::deserialize(MapAccessDeserializer::new(map)).map(RunForm)
    }
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BlockVisitor)
    }
}

struct BlockVisitor;

/// The keys a block object may hold; which ones are present decides its form.
#[derive(Default)]
struct BlockKeys {
    paragraph: Option<Inline>,
    heading: Option<Inline>,
    content: Option<Vec<Block>>,
    numbered: Option<bool>,
    article: Option<Inline>,
    list: Option<Vec<Item>>,
    marker: Option<Marker>,
    table: Option<Table>,
    center: Option<Inline>,
    chapter: Option<Inline>,
    page_break: Option<bool>,
}

fn put<T, E: de::Error>(slot: &mut Option<T>, value: T, key: &str) -> Result<(), E> {
    if slot.is_some() {
        return Err(custom(msg!("input-key-twice", key = key)));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for BlockVisitor {
    type Value = Block;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a block is a string, an array of runs, or an object with one of the keys {}",
            block_forms()
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Block, E> {
        element()?;
        Ok(Block::Paragraph(Inline::plain(v)))
    }

    /// A bare array of runs is a paragraph.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Block, A::Error> {
        element()?;
        InlineVisitor.visit_seq(seq).map(Block::Paragraph)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
        element()?;
        let mut k = BlockKeys::default();
        while let Some(name) = map.next_key::<String>()? {
            let Some(key) = BlockKey::parse(&name) else {
                return Err(custom(msg!("input-unknown-block-key", key = name)));
            };
            let name = key.name();
            match key {
                BlockKey::Paragraph => put(&mut k.paragraph, map.next_value()?, name)?,
                BlockKey::Heading => put(&mut k.heading, map.next_value()?, name)?,
                BlockKey::Content => {
                    let _deeper = Deeper::new();
                    put(&mut k.content, map.next_value()?, name)?
                }
                BlockKey::Numbered => put(&mut k.numbered, map.next_value()?, name)?,
                BlockKey::Article => put(&mut k.article, map.next_value()?, name)?,
                BlockKey::List => {
                    let _deeper = Deeper::new();
                    put(&mut k.list, map.next_value()?, name)?
                }
                BlockKey::Marker => put(&mut k.marker, map.next_value()?, name)?,
                BlockKey::Table => put(&mut k.table, map.next_value()?, name)?,
                BlockKey::Center => put(&mut k.center, map.next_value()?, name)?,
                BlockKey::Chapter => put(&mut k.chapter, map.next_value()?, name)?,
                BlockKey::PageBreak => put(&mut k.page_break, map.next_value()?, name)?,
            }
        }
        k.into_block()
    }
}

impl BlockKeys {
    /// Whether the object held `key`.
    fn has(&self, key: BlockKey) -> bool {
        match key {
            BlockKey::Paragraph => self.paragraph.is_some(),
            BlockKey::Heading => self.heading.is_some(),
            BlockKey::Content => self.content.is_some(),
            BlockKey::Numbered => self.numbered.is_some(),
            BlockKey::Article => self.article.is_some(),
            BlockKey::List => self.list.is_some(),
            BlockKey::Marker => self.marker.is_some(),
            BlockKey::Table => self.table.is_some(),
            BlockKey::Center => self.center.is_some(),
            BlockKey::Chapter => self.chapter.is_some(),
            BlockKey::PageBreak => self.page_break.is_some(),
        }
    }

    fn into_block<E: de::Error>(self) -> Result<Block, E> {
        let present: Vec<BlockKey> = BlockKey::ALL
            .into_iter()
            .filter(|&k| k.is_form() && self.has(k))
            .collect();
        if present.len() > 1 {
            return Err(custom(msg!(
                "input-block-forms",
                forms = present
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(" and "),
                keys = present
                    .iter()
                    .map(|k| format!("`{}`", k.name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let form = present.first().copied();
        // A key that goes with a form: allowed beside `forms` only.
        for (key, forms) in [
            (
                BlockKey::Content,
                &[BlockKey::Heading, BlockKey::Article, BlockKey::Chapter][..],
            ),
            (BlockKey::Numbered, &[BlockKey::Heading][..]),
            (BlockKey::Marker, &[BlockKey::List][..]),
        ] {
            if self.has(key) && !form.is_some_and(|f| forms.contains(&f)) {
                return Err(custom(msg!(
                    "input-key-not-of-block",
                    key = key.name(),
                    form = form.map_or("(formless)", BlockKey::name)
                )));
            }
        }
        let content = self.content.unwrap_or_default();
        Ok(if let Some(p) = self.paragraph {
            Block::Paragraph(p)
        } else if let Some(heading) = self.heading {
            Block::Heading {
                heading,
                content,
                numbered: self.numbered.unwrap_or(true),
            }
        } else if let Some(article) = self.article {
            Block::Article { article, content }
        } else if let Some(items) = self.list {
            Block::List(List {
                items,
                marker: self.marker,
            })
        } else if let Some(t) = self.table {
            Block::Table(t)
        } else if let Some(c) = self.center {
            Block::Center(c)
        } else if let Some(chapter) = self.chapter {
            Block::Chapter { chapter, content }
        } else if let Some(flag) = self.page_break {
            if !flag {
                return Err(custom(msg!("input-page-break-false")));
            }
            Block::PageBreak
        } else {
            return Err(custom(msg!("input-empty-block")));
        })
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list item: a string, an array of runs, or {\"text\": …, \"list\": [items]}")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Item, E> {
        element()?;
        Ok(Item {
            text: Inline::plain(v),
            list: None,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Item, A::Error> {
        element()?;
        Ok(Item {
            text: InlineVisitor.visit_seq(seq)?,
            list: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        element()?;
        let (mut text, mut list, mut marker) = (None, None, None);
        while let Some(name) = map.next_key::<String>()? {
            let Some(key) = ItemKey::parse(&name) else {
                return Err(custom(msg!("input-unknown-item-key", key = name)));
            };
            let name = key.name();
            match key {
                ItemKey::Text => put(&mut text, map.next_value::<Inline>()?, name)?,
                ItemKey::List => {
                    let _deeper = Deeper::new();
                    put(&mut list, map.next_value::<Vec<Item>>()?, name)?
                }
                ItemKey::Marker => put(&mut marker, map.next_value::<Marker>()?, name)?,
            }
        }
        let text = text.ok_or_else(|| de::Error::missing_field(ItemKey::Text.name()))?;
        if marker.is_some() && list.is_none() {
            return Err(custom(msg!("input-marker-without-list")));
        }
        Ok(Item {
            text,
            list: list.map(|items| List { items, marker }),
        })
    }
}

/// `signatures`: each signer counts as an element (a signer costs more to
/// lay out than a paragraph, and a flood of them must stop early too).
pub(crate) fn signatures<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Signature>, D::Error> {
    struct Counted(Signature);
    impl<'de> Deserialize<'de> for Counted {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            element()?;
            Signature::deserialize(d).map(Counted)
        }
    }
    Ok(Vec::<Counted>::deserialize(d)?
        .into_iter()
        .map(|c| c.0)
        .collect())
}

/// ` (did you mean `signature`?)` when `key` is a likely typo of one of
/// `known`; empty otherwise.
#[cfg(test)]
pub(crate) fn did_you_mean(key: &str, known: &[&str]) -> String {
    suggest(key, known)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

/// The one of `known` that `key` is a likely typo of (`sigature` →
/// `signature`), if any: at most two edits away (inserts, deletes,
/// substitutions and swaps of two neighbours, `strsim`'s optimal string
/// alignment distance) and at most one edit per three characters of the
/// known key.
pub(crate) fn suggest(key: &str, known: &[&str]) -> Option<String> {
    // Long keys are no typo of a short one, and would cost time to compare.
    if key.len() > 64 {
        return None;
    }
    let key = key.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::osa_distance(&key, k), *k))
        .filter(|&(d, k)| d <= 2 && d * 3 <= k.chars().count())
        .min()
        .map(|(_, k)| k.to_string())
}

/// `data`: an object of values for the placeholders, read as `serde_json`
/// reads any object, but with every value counted against
/// [`Limits::max_data_values`] and a key written twice (at any depth)
/// refused instead of the last one silently winning.
pub(crate) fn data<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, D::Error> {
    match Option::<DataValue>::deserialize(d)? {
        None => Ok(None),
        Some(DataValue(serde_json::Value::Object(m))) => Ok(Some(m)),
        Some(DataValue(other)) => Err(de::Error::invalid_type(
            unexpected(&other),
            &"an object of values for the {{placeholders}}",
        )),
    }
}

fn unexpected(v: &serde_json::Value) -> de::Unexpected<'_> {
    use serde_json::Value;
    match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(_) => de::Unexpected::Other("number"),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

/// Any JSON value of `data`.
struct DataValue(serde_json::Value);

impl<'de> Deserialize<'de> for DataValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DataVisitor)
    }
}

struct DataVisitor;

impl<'de> Visitor<'de> for DataVisitor {
    type Value = DataValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<DataValue, E> {
        data_value()?;
        Ok(DataValue(v.into()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DataValue, E> {
        data_value()?;
        Ok(DataValue(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DataValue, E> {
        data_value()?;
        Ok(DataValue(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DataValue, E> {
        data_value()?;
        Ok(DataValue(
            serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into),
        ))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DataValue, E> {
        data_value()?;
        Ok(DataValue(v.into()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<DataValue, E> {
        data_value()?;
        Ok(DataValue(v.into()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<DataValue, E> {
        data_value()?;
        Ok(DataValue(serde_json::Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<DataValue, A::Error> {
        data_value()?;
        let mut out = Vec::new();
        while let Some(DataValue(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(DataValue(serde_json::Value::Array(out)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DataValue, A::Error> {
        data_value()?;
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(custom(msg!("input-key-twice", key = key)));
            }
            let DataValue(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(DataValue(serde_json::Value::Object(out)))
    }
}

impl<'de> Deserialize<'de> for Marker {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Marker::parse(&s).ok_or_else(|| custom(msg!("input-unknown-marker", marker = s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_known_keys_are_suggested() {
        let keys = ["kind", "signature", "signatures", "recipients", "content"];
        assert_eq!(
            did_you_mean("sigature", &keys),
            " (did you mean `signature`?)"
        );
        assert_eq!(
            did_you_mean("recipents", &keys),
            " (did you mean `recipients`?)"
        );
        assert_eq!(did_you_mean("contnet", &keys), " (did you mean `content`?)");
        assert_eq!(did_you_mean("Kind", &keys), " (did you mean `kind`?)");
        assert_eq!(did_you_mean("author", &keys), "");
        assert_eq!(did_you_mean("x", &keys), "");
        assert_eq!(strsim::osa_distance("abc", "acb"), 1);
        assert_eq!(strsim::osa_distance("", "abc"), 3);
    }
}
