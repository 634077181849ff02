use super::*;
use crate::plan::test_stages::*;

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
                    let r = leg_box(leg[0], leg[1]);
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

/// [`truncate`] as first written, one pass per head tried: slow, plainly right.
fn truncate_reference(text: &str, px: f64, bold: bool, max_px: f64) -> Option<String> {
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

#[test]
fn truncate_answers_as_the_plain_version_did() {
    let names = [
        "Petits frères des pauvres",
        "Solidar'Auto",
        "CCAS d'Angers – accueil",
        "Les Restos du cœur",
        "Le Temps pour toit !!!",
        "Solidarité!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "a ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! bcdef",
        "  Hall   –  Village des   solidarités  ",
        "Z\u{351}\u{352}a\u{357}l\u{35a}g\u{35d}o\u{360} Zalgo",
        "👩‍👩‍👧‍👦 🇫🇷 ❤️ 🎉 Famille",
        "UNA",
        "",
    ];
    for name in names {
        for bold in [false, true] {
            for max_px in [8.0, 10.0, 30.0, 56.0, 60.0, 90.0, 140.0] {
                assert_eq!(
                    truncate(name, 12.0, bold, max_px),
                    truncate_reference(name, 12.0, bold, max_px),
                    "{name:?} en {max_px} px"
                );
            }
        }
    }
}

#[test]
fn a_name_of_ten_thousand_letters_is_cut_like_a_short_one() {
    let long = "Été ".repeat(2560);
    assert_eq!(truncate(&long, 12.0, false, 60.0).as_deref(), Some("Été Ét…"));
    assert_eq!(
        truncate(&"a".repeat(10_240), 12.0, false, 60.0).as_deref(),
        Some("aaaaaa…")
    );
    assert_eq!(truncate(&"!".repeat(10_240), 12.0, false, 60.0), None);
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
fn label_zoom_steps_by_quarter_octaves_within_bounds() {
    assert!(close(label_zoom(1.0), 1.0));
    assert!(close(label_zoom(2.05), 2.0));
    assert!(close(label_zoom(0.2), 1.0));
    assert!(label_zoom(100.0) <= MAX_ZOOM);
}
