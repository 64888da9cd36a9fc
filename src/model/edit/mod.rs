//! Changing the file: adding, checking in, editing and removing; importing rows; templates;
//! and the quarter's life cycle (closing and carrying periods).

pub mod add;
pub mod carry;
pub mod change;
pub mod checkin;
pub mod import;
pub mod lifecycle;
pub mod templates;
