//! How far things have come: periods, scores, statuses and grades, trends, and who owes a
//! check-in.

pub mod calibration;
pub mod due;
pub mod forecast;
pub mod pace;
pub mod period;
pub mod score;
pub mod status;
pub mod trend;
