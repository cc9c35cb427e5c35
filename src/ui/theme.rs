//! Colours, in one place. Label colours come from the schema; how strongly
//! they are drawn depends on the theme so both dark and light stay readable.

use egui::Color32;

use crate::model::Label;

/// The label's own colour, opaque (swatches, underlines, tags).
pub fn label_color(label: &Label) -> Color32 {
    let [r, g, b] = label.rgb();
    Color32::from_rgb(r, g, b)
}

/// A span's background: translucent, so nested spans show as deeper colour.
pub fn span_fill(color: Color32, dark_mode: bool) -> Color32 {
    let alpha = if dark_mode { 70 } else { 55 };
    Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), alpha)
}

/// Text drawn on a label-coloured tag: black or white, whichever reads better.
pub fn text_on(color: Color32) -> Color32 {
    let luminance = 0.2126 * f32::from(color.r())
        + 0.7152 * f32::from(color.g())
        + 0.0722 * f32::from(color.b());
    if luminance > 150.0 {
        Color32::from_rgb(20, 20, 20)
    } else {
        Color32::WHITE
    }
}

/// Status line colours.
pub fn error_color(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(255, 120, 110)
    } else {
        Color32::from_rgb(190, 30, 30)
    }
}

pub fn ok_color(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(120, 200, 140)
    } else {
        Color32::from_rgb(30, 120, 60)
    }
}

/// The document list's count of candidates left to curate: amber, readable
/// on both themes.
pub fn curation_left_color(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(240, 190, 80)
    } else {
        Color32::from_rgb(160, 95, 0)
    }
}

/// The document list's ✔ for a document whose every curation candidate is
/// decided: the "all agree" green of the curation view, quieter.
pub fn curated_color(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(110, 190, 120)
    } else {
        Color32::from_rgb(30, 120, 50)
    }
}

/// Draws a document's status marker: an empty circle (new), a dot in a
/// circle (in progress), a filled circle (done). Painted, not a glyph, so it
/// needs no font that has it.
pub fn paint_status(
    painter: &egui::Painter,
    center: egui::Pos2,
    radius: f32,
    status: crate::model::DocumentStatus,
    color: Color32,
    dark_mode: bool,
) {
    use crate::model::DocumentStatus;
    match status {
        DocumentStatus::New => {
            painter.circle_stroke(center, radius, egui::Stroke::new(1.2, color));
        }
        DocumentStatus::InProgress => {
            painter.circle_stroke(center, radius, egui::Stroke::new(1.2, color));
            painter.circle_filled(center, radius * 0.45, color);
        }
        DocumentStatus::Done => {
            painter.circle_filled(center, radius, ok_color(dark_mode));
        }
    }
}

/// An agreement value's cell colour, from red (−1 or 0: no agreement) through amber
/// to green (1: full agreement); grey where the measure is undefined.
pub fn agreement_color(value: Option<f64>) -> Color32 {
    let Some(value) = value else {
        return Color32::from_gray(128);
    };
    let t = value.clamp(0.0, 1.0) as f32;
    let (low, mid, high) = (
        [200.0, 60.0, 50.0],
        [220.0, 170.0, 40.0],
        [50.0, 160.0, 80.0],
    );
    let (from, to, t) = if t < 0.5 {
        (low, mid, t * 2.0)
    } else {
        (mid, high, (t - 0.5) * 2.0)
    };
    let mix = |i: usize| (from[i] + (to[i] - from[i]) * t) as u8;
    Color32::from_rgb(mix(0), mix(1), mix(2))
}

/// A curation candidate's colour by its state: green when all agree, teal
/// when some do, red on a disagreement, violet for one vote, blue once in
/// gold, grey once rejected. Each in a light and a dark shade, readable on
/// both themes and apart from one another for the common colour blindness
/// (red and green differ in lightness too).
pub fn candidate_color(state: crate::curate::CandidateState, dark_mode: bool) -> Color32 {
    use crate::curate::CandidateState;
    let (light, dark) = match state {
        CandidateState::AllAgree => ([20, 130, 50], [110, 210, 120]),
        CandidateState::SomeAgree => ([0, 120, 130], [80, 200, 210]),
        CandidateState::Disagree => ([200, 30, 40], [255, 110, 100]),
        CandidateState::OnlyOne => ([130, 60, 180], [190, 140, 255]),
        CandidateState::Accepted => ([30, 80, 200], [120, 160, 255]),
        CandidateState::Rejected => ([120, 120, 120], [150, 150, 150]),
    };
    let [r, g, b] = if dark_mode { dark } else { light };
    Color32::from_rgb(r, g, b)
}
