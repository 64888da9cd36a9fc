//! A spinner on a terminal for work that takes more than a second: importing, carrying, big
//! reports. Nothing at all when standard error is not a terminal (scripts, pipes, CI).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work may run before the spinner shows: quick commands never flash one.
const DELAY: Duration = Duration::from_secs(1);

/// A spinner that appears after [`DELAY`] and is cleared when dropped.
pub struct Busy {
    bar: Option<ProgressBar>,
}

impl Busy {
    /// Starts timing `message` (`importing rows.csv`).
    pub fn start(message: &str) -> Busy {
        if !std::io::stderr().is_terminal() {
            return Busy { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.to_string());
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Busy { bar: Some(bar) }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
