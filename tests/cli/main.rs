//! Integration tests: the real binary in a temporary directory, today fixed, colour off.

mod harness;

mod add;
mod authoring;
mod check;
mod checkin;
mod companions;
mod conflicts;
mod edit;
mod fields;
mod forecast;
mod fuzz;
mod git;
mod help;
mod hostile;
mod import;
mod init;
mod lifecycle;
mod numbers;
mod output;
mod progress;
mod quarter;
mod readme;
mod report;
mod saving;
mod scripting;
mod settings;
mod teams;
mod undo;
mod views;
