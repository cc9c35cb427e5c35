//! Every command the menus, the keyboard and the F1 list offer, defined once:
//! its menu text, its shortcuts and its help line. Menus, the key handler and
//! the shortcut list all read this table (as rerun's `UICommand`).

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    NewProject,
    OpenProject,
    OpenServerProject,
    Import,
    Export,
    SaveCopy,
    BackUpNow,
    Quit,
    Undo,
    Redo,
    LabelSchema,
    MarkDoneAndNext,
    NextDocument,
    PreviousDocument,
    NextUnfinished,
    PreviousUnfinished,
    RenameDocument,
    DeleteDocument,
    BiggerText,
    SmallerText,
    Preferences,
    Shortcuts,
    Agreement,
    Statistics,
    NextDisagreement,
    PreviousDisagreement,
    FindInDocument,
    FindInCorpus,
    NextHit,
    PreviousHit,
    TagAllOccurrences,
    Suggestions,
    AcceptSuggestion,
    RejectSuggestion,
    AcceptAllSuggestions,
    /// The selected span's boundaries, by a grapheme (with Ctrl, a word):
    /// keys of the article, which knows the selected span.
    SpanStartEarlier,
    SpanStartLater,
    SpanEndEarlier,
    SpanEndLater,
    /// Project › Curate…: curation mode for the open document, and running
    /// a merge strategy over the corpus.
    Curate,
    /// In curation mode only (their keys are other commands' elsewhere).
    NextCandidate,
    PreviousCandidate,
    AcceptCandidate,
    RejectCandidate,
    AcceptAllAgreeing,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl UiCommand {
    /// In the order of the F1 list.
    pub const ALL: &[Self] = &[
        Self::Undo,
        Self::Redo,
        Self::FindInDocument,
        Self::FindInCorpus,
        Self::NextHit,
        Self::PreviousHit,
        Self::TagAllOccurrences,
        Self::AcceptSuggestion,
        Self::RejectSuggestion,
        Self::AcceptAllSuggestions,
        Self::NextDocument,
        Self::PreviousDocument,
        Self::NextUnfinished,
        Self::PreviousUnfinished,
        Self::MarkDoneAndNext,
        Self::RenameDocument,
        Self::DeleteDocument,
        Self::Import,
        Self::Export,
        Self::OpenProject,
        Self::OpenServerProject,
        Self::NewProject,
        Self::SaveCopy,
        Self::BackUpNow,
        Self::LabelSchema,
        Self::Suggestions,
        Self::BiggerText,
        Self::SmallerText,
        Self::Preferences,
        Self::Shortcuts,
        Self::Quit,
        Self::Agreement,
        Self::Statistics,
        Self::NextDisagreement,
        Self::PreviousDisagreement,
        Self::SpanEndLater,
        Self::SpanEndEarlier,
        Self::SpanStartEarlier,
        Self::SpanStartLater,
        Self::Curate,
        Self::NextCandidate,
        Self::PreviousCandidate,
        Self::AcceptCandidate,
        Self::RejectCandidate,
        Self::AcceptAllAgreeing,
    ];

    pub fn menu_text(self) -> &'static str {
        match self {
            Self::NewProject => "New project…",
            Self::OpenProject => "Open project…",
            Self::OpenServerProject => "Open server project…",
            Self::Import => "Import files…",
            Self::Export => "Export…",
            Self::SaveCopy => "Save a copy as…",
            Self::BackUpNow => "Back up now",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::LabelSchema => "Label schema…",
            Self::MarkDoneAndNext => "Mark done, next",
            Self::NextDocument => "Next document",
            Self::PreviousDocument => "Previous document",
            Self::NextUnfinished => "Next unfinished document",
            Self::PreviousUnfinished => "Previous unfinished document",
            Self::RenameDocument => "Rename document…",
            Self::DeleteDocument => "Delete document…",
            Self::BiggerText => "Bigger text",
            Self::SmallerText => "Smaller text",
            Self::Preferences => "Preferences…",
            Self::Shortcuts => "Keyboard shortcuts",
            Self::Agreement => "Agreement…",
            Self::Statistics => "Statistics…",
            Self::NextDisagreement => "Next disagreement",
            Self::PreviousDisagreement => "Previous disagreement",
            Self::FindInDocument => "Find in this document…",
            Self::FindInCorpus => "Find in all documents…",
            Self::NextHit => "Next hit",
            Self::PreviousHit => "Previous hit",
            Self::TagAllOccurrences => "Tag all occurrences…",
            Self::Suggestions => "Suggestions…",
            Self::AcceptSuggestion => "Accept suggestion",
            Self::RejectSuggestion => "Reject suggestion",
            Self::AcceptAllSuggestions => "Accept all suggestions above the score",
            Self::SpanStartEarlier => "Move span start left",
            Self::SpanStartLater => "Move span start right",
            Self::SpanEndEarlier => "Move span end left",
            Self::SpanEndLater => "Move span end right",
            Self::Curate => "Curate…",
            Self::NextCandidate => "Next undecided candidate",
            Self::PreviousCandidate => "Previous undecided candidate",
            Self::AcceptCandidate => "Accept candidate into gold",
            Self::RejectCandidate => "Reject candidate",
            Self::AcceptAllAgreeing => "Accept every candidate all agree on",
        }
    }

    /// The keys that run it; the first is the one menus show.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const CMD: Modifiers = Modifiers::COMMAND;
        const CMD_SHIFT: Modifiers = Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        };
        const ALT_SHIFT: Modifiers = Modifiers {
            shift: true,
            ..Modifiers::ALT
        };
        match self {
            Self::NewProject => const { &[shortcut(CMD, Key::N)] },
            Self::OpenProject => const { &[shortcut(CMD, Key::O)] },
            Self::Import => const { &[shortcut(CMD, Key::I)] },
            Self::Export => const { &[shortcut(CMD, Key::E)] },
            Self::Undo => const { &[shortcut(CMD, Key::Z)] },
            Self::Redo => const { &[shortcut(CMD_SHIFT, Key::Z), shortcut(CMD, Key::Y)] },
            Self::MarkDoneAndNext => const { &[shortcut(CMD, Key::Enter)] },
            Self::NextDocument => const { &[shortcut(Modifiers::ALT, Key::ArrowDown)] },
            Self::PreviousDocument => const { &[shortcut(Modifiers::ALT, Key::ArrowUp)] },
            Self::NextUnfinished => const { &[shortcut(ALT_SHIFT, Key::ArrowDown)] },
            Self::PreviousUnfinished => const { &[shortcut(ALT_SHIFT, Key::ArrowUp)] },
            Self::RenameDocument => const { &[shortcut(Modifiers::NONE, Key::F2)] },
            Self::BiggerText => const { &[shortcut(CMD, Key::Equals), shortcut(CMD, Key::Plus)] },
            Self::SmallerText => const { &[shortcut(CMD, Key::Minus)] },
            Self::Shortcuts => const { &[shortcut(Modifiers::NONE, Key::F1)] },
            Self::NextDisagreement => const { &[shortcut(Modifiers::NONE, Key::N)] },
            Self::PreviousDisagreement => const { &[shortcut(Modifiers::SHIFT, Key::N)] },
            Self::SaveCopy => const { &[shortcut(CMD_SHIFT, Key::S)] },
            Self::Quit => const { &[shortcut(CMD, Key::Q)] },
            Self::FindInDocument => const { &[shortcut(CMD, Key::F)] },
            Self::FindInCorpus => const { &[shortcut(CMD_SHIFT, Key::F)] },
            Self::NextHit => const { &[shortcut(Modifiers::NONE, Key::F3)] },
            Self::PreviousHit => const { &[shortcut(Modifiers::SHIFT, Key::F3)] },
            Self::TagAllOccurrences => const { &[shortcut(CMD_SHIFT, Key::T)] },
            Self::AcceptSuggestion => {
                const {
                    &[
                        shortcut(Modifiers::NONE, Key::Enter),
                        shortcut(Modifiers::NONE, Key::A),
                    ]
                }
            }
            Self::RejectSuggestion => const { &[shortcut(Modifiers::NONE, Key::X)] },
            Self::AcceptAllSuggestions => const { &[shortcut(Modifiers::SHIFT, Key::A)] },
            Self::SpanStartEarlier => const { &[shortcut(ALT_SHIFT, Key::ArrowLeft)] },
            Self::SpanStartLater => const { &[shortcut(ALT_SHIFT, Key::ArrowRight)] },
            Self::SpanEndEarlier => const { &[shortcut(Modifiers::SHIFT, Key::ArrowLeft)] },
            Self::SpanEndLater => const { &[shortcut(Modifiers::SHIFT, Key::ArrowRight)] },
            Self::NextCandidate => const { &[shortcut(Modifiers::NONE, Key::Tab)] },
            Self::PreviousCandidate => const { &[shortcut(Modifiers::SHIFT, Key::Tab)] },
            Self::AcceptCandidate => const { &[shortcut(Modifiers::NONE, Key::A)] },
            Self::RejectCandidate => const { &[shortcut(Modifiers::NONE, Key::X)] },
            Self::AcceptAllAgreeing => const { &[shortcut(CMD, Key::A)] },
            Self::Curate
            | Self::OpenServerProject
            | Self::Suggestions
            | Self::BackUpNow
            | Self::LabelSchema
            | Self::Preferences
            | Self::DeleteDocument
            | Self::Agreement
            | Self::Statistics => &[],
        }
    }

    /// The line in the F1 list.
    pub fn help(self) -> &'static str {
        match self {
            Self::NewProject => "new project",
            Self::OpenProject => "open a project",
            Self::OpenServerProject => "open a project on a PostgreSQL server (a postgres:// URL)",
            Self::Import => "import files",
            Self::Export => "export",
            Self::SaveCopy => "save a copy of the project",
            Self::BackUpNow => "back up the project now",
            Self::Quit => "quit",
            Self::Undo => "undo",
            Self::Redo => "redo",
            Self::LabelSchema => "edit the labels, attributes and relation types",
            Self::MarkDoneAndNext => "mark the document done and open the next unfinished one",
            Self::NextDocument => "next document",
            Self::PreviousDocument => "previous document",
            Self::NextUnfinished => "next document not done yet (wraps around)",
            Self::PreviousUnfinished => "previous document not done yet (wraps around)",
            Self::RenameDocument => "rename the open document",
            Self::DeleteDocument => "delete the open document (asks first, naming what is lost)",
            Self::BiggerText => "bigger text",
            Self::SmallerText => "smaller text",
            Self::Preferences => "your name, backups",
            Self::Shortcuts => "this list (again, or Esc: close it)",
            Self::Agreement => "how far the annotators agree, per pair, label and document",
            Self::Statistics => "charts of spans and documents per annotator",
            Self::NextDisagreement => {
                "next span the annotators disagree on (after opening a document from Agreement)"
            }
            Self::PreviousDisagreement => "previous span the annotators disagree on",
            Self::FindInDocument => "search this document (the selected text, if any)",
            Self::FindInCorpus => {
                "search every document: words, \"phrases\", prefix*, label:ACTOR, regex"
            }
            Self::NextHit => "next search hit",
            Self::PreviousHit => "previous search hit",
            Self::TagAllOccurrences => {
                "tag every occurrence of the selected span's text with its label"
            }
            Self::Suggestions => {
                "suggest spans from a dictionary, patterns, the project or a model"
            }
            Self::AcceptSuggestion => "accept the suggestion at the caret (it becomes your span)",
            Self::RejectSuggestion => {
                "reject the suggestion at the caret (not suggested again here)"
            }
            Self::AcceptAllSuggestions => {
                "accept every suggestion in the document scoring at least the slider's value"
            }
            Self::SpanStartEarlier => {
                "move the selected span's start left (with Ctrl: a word; or drag its edge)"
            }
            Self::SpanStartLater => "move the selected span's start right (with Ctrl: a word)",
            Self::SpanEndEarlier => "move the selected span's end left (with Ctrl: a word)",
            Self::SpanEndLater => {
                "move the selected span's end right (with Ctrl: a word; or drag its edge)"
            }
            Self::Curate => "curate the open document into gold, or merge the corpus by a strategy",
            Self::NextCandidate => {
                "curation: next undecided candidate, span or relation (scrolls to it)"
            }
            Self::PreviousCandidate => "curation: previous undecided candidate",
            Self::AcceptCandidate => {
                "curation: accept the current candidate into gold (a label key: with that label; 1–9 on a relation: with that type)"
            }
            Self::RejectCandidate => {
                "curation: reject the current candidate (not proposed again here)"
            }
            Self::AcceptAllAgreeing => {
                "curation: accept every span candidate all annotators agree on in this document (once none is left: every relation they agree on)"
            }
        }
    }

    /// Keys the article answers (they act on its selection), not the app:
    /// without a selected span, Shift+→ extends the text selection.
    pub fn in_article(self) -> bool {
        matches!(
            self,
            Self::SpanStartEarlier
                | Self::SpanStartLater
                | Self::SpanEndEarlier
                | Self::SpanEndLater
        )
    }

    /// "Ctrl+Shift+Z or Ctrl+Y", as the F1 list shows the keys. Curation's
    /// keys say so ("Tab (curation)"): elsewhere Tab is the article's.
    pub fn keys_text(self) -> Option<String> {
        let texts: Vec<String> = self.shortcuts().iter().map(shortcut_text).collect();
        let keys = (!texts.is_empty()).then(|| texts.join(" or "))?;
        Some(if self.only_in_curation() {
            format!("{keys} (curation)")
        } else {
            keys
        })
    }

    /// Whether it acts only in curation mode (Project › Curate…): there
    /// Tab, A, X and Ctrl+A mean the candidates; elsewhere these keys keep
    /// their meaning (the next span, a suggestion, a label's key).
    pub fn only_in_curation(self) -> bool {
        matches!(
            self,
            Self::NextCandidate
                | Self::PreviousCandidate
                | Self::AcceptCandidate
                | Self::RejectCandidate
                | Self::AcceptAllAgreeing
        )
    }

    /// Whether its keys are the article's too (Enter links a relation, A
    /// may be a label's key): they run it only when there is a suggestion
    /// for it, so [`Self::pressed`] leaves them to the app's suggestion keys.
    pub fn only_with_suggestions(self) -> bool {
        matches!(
            self,
            Self::AcceptSuggestion | Self::RejectSuggestion | Self::AcceptAllSuggestions
        )
    }

    /// The command whose shortcut was pressed this frame, if any (consumed).
    /// Shortcuts with more modifiers are tried first: Ctrl+Shift+Z is redo,
    /// not undo.
    pub fn pressed(ctx: &egui::Context) -> Option<Self> {
        Self::pressed_among(ctx, |c| !c.only_with_suggestions() && !c.only_in_curation())
    }

    /// [`Self::pressed`] among the commands `active` accepts: a key of another
    /// command is left for the rest of the window (N types a label's shortcut
    /// unless disagreements are being reviewed).
    pub fn pressed_among(ctx: &egui::Context, active: impl Fn(Self) -> bool) -> Option<Self> {
        let mut all: Vec<(KeyboardShortcut, Self)> = Self::ALL
            .iter()
            .filter(|c| active(**c) && !c.in_article())
            .flat_map(|c| c.shortcuts().iter().map(move |s| (*s, *c)))
            .collect();
        all.sort_by_key(|(s, _)| std::cmp::Reverse(modifier_count(s.modifiers)));
        all.into_iter()
            .find(|(s, _)| ctx.input_mut(|i| i.consume_shortcut(s)))
            .map(|(_, c)| c)
    }
}

