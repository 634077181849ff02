//! Where the labels go: for one scale, which text each stand and room shows (number, name
//! wrapped or shortened) and where, so that no two label boxes overlap and none covers the
//! step-free route or an icon, at any zoom.

use super::{Size, ASCENT, ICON_PX, LINE, MAX_ZOOM, MIN_PX, NAME_PX, NUMBER_PX, PAD_PX, ROUTE_PX};
use crate::edition::{Edition, FeatureKind, Point, Rect};

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
    let em: f64 = text.chars().map(|c| char_em(c, bold)).sum();
    em * px
}

/// The width of `c` in ems, as [`text_width`] counts it.
fn char_em(c: char, bold: bool) -> f64 {
    let (regular, heavy) = match c {
        'i' | 'j' | 'l' | 'I' | 'J' | '\'' | '’' | '.' | ',' | ':' | ';' | '!' | '|' | ' ' | 'ì' | 'í' | 'î' | 'ï' => {
            (0.34, 0.40)
        }
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
}

/// The box a straight leg of a route from `a` to `b` spans.
fn leg_box(a: Point, b: Point) -> Rect {
    Rect {
        x: a.x.min(b.x),
        y: a.y.min(b.y),
        w: (a.x - b.x).abs(),
        h: (a.y - b.y).abs(),
    }
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
/// ("Solidar…"); `None` below that (a stump tells nobody anything). Each head tried is
/// read off `Heads`, so a name of ten thousand letters costs one pass, not one per head.
fn truncate(text: &str, px: f64, bold: bool, max_px: f64) -> Option<String> {
    let heads = Heads::new(text, bold);
    if heads.em[text.len()] * px <= max_px {
        return Some(text.to_owned());
    }
    let ellipsis = char_em('…', bold);
    let fits = |heads: &Heads, end: usize| (heads.em[end] + ellipsis) * px <= max_px;
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    let word_heads = Heads::new(&joined, bold);
    let mut word_end = 0;
    let ends: Vec<usize> = words
        .iter()
        .map(|w| {
            word_end += w.len() + usize::from(word_end > 0);
            word_end
        })
        .collect();
    for &end in ends[..words.len().saturating_sub(1)].iter().rev() {
        let head = word_heads.trimmed[end];
        if word_heads.letters[head] < 4 {
            break;
        }
        if fits(&word_heads, head) {
            return Some(format!("{}…", &joined[..head]));
        }
    }
    let ends = text.char_indices().rev().map(|(i, _)| i).filter(|&i| i > 0);
    for end in ends {
        let head = heads.trimmed[end];
        if heads.letters[head] < 5 {
            return None;
        }
        if fits(&heads, head) {
            return Some(format!("{}…", &text[..head]));
        }
    }
    None
}

/// For every prefix of a text, by its length in bytes: its width in ems, how many letters
/// or digits it holds, and where it ends once what follows its last letter or digit is
/// dropped. Only lengths on a character boundary are meaningful.
struct Heads {
    em: Vec<f64>,
    letters: Vec<usize>,
    trimmed: Vec<usize>,
}

impl Heads {
    fn new(text: &str, bold: bool) -> Self {
        let n = text.len() + 1;
        let mut heads = Self {
            em: vec![0.0; n],
            letters: vec![0; n],
            trimmed: vec![0; n],
        };
        let (mut em, mut letters, mut trimmed) = (0.0, 0, 0);
        for (i, c) in text.char_indices() {
            let next = i + c.len_utf8();
            em += char_em(c, bold);
            if c.is_alphanumeric() {
                letters += 1;
                trimmed = next;
            }
            heads.em[next] = em;
            heads.letters[next] = letters;
            heads.trimmed[next] = trimmed;
        }
        heads
    }
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
            taken.push(inset(&leg_box(leg[0], leg[1]), -ROUTE_PX / scale));
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

#[cfg(test)]
mod tests;
