//! Listings that fit the terminal: one line per row, no line wider than the width, long text
//! shortened with `…` (never inside a character people see as one), and the columns that
//! matter most (ids, numbers, score, status) never dropped.
//!
//! When a listing is too wide, columns give way in the order the listing lists: a text
//! column is shortened to a floor, then a less important column is hidden, and so on. With
//! no width (`--wide`, or output to a pipe without `COLUMNS`) everything is shown.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A column of a listing.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header, upper case.
    pub header: &'static str,
    /// A shorter header for when the column is narrower than `header`.
    pub short: &'static str,
    /// Numbers line up on the right.
    pub right: bool,
}

impl Column {
    /// A column of text.
    pub const fn text(header: &'static str) -> Column {
        Column {
            header,
            short: header,
            right: false,
        }
    }

    /// A column of numbers, lined up on the right.
    pub const fn number(header: &'static str) -> Column {
        Column {
            header,
            short: header,
            right: true,
        }
    }

    /// The same column with a shorter header for narrow screens.
    pub const fn or(self, short: &'static str) -> Column {
        Column { short, ..self }
    }
}

/// One way a listing gives room, in the order they are tried.
#[derive(Debug, Clone, Copy)]
pub enum GiveWay {
    /// Shorten the text of a column to at most this many columns of the screen.
    Shorten(usize, usize),
    /// Leave a column out.
    Hide(usize),
}

/// The width text takes on a terminal; colour codes (`ESC [ ... m`) take none.
pub fn width(text: &str) -> usize {
    if !text.contains('\u{1b}') {
        return UnicodeWidthStr::width(text);
    }
    let mut visible = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        visible.push_str(&rest[..at]);
        rest = &rest[at..];
        match rest.find('m') {
            Some(end) => rest = &rest[end + 1..],
            None => rest = "",
        }
    }
    visible.push_str(rest);
    UnicodeWidthStr::width(visible.as_str())
}

/// `text` cut to at most `max` columns of the screen, ending in `…` when cut, and never in
/// the middle of a grapheme (an emoji with its modifiers, a letter with its accents).
pub fn shorten(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = width(grapheme);
        if used + w + 1 > max {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    let out = out.trim_end().to_string();
    format!("{out}…")
}

/// `text` wrapped at spaces to `width` columns, each line after the first indented by
/// `indent` (which counts in the width); a word longer than the width stays whole on its
/// own line: okr never breaks a word. Line breaks in the text are kept.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let options = textwrap::Options::new(width.max(self::width(indent) + 1))
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = String::new();
    for (i, paragraph) in text.split('\n').enumerate() {
        let lead = if i == 0 { "" } else { indent };
        let options = options
            .clone()
            .initial_indent(lead)
            .subsequent_indent(indent);
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&textwrap::fill(paragraph, options));
    }
    out
}

/// Renders `rows` under `columns`, two spaces apart, no trailing blanks; within `limit`
/// columns of the screen when given, giving way as `order` says.
pub fn render(
    columns: &[Column],
    rows: &[Vec<String>],
    limit: Option<usize>,
    order: &[GiveWay],
) -> String {
    let n = columns.len();
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| width(&r[i]))
                .chain(std::iter::once(width(columns[i].header)))
                .max()
                .unwrap_or(0)
                // Megabytes of text in a hand-edited file: nobody reads such a cell.
                .min(super::MAX_CELL)
        })
        .collect();
    let mut widths = natural.clone();
    let mut shown = vec![true; n];
    let total = |widths: &[usize], shown: &[bool]| {
        let visible: Vec<usize> = (0..n).filter(|&i| shown[i]).map(|i| widths[i]).collect();
        visible.iter().sum::<usize>() + 2 * visible.len().saturating_sub(1)
    };
    // A step may name a column this listing left out (a column shown only sometimes).
    let order: Vec<GiveWay> = order
        .iter()
        .copied()
        .filter(|step| match *step {
            GiveWay::Shorten(i, _) | GiveWay::Hide(i) => i < n,
        })
        .collect();
    let order = order.as_slice();
    if let Some(limit) = limit {
        for step in order {
            let over = total(&widths, &shown).saturating_sub(limit);
            if over == 0 {
                break;
            }
            match *step {
                GiveWay::Shorten(i, floor) => {
                    let floor = floor.max(width(columns[i].short));
                    widths[i] = widths[i].saturating_sub(over).max(floor).min(natural[i]);
                }
                GiveWay::Hide(i) => shown[i] = false,
            }
        }
        // A column hidden later may have made more room than the shortening needed: give
        // it back, to the columns shortened last first (they were cut the most).
        for step in order.iter().rev() {
            if let GiveWay::Shorten(i, _) = *step
                && shown[i]
            {
                let room = limit.saturating_sub(total(&widths, &shown));
                widths[i] = (widths[i] + room).min(natural[i]);
            }
        }
    }
    let mut out = String::new();
    let header: Vec<String> = columns
        .iter()
        .zip(&widths)
        .map(|(c, &w)| {
            if width(c.header) <= w {
                c.header.to_string()
            } else {
                c.short.to_string()
            }
        })
        .collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for i in (0..n).filter(|&i| shown[i]) {
            let text = shorten(&row[i], widths[i]);
            let pad = widths[i].saturating_sub(width(&text));
            if !line.is_empty() {
                line.push_str("  ");
            }
            if columns[i].right {
                line.push_str(&" ".repeat(pad));
                line.push_str(&text);
            } else {
                line.push_str(&text);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_shortened_between_graphemes() {
        assert_eq!(shorten("Become the coffee brand", 10), "Become th…");
        assert_eq!(shorten("short", 10), "short");
        // A family emoji is one grapheme of several characters: never split.
        let family = "Team 👨‍👩‍👧 goals";
        let cut = shorten(family, 7);
        assert!(cut == "Team…" || cut == "Team 👨‍👩‍👧…", "{cut}");
        assert!(width(&cut) <= 7);
        assert_eq!(shorten("Café crème", 5), "Café…");
    }

    #[test]
    fn text_wraps_between_words_only() {
        let text = "Reach baristas through guides nobody else writes";
        let wrapped = wrap(text, 20, "  ");
        assert_eq!(
            wrapped,
            "Reach baristas\n  through guides\n  nobody else writes"
        );
        // A word wider than the line stays whole.
        assert_eq!(
            wrap("see https://example.com/a/very/long/path now", 12, ""),
            "see\nhttps://example.com/a/very/long/path\nnow"
        );
        // Line breaks of the text are kept, and indented like the rest.
        assert_eq!(wrap("one\ntwo three", 8, "> "), "one\n> two\n> three");
    }

    #[test]
    fn columns_give_way_in_order() {
        let columns = [
            Column::text("ID"),
            Column::text("TITLE"),
            Column::text("NOTE"),
            Column::number("SCORE"),
        ];
        let rows = vec![vec![
            "o1".to_string(),
            "A rather long objective title".to_string(),
            "some note".to_string(),
            "40%".to_string(),
        ]];
        let order = [
            GiveWay::Shorten(1, 10),
            GiveWay::Hide(2),
            GiveWay::Shorten(1, 5),
        ];
        let wide = render(&columns, &rows, None, &order);
        assert_eq!(
            wide.lines().nth(1),
            Some("o1  A rather long objective title  some note    40%")
        );
        let narrow = render(&columns, &rows, Some(30), &order);
        assert!(narrow.lines().all(|l| width(l) <= 30), "{narrow}");
        assert_eq!(
            narrow.lines().nth(1),
            Some("o1  A rather long obje…    40%")
        );
    }
}
