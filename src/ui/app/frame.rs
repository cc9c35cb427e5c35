//! One frame: read what finished in the background and the keys that are
//! the app's, draw the panels and windows, then apply what they asked for.

use egui::Ui;

use super::GlossatorApp;
use crate::ui::action::Action;
use crate::ui::article::ArticleOptions;
use crate::ui::command::UiCommand;
use crate::ui::panels::header::header_ui;
use crate::ui::panels::status::status_ui;
use crate::ui::settings::ThemeChoice;

impl GlossatorApp {
    /// The whole window, for eframe and for tests.
    pub fn ui_main(&mut self, ui: &mut Ui) {
        // The context that draws the app is the one to wake (a test harness
        // draws with its own).
        if ui.ctx() != &self.ctx {
            self.ctx = ui.ctx().clone();
        }
        let ctx = self.ctx.clone();
        self.apply_theme();
        self.article_state
            .set_snap_to_words(self.settings.snap_to_words);
        let mut actions = Vec::new();
        self.poll_job();
        self.poll_backups();
        self.poll_checkpoint();
        self.poll_live();
        self.windows.shortcuts_keys(&ctx);
        actions.extend(self.windows.relation_picker_keys(
            &ctx,
            &self.session,
            &mut self.article_state,
        ));
        self.curation_before_panels(&mut actions);
        self.suggestions_before_panels(&mut actions);
        if let Err(error) = self.layers_view.refresh(&self.session) {
            self.status.error(error);
        }
        self.article.show_layers(self.layers_view.overlay());
        self.command_keys(&mut actions);
        self.dropped_files(&mut actions);

        egui::Panel::top("menu").show(ui, |ui| {
            crate::ui::menus::menu_bar_ui(
                ui,
                &self.session,
                &mut self.settings,
                &mut self.layers_view,
                &mut actions,
            );
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            status_ui(
                ui,
                &self.session,
                &self.article_state,
                &self.status,
                self.job.as_ref(),
                &mut actions,
            );
        });
        if self.search.open {
            egui::Panel::bottom("search")
                .resizable(true)
                .default_size(200.0)
                .min_size(90.0)
                .show(ui, |ui| {
                    ui.push_id(self.project_epoch, |ui| {
                        self.search.ui(ui, &self.session, &mut actions);
                    });
                });
        }
        egui::Panel::left("documents")
            .default_size(250.0)
            .min_size(160.0)
            .show(ui, |ui| {
                ui.push_id(self.project_epoch, |ui| {
                    let progress = self.curation_progress.progress();
                    self.documents
                        .ui(ui, &self.session, Some(progress), &mut actions);
                });
            });
        egui::Panel::right("inspector")
            .default_size(300.0)
            .min_size(220.0)
            .show(ui, |ui| {
                ui.push_id(self.project_epoch, |ui| {
                    self.inspector
                        .ui(ui, &self.session, &mut self.article_state, &mut actions);
                });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.push_id(self.project_epoch, |ui| self.center_ui(ui, &mut actions));
        });

        self.suggestions_window_ui(&mut actions);
        self.curate_window_ui(&mut actions);
        actions.extend(
            self.windows
                .show(&ctx, &mut self.session, &mut self.settings),
        );
        let beside = self
            .article_state
            .picking()
            .map_or_else(Vec::new, |(from, to)| {
                let open = self.session.open();
                [from, to]
                    .iter()
                    .flat_map(|&span| open.map(|o| self.article.span_screen_rects(o, span)))
                    .flatten()
                    .collect()
            });
        actions.extend(self.windows.relation_picker(
            &ctx,
            &self.session,
            &mut self.article_state,
            beside,
        ));
        for action in actions {
            self.apply_action(action);
        }
    }

    /// The open document's title and status, what mode the keys are in, and
    /// the article.
    fn center_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(open) = self.session.open() else {
            ui.centered_and_justified(|ui| {
                ui.weak("No document open. Import text with File › Import files… (Ctrl+I), or drop files here.");
            });
            return;
        };
        header_ui(ui, &self.session, &self.article_state, open, actions);
        self.curation
            .bar_ui(ui, &self.session, open, &self.article_state, actions);
        self.layers_view.legend_ui(ui);
        ui.separator();
        let options = ArticleOptions {
            font_size: self.settings.font_size,
            serif: self.settings.serif,
        };
        self.article.ui(
            ui,
            open,
            self.session.schema(),
            options,
            &mut self.article_state,
            actions,
        );
    }

    /// The command table's shortcuts, except while typing or in a path dialog.
    fn command_keys(&self, actions: &mut Vec<Action>) {
        if self.ctx.text_edit_focused() || self.windows.path_dialog_open() {
            return;
        }
        let reviewing = self.review.is_some();
        let curating = self.curation_keys_live();
        // N / Shift+N only while reviewing disagreements; the suggestion
        // keys (A, X, Enter) only through the suggestions' own handler;
        // curation's (Tab, A, X, Ctrl+A) only while curating.
        let active = |command: UiCommand| {
            !command.only_with_suggestions()
                && (curating || !command.only_in_curation())
                && (reviewing
                    || !matches!(
                        command,
                        UiCommand::NextDisagreement | UiCommand::PreviousDisagreement
                    ))
        };
        actions.extend(UiCommand::pressed_among(&self.ctx, active).map(Action::Command));
    }

    fn dropped_files(&self, actions: &mut Vec<Action>) {
        let dropped: Vec<_> = self.ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            actions.push(Action::Import(dropped));
        }
    }

    fn apply_theme(&self) {
        let preference = match self.settings.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        };
        if self.ctx.options(|o| o.theme_preference) != preference {
            self.ctx.set_theme(preference);
        }
    }
}
