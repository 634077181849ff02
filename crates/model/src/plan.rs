//! The village plan seen on a screen: where the view looks (pan, zoom, pinch, centring on a
//! stand) and where the labels go so that none covers another, at any zoom.
//!
//! Units: the plan is in metres (origin top-left, as in [`Plan`]); screens are in CSS
//! pixels. A [`Stage`] is one plan in one viewport; a [`View`] says which part of the plan
//! the viewport shows. Labels keep the same size in pixels whatever the zoom, so what fits
//! in a stand depends on the zoom: [`place_labels`] decides, for one scale, which text each
//! label shows and where, and never lets two label boxes overlap. [`whereabouts`] says in
//! words where each facility and room is, for the lists of [`directory`] that stand for the
//! drawing.

use crate::edition::{Plan, Point};

pub mod directory;
pub mod edit;
pub mod gesture;
mod labels;
mod stands;
pub mod svg;
mod view;
pub mod whereabouts;

pub use labels::*;
pub use stands::{stand_heading, StandEntry, StandIndex};
pub use view::View;

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

#[cfg(test)]
pub(crate) mod test_stages {
    //! The 2013 plan in the viewports style/map.css gives it on a phone and on a desktop, and
    //! what the tests of the plan share.
    use super::*;
    use crate::edition::Edition;

    pub fn demo() -> Edition {
        let text = include_str!("../../../data/2013.json");
        Edition::from_json(text).expect("data/2013.json")
    }

    pub fn phone(plan: &Plan) -> Stage {
        Stage::new(
            plan,
            Size {
                width: 390.0,
                height: 292.5,
            },
        )
    }

    pub fn desktop(plan: &Plan) -> Stage {
        Stage::new(
            plan,
            Size {
                width: 900.0,
                height: 560.0,
            },
        )
    }

    pub fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// The facilities of `edition`'s plan as « label : where it is ».
    pub fn facility_lines(edition: &Edition) -> Vec<String> {
        super::directory::facilities(edition)
            .into_iter()
            .map(|f| format!("{} : {}", f.label, f.whereabouts))
            .collect()
    }
}