fn modifier_count(m: Modifiers) -> usize {
    [m.alt, m.ctrl || m.command || m.mac_cmd, m.shift]
        .into_iter()
        .filter(|on| *on)
        .count()
}

/// "Ctrl+Shift+Z", "Alt+↓", "F1": the way Linux and Windows write keys.
pub fn shortcut_text(shortcut: &KeyboardShortcut) -> String {
    let m = shortcut.modifiers;
    let mut text = String::new();
    for (on, name) in [
        (m.ctrl || m.command || m.mac_cmd, "Ctrl+"),
        (m.alt, "Alt+"),
        (m.shift, "Shift+"),
    ] {
        if on {
            text += name;
        }
    }
    text += match shortcut.logical_key {
        Key::ArrowDown => "↓",
        Key::ArrowUp => "↑",
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        Key::Equals => "=",
        Key::Plus => "+",
        Key::Minus => "-",
        key => key.name(),
    };
    text
}

/// The article's keys and gestures, the other half of the F1 list. They act
/// only while the article has the keys, so they are not app commands; the
/// article's key handler matches the discrete ones through [`Self::shortcuts`],
/// so the list and what the keys do cannot drift apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleKey {
    SelectText,
    TagSelection,
    StickyLabel,
    ClickSpan,
    MoveCaret,
    MoveByWord,
    MoveByLine,
    NextSpan,
    PreviousSpan,
    DeleteSelection,
    StartRelation,
    LinkRelation,
    RelationByDrag,
    NextAttributeValue,
    ClearSelection,
}

