//! File › Open server project…: a `postgres://` URL and, when the server
//! asks for one, a password. The password is never stored: it goes into the
//! URL handed to the store (kept in memory for this run only), and the
//! recent list keeps the URL without it.

use egui::Context;

use crate::ui::action::{Action, Password};

/// The URL field's accessible name.
pub const URL_LABEL: &str = "Server project URL";
/// The password field's accessible name (shown when the server needs one).
pub const PASSWORD_LABEL: &str = "Server password";
/// The button that opens the project.
pub const OPEN_LABEL: &str = "Open the server project";

#[derive(Default)]
pub struct ServerProjectWindow {
    url: String,
    password: String,
    /// Whether the password field shows: the server asked for one and
    /// neither the URL, PGPASSWORD nor ~/.pgpass gave it.
    asking_password: bool,
    /// Why the last try failed, shown in the window (and only there).
    error: Option<String>,
    /// The field to type in next, given the keys when the window shows
    /// (the article would take them otherwise).
    focus: Option<Field>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Url,
    Password,
}

impl ServerProjectWindow {
    /// The window on `url` (a recent server project) with the reason the
    /// last try failed; `asking_password` shows the password field.
    pub fn retry(url: &str, error: String, asking_password: bool) -> Self {
        Self {
            url: url.to_string(),
            password: String::new(),
            asking_password,
            error: Some(error),
            focus: Some(if asking_password {
                Field::Password
            } else {
                Field::Url
            }),
        }
    }

    /// File › Open server project…: the keys go to the URL field.
    pub fn opened(&mut self) {
        self.focus = Some(Field::Url);
    }

    /// The last try failed: say why here; `asking_password` shows the
    /// password field.
    pub fn failed(&mut self, error: String, asking_password: bool) {
        self.error = Some(error);
        self.asking_password |= asking_password;
        self.focus = Some(if self.asking_password {
            Field::Password
        } else {
            Field::Url
        });
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn show(&mut self, ctx: &Context, open: &mut bool) -> Option<Action> {
        let mut action = None;
        egui::Window::new("Open server project")
            .open(open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("The project's URL on a PostgreSQL server:");
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.url)
                        .hint_text("postgres://ana@db.example/newsproject")
                        .desired_width(420.0),
                );
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, URL_LABEL)
                });
                if self.focus == Some(Field::Url) {
                    field.request_focus();
                    self.focus = None;
                }
                let mut entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if self.asking_password {
                    ui.label("The server asks for a password (it is not kept after you quit):");
                    let field = ui.add(
                        egui::TextEdit::singleline(&mut self.password)
                            .password(true)
                            .desired_width(420.0),
                    );
                    field.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::PasswordInput, true, PASSWORD_LABEL)
                    });
                    if self.focus == Some(Field::Password) {
                        field.request_focus();
                        self.focus = None;
                    }
                    entered |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                } else {
                    ui.weak("A password can be in the URL (postgres://ana:secret@…), in PGPASSWORD or in ~/.pgpass; it is never saved.");
                }
                if let Some(error) = &self.error {
                    ui.colored_label(crate::ui::theme::error_color(ui.visuals().dark_mode), error);
                }
                let button = ui.button("Open");
                button.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, OPEN_LABEL)
                });
                if (button.clicked() || entered) && !self.url.trim().is_empty() {
                    action = Some(Action::OpenServerProject {
                        url: self.url.trim().to_string(),
                        password: (self.asking_password && !self.password.is_empty())
                            .then(|| Password(std::mem::take(&mut self.password))),
                    });
                }
            });
        action
    }
}
