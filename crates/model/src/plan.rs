//! The village plan seen on a screen: where the view looks (pan, zoom, pinch, centring on a
//! stand) and where the labels go so that none covers another, at any zoom.
//!
//! Units: the plan is in metres (origin top-left, as in [`Plan`]); screens are in CSS
//! pixels. A [`Stage`] is one plan in one viewport; a [`View`] says which part of the plan
//! the viewport shows. Labels keep the same size in pixels whatever the zoom, so what fits
//! in a stand depends on the zoom: [`place_labels`] decides, for one scale, which text each
//! label shows and where, and never lets two label boxes overlap.

use crate::edition::{Edition, FeatureKind, Plan, Point, Rect};
use crate::ids::StandId;
use crate::search::{fold, Query};

pub mod svg;

/// How far a person can zoom in, relative to the whole plan fitted in the viewport.
pub const MAX_ZOOM: f64 = 6.0;
/// Metres of margin around the plan when it is fitted.
pub const FIT_MARGIN: f64 = 1.0;
/// Share of the viewport a stand fills when the view centres on it.
pub const STAND_FILL: f64 = 0.35;
/// Share of the viewport a room fills when the view centres on it.
pub const ROOM_FILL: f64 = 0.8;

/// Font size of a stand's number, in CSS pixels.
pub const NUMBER_PX: f64 = 16.0;
/// Font sizes tried for names, largest first, in CSS pixels.
pub const NAME_PX: [f64; 2] = [15.0, 13.0];
/// The smallest text on the plan, in CSS pixels: below this a retired volunteer squints.
pub const MIN_PX: f64 = 12.0;
/// Side of a feature's icon (entrance, toilets…), in CSS pixels.
pub const ICON_PX: f64 = 28.0;
/// Space kept between a label and the edge of its stand, in CSS pixels.
pub const PAD_PX: f64 = 2.0;
/// Half the width kept clear around the step-free route, in CSS pixels.
pub const ROUTE_PX: f64 = 4.0;
/// Line height, in ems.
pub const LINE: f64 = 1.2;
/// Distance from the top of a line box to its baseline, in ems. With [`LINE`] it leaves
/// room for the ascent and descent of the common sans-serif fonts (DejaVu Sans: 0.93 and
/// 0.24), so the real glyphs always stay inside the computed box.
pub const ASCENT: f64 = 0.95;

/// A width and a height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// One plan shown in one viewport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stage {
    /// The plan, in metres.
    pub plan: Size,
    /// The viewport, in CSS pixels.
    pub viewport: Size,
}

impl Stage {
    pub fn new(plan: &Plan, viewport: Size) -> Self {
        Self {
            plan: Size {
                width: plan.width.max(1.0),
                height: plan.height.max(1.0),
            },
            viewport: Size {
                width: viewport.width.max(1.0),
                height: viewport.height.max(1.0),
            },
        }
    }

    /// Pixels per metre when the whole plan, with its margin, fits the viewport.
    pub fn fit_scale(&self) -> f64 {
        let w = self.viewport.width / (self.plan.width + 2.0 * FIT_MARGIN);
        let h = self.viewport.height / (self.plan.height + 2.0 * FIT_MARGIN);
        w.min(h)
    }

    /// Pixels per metre at the highest zoom.
    pub fn max_scale(&self) -> f64 {
        self.fit_scale() * MAX_ZOOM
    }

    fn centre(&self) -> Point {
        Point {
            x: self.plan.width / 2.0,
            y: self.plan.height / 2.0,
        }
    }

    fn viewport_centre(&self) -> Point {
        Point {
            x: self.viewport.width / 2.0,
            y: self.viewport.height / 2.0,
        }
    }
}

/// Which part of the plan the viewport shows: the plan point at the viewport's centre, and
/// the zoom relative to the fitted plan (1 shows the whole plan). Relative zoom keeps a
/// view meaningful when the viewport changes size (a phone turned sideways).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub centre: Point,
    pub zoom: f64,
}

impl View {
    /// The whole plan, centred.
    pub fn fit(stage: &Stage) -> Self {
        Self {
            centre: stage.centre(),
            zoom: 1.0,
        }
    }

    /// Pixels per metre.
    pub fn scale(&self, stage: &Stage) -> f64 {
        stage.fit_scale() * self.zoom
    }

    /// True when zoomed in beyond the whole plan: a one-finger drag then pans the plan
    /// rather than scrolling the page.
    pub fn is_zoomed_in(&self) -> bool {
        self.zoom > 1.0 + 1e-6
    }

    /// The part of the plan shown, in metres: the SVG `viewBox`.
    pub fn view_box(&self, stage: &Stage) -> Rect {
        let s = self.scale(stage);
        let w = stage.viewport.width / s;
        let h = stage.viewport.height / s;
        Rect {
            x: self.centre.x - w / 2.0,
            y: self.centre.y - h / 2.0,
            w,
            h,
        }
    }

    /// The plan point under a viewport point.
    pub fn to_plan(&self, stage: &Stage, screen: Point) -> Point {
        let s = self.scale(stage);
        let c = stage.viewport_centre();
        Point {
            x: self.centre.x + (screen.x - c.x) / s,
            y: self.centre.y + (screen.y - c.y) / s,
        }
    }

    /// The viewport point where a plan point is drawn.
    pub fn to_screen(&self, stage: &Stage, plan: Point) -> Point {
        let s = self.scale(stage);
        let c = stage.viewport_centre();
        Point {
            x: c.x + (plan.x - self.centre.x) * s,
            y: c.y + (plan.y - self.centre.y) * s,
        }
    }

