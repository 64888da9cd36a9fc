//! Integration tests: the real binary in a temporary directory, today fixed, colour off.

mod harness;

mod add;
mod authoring;
mod bad_input;
mod check;
mod checkin;
mod companions;
mod conflicts;
mod edit;
mod fields;
mod fuzz;
mod git;
mod hardening;
mod init;
mod lifecycle;
mod loopholes;
mod numbers;
mod progress;
mod readme;
mod reliability;
mod report;
mod scripting;
mod settings;
mod store;
mod teams;
mod undo;
mod views;
