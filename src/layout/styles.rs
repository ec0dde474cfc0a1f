//! The styles of a layout as a typed set: one [`Style`] per element the
//! composer sets, each looked up by [`StyleName`], never by a string. The set
//! is built when the layout is loaded: a style the file must have and lacks,
//! or a key that names no element, is an error naming the file and the key;
//! nothing falls back to `body` or to a default size.

use std::collections::BTreeMap;

use super::Style;
use crate::i18n::Msg;
use crate::msg;

/// What a layout file may do without a style.
#[derive(Debug, Clone, Copy)]
enum Absent {
    /// Nothing: the file must have it.
    Required,
    /// Take the named style (the deeper headings repeat the one above).
    Same(StyleName),
    /// Made from the named style with these bold, italic and upper flags and
    /// no space around: styles added after layouts were first published, so
    /// that `--layouts DIR` files written before them keep working.
    From(StyleName, bool, bool, bool),
}

macro_rules! style_names {
    ($($(#[$doc:meta])* $name:ident $key:ident, $absent:expr;)+) => {
        /// An element the layout styles, by its key in the file's `styles`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum StyleName {
            $($(#[$doc])* $name,)+
        }

        /// Every style: its name, its key in the file and what its absence means,
        /// in the order they are built (a style is made only from one above it).
        const TABLE: &[(StyleName, &str, Absent)] = &[
            $((StyleName::$name, stringify!($key), $absent),)+
        ];

        /// One style per [`StyleName`].
        #[derive(Debug, Clone, Default)]
        pub struct Styles {
            $($key: Style,)+
        }

        impl StyleName {
            /// Its key in a layout file's `styles`.
            pub fn key(self) -> &'static str {
                match self {
                    $(StyleName::$name => stringify!($key),)+
                }
            }
        }

        impl Styles {
            /// The style of an element.
            pub fn get(&self, name: StyleName) -> Style {
                match name {
                    $(StyleName::$name => self.$key,)+
                }
            }

            fn set(&mut self, name: StyleName, style: Style) {
                match name {
                    $(StyleName::$name => self.$key = style,)+
                }
            }
        }
    };
}

use Absent::{From, Required, Same};

style_names! {
    /// Cơ quan chủ quản.
    Parent parent, Required;
    /// Cơ quan ban hành.
    Issuer issuer, Required;
    /// `Số: …`.
    Number number, Required;
    /// A công văn's `V/v …` under the number.
    SubjectLine subject_line, Required;
    /// Quốc hiệu.
    Nation nation, Required;
    /// Tiêu ngữ.
    Motto motto, Required;
    /// Place and date.
    Date date, Required;
    /// The type name (`BÁO CÁO`).
    Title title, Required;
    /// Trích yếu under the title.
    Subject subject, Required;
    /// The issuing authority line of a decision (`GIÁM ĐỐC SỞ …`).
    Authority authority, Required;
    /// The legal bases (`Căn cứ …`).
    Preamble preamble, Required;
    /// `Kính gửi: …` on one line.
    Recipients recipients, Required;
    /// `Kính gửi:` above a list of recipients.
    RecipientsLabel recipients_label, Required;
    /// One recipient of the list.
    RecipientItem recipient_item, Required;
    /// Body text.
    Body body, Required;
    /// Headings of depth 1.
    Heading1 heading1, Required;
    /// Depth 2 (depth 1's when absent).
    Heading2 heading2, Same(StyleName::Heading1);
    /// Depth 3 (depth 2's when absent).
    Heading3 heading3, Same(StyleName::Heading2);
    /// Depth 4 and deeper (depth 3's when absent).
    Heading4 heading4, Same(StyleName::Heading3);
    /// A list item.
    ListItem list_item, Required;
    /// An article (`Điều 1.`).
    Article article, Required;
    /// A centred line.
    Center center, Required;
    /// `Chương I`.
    Chapter chapter, From(StyleName::Center, true, false, false);
    /// A chapter's title.
    ChapterTitle chapter_title, From(StyleName::Center, true, false, true);
    /// `Phụ lục I`.
    AppendixLabel appendix_label, From(StyleName::Center, true, false, false);
    /// An appendix's title.
    AppendixTitle appendix_title, From(StyleName::Center, true, false, true);
    /// An appendix's `(Kèm theo …)` line.
    AppendixReference appendix_reference, From(StyleName::Center, false, true, false);
    /// A table cell.
    TableCell table_cell, Required;
    /// A table header cell.
    TableHeader table_header, Required;
    /// `Nơi nhận:`.
    DistributionLabel distribution_label, Required;
    /// One Nơi nhận line.
    Distribution distribution, Required;
    /// The signer's authority (`KT. CHỦ TỊCH`).
    SignAuthority sign_authority, Required;
    /// The signer's position.
    SignPosition sign_position, Required;
    /// The signer's name.
    SignName sign_name, Required;
    /// Page numbers.
    PageNumber page_number, Required;
}

impl StyleName {
    /// The heading style of a depth (1-based); depth 4 serves every deeper one.
    pub fn heading(depth: usize) -> StyleName {
        match depth {
            0 | 1 => StyleName::Heading1,
            2 => StyleName::Heading2,
            3 => StyleName::Heading3,
            _ => StyleName::Heading4,
        }
    }
}

impl Styles {
    /// Builds the set from a layout file's `styles`; the error is the key at
    /// fault (`styles.authority`) and what is wrong with it.
    pub fn from_file(file: &BTreeMap<String, Style>) -> Result<Self, (String, Msg)> {
        if let Some(unknown) = file
            .keys()
            .find(|k| !TABLE.iter().any(|(_, key, _)| key == k))
        {
            let known: Vec<&str> = TABLE.iter().map(|(_, key, _)| *key).collect();
            return Err((
                format!("styles.{unknown}"),
                msg!("render-layout-style-unknown", known = known.join(", ")),
            ));
        }
        let mut styles = Styles::default();
        for &(name, key, absent) in TABLE {
            let style = match (file.get(key), absent) {
                (Some(s), _) => *s,
                (None, Required) => {
                    return Err((format!("styles.{key}"), msg!("render-layout-style-missing")));
                }
                (None, Same(from)) => styles.get(from),
                (None, From(from, bold, italic, upper)) => Style {
                    bold,
                    italic,
                    upper,
                    space_before: 0.0,
                    space_after: 0.0,
                    ..styles.get(from)
                },
            };
            styles.set(name, style);
        }
        Ok(styles)
    }

    /// Every style with its key, in [`StyleName`] order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Style)> + '_ {
        TABLE.iter().map(|&(name, key, _)| (key, self.get(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_follows_the_enum_and_builds_from_above() {
        for (i, &(name, key, absent)) in TABLE.iter().enumerate() {
            assert_eq!(name.key(), key);
            if let Same(from) | From(from, ..) = absent {
                let at = TABLE.iter().position(|(n, ..)| *n == from).unwrap();
                assert!(at < i, "{name:?} is made from a later style");
            }
        }
    }
}