    /// The same view kept within bounds: zoom between the whole plan and [`MAX_ZOOM`]; the
    /// centre pinned to the plan's centre when the whole plan shows, and let nearer the
    /// plan's edges the more one zooms in, so any stand can be brought to the middle but
    /// the plan never slides away.
    pub fn clamped(self, stage: &Stage) -> Self {
        let zoom = if self.zoom.is_finite() {
            self.zoom.clamp(1.0, MAX_ZOOM)
        } else {
            1.0
        };
        let s = stage.fit_scale() * zoom;
        let fit = stage.fit_scale();
        let axis = |value: f64, plan: f64, viewport: f64| {
            // Half the view at the fitted zoom, shrunk by the square of the zoom.
            let reach = viewport / (2.0 * s) * fit / s;
            let lo = (plan / 2.0).min(reach);
            let hi = (plan / 2.0).max(plan - reach);
            if value.is_finite() {
                // Not `clamp`: its check of the bounds would bring the whole float
                // formatting code into the wasm for its message (5 KB brotli). Here
                // `lo <= plan / 2 <= hi` always.
                value.max(lo).min(hi)
            } else {
                plan / 2.0
            }
        };
        Self {
            centre: Point {
                x: axis(self.centre.x, stage.plan.width, stage.viewport.width),
                y: axis(self.centre.y, stage.plan.height, stage.viewport.height),
            },
            zoom,
        }
    }

    /// Moves the plan with a finger or the mouse: `dx`, `dy` are the pixels it moved by.
    pub fn panned(self, stage: &Stage, dx: f64, dy: f64) -> Self {
        let s = self.scale(stage);
        Self {
            centre: Point {
                x: self.centre.x - dx / s,
                y: self.centre.y - dy / s,
            },
            zoom: self.zoom,
        }
        .clamped(stage)
    }

    /// Zooms by `factor` keeping the plan point under `anchor` (viewport pixels) in place:
    /// the point under the mouse, or the viewport centre for the buttons and keys.
    pub fn zoomed_at(self, stage: &Stage, factor: f64, anchor: Point) -> Self {
        let under = self.to_plan(stage, anchor);
        let zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
        Self::placing(stage, under, anchor, zoom)
    }

    /// The view that draws plan point `p` at viewport point `at`, at `zoom`.
    fn placing(stage: &Stage, p: Point, at: Point, zoom: f64) -> Self {
        let s = stage.fit_scale() * zoom;
        let c = stage.viewport_centre();
        Self {
            centre: Point {
                x: p.x - (at.x - c.x) / s,
                y: p.y - (at.y - c.y) / s,
            },
            zoom,
        }
        .clamped(stage)
    }

    /// A two-finger pinch: `self` is the view when the fingers touched down at `from`; they
    /// are now at `to`. The zoom follows the distance between the fingers, and the plan
    /// point under their midpoint follows the midpoint, so the plan stays under the fingers.
    pub fn pinched(self, stage: &Stage, from: [Point; 2], to: [Point; 2]) -> Self {
        let d0 = distance(from[0], from[1]);
        let d1 = distance(to[0], to[1]);
        let factor = if d0 > 1.0 { d1 / d0 } else { 1.0 };
        let under = self.to_plan(stage, midpoint(from[0], from[1]));
        let zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
        Self::placing(stage, under, midpoint(to[0], to[1]), zoom)
    }

    /// Centred on `rect` and zoomed so that it fills `fill` of the viewport (at most
    /// [`MAX_ZOOM`]): a stand's deep link, a place's "voir sur le plan".
    pub fn centred_on(stage: &Stage, rect: Rect, fill: f64) -> Self {
        let w = stage.viewport.width * fill / rect.w.max(0.1);
        let h = stage.viewport.height * fill / rect.h.max(0.1);
        let zoom = (w.min(h) / stage.fit_scale()).clamp(1.0, MAX_ZOOM);
        Self {
            centre: rect.center(),
            zoom,
        }
        .clamped(stage)
    }

    /// The smallest move that brings `rect` fully into view (centred on it when it is
    /// larger than the view): a stand reached with the Tab key.
    pub fn revealing(self, stage: &Stage, rect: Rect) -> Self {
        let vb = self.view_box(stage);
        let margin = PAD_PX * 4.0 / self.scale(stage);
        let axis = |centre: f64, lo: f64, size: f64, r_lo: f64, r_size: f64| {
            if r_size + 2.0 * margin >= size {
                r_lo + r_size / 2.0
            } else if r_lo - margin < lo {
                centre - (lo - (r_lo - margin))
            } else if r_lo + r_size + margin > lo + size {
                centre + (r_lo + r_size + margin - (lo + size))
            } else {
                centre
            }
        };
        Self {
            centre: Point {
                x: axis(self.centre.x, vb.x, vb.w, rect.x, rect.w),
                y: axis(self.centre.y, vb.y, vb.h, rect.y, rect.h),
            },
            zoom: self.zoom,
        }
        .clamped(stage)
    }
}

fn distance(a: Point, b: Point) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

fn midpoint(a: Point, b: Point) -> Point {
    Point {
        x: (a.x + b.x) / 2.0,
        y: (a.y + b.y) / 2.0,
    }
}

/// Rounds a zoom to the nearest quarter-octave, so labels are laid out again a few times
/// per doubling of the zoom instead of at every frame of a pinch.
pub fn label_zoom(zoom: f64) -> f64 {
    let steps = (zoom.max(1.0).log2() * 4.0).round();
    2f64.powf(steps / 4.0).clamp(1.0, MAX_ZOOM)
}

