//! The pointers on the plan and what they ask for: pointer events in, a new view (or a page
//! scroll) out. A tap stays a tap until the pointer moves beyond [`TAP_SLOP`]; one pointer
//! drags the plan, two pinch it; a finger dragging the whole plan scrolls the page instead,
//! so a phone user is never trapped on the plan.

use crate::edition::Point;

use super::{Stage, View};

/// A pointer move shorter than this (CSS pixels) is still a tap.
pub const TAP_SLOP: f64 = 8.0;

/// What is behind a pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerKind {
    Touch,
    Mouse,
    Pen,
}

impl PointerKind {
    /// From the DOM's `pointerType` ("touch", "mouse", "pen"; anything else counts as a pen).
    pub fn parse(kind: &str) -> Self {
        match kind {
            "touch" => Self::Touch,
            "mouse" => Self::Mouse,
            _ => Self::Pen,
        }
    }
}

/// What one pointer move asks of the page.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Step {
    /// The plan's new view.
    pub view: Option<View>,
    /// The gesture has just stopped being a tap: the viewport captures the pointer.
    pub capture: bool,
    /// Pixels the page scrolls down by (a finger dragging the whole plan).
    pub scroll: f64,
}

/// The pointers down on the plan and where the current gesture started.
#[derive(Debug, Clone, Default)]
pub struct Gesture {
    /// Pointer id, kind and position in viewport pixels.
    pointers: Vec<(i32, PointerKind, Point)>,
    /// Positions of the pointers when the current gesture (one or two of them) began.
    start: Vec<Point>,
    start_view: Option<View>,
    /// The pointers moved beyond a tap since the first one went down.
    moved: bool,
    /// Last vertical position of a one-finger drag that scrolls the page.
    last_y: f64,
}

impl Gesture {
    /// A pointer went down at `at` while the plan showed `view`.
    pub fn down(&mut self, id: i32, kind: PointerKind, at: Point, view: View) {
        if self.pointers.is_empty() {
            self.moved = false;
        }
        self.pointers.retain(|(p, _, _)| *p != id);
        self.pointers.push((id, kind, at));
        self.restart(view);
    }

    /// Pointer `id` moved to `at`.
    pub fn moved(&mut self, id: i32, at: Point, stage: &Stage) -> Step {
        let mut step = Step::default();
        let Some(entry) = self.pointers.iter_mut().find(|(p, _, _)| *p == id) else {
            return step;
        };
        entry.2 = at;
        let Some(start_view) = self.start_view else {
            return step;
        };
        if self.pointers.len() >= 2 && self.start.len() >= 2 {
            let now = [self.pointers[0].2, self.pointers[1].2];
            step.view = Some(start_view.pinched(stage, [self.start[0], self.start[1]], now));
            step.capture = !std::mem::replace(&mut self.moved, true);
        } else if self.pointers.len() == 1 && !self.start.is_empty() {
            let (dx, dy) = (at.x - self.start[0].x, at.y - self.start[0].y);
            if !self.moved && dx.hypot(dy) > TAP_SLOP {
                self.moved = true;
                step.capture = true;
            }
            if self.moved {
                if start_view.is_zoomed_in() || self.pointers[0].1 != PointerKind::Touch {
                    step.view = Some(start_view.panned(stage, dx, dy));
                } else {
                    step.scroll = self.last_y - at.y;
                    self.last_y = at.y;
                }
            }
        }
        step
    }

    /// Pointer `id` went up or was cancelled while the plan showed `view`: the pointers left
    /// start a new gesture from there, so lifting one finger of a pinch does not jump.
    pub fn up(&mut self, id: i32, view: View) {
        self.pointers.retain(|(p, _, _)| *p != id);
        self.restart(view);
    }

    /// Whether the pointers moved beyond a tap since the first one went down: the click
    /// that ends a drag or a pinch chooses nothing.
    pub fn dragged(&self) -> bool {
        self.moved
    }