impl ArticleKey {
    /// In the order of the F1 list.
    pub const ALL: [Self; 15] = [
        Self::SelectText,
        Self::TagSelection,
        Self::StickyLabel,
        Self::ClickSpan,
        Self::MoveCaret,
        Self::MoveByWord,
        Self::MoveByLine,
        Self::NextSpan,
        Self::PreviousSpan,
        Self::DeleteSelection,
        Self::StartRelation,
        Self::LinkRelation,
        Self::RelationByDrag,
        Self::NextAttributeValue,
        Self::ClearSelection,
    ];

    /// The keys or gesture, as the F1 list shows them.
    pub fn keys_text(self) -> &'static str {
        match self {
            Self::SelectText => "drag / double-click",
            Self::TagSelection => "1, 2, 3 …",
            Self::StickyLabel => "Shift+1, Shift+2 …",
            Self::ClickSpan => "click a span",
            Self::MoveCaret => "← → / Shift+← →",
            Self::MoveByWord => "Ctrl+← → / Ctrl+Shift+← →",
            Self::MoveByLine => "↑ ↓ / Home End",
            Self::NextSpan => "Tab",
            Self::PreviousSpan => "Shift+Tab",
            Self::DeleteSelection => "Delete or Backspace",
            Self::StartRelation => "R",
            Self::LinkRelation => "Enter",
            Self::RelationByDrag => "Ctrl+drag from span to span",
            Self::NextAttributeValue => "Alt+1, Alt+2 …",
            Self::ClearSelection => "Escape",
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            Self::SelectText => "select text / a word",
            Self::TagSelection => "tag the selection with that label, or relabel the selected span",
            Self::StickyLabel => "sticky label: tag every selection at once (again to stop)",
            Self::ClickSpan => "select it (click again: the span around it)",
            Self::MoveCaret => "move the caret / extend the selection",
            Self::MoveByWord => "move or extend by word",
            Self::MoveByLine => "by line / to the paragraph's start or end",
            Self::NextSpan => "next span (while drawing a relation: the next target)",
            Self::PreviousSpan => "previous span",
            Self::DeleteSelection => {
                "delete the selected relation, or the selected span with its relations"
            }
            Self::StartRelation => {
                "a relation from the selected span: Tab or a click picks the target"
            }
            Self::LinkRelation => "link the relation being drawn to the selected span",
            Self::RelationByDrag => "a relation, with the mouse",
            Self::NextAttributeValue => "the next value of the span's first, second … attribute",
            Self::ClearSelection => {
                "clear the selection or the relation being drawn (again: leave sticky mode)"
            }
        }
    }

    /// The fixed keys that do it (none for gestures and keys the schema
    /// chooses, such as label keys).
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const NONE: Modifiers = Modifiers::NONE;
        match self {
            Self::NextSpan => const { &[shortcut(NONE, Key::Tab)] },
            Self::PreviousSpan => const { &[shortcut(Modifiers::SHIFT, Key::Tab)] },
            Self::DeleteSelection => {
                const { &[shortcut(NONE, Key::Delete), shortcut(NONE, Key::Backspace)] }
            }
            Self::StartRelation => const { &[shortcut(NONE, Key::R)] },
            Self::LinkRelation => const { &[shortcut(NONE, Key::Enter)] },
            Self::ClearSelection => const { &[shortcut(NONE, Key::Escape)] },
            Self::SelectText
            | Self::TagSelection
            | Self::StickyLabel
            | Self::ClickSpan
            | Self::MoveCaret
            | Self::MoveByWord
            | Self::MoveByLine
            | Self::RelationByDrag
            | Self::NextAttributeValue => &[],
        }
    }

    /// Whether one of its keys was pressed this frame (consumed). Keys are
    /// matched exactly: Tab is not Shift+Tab.
    pub fn consume(self, input: &mut egui::InputState) -> bool {
        self.shortcuts().iter().any(|s| {
            let pressed = input.events.iter().any(|e| {
                matches!(e, egui::Event::Key { key, pressed: true, modifiers, .. }
                    if *key == s.logical_key && modifiers_equal(*modifiers, s.modifiers))
            });
            pressed && input.consume_shortcut(s)
        })
    }
}

