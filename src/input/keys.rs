//! The keys of the two objects whose form is read from their keys: a block
//! (`{"heading": …, "content": […]}`) and a list item (`{"text": …,
//! "list": […]}`). Each key is spelled once, here; the visitors (`de.rs`),
//! the serializer (`ser.rs`), the checks' JSON paths (`check.rs`), the
//! schema's texts (`schema.rs`, whose hand-written block and item schemas a
//! test holds to these tables) and the did-you-mean hints (`serde_msg.rs`)
//! take the names from here.

/// One key of a block object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKey {
    /// `paragraph`: a body paragraph.
    Paragraph,
    /// `heading`: a section.
    Heading,
    /// `content`: the blocks of a section, article or chapter.
    Content,
    /// `numbered`: whether a section's heading gets a number.
    Numbered,
    /// `article`: an article (`Điều N.`).
    Article,
    /// `list`: a list's items.
    List,
    /// `marker`: a list's marker.
    Marker,
    /// `table`: a table.
    Table,
    /// `center`: a centred bold line.
    Center,
    /// `chapter`: a chapter (`Chương I`).
    Chapter,
    /// `page_break`: a forced page break.
    PageBreak,
}

impl BlockKey {
    /// Every key, in the order the contract lists them.
    pub(crate) const ALL: [BlockKey; 11] = [
        Self::Paragraph,
        Self::Heading,
        Self::Content,
        Self::Numbered,
        Self::Article,
        Self::List,
        Self::Marker,
        Self::Table,
        Self::Center,
        Self::Chapter,
        Self::PageBreak,
    ];

    /// The key as written in the input.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Paragraph => "paragraph",
            Self::Heading => "heading",
            Self::Content => "content",
            Self::Numbered => "numbered",
            Self::Article => "article",
            Self::List => "list",
            Self::Marker => "marker",
            Self::Table => "table",
            Self::Center => "center",
            Self::Chapter => "chapter",
            Self::PageBreak => "page_break",
        }
    }

    /// Whether the key decides the block's form (exactly one such key is
    /// in a block object); the others go with a form (`content` with a
    /// heading, an article or a chapter, `numbered` with a heading,
    /// `marker` with a list).
    pub(crate) const fn is_form(self) -> bool {
        !matches!(self, Self::Content | Self::Numbered | Self::Marker)
    }

    /// The key named `name`, if a block object may hold it.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The names of all keys ([`Self::ALL`]), for did-you-mean hints.
    pub(crate) fn names() -> [&'static str; Self::ALL.len()] {
        Self::ALL.map(Self::name)
    }
}

/// The form keys of a block, backquoted and joined by `, `:
/// "`paragraph`, `heading`, …, `page_break`".
pub(crate) fn block_forms() -> String {
    BlockKey::ALL
        .into_iter()
        .filter(|k| k.is_form())
        .map(|k| format!("`{}`", k.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One key of a list item object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKey {
    /// `text`: the item's text.
    Text,
    /// `list`: its nested list's items.
    List,
    /// `marker`: its nested list's marker.
    Marker,
}

impl ItemKey {
    /// Every key, in the order the contract lists them.
    pub(crate) const ALL: [ItemKey; 3] = [Self::Text, Self::List, Self::Marker];

    /// The key as written in the input.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::List => BlockKey::List.name(),
            Self::Marker => BlockKey::Marker.name(),
        }
    }

    /// The key named `name`, if a list item object may hold it.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The names of all keys ([`Self::ALL`]), for did-you-mean hints.
    pub(crate) fn names() -> [&'static str; Self::ALL.len()] {
        Self::ALL.map(Self::name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_name_each_key_once() {
        assert_eq!(
            BlockKey::names(),
            [
                "paragraph",
                "heading",
                "content",
                "numbered",
                "article",
                "list",
                "marker",
                "table",
                "center",
                "chapter",
                "page_break"
            ]
        );
        assert_eq!(ItemKey::names(), ["text", "list", "marker"]);
        for k in BlockKey::ALL {
            assert_eq!(BlockKey::parse(k.name()), Some(k));
        }
        for k in ItemKey::ALL {
            assert_eq!(ItemKey::parse(k.name()), Some(k));
        }
        assert_eq!(BlockKey::parse("contnet"), None);
        assert_eq!(
            block_forms(),
            "`paragraph`, `heading`, `article`, `list`, `table`, `center`, `chapter`, \
             `page_break`"
        );
    }
}
