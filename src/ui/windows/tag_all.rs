//! Edit › Tag all occurrences… (Ctrl+Shift+T), from a selected span: every
//! place its text occurs, in this document, all documents or the documents
//! of the search hits, listed with context and a checkbox each; "Tag" makes
//! the checked ones spans as ONE undoable step.

use std::ops::ControlFlow;
use std::path::PathBuf;

use egui::{Context, Key, TextStyle};

use crate::model::{DocumentId, LabelId};
use crate::search::{
    plan_tag_all, MatchOptions, SearchError, SkipRule, TagAllPlan, TagAllRequest, TagScope,
};
use crate::session::{ellipsize, Edit, Session};
use crate::store::Store;
use crate::ui::action::Action;
use crate::ui::panels::search::take_finished;
use crate::ui::promise::Promise;

/// The accessible name of the button that tags the checked places.
pub const TAG_BUTTON_LABEL: &str = "Tag the checked occurrences";
pub const WHOLE_WORD_LABEL: &str = "Whole words";
pub const MATCH_CASE_LABEL: &str = "Match case";
pub const SKIP_ANY_LABEL: &str = "Skip places inside any span (not only this label's)";

/// Where to look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagAllIn {
    Document,
    Corpus,
    SearchHits,
}

pub struct TagAllWindow {
    term: String,
    label: LabelId,
    scope: TagAllIn,
    options: MatchOptions,
    skip_any: bool,
    document: Option<DocumentId>,
    hit_documents: Vec<DocumentId>,
    /// The request the preview answers.
    previewed: Option<TagAllRequest>,
    plan: TagAllPlan,
    checked: Vec<bool>,
    error: Option<String>,
    running: Option<Promise<Result<TagAllPlan, SearchError>>>,
}

impl TagAllWindow {
    /// For `term` (the selected span's text) and `label` (its label), in the
    /// open `document`; `hit_documents` are the search panel's.
    pub fn new(
        term: String,
        label: LabelId,
        document: Option<DocumentId>,
        hit_documents: Vec<DocumentId>,
    ) -> Self {
        Self {
            term,
            label,
            scope: TagAllIn::Document,
            options: MatchOptions {
                whole_word: true,
                match_case: false,
            },
            skip_any: false,
            document,
            hit_documents,
            previewed: None,
            plan: TagAllPlan::default(),
            checked: Vec::new(),
            error: None,
            running: None,
        }
    }

    fn request(&self) -> Option<TagAllRequest> {
        let scope = match self.scope {
            TagAllIn::Document => TagScope::Document(self.document?),
            TagAllIn::Corpus => TagScope::Corpus,
            TagAllIn::SearchHits => TagScope::Documents(self.hit_documents.clone()),
        };
        Some(TagAllRequest {
            term: self.term.clone(),
            label: self.label,
            scope,
            options: self.options,
            skip: if self.skip_any {
                SkipRule::AnySpan
            } else {
                SkipRule::SameLabel
            },
        })
    }