/// Equal modifiers, Ctrl and the command key counted as one.
fn modifiers_equal(a: Modifiers, b: Modifiers) -> bool {
    a.alt == b.alt && a.shift == b.shift && (a.ctrl || a.command) == (b.ctrl || b.command)
}

/// Every row of the F1 list: the article's keys, then each command that has
/// a shortcut, as (keys, what they do).
pub fn help_rows() -> Vec<(String, &'static str)> {
    let article = ArticleKey::ALL
        .into_iter()
        .map(|k| (k.keys_text().to_string(), k.help()));
    let commands = UiCommand::ALL
        .iter()
        .filter_map(|c| Some((c.keys_text()?, c.help())));
    article.chain(commands).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_a_user_types_them() {
        assert_eq!(
            UiCommand::Redo.keys_text().unwrap(),
            "Ctrl+Shift+Z or Ctrl+Y"
        );
        assert_eq!(UiCommand::NextDocument.keys_text().unwrap(), "Alt+↓");
        assert_eq!(
            UiCommand::BiggerText.keys_text().unwrap(),
            "Ctrl+= or Ctrl++"
        );
        assert_eq!(UiCommand::Shortcuts.keys_text().unwrap(), "F1");
        assert_eq!(UiCommand::BackUpNow.keys_text(), None);
    }

    /// The list shows every key the article's handler matches.
    #[test]
    fn the_article_keys_shown_are_the_keys_matched() {
        for key in ArticleKey::ALL {
            for shortcut in key.shortcuts() {
                let text = shortcut_text(shortcut);
                assert!(
                    key.keys_text().split(" or ").any(|k| k == text),
                    "{key:?}: {text} is not in {:?}",
                    key.keys_text()
                );
            }
        }
    }

    #[test]
    fn span_boundary_keys_are_written_ctrl_alt_shift() {
        assert_eq!(
            UiCommand::SpanStartEarlier.keys_text().unwrap(),
            "Alt+Shift+←"
        );
    }

    /// The F1 list (every command of ALL with keys) shows the article's
    /// boundary keys; the app's key handler leaves them to the article.
    #[test]
    fn the_f1_list_has_the_span_boundary_keys() {
        let listed: Vec<String> = UiCommand::ALL
            .iter()
            .filter_map(|c| c.keys_text())
            .collect();
        for keys in ["Shift+→", "Shift+←", "Alt+Shift+→", "Alt+Shift+←"] {
            assert!(listed.iter().any(|k| k == keys), "F1 lacks {keys}");
        }
        assert!(UiCommand::ALL.iter().filter(|c| c.in_article()).count() == 4);
    }

    /// No two commands answer to the same keys in the same mode: curation's
    /// keys are read instead of the suggestions' (A, X), never beside them.
    #[test]
    fn every_shortcut_belongs_to_one_command() {
        for curating in [false, true] {
            let mut seen = std::collections::HashSet::new();
            let active = UiCommand::ALL.iter().filter(|c| {
                if curating {
                    !c.only_with_suggestions()
                } else {
                    !c.only_in_curation()
                }
            });
            for command in active {
                for shortcut in command.shortcuts() {
                    assert!(seen.insert(shortcut_text(shortcut)), "{command:?}");
                }
            }
        }
    }

    /// The F1 list names each key once: curation's Tab is not the article's.
    #[test]
    fn the_f1_list_tells_curations_keys_apart() {
        assert_eq!(
            UiCommand::NextCandidate.keys_text().unwrap(),
            "Tab (curation)"
        );
        let rows = help_rows();
        let mut seen = std::collections::HashSet::new();
        for (keys, _) in &rows {
            assert!(seen.insert(keys.clone()), "{keys} twice in the F1 list");
        }
    }
}