    fn restart(&mut self, view: View) {
        self.start = self.pointers.iter().map(|(_, _, p)| *p).collect();
        self.start_view = Some(view);
        self.last_y = self.start.first().map(|p| p.y).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_stages::*;

    fn at(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn a_tap_moves_nothing_and_chooses() {
        let e = demo();
        let stage = phone(e.plan.as_ref().unwrap());
        let mut g = Gesture::default();
        g.down(1, PointerKind::Touch, at(100.0, 100.0), View::fit(&stage));
        let step = g.moved(1, at(104.0, 103.0), &stage);
        assert_eq!(step, Step::default());
        g.up(1, View::fit(&stage));
        assert!(!g.dragged());
    }

    #[test]
    fn a_mouse_drag_pans_the_plan_and_captures_once() {
        let e = demo();
        let stage = desktop(e.plan.as_ref().unwrap());
        let start = View::fit(&stage).zoomed_at(&stage, 3.0, at(450.0, 280.0));
        let mut g = Gesture::default();
        g.down(7, PointerKind::Mouse, at(300.0, 200.0), start);
        let first = g.moved(7, at(330.0, 180.0), &stage);
        assert!(first.capture);
        assert_eq!(first.view, Some(start.panned(&stage, 30.0, -20.0)));
        let second = g.moved(7, at(340.0, 180.0), &stage);
        assert!(!second.capture, "captured once");
        assert_eq!(second.view, Some(start.panned(&stage, 40.0, -20.0)));
        assert!(g.dragged(), "the click that ends it chooses nothing");
        // Even the whole plan pans under a mouse: no page to scroll with it.
        let mut g = Gesture::default();
        g.down(7, PointerKind::Mouse, at(300.0, 200.0), View::fit(&stage));
        assert!(g.moved(7, at(340.0, 200.0), &stage).view.is_some());
    }

    #[test]
    fn a_finger_on_the_whole_plan_scrolls_the_page_and_pans_once_zoomed() {
        let e = demo();
        let stage = phone(e.plan.as_ref().unwrap());
        let mut g = Gesture::default();
        g.down(1, PointerKind::Touch, at(100.0, 200.0), View::fit(&stage));
        let step = g.moved(1, at(100.0, 180.0), &stage);
        assert_eq!((step.view, step.capture, step.scroll), (None, true, 20.0));
        assert_eq!(
            g.moved(1, at(100.0, 170.0), &stage).scroll,
            10.0,
            "by the last move only"
        );
        let zoomed = View::fit(&stage).zoomed_at(&stage, 2.0, at(195.0, 146.0));
        let mut g = Gesture::default();
        g.down(1, PointerKind::Touch, at(100.0, 200.0), zoomed);
        let step = g.moved(1, at(100.0, 180.0), &stage);
        assert_eq!((step.view, step.scroll), (Some(zoomed.panned(&stage, 0.0, -20.0)), 0.0));
    }

    #[test]
    fn two_fingers_pinch_and_lifting_one_does_not_jump() {
        let e = demo();
        let stage = desktop(e.plan.as_ref().unwrap());
        let start = View::fit(&stage).zoomed_at(&stage, 1.5, at(450.0, 280.0));
        let mut g = Gesture::default();
        g.down(1, PointerKind::Touch, at(400.0, 300.0), start);
        g.down(2, PointerKind::Touch, at(500.0, 300.0), start);
        g.moved(1, at(370.0, 320.0), &stage);
        let step = g.moved(2, at(570.0, 320.0), &stage);
        let pinched = start.pinched(
            &stage,
            [at(400.0, 300.0), at(500.0, 300.0)],
            [at(370.0, 320.0), at(570.0, 320.0)],
        );
        assert_eq!(step.view, Some(pinched));
        assert!(close(pinched.zoom, 3.0));
        // One finger lifts: the other one goes on from the pinched view, from where it is.
        g.up(1, pinched);
        let step = g.moved(2, at(575.0, 320.0), &stage);
        assert_eq!(step.view, Some(pinched.panned(&stage, 5.0, 0.0)));
    }

    #[test]
    fn moves_of_unknown_pointers_are_ignored() {
        let e = demo();
        let stage = phone(e.plan.as_ref().unwrap());
        let mut g = Gesture::default();
        assert_eq!(g.moved(3, at(1.0, 1.0), &stage), Step::default());
        g.down(1, PointerKind::Pen, at(10.0, 10.0), View::fit(&stage));
        g.up(1, View::fit(&stage));
        assert_eq!(g.moved(1, at(90.0, 90.0), &stage), Step::default());
        assert_eq!(PointerKind::parse("touch"), PointerKind::Touch);
        assert_eq!(PointerKind::parse("mouse"), PointerKind::Mouse);
        assert_eq!(PointerKind::parse("stylet"), PointerKind::Pen);
    }
}
