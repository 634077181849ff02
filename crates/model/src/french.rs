//! Small French typography helpers shared by the app and the server.

/// "mardi 8 octobre" becomes "Mardi 8 octobre", for the start of a line.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// "Le week-end" becomes "le week-end", for the middle of a sentence.
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalizes_the_first_letter_only() {
        assert_eq!(capitalize("mardi 8 octobre"), "Mardi 8 octobre");
        assert_eq!(capitalize("été"), "Été");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn groups_thousands_the_french_way() {
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(1155), "1\u{202f}155");
        assert_eq!(group_thousands(1_351_000), "1\u{202f}351\u{202f}000");
    }
}
