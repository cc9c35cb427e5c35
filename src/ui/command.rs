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
    Suggestions,
    AcceptSuggestion,
    RejectSuggestion,
    AcceptAllSuggestions,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl UiCommand {
    /// In the order of the F1 list.
    pub const ALL: [Self; 21] = [
        Self::Undo,
        Self::Redo,
        Self::AcceptSuggestion,
        Self::RejectSuggestion,
        Self::AcceptAllSuggestions,
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
        Self::Suggestions,
        Self::BiggerText,
        Self::SmallerText,
        Self::Preferences,
        Self::Shortcuts,
        Self::Quit,
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
            Self::Suggestions => "Suggestions…",
            Self::AcceptSuggestion => "Accept suggestion",
            Self::RejectSuggestion => "Reject suggestion",
            Self::AcceptAllSuggestions => "Accept all suggestions above the score",
        }
    }

    /// The keys that run it; the first is the one menus show.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const CMD: Modifiers = Modifiers::COMMAND;
        const CMD_SHIFT: Modifiers = Modifiers {
            shift: true,
            ..Modifiers::COMMAND
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
            Self::Suggestions
            | Self::SaveCopy
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
        }
    }

    /// "Ctrl+Shift+Z or Ctrl+Y", as the F1 list shows the keys.
    pub fn keys_text(self) -> Option<String> {
        let texts: Vec<String> = self.shortcuts().iter().map(shortcut_text).collect();
        (!texts.is_empty()).then(|| texts.join(" or "))
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
        Self::pressed_among(ctx, Self::ALL.iter().filter(|c| !c.only_with_suggestions()))
    }

    /// Like [`Self::pressed`], among `commands` only.
    pub fn pressed_among<'a>(
        ctx: &egui::Context,
        commands: impl Iterator<Item = &'a Self>,
    ) -> Option<Self> {
        let mut all: Vec<(KeyboardShortcut, Self)> = commands
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
        (m.shift, "Shift+"),
        (m.alt, "Alt+"),
    ] {
        if on {
            text += name;
        }
    }
    text += match shortcut.logical_key {
        Key::ArrowDown => "↓",
        Key::ArrowUp => "↑",
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
