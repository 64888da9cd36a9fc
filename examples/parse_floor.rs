//! The floor for benchmarks: read a file whole and parse it into a generic JSON value with
//! serde_json, as fast as any reader of that file can be.
//!
//! ```sh
//! cargo run --release --example parse_floor -- big.json
//! ```

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor FILE");
        std::process::exit(2);
    };
    let parsed = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| e.to_string())
        });
    match parsed {
        Ok(value) => println!("{}", value["objectives"].as_array().map_or(0, Vec::len)),
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    }
}
