//! `newsdex serve`: the HTTP API and the web page.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use super::IndexDir;
use crate::query::{COUNTS_CACHE_ENTRIES, Engine};
use crate::serve::{
    DEFAULT_ADDR, DEFAULT_HEADER_TIMEOUT_SECS, DEFAULT_MAX_CONNECTIONS, DEFAULT_TIMEOUT_SECS,
    ServeOptions, run as serve_run, shutdown_signal,
};

/// Arguments of `newsdex serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The index directory.
    #[command(flatten)]
    pub index: IndexDir,
    /// Address to listen on. Loopback by default: the API has no authentication, so exposing
    /// it is a decision to make explicitly (e.g. `--addr 0.0.0.0:7700`).
    #[arg(long, default_value = DEFAULT_ADDR, value_name = "HOST:PORT")]
    pub addr: String,
    /// Seconds a request may take before it is answered 503.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_SECS, value_name = "SECS")]
    pub timeout: f64,
    /// Searches run at once [default: the number of cores].
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Open connections at most.
    #[arg(long, default_value_t = DEFAULT_MAX_CONNECTIONS, value_name = "N")]
    pub max_connections: usize,
    /// Requests whose totals and facets are remembered until the next commit (0: none).
    #[arg(long, default_value_t = COUNTS_CACHE_ENTRIES, value_name = "N")]
    pub counts_cache: usize,
    /// Do not log one line per request.
    #[arg(long)]
    pub quiet: bool,
    /// Seconds a client may take to send a request's headers (slow clients are cut off).
    /// Hidden: 10 s suits everyone; the slow-client tests shorten it instead of waiting.
    #[arg(long, default_value_t = DEFAULT_HEADER_TIMEOUT_SECS, value_name = "SECS", hide = true)]
    pub header_timeout: f64,
}

/// Runs `newsdex serve` until Ctrl-C or SIGTERM.
pub fn run(args: &ServeArgs) -> anyhow::Result<i32> {
    let dir = args.index.path();
    let engine = Arc::new(Engine::open(&dir)?);
    engine.set_counts_cache(args.counts_cache);
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        anyhow::bail!("--timeout must be a positive number of seconds");
    }
    if !(args.header_timeout.is_finite() && args.header_timeout > 0.0) {
        anyhow::bail!("--header-timeout must be a positive number of seconds");
    }
    let mut opts = ServeOptions {
        timeout: Duration::from_secs_f64(args.timeout),
        header_timeout: Duration::from_secs_f64(args.header_timeout),
        max_connections: args.max_connections,
        log: !args.quiet,
        ..Default::default()
    };
    if let Some(n) = args.concurrency {
        opts.concurrency = n.max(1);
    }
    // Build what the first requests need (the name tables of filters and autocomplete, the
    // facet ordinals) now, so the first visitor does not wait for them.
    engine.warm()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(opts.concurrency.clamp(1, 4))
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr()?;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "newsdex: serving {} ({} articles) at http://{local}/",
            dir.display(),
            engine.searcher().num_docs()
        )?;
        out.flush()?;
        drop(out);
        serve_run(listener, engine, opts, shutdown_signal()).await?;
        eprintln!("newsdex: stopped");
        anyhow::Ok(())
    })?;
    Ok(0)
}