    /// The window; returns the edit when the user tags.
    pub fn show(&mut self, ctx: &Context, open: &mut bool, session: &Session) -> Option<Action> {
        self.poll();
        let mut action = None;
        egui::Window::new("Tag all occurrences")
            .collapsible(false)
            .default_width(640.0)
            .default_height(480.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let name = ui.label(format!("“{}” as", ellipsize(&self.term, 50)));
                    egui::ComboBox::from_id_salt("tag all label")
                        .selected_text(session.schema().label_name(self.label))
                        .show_ui(ui, |ui| {
                            for label in session.schema().span_labels() {
                                ui.selectable_value(&mut self.label, label.id, &label.name);
                            }
                        })
                        .response
                        .labelled_by(name.id);
                });
                ui.horizontal(|ui| {
                    ui.label("In");
                    ui.radio_value(&mut self.scope, TagAllIn::Document, "this document");
                    ui.radio_value(&mut self.scope, TagAllIn::Corpus, "all documents");
                    ui.add_enabled_ui(!self.hit_documents.is_empty(), |ui| {
                        ui.radio_value(
                            &mut self.scope,
                            TagAllIn::SearchHits,
                            format!("the search hits' {} documents", self.hit_documents.len()),
                        );
                    });
                });
                ui.horizontal(|ui| {
                    ui.checkbox(&mut self.options.whole_word, WHOLE_WORD_LABEL);
                    ui.checkbox(&mut self.options.match_case, MATCH_CASE_LABEL);
                    ui.checkbox(&mut self.skip_any, SKIP_ANY_LABEL);
                });
                ui.separator();
                self.refresh(session, ctx);
                action = self.preview_ui(ui, open);
            });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            *open = false;
        }
        if !*open {
            if let Some(running) = &self.running {
                running.cancel();
            }
        }
        action
    }

    /// Looks again when the options changed: at once in one document, in
    /// the background elsewhere.
    fn refresh(&mut self, session: &Session, ctx: &Context) {
        let request = self.request();
        if request == self.previewed {
            return;
        }
        self.previewed = request.clone();
        self.plan = TagAllPlan::default();
        self.checked.clear();
        self.error = None;
        if let Some(running) = self.running.take() {
            running.cancel();
        }
        let Some(request) = request else {
            self.error = Some("No document is open.".into());
            return;
        };
        match (&request.scope, session.location()) {
            (TagScope::Document(_), _) | (_, None) => {
                let plan = plan_tag_all(session.store(), &request, &mut |_, _| {
                    ControlFlow::Continue(())
                });
                self.finish(plan.map_err(|err| err.to_string()))
            }
            (_, Some(path)) => self.running = Some(plan_in_background(ctx, path, request)),
        }
    }

    fn poll(&mut self) {
        if let Some(result) = take_finished(&mut self.running) {
            self.finish(result);
        }
    }

    fn finish(&mut self, result: Result<TagAllPlan, String>) {
        match result {
            Ok(plan) => {
                self.checked = vec![true; plan.to_tag.len()];
                self.plan = plan;
            }
            Err(err) => self.error = Some(err),
        }
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui, open: &mut bool) -> Option<Action> {
        if let Some(running) = &self.running {
            ui.add(egui::ProgressBar::new(running.fraction()).show_percentage());
            return None;
        }
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
            return None;
        }
        let chosen = self.checked.iter().filter(|c| **c).count();
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} to tag, {} skipped (already inside a span{})",
                self.plan.to_tag.len(),
                self.plan.skipped.len(),
                if self.skip_any { "" } else { " of this label" }
            ));
            if ui.button("Check all").clicked() {
                self.checked.iter_mut().for_each(|c| *c = true);
            }
            if ui.button("Check none").clicked() {
                self.checked.iter_mut().for_each(|c| *c = false);
            }
        });
        let row_height = ui.text_style_height(&TextStyle::Body) + 6.0;
        egui::ScrollArea::vertical()
            .id_salt("tag all preview")
            .max_height(320.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, self.plan.to_tag.len(), |ui, rows| {
                for i in rows {
                    let text = self.plan.to_tag[i].kwic_line();
                    ui.checkbox(&mut self.checked[i], text);
                }
            });
        ui.separator();
        let mut action = None;
        ui.horizontal(|ui| {
            let tag = ui.add_enabled(chosen > 0, egui::Button::new(format!("Tag {chosen}")));
            tag.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, chosen > 0, TAG_BUTTON_LABEL)
            });
            if tag.clicked() {
                let positions = self
                    .plan
                    .to_tag
                    .iter()
                    .zip(&self.checked)
                    .filter(|(_, checked)| **checked)
                    .map(|(hit, _)| (hit.document_id, hit.start, hit.end))
                    .collect();
                action = Some(Action::Edit(Edit::TagAll {
                    label: self.label,
                    positions,
                    text: self.term.clone(),
                }));
                *open = false;
            }
            if ui.button("Cancel").clicked() {
                *open = false;
            }
        });
        action
    }
}

fn plan_in_background(
    ctx: &Context,
    project: PathBuf,
    request: TagAllRequest,
) -> Promise<Result<TagAllPlan, SearchError>> {
    Promise::spawn(ctx, move |progress| {
        let store = Store::open_read_only(&project, "looking for occurrences")?;
        plan_tag_all(&store, &request, &mut |done, total| {
            if done % 64 == 0 {
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
