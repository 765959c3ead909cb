-- wrk script for benches/load.sh: search requests with facets, rotating over a fixed mix of
-- query types (terms, AND, OR, phrases, prefixes, date ranges, person/place filters, and the
-- disjunctive facet requests the web page makes), so every request is a real search.
local paths = {
  "/api/search?q=oil&facets=10",
  "/api/search?q=coffee+prices&facets=10",
  "/api/search?q=war&facets=10",
  "/api/search?q=president&facets=10&sort=newest",
  "/api/search?q=%22federal+reserve%22&facets=10",
  "/api/search?q=bank+OR+banks&facets=10",
  "/api/search?q=trade+deficit&facets=10",
  "/api/search?q=germany&facets=10",
  "/api/search?q=election&facets=10&from=1916-01&to=1916-06",
  "/api/search?q=gold&facets=10&place=Brazil",
  "/api/search?q=oil&person=Reagan&facets=10&logic=any",
  "/api/search?q=police&facets=10",
  "/api/search?q=wheat+OR+corn&facets=10&place=United+States",
  "/api/search?q=strike*&facets=10",
  "/api/search?q=court&facets=10&offset=20",
  "/api/search?q=health+-insurance&facets=10",
  "/api/search?q=fire&facets=10&from=1916&to=1916",
  "/api/search?q=trump&facets=10",
  "/api/search?q=%22interest+rates%22&facets=10&sort=oldest",
  "/api/search?q=mexico&facets=10&logic=any&place=Mexico&place=Texas",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, errors, e.status))
end
