//! Long answers one screen at a time: the REPL shows what fits the terminal, ending at a blank
//! line between two parts of the answer where one is near, and keeps the rest for `:plus` (or
//! Enter on an empty line).

/// The lines of an answer not shown yet.
#[derive(Debug, Default)]
pub struct Pager {
    rest: Vec<String>,
}

/// The fewest lines a screen shows, however small the terminal says it is.
const MIN_SCREEN: usize = 8;

impl Pager {
    /// Takes a new answer (wrapped lines) and gives its first screen of `height` lines at most;
    /// what does not fit waits for [`Pager::next`]. A new answer forgets the rest of the last.
    pub fn start(&mut self, lines: Vec<String>, height: usize) -> Vec<String> {
        self.rest = lines;
        self.next(height)
    }

    /// The next screen, empty when everything was shown.
    pub fn next(&mut self, height: usize) -> Vec<String> {
        let height = height.max(MIN_SCREEN);
        if self.rest.len() <= height {
            return std::mem::take(&mut self.rest);
        }
        // End the screen between two parts when a blank line lies in its lower half; a part
        // cut in the middle is harder to read on.
        let cut = (height / 2..height)
            .rev()
            .find(|&i| self.rest[i].trim().is_empty())
            .unwrap_or(height);
        let mut rest = self.rest.split_off(cut);
        let start = rest.iter().take_while(|l| l.trim().is_empty()).count();
        rest.drain(..start);
        std::mem::replace(&mut self.rest, rest)
    }

    /// How many lines are left to show.
    pub fn left(&self) -> usize {
        self.rest.len()
    }

    /// What to say under a screen that does not end the answer.
    pub fn footer(&self) -> Option<String> {
        match self.left() {
            0 => None,
            1 => Some("… encore 1 ligne : Entrée ou :plus pour la suite.".to_string()),
            n => Some(format!(
                "… encore {n} lignes : Entrée ou :plus pour la suite."
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("ligne {i}")).collect()
    }

    #[test]
    fn a_short_answer_is_shown_whole() {
        let mut pager = Pager::default();
        assert_eq!(pager.start(numbered(5), 20), numbered(5));
        assert_eq!(pager.left(), 0);
        assert_eq!(pager.footer(), None);
        assert!(pager.next(20).is_empty());
    }

    #[test]
    fn a_long_answer_comes_in_screens_and_nothing_is_lost() {
        let lines = numbered(45);
        let mut pager = Pager::default();
        let mut shown = pager.start(lines.clone(), 20);
        assert_eq!(shown.len(), 20);
        assert_eq!(
            pager.footer().as_deref(),
            Some("… encore 25 lignes : Entrée ou :plus pour la suite.")
        );
        while pager.left() > 0 {
            let screen = pager.next(20);
            assert!(!screen.is_empty() && screen.len() <= 20);
            shown.extend(screen);
        }
        assert_eq!(shown, lines);
    }

    #[test]
    fn a_screen_ends_between_two_parts() {
        let mut lines = numbered(14);
        lines.insert(12, String::new());
        lines.extend(numbered(10));
        let mut pager = Pager::default();
        let first = pager.start(lines, 15);
        assert_eq!(first.len(), 12, "{first:?}");
        assert_eq!(
            pager.next(15)[0],
            "ligne 13",
            "the blank line is not shown first"
        );
    }

    #[test]
    fn a_new_answer_forgets_the_rest_of_the_last() {
        let mut pager = Pager::default();
        pager.start(numbered(40), 10);
        assert_eq!(pager.start(numbered(3), 10).len(), 3);
        assert_eq!(pager.left(), 0);
    }
}
