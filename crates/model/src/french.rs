//! Small French typography helpers shared by the app and the server.

/// "mardi 8 octobre" becomes "Mardi 8 octobre", for the start of a line.
pub fn capitalize(text: &str) -> String {
    with_first(text, upper)
}

/// "Le week-end" becomes "le week-end", for the middle of a sentence.
pub fn lowercase_first(text: &str) -> String {
    with_first(text, lower)
}

/// `text` with its first character passed through `change`.
fn with_first(text: &str, change: fn(char) -> char) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| change(c).to_string() + chars.as_str())
        .unwrap_or_default()
}

/// "Stand 12" becomes "stand 12": every letter through [`lower`].
pub fn lowercase(text: &str) -> String {
    text.chars().map(lower).collect()
}

/// Capital letters whose small letter sits `delta` code points further: `(first, last, delta,
/// step)`; step 2 when capitals and small letters alternate (Ā ā Ă ă …), 1 for a block.
/// Latin, Greek and Cyrillic, checked against Unicode's tables in the tests. `char`'s own
/// `to_lowercase` would bring every script's tables into the wasm: 31 KB, 10 KB brotli.
const CASES: [(u32, u32, i32, u32); 23] = [
    (0x41, 0x5a, 32, 1),
    (0xc0, 0xd6, 32, 1),
    (0xd8, 0xde, 32, 1),
    (0x100, 0x12f, 1, 2),
    (0x132, 0x137, 1, 2),
    (0x139, 0x148, 1, 2),
    (0x14a, 0x177, 1, 2),
    (0x178, 0x178, -121, 1),
    (0x179, 0x17e, 1, 2),
    (0x386, 0x386, 38, 1),
    (0x388, 0x38a, 37, 1),
    (0x38c, 0x38c, 64, 1),
    (0x38e, 0x38f, 63, 1),
    (0x391, 0x3a1, 32, 1),
    (0x3a3, 0x3ab, 32, 1),
    (0x3d8, 0x3ef, 1, 2),
    (0x400, 0x40f, 80, 1),
    (0x410, 0x42f, 32, 1),
    (0x460, 0x481, 1, 2),
    (0x48a, 0x4bf, 1, 2),
    (0x4c0, 0x4c0, 15, 1),
    (0x4c1, 0x4ce, 1, 2),
    (0x4d0, 0x52f, 1, 2),
];

/// The small letter of a Latin, Greek or Cyrillic capital; any other character as it is.
/// "İ" becomes "i".
pub fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == 'İ' {
        return 'i';
    }
    let code = u32::from(c);
    CASES
        .iter()
        .find(|&&(first, last, _, step)| (first..=last).contains(&code) && (code - first) % step == 0)
        .and_then(|&(_, _, delta, _)| char::from_u32(code.wrapping_add_signed(delta)))
        .unwrap_or(c)
}

/// The capital of a small letter that [`lower`] knows; any other character as it is ("ß" stays:
/// it has no one-letter capital).
pub fn upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let code = u32::from(c);
    CASES
        .iter()
        .map(|&(first, last, delta, step)| (first, last, code.wrapping_add_signed(-delta), step))
        .find(|&(first, last, capital, step)| (first..=last).contains(&capital) && (capital - first) % step == 0)
        .and_then(|(_, _, capital, _)| char::from_u32(capital))
        .unwrap_or(c)
}

/// 1155 becomes "1 155": French groups thousands with a narrow no-break space.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// "0 erreur", "1 erreur", "3 erreurs": French puts zero and one in the singular.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// French spacing for display: no line break inside « guillemets », before « : ? ! ; »,
/// before the « % » of a number, or inside a time or a duration ("14 h 30", "45 min").
/// Those spaces become no-break spaces; the others stay. Text that is already typeset comes
/// out unchanged.
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
            || (prev.is_some_and(|p| p.is_ascii_digit())
                && (next == Some('%') || word_at(i + 1, "h") || word_at(i + 1, "min")))
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
    fn capitalizes_the_first_letter_only() {
        assert_eq!(capitalize("mardi 8 octobre"), "Mardi 8 octobre");
        assert_eq!(capitalize("été"), "Été");
        assert_eq!(capitalize(""), "");
        assert_eq!(capitalize("œuvre"), "Œuvre");
        assert_eq!(lowercase_first("Été"), "été");
        assert_eq!(lowercase("Cheminement SANS Marche"), "cheminement sans marche");
    }

    /// Every mapping agrees with Unicode's (Rust's `char` tables); every Latin, Greek and
    /// Cyrillic letter with a one-letter counterpart is mapped.
    #[test]
    fn cases_agree_with_unicode() {
        let single = |mut it: std::iter::Peekable<std::vec::IntoIter<char>>| {
            let c = it.next();
            it.peek().is_none().then_some(c).flatten()
        };
        let std_lower = |c: char| single(c.to_lowercase().collect::<Vec<_>>().into_iter().peekable());
        let std_upper = |c: char| single(c.to_uppercase().collect::<Vec<_>>().into_iter().peekable());
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if c != 'İ' && lower(c) != c {
                assert_eq!(Some(lower(c)), std_lower(c), "{c:?}");
            }
            if upper(c) != c {
                assert_eq!(Some(upper(c)), std_upper(c), "{c:?}");
            }
            let alphabet = matches!(u32::from(c), 0..=0x17f | 0x386..=0x3ce | 0x400..=0x52f);
            if let Some(small) = std_lower(c).filter(|&s| alphabet && s != c) {
                assert_eq!(lower(c), small, "{c:?}");
                assert_eq!(upper(small), c, "{small:?}");
            }
        }
        assert_eq!(lower('İ'), 'i');
        assert_eq!((upper('ß'), upper('1'), lower('中')), ('ß', '1', '中'));
    }

    #[test]
    fn groups_thousands_the_french_way() {
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(1155), "1\u{202f}155");
        assert_eq!(group_thousands(1_351_000), "1\u{202f}351\u{202f}000");
    }

    #[test]
    fn counts_take_the_singular_up_to_one() {
        assert_eq!(plural(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(plural(1, "lieu", "lieux"), "1 lieu");
        assert_eq!(plural(2, "lieu", "lieux"), "2 lieux");
    }

    #[test]
    fn french_spacing_keeps_guillemets_and_times_together() {
        assert_eq!(
            typeset("chevauche « Débat : vous ? » de 14 h 15 à 15 h, 45 min, 2 h 05 heures"),
            "chevauche «\u{a0}Débat\u{a0}: vous\u{a0}?\u{a0}» de 14\u{a0}h\u{a0}15 à 15\u{a0}h, 45\u{a0}min, \
             2\u{a0}h\u{a0}05 heures"
        );
        assert_eq!(
            typeset("33 % des réponses ; « oui » !"),
            "33\u{a0}% des réponses\u{a0}; «\u{a0}oui\u{a0}»\u{a0}!"
        );
        // Words that merely start like a unit are left alone.
        assert_eq!(typeset("2 heures, 3 minutes"), "2 heures, 3 minutes");
        // Typesetting twice changes nothing more.
        let once = typeset("« Débat : vous ? » à 14 h 15");
        assert_eq!(typeset(&once), once);
    }
}
