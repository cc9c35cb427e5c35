//! The Search panel (Ctrl+F in the document, Ctrl+Shift+F in the corpus):
//! a query box, the hits in context, F3 / Shift+F3 to step through them and
//! Enter to open one (its text selected in the article, ready to tag). A
//! search of the corpus runs in the background on its own connection, with
//! progress and Cancel; the frame never waits for it.

use std::ops::ControlFlow;
use std::path::PathBuf;

use egui::text::LayoutJob;
use egui::{Color32, TextFormat, TextStyle, Ui};

use crate::model::DocumentId;
use crate::search::{search, Found, Hit, Query, SearchError, SearchScope};
use crate::session::Session;
use crate::store::Store;
use crate::ui::action::Action;
use crate::ui::command::UiCommand;
use crate::ui::promise::Promise;

/// The accessible name of the query box.
pub const SEARCH_LABEL: &str = "Search query";
/// The accessible name of the regex switch.
pub const REGEX_LABEL: &str = "Regular expression";
/// How many hits the panel keeps (it says when there are more).
pub const HIT_LIMIT: usize = 1000;

/// Where the panel searches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SearchIn {
    #[default]
    Document,
    Corpus,
}

#[derive(Default)]
pub struct SearchPanel {
    pub open: bool,
    query: String,
    regex: bool,
    scope: SearchIn,
    /// What the shown hits answer (query, regex, scope, document searched).
    answered: Option<(String, bool, SearchIn, Option<DocumentId>)>,
    found: Found,
    current: Option<usize>,
    error: Option<String>,
    running: Option<Promise<Result<Found, SearchError>>>,
    focus_query: bool,
    /// The current hit changed by key: bring its row into view.
    scroll_to_current: bool,
}

impl SearchPanel {
    /// Ctrl+F / Ctrl+Shift+F: shows the panel with the query box focused,
    /// holding `selected` (the article's selected text) when there is one.
    pub fn start(&mut self, scope: SearchIn, selected: Option<String>) {
        self.open = true;
        self.scope = scope;
        self.focus_query = true;
        if let Some(text) = selected.filter(|t| !t.trim().is_empty() && !t.contains('\n')) {
            self.query = if self.regex {
                regex::escape(&text)
            } else {
                format!("\"{}\"", text.replace('"', " "))
            };
        }
    }

    pub fn hits(&self) -> &[Hit] {
        &self.found.hits
    }

