//! Every command the menus, the keyboard and the F1 list offer, defined once:
//! its menu text, its shortcuts and its help line. Menus, the key handler and
//! the shortcut list all read this table (as rerun's `UICommand`).

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    NewProject,
    OpenProject,
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
    BiggerText,
    SmallerText,
    Preferences,
    Shortcuts,
    /// The selected span's boundaries, by a grapheme (with Ctrl, a word):
    /// keys of the article, which knows the selected span.
    SpanStartEarlier,
    SpanStartLater,
    SpanEndEarlier,
    SpanEndLater,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl UiCommand {
    /// In the order of the F1 list.
    pub const ALL: [Self; 21] = [
        Self::Undo,
        Self::Redo,
        Self::NextDocument,
        Self::PreviousDocument,
        Self::MarkDoneAndNext,
        Self::Import,
        Self::Export,
        Self::OpenProject,
        Self::NewProject,
        Self::SaveCopy,
        Self::BackUpNow,
        Self::LabelSchema,
        Self::BiggerText,
        Self::SmallerText,
        Self::Preferences,
        Self::Shortcuts,
        Self::Quit,
        Self::SpanEndLater,
        Self::SpanEndEarlier,
        Self::SpanStartEarlier,
        Self::SpanStartLater,
    ];

    pub fn menu_text(self) -> &'static str {
        match self {
            Self::NewProject => "New project…",
            Self::OpenProject => "Open project…",
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
            Self::BiggerText => "Bigger text",
            Self::SmallerText => "Smaller text",
            Self::Preferences => "Preferences…",
            Self::Shortcuts => "Keyboard shortcuts",
            Self::SpanStartEarlier => "Move span start left",
            Self::SpanStartLater => "Move span start right",
            Self::SpanEndEarlier => "Move span end left",
            Self::SpanEndLater => "Move span end right",
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
            Self::BiggerText => const { &[shortcut(CMD, Key::Equals), shortcut(CMD, Key::Plus)] },
            Self::SmallerText => const { &[shortcut(CMD, Key::Minus)] },
            Self::Shortcuts => const { &[shortcut(Modifiers::NONE, Key::F1)] },
            Self::SpanStartEarlier => const { &[shortcut(ALT_SHIFT, Key::ArrowLeft)] },
            Self::SpanStartLater => const { &[shortcut(ALT_SHIFT, Key::ArrowRight)] },
            Self::SpanEndEarlier => const { &[shortcut(Modifiers::SHIFT, Key::ArrowLeft)] },
            Self::SpanEndLater => const { &[shortcut(Modifiers::SHIFT, Key::ArrowRight)] },
            Self::SaveCopy
            | Self::BackUpNow
            | Self::Quit
            | Self::LabelSchema
            | Self::Preferences => &[],
        }
    }

    /// The line in the F1 list.
    pub fn help(self) -> &'static str {
        match self {
            Self::NewProject => "new project",
            Self::OpenProject => "open a project",
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
            Self::BiggerText => "bigger text",
            Self::SmallerText => "smaller text",
            Self::Preferences => "your name, backups",
            Self::Shortcuts => "this list",
            Self::SpanStartEarlier => {
                "move the selected span's start left (with Ctrl: a word; or drag its edge)"
            }
            Self::SpanStartLater => "move the selected span's start right (with Ctrl: a word)",
            Self::SpanEndEarlier => "move the selected span's end left (with Ctrl: a word)",
            Self::SpanEndLater => {
                "move the selected span's end right (with Ctrl: a word; or drag its edge)"
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

    /// "Ctrl+Shift+Z or Ctrl+Y", as the F1 list shows the keys.
    pub fn keys_text(self) -> Option<String> {
        let texts: Vec<String> = self.shortcuts().iter().map(shortcut_text).collect();
        (!texts.is_empty()).then(|| texts.join(" or "))
    }

    /// The command whose shortcut was pressed this frame, if any (consumed).
    /// Shortcuts with more modifiers are tried first: Ctrl+Shift+Z is redo,
    /// not undo.
    pub fn pressed(ctx: &egui::Context) -> Option<Self> {
        let mut all: Vec<(KeyboardShortcut, Self)> = Self::ALL
            .iter()
            .filter(|c| !c.in_article())
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
        assert_eq!(UiCommand::Quit.keys_text(), None);
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

    /// No two commands answer to the same keys.
    #[test]
    fn every_shortcut_belongs_to_one_command() {
        let mut seen = std::collections::HashSet::new();
        for command in UiCommand::ALL {
            for shortcut in command.shortcuts() {
                assert!(seen.insert(shortcut_text(shortcut)), "{command:?}");
            }
        }
    }
}
