//! The bench's tables, printed aligned in the terminal and written as Markdown for the README.

/// One table: a title, a header row, rows of cells, and notes printed under it.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
    /// Columns of text, aligned to the left like the first one; the others hold numbers.
    pub text_columns: Vec<usize>,
}

impl Table {
    pub fn new(title: impl Into<String>, header: &[&str]) -> Self {
        Self {
            title: title.into(),
            header: header.iter().map(|h| h.to_string()).collect(),
            ..Self::default()
        }
    }

    /// Marks column `i` as text (left-aligned).
    pub fn text_column(mut self, i: usize) -> Self {
        self.text_columns.push(i);
        self
    }

    fn is_text(&self, i: usize) -> bool {
        i == 0 || self.text_columns.contains(&i)
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if i >= widths.len() {
                    widths.push(0);
                }
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        widths
    }

    /// Aligned for a terminal: text columns to the left, numbers to the right.
    pub fn text(&self) -> String {
        let widths = self.widths();
        let line = |cells: &[String]| {
            let mut out = String::from(" ");
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = " ".repeat(width - cell.chars().count());
                out.push(' ');
                if self.is_text(i) {
                    out.push_str(cell);
                    out.push_str(&pad);
                } else {
                    out.push_str(&pad);
                    out.push_str(cell);
                }
                out.push(' ');
            }
            out.trim_end().to_owned() + "\n"
        };
        let mut out = format!("{}\n", self.title);
        out.push_str(&line(&self.header));
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        out.push_str(&line(&rule));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        for note in &self.notes {
            out.push_str(&format!("  {note}\n"));
        }
        out
    }

    /// GitHub Markdown, numbers right-aligned.
    pub fn markdown(&self) -> String {
        let escape = |c: &str| c.replace('|', "\\|");
        let line = |cells: &[String]| {
            format!(
                "| {} |\n",
                cells.iter().map(|c| escape(c)).collect::<Vec<_>>().join(" | ")
            )
        };
        let mut out = format!("**{}**\n\n", self.title);
        out.push_str(&line(&self.header));
        let align: Vec<String> = (0..self.header.len())
            .map(|i| {
                if self.is_text(i) {
                    "---".to_owned()
                } else {
                    "---:".to_owned()
                }
            })
            .collect();
        out.push_str(&format!("|{}|\n", align.join("|")));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for note in &self.notes {
                out.push_str(&format!("{note}  \n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new("Taille", &["fichier", "brotli"]);
        t.row(vec!["index.html".into(), "1 200".into()]);
        t.row(vec!["app.wasm".into(), "98 765".into()]);
        t.note("médiane de 3 | bruit");
        t
    }

    #[test]
    fn text_aligns_names_left_and_numbers_right() {
        assert_eq!(
            sample().text(),
            "Taille\n  fichier     brotli\n  ----------  ------\n  index.html   1 200\n  app.wasm    98 765\n  médiane de 3 | bruit\n"
        );
    }

    #[test]
    fn text_columns_align_left() {
        let mut t = Table::new("t", &["a", "n", "détail"]).text_column(2);
        t.row(vec!["x".into(), "10".into(), "long texte".into()]);
        t.row(vec!["y".into(), "2".into(), "court".into()]);
        assert_eq!(
            t.text(),
            "t\n  a   n  détail\n  -  --  ----------\n  x  10  long texte\n  y   2  court\n"
        );
        assert!(t.markdown().contains("|---|---:|---|"));
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let mut t = Table::new("t", &["é", "n"]);
        t.row(vec!["éé".into(), "1".into()]);
        assert_eq!(t.text(), "t\n  é   n\n  --  -\n  éé  1\n");
    }

    #[test]
    fn markdown_escapes_pipes_and_aligns_numbers() {
        assert_eq!(
            sample().markdown(),
            "**Taille**\n\n| fichier | brotli |\n|---|---:|\n| index.html | 1 200 |\n| app.wasm | 98 765 |\n\nmédiane de 3 | bruit  \n"
        );
    }
}
