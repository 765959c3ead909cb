//! The `newsdex` command line: parses arguments and hands each subcommand to
//! `newsdex::commands`. Errors are reported once, here, with their context.

use clap::Parser;

fn main() {
    let cli = newsdex::commands::Cli::parse();
    match newsdex::commands::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("newsdex: {e:#}");
            std::process::exit(newsdex::commands::exit_code(&e));
        }
    }
}
