//! The `newsdex` command line: parses arguments and hands each subcommand to
//! `newsdex::commands`. Errors are reported once, here, with their context.

use clap::Parser;

fn main() {
    let cli = newsdex::commands::Cli::parse();
    match newsdex::commands::run(cli) {
        Ok(code) => std::process::exit(code),
        // A closed pipe (`newsdex stats | head -3`) is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            std::process::exit(0)
        }
        Err(e) => {
            eprintln!("newsdex: {e:#}");
            std::process::exit(newsdex::commands::exit_code(&e));
        }
    }
}