    /// The documents the hits are in, in order (for "tag all in the hits").
    pub fn hit_documents(&self) -> Vec<DocumentId> {
        let mut ids: Vec<DocumentId> = self.found.hits.iter().map(|h| h.document_id).collect();
        ids.dedup();
        ids
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// F3 (`step` 1) or Shift+F3 (-1): the next or previous hit, wrapping,
    /// opened in the article.
    pub fn step(&mut self, step: isize) -> Option<Action> {
        let n = self.found.hits.len();
        if n == 0 {
            return None;
        }
        let next = match self.current {
            Some(i) => (i as isize + step).rem_euclid(n as isize) as usize,
            None if step < 0 => n - 1,
            None => 0,
        };
        self.current = Some(next);
        self.scroll_to_current = true;
        self.open_action(next)
    }

    /// F3 / Shift+F3 (the command table's keys) pressed this frame.
    fn step_keys(&mut self, ui: &Ui) -> Option<Action> {
        for (command, step) in [(UiCommand::NextHit, 1), (UiCommand::PreviousHit, -1)] {
            let pressed = command
                .shortcuts()
                .iter()
                .any(|shortcut| ui.input_mut(|i| i.consume_shortcut(shortcut)));
            if pressed {
                return self.step(step);
            }
        }
        None
    }

    fn open_action(&self, index: usize) -> Option<Action> {
        self.found.hits.get(index).map(|hit| Action::OpenHit {
            document: hit.document_id,
            start: hit.start,
            end: hit.end,
        })
    }

    pub fn ui(&mut self, ui: &mut Ui, session: &Session, actions: &mut Vec<Action>) {
        self.poll();
        let mut run = false;
        ui.horizontal(|ui| {
            ui.strong("Search");
            ui.radio_value(&mut self.scope, SearchIn::Document, "This document");
            ui.radio_value(&mut self.scope, SearchIn::Corpus, "All documents");
            ui.checkbox(&mut self.regex, REGEX_LABEL);
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("words, \"a phrase\", pakist*, label:ACTOR …")
                    .desired_width((ui.available_width() - 140.0).max(120.0)),
            );
            field.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, SEARCH_LABEL)
            });
            if std::mem::take(&mut self.focus_query) {
                field.request_focus();
            }
            if field.has_focus() {
                // The app's shortcuts wait while text is typed; F3 and
                // Shift+F3 are the search box's own.
                actions.extend(self.step_keys(ui));
            }
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if entered {
                // Enter again on the same query goes to the next hit.
                if self.answered.as_ref() == Some(&self.key(session)) && !self.found.hits.is_empty()
                {
                    actions.extend(self.step(1));
                } else {
                    run = true;
                }
                field.request_focus();
            }
            if self.running.is_some() {
                if ui.button("Cancel").clicked() {
                    if let Some(running) = &self.running {
                        running.cancel();
                    }
                }
            } else if ui.button("Find").clicked() {
                run = true;
            }
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
        if run {
            self.run(session, ui.ctx());
            if self.running.is_none() {
                actions.extend(self.step(1));
            }
        }
        self.summary_ui(ui);
        self.hits_ui(ui, actions);
    }

    fn key(&self, session: &Session) -> (String, bool, SearchIn, Option<DocumentId>) {
        let document = match self.scope {
            SearchIn::Document => session.open_id(),
            SearchIn::Corpus => None,
        };
        (self.query.clone(), self.regex, self.scope, document)
    }

    /// Starts the search: at once for one document (or a project in
    /// memory), in the background for the corpus.
    fn run(&mut self, session: &Session, ctx: &egui::Context) {
        self.error = None;
        self.current = None;
        self.found = Found::default();
        let query = if self.regex {
            Query::regex(&self.query)
        } else {
            Query::parse(&self.query)
        };
        let query = match query {
            Ok(query) => query,
            Err(err) => {
                self.error = Some(err.to_string());
                return;
            }
        };
        self.answered = Some(self.key(session));
        let scope = SearchScope {
            documents: match self.scope {
                SearchIn::Document => Some(session.open_id().into_iter().collect()),
                SearchIn::Corpus => None,
            },
            limit: HIT_LIMIT,
        };
        match (self.scope, session.location()) {
            (SearchIn::Corpus, Some(path)) => {
                self.running = Some(search_in_background(ctx, path, query, scope));
            }
            _ => match search(session.store(), &query, &scope, &mut |_, _| {
                ControlFlow::Continue(())
            }) {
                Ok(found) => self.found = found,
                Err(err) => self.error = Some(err.to_string()),
            },
        }
    }

    fn poll(&mut self) {
        match take_finished(&mut self.running) {
            Some(Ok(found)) => self.found = found,
            Some(Err(err)) => self.error = Some(err),
            None => {}
        }
    }

    fn summary_ui(&self, ui: &mut Ui) {
        if let Some(running) = &self.running {
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(running.fraction())
                        .desired_width(240.0)
                        .show_percentage(),
                );
                ui.weak("Searching the corpus…");
            });
            return;
        }
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
            return;
        }
        if self.answered.is_none() {
            ui.weak("Enter searches; F3 and Shift+F3 step through the hits; a hit opens with its text selected, ready to tag.");
            return;
        }
        let n = self.found.hits.len();
        let documents = self.hit_documents().len();
        let mut text = match n {
            0 => "No hits".to_string(),
            1 => "1 hit".to_string(),
            n => format!(
                "{n} hits in {documents} document{}",
                if documents == 1 { "" } else { "s" }
            ),
        };
        if self.found.more {
            text = format!("The first {n} hits (there are more: narrow the query)");
        }
        if self.found.cancelled {
            text += " (stopped before the end)";
        }
        if let Some(i) = self.current {
            text += &format!(" · {} of {n}", i + 1);
        }
        ui.weak(text);
    }

    fn hits_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let row_height = ui.text_style_height(&TextStyle::Body) + 4.0;
        let mut clicked = None;
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("search hits")
            .auto_shrink([false, false]);
        if let Some(i) = self
            .current
            .filter(|_| std::mem::take(&mut self.scroll_to_current))
        {
            // Rows are drawn only when visible: scroll by arithmetic, with
            // two rows above the current one.
            let pitch = row_height + ui.spacing().item_spacing.y;
            scroll = scroll.vertical_scroll_offset((i.saturating_sub(2)) as f32 * pitch);
        }
        scroll.show_rows(ui, row_height, self.found.hits.len(), |ui, rows| {
            for i in rows {
                let hit = &self.found.hits[i];
                let selected = self.current == Some(i);
                let row = ui.selectable_label(selected, kwic_job(ui, hit));
                if row.clicked() {
                    clicked = Some(i);
                }
            }
        });
        if let Some(i) = clicked {
            self.current = Some(i);
            actions.extend(self.open_action(i));
        }
    }
}

/// A hit as one line: the document, the context weak, the hit strong.
fn kwic_job(ui: &Ui, hit: &Hit) -> LayoutJob {
    let font = TextStyle::Body.resolve(ui.style());
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().strong_text_color();
    let flat = |text: &str| text.replace(['\r', '\n', '\t'], " ");
    let mut job = LayoutJob::default();
    let mut add = |text: &str, color: Color32, background: Color32| {
        job.append(
            text,
            0.0,
            TextFormat {
                font_id: font.clone(),
                color,
                background,
                ..TextFormat::default()
            },
        );
    };
    add(&format!("{}  ", hit.document), weak, Color32::TRANSPARENT);
    add(&flat(&hit.before), weak, Color32::TRANSPARENT);
    add(
        &flat(&hit.text),
        strong,
        ui.visuals().selection.bg_fill.gamma_multiply(0.6),
    );
    add(&flat(&hit.after), weak, Color32::TRANSPARENT);
    job
}

/// A background search's result, once, when it has finished; its error in
/// words (the panel and the Tag all window show it where the query is).
pub(crate) fn take_finished<T: Send + 'static>(
    running: &mut Option<Promise<Result<T, SearchError>>>,
) -> Option<Result<T, String>> {
    let result = running.as_mut()?.poll()?;
    *running = None;
    Some(match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err("the search stopped unexpectedly (please report it)".to_string()),
    })
}

/// The search on its own read-only connection, reporting progress and
/// stopping when cancelled.
fn search_in_background(
    ctx: &egui::Context,
    project: PathBuf,
    query: Query,
    scope: SearchScope,
) -> Promise<Result<Found, SearchError>> {
    Promise::spawn(ctx, move |progress| {
        let store = Store::open_read_only(&project, "searching")?;
        search(&store, &query, &scope, &mut |done, total| {
            if total > 0 && done % 64 == 0 {
                progress.set(done, total);
            }
            if progress.cancelled() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
    })
}