/// Whether two rectangles share any area (touching edges do not count).
pub fn overlaps(a: &Rect, b: &Rect) -> bool {
    const EPS: f64 = 1e-9;
    a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS
}

/// Whether `inner` lies inside `outer`.
pub fn contains(outer: &Rect, inner: &Rect) -> bool {
    const EPS: f64 = 1e-9;
    inner.x >= outer.x - EPS
        && inner.y >= outer.y - EPS
        && inner.x + inner.w <= outer.x + outer.w + EPS
        && inner.y + inner.h <= outer.y + outer.h + EPS
}

fn inset(r: &Rect, by: f64) -> Rect {
    Rect {
        x: r.x + by,
        y: r.y + by,
        w: (r.w - 2.0 * by).max(0.0),
        h: (r.h - 2.0 * by).max(0.0),
    }
}

/// An estimate of the width of `text` in pixels, at `px`, on the wide side: the widths are
/// those of DejaVu Sans (the widest of the usual phone and desktop sans-serif fonts;
/// Roboto and Segoe UI are narrower), rounded up per class of letter.
pub fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| {
            let (regular, heavy) = match c {
                'i' | 'j' | 'l' | 'I' | 'J' | '\'' | '’' | '.' | ',' | ':' | ';' | '!' | '|' | ' ' | 'ì' | 'í'
                | 'î' | 'ï' => (0.34, 0.40),
                'f' | 't' | 'r' | '(' | ')' | '-' | '/' => (0.42, 0.50),
                'm' | 'w' | 'M' | 'W' | 'œ' | 'æ' | 'Œ' | 'Æ' | '…' | '&' | '@' | '%' => (1.02, 1.12),
                '0'..='9' => (0.64, 0.70),
                c if c.is_lowercase() => (0.64, 0.73),
                c if c.is_uppercase() => (0.80, 0.86),
                _ => (0.80, 0.86),
            };
            if bold {
                heavy
            } else {
                regular
            }
        })
        .sum();
    em * px
}

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelTarget {
    /// Index into `plan.stands`.
    Stand(usize),
    /// Index into `plan.rooms`.
    Room(usize),
}

/// The role of one line of a label, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A stand's number, bold.
    Number,
    /// A stand's name.
    Name,
    /// "exemple", under an invented stand's name.
    Example,
    /// A room's name, bold.
    Room,
}

/// One line of text of a label, centred on the label's `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelLine {
    pub text: String,
    pub kind: LineKind,
    /// Baseline, in metres.
    pub y: f64,
    /// Font size, in metres (its size in pixels divided by the scale).
    pub size: f64,
}

/// A placed label.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub target: LabelTarget,
    /// Horizontal centre of every line (`text-anchor: middle`), in metres.
    pub x: f64,
    pub lines: Vec<LabelLine>,
    /// The box the text fits in, in metres. No two labels' boxes overlap.
    pub bbox: Rect,
    /// False when the name is shortened or left out (the number alone).
    pub complete: bool,
}

/// The box of a feature's icon (entrance, toilets…) at `scale`, centred on its point;
/// `None` for routes, which are drawn as lines.
pub fn icon_box(kind: FeatureKind, point: Point, scale: f64) -> Option<Rect> {
    if kind == FeatureKind::StepFreeRoute {
        return None;
    }
    let side = ICON_PX / scale;
    Some(Rect {
        x: point.x - side / 2.0,
        y: point.y - side / 2.0,
        w: side,
        h: side,
    })
}

/// A block of lines before it is placed: each line's text, kind and size in pixels.
struct Block {
    lines: Vec<(String, LineKind, f64)>,
    complete: bool,
}

impl Block {
    fn width_px(&self) -> f64 {
        self.lines
            .iter()
            .map(|(t, k, px)| text_width(t, *px, matches!(k, LineKind::Number | LineKind::Room)))
            .fold(0.0, f64::max)
    }

    fn height_px(&self) -> f64 {
        self.lines.iter().map(|(_, _, px)| px * LINE).sum()
    }

    /// The label with its box's top-left corner at (`left`, `top`), in metres.
    fn at(&self, target: LabelTarget, left: f64, top: f64, scale: f64) -> Label {
        let w = self.width_px() / scale;
        let mut y = top;
        let lines = self
            .lines
            .iter()
            .map(|(text, kind, px)| {
                let size = px / scale;
                let line = LabelLine {
                    text: text.clone(),
                    kind: *kind,
                    y: y + size * ASCENT,
                    size,
                };
                y += size * LINE;
                line
            })
            .collect();
        Label {
            target,
            x: left + w / 2.0,
            lines,
            bbox: Rect {
                x: left,
                y: top,
                w,
                h: self.height_px() / scale,
            },
            complete: self.complete,
        }
    }
}

/// Breaks `text` into at most `max_lines` lines no wider than `max_px`; `None` when it
/// does not fit (a word alone is too wide, or too many lines are needed).
fn wrap(text: &str, px: f64, bold: bool, max_px: f64, max_lines: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if text_width(word, px, bold) > max_px {
            return None;
        }
        match lines.last_mut() {
            Some(last) if text_width(&format!("{last} {word}"), px, bold) <= max_px => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
        if lines.len() > max_lines {
            return None;
        }
    }
    (!lines.is_empty()).then_some(lines)
}

