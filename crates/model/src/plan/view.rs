//! Where the viewport looks on the plan: the whole plan fitted, a zoom around a point, a
//! pan, a pinch, a stand or a room brought to the middle; always clamped so the plan never
//! leaves the screen.

use super::{Stage, MAX_ZOOM, PAD_PX};
use crate::edition::{Point, Rect};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{test_stages::*, *};

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
}
