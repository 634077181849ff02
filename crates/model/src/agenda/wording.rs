//! The agenda's words in French: counts, the note on dropped bookmarks, and the no-break
//! spaces French typography wants.

/// "1 séance", "3 séances".
pub fn sessions_count(n: usize) -> String {
    match n {
        1 => "1 séance".to_owned(),
        n => format!("{n} séances"),
    }
}

/// The note shown when stored bookmarks had to be dropped.
pub fn dropped_note(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some("1 séance enregistrée n'existe plus et a été retirée.".to_owned()),
        n => Some(format!("{n} séances enregistrées n'existent plus et ont été retirées.")),
    }
}

/// French spacing for display: no line break inside « guillemets », before « : ? ! ; »,
/// or inside a time or a duration ("14 h 30", "45 min"). Spaces become no-break spaces.
pub fn typeset(text: &str) -> String {
    const NBSP: char = '\u{a0}';
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let word_at = |i: usize, w: &str| {
        w.chars().enumerate().all(|(k, c)| at(i + k) == Some(c))
            && at(i + w.chars().count()).is_none_or(|c| !c.is_alphabetic())
    };
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let prev = i.checked_sub(1).and_then(at);
        let next = at(i + 1);
        let digit_before = |k: usize| i.checked_sub(k).and_then(at).is_some_and(|c| c.is_ascii_digit());
        let glue = prev == Some('«')
            || matches!(next, Some('»' | ':' | '?' | '!' | ';'))
            || (prev.is_some_and(|p| p.is_ascii_digit()) && (word_at(i + 1, "h") || word_at(i + 1, "min")))
            || (prev == Some('h')
                && i.checked_sub(2).and_then(at) == Some(' ')
                && digit_before(3)
                && next.is_some_and(|n| n.is_ascii_digit()));
        out.push(if glue { NBSP } else { ' ' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_spacing_keeps_guillemets_and_times_together() {
        assert_eq!(
            typeset("chevauche « Débat : vous ? » de 14 h 15 à 15 h, 45 min, 2 h 05 heures"),
            "chevauche «\u{a0}Débat\u{a0}: vous\u{a0}?\u{a0}» de 14\u{a0}h\u{a0}15 à 15\u{a0}h, 45\u{a0}min, \
             2\u{a0}h\u{a0}05 heures"
        );
        // Words that merely start like a unit are left alone.
        assert_eq!(typeset("2 heures, 3 minutes"), "2 heures, 3 minutes");
    }
}