/// `text` cut to fit `max_px` with an ellipsis: after a whole word when that keeps four
/// letters or more ("Petits…"), else inside the first word keeping at least five
/// ("Solidar…"); `None` below that (a stump tells nobody anything).
fn truncate(text: &str, px: f64, bold: bool, max_px: f64) -> Option<String> {
    if text_width(text, px, bold) <= max_px {
        return Some(text.to_owned());
    }
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    let fits = |head: &str| {
        let candidate = format!("{head}…");
        (text_width(&candidate, px, bold) <= max_px).then_some(candidate)
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    for keep in (1..words.len()).rev() {
        let head = words[..keep].join(" ");
        let head = head.trim_end_matches(|c: char| !c.is_alphanumeric());
        if letters(head) < 4 {
            break;
        }
        if let Some(found) = fits(head) {
            return Some(found);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (1..chars.len()).rev() {
        let head: String = chars[..keep].iter().collect();
        let head = head.trim_end_matches(|c: char| !c.is_alphanumeric());
        if letters(head) < 5 {
            return None;
        }
        if let Some(found) = fits(head) {
            return Some(found);
        }
    }
    None
}

/// A name without its leading article, the usual short form on a plan:
/// "Les Restos du cœur" → "Restos du cœur", "L'Escale" → "Escale".
pub fn short_name(name: &str) -> &str {
    for article in ["Les ", "Le ", "La ", "L'", "L’", "Des "] {
        if let Some(rest) = name.strip_prefix(article) {
            if !rest.trim().is_empty() {
                return rest.trim_start();
            }
        }
    }
    name
}

/// Where a block may go inside `area`: centred first, then against each edge, then (for
/// `rows` > 0) at `rows` more heights from top to bottom, so a room's name can find the
/// aisle between two rows of stands.
fn positions(area: &Rect, w: f64, h: f64, rows: usize) -> Vec<(f64, f64)> {
    let xs = [area.x + (area.w - w) / 2.0, area.x, area.x + area.w - w];
    let mut ys = vec![area.y + (area.h - h) / 2.0, area.y, area.y + area.h - h];
    ys.extend((1..rows).map(|i| area.y + (area.h - h) * i as f64 / rows as f64));
    ys.iter().flat_map(|&y| xs.iter().map(move |&x| (x, y))).collect()
}

/// Places `blocks` (best first) in `area`, avoiding `taken`; the first that fits wins.
fn place_first(
    target: LabelTarget,
    blocks: &[Block],
    area: &Rect,
    taken: &[Rect],
    scale: f64,
    rows: usize,
) -> Option<Label> {
    for block in blocks {
        let w = block.width_px() / scale;
        let h = block.height_px() / scale;
        if w > area.w + 1e-9 || h > area.h + 1e-9 {
            continue;
        }
        for (left, top) in positions(area, w, h, rows) {
            let label = block.at(target, left, top, scale);
            if contains(area, &label.bbox) && !taken.iter().any(|t| overlaps(t, &label.bbox)) {
                return Some(label);
            }
        }
    }
    None
}

/// The text a stand's label may show, best first: the number and the whole name (wrapped,
/// at each name size), the short name, a shortened name, then the number alone.
fn stand_blocks(number: &str, name: &str, example: bool, area_px: Size) -> Vec<Block> {
    let mut blocks = Vec::new();
    let number_line = |px: f64| (number.to_owned(), LineKind::Number, px);
    let example_line = |px: f64| ("exemple".to_owned(), LineKind::Example, px.min(MIN_PX.max(px - 2.0)));
    let short = short_name(name);
    let variants: Vec<(&str, bool)> = if short == name {
        vec![(name, true)]
    } else {
        vec![(name, true), (short, true)]
    };
    for (text, complete) in variants {
        for px in NAME_PX {
            let extra = if example { example_line(px).2 * LINE } else { 0.0 };
            let room = area_px.height - NUMBER_PX * LINE - extra;
            let max_lines = ((room / (px * LINE)) + 1e-9).floor().clamp(0.0, 3.0) as usize;
            if max_lines == 0 {
                continue;
            }
            if let Some(lines) = wrap(text, px, false, area_px.width, max_lines) {
                let mut all = vec![number_line(NUMBER_PX)];
                all.extend(lines.into_iter().map(|l| (l, LineKind::Name, px)));
                if example {
                    all.push(example_line(px));
                }
                blocks.push(Block { lines: all, complete });
            }
        }
    }
    // A shortened name on one line, at the smallest size; an invented stand keeps its
    // "exemple" line or shows no name at all.
    if let Some(cut) = truncate(short, MIN_PX, false, area_px.width) {
        let complete = cut == short;
        let mut all = vec![number_line(NUMBER_PX), (cut, LineKind::Name, MIN_PX)];
        if example {
            all.push(example_line(MIN_PX));
        }
        blocks.push(Block { lines: all, complete });
    }
    for px in [NUMBER_PX, 14.0, MIN_PX] {
        blocks.push(Block {
            lines: vec![number_line(px)],
            complete: false,
        });
    }
    blocks
}

/// The text a room's label may show, best first.
fn room_blocks(name: &str, area_px: Size) -> Vec<Block> {
    let mut blocks = Vec::new();
    for px in NAME_PX {
        for max_lines in [1, 2] {
            if let Some(lines) = wrap(name, px, true, area_px.width, max_lines) {
                blocks.push(Block {
                    lines: lines.into_iter().map(|l| (l, LineKind::Room, px)).collect(),
                    complete: true,
                });
            }
        }
    }
    if let Some(cut) = truncate(name, MIN_PX, true, area_px.width) {
        blocks.push(Block {
            complete: cut == name,
            lines: vec![(cut, LineKind::Room, MIN_PX)],
        });
    }
    blocks
}

/// Lays out the labels of the edition's plan at `scale` (pixels per metre): one per stand
/// (its number always, its name when it fits inside the stand), then one per room (its
/// name, where it covers no stand). Feature icons are kept clear. A label that cannot be
/// placed without covering another is left out; the list under the plan names everything.
pub fn place_labels(edition: &Edition, scale: f64) -> Vec<Label> {
    let Some(plan) = &edition.plan else {
        return Vec::new();
    };
    let scale = scale.max(0.01);
    let pad = PAD_PX / scale;
    let mut taken: Vec<Rect> = plan
        .features
        .iter()
        .filter_map(|f| f.points.first().and_then(|p| icon_box(f.kind, *p, scale)))
        .collect();
    let mut labels = Vec::new();

    for (i, ps) in plan.stands.iter().enumerate() {
        let stand = edition.stand(&ps.stand);
        let name = stand.map(|s| s.name.as_str()).unwrap_or_default();
        let example = stand.is_some_and(|s| s.example);
        let area = inset(&ps.rect, pad);
        let area_px = Size {
            width: area.w * scale,
            height: area.h * scale,
        };
        let blocks = stand_blocks(&ps.number, name, example, area_px);
        let target = LabelTarget::Stand(i);
        let placed = place_first(target, &blocks, &area, &taken, scale, 0).or_else(|| {
            // Last resort: the number alone, centred even if it overflows a tiny stand,
            // unless that covers something.
            let block = blocks.last()?;
            let (w, h) = (block.width_px() / scale, block.height_px() / scale);
            let c = ps.rect.center();
            let label = block.at(target, c.x - w / 2.0, c.y - h / 2.0, scale);
            (!taken.iter().any(|t| overlaps(t, &label.bbox))).then_some(label)
        });
        if let Some(label) = placed {
            taken.push(label.bbox);
            labels.push(label);
        }
    }

    // Room names stay off the stands themselves, not only off their labels, and off the
    // step-free route, which they would hide.
    taken.extend(plan.stands.iter().map(|s| inset(&s.rect, -pad)));
    for route in plan.features.iter().filter(|f| f.kind == FeatureKind::StepFreeRoute) {
        for leg in route.points.windows(2) {
            let (a, b) = (leg[0], leg[1]);
            let bbox = Rect {
                x: a.x.min(b.x),
                y: a.y.min(b.y),
                w: (a.x - b.x).abs(),
                h: (a.y - b.y).abs(),
            };
            taken.push(inset(&bbox, -ROUTE_PX / scale));
        }
    }
    for (i, room) in plan.rooms.iter().enumerate() {
        let Some(place) = edition.place(&room.place) else {
            continue;
        };
        let area = inset(&room.rect, pad * 2.0);
        let area_px = Size {
            width: area.w * scale,
            height: area.h * scale,
        };
        let blocks = room_blocks(&place.name, area_px);
        if let Some(label) = place_first(LabelTarget::Room(i), &blocks, &area, &taken, scale, 12) {
            taken.push(label.bbox);
            labels.push(label);
        }
    }
    labels
}

/// The village's stands in the order of their numbers on the plan (then those not on the
/// plan, by name), with their folded text for the list's search: number, name, theme and
/// description, accents and case ignored.
#[derive(Debug, Clone, Default)]
pub struct StandIndex {
    entries: Vec<StandEntry>,
}

/// One stand of a [`StandIndex`].
#[derive(Debug, Clone, PartialEq)]
pub struct StandEntry {
    /// Index into `edition.stands`.
    pub stand: usize,
    pub id: StandId,
    /// Its number on the plan, if it is drawn there.
    pub number: Option<String>,
    pub theme: String,
    folded: String,
}

impl StandIndex {
    pub fn new(edition: &Edition) -> Self {
        let number_of = |id: &StandId| {
            edition
                .plan
                .as_ref()
                .and_then(|p| p.stands.iter().find(|s| &s.stand == id))
                .map(|s| s.number.clone())
        };
        let mut entries: Vec<StandEntry> = edition
            .stands
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let number = number_of(&s.id);
                let folded = fold(&format!(
                    "{} {} {} {}",
                    number.as_deref().unwrap_or_default(),
                    s.name,
                    s.theme,
                    s.description.as_deref().unwrap_or_default()
                ));
                StandEntry {
                    stand: i,
                    id: s.id.clone(),
                    number,
                    theme: s.theme.clone(),
                    folded,
                }
            })
            .collect();
        entries.sort_by_key(|e| {
            (
                e.number
                    .as_deref()
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(u32::MAX),
                e.number.clone().unwrap_or_default(),
                fold(&edition.stands[e.stand].name),
            )
        });
        Self { entries }
    }

    pub fn entries(&self) -> &[StandEntry] {
        &self.entries
    }

    /// Every stand theme, sorted, each once.
    pub fn themes(&self) -> Vec<String> {
        let mut themes: Vec<String> = self.entries.iter().map(|e| e.theme.clone()).collect();
        themes.sort_by_key(|t| fold(t));
        themes.dedup();
        themes
    }

    /// The stands matching `query` and `theme` (empty: any theme), in order; `None` when
    /// neither filters anything.
    pub fn search(&self, query: &Query, theme: &str) -> Option<Vec<StandId>> {
        if query.is_empty() && theme.is_empty() {
            return None;
        }
        Some(
            self.entries
                .iter()
                .filter(|e| (theme.is_empty() || e.theme == theme) && query.matches_folded(&e.folded))
                .map(|e| e.id.clone())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Edition {
        let text = include_str!("../../../data/2013.json");
        Edition::from_json(text).expect("data/2013.json")
    }

    /// The plan's viewport on a 390 px phone and on a desktop, as style/map.css sizes it.
    fn phone(plan: &Plan) -> Stage {
        Stage::new(
            plan,
            Size {
                width: 390.0,
                height: 292.5,
            },
        )
    }

    fn desktop(plan: &Plan) -> Stage {
        Stage::new(
            plan,
            Size {
                width: 900.0,
                height: 560.0,
            },
        )
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    fn assert_no_overlap(labels: &[Label], what: &str) {
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(
                    !overlaps(&a.bbox, &b.bbox),
                    "{what} : {:?} {:?} chevauche {:?} {:?}",
                    a.target,
                    a.lines.iter().map(|l| &l.text).collect::<Vec<_>>(),
                    b.target,
                    b.lines.iter().map(|l| &l.text).collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn labels_never_overlap_on_the_2013_plan_at_default_and_max_zoom() {
        let e = demo();
        let plan = e.plan.as_ref().unwrap();
        for stage in [phone(plan), desktop(plan)] {
            for scale in [stage.fit_scale(), stage.max_scale()] {
                let labels = place_labels(&e, scale);
                assert_no_overlap(&labels, &format!("échelle {scale:.2}"));
            }
        }
    }

    #[test]
    fn labels_never_overlap_at_any_zoom_step_and_keep_every_number() {
        let e = demo();
        let plan = e.plan.as_ref().unwrap();
        // The app lays labels out at a smaller scale for "Grand texte" (22 px text, not 18).
        for (stage, text) in [(phone(plan), 1.0), (desktop(plan), 1.0), (phone(plan), 22.0 / 18.0)] {
            let mut zoom = 1.0;
            while zoom <= MAX_ZOOM {
                let scale = stage.fit_scale() * label_zoom(zoom) / text;
                let labels = place_labels(&e, scale);
                assert_no_overlap(&labels, &format!("zoom {zoom:.2}"));
                for (i, ps) in plan.stands.iter().enumerate() {
                    let label = labels
                        .iter()
                        .find(|l| l.target == LabelTarget::Stand(i))
                        .unwrap_or_else(|| panic!("le stand {} n'a pas d'étiquette au zoom {zoom}", ps.number));
                    assert_eq!(label.lines[0].text, ps.number);
                    assert!(
                        contains(&ps.rect, &label.bbox),
                        "l'étiquette du stand {} déborde au zoom {zoom}",
                        ps.number
                    );
                    assert!(label.lines.iter().all(|l| l.size * scale >= MIN_PX - 1e-9));
                }
                // Icons are kept clear of every label.
                for f in &plan.features {
                    if let Some(icon) = icon_box(f.kind, f.points[0], scale) {
                        for l in &labels {
                            assert!(!overlaps(&icon, &l.bbox), "{:?} couvre {:?}", f.kind, l.target);
                        }
                    }
                }
                zoom *= 1.1;
            }
        }
    }

    #[test]
    fn names_appear_as_one_zooms_in_and_are_whole_at_max_zoom() {
        let e = demo();
        let plan = e.plan.as_ref().unwrap();
        let stage = phone(plan);
        let at_max = place_labels(&e, stage.max_scale());
        for (i, ps) in plan.stands.iter().enumerate() {
            let label = at_max.iter().find(|l| l.target == LabelTarget::Stand(i)).unwrap();
            assert!(label.complete, "stand {} : {:?}", ps.number, label.lines);
            let mut shown: Vec<&str> = label.lines[1..].iter().map(|l| l.text.as_str()).collect();
            let stand = e.stand(&ps.stand).unwrap();
            if stand.example {
                assert_eq!(shown.pop(), Some("exemple"), "stand {}", ps.number);
            }
            assert!(stand.name.ends_with(&shown.join(" ")), "{} / {shown:?}", stand.name);
        }
        // Every room is named somewhere on the plan at the highest zoom.
        for (i, _) in plan.rooms.iter().enumerate() {
            assert!(at_max.iter().any(|l| l.target == LabelTarget::Room(i)));
        }
    }

    #[test]
    fn room_names_cover_no_stand_and_leave_the_route_visible() {
        let e = demo();
        let plan = e.plan.as_ref().unwrap();
        for stage in [phone(plan), desktop(plan)] {
            for scale in [stage.fit_scale(), stage.fit_scale() * 2.0, stage.max_scale()] {
                let labels = place_labels(&e, scale);
                for l in labels.iter().filter(|l| matches!(l.target, LabelTarget::Room(_))) {
                    for ps in &plan.stands {
                        assert!(
                            !overlaps(&l.bbox, &ps.rect),
                            "{:?} couvre le stand {}",
                            l.lines,
                            ps.number
                        );
                    }
                    let route = plan
                        .features
                        .iter()
                        .find(|f| f.kind == FeatureKind::StepFreeRoute)
                        .unwrap();
                    for leg in route.points.windows(2) {
                        let (a, b) = (leg[0], leg[1]);
                        let r = Rect {
                            x: a.x.min(b.x),
                            y: a.y.min(b.y),
                            w: (a.x - b.x).abs(),
                            h: (a.y - b.y).abs(),
                        };
                        assert!(!overlaps(&l.bbox, &r), "{:?} couvre le cheminement", l.lines);
                    }
                }
                // The hall is named at every zoom, in the aisle between the rows.
                assert!(
                    labels.iter().any(|l| l.target == LabelTarget::Room(3)),
                    "échelle {scale}"
                );
            }
        }
    }

    #[test]
    fn a_stand_too_small_for_its_name_keeps_its_number() {
        let e = demo();
        // At the phone's default zoom a 6 m stand is about 38 px wide: no room for names.
        let plan = e.plan.as_ref().unwrap();
        let labels = place_labels(&e, phone(plan).fit_scale());
        let restos = plan
            .stands
            .iter()
            .position(|s| s.stand.as_str() == "restos-du-coeur")
            .unwrap();
        let label = labels.iter().find(|l| l.target == LabelTarget::Stand(restos)).unwrap();
        assert_eq!(label.lines.len(), 1);
        assert_eq!(label.lines[0].text, "5");
        assert!(!label.complete);
    }

    #[test]
    fn long_names_wrap_shorten_or_lose_their_article() {
        assert_eq!(short_name("Les Restos du cœur"), "Restos du cœur");
        assert_eq!(short_name("L'Escale"), "Escale");
        assert_eq!(short_name("UNA"), "UNA");
        assert_eq!(short_name("Le "), "Le ");
        let lines = wrap("Les Restos du cœur", 15.0, false, 100.0, 3).unwrap();
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 15.0, false) <= 100.0));
        assert_eq!(wrap("Anticonstitutionnellement", 15.0, false, 60.0, 3), None);
        assert_eq!(
            truncate("Petits frères des pauvres", 12.0, false, 60.0).unwrap(),
            "Petits…"
        );
        assert_eq!(truncate("Solidar'Auto", 12.0, false, 60.0).unwrap(), "Solidar…");
        assert_eq!(truncate("CCAS d'Angers – accueil", 12.0, false, 56.0).unwrap(), "CCAS…");
        assert_eq!(truncate("Petits frères", 12.0, false, 10.0), None);
        assert_eq!(truncate("UNA", 12.0, false, 10.0), None);
    }

    #[test]
    fn the_width_estimate_is_never_narrower_than_dejavu_sans() {
        // Advance widths in ems of DejaVu Sans Book and Bold (Chromium's sans-serif on
        // Debian), measured with the font files, for every name of the 2013 plan.
        let measured = [
            ("CCAS d'Angers – accueil", 12.096, 13.433),
            ("Petits frères des pauvres", 12.371, 14.233),
            ("UNA", 2.164, 2.423),
            ("Solidar'Auto", 6.058, 6.934),
            ("AMS", 2.182, 2.489),
            ("Les Restos du cœur", 9.827, 11.079),
            ("Resto Troc", 5.123, 5.902),
            ("Le Temps pour toit", 9.26, 10.534),
            ("Le Toit Angevin", 7.584, 8.655),
            ("FNARS", 3.337, 3.784),
            ("URIOPSS", 4.381, 4.933),
            ("IRESA", 2.959, 3.319),
            ("Auditorium", 5.531, 6.299),
            ("Salle du conseil", 7.81, 8.834),
            ("Salon du déjeuner", 9.112, 10.271),
            ("Hall – Village des solidarités", 13.975, 15.879),
            ("12", 1.272, 1.392),
        ];
        for (text, regular, bold) in measured {
            assert!(text_width(text, 1.0, false) >= regular, "{text}");
            assert!(text_width(text, 1.0, true) >= bold, "{text}");
            // Conservative, not absurd: within a quarter of the real width.
            assert!(text_width(text, 1.0, false) <= regular * 1.25, "{text}");
        }
    }

    #[test]
    fn fit_shows_the_whole_plan_and_pins_the_centre() {
        let e = demo();
        let stage = phone(e.plan.as_ref().unwrap());
        let fit = View::fit(&stage);
        let vb = fit.view_box(&stage);
        assert!(
            vb.x <= 0.0 && vb.y <= 0.0 && vb.x + vb.w >= 60.0 && vb.y + vb.h >= 40.0,
            "{vb:?}"
        );
        // At the whole-plan zoom, panning does nothing: the plan cannot slide away.
        assert_eq!(fit.panned(&stage, 100.0, -50.0), fit);
        // Zooming out beyond the whole plan is refused.
        assert_eq!(fit.zoomed_at(&stage, 0.5, Point { x: 10.0, y: 10.0 }), fit);
    }

    #[test]
    fn zoom_is_clamped_and_keeps_the_point_under_the_anchor() {
        let e = demo();
        let stage = desktop(e.plan.as_ref().unwrap());
        let anchor = Point { x: 300.0, y: 200.0 };
        let start = View::fit(&stage);
        let before = start.to_plan(&stage, anchor);
        let zoomed = start.zoomed_at(&stage, 2.0, anchor);
        assert!(close(zoomed.zoom, 2.0));
        let after = zoomed.to_plan(&stage, anchor);
        assert!(
            close(before.x, after.x) && close(before.y, after.y),
            "{before:?} {after:?}"
        );
        let far = zoomed.zoomed_at(&stage, 100.0, anchor);
        assert!(close(far.zoom, MAX_ZOOM));
        let back = far.zoomed_at(&stage, 0.0001, anchor);
        assert!(close(back.zoom, 1.0));
        assert_eq!(back.centre, View::fit(&stage).centre);
        // Nonsense never escapes the bounds.
        let nan = View {
            centre: Point { x: f64::NAN, y: 5.0 },
            zoom: f64::INFINITY,
        }
        .clamped(&stage);
        assert!(nan.zoom == 1.0 && nan.centre.x.is_finite());
    }

    #[test]
    fn panning_when_zoomed_moves_the_plan_with_the_finger_within_bounds() {
        let e = demo();
        let stage = phone(e.plan.as_ref().unwrap());
        let zoomed = View::fit(&stage).zoomed_at(&stage, 3.0, Point { x: 195.0, y: 146.0 });
        let p = Point { x: 30.0, y: 20.0 };
        let before = zoomed.to_screen(&stage, p);
        let moved = zoomed.panned(&stage, 40.0, -25.0);
        let after = moved.to_screen(&stage, p);
        assert!(close(after.x - before.x, 40.0) && close(after.y - before.y, -25.0));
        // A huge drag stops at the plan's edge.
        let far = zoomed.panned(&stage, 1e6, 1e6);
        let vb = far.view_box(&stage);
        assert!(vb.x > -vb.w / 2.0 && vb.y > -vb.h / 2.0, "{vb:?}");
        assert!(far.centre.x >= 0.0 && far.centre.y >= 0.0);
    }

    #[test]
    fn centring_on_a_stand_brings_it_to_the_middle_even_at_the_edge() {
        let e = demo();
        let plan = e.plan.as_ref().unwrap();
        for stage in [phone(plan), desktop(plan)] {
            for ps in &plan.stands {
                let view = View::centred_on(&stage, ps.rect, STAND_FILL);
                assert!(view.is_zoomed_in());
                let c = view.to_screen(&stage, ps.rect.center());
                assert!(
                    (c.x - stage.viewport.width / 2.0).abs() < 1.0 && (c.y - stage.viewport.height / 2.0).abs() < 1.0,
                    "stand {} dessiné en {c:?}",
                    ps.number
                );
                // The stand is big enough to read its name.
                let s = view.scale(&stage);
                assert!(
                    ps.rect.w * s >= stage.viewport.width * STAND_FILL * 0.99
                        || ps.rect.h * s >= stage.viewport.height * STAND_FILL * 0.99
                );
            }
        }
    }

    #[test]
    fn centring_on_a_room_shows_all_of_it() {
        let e = demo();
        let plan = e.plan.as_ref().unwrap();
        let stage = phone(plan);
        for room in &plan.rooms {
            let view = View::centred_on(&stage, room.rect, ROOM_FILL);
            assert!(contains(&view.view_box(&stage), &room.rect), "{}", room.place);
        }
    }

    #[test]
    fn a_pinch_zooms_by_the_finger_distance_around_the_fingers() {
        let e = demo();
        let stage = desktop(e.plan.as_ref().unwrap());
        let start = View::fit(&stage).zoomed_at(&stage, 1.5, Point { x: 450.0, y: 280.0 });
        let from = [Point { x: 400.0, y: 300.0 }, Point { x: 500.0, y: 300.0 }];
        let to = [Point { x: 370.0, y: 320.0 }, Point { x: 570.0, y: 320.0 }];
        let under = start.to_plan(&stage, Point { x: 450.0, y: 300.0 });
        let pinched = start.pinched(&stage, from, to);
        assert!(close(pinched.zoom, 3.0), "{}", pinched.zoom);
        let now = pinched.to_screen(&stage, under);
        assert!(close(now.x, 470.0) && close(now.y, 320.0), "{now:?}");
        // Fingers on the same spot do not divide by zero.
        let same = [Point { x: 10.0, y: 10.0 }; 2];
        assert!(start.pinched(&stage, same, to).zoom.is_finite());
        // Pinching in below the whole plan stops at the whole plan.
        let shut = start.pinched(&stage, to, from);
        let shut = shut.pinched(&stage, to, from);
        assert!(close(shut.zoom, 1.0));
    }

    #[test]
    fn revealing_moves_only_as_much_as_needed() {
        let e = demo();
        let plan = e.plan.as_ref().unwrap();
        let stage = phone(plan);
        let first = &plan.stands[0];
        let view = View::centred_on(&stage, first.rect, STAND_FILL);
        assert_eq!(view.revealing(&stage, first.rect), view);
        let last = plan.stands.last().unwrap();
        let moved = view.revealing(&stage, last.rect);
        assert!(contains(&moved.view_box(&stage), &last.rect));
        assert!(close(moved.zoom, view.zoom));
    }

    #[test]
    fn the_stand_index_is_in_number_order_and_searches_without_accents() {
        let e = demo();
        let index = StandIndex::new(&e);
        let numbers: Vec<&str> = index.entries().iter().map(|s| s.number.as_deref().unwrap()).collect();
        assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
        let ids = |q: &str, theme: &str| {
            index
                .search(&Query::parse(q), theme)
                .map(|found| found.iter().map(|id| id.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(ids("", ""), None);
        assert_eq!(ids("RESTO", "").unwrap(), ["restos-du-coeur", "resto-troc"]);
        assert_eq!(ids("cœur", ""), ids("coeur", ""));
        assert_eq!(ids("", "Logement").unwrap(), ["le-temps-pour-toit", "toit-angevin"]);
        assert_eq!(ids("angevin", "Logement").unwrap(), ["toit-angevin"]);
        assert_eq!(ids("angevin", "Seniors").unwrap(), Vec::<String>::new());
        assert_eq!(index.themes().len(), 6);
        // A stand that is not on the plan comes last.
        let mut e = e;
        e.plan.as_mut().unwrap().stands.remove(0);
        let last = StandIndex::new(&e).entries().last().unwrap().clone();
        assert_eq!((last.id.as_str(), last.number), ("petits-freres-des-pauvres", None));
    }

    #[test]
    fn label_zoom_steps_by_quarter_octaves_within_bounds() {
        assert!(close(label_zoom(1.0), 1.0));
        assert!(close(label_zoom(2.05), 2.0));
        assert!(close(label_zoom(0.2), 1.0));
        assert!(label_zoom(100.0) <= MAX_ZOOM);
    }
}
